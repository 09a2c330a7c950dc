// The hub's web pages without a server: escaping, the builder, the profile page from records
// (hostile input in every field type, right to left, labels instead of values, German
// alongside), the neutral and erasure pages in every language, the erasure nonces, the rate
// limiter and the security headers.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "domain/form_library.h"
#include "domain/ui_languages.h"
#include "hub/ingest.h"
#include "hub/web/erase_nonce.h"
#include "hub/web/headers.h"
#include "hub/web/html.h"
#include "hub/web/profile_page.h"
#include "hub/web/rate_limit.h"
#include "hub/web/static_files.h"
#include "support/hostile_records.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using namespace sichtbar::hub::web;
using nlohmann::json;
using test::fixture_record;
using test::hostile_record;
using test::kHostile;

namespace {

// Every published version of the real form, as the hub loads them.
const FormLibrary& skills_forms() {
  static const FormLibrary forms = *FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  return forms;
}

const PageTexts& texts() {
  static const PageTexts t = [] {
    auto loaded = PageTexts::load(test::asset("i18n"));
    INFO((loaded ? "" : loaded.error().message));
    REQUIRE(loaded);
    return std::move(*loaded);
  }();
  return t;
}

const OccupationList& occupations() {
  static const OccupationList list = [] {
    auto loaded = OccupationList::load(test::asset(""));
    INFO((loaded ? "" : loaded.error().message));
    REQUIRE(loaded);
    return std::move(*loaded);
  }();
  return list;
}

PageContext context() { return {skills_forms(), texts(), &occupations()}; }

const std::string kToken = "q3Zr0-Xb_7LmN2pQaT9wYc";

// Every tag the pages may contain; anything else means markup got through.
const std::set<std::string> kAllowedTags = {
    "html", "head", "meta",   "title", "link",  "body",   "nav",  "ul",      "li",    "a",
    "span", "main", "header", "h1",    "h2",    "p",      "bdi",  "section", "dl",    "div",
    "dt",   "dd",   "ol",     "code",  "small", "footer", "form", "input",   "button"};

void check_no_markup_got_through(const std::string& html) {
  test::check_no_markup_got_through(html, kAllowedTags, {"?lang=", "/p/", "/assets/"});
}

}  // namespace

TEST_CASE("escape_text turns every markup character into an entity") {
  CHECK(escape_text("<a href=\"x\">Tom & 'Jerry'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  CHECK(escape_attribute("\" onmouseover=\"x") == "&quot; onmouseover=&quot;x");
  CHECK(escape_text("&amp;") == "&amp;amp;");  // escaped again: shown as typed
}

