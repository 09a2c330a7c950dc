// The HTTP(S) transport on cpp-httplib.
#include "sync/transport.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

namespace sichtbar {

namespace {

class HttpTransport final : public Transport {
 public:
  HttpTransport(const std::string& url, const std::string& ca_file) : url_(url), client_(url) {
    if (!ca_file.empty()) client_.set_ca_cert_path(ca_file);
    client_.enable_server_certificate_verification(true);
    client_.set_connection_timeout(5, 0);
    client_.set_read_timeout(60, 0);
    client_.set_write_timeout(60, 0);
    client_.set_keep_alive(true);
  }

  Result<HttpReply> post(const std::string& path, const std::string& body,
                         const std::map<std::string, std::string>& headers) override {
    httplib::Headers h(headers.begin(), headers.end());
    if (cancelled_) return cancelled();
    auto res = client_.Post(path, h, body, "application/json");
    // A connection that fails or drops is tried again twice: every Sichtbar request is
    // idempotent (HELLO reads; a PUSH of the same bytes is a duplicate), and a hub busy with
    // many kiosks at once may refuse or cut a connection.
    for (int retry = 1; retry <= 2 && !res && res.error() != httplib::Error::SSLServerVerification;
         ++retry) {
      if (cancelled_) return cancelled();
      std::this_thread::sleep_for(std::chrono::milliseconds(150 * retry));
      if (cancelled_) return cancelled();
      res = client_.Post(path, h, body, "application/json");
    }
    if (cancelled_) return cancelled();
    if (!res && res.error() == httplib::Error::SSLServerVerification)
      return fail("sync.untrusted_hub",
                  "The hub at " + url_ +
                      " did not prove who it is (its certificate is not trusted by this kiosk). "
                      "Give the office's certificate with --ca-file (or SICHTBAR_CA_FILE); "
                      "nothing was sent.");
    if (!res)
      return fail("sync.unreachable",
                  "The office hub at " + url_ + " cannot be reached (" +
                      httplib::to_string(res.error()) +
                      "). Check the network and the hub address; the profiles stay safe on the "
                      "kiosk and can be sent later.");
    return HttpReply{res->status, res->body};
  }

  // httplib's stop() is made for this: it shuts the socket of a request in flight down, and
  // the request fails at once. The flag stops the retries and any later request.
  void cancel() override {
    cancelled_ = true;
    client_.stop();
  }

 private:
  static Result<HttpReply> cancelled() {
    return fail("sync.cancelled",
                "The sync was stopped because the kiosk is closing; the profiles stay safe on "
                "the kiosk and are sent at the next sync.");
  }

  std::string url_;
  httplib::Client client_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace

Result<std::unique_ptr<Transport>> http_transport(const std::string& hub_url, std::string ca_file) {
  if (!(hub_url.starts_with("http://") || hub_url.starts_with("https://")))
    return fail("sync.bad_url",
                "The hub address \"" + hub_url + "\" must start with http:// or https://.");
  if (ca_file.empty())
    if (const char* env = std::getenv("SICHTBAR_CA_FILE"); env && *env) ca_file = env;
  if (!ca_file.empty() && !std::filesystem::is_regular_file(ca_file))
    return fail("sync.bad_ca_file", "The certificate file " + ca_file + " does not exist.");
  // httplib takes scheme://host:port only: "http://hub:8470/" (as an office may write its
  // public URL) would not connect.
  std::string base = hub_url;
  while (base.ends_with('/')) base.pop_back();
  return std::unique_ptr<Transport>(std::make_unique<HttpTransport>(base, ca_file));
}

Error error_from_reply(const HttpReply& reply) {
  auto j = nlohmann::json::parse(reply.body, nullptr, false);
  if (!j.is_discarded() && j.is_object() && j.contains("error") && j["error"].is_object()) {
    // value() would throw on a field of another type: a hub's reply is untrusted input.
    const auto& e = j["error"];
    auto text = [&](const char* key, const char* fallback) {
      const bool given =
          e.contains(key) && e[key].is_string() && !e[key].get_ref<const std::string&>().empty();
      return given ? e[key].get<std::string>() : std::string(fallback);
    };
    return {text("code", "sync.hub_error"), text("message", "The hub refused the request.")};
  }
  return {"sync.hub_error",
          "The hub answered with HTTP status " + std::to_string(reply.status) +
              ". The profiles stay safe on the kiosk; try again later or call the office."};
}

}  // namespace sichtbar
