// The office UI's routes; see office.h.
#include "hub/web/office.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <tuple>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/dates.h"
#include "base/text.h"
#include "domain/occupation_search.h"
#include "hub/request_log.h"
#include "hub/web/erase_nonce.h"
#include "hub/web/export.h"
#include "hub/web/http_forms.h"
#include "hub/web/office_admin.h"
#include "hub/web/office_auth.h"
#include "hub/web/office_cases.h"
#include "hub/web/office_people.h"
#include "hub/web/office_figures.h"
#include "hub/web/office_pages.h"
#include "hub/web/office_permissions.h"

namespace sichtbar::hub::web {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// The value of one cookie in the request's Cookie header ("" if none).
std::string cookie(const http::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    std::size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + at, end - at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    at = end + 1;
  }
  return "";
}

// The login form's nonces are form nonces of a fixed pseudo link: bound to this hub's key, valid
// 15 minutes and once, and never valid for a person's erasure (whose links hash differently).
const Sha256& login_nonce_binding() {
  static const Sha256 binding = sha256(as_bytes(std::string_view("sichtbar-office-login-1")));
  return binding;
}

constexpr std::size_t kMaxReasonLength = 500;
// Logins waiting for a password check beyond those running (PasswordChecks): few, so a flood
// holds no more than a handful of the hub's 16 handler threads.
constexpr unsigned kPasswordChecksQueued = 4;
constexpr std::uint64_t kPageSize = 50;

}  // namespace

struct OfficeUi::Impl : OfficeGate {
  HubStore& store;
  const FormLibrary& forms;
  const PageTexts& texts;
  const OfficeTexts& office_texts;
  const OccupationList& occupations;
  RecognitionMapInUse& recognition;
  FormNonces login_nonces;
  bool secure_cookie;
  OfficeSessions sessions;
  LoginThrottle throttle;
  IngestContext ingest;
  PasswordChecks password_checks;
  const EscoIndex esco;
  // The kiosk's occupation search, built at the first coding page (not at start: a hub that never
  // codes never pays its memory).
  std::once_flag search_once;
  std::optional<Result<script::OccupationSearch>> search;

  Impl(HubStore& s, const FormLibrary& f, const PageTexts& t, const OfficeTexts& ot,
       const OccupationList& o, RecognitionMapInUse& r, const HubKeys& keys, bool secure,
       const IngestContext& i, unsigned checks_at_once)
      : store(s),
        forms(f),
        texts(t),
        office_texts(ot),
        occupations(o),
        recognition(r),
        login_nonces(keys, kLoginNonceLifetimeMs),
        secure_cookie(secure),
        ingest(i),
        password_checks(checks_at_once, kPasswordChecksQueued),
        esco(esco_index(o.esco())) {}

  // map: the recognition map in use, held by the caller while the page is made.
  OfficeContext context(const RecognitionMap* map = nullptr) const {
    return {forms, texts, occupations, map};
  }

  void audit(std::string_view user, std::string_view action, std::string_view subject,
             std::string_view reason) override {
    // A failed audit write must not hide the action, but must not pass silently either.
    if (auto r = store.add_audit({unix_ms_now(), std::string(user), std::string(action),
                                  std::string(subject), std::string(reason)});
        !r)
      std::fprintf(stderr, "sichtbar-hub: the audit log could not be written: %s\n",
                   r.error().message.c_str());
  }

  // The page says the error's code only: its message names the database (a path, an address)
  // and may quote the database's own words.
  void store_failed(http::Response& res, const OfficeLayout& layout, const Error& e) override {
    log_error("office_page.store_failed", e.code, "an office page could not be answered");
    send_page(res, 503,
              render_office_message(
                  layout, office_texts.text("office.failed.title"),
                  format_message(office_texts.text("office.failed.database"), {{"detail", e.code}}),
                  "/office/records", office_texts.text("office.to_list")));
  }

  std::string set_cookie(std::string_view value, bool clear) const {
    std::string c = std::string(kSessionCookie) + "=" + std::string(value) +
                    "; Path=/office; HttpOnly; SameSite=Strict";
    if (secure_cookie) c += "; Secure";
    if (clear) c += "; Max-Age=0";
    return c;
  }

