// The administrator's office pages; see office_admin.h.
#include "hub/web/office_admin.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <tuple>
#include <variant>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/dates.h"
#include "base/text.h"
#include "hub/web/html.h"
#include "hub/web/http_forms.h"
#include "protocol/office_settings.h"

namespace sichtbar::hub::web {

namespace {

// A labelled field of a form; rows > 0: a textarea.
void form_field(HtmlBuilder& html, std::string_view id, std::string_view name,
                std::string_view label, std::string_view type, std::string_view value,
                int rows = 0) {
  html.open("div", {{"class", "filter-field wide"}});
  html.element("label", label, {{"for", id}});
  if (rows > 0)
    html.element("textarea", value, {{"id", id}, {"name", name}, {"rows", rows == 2 ? "2" : "4"}});
  else
    html.void_element("input", {{"type", type}, {"id", id}, {"name", name}, {"value", value}});
  html.close("div");
}

// A select of (value, label) pairs with `chosen` selected; labels are shown, not obeyed.
void choice(HtmlBuilder& html, std::string_view id, std::string_view name, std::string_view label,
            std::string_view chosen,
            const std::vector<std::pair<std::string, std::string>>& options) {
  if (!label.empty()) html.element("label", label, {{"for", id}});
  html.open("select", {{"id", id}, {"name", name}});
  for (const auto& [value, text] : options) {
    const std::string shown = neutralise_hidden_text(text, false);
    if (value == chosen)
      html.element("option", shown, {{"value", value}, {"selected", "selected"}});
    else
      html.element("option", shown, {{"value", value}});
  }
  html.close("select");
}

std::vector<std::pair<std::string, std::string>> role_options(const OfficeTexts& t) {
  std::vector<std::pair<std::string, std::string>> out;
  for (OfficeRole role :
       {OfficeRole::counsellor, OfficeRole::statistics, OfficeRole::administrator})
    out.emplace_back(std::string(office_role_name(role)), role_label(t, role));
  return out;
}

std::vector<std::pair<std::string, std::string>> office_options(std::span<const Office> offices) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Office& o : offices) out.emplace_back(std::to_string(o.id), o.name);
  return out;
}

std::string office_name(std::span<const Office> offices, std::int64_t id) {
  for (const Office& o : offices)
    if (o.id == id) return o.name;
  return std::to_string(id);
}

void message_line(HtmlBuilder& html, std::string_view message) {
  if (!message.empty()) html.element("p", message, {{"class", "notice"}, {"role", "alert"}});
}

// The office's settings as a form (add: action "/office/admin/offices/add").
void office_form(HtmlBuilder& html, const OfficeTexts& t, std::string_view csrf,
                 const std::string& action, const Office& o, std::string_view button) {
  html.open("form", {{"method", "post"}, {"action", action}, {"class", "filter"}});
  csrf_field(html, csrf);
  form_field(html, "o-name", "name", t.text("office.offices.name"), "text", o.name);
  form_field(html, "o-contact", "contact", t.text("office.offices.contact"), "text", o.contact, 4);
  form_field(html, "o-dpo", "dpo", t.text("office.offices.dpo"), "text", o.data_protection_officer,
             2);
  form_field(html, "o-authority", "authority", t.text("office.offices.authority"), "text",
             o.supervisory_authority, 4);
  form_field(html, "o-retention", "retention_days", t.text("office.offices.retention"), "number",
             std::to_string(o.retention_days));
  html.open("div", {{"class", "actions"}});
  html.element("button", button, {{"type", "submit"}, {"class", "button primary"}});
  html.close("div").close("form");
}

// The routes' handlers; every one runs after the gate allowed the session on its route.
struct Admin {
  HubStore& store;
  const OfficeTexts& t;
  OfficeGate& gate;
  ConsentTextBook* consent_book;

  OfficeLayout layout_of(const OfficeSession& s, std::string_view section) const {
    return {t, s.user, s.csrf, section, s.role};
  }

  // --- logins --------------------------------------------------------------------------

