// The hub's HTTP API: routes, request authentication, and the mapping from ingest outcomes to the
// signed ACK. Every error is JSON {"error":{"code","message"}} with a fitting HTTP status.
#include "hub/server.h"

#include <fmt/format.h>
#include <sodium.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <utility>

#include "base/clock.h"
#include "base/crash_point.h"
#include "base/files.h"
#include "domain/assets.h"
#include "hub/ingest.h"
#include "hub/receipt.h"
#include "hub/recognition_maps.h"
#include "hub/request_log.h"
#include "hub/retention.h"
#include "hub/store_logic.h"
#include "hub/web/erase_nonce.h"
#include "hub/web/headers.h"
#include "hub/web/http_forms.h"
#include "hub/web/office.h"
#include "hub/web/profile_page.h"
#include "hub/web/rate_limit.h"
#include "hub/web/static_files.h"
#include "protocol/enrollment.h"
#include "protocol/wire.h"

namespace sichtbar::hub {

namespace {

using json = nlohmann::json;

void send_error(http::Response& res, int status, const Error& e) {
  // The code only: the message may name the hub's database or quote what the kiosk sent.
  log_error("api.refused", e.code,
            status >= 500 ? "the hub could not answer a kiosk" : "a kiosk's request was refused");
  res.status = status;
  res.set_content(json{{"error", {{"code", e.code}, {"message", e.message}}}}.dump(),
                  "application/json");
}

// Wrong enrollment codes an address may send a minute (bursts of a third of it).
constexpr int kEnrollAttemptsPerMinute = 10;

// An address for the log: IPv4 and IPv6 characters only (it may come from a proxy's header).
std::string loggable_address(std::string_view address) {
  const bool plain =
      !address.empty() && address.size() <= 45 &&
      address.find_first_not_of("0123456789abcdefABCDEF.:") == std::string_view::npos;
  return plain ? std::string(address) : std::string("(other)");
}

void send_json(http::Response& res, std::string body) {
  res.status = 200;
  res.set_content(std::move(body), "application/json");
}

// The hub's signing key signs a message that its public key verifies (a key wiped or never
// loaded does not).
bool keys_sign(const HubKeys& keys) {
  static constexpr std::string_view kProbe = "sichtbar-hub readyz";
  std::array<unsigned char, crypto_sign_BYTES> signature{};
  const auto* m = reinterpret_cast<const unsigned char*>(kProbe.data());
  return crypto_sign_detached(signature.data(), nullptr, m, kProbe.size(),
                              keys.sign_secret.data()) == 0 &&
         crypto_sign_verify_detached(signature.data(), m, kProbe.size(), keys.sign_public.data()) ==
             0;
}

using web::field;
using web::form_fields;
using web::send_page;

// What the person's pages need, made once at bind().
struct Pages {
  web::PageTexts texts;
  web::OfficeTexts office_texts;
  OccupationList occupations;
  std::unique_ptr<RecognitionMapInUse> recognition;
  std::unique_ptr<RecognitionIndexKeeper> index_keeper;  // goes before the map it keeps up with
  web::StaticFiles files;
  web::EraseNonces nonces;
  web::RateLimiter limiter;
  std::unique_ptr<web::OfficeUi> office;
};

}  // namespace

struct HubServer::Impl {
  HubStore& store;
  const HubKeys& keys;
  const FormLibrary& forms;
  ServerConfig config;
  std::span<const HubKeys> retired;
  // The consent texts records may name, following the offices' settings: loaded at bind().
  std::unique_ptr<ConsentTextBook> consent_book;
  http::Router router;
  std::unique_ptr<http::Server> http;
  std::unique_ptr<Pages> pages;
  std::mutex run_mutex;
  std::condition_variable run_wake;
  bool stopped = false;
  // Wrong enrollment codes per client address: a code has 80 bits, so guessing is hopeless
  // anyway, but a flood of guesses is refused (429) and each is logged.
  web::RateLimiter enroll_limiter{kEnrollAttemptsPerMinute};
  // Erases people past their office's retention period, at start and once a day (last: it
  // stops before anything else here goes).
  std::unique_ptr<RetentionKeeper> retention;

  Impl(HubStore& s, const HubKeys& k, const FormLibrary& f, ServerConfig c,
       std::span<const HubKeys> r)
      : store(s), keys(k), forms(f), config(std::move(c)), retired(r) {}