  // The request's live session, or the answer for one without: the login page for a GET, 403
  // for anything else. A session of a login removed (or removed and added again) meanwhile
  // ends here. The login's role and office are the store's at this request, and the role must
  // be allowed on the route (office_permissions.h) before any handler goes on.
  std::optional<OfficeSession> session(const http::Request& req, http::Response& res) override {
    const std::string value = cookie(req, kSessionCookie);
    auto s = sessions.find(value, Clock::now());
    if (s) {
      auto user = store.find_user(s->user);
      if (user && *user && (*user)->created_at_ms == s->user_added_ms) {
        s->role = (*user)->role;
        s->office_id = (*user)->office_id;
        if (role_may(s->role, req.method, req.route)) return s;
        forbidden(res, *s, req);
        return std::nullopt;
      }
      if (user) sessions.end(value);
      if (!user) {
        store_failed(res, {office_texts}, user.error());
        return std::nullopt;
      }
    }
    if (req.method == "GET") {
      redirect(res, "/office/login");
    } else {
      send_page(
          res, 403,
          render_office_message({office_texts}, office_texts.text("office.not_logged_in.title"),
                                office_texts.text("office.not_logged_in.text"), "/office/login",
                                office_texts.text("office.to_login")));
    }
    return std::nullopt;
  }

  // A role refused on the route: a page that says so (not the login page: the login is fine).
  void forbidden(http::Response& res, const OfficeSession& s, const http::Request& req) {
    if (!route_known(req.method, req.route))
      log_error("office_page.unknown_route", req.route,
                "an office route has no entry in office_permissions: refused to every role");
    send_page(res, 403,
              render_office_message({office_texts, s.user, s.csrf, "", s.role},
                                    office_texts.text("office.forbidden.title"),
                                    format_message(office_texts.text("office.forbidden.text"),
                                                   {{"role", role_label(office_texts, s.role)}}),
                                    "/office", office_texts.text("office.to_home")));
  }

  // Whether the session may see the person a record belongs to; a record of another office is
  // answered as one that is not there (found_by_path_id's 404), so its id cannot be probed.
  Result<bool> may_see_record(const OfficeSession& s, const RecordId& id) {
    if (s.role == OfficeRole::administrator) return true;
    auto person = store.person_of(id);
    if (!person) return std::unexpected(person.error());
    if (!*person) return false;  // no person (yet): only an administrator sees it
    auto found = store.find_person(**person);
    if (!found) return std::unexpected(found.error());
    return *found && may_see_people(s, (*found)->office_id);
  }

  // A POST's session with a matching CSRF token, or the refusal written.
  std::optional<OfficeSession> post_session(const http::Request& req, http::Response& res,
                                            const http::Params& fields) override {
    auto s = session(req, res);
    if (!s) return std::nullopt;
    if (!csrf_matches(s->csrf, field(fields, "csrf"))) {
      send_page(res, 403,
                render_office_message({office_texts, s->user, s->csrf, "", s->role},
                                      office_texts.text("office.csrf.title"),
                                      office_texts.text("office.csrf.text"), "/office/records",
                                      office_texts.text("office.to_list")));
      return std::nullopt;
    }
    return s;
  }

  // --- login ---------------------------------------------------------------------------

  void login_page(const http::Request& req, http::Response& res) {
    if (sessions.find(cookie(req, kSessionCookie), Clock::now())) return redirect(res, "/office");
    send_page(res, 200,
              render_login_page(office_texts, "", "",
                                login_nonces.issue(login_nonce_binding(), unix_ms_now())));
  }

  void login(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    const std::string user = field(fields, "user"), password = field(fields, "password");
    const auto again = [&](int status, std::string_view message) {
      send_page(res, status,
                render_login_page(office_texts, message, valid_user_name(user) ? user : "",
                                  login_nonces.issue(login_nonce_binding(), unix_ms_now())));
    };
    if (!login_nonces.consume(field(fields, "nonce"), login_nonce_binding(), unix_ms_now()))
      return again(403, office_texts.text("office.login.expired"));
    // Names that cannot be logins share one count: the table holds no arbitrary text.
    const std::string counted = valid_user_name(user) ? user : std::string();
    const auto wait = throttle.admit(counted, req.remote_addr, Clock::now());
    if (wait.count() > 0) {
      res.set_header("Retry-After", std::to_string(wait.count()));
      return again(429, format_message(office_texts.text("office.login.too_many"),
                                       {{"seconds", std::to_string(wait.count())}}));
    }
    auto found = valid_user_name(user) ? store.find_user(user)
                                       : Result<std::optional<OfficeUser>>(std::nullopt);
    if (!found) return again(503, office_texts.text("office.login.database"));
    auto turn = password_checks.enter();
    if (!turn) {
      log_warning("login.busy", "password checks all taken; a login was asked to try again");
      res.set_header("Retry-After", "5");
      return again(503, office_texts.text("office.login.busy"));
    }
    bool ok = false;
    if (*found)
      ok = verify_password((*found)->password_hash, password);
    else
      verify_password_of_nobody(password);
    turn.reset();
    if (!ok) {
      audit(failed_login_name(user, found->has_value()), "login_failed", req.remote_addr, "");
      return again(401, office_texts.text("office.login.wrong"));
    }
    throttle.succeeded(counted, req.remote_addr);
    res.set_header("Set-Cookie",
                   set_cookie(sessions.create(user, Clock::now(), (*found)->created_at_ms), false));
    audit(user, "login", req.remote_addr, "");
    redirect(res, "/office");
  }

