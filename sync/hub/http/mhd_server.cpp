// The HTTP layer's server on libmicrohttpd (Debian's 0.9.75): one epoll I/O thread reads and
// writes every connection, so a slow client costs a little memory and never a thread; complete
// requests are handed to a bounded pool of workers while their connection is suspended. What
// MHD does not do itself is here: the whole-request deadline (a watchdog), refusing duplicate
// Content-Length, per-route body limits before the body is read, and a bounded stop.
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "hub/http/http.h"
#include "hub/request_log.h"

namespace sichtbar::hub::http {

namespace {

using Clock = std::chrono::steady_clock;

// A fixed pool of threads running jobs in order; post() refuses once closed.
class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads) {
    for (unsigned i = 0; i < std::max(1u, threads); ++i) threads_.emplace_back([this] { work(); });
  }
  ~WorkerPool() { close(); }
  bool post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) return false;
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
  }
  // Runs what is queued, then joins every thread.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return closed_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool closed_ = false;
  std::vector<std::thread> threads_;
};

// One TCP connection, for the deadline watchdog.
struct Connection {
  int fd = -1;
  Clock::time_point started;  // of the current request (or of the wait for the next one)
  Clock::duration allowed{};  // the deadline, grown by a declared body
  bool in_handler = false;    // suspended while a worker runs the handler: not the client's time
  bool cut = false;
};

// One request on a connection, from its request line to its completion.
struct Exchange {
  std::string raw_uri;
  Request req;
  const Route* route = nullptr;
  bool head_seen = false;
  std::optional<Response> response;  // set by the worker, queued by the I/O thread
  Clock::time_point started = Clock::now();
};

constexpr std::string_view kJson = "application/json";

Response error_response(int status, std::string_view code, std::string_view message) {
  Response res;
  res.status = status;
  res.set_content(std::string(R"({"error":{"code":")") + std::string(code) + R"(","message":")" +
                      std::string(message) + "\"}}",
                  kJson);
  // A refusal before the body: the connection closes, the unread body with it.
  res.set_header("Connection", "close");
  return res;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 19 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string address_of(const sockaddr* a) {
  char text[INET6_ADDRSTRLEN] = "";
  if (a == nullptr) return "";
  if (a->sa_family == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a)->sin_addr, text, sizeof text);
  else if (a->sa_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr, text, sizeof text);
  return text;
}

// An IPv4 or IPv6 address in its usual text, as inet_ntop writes it ("" if it is none).
std::string canonical_address(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return "";
  const std::string plain(text);
  char out[INET6_ADDRSTRLEN] = "";
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, plain.c_str(), &v4) == 1)
    ::inet_ntop(AF_INET, &v4, out, sizeof out);
  else if (::inet_pton(AF_INET6, plain.c_str(), &v6) == 1)
    ::inet_ntop(AF_INET6, &v6, out, sizeof out);
  return out;
}

// The client behind a trusted proxy: the last X-Forwarded-For entry (the proxy appends the
// address it saw; earlier entries are the client's own claims), else X-Real-IP, else the peer.
std::string client_address(const Request& req, const std::string& trusted_proxy) {
  if (trusted_proxy.empty() || req.peer_addr != trusted_proxy) return req.peer_addr;
  // Several X-Forwarded-For headers count as one list, in order.
  std::string last;
  for (const auto& [name, value] : req.headers)
    if (name.size() == 15 && strncasecmp(name.c_str(), "X-Forwarded-For", 15) == 0) {
      const auto comma = value.rfind(',');
      last = comma == std::string::npos ? value : value.substr(comma + 1);
    }
  if (std::string a = canonical_address(last); !a.empty()) return a;
  if (std::string a = canonical_address(req.get_header_value("X-Real-IP")); !a.empty()) return a;
  return req.peer_addr;
}

}  // namespace

struct Server::Impl {
  const Router& router;
  Limits limits;
  MHD_Daemon* daemon = nullptr;
  std::unique_ptr<WorkerPool> pool;
  std::string tls_cert, tls_key;  // MHD keeps pointers to these

  std::mutex connections_mutex;
  std::set<Connection*> connections;
  std::mutex in_flight_mutex;
  std::map<std::string, unsigned, std::less<>> in_flight;  // requests being handled per client
  std::thread watchdog;
  std::mutex stop_mutex;
  std::condition_variable stop_wake;
  bool stopping = false;