  // The device behind a signed request, or an error response already written.
  std::optional<Device> authenticate(const http::Request& req, http::Response& res) {
    RequestSignature sig{req.get_header_value("X-Sichtbar-Device"),
                         req.get_header_value("X-Sichtbar-Time"),
                         req.get_header_value("X-Sichtbar-Signature")};
    const auto device_id = array_from_hex<16>(sig.device_hex);
    if (!device_id) {
      send_error(res, 401, {"auth.missing", "The request does not say which kiosk sent it."});
      return std::nullopt;
    }
    auto device = store.find_device(*device_id);
    if (!device) {
      send_error(res, 503, device.error());
      return std::nullopt;
    }
    if (!*device) {
      send_error(res, 403,
                 {"auth.unknown_device",
                  "This kiosk is not enrolled with this hub. Enroll it with a code "
                  "from the office (sichtbar-hub enroll)."});
      return std::nullopt;
    }
    // Which kiosk was refused, and from where: the office's next question.
    const auto refused = [&](const std::string& code) {
      log_warning("kiosk.refused", fmt::format("code={} device={} client={}", code, sig.device_hex,
                                               loggable_address(req.remote_addr)));
    };
    if ((*device)->revoked_at_ms) {
      refused("auth.revoked_device");
      send_error(res, 403,
                 {"auth.revoked_device",
                  "This kiosk was revoked by the office and may not sync. Call the "
                  "office: its records stay safe on the kiosk."});
      return std::nullopt;
    }
    if (auto ok = verify_request(req.method, req.path, req.body, sig, (*device)->sign_public);
        !ok) {
      refused(ok.error().code);
      send_error(res, 401, ok.error());
      return std::nullopt;
    }
    (void)store.touch_device(*device_id, unix_ms_now());
    return **device;
  }

  void hello(const http::Request& req, http::Response& res) {
    auto device = authenticate(req, res);
    if (!device) return;
    auto hello = parse_hello(req.body);
    if (!hello) return send_error(res, 400, hello.error());
    if (hello->device_id != device->device_id)
      return send_error(
          res, 403,
          {"auth.device_mismatch", "The HELLO names another kiosk than the one that signed it."});
    auto cp = store.checkpoint(device->device_id);
    if (!cp) return send_error(res, 503, cp.error());
    HelloReply reply;
    reply.hub_high_water = cp->high_water;
    reply.hub_time_ms = unix_ms_now();
    // What the kiosk has sealed that the hub lacks: gaps below what it has seen, and everything
    // above it up to the kiosk's last sealed seq (a hub restored from an older backup).
    for (const auto& [first, last] : cp->missing) {
      if (first > hello->last_sealed_seq) break;
      reply.missing.push_back({first, std::min(last, hello->last_sealed_seq)});
    }
    if (hello->last_sealed_seq > cp->max_seen)
      reply.missing.push_back({cp->max_seen + 1, hello->last_sealed_seq});
    if (reply.missing.size() > 1000) reply.missing.resize(1000);
    // The kiosk still seals to an older key: hand it the current one, signed.
    if (hello->hub_key_id < keys.key_id) reply.hub_key = signed_hub_key(keys);
    // Its office's settings, for its consent screens; the kiosk keeps them when they changed.
    // Without them (the office was removed) the records still flow: they matter more.
    if (auto office = signed_office_of(store, keys, device->office_id)) reply.office = *office;
    send_json(res, to_json_text(reply));
  }

  void push(const http::Request& req, http::Response& res) {
    auto device = authenticate(req, res);
    if (!device) return;
    auto push = parse_push(req.body);
    if (!push) return send_error(res, 400, push.error());
    if (push->device_id != device->device_id)
      return send_error(
          res, 403,
          {"auth.device_mismatch", "The batch names another kiosk than the one that signed it."});
    std::vector<ByteView> envelopes;
    envelopes.reserve(push->items.size());
    for (const auto& item : push->items) envelopes.emplace_back(item.envelope);
    std::vector<std::uint64_t> seqs;
    for (const auto& item : push->items) seqs.push_back(item.seq);
    IngestContext ctx{keys, forms, retired, nullptr, consent_book.get()};
    auto outcomes = ingest_batch(store, device->device_id, envelopes, seqs, ctx, unix_ms_now());
    crash_point("hub.after_commit");  // committed, the kiosk has no ACK yet
    if (!outcomes) return send_error(res, 503, outcomes.error());
    // The ACK is made only now: ingest_batch has committed.
    auto ack = make_ack(store, keys, device->device_id, to_hex(sha256(as_bytes(req.body))), seqs,
                        *outcomes);
    if (!ack) return send_error(res, 503, ack.error());
    send_json(res, sign_ack(*ack, keys));
  }

