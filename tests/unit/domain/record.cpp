// The record's canonical serialization: the same record always gives the same bytes.
#include "domain/record.h"

#include <catch2/catch.hpp>

using namespace sichtbar;

namespace {

Record sample() {
  Record r;
  r.record_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  r.form_id = "skills-profile";
  r.form_version = 1;
  r.event = {"2026-11-28-ab12cd", "Infoabend", "Kolpinghaus Augsburg", "2026-11-28", "info"};
  r.device_id = "00112233445566778899aabbccddeeff";
  r.locale = "ar";
  r.started_at = "2026-11-28T17:02:03Z";
  r.finished_at = "2026-11-28T17:12:09Z";
  r.consent = {{{"keep_profile", true}, {"contact", false}, {"employers", true}},
               "consent.text",
               1,
               std::string(64, 'a'),
               "ar",
               1,
               "2026-11-28T17:12:09Z"};
  r.answers = nlohmann::json::parse(
      R"({"about":{"name":"سارا أحمد","year_of_birth":1991,"country_of_origin":"SY"},
          "languages":{"german_level":"B1"}})");
  r.profile_token = "q83vEjRWeJq83vEjRWeJqw";
  return r;
}

}  // namespace

TEST_CASE("the same record always serializes to the same bytes") {
  auto a = canonical_json(sample());
  auto b = canonical_json(sample());
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a == *b);
}

TEST_CASE("canonical JSON does not depend on the order answers were given in") {
  Record one = sample(), two = sample();
  two.answers = nlohmann::json::object();
  two.answers["languages"]["german_level"] = "B1";
  two.answers["about"]["country_of_origin"] = "SY";
  two.answers["about"]["year_of_birth"] = 1991;
  two.answers["about"]["name"] = "سارا أحمد";
  CHECK(*canonical_json(one) == *canonical_json(two));
}

TEST_CASE("canonical JSON: sorted keys, no whitespace, UTF-8 kept as is") {
  auto text = canonical_json(sample());
  REQUIRE(text);
  CHECK(text->find("\": ") == std::string::npos);  // no space after a key
  CHECK(text->find(", \"") == std::string::npos);  // none between members
  CHECK(text->find('\n') == std::string::npos);
  CHECK(text->find("سارا أحمد") != std::string::npos);  // not \u-escaped
  CHECK(text->find("\"answers\"") < text->find("\"consent\""));
  CHECK(text->find("\"consent\"") < text->find("\"device_id\""));
  CHECK(text->starts_with("{\"answers\":{\"about\":{\"country_of_origin\":\"SY\""));
}

TEST_CASE("a record read back serializes to the identical bytes") {
  auto text = canonical_json(sample());
  REQUIRE(text);
  auto back = record_from_json(nlohmann::json::parse(*text));
  REQUIRE(back);
  CHECK(*canonical_json(*back) == *text);
  CHECK(back->record_id == sample().record_id);
  CHECK(back->consent.purposes.at("employers"));
}

TEST_CASE("the reference data's version is stored once, and a record without it keeps its bytes") {
  // Records made before ESCO have no "references": their bytes stay what they were.
  const std::string old = *canonical_json(sample());
  CHECK(old.find("references") == std::string::npos);
  CHECK(record_from_json(nlohmann::json::parse(old))->references.empty());

  Record r = sample();
  r.references["occupations"] = "esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1";
  const std::string text = *canonical_json(r);
  CHECK(text.find(R"("record_format":1,)") != std::string::npos);
  CHECK(text.find(R"("references":{"occupations":"esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1"})") !=
        std::string::npos);
  auto back = record_from_json(nlohmann::json::parse(text));
  REQUIRE(back);
  CHECK(back->references == r.references);
  CHECK(*canonical_json(*back) == text);

  auto j = nlohmann::json::parse(text);
  j["references"] = "esco";
  CHECK(record_from_json(j).error().code == "record.malformed");
  j["references"] = {{"occupations", 1}};
  CHECK(record_from_json(j).error().code == "record.malformed");
}

TEST_CASE("fractional numbers and invalid UTF-8 cannot enter a record's bytes") {
  Record r = sample();
  r.answers["about"]["hours"] = 37.5;
  CHECK(!canonical_json(r));
  r = sample();
  r.answers["about"]["name"] = std::string("\xC3\x28", 2);
  auto bad = canonical_json(r);
  REQUIRE(!bad);
  CHECK(bad.error().code == "record.not_canonical");
}

TEST_CASE("an incomplete record is refused with a clear error") {
  auto j = to_json(sample());
  j.erase("profile_token");
  auto r = record_from_json(j);
  REQUIRE(!r);
  CHECK(r.error().code == "record.malformed");
}

TEST_CASE("timestamps are RFC 3339 in UTC") {
  using namespace std::chrono;
  sys_days day = year{2026} / November / 28;
  CHECK(rfc3339_utc(day + hours{17} + minutes{2} + seconds{3}) == "2026-11-28T17:02:03Z");
}

TEST_CASE("profile tokens: 128 bits in blocks of 4 without look-alikes; old base64url ones too") {
  const std::array<std::uint8_t, 16> zeros{};
  CHECK(new_profile_token(zeros) == "0000-0000-0000-0000-0000-0000-00");
  std::array<std::uint8_t, 16> ff;
  ff.fill(0xFF);
  const std::string token = new_profile_token(ff);
  CHECK(token == "zzzz-zzzz-zzzz-zzzz-zzzz-zzzz-zw");
  CHECK(is_profile_token(token));
  // Printed, it has none of O, I, l (nor u): nothing to confuse with 0 or 1.
  CHECK(token.find_first_of("OoIiLlUu") == std::string::npos);
  // The hub's key for it however it was copied; the same key for every way of typing it.
  CHECK(profile_token_key(token) == "zzzzzzzzzzzzzzzzzzzzzzzzzw");
  CHECK(profile_token_key(std::string(8, 'Z') + "-" + std::string(17, 'Z') + "W") ==
        "zzzzzzzzzzzzzzzzzzzzzzzzzw");
  CHECK(profile_token_key("OOOO-OOOO-OOOO-OOOO-OOOO-OOOO-OO") == "00000000000000000000000000");
  // A record's token has exactly the form kiosks make: not a hand-typed one.
  CHECK_FALSE(is_profile_token("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZW"));
  CHECK_FALSE(is_profile_token("zzzzzzzzzzzzzzzzzzzzzzzzzw"));
  CHECK_FALSE(is_profile_token("zzzz-zzzz-zzzz-zzzz-zzzz-zzzz-zz"));  // padding bits set
  // Older records: 22 characters of base64url, kept and hashed as they are.
  CHECK(is_profile_token("q83vEjRWeJq83vEjRWeJqw"));
  CHECK(profile_token_key("q83vEjRWeJq83vEjRWeJqw") == "q83vEjRWeJq83vEjRWeJqw");
  CHECK(profile_token_key("Zq3x-W9kLmN2pR7sT4vY8b") == "Zq3x-W9kLmN2pR7sT4vY8b");
  CHECK_FALSE(is_profile_token("not a token"));
}
