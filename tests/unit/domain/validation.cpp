// Answer validation tests: what the kiosk checks at finish and the hub at ingest. Each case is
// something a person or volunteer would notice: a profile that cannot be finished, a wrong year
// that slips through, a typed name that arrives changed or not at all.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/form.h"
#include "domain/validate.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using nlohmann::json;
namespace test = sichtbar::test;

namespace {

const Form& skills_form() {
  static const Form form = [] {
    auto loaded = load_form(test::asset("forms/skills-profile/1.json"));
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return *loaded;
  }();
  return form;
}

const ValidationContext kInfo{"info", 2025};
const ValidationContext kFootball{"football", 2025};

// The least a person can give and still finish: consent to keep the profile.
json minimal() { return json{{"consent", {{"purposes", {"keep_profile"}}}}}; }

// minimal() plus one answer.
json with(const std::string& section, const std::string& field, json value) {
  json answers = minimal();
  answers[section][field] = std::move(value);
  return answers;
}

ValidatedAnswers check(const json& answers, const ValidationContext& context = kInfo) {
  return validate_answers(skills_form(), answers, context);
}

// The codes of the problems found at path, in order.
std::vector<std::string> codes_at(const ValidatedAnswers& result, const std::string& path) {
  std::vector<std::string> codes;
  for (const auto& p : result.problems)
    if (p.path == path) codes.push_back(p.code);
  return codes;
}

std::string all_problems(const ValidatedAnswers& result) {
  std::string out;
  for (const auto& p : result.problems) out += p.path + " " + p.code + ": " + p.message + "\n";
  return out;
}

// The only problem must be code at path.
void expect_one(const ValidatedAnswers& result, const std::string& path, const std::string& code) {
  INFO(all_problems(result));
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].path == path);
  CHECK(result.problems[0].code == code);
  CHECK_FALSE(result.problems[0].message.empty());
}

}  // namespace

TEST_CASE("a complete, realistic profile validates clean and nothing of it is lost") {
  const json answers = json::parse(test::read_file(test::fixture("answers/complete-de.json")));
  const auto result = check(answers, kFootball);
  INFO(all_problems(result));
  CHECK(result.ok());
  CHECK(result.answers == answers);
}

TEST_CASE("answers for the sports section are refused at an info event") {
  const json answers = json::parse(test::read_file(test::fixture("answers/complete-de.json")));
  const auto result = check(answers, kInfo);
  expect_one(result, "sports", "answers.section_not_shown");
  CHECK_FALSE(result.answers.contains("sports"));
  CHECK(result.answers.contains("about"));
  // An empty sports object, or one of nulls, is what a UI may send for a hidden section.
  CHECK(check(with("sports", "years_coaching", nullptr), kInfo).ok());
  json empty = minimal();
  empty["sports"] = json::object();
  CHECK(check(empty, kInfo).ok());
}

TEST_CASE("the minimal profile finishes, and unanswered fields are left out") {
  const auto result = check(minimal());
  CHECK(result.ok());
  CHECK(result.answers == minimal());
}

TEST_CASE("without consent to keep the profile it cannot be finished") {
  SECTION("only other purposes granted") {
    const auto result = check(json{{"consent", {{"purposes", {"contact", "employers"}}}}});
    expect_one(result, "consent.purposes", "answers.consent_required");
    CHECK(result.problems[0].message.find("keep_profile") != std::string::npos);
    CHECK(result.problems[0].message.find("cannot be finished") != std::string::npos);
  }
  SECTION("no consent section at all") {
    expect_one(check(json::object()), "consent.purposes", "answers.consent_required");
  }
  SECTION("an empty list of purposes") {
    expect_one(check(json{{"consent", {{"purposes", json::array()}}}}), "consent.purposes",
               "answers.consent_required");
  }
  SECTION("a purpose the form does not have, beside the missing one") {
    const auto result = check(json{{"consent", {{"purposes", {"sell_my_data"}}}}});
    CHECK(codes_at(result, "consent.purposes") ==
          std::vector<std::string>{"answers.not_an_option", "answers.consent_required"});
  }
  SECTION("purposes are kept in the form's order") {
    const auto result = check(json{{"consent", {{"purposes", {"employers", "keep_profile"}}}}});
    CHECK(result.ok());
    CHECK(result.answers["consent"]["purposes"] == json({"keep_profile", "employers"}));
  }
}