  void enroll(const http::Request& req, http::Response& res) {
    const auto now = std::chrono::steady_clock::now();
    if (!enroll_limiter.allow(req.remote_addr, now)) {
      const int wait = enroll_limiter.seconds_until_token(req.remote_addr, now);
      log_warning("enroll.throttled", fmt::format("client={} retry_after_s={}",
                                                  loggable_address(req.remote_addr), wait));
      res.set_header("Retry-After", std::to_string(wait));
      return send_error(
          res, 429,
          {"enroll.too_many", "Too many wrong enrollment codes from here. Wait " +
                                  std::to_string(wait) + " seconds, then type the code again."});
    }
    // Every failure below is logged with its reason and the client's address, never the code.
    const auto failed = [&](int status, const Error& e) {
      log_warning("enroll.failed",
                  fmt::format("reason={} client={}", e.code, loggable_address(req.remote_addr)));
      send_error(res, status, e);
    };
    auto request = parse_enroll_request(req.body);
    if (!request) return failed(400, request.error());
    auto code = normalize_enroll_code(request->code);
    if (!code)
      return failed(400, {"enroll.bad_code",
                          "That is not an enrollment code: it has 16 letters and digits, "
                          "like K7QX-3MPD-9TRW-2HFA."});
    const Sha256 token = sha256(as_bytes(*code));
    auto office = store.enroll_token_office(token);  // before the use deletes the token
    if (!office) return failed(503, office.error());
    auto consumed = store.consume_enroll_token(token, unix_ms_now());
    if (!consumed) return failed(503, consumed.error());
    if (!*consumed)
      return failed(403, {"enroll.code_not_valid",
                          "This enrollment code is unknown, already used or expired. "
                          "Ask the office for a new one (they are valid 15 minutes)."});
    // A right code does not count against the address (a hall of kiosks behind one NAT).
    enroll_limiter.refund(req.remote_addr);
    // A revoked kiosk with a new code and the key it had is trusted again (what it kept through
    // the revocation, signed with that key, can come); one enrolled here already with a code for
    // another office moves there; another key for a known id is refused (store_logic.h).
    const Device device{request->device_id, request->sign_public, request->name,
                        unix_ms_now(),      std::nullopt,         *office};
    auto step = admit_device(store, device);
    if (!step)
      return failed(step.error().code == "hub_store.device_exists" ? 409 : 503, step.error());
    log_info("enroll.enrolled",
             fmt::format("device={} step={} client={}", to_hex(request->device_id),
                         enroll_step_name(*step), loggable_address(req.remote_addr)));
    KioskConfig kiosk{config.public_url, config.profile_base_url, keys.recipient(),
                      request->device_id, unix_ms_now()};
    send_json(res, sign_kiosk_config(kiosk, keys, *code));
  }

  // --- the person's pages ------------------------------------------------------------------

  // One token from the client's bucket, or the 429 page (in the language the link asks for:
  // the record is not looked up for a client over its limit).
  bool within_rate_limit(const http::Request& req, http::Response& res, std::string_view lang) {
    if (pages->limiter.allow(req.remote_addr, std::chrono::steady_clock::now())) return true;
    res.set_header("Retry-After", "60");
    send_page(res, 429, web::render_too_many_requests_page(pages->texts, lang));
    return false;
  }