  // The logins page with message (status 400 when it says what was refused).
  void logins_page(http::Response& res, const OfficeSession& s, std::string_view message = "",
                   const http::Params& typed = {}) {
    const OfficeLayout layout = layout_of(s, "admin/logins");
    auto users = store.list_users();
    if (!users) return gate.store_failed(res, layout, users.error());
    auto offices = store.list_offices();
    if (!offices) return gate.store_failed(res, layout, offices.error());
    const std::string name = field(typed, "name"), role = field(typed, "role"),
                      office = field(typed, "office");
    send_page(res, message.empty() ? 200 : 400,
              render_logins_page(layout, {*users, *offices, message, name, role, office}));
  }

  void logins(const http::Request& req, http::Response& res) {
    if (auto s = gate.session(req, res)) logins_page(res, *s);
  }

  // The role and office a form names, or the refusal written.
  std::optional<std::pair<OfficeRole, std::int64_t>> role_and_office(http::Response& res,
                                                                     const OfficeSession& s,
                                                                     const http::Params& fields) {
    const auto role = office_role_from_name(field(fields, "role"));
    if (!role) {
      logins_page(res, s, t.text("office.logins.bad_role"), fields);
      return std::nullopt;
    }
    const auto id = whole_number(field(fields, "office"), 1, INT64_MAX);
    auto office = id ? store.find_office(*id) : Result<std::optional<Office>>(std::nullopt);
    if (!office) {
      gate.store_failed(res, layout_of(s, "admin/logins"), office.error());
      return std::nullopt;
    }
    if (!*office) {
      logins_page(res, s, t.text("office.logins.bad_office"), fields);
      return std::nullopt;
    }
    return std::pair{*role, *id};
  }

  // Whether taking the administrator role from `name` (removing or demoting it) would leave the
  // hub without one: then nobody could manage logins any more.
  Result<bool> last_administrator(const std::string& name) {
    auto users = store.list_users();
    if (!users) return std::unexpected(users.error());
    bool is_admin = false;
    std::size_t admins = 0;
    for (const OfficeUser& u : *users) {
      if (u.role != OfficeRole::administrator) continue;
      ++admins;
      is_admin = is_admin || u.name == name;
    }
    return is_admin && admins == 1;
  }

  void add_login(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    auto s = gate.post_session(req, res, fields);
    if (!s) return;
    const std::string name = field(fields, "name");
    const std::string password = field(fields, "password");
    const auto refuse = [&](const char* key) { logins_page(res, *s, t.text(key), fields); };
    if (!valid_user_name(name)) return refuse("office.logins.bad_name");
    if (password != field(fields, "password_again"))
      return refuse("office.logins.password_mismatch");
    auto where = role_and_office(res, *s, fields);
    if (!where) return;
    auto existing = store.find_user(name);
    if (!existing) return gate.store_failed(res, layout_of(*s, "admin/logins"), existing.error());
    if (*existing) return refuse("office.logins.exists");
    auto hash = hash_password(password);
    if (!hash && hash.error().code.ends_with(".weak_password"))  // hash_password's code
      return logins_page(res, *s,
                         format_message(t.text("office.logins.password_short"),
                                        {{"min", std::to_string(kMinPasswordLength)}}),
                         fields);
    if (!hash) return gate.store_failed(res, layout_of(*s, "admin/logins"), hash.error());
    if (auto r = store.add_user({name, *hash, unix_ms_now(), where->first, where->second}); !r) {
      if (r.error().code == "hub_store.user_exists") return refuse("office.logins.exists");
      return gate.store_failed(res, layout_of(*s, "admin/logins"), r.error());
    }
    gate.audit(
        s->user, "user_add", name,
        std::string(office_role_name(where->first)) + ", office " + std::to_string(where->second));
    redirect(res, "/office/admin/logins");
  }