  void logout(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    auto s = post_session(req, res, fields);
    if (!s) return;
    sessions.end(cookie(req, kSessionCookie));
    audit(s->user, "logout", "", "");
    res.set_header("Set-Cookie", set_cookie("", true));
    redirect(res, "/office/login");
  }

  // --- records -------------------------------------------------------------------------

  // The filter from the query; what cannot be used is left out and said in notice. map: the
  // recognition map in use, whose competent bodies may be asked for.
  RecordFilter filter_of(const http::Request& req, std::string& notice,
                         const RecognitionMap* map) const {
    RecordFilter f;
    const WayChoices ways = way_choices(context(map), office_texts);
    for (auto [name, label, choices, target] :
         {std::tuple{"major", "office.records.isco_major", &ways.majors, &f.isco_major},
          std::tuple{"regulated", "office.records.regulated", &ways.regulated, &f.regulated},
          std::tuple{"procedure", "office.records.procedure", &ways.procedures, &f.procedure},
          std::tuple{"body", "office.records.body", &ways.bodies, &f.body}}) {
      const std::string value = req.get_param_value(name);
      if (value.empty()) continue;
      if (std::any_of(choices->begin(), choices->end(),
                      [&](const auto& c) { return c.first == value; }))
        *target = value;
      else
        notice = format_message(office_texts.text("office.records.bad_choice"),
                                {{"value", value}, {"filter", office_texts.text(label)}});
    }
    f.text = req.get_param_value("q");
    f.event_id = req.get_param_value("event");
    f.country = req.get_param_value("country");
    f.occupation = req.get_param_value("occupation");
    f.language = req.get_param_value("language");
    for (auto [name, target] : {std::pair{"from", &f.date_from}, std::pair{"to", &f.date_to}}) {
      const std::string value = req.get_param_value(name);
      if (value.empty()) continue;
      if (is_calendar_date(value))
        *target = value;
      else
        notice = format_message(office_texts.text("office.records.bad_date"), {{"value", value}});
    }
    const std::string advice = req.get_param_value("advice");
    if (advice == "yes") f.wants_advice = true;
    if (advice == "no") f.wants_advice = false;
    f.limit = kPageSize;
    const std::string page = req.get_param_value("page");
    std::uint64_t n = 1;
    if (!page.empty()) {
      auto [end, ec] = std::from_chars(page.data(), page.data() + page.size(), n);
      if (ec != std::errc() || end != page.data() + page.size() || n == 0 || n > 1000000) n = 1;
    }
    f.offset = (n - 1) * kPageSize;
    return f;
  }

  // A counsellor's every search is its own office's, whatever the query says; an administrator
  // sees every office's, or one office's with ?office=<id>.
  static void scope_to_office(const OfficeSession& s, const http::Request& req, RecordFilter& f) {
    if (s.role != OfficeRole::administrator) {
      f.office_id = s.office_id;
      return;
    }
    f.office_id = whole_number(req.get_param_value("office"), 1, INT64_MAX);
  }

