// The office's settings travel signed from hub to kiosk: what a kiosk takes, and what it refuses
// (another hub's signature, a changed name, a malformed field, an older replay).
#include "protocol/office_settings.h"

#include <catch2/catch.hpp>
#include <string>

#include "protocol/wire.h"

using namespace sichtbar;
using nlohmann::json;

namespace {

OfficeSettings augsburg() {
  return {2,
          "Beratungsstelle Anerkennung Augsburg",
          "Musterstraße 1, 86150 Augsburg, 0821 123456",
          "Datenschutzbeauftragte, datenschutz@example.org",
          "Bayerisches Landesamt für Datenschutzaufsicht (BayLDA), Ansbach",
          730,
          1764900000000};
}

}  // namespace

TEST_CASE("office settings signed by the hub verify with its key and come back unchanged") {
  const HubKeys keys = HubKeys::generate(1);
  const auto signed_settings = signed_office_settings(keys, augsburg());
  auto office = verify_signed_office_settings(signed_settings, keys.recipient());
  REQUIRE(office);
  CHECK(*office == augsburg());
  // Right-to-left and other scripts stay byte-exact.
  OfficeSettings arabic = augsburg();
  arabic.name = "مكتب الاستشارة <b>\"Augsburg\"</b>";
  auto again = verify_signed_office_settings(signed_office_settings(keys, arabic), keys.recipient());
  REQUIRE(again);
  CHECK(again->name == arabic.name);
}

TEST_CASE("office settings that were changed on the way or signed by another hub are refused") {
  const HubKeys keys = HubKeys::generate(1);
  auto signed_settings = signed_office_settings(keys, augsburg());
  SECTION("another controller's name put in") {
    signed_settings["office"]["name"] = "Someone Else GmbH";
    auto office = verify_signed_office_settings(signed_settings, keys.recipient());
    REQUIRE_FALSE(office);
    CHECK(office.error().code == "office_settings.bad_signature");
  }
  SECTION("a longer retention put in") {
    signed_settings["office"]["retention_days"] = 36500;
    CHECK(verify_signed_office_settings(signed_settings, keys.recipient()).error().code ==
          "office_settings.bad_signature");
  }
  SECTION("signed by another hub") {
    const HubKeys other = HubKeys::generate(1);
    CHECK(verify_signed_office_settings(signed_office_settings(other, augsburg()),
                                        keys.recipient())
              .error()
              .code == "office_settings.bad_signature");
  }
  SECTION("no signature") {
    signed_settings.erase("signature");
    CHECK(verify_signed_office_settings(signed_settings, keys.recipient()).error().code ==
          "office_settings.invalid");
  }
}

TEST_CASE("malformed office settings get an error naming the field") {
  json doc = office_settings_json(augsburg());
  REQUIRE(parse_office_settings(doc));
  const auto error_of = [&](auto change) {
    json d = doc;
    change(d);
    auto parsed = parse_office_settings(d);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == "office_settings.invalid");
    return parsed.error().message;
  };
  CHECK(error_of([](json& d) { d["format"] = "sichtbar-office-2"; }).find("format") !=
        std::string::npos);
  CHECK(error_of([](json& d) { d["name"] = std::string(kMaxOfficeText + 1, 'a'); })
            .find("name") != std::string::npos);
  CHECK(error_of([](json& d) { d["contact"] = 5; }).find("contact") != std::string::npos);
  CHECK(error_of([](json& d) { d["retention_days"] = -1; }).find("retention_days") !=
        std::string::npos);
  CHECK(error_of([](json& d) { d["office_id"] = 0; }).find("office_id") != std::string::npos);
  CHECK(error_of([](json& d) { d.erase("supervisory_authority"); })
            .find("supervisory_authority") != std::string::npos);
  CHECK(error_of([](json& d) { d["updated_at_ms"] = 1.5; }).find("updated_at_ms") !=
        std::string::npos);
}

TEST_CASE("a kiosk takes newer settings or another office's, never an older replay") {
  const OfficeSettings now = augsburg();
  CHECK(office_settings_newer(std::nullopt, now));
  OfficeSettings older = now;
  older.updated_at_ms -= 1;
  older.contact = "an old address";
  CHECK_FALSE(office_settings_newer(now, older));
  OfficeSettings newer = now;
  newer.updated_at_ms += 1;
  CHECK(office_settings_newer(now, newer));
  OfficeSettings moved = older;  // the kiosk was moved to another office
  moved.office_id = 3;
  CHECK(office_settings_newer(now, moved));
}

TEST_CASE("the HELLO reply and the ACK carry the office settings through the wire format") {
  const HubKeys keys = HubKeys::generate(1);
  HelloReply reply;
  reply.hub_time_ms = 1;
  reply.office = signed_office_settings(keys, augsburg());
  auto parsed = parse_hello_reply(to_json_text(reply));
  REQUIRE(parsed);
  REQUIRE(parsed->office);
  CHECK(verify_signed_office_settings(*parsed->office, keys.recipient())->name ==
        augsburg().name);
  // A reply without them (an older hub) still parses: the kiosk keeps what it has.
  reply.office.reset();
  parsed = parse_hello_reply(to_json_text(reply));
  REQUIRE(parsed);
  CHECK_FALSE(parsed->office);
  json bad = json::parse(to_json_text(reply));
  bad["office"] = "Augsburg";
  auto refused = parse_hello_reply(bad.dump());
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("office") != std::string::npos);

  // A USB receipt: inside the signed ACK.
  Ack ack;
  ack.device_id[0] = 7;
  ack.hub_key_id = keys.key_id;
  ack.batch_id = std::string(64, 'a');
  ack.office = signed_office_settings(keys, augsburg());
  auto verified = verify_ack(sign_ack(ack, keys), keys.sign_public, ack.device_id);
  REQUIRE(verified);
  REQUIRE(verified->office);
  CHECK(verify_signed_office_settings(*verified->office, keys.recipient())->contact ==
        augsburg().contact);
}