  void change_login(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    auto s = gate.post_session(req, res, fields);
    if (!s) return;
    const std::string name = field(fields, "name");
    auto user = valid_user_name(name) ? store.find_user(name)
                                      : Result<std::optional<OfficeUser>>(std::nullopt);
    if (!user) return gate.store_failed(res, layout_of(*s, "admin/logins"), user.error());
    if (!*user) return logins_page(res, *s, t.text("office.logins.unknown"));
    auto where = role_and_office(res, *s, fields);
    if (!where) return;
    if (where->first != OfficeRole::administrator) {
      auto last = last_administrator(name);
      if (!last) return gate.store_failed(res, layout_of(*s, "admin/logins"), last.error());
      if (*last) return logins_page(res, *s, t.text("office.logins.last_administrator"));
    }
    if (auto r = store.set_user_role(name, where->first, where->second); !r)
      return gate.store_failed(res, layout_of(*s, "admin/logins"), r.error());
    gate.audit(s->user, "user_role", name,
               std::string(office_role_name((*user)->role)) + ", office " +
                   std::to_string((*user)->office_id) + " -> " +
                   std::string(office_role_name(where->first)) + ", office " +
                   std::to_string(where->second));
    redirect(res, "/office/admin/logins");
  }

  void remove_login(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    auto s = gate.post_session(req, res, fields);
    if (!s) return;
    const std::string name = field(fields, "name");
    if (!valid_user_name(name)) return logins_page(res, *s, t.text("office.logins.unknown"));
    auto last = last_administrator(name);
    if (!last) return gate.store_failed(res, layout_of(*s, "admin/logins"), last.error());
    if (*last) return logins_page(res, *s, t.text("office.logins.last_administrator"));
    auto removed = store.remove_user(name);
    if (!removed) return gate.store_failed(res, layout_of(*s, "admin/logins"), removed.error());
    if (!*removed) return logins_page(res, *s, t.text("office.logins.unknown"));
    gate.audit(s->user, "user_remove", name, "");
    redirect(res, "/office/admin/logins");
  }

  // --- offices -------------------------------------------------------------------------

  // The office the form describes (id: the edited office's, 0 for a new one), or the message
  // that says what is wrong with it.
  std::variant<Office, std::string> office_of(const http::Params& fields, std::int64_t id) const {
    Office o;
    o.id = id;
    o.name = field(fields, "name");
    o.contact = field(fields, "contact");
    o.data_protection_officer = field(fields, "dpo");
    o.supervisory_authority = field(fields, "authority");
    o.updated_at_ms = unix_ms_now();
    const auto days = whole_number(field(fields, "retention_days"), 0, kMaxRetentionDays);
    o.retention_days = days ? static_cast<std::int32_t>(*days) : -1;
    const std::string problem = settle_office(o);
    if (problem.empty()) return o;
    static constexpr std::pair<std::string_view, const char*> kProblems[] = {
        {"bad_text", "office.offices.bad_text"},
        {"no_name", "office.offices.no_name"},
        {"too_long", "office.offices.too_long"},
        {"bad_retention", "office.offices.bad_retention"}};
    const char* key = "office.offices.bad_text";
    for (const auto& [code, k] : kProblems)
      if (code == problem) key = k;
    return format_message(t.text(key), {{"name", std::to_string(kMaxOfficeName)},
                                        {"text", std::to_string(kMaxOfficeText)},
                                        {"max", std::to_string(kMaxRetentionDays)}});
  }

  void offices_page(http::Response& res, const OfficeSession& s, const Office& typed,
                    std::string_view message) {
    const OfficeLayout layout = layout_of(s, "admin/offices");
    auto offices = store.list_offices();
    if (!offices) return gate.store_failed(res, layout, offices.error());
    send_page(res, message.empty() ? 200 : 400,
              render_offices_page(layout, *offices, typed, message));
  }

  void offices(const http::Request& req, http::Response& res) {
    if (auto s = gate.session(req, res)) offices_page(res, *s, Office{}, "");
  }

