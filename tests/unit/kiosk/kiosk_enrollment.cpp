// The kiosk's enrollment by USB stick, at library level, as the volunteer's mistakes it stands
// for: a kiosk set up offline from the hub's key file finishes no profile (and starts no person)
// until the office's receipt is imported; a receipt from another hub, for another kiosk or for
// an older request is refused; a store from before enrollment states keeps working.
#include <catch2/catch.hpp>

#include "core/finish.h"
#include "core/outbox.h"
#include "flow/session.h"
#include "protocol/office_settings.h"
#include "support/consent_office.h"
#include "support/temp_dir.h"
#include "sync/usb_enrollment.h"

using namespace sichtbar;

namespace {

const std::string kCode = "K7QX3MPD9TRW2HFA";

// A kiosk set up as the USB-only path does: `setup --hub-key hub-public.json` and an event.
struct OfflineKiosk {
  test::TempDir tmp;
  HubKeys hub = HubKeys::generate(7);
  Form form = *load_form(test::asset("forms/skills-profile/1.json"));
  Catalogue catalogue = *Catalogue::load_locale(test::asset("i18n"), "de");
  KioskStore store = *KioskStore::open(tmp / "kiosk");
  DeviceIdentity device = *ensure_device_identity(store);
  std::filesystem::path stick = tmp / "usb";

  OfflineKiosk() {
    REQUIRE(save_hub(store, hub_public_json(hub).dump(), "https://typo.example.org", ""));
    REQUIRE(save_event(store, {"", "Infoabend", "Augsburg", "2026-11-28", "info"}));
    std::filesystem::create_directories(stick);
  }
  KioskSetup setup() { return *KioskSetup::load(store); }

  Result<FinishedProfile> finish() {
    Draft d = Draft::start("de", std::chrono::system_clock::now());
    d.answers = {{"consent", {{"purposes", {"keep_profile"}}}},
                 {"about", {{"name", "Amanuel Tesfaye"}, {"country_of_origin", "ER"}}}};
    const KioskSetup s = setup();
    return finish_profile(store, {form, catalogue, device, s}, d, std::chrono::system_clock::now());
  }

  // The request on the stick, as the hub reads it.
  UsbEnrollRequest written_request(const std::string& code = "k7qx-3mpd-9trw-2hfa") {
    auto file = write_enroll_request(store, code, "Stand 1", stick, "https://typo.example.org");
    INFO((file ? std::string() : file.error().message));
    REQUIRE(file);
    auto request = parse_usb_enroll_request(test::read_file(*file));
    REQUIRE(request);
    return *request;
  }

  // What `sichtbar-hub import` writes back, signed with `by` for `device_id`: the kiosk's config
  // and its office's settings.
  std::string receipt(const UsbEnrollRequest& request, const HubKeys& by,
                      const std::array<std::uint8_t, 16>& device_id) {
    auto j = nlohmann::json::parse(sign_usb_enroll_receipt(
        {"https://hub.example.org", "https://hub.example.org", by.recipient(), device_id, 1}, by,
        request));
    j["office"] = signed_office_settings(by, test::augsburg_office());
    return j.dump();
  }
};

}  // namespace

TEST_CASE("a kiosk set up offline finishes no profile before the office enrolled it") {
  OfflineKiosk k;
  CHECK(!k.setup().enrolled);
  auto done = k.finish();
  REQUIRE(!done);
  CHECK(done.error().code == "kiosk.not_enrolled");
  CHECK(done.error().message == kNotEnrolledMessage);
  CHECK(Outbox(k.store).counts()->total() == 0);

  // Nor does a person get past the language screen: they would leave with a dead QR code.
  KioskSession session(k.form, k.setup());
  CHECK(!session.enrolled());
  auto started = session.choose_language("de");
  REQUIRE(!started);
  CHECK(started.error().code == "session.not_enrolled");
  CHECK(session.screen() == Screen::Welcome);
}

TEST_CASE("the office's receipt completes the enrollment, and then profiles are finished") {
  OfflineKiosk k;
  const UsbEnrollRequest request = k.written_request();
  CHECK(request.request.device_id == k.device.device_id);
  CHECK(request.request.sign_public == k.device.sign_public);
  CHECK(usb_enroll_request_made_with(request, sha256(as_bytes(kCode))));
  CHECK(!k.setup().enrolled);  // written, not answered yet

  auto config = import_enroll_receipt(k.store, k.setup(), k.device,
                                      k.receipt(request, k.hub, k.device.device_id));
  INFO((config ? std::string() : config.error().message));
  REQUIRE(config);
  CHECK(k.setup().enrolled);
  // The office's settings came with it: the consent can name the office at once.
  REQUIRE(k.setup().office);
  CHECK(*k.setup().office == test::augsburg_office());
  // The hub's profile link base replaces the one the volunteer typed.
  CHECK(k.setup().profile_base_url == "https://hub.example.org");
  auto done = k.finish();
  INFO((done ? std::string() : done.error().message));
  REQUIRE(done);
  CHECK(done->profile_url.starts_with("https://hub.example.org/p/"));
  KioskSession session(k.form, k.setup());
  CHECK(session.choose_language("de"));
}