TEST_CASE("answers that are not an object are refused whole") {
  for (const json& odd : {json::array(), json(nullptr), json(42), json("consent")}) {
    const auto result = check(odd);
    expect_one(result, "", "answers.not_object");
    CHECK(result.answers.empty());
  }
  json section_not_object = minimal();
  section_not_object["about"] = "Rania";
  expect_one(check(section_not_object), "about", "answers.wrong_type");
}

TEST_CASE("unknown sections and fields are named, never silently dropped") {
  json answers = minimal();
  answers["hobbies"] = {{"chess", true}};
  answers["about"] = {{"name", "Rania"}, {"nickname", "Rani"}};
  const auto result = check(answers);
  INFO(all_problems(result));
  CHECK(codes_at(result, "hobbies") == std::vector<std::string>{"answers.unknown_section"});
  CHECK(codes_at(result, "about.nickname") == std::vector<std::string>{"answers.unknown_field"});
  CHECK(result.problems.size() == 2);
  CHECK(result.answers["about"] == json{{"name", "Rania"}});

  json group = with("work", "items", json::array({{{"years", 2}, {"salary", 3000}}}));
  expect_one(check(group), "work.items[0].salary", "answers.unknown_field");
}

TEST_CASE("a required field in a group entry must be answered") {
  const auto result = check(with("languages", "other_languages", json::array({{{"level", "B2"}}})));
  expect_one(result, "languages.other_languages[0].language", "answers.required");
  // The same entry with the language given is fine.
  CHECK(check(with("languages", "other_languages",
                   json::array({{{"language", "fa"}, {"level", "B2"}}})))
            .ok());
}

TEST_CASE("a required field that is left empty is a problem") {
  auto form = parse_form(R"({"form_id": "req", "version": 1, "title_key": "form.title",
    "sections": [{"id": "consent", "title_key": "s.c", "fields": [
      {"id": "purposes", "type": "consent", "label_key": "c.l", "text_key": "c.t",
       "text_version": 1, "privacy_notice_version": 1,
       "options": [{"value": "keep_profile", "label_key": "c.k", "required": true}]},
      {"id": "name", "type": "text", "label_key": "n.l", "required": true}]}]})",
                         "req.json");
  REQUIRE(form.has_value());
  const json consent = {"keep_profile"};
  for (const json& empty : {json(nullptr), json(""), json("  \t ")}) {
    const auto result =
        validate_answers(*form, json{{"consent", {{"purposes", consent}, {"name", empty}}}}, kInfo);
    expect_one(result, "consent.name", "answers.required");
  }
  CHECK(validate_answers(*form, json{{"consent", {{"purposes", consent}, {"name", "Ana"}}}}, kInfo)
            .ok());
}

TEST_CASE("answers of the wrong JSON type are refused") {
  expect_one(check(with("about", "year_of_birth", "1991")), "about.year_of_birth",
             "answers.wrong_type");
  expect_one(check(with("about", "year_of_birth", 1991.5)), "about.year_of_birth",
             "answers.wrong_type");
  expect_one(check(with("about", "name", 42)), "about.name", "answers.wrong_type");
  expect_one(check(with("wishes", "wants", "job")), "wishes.wants", "answers.wrong_type");
  expect_one(check(with("wishes", "wants", json::array({1}))), "wishes.wants",
             "answers.wrong_type");
  expect_one(check(with("education", "items", json{{"kind", "school"}})), "education.items",
             "answers.wrong_type");
  expect_one(check(with("education", "items", json::array({"school"}))), "education.items[0]",
             "answers.wrong_type");
  json yes = json::array({{{"documents", "yes"}}});
  const auto result = check(with("education", "items", yes));
  expect_one(result, "education.items[0].documents", "answers.wrong_type");
  CHECK(result.problems[0].message.find("true or false") != std::string::npos);
}