  // GET /p/<token>: the profile, or the neutral page for every link without a stored record
  // (not synced yet, never issued, erased): same status, same bytes, same work (one look-up).
  void profile(const http::Request& req, http::Response& res) {
    const std::string token = req.matches[1];
    const std::string requested = req.get_param_value("lang");
    if (!within_rate_limit(req, res, web::page_language(requested, "de"))) return;
    auto found = store.find_profile(profile_token_hash(token));
    if (!found)
      log_error("page.store_failed", found.error().code, "a profile could not be looked up");
    if (!found || !*found) {
      // A store failure shows the same neutral page, but says 503 so monitoring notices.
      return send_page(res, found ? 200 : 503,
                       web::render_pending_page(pages->texts, web::page_language(requested, "de")));
    }
    auto record = json::parse((*found)->record_json, nullptr, false);
    if (record.is_discarded() || !record.is_object())
      return send_page(res, 503,
                       web::render_pending_page(pages->texts, web::page_language(requested, "de")));
    const std::string locale = record.value("locale", std::string("de"));
    const std::string_view lang = web::page_language(requested, locale);
    const auto recognition = pages->recognition->current();
    send_page(
        res, 200,
        web::render_profile_page({forms, pages->texts, &pages->occupations, recognition.get()},
                                 record, lang, token));
  }

  // GET /p/<token>/erase: "Delete your profile?" with a nonce bound to this link.
  void erase_confirm(const http::Request& req, http::Response& res) {
    const std::string token = req.matches[1];
    const std::string requested = req.get_param_value("lang");
    if (!within_rate_limit(req, res, web::page_language(requested, "de"))) return;
    const Sha256 link = profile_token_hash(token);
    auto found = store.find_profile(link);
    if (!found)
      log_error("page.store_failed", found.error().code, "a profile could not be looked up");
    if (!found || !*found)
      return send_page(res, found ? 200 : 503,
                       web::render_pending_page(pages->texts, web::page_language(requested, "de")));
    auto record = json::parse((*found)->record_json, nullptr, false);
    const std::string locale =
        record.is_object() ? record.value("locale", std::string("de")) : std::string("de");
    const std::string_view lang = web::page_language(requested, locale);
    send_page(res, 200,
              web::render_erase_confirm_page(pages->texts, lang, token,
                                             pages->nonces.issue(link, unix_ms_now())));
  }

  // POST /p/<token>/erase: only with a nonce from this link's confirmation page. Erasing an
  // erased profile again says "deleted" again: it was, and the poster held a page for it.
  void erase(const http::Request& req, http::Response& res) {
    const std::string token = req.matches[1];
    const http::Params fields = form_fields(req);
    const std::string_view lang = web::page_language(field(fields, "lang"), "de");
    if (!within_rate_limit(req, res, lang)) return;
    const Sha256 link = profile_token_hash(token);
    if (!pages->nonces.check(field(fields, "nonce"), link, unix_ms_now()))
      return send_page(res, 403, web::render_erase_refused_page(pages->texts, lang));
    auto found = store.find_profile(link);
    if (!found) {
      log_error("page.store_failed", found.error().code, "a profile could not be looked up");
      return send_page(res, 503, web::render_erase_refused_page(pages->texts, lang));
    }
    bool others_remain = false;
    std::string office_contact;
    if (*found) {
      // The link proves control of this profile only: it alone goes, never a profile staff
      // linked to it (a wrong link must not let one person erase another's). With the person's
      // last profile, tombstone() takes the person, case, notes and audit about them too.
      const auto person = store.person_of((*found)->record_id);
      // The reason is kept with the tombstone: it says who asked, nothing about the person.
      auto erased = store.tombstone((*found)->record_id,
                                    "erased by the person on their profile page", unix_ms_now());
      if (!erased) {
        log_error("page.store_failed", erased.error().code, "a person's erasure failed");
        return send_page(res, 503, web::render_erase_refused_page(pages->texts, lang));
      }
      std::tie(others_remain, office_contact) = others_at_office(person);
    }
    send_page(res, 200, web::render_erased_page(pages->texts, lang, others_remain, office_contact));
  }

  // After a person erased one profile: whether the office holds others of theirs, and the
  // office's contact to ask for those. When the store cannot tell, the page says that others
  // may remain: it must never claim that everything is gone when it is not.
  std::pair<bool, std::string> others_at_office(const Result<std::optional<PersonId>>& person) {
    if (person && !*person) return {false, ""};  // a profile without a person (never happens)
    auto left = person ? store.find_person(**person)
                       : Result<std::optional<Person>>(std::unexpected(person.error()));
    if (!left) {
      log_error("page.store_failed", left.error().code, "a person's other profiles are unknown");
      return {true, ""};
    }
    if (!*left || (*left)->records.empty()) return {false, ""};
    auto office = store.find_office((*left)->office_id);
    if (!office) log_error("page.store_failed", office.error().code, "an office was not found");
    return {true, office && *office ? (*office)->contact : ""};
  }