TEST_CASE("a receipt from another hub, for another kiosk or for an older request is refused") {
  OfflineKiosk k;
  const UsbEnrollRequest request = k.written_request();
  const auto refused = [&](const std::string& receipt, const std::string& why) {
    auto config = import_enroll_receipt(k.store, k.setup(), k.device, receipt);
    REQUIRE(!config);
    CHECK(config.error().code == "enroll.bad_receipt");
    CHECK(config.error().message.find(why) != std::string::npos);
    CHECK(!k.setup().enrolled);
    CHECK(!k.finish());
  };
  SECTION("signed by another office's hub") {
    refused(k.receipt(request, HubKeys::generate(7), k.device.device_id),
            "not signed by this kiosk's office hub");
  }
  SECTION("for another kiosk") {
    refused(k.receipt(request, k.hub, DeviceIdentity::generate().device_id),
            "made for another kiosk");
  }
  SECTION("for the request written before this one (a new code was used since)") {
    const std::string old_receipt = k.receipt(request, k.hub, k.device.device_id);
    (void)k.written_request("P4NC-8RWQ-3MXE-7TKB");
    refused(old_receipt, "answers an older request");
  }
  SECTION("changed on the stick") {
    std::string receipt = k.receipt(request, k.hub, k.device.device_id);
    receipt.replace(receipt.find("https://hub.example.org"), 23, "https://evil.example.org");
    refused(receipt, "not signed by this kiosk's office hub");
  }
}

TEST_CASE("a kiosk enrolled online before enrollment states existed still finishes profiles") {
  test::TempDir tmp;
  HubKeys hub = HubKeys::generate(2);
  {
    // What schema 1 held after `sichtbar-kiosk enroll`: the hub's key, its address, no state.
    auto store = KioskStore::open(tmp / "online");
    REQUIRE(store);
    REQUIRE(save_hub(*store, hub_public_json(hub).dump(), "https://hub.example.org",
                     "https://hub.example.org"));
    REQUIRE(save_event(*store, {"", "Infoabend", "Augsburg", "2026-11-28", "info"}));
    REQUIRE(store->exec("DELETE FROM settings WHERE key = 'enrollment'; PRAGMA user_version=1"));
    // And one set up offline from a key file: the hub never knew it.
    auto offline = KioskStore::open(tmp / "offline");
    REQUIRE(offline);
    REQUIRE(save_hub(*offline, hub_public_json(hub).dump(), "https://hub.example.org", ""));
    REQUIRE(save_event(*offline, {"", "Infoabend", "Augsburg", "2026-11-28", "info"}));
    REQUIRE(offline->exec("DELETE FROM settings WHERE key = 'enrollment'; PRAGMA user_version=1"));
  }
  auto store = KioskStore::open(tmp / "online");
  REQUIRE(store);
  CHECK(store->schema_version() == 2);
  CHECK(KioskSetup::load(*store)->enrolled);
  const Form form = *load_form(test::asset("forms/skills-profile/1.json"));
  const Catalogue catalogue = *Catalogue::load_locale(test::asset("i18n"), "de");
  const DeviceIdentity device = *ensure_device_identity(*store);
  REQUIRE(save_office_settings(*store, test::augsburg_office()));  // its last sync
  const KioskSetup setup = *KioskSetup::load(*store);
  Draft d = Draft::start("de", std::chrono::system_clock::now());
  d.answers = {{"consent", {{"purposes", {"keep_profile"}}}},
               {"about", {{"name", "Amanuel Tesfaye"}, {"country_of_origin", "ER"}}}};
  CHECK(finish_profile(*store, {form, catalogue, device, setup}, d,
                       std::chrono::system_clock::now()));

  auto offline = KioskStore::open(tmp / "offline");
  REQUIRE(offline);
  CHECK(offline->schema_version() == 2);
  CHECK(!KioskSetup::load(*offline)->enrolled);
}