  void add_office(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    auto s = gate.post_session(req, res, fields);
    if (!s) return;
    auto office = office_of(fields, 0);
    if (auto* message = std::get_if<std::string>(&office)) {
      Office typed;
      typed.name = field(fields, "name");
      typed.contact = field(fields, "contact");
      typed.data_protection_officer = field(fields, "dpo");
      typed.supervisory_authority = field(fields, "authority");
      return offices_page(res, *s, typed, *message);
    }
    auto taken = office_name_taken(store, std::get<Office>(office).name, 0);
    if (!taken) return gate.store_failed(res, layout_of(*s, "admin/offices"), taken.error());
    if (*taken)
      return offices_page(res, *s, std::get<Office>(office), t.text("office.offices.exists"));
    auto id = store.add_office(std::get<Office>(office));
    if (!id && id.error().code == "hub_store.office_exists")
      return offices_page(res, *s, std::get<Office>(office), t.text("office.offices.exists"));
    if (!id) return gate.store_failed(res, layout_of(*s, "admin/offices"), id.error());
    gate.audit(s->user, "office_add", "office " + std::to_string(*id), "");
    redirect(res, "/office/admin/offices");
  }

  // The office of /office/admin/offices/<id>, or the "not here" page written.
  std::optional<Office> office_at(const http::Request& req, http::Response& res,
                                  const OfficeSession& s) {
    const OfficeLayout layout = layout_of(s, "admin/offices");
    const auto id = whole_number(req.matches[1], 1, INT64_MAX);
    auto found = id ? store.find_office(*id) : Result<std::optional<Office>>(std::nullopt);
    if (!found) {
      gate.store_failed(res, layout, found.error());
      return std::nullopt;
    }
    if (*found) return **found;
    send_page(res, 404,
              render_office_message(layout, t.text("office.offices.not_found.title"),
                                    t.text("office.offices.not_found.text"),
                                    "/office/admin/offices", t.text("office.to_offices")));
    return std::nullopt;
  }

  void office_page(const http::Request& req, http::Response& res) {
    auto s = gate.session(req, res);
    if (!s) return;
    if (auto office = office_at(req, res, *s))
      send_page(res, 200, render_office_page(layout_of(*s, "admin/offices"), *office, ""));
  }

  void update_office(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    auto s = gate.post_session(req, res, fields);
    if (!s) return;
    auto before = office_at(req, res, *s);
    if (!before) return;
    const OfficeLayout layout = layout_of(*s, "admin/offices");
    auto office = office_of(fields, before->id);
    if (auto* message = std::get_if<std::string>(&office)) {
      Office typed = *before;
      typed.name = field(fields, "name");
      typed.contact = field(fields, "contact");
      typed.data_protection_officer = field(fields, "dpo");
      typed.supervisory_authority = field(fields, "authority");
      return send_page(res, 400, render_office_page(layout, typed, *message));
    }
    const Office& after = std::get<Office>(office);
    auto taken = office_name_taken(store, after.name, after.id);
    if (!taken) return gate.store_failed(res, layout, taken.error());
    if (*taken)
      return send_page(res, 400,
                       render_office_page(layout, after, t.text("office.offices.exists")));
    // Kiosks may hold the settings until their next sync: the texts they show stay known.
    if (consent_book)
      if (auto kept = consent_book->keep_current(store); !kept)
        return gate.store_failed(res, layout, kept.error());
    if (auto r = store.update_office(after); !r) {
      if (r.error().code == "hub_store.office_exists")
        return send_page(res, 400,
                         render_office_page(layout, after, t.text("office.offices.exists")));
      return gate.store_failed(res, layout, r.error());
    }
    // Which settings changed, never their words (a contact may name a person).
    std::string changed;
    for (const auto& [name, was, is] :
         {std::tuple{"name", before->name, after.name},
          std::tuple{"contact", before->contact, after.contact},
          std::tuple{"dpo", before->data_protection_officer, after.data_protection_officer},
          std::tuple{"authority", before->supervisory_authority, after.supervisory_authority},
          std::tuple{"retention_days", std::to_string(before->retention_days),
                     std::to_string(after.retention_days)}})
      if (was != is) changed += (changed.empty() ? "" : ", ") + std::string(name);
    gate.audit(s->user, "office_update", "office " + std::to_string(after.id), changed);
    redirect(res, "/office/admin/offices");
  }

  // --- kiosks --------------------------------------------------------------------------

