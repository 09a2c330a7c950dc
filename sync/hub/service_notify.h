// Tells the service manager how the hub is doing (sd_notify's protocol, the unit's Type=notify):
// "READY=1" once the hub answers and /readyz would say 200, "STOPPING=1" when it begins to stop.
// systemd documents the protocol as stable (one datagram to the AF_UNIX socket named by
// $NOTIFY_SOCKET, "@" for the abstract namespace), so it is spoken here without libsystemd.
#pragma once

#include <string_view>

#include "base/error.h"

namespace sichtbar::hub {

// Sends `state` ("READY=1", "STOPPING=1", "STATUS=...") to $NOTIFY_SOCKET. Without the variable
// (the hub not run by systemd, or with Type=exec) there is nobody to tell: nothing is sent and
// that is no error.
Result<void> notify_service_manager(std::string_view state);

}  // namespace sichtbar::hub
