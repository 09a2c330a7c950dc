// The hub's own small HTTP layer: what a handler sees (Request, Response), the routes with their
// patterns and body limits (Router), and the server underneath (Server, libmicrohttpd in
// mhd_server.cpp, the only file that includes microhttpd.h). Handlers never see the library.
//
// Hostile clients are met here, before any handler runs: the request head is capped in memory,
// every request has a deadline that a client dripping bytes cannot stretch, connections are
// capped in total and per address, a declared body over the route's limit is refused at once
// without being read, and stop() is bounded whatever the clients do.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace sichtbar::hub::http {

// Form fields or query parameters, decoded ('+' is a space), in the order sent.
using Params = std::multimap<std::string, std::string>;

struct Request {
  std::string method;  // "GET", "POST"; a HEAD is routed as "GET"
  std::string path;    // percent-decoded, without the query
  std::string route;   // the pattern that matched ("/p/{token}"), or "(other)"
  // The client's address ("127.0.0.1", "::1"): the TCP peer's, or, when the peer is the
  // configured trusted proxy (Limits::trusted_proxy), the one its X-Forwarded-For (last hop) or
  // X-Real-IP names. Every per-address count of the hub's own keys on this.
  std::string remote_addr;
  std::string peer_addr;                                     // the TCP peer's address, always
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
  Params params;                                             // the decoded query
  std::vector<std::string> matches;  // [0] the path, then one per {variable} of the route
  std::string body;

  // The first header of that name (case-insensitive), "" if none.
  std::string get_header_value(std::string_view name) const;
  std::size_t get_header_value_count(std::string_view name) const;
  // The first query parameter of that name, "" if none.
  std::string get_param_value(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type;

  void set_content(std::string content, std::string_view type) {
    body = std::move(content);
    content_type = std::string(type);
  }
  // Replaces a header of that name (case-insensitive), or adds it.
  void set_header(std::string name, std::string value);
};

using Handler = std::function<void(const Request&, Response&)>;
// Looks at a request's head (no body yet): false with the answer written refuses it there.
using HeadCheck = std::function<bool(const Request&, Response&)>;

// "a=1&b=x+y%21" → {a: 1, b: "x y!"}.
Params parse_urlencoded(std::string_view text);
// %xx decoded; '+' becomes a space only when plus_is_space (queries and forms, not paths).
std::string percent_decode(std::string_view text, bool plus_is_space);

// Body limits by kind of route. A declared Content-Length above the route's limit is answered
// 413 before a byte of the body is read; a body without a length is cut off at the limit.
inline constexpr std::size_t kFormBodyLimit = 64 * 1024;  // the pages' and office's forms
inline constexpr std::size_t kNoBody = 0;                 // GET
// A longer path matches no route (404) without being matched against the patterns.
inline constexpr std::size_t kMaxRoutePath = 1024;

struct Route {
  std::string method;   // "GET" or "POST"
  std::string pattern;  // "/p/{token}/erase": what the log says
  std::regex regex;     // the pattern with each {variable} replaced by its expression
  Handler handler;
  std::size_t max_body = kNoBody;
  HeadCheck before_body;  // optional
};

class Router {
 public:
  // What a {name} in a pattern may match, e.g. define("token", "[A-Za-z0-9_-]{1,64}"). Every
  // variable is defined before a pattern uses it.
  void define(std::string name, std::string expression);
  void get(std::string pattern, Handler handler);
  void post(std::string pattern, Handler handler, std::size_t max_body = kFormBodyLimit,
            HeadCheck before_body = {});
  // Runs after every handler (and for every refusal the server writes), e.g. common headers.
  void after(std::function<void(const Request&, Response&)> hook) { after_ = std::move(hook); }

  // The route for the method and path (HEAD as GET), with matches filled; nullptr if none.
  const Route* match(std::string_view method, const std::string& path,
                     std::vector<std::string>& matches) const;
  void finish(const Request& req, Response& res) const {
    if (after_) after_(req, res);
  }
  // Every route as (method, pattern), in the order defined: what a test walks to be sure that no
  // route is left out of a check that must cover all of them (the office's permissions).
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  void add(std::string method, std::string pattern, Handler handler, std::size_t max_body,
           HeadCheck before_body);
  std::map<std::string, std::string, std::less<>> variables_;
  std::vector<Route> routes_;
  std::function<void(const Request&, Response&)> after_;
};

// The server's limits against hostile clients. The defaults suit a hub on the open internet
// with up to a few hundred kiosks; tests shorten the times.
struct Limits {
  // Connections held at once, in total: bounded by the process's file descriptors (1024 by
  // default), with room left for the database and the log.
  unsigned connections = 900;
  // Connections held at once per client address: one address cannot take the hub. A hall of
  // kiosks behind one NAT syncs with one connection each; behind a reverse proxy every
  // connection comes from the proxy, so raise it there (the proxy limits per client).
  unsigned connections_per_address = 64;
  // A connection that sends nothing for this long is closed (between requests, too).
  std::chrono::seconds idle_timeout{15};
  // Everything of one request, from its first byte to the last of its answer, within this
  // (plus body_allowance per byte of a declared body): a client dripping a byte a second
  // holds a connection no longer. Time spent in the handler does not count.
  std::chrono::seconds request_deadline{30};
  // Each 64 KiB of a declared body adds a second to the deadline: a 32 MiB PUSH from a kiosk
  // on a slow uplink gets about 9 minutes.
  std::size_t min_upload_bytes_per_second = 64 * 1024;
  // The memory of one connection, which the request line and all headers must fit in
  // (MHD answers 431 and closes otherwise); the body is read into the request separately,
  // up to the route's limit.
  std::size_t head_memory = 32 * 1024;
  // Threads that run handlers (the store, argon2id, exports) off the I/O thread.
  unsigned worker_threads = 16;
  // Requests of one client address (Request::remote_addr) being handled at once; more are
  // answered 429 at once. Unlike connections_per_address it sees the client behind a trusted
  // proxy. As many as one address may hold connections: a hall of kiosks behind one NAT pushes
  // at once, and none of them may be turned away.
  unsigned requests_per_address = 64;
  // The reverse proxy's address ("127.0.0.1"): only a request whose TCP peer is exactly this has
  // its client address taken from X-Forwarded-For's last entry (what the proxy appended) or
  // X-Real-IP; from anyone else those headers are ignored. Empty: no proxy is trusted.
  std::string trusted_proxy;
};

struct TlsFiles {
  std::string certificate_pem, key_pem;
};

// libmicrohttpd with one epoll I/O thread; complete requests run on a bounded pool of workers
// while their connection is suspended. Serving starts at listen() and ends at stop().
class Server {
 public:
  Server(const Router& router, Limits limits);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Listens on host:port (0: any free port) and serves; the port. Errors: "serve.cannot_listen",
  // "serve.bad_tls".
  Result<int> listen(const std::string& host, int port, std::optional<TlsFiles> tls);
  bool running() const;
  // Ends serving: requests being handled finish, the others are closed; returns within about a
  // second plus the longest running handler, however many clients are connected.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sichtbar::hub::http