  void move_kiosk(const http::Request& req, http::Response& res) {
    const http::Params fields = form_fields(req);
    auto s = gate.post_session(req, res, fields);
    if (!s) return;
    const OfficeLayout layout = layout_of(*s, "kiosks");
    const auto message = [&](int status, const char* title, const char* text) {
      send_page(res, status,
                render_office_message(layout, t.text(title), t.text(text), "/office/kiosks",
                                      t.text("office.to_kiosks")));
    };
    DeviceId id{};
    const auto bytes = from_hex(req.matches[1]);
    if (bytes && bytes->size() == id.size()) std::copy(bytes->begin(), bytes->end(), id.begin());
    auto device = store.find_device(id);
    if (!device) return gate.store_failed(res, layout, device.error());
    if (!*device)
      return message(404, "office.kiosk.not_found.title", "office.kiosk.not_found.text");
    const auto office_id = whole_number(field(fields, "office"), 1, INT64_MAX);
    auto office =
        office_id ? store.find_office(*office_id) : Result<std::optional<Office>>(std::nullopt);
    if (!office) return gate.store_failed(res, layout, office.error());
    if (!*office) return message(400, "office.kiosks.bad_office.title", "office.logins.bad_office");
    if (auto r = store.move_device(id, *office_id); !r)
      return gate.store_failed(res, layout, r.error());
    gate.audit(
        s->user, "kiosk_move", to_hex(id),
        "office " + std::to_string((*device)->office_id) + " -> " + std::to_string(*office_id));
    redirect(res, "/office/kiosks");
  }
};

}  // namespace

Result<bool> office_name_taken(HubStore& store, std::string_view name, std::int64_t except_id) {
  auto offices = store.list_offices();
  if (!offices) return std::unexpected(offices.error());
  return std::any_of(offices->begin(), offices->end(),
                     [&](const Office& o) { return o.name == name && o.id != except_id; });
}

namespace {

// What the office's kiosks would get (receipt.cpp signs the same), for the shared test of what a
// consent cannot do without.
std::vector<std::string_view> missing_of(const Office& o) {
  return missing_office_settings({o.id, o.name, o.contact, o.data_protection_officer,
                                  o.supervisory_authority, o.retention_days, o.updated_at_ms});
}

}  // namespace

bool office_incomplete(const Office& o) { return o.updated_at_ms == 0 || !missing_of(o).empty(); }

std::string office_set_command(const Office& o) {
  static constexpr std::pair<std::string_view, std::string_view> kFlags[] = {
      {"name", "--name"},
      {"contact", "--contact"},
      {"data_protection_officer", "--dpo"},
      {"supervisory_authority", "--authority"}};
  const std::vector<std::string_view> missing = missing_of(o);
  std::string command = "sichtbar-hub office set " + std::to_string(o.id);
  for (const auto& [field, flag] : kFlags)
    if (std::find(missing.begin(), missing.end(), field) != missing.end() ||
        (field == "name" && o.updated_at_ms == 0))
      command += " " + std::string(flag) + " \"...\"";
  return command;
}

std::string settle_office(Office& o) {
  for (const std::string* text :
       {&o.name, &o.contact, &o.data_protection_officer, &o.supervisory_authority})
    if (!is_valid_utf8(*text)) return "bad_text";
  o.name = clean_text(o.name, false);
  for (std::string* text : {&o.contact, &o.data_protection_officer, &o.supervisory_authority})
    *text = clean_text(*text, true);
  if (o.name.empty()) return "no_name";
  if (count_code_points(o.name) > kMaxOfficeName || count_code_points(o.contact) > kMaxOfficeText ||
      count_code_points(o.data_protection_officer) > kMaxOfficeText ||
      count_code_points(o.supervisory_authority) > kMaxOfficeText)
    return "too_long";
  if (o.retention_days < 0 || o.retention_days > kMaxRetentionDays) return "bad_retention";
  return "";
}