  Impl(const Router& r, Limits l) : router(r), limits(l) {}

  Connection* connection_of(MHD_Connection* c) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? static_cast<Connection*>(info->socket_context) : nullptr;
  }

  // --- MHD's callbacks ------------------------------------------------------------------

  static void on_connection(void* cls, MHD_Connection* c, void** socket_context,
                            MHD_ConnectionNotificationCode code) {
    auto* self = static_cast<Impl*>(cls);
    std::lock_guard lock(self->connections_mutex);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* conn = new Connection;
      const MHD_ConnectionInfo* info =
          MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
      conn->fd = info ? info->connect_fd : -1;
      conn->started = Clock::now();
      conn->allowed = self->limits.request_deadline;
      self->connections.insert(conn);
      *socket_context = conn;
    } else if (auto* conn = static_cast<Connection*>(*socket_context)) {
      // Called before MHD closes the socket: the watchdog never shuts down a reused fd.
      self->connections.erase(conn);
      delete conn;
      *socket_context = nullptr;
    }
  }

  static void* on_uri(void*, const char* uri, MHD_Connection*) {
    auto* x = new Exchange;
    x->raw_uri = uri ? uri : "";
    return x;
  }

  static void on_completed(void* cls, MHD_Connection* c, void** con_cls,
                           MHD_RequestTerminationCode) {
    auto* self = static_cast<Impl*>(cls);
    delete static_cast<Exchange*>(*con_cls);
    *con_cls = nullptr;
    // A kept-alive connection's next request gets a deadline of its own.
    std::lock_guard lock(self->connections_mutex);
    if (Connection* conn = self->connection_of(c)) {
      conn->started = Clock::now();
      conn->allowed = self->limits.request_deadline;
    }
  }

  static MHD_Result on_request(void* cls, MHD_Connection* c, const char*, const char* method,
                               const char*, const char* upload_data, size_t* upload_size,
                               void** con_cls) {
    auto* self = static_cast<Impl*>(cls);
    auto* x = static_cast<Exchange*>(*con_cls);
    if (x == nullptr) return MHD_NO;  // every request has its exchange from on_uri
    if (!x->head_seen) {
      x->head_seen = true;
      return self->head(c, *x, method);
    }
    if (*upload_size > 0) {
      // A body without a declared length is cut off at the limit: the connection closes.
      if (x->req.body.size() + *upload_size > x->route->max_body) return MHD_NO;
      x->req.body.append(upload_data, *upload_size);
      *upload_size = 0;
      return MHD_YES;
    }
    if (x->response) return self->queue(c, *x);
    // One client's requests in the handlers at once are capped: it cannot take every worker.
    if (!self->enter_handler(x->req.remote_addr)) {
      Response busy = error_response(429, "http.too_many_requests",
                                     "Too many requests from this address at once. Try again.");
      busy.set_header("Retry-After", "1");
      return self->refuse(c, *x, std::move(busy));
    }
    // The request is complete: its handler runs on a worker, the I/O thread serves the rest.
    MHD_suspend_connection(c);
    self->set_in_handler(c, true);
    const bool posted = self->pool->post([self, c, x] {
      x->response = self->handle(*x);
      self->leave_handler(x->req.remote_addr);
      self->set_in_handler(c, false);
      MHD_resume_connection(c);
    });
    if (!posted) {  // stopping
      x->response = error_response(503, "serve.stopping", "The hub is shutting down.");
      self->leave_handler(x->req.remote_addr);
      self->set_in_handler(c, false);
      MHD_resume_connection(c);
    }
    return MHD_YES;
  }

  bool enter_handler(const std::string& client) {
    std::lock_guard lock(in_flight_mutex);
    unsigned& n = in_flight[client];
    if (n >= std::max(1u, limits.requests_per_address)) return false;
    ++n;
    return true;
  }
  void leave_handler(const std::string& client) {
    std::lock_guard lock(in_flight_mutex);
    if (auto it = in_flight.find(client); it != in_flight.end() && --it->second == 0)
      in_flight.erase(it);
  }

  // --- one request ---------------------------------------------------------------------

  // The head has arrived, no body yet: everything that can be refused without it is.
  MHD_Result head(MHD_Connection* c, Exchange& x, const char* method) {
    Request& req = x.req;
    req.method = method ? method : "";
    const std::string_view uri = x.raw_uri;
    const std::size_t q = uri.find('?');
    req.path = percent_decode(uri.substr(0, q), false);
    if (q != std::string_view::npos) req.params = parse_urlencoded(uri.substr(q + 1));
    MHD_get_connection_values(
        c, MHD_HEADER_KIND,
        [](void* cls, MHD_ValueKind, const char* key, const char* value) -> MHD_Result {
          static_cast<Request*>(cls)->headers.emplace_back(key ? key : "", value ? value : "");
          return MHD_YES;
        },
        &req);
    if (const MHD_ConnectionInfo* info =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS))
      req.peer_addr = address_of(info->client_addr);
    req.remote_addr = client_address(req, limits.trusted_proxy);
    x.route = router.match(req.method, req.path, req.matches);
    req.route = x.route ? x.route->pattern : "(other)";

    const std::size_t lengths = req.get_header_value_count("Content-Length");
    const std::string length = req.get_header_value("Content-Length");
    const bool chunked = req.get_header_value_count("Transfer-Encoding") > 0;
    // Two lengths (equal or not), a length with chunked, or no number: the request cannot be
    // framed the same way by us and by a proxy in front, so it is refused (request smuggling).
    if (lengths > 1 || (lengths == 1 && (chunked || !all_digits(length))))
      return refuse(c, x,
                    error_response(400, "http.bad_length",
                                   "The request's Content-Length is missing, repeated or not a "
                                   "number."));
    if (!x.route) {
      Response res;
      res.status = 404;
      res.set_header("Connection", "close");
      return refuse(c, x, std::move(res));
    }
    const unsigned long long declared = lengths == 1 ? std::stoull(length) : 0;
    if (declared > x.route->max_body)
      return refuse(c, x,
                    error_response(413, "http.too_large",
                                   "The request's body is larger than this address accepts."));
    if (x.route->before_body) {
      Response res;
      if (!x.route->before_body(req, res)) {
        res.set_header("Connection", "close");
        return refuse(c, x, std::move(res));
      }
    }
    if (declared > 0) {
      req.body.reserve(static_cast<std::size_t>(declared));
      std::lock_guard lock(connections_mutex);
      if (Connection* conn = connection_of(c))
        conn->allowed += std::chrono::seconds(declared / limits.min_upload_bytes_per_second);
    }
    return MHD_YES;
  }

  MHD_Result refuse(MHD_Connection* c, Exchange& x, Response res) {
    x.response = std::move(res);
    return queue(c, x);
  }

  Response handle(Exchange& x) {
    Response res;
    try {
      x.route->handler(x.req, res);
    } catch (...) {
      log_error("request.failed", "http.exception", "a request handler threw");
      res = Response{};
      res.status = 500;
    }
    return res;
  }

  MHD_Result queue(MHD_Connection* c, Exchange& x) {
    Response& res = *x.response;
    router.finish(x.req, res);
    log_request(x.req.method, x.req.route, res.status, Clock::now() - x.started, x.req.remote_addr);
    MHD_Response* r =
        MHD_create_response_from_buffer(res.body.size(), res.body.data(), MHD_RESPMEM_MUST_COPY);
    if (r == nullptr) return MHD_NO;
    if (!res.content_type.empty())
      MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res.content_type.c_str());
    for (const auto& [name, value] : res.headers)
      MHD_add_response_header(r, name.c_str(), value.c_str());
    const MHD_Result queued = MHD_queue_response(c, static_cast<unsigned>(res.status), r);
    MHD_destroy_response(r);
    return queued;
  }

  void set_in_handler(MHD_Connection* c, bool on) {
    std::lock_guard lock(connections_mutex);
    if (Connection* conn = connection_of(c)) {
      conn->in_handler = on;
      // The handler's time is the hub's, not the client's: the deadline starts again.
      if (!on) conn->started = Clock::now();
    }
  }

  // --- the deadline and stop -----------------------------------------------------------

  void watch() {
    std::unique_lock stop_lock(stop_mutex);
    while (!stop_wake.wait_for(stop_lock, std::chrono::milliseconds(250),
                               [this] { return stopping; })) {
      const auto now = Clock::now();
      std::lock_guard lock(connections_mutex);
      for (Connection* conn : connections) {
        if (conn->in_handler || conn->cut || now - conn->started <= conn->allowed) continue;
        // MHD sees the socket end and closes the connection on its own thread.
        ::shutdown(conn->fd, SHUT_RDWR);
        conn->cut = true;
      }
    }
  }

  void stop() {
    {
      std::lock_guard lock(stop_mutex);
      if (stopping) return;
      stopping = true;
    }
    stop_wake.notify_all();
    if (watchdog.joinable()) watchdog.join();
    // Handlers that run finish and resume their connection; MHD_stop_daemon must not meet a
    // suspended one. Then MHD shuts every socket down, however slow its client.
    if (pool) pool->close();
    if (daemon) MHD_stop_daemon(daemon);
    daemon = nullptr;
  }
};