  // The search words within kMaxSearchCharacters and kMaxSearchWords, or the plain 400 page.
  bool search_within_bounds(const http::Request& req, http::Response& res,
                            const OfficeLayout& layout) {
    const std::string q = req.get_param_value("q");
    std::size_t characters = 0, words = 0;
    bool in_word = false;
    for (unsigned char c : q) {
      if ((c & 0xC0) != 0x80) ++characters;
      const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    if (characters <= kMaxSearchCharacters && words <= kMaxSearchWords) return true;
    send_page(res, 400,
              render_office_message(
                  layout, office_texts.text("office.records.search_too_long.title"),
                  format_message(office_texts.text("office.records.search_too_long.text"),
                                 {{"characters", std::to_string(kMaxSearchCharacters)},
                                  {"words", std::to_string(kMaxSearchWords)}}),
                  "/office/records", office_texts.text("office.to_list")));
    return false;
  }

  void records(const http::Request& req, http::Response& res) {
    auto s = session(req, res);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "records", s->role};
    if (!search_within_bounds(req, res, layout)) return;
    std::string notice;
    const auto map = recognition.current();
    RecordFilter filter = filter_of(req, notice, map.get());
    scope_to_office(*s, req, filter);
    auto page = store.search_records(filter);
    if (!page) return store_failed(res, layout, page.error());
    // A counsellor's filter boxes offer its own office's events and values only.
    auto facets = store.record_facets(filter.office_id);
    if (!facets) return store_failed(res, layout, facets.error());
    std::vector<Office> offices;
    if (s->role == OfficeRole::administrator) {
      auto all = store.list_offices();
      if (!all) return store_failed(res, layout, all.error());
      offices = std::move(*all);
    }
    send_page(
        res, 200,
        render_records_page(context(map.get()), layout, {filter, *facets, *page, notice, offices}));
  }

  // What the path's id names, found by find(id); otherwise the store's failure or the "not here"
  // page (its title and text keys, and the list it links back to) is written.
  template <class T, class Find>
  std::optional<T> found_by_path_id(const http::Request& req, http::Response& res,
                                    const OfficeLayout& layout, Find find, const char* title_key,
                                    const char* text_key, const char* back, const char* back_key) {
    const auto id = array_from_hex<16>(req.matches[1]);
    if (id) {
      auto found = find(*id);
      if (!found) {
        store_failed(res, layout, found.error());
        return std::nullopt;
      }
      if (*found) return std::move(**found);
    }
    send_page(
        res, 404,
        render_office_message(layout, office_texts.text(title_key), office_texts.text(text_key),
                              back, office_texts.text(back_key)));
    return std::nullopt;
  }

  // The record of /office/records/<hex>..., or the "not here" page written: also for a record
  // of a person the session may not see.
  std::optional<RecordSummary> record_of(const http::Request& req, http::Response& res,
                                         const OfficeLayout& layout, const OfficeSession& s) {
    return found_by_path_id<RecordSummary>(
        req, res, layout,
        [&](const auto& id) -> Result<std::optional<RecordSummary>> {
          auto visible = may_see_record(s, id);
          if (!visible) return std::unexpected(visible.error());
          if (!*visible) return std::nullopt;
          return store.find_record(id);
        },
        "office.record.not_found.title", "office.record.not_found.text", "/office/records",
        "office.to_list");
  }