const std::string& role_label(const OfficeTexts& t, OfficeRole role) {
  switch (role) {
    case OfficeRole::administrator:
      return t.text("office.role.administrator");
    case OfficeRole::counsellor:
      return t.text("office.role.counsellor");
    case OfficeRole::statistics:
      return t.text("office.role.statistics");
  }
  return t.text("office.role.unknown");
}

std::string render_logins_page(const OfficeLayout& layout, const LoginsView& view) {
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.element("h1", t.text("office.nav.logins"));
  main.element("p", t.text("office.logins.intro"));
  message_line(main, view.message);
  main.open("div", {{"class", "table-scroll"}});
  main.open("table", {{"class", "records"}});
  main.element("caption", t.text("office.logins.caption"));
  main.column_heads({t.text("office.logins.col.name"), t.text("office.logins.col.role"),
                     t.text("office.logins.col.office"), t.text("office.logins.col.added"),
                     t.text("office.col.actions")});
  const auto roles = role_options(t);
  const auto offices = office_options(view.offices);
  std::size_t row = 0;
  for (const OfficeUser& u : view.users) {
    const std::string n = std::to_string(++row);
    main.open("tr");
    main.open("td").person_text(u.name).close("td");
    main.element("td", role_label(t, u.role));
    main.open("td").person_text(office_name(view.offices, u.office_id)).close("td");
    main.element("td", rfc3339_utc_of_unix_ms(u.created_at_ms).substr(0, 10));
    main.open("td", {{"class", "actions"}});
    main.open("form", {{"method", "post"}, {"action", "/office/admin/logins/change"}});
    csrf_field(main, layout.csrf);
    main.void_element("input", {{"type", "hidden"}, {"name", "name"}, {"value", u.name}});
    choice(main, "role-" + n, "role", t.text("office.logins.role"), office_role_name(u.role),
           roles);
    choice(main, "office-" + n, "office", t.text("office.logins.office"),
           std::to_string(u.office_id), offices);
    main.element("button", t.text("office.logins.change"),
                 {{"type", "submit"}, {"class", "button"}});
    main.close("form");
    main.open("form", {{"method", "post"}, {"action", "/office/admin/logins/remove"}});
    csrf_field(main, layout.csrf);
    main.void_element("input", {{"type", "hidden"}, {"name", "name"}, {"value", u.name}});
    main.element("button", t.text("office.logins.remove"),
                 {{"type", "submit"}, {"class", "button danger"}});
    main.close("form");
    main.close("td");
    main.close("tr");
  }
  main.close("tbody").close("table").close("div");

  main.element("h2", t.text("office.logins.add_heading"));
  main.open("form",
            {{"method", "post"}, {"action", "/office/admin/logins/add"}, {"class", "filter"}});
  csrf_field(main, layout.csrf);
  form_field(main, "l-name", "name", t.text("office.logins.col.name"), "text", view.name);
  form_field(main, "l-password", "password",
             format_message(t.text("office.logins.password"),
                            {{"min", std::to_string(kMinPasswordLength)}}),
             "password", "");
  form_field(main, "l-again", "password_again", t.text("office.logins.password_again"), "password",
             "");
  main.open("div", {{"class", "filter-field"}});
  choice(main, "l-role", "role", t.text("office.logins.role"),
         view.role.empty() ? office_role_name(OfficeRole::counsellor) : view.role, roles);
  main.close("div").open("div", {{"class", "filter-field"}});
  choice(main, "l-office", "office", t.text("office.logins.office"), view.office, offices);
  main.close("div");
  main.open("div", {{"class", "actions"}});
  main.element("button", t.text("office.logins.add"),
               {{"type", "submit"}, {"class", "button primary"}});
  main.close("div").close("form");
  return office_document(layout, t.text("office.nav.logins"), main.str());
}