  void static_file(const http::Request& req, http::Response& res) {
    const web::StaticFile* file = pages->files.find(req.path);
    if (!file) {
      res.status = 404;
      return res.set_content("Not found.\n", "text/plain; charset=utf-8");
    }
    res.status = 200;
    res.set_content(file->body, file->content_type.c_str());
  }
};

HubServer::HubServer(HubStore& store, const HubKeys& keys, const FormLibrary& forms,
                     ServerConfig config, std::span<const HubKeys> retired)
    : impl_(std::make_unique<Impl>(store, keys, forms, std::move(config), retired)) {}

HubServer::~HubServer() { stop(); }

Result<int> HubServer::bind(const std::function<bool()>& stop) {
  auto& c = impl_->config;
  std::optional<http::TlsFiles> tls;
  if (c.tls_certificate && c.tls_key) {
    auto cert = read_whole_file(*c.tls_certificate);
    auto key = read_whole_file(*c.tls_key);
    if (cert && key) tls = http::TlsFiles{std::move(*cert), std::move(*key)};
  }
  const auto bad_tls = [&] {
    return fail("serve.bad_tls", "The TLS certificate " + c.tls_certificate->string() + " or key " +
                                     c.tls_key->string() +
                                     " could not be loaded. Check both files.");
  };
  if (c.tls_certificate && c.tls_key && !tls) return bad_tls();
  auto& routes = impl_->router;
  Impl* impl = impl_.get();
  routes.get("/api/v1/health", [impl](const http::Request&, http::Response& res) {
    send_json(res, json{{"ok", true}, {"key_id", impl->keys.key_id}}.dump());
  });
  // Readiness, for a load balancer or monitoring: the database answers a read and a write
  // (rolled back) and the signing key signs. 503 names the failing part by its error code,
  // never a path or a message.
  routes.get("/readyz", [this](const http::Request&, http::Response& res) {
    const auto ready = check_ready();
    res.status = ready ? 200 : 503;
    if (!ready)
      log_error("ready.failed", ready.error().code,
                "the hub is not ready: " + ready.error().message);
    res.set_content(ready ? "ready\n" : "not ready: " + ready.error().message + "\n",
                    "text/plain; charset=utf-8");
  });
  // The kiosks' messages are small but for PUSH; a PUSH that does not say which kiosk sent it
  // is refused before its body (up to 32 MiB) is read.
  routes.post("/api/v1/hello", [impl](const auto& req, auto& res) { impl->hello(req, res); });
  routes.post(
      "/api/v1/push", [impl](const auto& req, auto& res) { impl->push(req, res); },
      kMaxMessageBytes,
      [](const http::Request& req, http::Response& res) {
        auto id = from_hex(req.get_header_value("X-Sichtbar-Device"));
        if (id && id->size() == 16) return true;
        send_error(res, 401, {"auth.missing", "The request does not say which kiosk sent it."});
        return false;
      });
  routes.post("/api/v1/enroll", [impl](const auto& req, auto& res) { impl->enroll(req, res); });
  // The consent texts records may name: from the assets, or the built-in ones for a hub that
  // serves only the kiosks' API.
  auto consent_book = ConsentTextBook::load(
      impl_->forms, (c.assets.empty() ? default_asset_dir() : c.assets) / "i18n");
  if (!consent_book) return std::unexpected(consent_book.error());
  impl_->consent_book = std::move(*consent_book);
  // The offices' settings as kiosks get them from now on: kept before the first HELLO gives them.
  if (auto kept = impl_->consent_book->keep_current(impl_->store); !kept)
    return std::unexpected(kept.error());
  if (!c.assets.empty()) {
    auto texts = web::PageTexts::load(c.assets / "i18n");
    if (!texts) return std::unexpected(texts.error());
    auto office_texts = web::OfficeTexts::load(c.assets / "i18n");
    if (!office_texts) return std::unexpected(office_texts.error());
    auto occupations = OccupationList::load(c.assets);
    if (!occupations) return std::unexpected(occupations.error());
    auto recognition = RecognitionMapInUse::open(impl_->store, c.assets);
    if (!recognition) return std::unexpected(recognition.error());
    auto files = web::StaticFiles::load(c.assets / "web", c.font_dir);
    if (!files) return std::unexpected(files.error());
    // The office's filters by the way to recognition need the index computed with the map in
    // use: done here when the map or the schema changed since, before the hub serves.
    auto index_keeper = RecognitionIndexKeeper::start(impl_->store, **recognition, stop);
    if (!index_keeper) return std::unexpected(index_keeper.error());
    impl_->pages.reset(new Pages{std::move(*texts), std::move(*office_texts),
                                 std::move(*occupations), std::move(*recognition),
                                 std::move(*index_keeper), std::move(*files),
                                 web::EraseNonces(impl_->keys),
                                 web::RateLimiter(c.page_requests_per_minute), nullptr});
    impl_->pages->office = std::make_unique<web::OfficeUi>(
        impl_->store, impl_->forms, impl_->pages->texts, impl_->pages->office_texts,
        impl_->pages->occupations, *impl_->pages->recognition, impl_->keys,
        c.tls_certificate.has_value(),
        IngestContext{impl_->keys, impl_->forms, impl_->retired, nullptr,
                      impl_->consent_book.get()},
        c.password_checks);
    impl_->pages->office->mount(routes);
    // A token is base64url; anything else in the path is not a profile link (plain 404).
    routes.define("token", "[A-Za-z0-9_-]{1,64}");
    routes.define("file", R"([A-Za-z0-9_.\-/]+)");
    routes.get("/p/{token}", [impl](const auto& req, auto& res) { impl->profile(req, res); });
    routes.get("/p/{token}/erase",
               [impl](const auto& req, auto& res) { impl->erase_confirm(req, res); });
    routes.post("/p/{token}/erase", [impl](const auto& req, auto& res) { impl->erase(req, res); });
    routes.get("/assets/{file}",
               [impl](const auto& req, auto& res) { impl->static_file(req, res); });
  }
  // Under TLS every answer tells browsers to use nothing else for a year, so a network in
  // between (a café's Wi-Fi) cannot later downgrade a phone or the office to plain HTTP. Every
  // response outside the kiosks' API carries the pages' security headers; only the stylesheet
  // and fonts may be cached.
  routes.after([pages = !c.assets.empty(), https = tls.has_value()](const http::Request& req,
                                                                    http::Response& res) {
    if (https) res.set_header("Strict-Transport-Security", "max-age=31536000");
    if (!pages || req.path.starts_with("/api/")) return;
    const bool asset = req.path.starts_with("/assets/") && res.status == 200;
    for (const web::Header& h :
         web::security_headers(asset ? web::Caching::PublicAssets : web::Caching::NoStore))
      res.set_header(std::string(h.name), std::string(h.value));
  });
  impl_->retention = std::make_unique<RetentionKeeper>(impl_->store);
  impl_->http = std::make_unique<http::Server>(impl_->router, c.limits);
  auto port = impl_->http->listen(c.host, c.port, std::move(tls));
  if (!port) {
    impl_->http.reset();
    if (port.error().code == "serve.bad_tls") return bad_tls();
    return std::unexpected(port.error());
  }
  return *port;
}

Result<void> HubServer::check_ready() const {
  if (auto r = impl_->store.check_ready(); !r)
    return fail(r.error().code, "database (" + r.error().code + ")");
  if (!keys_sign(impl_->keys))
    return fail("keys.cannot_sign", "keys (the signing key does not sign)");
  return {};
}

std::vector<std::pair<std::string, std::string>> HubServer::routes() const {
  return impl_->router.routes();
}

void HubServer::run() {
  std::unique_lock lock(impl_->run_mutex);
  impl_->run_wake.wait(lock, [this] { return impl_->stopped; });
}

void HubServer::stop() {
  if (!impl_) return;
  if (impl_->http) impl_->http->stop();
  {
    std::lock_guard lock(impl_->run_mutex);
    impl_->stopped = true;
  }
  impl_->run_wake.notify_all();
}

bool HubServer::wait_until_running(std::chrono::milliseconds) {
  // Serving starts in bind(): nothing to wait for.
  return impl_->http != nullptr && impl_->http->running();
}

}  // namespace sichtbar::hub
