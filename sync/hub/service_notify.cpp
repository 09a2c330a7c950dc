// Service manager notifications; see service_notify.h.
#include "hub/service_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

namespace sichtbar::hub {

Result<void> notify_service_manager(std::string_view state) {
  const char* socket_path = std::getenv("NOTIFY_SOCKET");
  if (socket_path == nullptr || *socket_path == '\0') return {};
  const std::string path(socket_path);
  sockaddr_un to{};
  to.sun_family = AF_UNIX;
  if ((path[0] != '/' && path[0] != '@') || path.size() >= sizeof to.sun_path)
    return fail("notify.bad_socket",
                "NOTIFY_SOCKET is not a socket path the hub can use; the service manager is not "
                "told that the hub is ready.");
  std::memcpy(to.sun_path, path.data(), path.size());
  if (path[0] == '@') to.sun_path[0] = '\0';  // the abstract namespace
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const ssize_t sent = fd < 0 ? -1
                              : ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                                         reinterpret_cast<const sockaddr*>(&to), length);
  const int error = errno;
  if (fd >= 0) ::close(fd);
  if (sent != static_cast<ssize_t>(state.size()))
    return fail("notify.failed",
                std::string("Could not tell the service manager: ") + std::strerror(error) + ".");
  return {};
}

}  // namespace sichtbar::hub