Server::Server(const Router& router, Limits limits)
    : impl_(std::make_unique<Impl>(router, limits)) {}

Server::~Server() { stop(); }

bool Server::running() const { return impl_->daemon != nullptr; }

void Server::stop() { impl_->stop(); }

Result<int> Server::listen(const std::string& host, int port, std::optional<TlsFiles> tls) {
  Impl& s = *impl_;
  const auto cannot_listen = [&] {
    return fail("serve.cannot_listen", "The hub cannot listen on " + host + ":" +
                                           std::to_string(port) +
                                           " (in use by another program, or not allowed).");
  };
  // The listening socket is ours (MHD takes it over): bound to the host's address, with
  // TCP_NODELAY (accepted sockets inherit it: without it a small answer waits for the client's
  // delayed ACK, about 40 ms) and a full backlog for many kiosks connecting at once.
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr)
    return cannot_listen();
  int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
  const int one = 1;
  const bool bound = fd >= 0 && ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
                     ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0 &&
                     ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 &&
                     ::listen(fd, SOMAXCONN) == 0;
  ::freeaddrinfo(found);
  if (!bound) {
    if (fd >= 0) ::close(fd);
    return cannot_listen();
  }
  sockaddr_storage local{};
  socklen_t local_size = sizeof local;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size);
  const int bound_port =
      ntohs(local.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&local)->sin6_port
                                        : reinterpret_cast<sockaddr_in*>(&local)->sin_port);

  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
  if (tls) {
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
      ::close(fd);
      return fail("serve.bad_tls", "This libmicrohttpd was built without TLS.");
    }
    flags |= MHD_USE_TLS;
    s.tls_cert = tls->certificate_pem;
    s.tls_key = tls->key_pem;
  }
  // Every thread of the server (MHD's, the workers, the watchdog) starts with the signals
  // blocked: a SIGTERM is the caller's to take (sichtbar-hub serve sigwaits for it), and one
  // delivered to a server thread would end the process without a clean stop.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  struct RestoreMask {
    sigset_t* mask;
    ~RestoreMask() { pthread_sigmask(SIG_SETMASK, mask, nullptr); }
  } restore{&previous};
  s.pool = std::make_unique<WorkerPool>(s.limits.worker_threads);
  const auto silent = [](void*, const char*, va_list) {};
  MHD_LogCallback logger = silent;
  std::vector<MHD_OptionItem> options = {
      {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(logger), nullptr},
      {MHD_OPTION_LISTEN_SOCKET, fd, nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, s.limits.connections, nullptr},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, s.limits.connections_per_address, nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(s.limits.idle_timeout.count()),
       nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(s.limits.head_memory), nullptr},
      {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&Impl::on_connection), &s},
      {MHD_OPTION_URI_LOG_CALLBACK, reinterpret_cast<intptr_t>(&Impl::on_uri), &s},
      {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Impl::on_completed), &s},
  };
  if (tls) {
    options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, s.tls_cert.data()});
    options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, s.tls_key.data()});
  }
  options.push_back({MHD_OPTION_END, 0, nullptr});
  s.daemon = MHD_start_daemon(flags, 0, nullptr, nullptr, &Impl::on_request, &s, MHD_OPTION_ARRAY,
                              options.data(), MHD_OPTION_END);
  if (s.daemon == nullptr) {
    ::close(fd);
    s.pool->close();
    if (tls) return fail("serve.bad_tls", "");
    return cannot_listen();
  }
  s.watchdog = std::thread([&s] { s.watch(); });
  return bound_port;
}

}  // namespace sichtbar::hub::http