TEST_CASE("escape_text keeps every script and replaces controls and broken UTF-8") {
  const std::string mixed = "Rania رانيا ራንያ Раня\ttab\nline";
  CHECK(escape_text(mixed) == mixed);
  CHECK(escape_text(std::string("a\0b", 3)) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(escape_text("\x1b[31m") == "\xEF\xBF\xBD[31m");
  CHECK(escape_text("\x7f") == "\xEF\xBF\xBD");
  CHECK(escape_text("\xC3\x28") == "\xEF\xBF\xBD(");             // a lead byte without its follower
  CHECK(escape_text("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong "/"
  CHECK(escape_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(escape_text("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");                  // an emoji stays
}

TEST_CASE("HtmlBuilder escapes text and attribute values, and isolates a person's text") {
  HtmlBuilder html;
  html.open("p", {{"class", "x\"><script>"}})
      .text("<b>")
      .close("p")
      .person_text(
          "\xE2\x80\xAE"
          "abc");
  CHECK(html.str() ==
        "<p class=\"x&quot;&gt;&lt;script&gt;\">&lt;b&gt;</p><bdi>\xE2\x80\xAE"
        "abc</bdi>");
}

TEST_CASE("the profile page shows option values by their labels, names by ICU, German alongside") {
  const std::string de = render_profile_page(context(), fixture_record("de"), "de", kToken);
  CHECK(de.find("<html lang=\"de\" dir=\"ltr\">") != std::string::npos);
  CHECK(de.find("Rania Al-Hassan") != std::string::npos);
  CHECK(de.find(texts().text("de", "education.kind.option.university")) != std::string::npos);
  CHECK(de.find(">Syrien<") != std::string::npos);    // country SY by its German name
  CHECK(de.find(">Arabisch<") != std::string::npos);  // language ar
  CHECK(de.find(texts().text("de", "cefr.b2")) != std::string::npos);
  CHECK(de.find(">telc<") != std::string::npos);
  CHECK(de.find("Infoabend Augsburg") != std::string::npos);
  CHECK(de.find("university") == std::string::npos);  // no raw option value anywhere
  CHECK(de.find("eqf_6") == std::string::npos);
  // Occupations by their names from the built-in list, with the ISCO code for the office.
  CHECK(de.find("Dolmetscher/in <code dir=\"ltr\" class=\"code\">2643</code>") !=
        std::string::npos);
  // The fixture's ESCO occupation by its German name, its ISCO unit beside it; no bare URI.
  CHECK(de.find("Bauingenieur/Bauingenieurin <code dir=\"ltr\" class=\"code\">2142</code>") !=
        std::string::npos);
  CHECK(de.find("http://data.europa.eu/esco/occupation/") == std::string::npos);
  CHECK(de.find(texts().text("de", "page.occupation_code")) == std::string::npos);
  // The event's date as a German reader writes it.
  CHECK(de.find("28. November 2026") != std::string::npos);
  CHECK(de.find("2026-11-28") == std::string::npos);
  // The granted purposes, not the refused one.
  CHECK(de.find(texts().text("de", "consent.purpose.contact")) != std::string::npos);
  CHECK(de.find(texts().text("de", "consent.purpose.employers")) == std::string::npos);
  // The way to erasure, for this link.
  CHECK(de.find("href=\"/p/" + kToken + "/erase?lang=de\"") != std::string::npos);
  // German has no German alongside (the language switch names the languages in German, though).
  CHECK(de.substr(de.find("<main>")).find("class=\"de\"") == std::string::npos);

  const std::string ar = render_profile_page(context(), fixture_record("ar"), "ar", kToken);
  CHECK(ar.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  CHECK(ar.find(texts().text("ar", "section.education.title")) != std::string::npos);
  CHECK(ar.find("<span class=\"de\" lang=\"de\" dir=\"ltr\">" +
                texts().text("de", "section.education.title") + "</span>") != std::string::npos);
  CHECK(ar.find(">سوريا<") != std::string::npos);  // SY in Arabic, from ICU
  CHECK(ar.find(">Syrien</span>") != std::string::npos);
  // The list has English and German labels: English stands in for Arabic, German alongside.
  CHECK(ar.find("Interpreter<span class=\"de\" lang=\"de\" dir=\"ltr\">Dolmetscher/in</span>") !=
        std::string::npos);
  CHECK(ar.find("نوفمبر") != std::string::npos);  // November, in the Gregorian calendar

  // Tigrinya writes the date after the word for "date", not glued to a prefix.
  const std::string ti = render_profile_page(context(), fixture_record("ti"), "ti", kToken);
  CHECK(ti.find("ዕለት <bdi>") != std::string::npos);
  CHECK(ti.find("2026-11-28") == std::string::npos);
}

TEST_CASE("the profile page names each occupation in the person's language, German alongside") {
  const std::string civil_engineer =
      "http://data.europa.eu/esco/occupation/d7d986e1-7333-431b-9719-0c5c6939e360";
  // "Medizinischer Autor/Medizinische Autorin": newer than ESCO's English and French labels.
  const std::string medical_writer =
      "http://data.europa.eu/esco/occupation/01d74409-5303-4b5c-8925-0cc21c4da8ee";
  const std::string newer =
      "http://data.europa.eu/esco/occupation/0000aaaa-1111-2222-3333-444455556666";
  const auto page = [&](const std::string& lang) {
    json r = test::fixture_record(lang);
    r["answers"]["work"]["items"][0]["occupation"] = civil_engineer;
    r["answers"]["work"]["items"][1]["occupation"] = "2643";  // a record made before ESCO
    r["answers"]["wishes"]["desired_occupation"] = medical_writer;
    return render_profile_page(context(), r, lang, kToken);
  };
  const auto has = [](const std::string& html, const std::string& what) {
    INFO(what);
    CHECK(html.find(what) != std::string::npos);
  };
  const std::string german = "<span class=\"de\" lang=\"de\" dir=\"ltr\">";

  const std::string de = page("de");
  has(de, "Bauingenieur/Bauingenieurin <code dir=\"ltr\" class=\"code\">2142</code>");
  has(de, "Dolmetscher/in <code dir=\"ltr\" class=\"code\">2643</code>");
  has(de, "Medizinischer Autor/Medizinische Autorin <code dir=\"ltr\" class=\"code\">2641</code>");

  const std::string en = page("en");
  has(en, "civil engineer" + german + "Bauingenieur/Bauingenieurin</span>");
  has(en, "Interpreter" + german + "Dolmetscher/in</span>");
  // ESCO has no English label for it: the German name, once.
  has(en, ">Medizinischer Autor/Medizinische Autorin <code");

  const std::string fr = page("fr");
  has(fr, "ingénieur génie civil/ingénieure génie civil" + german +
              "Bauingenieur/Bauingenieurin</span>");

  // Arabic: ESCO has no Arabic labels here; the German name stands, shown once. The old code as
  // it always was: English standing in, German alongside.
  const std::string ar = page("ar");
  has(ar, ">Bauingenieur/Bauingenieurin <code dir=\"ltr\" class=\"code\">2142</code>");
  CHECK(ar.find(german + "Bauingenieur/Bauingenieurin</span>") == std::string::npos);
  has(ar, "Interpreter" + german + "Dolmetscher/in</span>");
  for (const std::string* html : {&de, &en, &fr, &ar}) {
    CHECK(html->find("http://data.europa.eu/esco/") == std::string::npos);  // never a bare code
    check_no_markup_got_through(*html);
  }

  // A URI from newer ESCO data than the hub's: the code, with the note that says what it is.
  json r = test::fixture_record("ar");
  r["answers"]["wishes"]["desired_occupation"] = newer;
  const std::string unknown = render_profile_page(context(), r, "ar", kToken);
  has(unknown, "<code dir=\"ltr\">" + newer + "</code>");
  has(unknown, texts().text("ar", "page.occupation_code"));
  has(unknown, texts().text("de", "page.occupation_code"));
}

TEST_CASE("every page in every UI language has its texts, its direction and no key left over") {
  for (std::string_view lang : kUiLanguages) {
    INFO(lang);
    const std::string dir = is_right_to_left(lang) ? "rtl" : "ltr";
    const std::vector<std::string> pages = {
        render_profile_page(context(), fixture_record(std::string(lang)), lang, kToken),
        render_pending_page(texts(), lang),
        render_erase_confirm_page(texts(), lang, kToken, "nonce"),
        render_erased_page(texts(), lang),
        render_erase_refused_page(texts(), lang),
        render_too_many_requests_page(texts(), lang)};
    for (const std::string& page : pages) {
      CHECK(page.starts_with("<!DOCTYPE html>\n<html lang=\"" + std::string(lang) + "\" dir=\"" +
                             dir + "\">"));
      // A message key shows where a catalogue lacks its text.
      CHECK(!std::regex_search(page, std::regex("\\b(page|ui|section|answer|cefr)\\.[a-z]")));
      check_no_markup_got_through(page);
    }
  }
}

TEST_CASE("the page language is the one asked for, else the record's, else German") {
  CHECK(page_language("ar", "de") == "ar");
  CHECK(page_language("", "ti") == "ti");
  CHECK(page_language("xx", "fa") == "fa");
  CHECK(page_language("xx", "\"><script>") == "de");
  CHECK(page_language("AR", "") == "de");  // codes are exact: no guessing
}

TEST_CASE("hostile input in every field type is shown as text and never becomes markup") {
  for (std::size_t pick = 0; pick < kHostile.size(); ++pick) {
    INFO("rotation " << pick);
    const json record = hostile_record(pick);
    for (std::string_view lang : {"de", "ar", "ti"}) {
      const std::string page = render_profile_page(context(), record, lang, kToken);
      check_no_markup_got_through(page);
      CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
      CHECK(page.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
      CHECK(page.find("&amp;lt;already escaped&amp;gt;") != std::string::npos);
      // A right-to-left override stays inside the bdi of the value it came with.
      const auto rlo = page.find("\xE2\x80\xAE");
      REQUIRE(rlo != std::string::npos);
      const auto opened = page.rfind("<bdi", rlo), closed = page.rfind("</bdi>", rlo);
      CHECK(opened != std::string::npos);
      CHECK((closed == std::string::npos || opened > closed));
    }
  }
}

TEST_CASE("very long text is rendered whole and escaped") {
  json record = fixture_record("de");
  std::string long_text;
  for (int i = 0; i < 20000; ++i) long_text += "<x>&";
  record["answers"]["skills"]["other"] = long_text;
  const std::string page = render_profile_page(context(), record, "de", kToken);
  std::string expected;
  for (int i = 0; i < 20000; ++i) expected += "&lt;x&gt;&amp;";
  CHECK(page.find(expected) != std::string::npos);
  check_no_markup_got_through(page);
}

TEST_CASE("the neutral page depends on the language only") {
  CHECK(render_pending_page(texts(), "ar") == render_pending_page(texts(), "ar"));
  CHECK(render_pending_page(texts(), "ar") != render_pending_page(texts(), "de"));
  CHECK(render_pending_page(texts(), "ti").find(texts().text("ti", "page.pending.text")) !=
        std::string::npos);
}

TEST_CASE("an erasure nonce is good for its own link only, unchanged, and for an hour") {
  const HubKeys keys = HubKeys::generate(1);
  const EraseNonces nonces(keys);
  const Sha256 link = profile_token_hash(kToken), other = profile_token_hash(kToken + "A");
  constexpr std::int64_t now = 1'795'900'000'000;
  const std::string nonce = nonces.issue(link, now);
  CHECK(nonces.check(nonce, link, now));
  CHECK(nonces.check(nonce, link, now + kEraseNonceLifetimeMs));
  CHECK(!nonces.check(nonce, link, now + kEraseNonceLifetimeMs + 1));
  CHECK(!nonces.check(nonce, other, now));
  CHECK(!nonces.check("", link, now));
  CHECK(!nonces.check("not base64url!", link, now));
  CHECK(!nonces.check(nonce + "AA", link, now));
  for (std::size_t i = 0; i < nonce.size(); ++i) {
    std::string changed = nonce;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    INFO("changed character " << i);
    CHECK(!nonces.check(changed, link, now));
  }
  // Another hub's key, or the same nonce text issued twice, differ.
  const HubKeys other_keys = HubKeys::generate(1);
  CHECK(!EraseNonces(other_keys).check(nonce, link, now));
  CHECK(nonces.issue(link, now) != nonce);
  // The same keys after a restart still accept it.
  CHECK(EraseNonces(keys).check(nonce, link, now));
}

TEST_CASE("a login form's nonce is taken once: a replay, an old or a foreign one is refused") {
  const HubKeys keys = HubKeys::generate(1);
  FormNonces nonces(keys, kLoginNonceLifetimeMs);
  const Sha256 form = sha256(as_bytes(std::string_view("a form")));
  constexpr std::int64_t now = 1'795'900'000'000;
  const std::string first = nonces.issue(form, now), second = nonces.issue(form, now);
  CHECK(first != second);  // two browsers, two nonces
  CHECK(nonces.consume(first, form, now + 1000));
  CHECK_FALSE(nonces.consume(first, form, now + 2000));  // the replay
  CHECK(nonces.consume(second, form, now + 2000));       // the other browser's still works
  CHECK_FALSE(nonces.consume(nonces.issue(form, now), form, now + kLoginNonceLifetimeMs + 1));
  CHECK_FALSE(nonces.consume("", form, now));
  // Used nonces are forgotten once past their lifetime (they fail check() then anyway).
  CHECK_FALSE(nonces.consume(first, form, now + 10 * kLoginNonceLifetimeMs));
}

TEST_CASE("the rate limiter allows a burst per address, then refills over time") {
  using namespace std::chrono_literals;
  RateLimiter limiter(60);  // one a second, bursts of 20
  const auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 20; ++i) CHECK(limiter.allow("192.0.2.1", t0));
  CHECK(!limiter.allow("192.0.2.1", t0));
  CHECK(limiter.allow("192.0.2.2", t0));  // another address has its own bucket
  CHECK(!limiter.allow("192.0.2.1", t0 + 500ms));
  CHECK(limiter.allow("192.0.2.1", t0 + 1s));
  CHECK(!limiter.allow("192.0.2.1", t0 + 1s));
  for (int i = 0; i < 20; ++i) CHECK(limiter.allow("192.0.2.1", t0 + 60s));
  CHECK(!limiter.allow("192.0.2.1", t0 + 60s));
  RateLimiter off(0);
  for (int i = 0; i < 1000; ++i) CHECK(off.allow("192.0.2.1", t0));
}

TEST_CASE("the pages' headers forbid script, inline style, framing and external resources") {
  std::map<std::string, std::string> h;
  for (const Header& header : security_headers(Caching::NoStore))
    h[std::string(header.name)] = header.value;
  CHECK(h["Content-Security-Policy"] ==
        "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  CHECK(h["Content-Security-Policy"].find("unsafe") == std::string::npos);
  CHECK(h["X-Content-Type-Options"] == "nosniff");
  CHECK(h["Referrer-Policy"] == "no-referrer");
  CHECK(h["Cache-Control"] == "no-store");
  CHECK(h["Permissions-Policy"].find("camera=()") != std::string::npos);
  for (const Header& header : security_headers(Caching::PublicAssets))
    if (header.name == "Cache-Control") CHECK(header.value.find("no-store") == std::string::npos);
}

TEST_CASE("the stylesheet and Debian's Noto fonts are loaded, and a missing font is named") {
  auto files = StaticFiles::load(test::asset("web"), kDebianNotoFontDir);
  INFO((files ? "" : files.error().message));
  REQUIRE(files);
  const StaticFile* css = files->find("/assets/style.css");
  REQUIRE(css);
  CHECK(css->body.find("@media print") != std::string::npos);
  CHECK(css->body.find("@page { size: A4") != std::string::npos);
  CHECK(css->body.find("http") == std::string::npos);  // no external resource
  for (std::string_view font : kPageFonts) {
    const StaticFile* f = files->find("/assets/fonts/" + std::string(font));
    REQUIRE(f);
    CHECK(f->content_type == "font/ttf");
    CHECK(f->body.size() > 100000);
    CHECK(css->body.find("/assets/fonts/" + std::string(font)) != std::string::npos);
  }
  CHECK(!files->find("/assets/../../etc/passwd"));
  test::TempDir empty;
  auto missing = StaticFiles::load(test::asset("web"), empty.path());
  REQUIRE(!missing);
  CHECK(missing.error().code == "web.missing_file");
  CHECK(missing.error().message.find("fonts-noto-core") != std::string::npos);
}
