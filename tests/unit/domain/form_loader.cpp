// Form loader tests: every broken form file is refused with one error that names the file, the
// place in it and the problem; the real skills-profile form loads as DESIGN.md describes it, and
// both catalogues have words for every key it uses.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/consent_text.h"
#include "domain/form.h"
#include "support/temp_dir.h"

using namespace sichtbar;
namespace test = sichtbar::test;

namespace {

struct BrokenForm {
  std::string file;  // under tests/fixtures/forms/
  std::string code;
  std::string where;    // must appear in the message: the JSON path (and id)
  std::string problem;  // must appear in the message: what is wrong
};

const std::vector<BrokenForm> kBrokenForms = {
    {"not-json.json", "form.not_json", "line 28", "syntax error"},
    {"duplicate-json-property.json", "form.duplicate_property", "sections[1].fields[0]",
     "\"type\" appears twice"},
    {"unknown-type.json", "form.unknown_type", "sections[1].fields[1] (\"year\")",
     "unknown type \"yeer\" (did you mean \"year\"? expected one of: text, long_text,"},
    {"duplicate-section.json", "form.duplicate_id", "sections[3] (\"about\")",
     "section id \"about\" is used twice"},
    {"duplicate-field.json", "form.duplicate_id", "sections[1].fields[3] (\"name\")",
     "field id \"name\" is used twice"},
    {"duplicate-group-field.json", "form.duplicate_id",
     "sections[2].fields[0].fields[2] (\"years\")", "field id \"years\" is used twice"},
    {"missing-label.json", "form.missing_property", "sections[1].fields[0] (\"name\")",
     "missing property \"label_key\""},
    {"missing-version.json", "form.missing_property", "top level", "missing property \"version\""},
    {"bad-key.json", "form.bad_key", "sections[1] (\"about\")",
     "\"title_key\" is \"About You\", which is not a message key"},
    {"bad-id.json", "form.bad_id", "sections[1].fields[0]", "\"Full-Name\""},
    {"bad-taxonomy.json", "form.bad_reference", "sections[2].fields[0].fields[0] (\"occupation\")",
     "\"taxonomy\" is \"job\" (expected one of: occupation, country, language)"},
    {"bad-event-kind.json", "form.bad_reference", "sections[2] (\"work\")",
     "event_kinds[1] is \"concert\", which is not an event kind"},
    {"bad-format.json", "form.bad_reference", "sections[1].fields[0] (\"name\")",
     "\"format\" is \"url\""},
    {"duplicate-option.json", "form.duplicate_id", "sections[1].fields[2].options[2] (\"now\")",
     "option value \"now\" is used twice"},
    {"no-consent.json", "form.bad_structure", "sections[0] (\"about\")",
     "must hold the form's consent field"},
    {"consent-not-first.json", "form.bad_structure", "sections[0] (\"about\")",
     "must hold the form's consent field"},
    {"two-consents.json", "form.bad_structure", "sections[1].fields[3] (\"again\")",
     "a second consent field"},
    {"consent-event-kinds.json", "form.bad_structure", "sections[0] (\"consent\")",
     "cannot have \"event_kinds\""},
    {"empty-group.json", "form.bad_structure", "sections[2].fields[0] (\"items\")",
     "a group needs at least one field"},
    {"nested-group.json", "form.bad_structure", "sections[2].fields[0].fields[2] (\"inner\")",
     "a group cannot hold another group"},
    {"min-over-max.json", "form.bad_value", "sections[2].fields[0].fields[1] (\"years\")",
     "\"min\" (60) is greater than \"max\" (0)"},
    {"zero-max-length.json", "form.bad_value", "sections[1].fields[0] (\"name\")",
     "\"max_length\" is 0"},
    {"unknown-property.json", "form.unknown_property", "sections[1].fields[0] (\"name\")",
     "unknown property \"lable_key\" (did you mean \"label_key\"?"},
    {"property-of-other-type.json", "form.unknown_property", "sections[1].fields[1] (\"year\")",
     "property \"max_length\" does not apply to a field of type \"year\""},
    {"choice-option-required.json", "form.unknown_property", "sections[1].fields[2].options[0]",
     "only consent purposes can be required"},
    {"wrong-json-type.json", "form.wrong_type", "sections[1].fields[0] (\"name\")",
     "\"required\" must be true or false, not text"},
    {"version-zero.json", "form.bad_value", "top level", "versions start at 1"},
};

Form real_form() {
  auto form = load_form(test::asset("forms/skills-profile/1.json"));
  if (!form) FAIL(form.error().message);
  return *form;
}

}  // namespace