TEST_CASE("the hub's key file given again keeps the enrollment, another hub's starts over") {
  OfflineKiosk k;
  const UsbEnrollRequest request = k.written_request();
  REQUIRE(import_enroll_receipt(k.store, k.setup(), k.device,
                                k.receipt(request, k.hub, k.device.device_id)));
  REQUIRE(save_hub(k.store, hub_public_json(k.hub).dump(), "https://hub.example.org", ""));
  CHECK(k.setup().enrolled);
  REQUIRE(save_hub(k.store, hub_public_json(HubKeys::generate(1)).dump(), "https://hub.example.org",
                   ""));
  CHECK(!k.setup().enrolled);
  CHECK(!k.finish());
}

// A locked kiosk session has no shell: after the office revoked it, the volunteer writes a new
// request from the screens (write_enroll_request, as `enroll --usb` does), with the
// device key it had, and the office's answer is taken although the kiosk was enrolled.
TEST_CASE("a revoked kiosk writes a new request with its own key and takes the office's answer") {
  OfflineKiosk k;
  const UsbEnrollRequest first = k.written_request();
  REQUIRE(import_enroll_receipt(k.store, k.setup(), k.device,
                                k.receipt(first, k.hub, k.device.device_id)));
  REQUIRE(k.finish());  // made before the revocation: it waits for the office
  // The office revoked it; the volunteer gets a new code and writes a request again.
  auto file = write_enroll_request(k.store, "P4NC-8RWQ-3MXE-7TKB", "Stand 1", k.stick,
                                   "https://hub.example.org");
  INFO((file ? std::string() : file.error().message));
  REQUIRE(file);
  auto again = parse_usb_enroll_request(test::read_file(*file));
  REQUIRE(again);
  CHECK(again->request.device_id == k.device.device_id);
  CHECK(again->request.sign_public == k.device.sign_public);
  CHECK(usb_enroll_request_made_with(*again, sha256(as_bytes(std::string("P4NC8RWQ3MXE7TKB")))));
  CHECK(k.setup().enrolled);  // still its office's kiosk while the stick is on its way

  auto config = import_enroll_receipt(k.store, k.setup(), k.device,
                                      k.receipt(*again, k.hub, k.device.device_id));
  INFO((config ? std::string() : config.error().message));
  REQUIRE(config);
  CHECK(k.setup().enrolled);
  CHECK(Outbox(k.store).counts()->waiting_for_sync() == 1);  // kept for the next export
  // The same receipt once more changes nothing, and says so.
  auto twice = import_enroll_receipt(k.store, k.setup(), k.device,
                                     k.receipt(*again, k.hub, k.device.device_id));
  REQUIRE(!twice);
  CHECK(twice.error().code == "enroll.already_enrolled");
}

TEST_CASE(
    "a USB request to another office's hub is refused while a profile waits, and moves the "
    "kiosk once none waits") {
  OfflineKiosk k;
  const UsbEnrollRequest first = k.written_request();
  REQUIRE(import_enroll_receipt(k.store, k.setup(), k.device,
                                k.receipt(first, k.hub, k.device.device_id)));
  auto made = k.finish();
  REQUIRE(made);
  const HubKeys other = HubKeys::generate(1);
  test::write_file(k.stick / "hub-public.json", hub_public_json(other).dump());
  const std::string old_hub = k.setup().hub_public_json;
  const auto requests_on_stick = [&] {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(k.stick))
      n += entry.path().extension() == ".sbe";
    return n;
  };
  const int before = requests_on_stick();

  auto refused = write_enroll_request(k.store, "P4NC-8RWQ-3MXE-7TKB", "Stand 1", k.stick,
                                      "https://nord.example.org");
  REQUIRE(!refused);
  CHECK(refused.error().code == "enroll.unsent_profiles");
  CHECK(k.setup().hub_public_json == old_hub);
  CHECK(k.setup().enrolled);
  CHECK(requests_on_stick() == before);

  // The old office acknowledged it (its bundle's receipt): now the kiosk may move.
  const std::uint64_t seq = 1;
  REQUIRE(Outbox(k.store).mark_acknowledged(std::span(&seq, 1), 1));
  auto file = write_enroll_request(k.store, "P4NC-8RWQ-3MXE-7TKB", "Stand 1", k.stick,
                                   "https://nord.example.org");
  INFO((file ? std::string() : file.error().message));
  REQUIRE(file);
  CHECK(k.setup().hub.sign_public == other.recipient().sign_public);
  CHECK(!k.setup().enrolled);                          // waits for the new office's receipt
  CHECK(Outbox(k.store).counts()->acknowledged == 0);  // purged: the new hub could not open it
  auto request = parse_usb_enroll_request(test::read_file(*file));
  REQUIRE(request);
  REQUIRE(import_enroll_receipt(k.store, k.setup(), k.device,
                                k.receipt(*request, other, k.device.device_id)));
  CHECK(k.setup().enrolled);
}