  void record(const http::Request& req, http::Response& res) {
    auto s = session(req, res);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "records", s->role};
    auto r = record_of(req, res, layout, *s);
    if (!r) return;
    std::string kiosk = office_texts.text("office.record.kiosk_unknown");
    if (auto device = store.find_device(r->device_id); device && *device) kiosk = (*device)->name;
    auto codings = store.codings(r->record_id);
    if (!codings) return store_failed(res, layout, codings.error());
    auto person = store.person_of(r->record_id);
    if (!person) return store_failed(res, layout, person.error());
    audit(s->user, "view", to_hex(r->record_id), "");
    send_page(res, 200, render_record_page(context(), layout, *r, kiosk, *codings, *person));
  }

  // --- coding a typed occupation ---------------------------------------------------------

  const script::OccupationSearch* occupation_search() {
    std::call_once(search_once, [&] {
      const auto started = Clock::now();
      search = script::OccupationSearch::build(occupations.esco(), occupations.labels());
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
      if (*search)
        log_info("office_coding.search",
                 "built in " + std::to_string(ms.count()) +
                     " ms: " + std::to_string((*search)->labels()) + " labels, " +
                     std::to_string((*search)->memory_bytes() >> 20) + " MiB");
      else
        log_error("office_coding.search", search->error().code, search->error().message);
    });
    return *search ? &**search : nullptr;
  }

  // The record's typed occupation that the request's "answer" names, or the refusal written
  // (nothing stored).
  std::optional<TypedOccupation> typed_answer(const RecordSummary& r, std::string_view path,
                                              http::Response& res, const OfficeLayout& layout) {
    for (TypedOccupation& t : typed_occupations(json::parse(r.record_json, nullptr, false)))
      if (t.path == path) return std::move(t);
    coding_refused(res, layout, r, 400, "office.coding.unknown_answer.title",
                   "office.coding.unknown_answer.text");
    return std::nullopt;
  }

  void coding_refused(http::Response& res, const OfficeLayout& layout, const RecordSummary& r,
                      int status, const char* title_key, const char* text_key) {
    send_page(
        res, status,
        render_office_message(layout, office_texts.text(title_key), office_texts.text(text_key),
                              "/office/records/" + to_hex(r.record_id),
                              office_texts.text("office.coding.back")));
  }

  CodingSuggestion suggestion(std::uint32_t row) const {
    const EscoReference& ref = occupations.esco();
    CodingSuggestion s{ref.uri(row),
                       std::string(ref.preferred(row, EscoLanguage::de)),
                       std::string(ref.isco(row)),
                       std::string(ref.isco_title(ref.isco(row), EscoLanguage::de)),
                       "",
                       ""};
    if (const auto map = recognition.current()) {
      const RecognitionEntry& way = *map->way_for(s.uri, &esco).entry;
      s.regulated = regulated_name(way.regulated);
      s.procedure = procedure_name(way.procedure);
      s.expert_checked = way.expert_checked;
    }
    return s;
  }

  void coding_page(const http::Request& req, http::Response& res) {
    auto s = session(req, res);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "records", s->role};
    auto r = record_of(req, res, layout, *s);
    if (!r) return;
    auto answer = typed_answer(*r, req.get_param_value("answer"), res, layout);
    if (!answer) return;
    if (!search_within_bounds(req, res, layout)) return;
    const auto* occupation_index = occupation_search();
    if (!occupation_index)
      return coding_refused(res, layout, *r, 503, "office.coding.unavailable.title",
                            "office.coding.unavailable.text");
    const std::string query = req.params.contains("q") ? req.get_param_value("q") : answer->words;
    std::vector<CodingSuggestion> suggestions;
    for (const script::OccupationHit& hit : occupation_index->query(query, "de", 10))
      suggestions.push_back(suggestion(hit.row));
    auto codings = store.codings(r->record_id);
    if (!codings) return store_failed(res, layout, codings.error());
    const auto current = std::find_if(codings->begin(), codings->end(),
                                      [&](const auto& c) { return c.answer_path == answer->path; });
    send_page(res, 200,
              render_coding_page(context(), layout,
                                 {to_hex(r->record_id), *answer, query, suggestions,
                                  current == codings->end() ? nullptr : &*current}));
  }

  // Set (uri given) or remove a coding: POSTs with the CSRF token, audited without the
  // person's words, then the record's row in the office's search is computed again.
  void code(const http::Request& req, http::Response& res, bool set) {
    const http::Params fields = form_fields(req);
    auto s = post_session(req, res, fields);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "records", s->role};
    auto r = record_of(req, res, layout, *s);
    if (!r) return;
    auto answer = typed_answer(*r, field(fields, "answer"), res, layout);
    if (!answer) return;
    const std::string hex = to_hex(r->record_id);
    if (set) {
      const std::string uri = field(fields, "uri");
      const auto row = uri.starts_with(EscoReference::uri_prefix) ? occupations.esco().find(uri)
                                                                  : std::optional<std::uint32_t>();
      if (!row)
        return coding_refused(res, layout, *r, 400, "office.coding.unknown_uri.title",
                              "office.coding.unknown_uri.text");
      if (auto done = store.set_coding(
              {r->record_id, answer->path, occupations.esco().uri(*row), s->user, unix_ms_now()});
          !done)
        return store_failed(res, layout, done.error());
    } else if (auto done = store.remove_coding(r->record_id, answer->path); !done) {
      return store_failed(res, layout, done.error());
    }
    audit(s->user, set ? "code_occupation" : "uncode_occupation", hex, answer->path);
    // The coding is saved; a failed reindex leaves the filters behind until the next start.
    if (auto again = store.reindex_record(r->record_id); !again)
      log_error("office_coding.reindex_failed", again.error().code,
                "a coded record's search row could not be computed again");
    redirect(res, "/office/records/" + hex + "#codings");
  }

  void erase_confirm(const http::Request& req, http::Response& res) {
    auto s = session(req, res);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "records", s->role};
    auto r = record_of(req, res, layout, *s);
    if (!r) return;
    const json record = json::parse(r->record_json, nullptr, false);
    send_page(res, 200, render_erase_page(layout, to_hex(r->record_id), person_name(record), ""));
  }

  void erase(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    auto s = post_session(req, res, fields);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "records", s->role};
    auto r = record_of(req, res, layout, *s);
    if (!r) return;
    const std::string reason = trimmed(field(fields, "reason"));
    const json record = json::parse(r->record_json, nullptr, false);
    const std::string hex = to_hex(r->record_id);
    if (reason.empty() || reason.size() > kMaxReasonLength)
      return send_page(
          res, 400,
          render_erase_page(layout, hex, person_name(record),
                            office_texts.text(reason.empty() ? "office.erase.no_reason"
                                                             : "office.erase.reason_too_long")));
    auto erased =
        store.tombstone(r->record_id, "erased by the office (see the audit log)", unix_ms_now());
    if (!erased) return store_failed(res, layout, erased.error());
    audit(s->user, "erase", hex, reason);
    send_page(res, 200,
              render_office_message(layout, office_texts.text("office.erased.title"),
                                    office_texts.text("office.erased.text"), "/office/records",
                                    office_texts.text("office.to_list")));
  }

  // --- exports -------------------------------------------------------------------------

  void export_records(const http::Request& req, http::Response& res, bool csv) {
    auto s = session(req, res);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "records", s->role};
    if (!search_within_bounds(req, res, layout)) return;
    std::string notice;
    const auto map = recognition.current();
    RecordFilter filter = filter_of(req, notice, map.get());
    scope_to_office(*s, req, filter);
    filter.limit = 0;
    filter.offset = 0;
    auto page = store.search_records(filter);
    if (!page) return store_failed(res, layout, page.error());
    // The office's codings go beside each record's answers (all read at once).
    auto all = store.all_codings();
    if (!all) return store_failed(res, layout, all.error());
    std::map<RecordId, std::vector<OccupationCoding>> by_record;
    for (OccupationCoding& c : *all) by_record[c.record_id].push_back(std::move(c));
    std::vector<std::vector<OccupationCoding>> codings;
    codings.reserve(page->rows.size());
    for (const RecordSummary& row : page->rows) {
      auto found = by_record.find(row.record_id);
      codings.push_back(found == by_record.end() ? std::vector<OccupationCoding>{}
                                                 : std::move(found->second));
    }
    // The audit says how many and which filters were used, never the values (a search for a
    // name would put the name into the log).
    std::string used;
    for (const char* name : {"q", "event", "from", "to", "country", "occupation", "language",
                             "advice", "major", "regulated", "procedure", "body", "office"})
      if (!req.get_param_value(name).empty())
        used += (used.empty() ? "" : ", ") + std::string(name);
    audit(s->user, csv ? "export_csv" : "export_json",
          std::to_string(page->rows.size()) + " Profil(e)" +
              (used.empty() ? "" : "; Filter: " + used),
          "");
    const std::string day = rfc3339_utc_of_unix_ms(unix_ms_now()).substr(0, 10);
    res.status = 200;
    res.set_header("Content-Disposition",
                   "attachment; filename=\"sichtbar-profile-" + day + (csv ? ".csv\"" : ".json\""));
    const ExportCodings coded{codings, &occupations};
    if (csv)
      res.set_content(records_csv(forms, page->rows, map.get(), coded), "text/csv; charset=utf-8");
    else
      res.set_content(records_json(page->rows, map.get(), coded),
                      "application/json; charset=utf-8");
  }

  // --- kiosks and audit log ------------------------------------------------------------

  void kiosks(const http::Request& req, http::Response& res) {
    auto s = session(req, res);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "kiosks", s->role};
    auto devices = store.list_devices();
    if (!devices) return store_failed(res, layout, devices.error());
    std::vector<KioskRow> rows;
    for (const Device& d : *devices) {
      auto cp = store.checkpoint(d.device_id);
      if (!cp) return store_failed(res, layout, cp.error());
      rows.push_back({d, *cp});
    }
    auto offices = store.list_offices();
    if (!offices) return store_failed(res, layout, offices.error());
    send_page(res, 200, render_kiosks_page(layout, rows, *offices));
  }

  std::optional<Device> device_of(const http::Request& req, http::Response& res,
                                  const OfficeLayout& layout) {
    return found_by_path_id<Device>(
        req, res, layout, [&](const auto& id) { return store.find_device(id); },
        "office.kiosk.not_found.title", "office.kiosk.not_found.text", "/office/kiosks",
        "office.to_kiosks");
  }

  void revoke_confirm(const http::Request& req, http::Response& res) {
    auto s = session(req, res);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "kiosks", s->role};
    auto device = device_of(req, res, layout);
    if (!device) return;
    send_page(res, 200, render_revoke_page(layout, *device));
  }

  void revoke(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    auto s = post_session(req, res, fields);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "kiosks", s->role};
    auto device = device_of(req, res, layout);
    if (!device) return;
    if (auto r = store.revoke_device(device->device_id, unix_ms_now()); !r)
      return store_failed(res, layout, r.error());
    audit(s->user, "revoke_kiosk", to_hex(device->device_id), "");
    send_page(res, 200,
              render_office_message(layout, office_texts.text("office.revoked.title"),
                                    office_texts.text("office.revoked.text"), "/office/kiosks",
                                    office_texts.text("office.to_kiosks")));
  }

  // --- quarantine ----------------------------------------------------------------------

  void quarantine(const http::Request& req, http::Response& res) {
    auto s = session(req, res);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "quarantine", s->role};
    auto held = store.list_quarantined(500);
    if (!held) return store_failed(res, layout, held.error());
    std::vector<QuarantineRow> rows;
    for (QuarantinedEnvelope& q : *held) {
      std::string kiosk = office_texts.text("office.record.kiosk_unknown");
      if (auto device = store.find_device(q.device_id); device && *device) kiosk = (*device)->name;
      rows.push_back({std::move(q), std::move(kiosk)});
    }
    send_page(res, 200, render_quarantine_page(layout, rows));
  }

  // Release and Discard: POSTs with the CSRF token; /office/quarantine/<envelope sha256>/...
  void quarantine_action(const http::Request& req, http::Response& res, bool release) {
    const http::Params fields = form_fields(req);
    auto s = post_session(req, res, fields);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "quarantine", s->role};
    const auto message = [&](int status, const char* title, const std::string& text) {
      send_page(res, status,
                render_office_message(layout, office_texts.text(title), text, "/office/quarantine",
                                      office_texts.text("office.to_quarantine")));
    };
    const std::string hex = req.matches[1];
    Sha256 id{};
    const auto bytes = from_hex(hex);
    if (bytes && bytes->size() == id.size()) std::copy(bytes->begin(), bytes->end(), id.begin());
    auto found = store.find_quarantined(id);
    if (!found) return store_failed(res, layout, found.error());
    if (!*found)
      return message(404, "office.quarantine.not_found.title",
                     office_texts.text("office.quarantine.not_found.text"));
    if (!release) {
      auto gone = store.discard_quarantined(id);
      if (!gone) return store_failed(res, layout, gone.error());
      audit(s->user, "quarantine_discard", hex,
            (*found)->reason.substr(0, (*found)->reason.find(':')));
      return message(200, "office.discarded.title", office_texts.text("office.discarded.text"));
    }
    auto outcome = release_quarantined(store, ingest, id, unix_ms_now());
    if (!outcome) return store_failed(res, layout, outcome.error());
    const std::string code = outcome->reason.substr(0, outcome->reason.find(':'));
    const bool released =
        outcome->status == IngestStatus::Stored || outcome->status == IngestStatus::Duplicate;
    audit(s->user, released ? "quarantine_release" : "quarantine_release_refused", hex,
          released ? std::string(ingest_status_name(outcome->status)) : code);
    if (released)
      return message(200, "office.released.title", office_texts.text("office.released.text"));
    message(409, "office.release_refused.title",
            format_message(office_texts.text("office.release_refused.text"),
                           {{"reason", quarantine_reason_text(office_texts, outcome->reason) +
                                           " (" + neutralise_hidden_text(code, false) + ")"}}));
  }

  // Where a login starts: the records for those who work with people, else what the role can see.
  void home(const http::Request& req, http::Response& res) {
    auto s = session(req, res);
    if (!s) return;
    if (s->role != OfficeRole::statistics) return redirect(res, "/office/records");
    const OfficeLayout layout{office_texts, s->user, s->csrf, "", s->role};
    auto office = store.find_office(s->office_id);
    if (!office) return store_failed(res, layout, office.error());
    send_page(
        res, 200,
        render_statistics_home(layout, *office ? (*office)->name : std::to_string(s->office_id)));
  }

  void audit_log(const http::Request& req, http::Response& res) {
    auto s = session(req, res);
    if (!s) return;
    const OfficeLayout layout{office_texts, s->user, s->csrf, "audit", s->role};
    auto entries = store.list_audit(500);
    if (!entries) return store_failed(res, layout, entries.error());
    send_page(res, 200, render_audit_page(layout, *entries));
  }
};