TEST_CASE("every broken form file is refused with its file, place and problem named") {
  for (const BrokenForm& broken : kBrokenForms) {
    CAPTURE(broken.file);
    auto form = load_form(test::fixture("forms/" + broken.file));
    REQUIRE_FALSE(form.has_value());
    const std::string& message = form.error().message;
    CAPTURE(message);
    CHECK(form.error().code == broken.code);
    CHECK(message.starts_with(broken.file + ": "));
    CHECK(message.find(broken.where) != std::string::npos);
    CHECK(message.find(broken.problem) != std::string::npos);
  }
}

TEST_CASE("a form file that cannot be read says so and names the file") {
  test::TempDir dir;
  auto missing = load_form(dir / "gone.json");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == "form.unreadable");
  CHECK(missing.error().message.starts_with("gone.json: "));

  auto directory = load_form(dir.path());
  REQUIRE_FALSE(directory.has_value());
  CHECK(directory.error().code == "form.unreadable");

  test::write_file(dir / "empty.json", "");
  auto empty = load_form(dir / "empty.json");
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error().code == "form.not_json");
}

TEST_CASE("a minimal form loads with the documented defaults") {
  auto form = load_form(test::fixture("forms/minimal.json"));
  REQUIRE(form.has_value());
  CHECK(form->schema() == "mini@1");
  const Field* name = form->find_field("about", "name");
  REQUIRE(name);
  CHECK(name->type == FieldType::Text);
  CHECK(name->max_length == 200);
  CHECK_FALSE(name->required);
  const Field* year = form->find_field("about", "year");
  REQUIRE(year);
  CHECK(year->max_is_current_year);
  CHECK(year->min == 1920);
  CHECK(form->find_field("about", "nothing") == nullptr);
  CHECK(form->find_section("nothing") == nullptr);
}

TEST_CASE("a form written in one line reports a broken spot by line and byte") {
  auto form = parse_form(R"({"form_id": "x", "version": 1, "title_key": "t", "sections": [}])",
                         "inline.json");
  REQUIRE_FALSE(form.has_value());
  CHECK(form.error().code == "form.not_json");
  CHECK(form.error().message.find("inline.json: not valid JSON: ") == 0);
  CHECK(form.error().message.find("line 1, column 63") != std::string::npos);
  CHECK(form.error().message.find("(byte 63)") != std::string::npos);
}

TEST_CASE("a truncated form file is refused, never crashes") {
  const std::string text = test::read_file(test::asset("forms/skills-profile/1.json"));
  for (std::size_t length = 0; length < text.size() - 2; length += 7) {
    auto form = parse_form(std::string_view(text).substr(0, length), "cut.json");
    REQUIRE_FALSE(form.has_value());
    CHECK(form.error().code == "form.not_json");
  }
}

TEST_CASE("the skills-profile form has DESIGN.md's sections in order") {
  const Form form = real_form();
  CHECK(form.schema() == "skills-profile@1");
  std::vector<std::string> ids;
  for (const Section& s : form.sections) ids.push_back(s.id);
  CHECK(ids == std::vector<std::string>{"consent", "about", "languages", "education", "work",
                                        "skills", "sports", "wishes"});
}

TEST_CASE("the sports section is shown at football venues only") {
  const Form form = real_form();
  for (const Section& s : form.sections) {
    CAPTURE(s.id);
    CHECK(s.shown_at("football"));
    CHECK(s.shown_at("info") == (s.id != "sports"));
  }
}

TEST_CASE("the skills-profile consent comes first and keeping the profile is required") {
  const Form form = real_form();
  const Field& consent = form.consent_field();
  CHECK(&consent == &form.sections.front().fields.front());
  CHECK(consent.text_key == "consent.text");
  CHECK(consent.text_version >= 1);
  CHECK(consent.privacy_notice_version >= 1);
  REQUIRE(consent.options.size() == 3);
  CHECK(consent.options[0].value == "keep_profile");
  CHECK(consent.options[0].required);
  CHECK(consent.options[1].value == "contact");
  CHECK_FALSE(consent.options[1].required);
  CHECK(consent.options[2].value == "employers");
  CHECK_FALSE(consent.options[2].required);
}