TEST_CASE("years and numbers outside their range are refused") {
  CHECK(check(with("about", "year_of_birth", 1991)).ok());
  CHECK(check(with("about", "year_of_birth", 2025)).ok());  // "current" is the context's year
  const auto too_old = check(with("about", "year_of_birth", 1850));
  expect_one(too_old, "about.year_of_birth", "answers.out_of_range");
  CHECK(too_old.problems[0].message.find("1850") != std::string::npos);
  CHECK(too_old.problems[0].message.find("1920 to 2025") != std::string::npos);
  expect_one(check(with("about", "year_of_birth", 2026)), "about.year_of_birth",
             "answers.out_of_range");
  expect_one(check(with("about", "year_of_birth", json(18446744073709551615ULL))),
             "about.year_of_birth", "answers.out_of_range");
  expect_one(check(with("about", "year_of_birth", -2025)), "about.year_of_birth",
             "answers.out_of_range");

  expect_one(check(with("wishes", "hours_per_week", 0)), "wishes.hours_per_week",
             "answers.out_of_range");
  CHECK(check(with("wishes", "hours_per_week", 40)).ok());
  expect_one(check(with("work", "items", json::array({{{"years", 61}}}))), "work.items[0].years",
             "answers.out_of_range");
  CHECK(check(with("work", "items", json::array({{{"years", 0}}}))).ok());
}

TEST_CASE("without a year in the context the clock's year is the limit") {
  const int this_year =
      static_cast<int>(std::chrono::year_month_day(
                           std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()))
                           .year());
  const ValidationContext clock{"info", 0};
  CHECK(validate_answers(skills_form(), with("about", "in_germany_since", this_year), clock).ok());
  CHECK_FALSE(
      validate_answers(skills_form(), with("about", "in_germany_since", this_year + 1), clock)
          .ok());
}

TEST_CASE("a choice that is not one of the options is refused") {
  expect_one(check(with("languages", "german_certificate", "cambridge")),
             "languages.german_certificate", "answers.not_an_option");
  expect_one(check(with("languages", "german_level", "B3")), "languages.german_level",
             "answers.not_an_option");
  expect_one(check(with("languages", "german_level", "b1")), "languages.german_level",
             "answers.not_an_option");
  CHECK(check(with("languages", "german_level", "C2")).ok());
  const auto multi = check(with("wishes", "wants", json::array({"job", "teleport"})));
  expect_one(multi, "wishes.wants", "answers.not_an_option");
  CHECK(multi.problems[0].message.find("\"teleport\"") != std::string::npos);
  expect_one(check(with("wishes", "wants", json::array({"job", "job"}))), "wishes.wants",
             "answers.duplicate");
  // An empty single choice is unanswered, not wrong.
  const auto empty = check(with("wishes", "start", ""));
  CHECK(empty.ok());
  CHECK_FALSE(empty.answers.contains("wishes"));
}

TEST_CASE("multi choices are kept in the form's order") {
  const auto result =
      check(with("skills", "driving_licences", json::array({"ce", "b", "forklift"})));
  CHECK(result.ok());
  CHECK(result.answers["skills"]["driving_licences"] == json({"b", "ce", "forklift"}));
}

TEST_CASE("a multi choice with max_items refuses more") {
  auto form = parse_form(R"({"form_id": "m", "version": 1, "title_key": "f.t", "sections": [
    {"id": "consent", "title_key": "s.c", "fields": [
      {"id": "purposes", "type": "consent", "label_key": "c.l", "text_key": "c.t",
       "text_version": 1, "privacy_notice_version": 1,
       "options": [{"value": "keep_profile", "label_key": "c.k"}]},
      {"id": "top", "type": "multi_choice", "label_key": "t.l", "max_items": 2,
       "options": [{"value": "a", "label_key": "t.a"}, {"value": "b", "label_key": "t.b"},
                   {"value": "c", "label_key": "t.c"}]}]}]})",
                         "m.json");
  REQUIRE(form.has_value());
  CHECK(validate_answers(*form, json{{"consent", {{"top", {"a", "c"}}}}}, kInfo).ok());
  expect_one(validate_answers(*form, json{{"consent", {{"top", {"a", "b", "c"}}}}}, kInfo),
             "consent.top", "answers.too_many");
}

TEST_CASE("a group with more entries than max_items is refused") {
  const Field* items = skills_form().find_field("education", "items");
  REQUIRE(items);
  json entries = json::array();
  for (int i = 0; i <= items->max_items; ++i) entries.push_back({{"kind", "school"}});
  expect_one(check(with("education", "items", entries)), "education.items", "answers.too_many");
  entries.erase(entries.size() - 1);
  CHECK(check(with("education", "items", entries)).ok());
}

