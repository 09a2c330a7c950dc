// The finish path at library level: what is stored, what is not, and what the caller is told.
#include "core/finish.h"

#include <catch2/catch.hpp>

#include "core/outbox.h"
#include "protocol/envelope.h"
#include "support/consent_office.h"
#include "support/temp_dir.h"

using namespace sichtbar;

namespace {

struct Kiosk {
  test::TempDir tmp;
  HubKeys hub = HubKeys::generate(7);
  Form form = *load_form(test::asset("forms/skills-profile/1.json"));
  Catalogue catalogue = *Catalogue::load_locale(test::asset("i18n"), "de");
  KioskStore store = *KioskStore::open(tmp / "kiosk");
  DeviceIdentity device = *ensure_device_identity(store);
  KioskSetup setup;

  Kiosk() {
    REQUIRE(save_hub(store, hub_public_json(hub).dump(), "https://hub.example.org/", ""));
    REQUIRE(save_enrolled(store));  // the office's receipt was imported
    REQUIRE(save_office_settings(store, test::augsburg_office()));  // and its first sync
    REQUIRE(save_event(store, {"", "Spieltag", "Sportpark", "2026-11-29", "football"}));
    setup = *KioskSetup::load(store);
  }

  Draft draft() {
    Draft d = Draft::start("de", std::chrono::system_clock::now());
    d.answers = {{"consent", {{"purposes", {"keep_profile"}}}},
                 {"about", {{"name", "Amanuel Tesfaye"}, {"country_of_origin", "ER"}}}};
    return d;
  }
  std::uint64_t stored() { return Outbox(store).counts()->total(); }
};

}  // namespace

TEST_CASE("finishing stores one sealed envelope and returns the QR code of the profile link") {
  Kiosk k;
  Draft d = k.draft();
  const auto record_id = d.record_id;
  auto done = finish_profile(k.store, {k.form, k.catalogue, k.device, k.setup}, d,
                             std::chrono::system_clock::now());
  REQUIRE(done);
  CHECK(done->record_id == record_id);
  CHECK(done->profile_url.starts_with("https://hub.example.org/p/"));
  // The link carries the person's language for the hub's page before sync.
  CHECK(done->profile_url.ends_with("?lang=" + d.locale));
  // The token: 26 symbols of Crockford's base32 in blocks of 4 (32 characters).
  CHECK(done->profile_url.size() == std::string("https://hub.example.org/p/").size() + 32 +
                                        std::string("?lang=").size() + d.locale.size());
  CHECK(done->qr.size >= 21);
  CHECK(k.stored() == 1);
  auto entry = Outbox(k.store).entry(done->seq);
  REQUIRE(entry);
  CHECK(entry->state == OutboxState::Sealed);
  CHECK(entry->envelope.size() == done->envelope_bytes);
  auto plaintext = open_envelope(entry->envelope, k.hub);
  REQUIRE(plaintext);
  auto record = nlohmann::json::parse(std::string(plaintext->begin(), plaintext->end()));
  CHECK(record["event"]["kind"] == "football");
  CHECK(record["answers"]["about"]["name"] == "Amanuel Tesfaye");
  // The consent block proves which text was shown: the SHA-256 of the German consent steps with
  // the office named in them.
  CHECK(record["consent"]["text_sha256"] ==
        to_hex(sha256(as_bytes(consent_shown_text(*consent_steps(
            k.form.consent_field(), k.catalogue, consent_office(test::augsburg_office())))))));
  CHECK(record["consent"]["language"] == "de");
  // Without occupation data named, the record has no "references", like records before ESCO.
  CHECK_FALSE(record.contains("references"));
}

TEST_CASE("the consent's hash covers the office's settings: another controller, another hash") {
  Kiosk k;
  const auto consent_hash = [&](const KioskSetup& setup) {
    Draft d = k.draft();
    auto done = finish_profile(k.store, {k.form, k.catalogue, k.device, setup}, d,
                               std::chrono::system_clock::now());
    REQUIRE(done);
    auto plaintext = open_envelope(Outbox(k.store).entry(done->seq)->envelope, k.hub);
    REQUIRE(plaintext);
    return nlohmann::json::parse(std::string(plaintext->begin(), plaintext->end()))["consent"]
        .value("text_sha256", "");
  };
  const std::string augsburg = consent_hash(k.setup);
  KioskSetup munich = k.setup;
  munich.office->name = "Beratungsstelle München";
  const std::string other = consent_hash(munich);
  CHECK(augsburg.size() == 64);
  CHECK(other != augsburg);
  KioskSetup new_address = k.setup;
  new_address.office->contact = "Neue Straße 1, 86150 Augsburg";
  CHECK(consent_hash(new_address) != augsburg);
}