TEST_CASE("the skills-profile form asks what DESIGN.md lists") {
  const Form form = real_form();
  auto values = [](const Field* f) {
    std::vector<std::string> v;
    for (const Option& o : f->options) v.push_back(o.value);
    return v;
  };
  for (const char* id : {"name", "year_of_birth", "country_of_origin", "in_germany_since",
                         "place_of_residence", "phone", "email"})
    CHECK(form.find_field("about", id));
  CHECK(form.find_field("about", "email")->format == "email");
  CHECK(form.find_field("about", "phone")->format == "phone");
  CHECK(form.find_field("about", "year_of_birth")->max_is_current_year);
  CHECK(form.find_field("about", "country_of_origin")->taxonomy == "country");

  const Field* german = form.find_field("languages", "german_level");
  REQUIRE(german);
  CHECK(german->type == FieldType::LanguageLevel);
  CHECK(values(german) == std::vector<std::string>{"A1", "A2", "B1", "B2", "C1", "C2"});
  CHECK(values(form.find_field("languages", "german_certificate")) ==
        std::vector<std::string>{"none", "goethe", "telc", "testdaf", "oesd", "dtz", "other"});

  const Field* education = form.find_field("education", "items");
  REQUIRE(education);
  CHECK(education->type == FieldType::Group);
  CHECK(education->max_items > 0);
  std::vector<std::string> education_fields;
  for (const Field& f : education->fields) education_fields.push_back(f.id);
  CHECK(education_fields == std::vector<std::string>{"kind", "title", "country", "institution",
                                                     "year_completed", "level", "documents",
                                                     "recognition", "wants_advice"});

  const Field* work = form.find_field("work", "items");
  REQUIRE(work);
  CHECK(work->fields[0].taxonomy == "occupation");
  CHECK(work->fields[3].id == "years");
  CHECK(work->fields[3].min == 0);
  CHECK(work->fields[3].max == 60);

  const auto licences = values(form.find_field("skills", "driving_licences"));
  for (const char* cls : {"am", "b", "be", "c", "ce", "d", "t", "forklift"})
    CHECK(std::find(licences.begin(), licences.end(), cls) != licences.end());
  CHECK(values(form.find_field("sports", "coaching_licence")) ==
        std::vector<std::string>{"none", "c", "b", "b_plus", "a", "a_plus", "pro", "foreign"});
  CHECK(values(form.find_field("wishes", "wants")) ==
        std::vector<std::string>{"job", "training", "recognition_advice", "language_course",
                                 "mentoring"});
}

TEST_CASE("message_keys lists every key once, sorted, with the keys field types imply") {
  const Form form = real_form();
  const auto keys = form.message_keys();
  CHECK(std::is_sorted(keys.begin(), keys.end()));
  CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == keys.size());
  for (const char* key :
       {"form.title", "section.sports.title", "consent.text", "consent.purpose.keep_profile",
        "consent.step.rights", "consent.text.rights", "consent.text.retention.until_erased",
        "answer.yes", "answer.no", "cefr.a1", "cefr.c2", "education.level.option.eqf_8"}) {
    CAPTURE(key);
    CHECK(std::binary_search(keys.begin(), keys.end(), std::string(key)));
  }
}

TEST_CASE("the consent steps tell people what they need to know, in German and English") {
  const Form form = real_form();
  const ConsentOffice office{"Beratungsstelle", "Kontakt", "DSB", "BayLDA", 730};
  auto shown = [&](std::string_view language) {
    auto catalogue = Catalogue::load_locale(test::asset("i18n"), language);
    REQUIRE(catalogue);
    auto steps = consent_steps(form.consent_field(), *catalogue, office);
    REQUIRE(steps);
    return consent_shown_text(*steps);
  };
  const std::string de = shown("de");
  for (const char* must : {"freiwillig", "jederzeit", "löschen", "Profilseite", "Büro",
                           "verschlüsselt", "Arbeitgeber", "berichtigen", "einschränken",
                           "widersprechen", "Datei", "beschweren"}) {
    CAPTURE(must);
    CHECK(de.find(must) != std::string::npos);
  }
  const std::string en = shown("en");
  for (const char* must : {"voluntary", "at any time", "deleted", "profile page", "office",
                           "encrypted", "Employers", "corrected", "limit", "object", "file",
                           "complain"}) {
    CAPTURE(must);
    CHECK(en.find(must) != std::string::npos);
  }
}

TEST_CASE("consent_field on a form that was not loaded is a programming error") {
  Form empty;
  CHECK_THROWS_AS(empty.consent_field(), std::logic_error);
}

TEST_CASE("field type names round-trip") {
  for (FieldType type :
       {FieldType::Text, FieldType::LongText, FieldType::SingleChoice, FieldType::MultiChoice,
        FieldType::Year, FieldType::Number, FieldType::YesNo, FieldType::Taxonomy,
        FieldType::LanguageLevel, FieldType::Group, FieldType::Consent}) {
    FieldType back = FieldType::Text;
    REQUIRE(parse_field_type(field_type_name(type), back));
    CHECK(back == type);
  }
  FieldType unused = FieldType::Text;
  CHECK_FALSE(parse_field_type("Text", unused));
}