TEST_CASE("empty group entries are dropped, answered ones kept in order") {
  json entries = json::array(
      {json::object(), {{"kind", "other"}, {"title", "  "}}, nullptr, {{"kind", "school"}}});
  const auto result = check(with("education", "items", entries));
  CHECK(result.ok());
  CHECK(result.answers["education"]["items"] ==
        json::array({{{"kind", "other"}}, {{"kind", "school"}}}));
}

TEST_CASE("text that is not valid UTF-8 is a problem, not a crash") {
  const auto result = check(with("about", "name", std::string("Ra\xC3\x28nia")));
  expect_one(result, "about.name", "answers.invalid_utf8");
  CHECK_FALSE(result.answers.contains("about"));
  CHECK(check(with("skills", "other", std::string("\xED\xA0\x80"))).problems[0].code ==
        "answers.invalid_utf8");
  // A broken key and a broken option value are named without passing the broken bytes on.
  json answers = minimal();
  answers["about"][std::string("na\xFFme")] = "x";
  answers["wishes"]["start"] = std::string("no\xFFw");
  const auto broken = check(answers);
  REQUIRE(broken.problems.size() == 2);
  for (const auto& p : broken.problems) {
    CHECK_NOTHROW(json(p.path).dump());
    CHECK_NOTHROW(json(p.message).dump());
  }
  CHECK_NOTHROW(json(to_error(broken.problems).message).dump());
}

TEST_CASE("control characters and bidi overrides are removed, Persian joiners kept") {
  const std::string typed = "  Ali\x01\x7F \u202EHassan\u202C\u2066\t ";
  const auto result = check(with("about", "name", typed));
  REQUIRE(result.ok());
  CHECK(result.answers["about"]["name"] == "Ali Hassan");

  // "mi-xwaham" (I want) needs its ZWNJ; RLM marks stay too.
  const std::string persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645\u200F";
  const auto kept = check(with("about", "place_of_residence", persian));
  REQUIRE(kept.ok());
  CHECK(kept.answers["about"]["place_of_residence"] == persian);

  // Long text keeps its lines, with Windows line ends made plain.
  const auto tasks =
      check(with("work", "items", json::array({{{"tasks", "Schweißen\r\nMalen\r\n"}}})));
  REQUIRE(tasks.ok());
  CHECK(tasks.answers["work"]["items"][0]["tasks"] == "Schweißen\nMalen");
  // A short text does not: the line break becomes a space.
  CHECK(check(with("about", "name", "Rania\nAl-Hassan")).answers["about"]["name"] ==
        "Rania Al-Hassan");
}

TEST_CASE("text longer than the cap is refused, counted in characters not bytes") {
  const Field* name = skills_form().find_field("about", "name");
  REQUIRE(name);
  std::string arabic;  // two bytes per letter: a byte count would refuse half of this
  for (int i = 0; i < name->max_length; ++i) arabic += "\u0631";
  CHECK(check(with("about", "name", arabic)).ok());
  const auto result = check(with("about", "name", arabic + "\u0631"));
  expect_one(result, "about.name", "answers.too_long");
  CHECK(result.problems[0].message.find(std::to_string(name->max_length + 1)) != std::string::npos);
  // Cleaning comes first: removed characters do not count.
  CHECK(check(with("about", "name", arabic + "\u202E\u202C   ")).ok());
  // A long text has a larger cap.
  CHECK(check(with("skills", "other", std::string(2000, 'x'))).ok());
  expect_one(check(with("skills", "other", std::string(2001, 'x'))), "skills.other",
             "answers.too_long");
}

TEST_CASE("email addresses must look like one") {
  for (const char* good : {"rania@example.org", "a.b+c@mail.example.de", " r@x.de "}) {
    CAPTURE(good);
    CHECK(check(with("about", "email", good)).ok());
  }
  for (const char* bad :
       {"rania@example", "rania.example.org", "a@b@c.de", "ra nia@example.org", "@example.org",
        "rania@.org", "rania@example.", "rania@ex..org", "rania@example.org\u3000x"}) {
    CAPTURE(bad);
    const auto result = check(with("about", "email", bad));
    expect_one(result, "about.email", "answers.bad_format");
    // The message never repeats what the person typed.
    CHECK(result.problems[0].message.find(bad) == std::string::npos);
  }
}

