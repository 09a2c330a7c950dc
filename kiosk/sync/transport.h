// How the kiosk talks to the hub: one small interface, so tests can put a fault layer
// (duplicate, drop, truncate, delay) between the sync logic and the real HTTP client.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "base/error.h"

namespace sichtbar {

struct HttpReply {
  int status = 0;
  std::string body;
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<HttpReply> post(const std::string& path, const std::string& body,
                                 const std::map<std::string, std::string>& headers) = 0;
  // From another thread: ends the request in flight, and every later one, with a
  // "sync.cancelled" error (the kiosk is closing while a sync waits for a slow hub).
  virtual void cancel() {}
};

// HTTP or HTTPS (cpp-httplib with OpenSSL), by the URL's scheme. The hub's certificate is always
// verified: against ca_file when given (an office's own CA, or the hub's self-signed
// certificate), else against the system's CA store. ca_file defaults to $SICHTBAR_CA_FILE.
Result<std::unique_ptr<Transport>> http_transport(const std::string& hub_url,
                                                  std::string ca_file = {});

// The hub's {"error":{"code","message"}} reply as an Error, or a generic one for the status.
Error error_from_reply(const HttpReply& reply);

}  // namespace sichtbar