OfficeUi::OfficeUi(HubStore& store, const FormLibrary& forms, const PageTexts& texts,
                   const OfficeTexts& office_texts, const OccupationList& occupations,
                   RecognitionMapInUse& recognition, const HubKeys& keys, bool secure_cookie,
                   const IngestContext& ingest, unsigned password_checks_at_once)
    : impl_(std::make_unique<Impl>(store, forms, texts, office_texts, occupations, recognition,
                                   keys, secure_cookie, ingest, password_checks_at_once)) {}

OfficeUi::~OfficeUi() = default;

void OfficeUi::mount(http::Router& routes) {
  Impl* o = impl_.get();
  routes.define("record_id", "[0-9a-f]{32}");
  routes.define("device_id", "[0-9a-f]{32}");
  constexpr std::string_view kRecord = "/office/records/{record_id}";
  constexpr std::string_view kKiosk = "/office/kiosks/{device_id}";
  const auto home = [o](const http::Request& req, http::Response& res) { o->home(req, res); };
  routes.get("/office", home);
  routes.get("/office/", home);
  routes.get("/office/login", [o](const auto& req, auto& res) { o->login_page(req, res); });
  routes.post("/office/login", [o](const auto& req, auto& res) { o->login(req, res); });
  routes.post("/office/logout", [o](const auto& req, auto& res) { o->logout(req, res); });
  routes.get("/office/records", [o](const auto& req, auto& res) { o->records(req, res); });
  routes.get(std::string(kRecord), [o](const auto& req, auto& res) { o->record(req, res); });
  routes.get(std::string(kRecord) + "/erase",
             [o](const auto& req, auto& res) { o->erase_confirm(req, res); });
  routes.post(std::string(kRecord) + "/erase",
              [o](const auto& req, auto& res) { o->erase(req, res); });
  routes.get(std::string(kRecord) + "/code",
             [o](const auto& req, auto& res) { o->coding_page(req, res); });
  routes.post(std::string(kRecord) + "/code",
              [o](const auto& req, auto& res) { o->code(req, res, true); });
  routes.post(std::string(kRecord) + "/uncode",
              [o](const auto& req, auto& res) { o->code(req, res, false); });
  routes.get("/office/export.csv",
             [o](const auto& req, auto& res) { o->export_records(req, res, true); });
  routes.get("/office/export.json",
             [o](const auto& req, auto& res) { o->export_records(req, res, false); });
  routes.get("/office/kiosks", [o](const auto& req, auto& res) { o->kiosks(req, res); });
  routes.get(std::string(kKiosk) + "/revoke",
             [o](const auto& req, auto& res) { o->revoke_confirm(req, res); });
  routes.post(std::string(kKiosk) + "/revoke",
              [o](const auto& req, auto& res) { o->revoke(req, res); });
  routes.get("/office/audit", [o](const auto& req, auto& res) { o->audit_log(req, res); });
  mount_case_routes(
      routes, {o->store, o->forms, o->texts, o->office_texts, o->occupations, o->recognition, *o});
  mount_people_routes(routes, {o->store, o->forms, o->texts, o->office_texts, o->occupations, *o});
  mount_figures_routes(routes, o->store, o->office_texts, *o);
  routes.define("envelope_sha256", "[0-9a-f]{64}");
  constexpr std::string_view kHeld = "/office/quarantine/{envelope_sha256}";
  routes.get("/office/quarantine", [o](const auto& req, auto& res) { o->quarantine(req, res); });
  routes.post(std::string(kHeld) + "/release",
              [o](const auto& req, auto& res) { o->quarantine_action(req, res, true); });
  routes.post(std::string(kHeld) + "/discard",
              [o](const auto& req, auto& res) { o->quarantine_action(req, res, false); });
  mount_office_admin(routes, o->store, o->office_texts, *o, o->ingest.consent_book);
}

}  // namespace sichtbar::hub::web