TEST_CASE("phone numbers must look like one") {
  for (const char* good : {"0821 123456", "+49 (821) 123-456", "0151/2345678", "12345"}) {
    CAPTURE(good);
    CHECK(check(with("about", "phone", good)).ok());
  }
  for (const char* bad :
       {"1234", "call me", "0821 12345 ext. 3", "+49 151 2345 6789 0123 4567 8", "0821.123456"}) {
    CAPTURE(bad);
    expect_one(check(with("about", "phone", bad)), "about.phone", "answers.bad_format");
  }
}

TEST_CASE("taxonomy answers must be codes of the right shape") {
  for (const char* good : {"SY", "UA", "AF"})
    CHECK(check(with("about", "country_of_origin", good)).ok());
  for (const char* bad : {"sy", "Syria", "S", "SYR", "S1"}) {
    CAPTURE(bad);
    expect_one(check(with("about", "country_of_origin", bad)), "about.country_of_origin",
               "answers.bad_code");
  }
  auto language = [](const char* code) {
    return with("languages", "mother_tongues", json::array({{{"mother_tongue", code}}}));
  };
  for (const char* good : {"ar", "prs", "ti", "kmr"}) CHECK(check(language(good)).ok());
  for (const char* bad : {"AR", "arab", "a", "ar-SY", "a1"}) {
    CAPTURE(bad);
    expect_one(check(language(bad)), "languages.mother_tongues[0].mother_tongue",
               "answers.bad_code");
  }
  for (const char* good :
       {"2211", "0110",
        "http://data.europa.eu/esco/occupation/d7d986e1-7333-431b-9719-0c5c6939e360"})
    CHECK(check(with("wishes", "desired_occupation", good)).ok());
  for (const char* bad :
       {"221", "22111", "22a1", "Bauingenieurin",
        "https://data.europa.eu/esco/occupation/d7d986e1-7333-431b-9719-0c5c6939e360",
        "http://data.europa.eu/esco/occupation/D7D986E1-7333-431B-9719-0C5C6939E360",
        "http://data.europa.eu/esco/occupation/d7d986e1-7333-431b-9719-0c5c6939e36",
        "http://data.europa.eu/esco/skill/d7d986e1-7333-431b-9719-0c5c6939e360"}) {
    CAPTURE(bad);
    expect_one(check(with("wishes", "desired_occupation", bad)), "wishes.desired_occupation",
               "answers.bad_code");
  }
}

TEST_CASE("every problem is found at once, and to_error lists five then counts the rest") {
  json answers = json{{"consent", {{"purposes", {"contact"}}}},
                      {"about",
                       {{"year_of_birth", 1850},
                        {"email", "nope"},
                        {"phone", "x"},
                        {"country_of_origin", "syria"},
                        {"shoe_size", 42}}},
                      {"wishes", {{"start", "yesterday"}}}};
  const auto result = check(answers);
  REQUIRE(result.problems.size() == 7);
  const Error error = to_error(result.problems);
  CHECK(error.code == "answers.invalid");
  CHECK(error.message.starts_with("7 answers need attention: "));
  CHECK(error.message.find("consent.purposes: ") != std::string::npos);
  CHECK(error.message.find("about.year_of_birth: ") != std::string::npos);
  CHECK(error.message.ends_with("; and 2 more."));
  CHECK(error.message.find("wishes.start") == std::string::npos);  // beyond the first five
}

TEST_CASE("validation never throws, whatever it is given") {
  json deep = json::array();
  for (int i = 0; i < 1000; ++i) deep = json::array({deep});
  const std::vector<json> odd_values = {nullptr,
                                        true,
                                        -1,
                                        1e308,
                                        "",
                                        std::string("\xFF\xFE"),
                                        json::array(),
                                        json::object(),
                                        deep,
                                        json{{"a", deep}},
                                        json::array({nullptr, 1, "x", deep})};
  for (const Section& section : skills_form().sections) {
    for (const Field& field : section.fields) {
      for (const json& value : odd_values) {
        json answers = minimal();
        answers[section.id][field.id] = value;
        CHECK_NOTHROW(validate_answers(skills_form(), answers, kFootball));
        if (field.type == FieldType::Group) {
          answers[section.id][field.id] = json::array({json{{field.fields[0].id, value}}});
          CHECK_NOTHROW(validate_answers(skills_form(), answers, kFootball));
        }
      }
    }
    for (const json& value : odd_values)
      CHECK_NOTHROW(validate_answers(skills_form(), json{{section.id, value}}, kFootball));
  }
}