std::string render_offices_page(const OfficeLayout& layout, std::span<const Office> offices,
                                const Office& typed, std::string_view message) {
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.element("h1", t.text("office.nav.offices"));
  main.element("p", t.text("office.offices.intro"));
  main.open("div", {{"class", "table-scroll"}});
  main.open("table", {{"class", "records"}});
  main.element("caption", t.text("office.offices.caption"));
  main.column_heads({t.text("office.offices.col.id"), t.text("office.offices.name"),
                     t.text("office.offices.contact"), t.text("office.offices.dpo"),
                     t.text("office.offices.authority"), t.text("office.offices.col.retention"),
                     t.text("office.col.actions")});
  for (const Office& o : offices) {
    const std::string id = std::to_string(o.id);
    main.open("tr");
    main.element("td", id);
    main.open("td").person_text(o.name);
    if (office_incomplete(o))
      main.element("strong", t.text("office.offices.incomplete"), {{"class", "flag"}});
    main.close("td");
    for (const std::string* text :
         {&o.contact, &o.data_protection_officer, &o.supervisory_authority})
      main.open("td").person_text(*text).close("td");
    main.element("td", std::to_string(o.retention_days));
    main.open("td");
    main.element("a", t.text("office.offices.edit"),
                 {{"href", "/office/admin/offices/" + id}, {"class", "button"}});
    main.close("td");
    main.close("tr");
  }
  main.close("tbody").close("table").close("div");
  main.element("h2", t.text("office.offices.add_heading"));
  message_line(main, message);
  office_form(main, t, layout.csrf, "/office/admin/offices/add", typed,
              t.text("office.offices.add"));
  return office_document(layout, t.text("office.nav.offices"), main.str());
}

std::string render_office_page(const OfficeLayout& layout, const Office& office,
                               std::string_view message) {
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.open("h1").text(t.text("office.offices.edit_heading")).person_text(office.name).close("h1");
  if (office_incomplete(office))
    main.element("p", t.text("office.offices.incomplete_text"), {{"class", "notice flag"}});
  message_line(main, message);
  office_form(main, t, layout.csrf, "/office/admin/offices/" + std::to_string(office.id), office,
              t.text("office.offices.save"));
  main.open("p").element("a", t.text("office.to_offices"),
                         {{"href", "/office/admin/offices"}, {"class", "button"}});
  main.close("p");
  return office_document(layout, t.text("office.offices.edit_title"), main.str());
}

std::string render_statistics_home(const OfficeLayout& layout, std::string_view office_name) {
  const OfficeTexts& t = layout.texts;
  HtmlBuilder main;
  main.open("section", {{"class", "message"}});
  main.element("h1", t.text("office.statistics_home.title"));
  main.open("p").text(t.text("office.statistics_home.office")).person_text(office_name);
  main.close("p");
  main.element("p", t.text("office.statistics_home.text"));
  main.close("section");
  return office_document(layout, t.text("office.statistics_home.title"), main.str());
}

void mount_office_admin(http::Router& routes, HubStore& store, const OfficeTexts& texts,
                        OfficeGate& gate, ConsentTextBook* consent_book) {
  auto admin = std::make_shared<Admin>(Admin{store, texts, gate, consent_book});
  routes.define("office_id", "[0-9]{1,18}");
  routes.get("/office/admin/logins",
             [admin](const auto& req, auto& res) { admin->logins(req, res); });
  routes.post("/office/admin/logins/add",
              [admin](const auto& req, auto& res) { admin->add_login(req, res); });
  routes.post("/office/admin/logins/change",
              [admin](const auto& req, auto& res) { admin->change_login(req, res); });
  routes.post("/office/admin/logins/remove",
              [admin](const auto& req, auto& res) { admin->remove_login(req, res); });
  routes.get("/office/admin/offices",
             [admin](const auto& req, auto& res) { admin->offices(req, res); });
  routes.post("/office/admin/offices/add",
              [admin](const auto& req, auto& res) { admin->add_office(req, res); });
  routes.get("/office/admin/offices/{office_id}",
             [admin](const auto& req, auto& res) { admin->office_page(req, res); });
  routes.post("/office/admin/offices/{office_id}",
              [admin](const auto& req, auto& res) { admin->update_office(req, res); });
  routes.post("/office/kiosks/{device_id}/office",
              [admin](const auto& req, auto& res) { admin->move_kiosk(req, res); });
}

}  // namespace sichtbar::hub::web