TEST_CASE("a kiosk that does not know its office finishes nothing: the consent named nobody") {
  Kiosk k;
  KioskSetup never_synced = k.setup;
  never_synced.office.reset();
  Draft d = k.draft();
  auto done = finish_profile(k.store, {k.form, k.catalogue, k.device, never_synced}, d,
                             std::chrono::system_clock::now());
  REQUIRE_FALSE(done);
  CHECK(done.error().code == "kiosk.no_office");
  CHECK(done.error().message.find("Sync once with the office") != std::string::npos);
  CHECK(k.stored() == 0);
}

TEST_CASE("a kiosk whose office left out its DPO finishes nothing: the consent named no one") {
  Kiosk k;
  KioskSetup incomplete = k.setup;
  incomplete.office->data_protection_officer = "";
  Draft d = k.draft();
  auto done = finish_profile(k.store, {k.form, k.catalogue, k.device, incomplete}, d,
                             std::chrono::system_clock::now());
  REQUIRE_FALSE(done);
  CHECK(done.error().code == "kiosk.office_incomplete");
  CHECK(done.error().message.find("lack its data protection officer") != std::string::npos);
  CHECK(k.stored() == 0);
}

TEST_CASE("the record names the version of the occupation data the picker offered") {
  Kiosk k;
  Draft d = k.draft();
  d.answers["work"] = {
      {"items",
       {{{"occupation",
          "http://data.europa.eu/esco/occupation/d7d986e1-7333-431b-9719-0c5c6939e360"}}}}};
  const std::string version = "esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1";
  auto done = finish_profile(k.store, {k.form, k.catalogue, k.device, k.setup, version}, d,
                             std::chrono::system_clock::now());
  REQUIRE(done);
  auto plaintext = open_envelope(Outbox(k.store).entry(done->seq)->envelope, k.hub);
  REQUIRE(plaintext);
  auto record = nlohmann::json::parse(std::string(plaintext->begin(), plaintext->end()));
  CHECK(record["references"] == nlohmann::json{{"occupations", version}});
  CHECK(record["record_format"] == 1);
  CHECK(record["answers"]["work"]["items"][0]["occupation"] ==
        "http://data.europa.eu/esco/occupation/d7d986e1-7333-431b-9719-0c5c6939e360");
}

TEST_CASE("two people never share a record id, a profile token or a sequence number") {
  Kiosk k;
  Draft a = k.draft(), b = k.draft();
  auto now = std::chrono::system_clock::now();
  auto one = finish_profile(k.store, {k.form, k.catalogue, k.device, k.setup}, a, now);
  auto two = finish_profile(k.store, {k.form, k.catalogue, k.device, k.setup}, b, now);
  REQUIRE(one);
  REQUIRE(two);
  CHECK(one->record_id != two->record_id);
  CHECK(one->profile_url != two->profile_url);
  CHECK(two->seq == one->seq + 1);
}

TEST_CASE("when sealing fails the profile is not finished and nothing is stored") {
  Kiosk k;
  Form broken = k.form;
  broken.id = std::string(80, 'x');  // a schema name the envelope cannot carry
  Draft d = k.draft();
  auto done = finish_profile(k.store, {broken, k.catalogue, k.device, k.setup}, d,
                             std::chrono::system_clock::now());
  REQUIRE(!done);
  CHECK(done.error().code.starts_with("seal."));
  CHECK(k.stored() == 0);
  // The person's answers are still there, so they can try again.
  CHECK(d.answers["about"]["name"] == "Amanuel Tesfaye");
}

TEST_CASE("invalid answers are not finished, nothing is stored, the field is named") {
  Kiosk k;
  Draft d = k.draft();
  d.answers["about"]["year_of_birth"] = 2031;
  auto done = finish_profile(k.store, {k.form, k.catalogue, k.device, k.setup}, d,
                             std::chrono::system_clock::now());
  REQUIRE(!done);
  CHECK(done.error().code == "answers.invalid");
  CHECK(done.error().message.find("year_of_birth") != std::string::npos);
  CHECK(k.stored() == 0);
}

TEST_CASE("a record the hub would quarantine is never sealed: the same check runs before sealing") {
  Kiosk k;
  Draft d = k.draft();
  std::string where;
  SECTION("a language the kiosk does not offer") {
    d.locale = "xx";
    where = "locale";
  }
  SECTION("an event name with a right-to-left override that bypassed the event setup") {
    k.setup.event.name = "Spieltag \u202Eevil";
    where = "event.name";
  }
  auto done = finish_profile(k.store, {k.form, k.catalogue, k.device, k.setup}, d,
                             std::chrono::system_clock::now());
  REQUIRE(!done);
  CHECK(done.error().message.find(where) != std::string::npos);
  CHECK(k.stored() == 0);
}

TEST_CASE("wiping a draft leaves none of the person's answers in it") {
  Kiosk k;
  Draft d = k.draft();
  d.wipe();
  CHECK(d.answers.empty());
  CHECK(d.locale.empty());
  CHECK(d.answers.dump().find("Amanuel") == std::string::npos);
}
