// The whole-record check (domain/record_check.h) the kiosk runs before sealing and the hub on
// every record it opens: what a hostile or broken kiosk could put into the record's own texts,
// and what honest records in every script must keep.
#include "domain/record_check.h"

#include <catch2/catch.hpp>

#include "base/text.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using nlohmann::json;

namespace {

const Form& skills_form() {
  static const Form form = *load_form(test::asset("forms/skills-profile/1.json"));
  return form;
}

const std::string kConsentHash(64, 'a');
const KnownConsentTexts kKnown = {{"skills-profile@1", {kConsentHash}}};

Record honest() {
  const Form& form = skills_form();
  Record r;
  r.form_id = form.id;
  r.form_version = form.version;
  r.event = {"2026-11-28-augsburg", "Infoabend", "Rathaus", "2026-11-28", "info"};
  r.device_id = std::string(32, 'd');
  r.locale = "fa";
  r.started_at = r.finished_at = r.consent.given_at = "2026-11-28T10:00:00Z";
  for (const Option& o : form.consent_field().options) r.consent.purposes[o.value] = o.required;
  r.consent.text_id = form.consent_field().text_key;
  r.consent.text_version = form.consent_field().text_version;
  r.consent.text_sha256 = kConsentHash;
  r.consent.language = "fa";
  r.consent.privacy_notice_version = form.consent_field().privacy_notice_version;
  r.answers = {{"about", {{"name", "\u0645\u0647\u062F\u06CC\u200C\u0632\u0627\u062F\u0647"}}}};
  r.profile_token = "AAAAAAAAAAAAAAAAAAAAAA";
  return r;
}

std::vector<std::string> codes(const Record& r, const KnownConsentTexts* known = &kKnown) {
  std::vector<std::string> out;
  for (const FieldProblem& p : check_record(skills_form(), r, {2026, known})) {
    out.push_back(p.code + " " + p.path);
    CHECK(is_record_problem(p) == p.code.starts_with("record."));
  }
  return out;
}

}  // namespace

TEST_CASE("an honest record in Persian, with ZWNJ, ZWJ and direction marks, passes") {
  Record r = honest();
  r.answers["about"]["place_of_residence"] = "\u200FSY 2016\u200E \u0644\u200D\u0627";
  CHECK(codes(r).empty());
}

TEST_CASE("hidden characters anywhere in the record are refused, with where they are") {
  using V = std::vector<std::string>;
  Record r = honest();
  r.answers["about"]["name"] = "Rania\u202Egpj.exe";
  CHECK(codes(r) == V{"record.bidi_control about.name"});
  r = honest();
  r.answers["about"]["name"] = std::string("Ra\0nia", 6);
  CHECK(codes(r) == V{"record.control_character about.name"});
  r = honest();
  r.answers["about"]["name"] = "Rania\nAl-Hassan";  // a name is one line; the kiosk makes it so
  CHECK(codes(r) == V{"record.control_character about.name"});
  r = honest();
  r.event.venue = "Rathaus\x1b[2J";
  CHECK(codes(r) == V{"record.control_character event.venue"});
  r = honest();
  r.event.name = "Info\u2066abend";
  CHECK(codes(r) == V{"record.bidi_control event.name"});
  r = honest();
  r.consent.given_at = "2026-11-28T10:00:00Z\u0085";
  CHECK(codes(r) == V{"record.control_character consent.given_at"});
}

TEST_CASE("lengths, the event's date, the locale and the consent text are checked") {
  using V = std::vector<std::string>;
  Record r = honest();
  r.event.name = std::string(kMaxEventText, 'A');
  CHECK(codes(r).empty());
  r.event.name += "A";
  CHECK(codes(r) == V{"record.too_long event.name"});
  r = honest();
  r.event.date = "2026-99-99";
  CHECK(codes(r) == V{"record.bad_date event.date"});
  r.event.date = "2026-02-29";  // not a leap year
  CHECK(codes(r) == V{"record.bad_date event.date"});
  r = honest();
  r.locale = "xx";
  CHECK(codes(r) == V{"record.unknown_locale locale"});
  r = honest();
  r.consent.text_sha256 = std::string(64, 'b');
  CHECK(codes(r) == V{"record.unknown_consent_text consent.text_sha256"});
  CHECK(codes(honest(), nullptr) == V{"record.unknown_consent_text consent.text_sha256"});
  // A kiosk clock that wrote junk times is not refused for it (clocks may be off or unset).
  r = honest();
  r.finished_at = "garbage";
  CHECK(codes(r).empty());
  // Answers that do not fit the form keep validate_answers' codes.
  r = honest();
  r.answers["about"]["year_of_birth"] = 1700;
  CHECK(codes(r) == V{"answers.out_of_range about.year_of_birth"});
}
