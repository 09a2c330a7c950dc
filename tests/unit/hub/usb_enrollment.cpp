// Enrollment by USB stick at the hub (`sichtbar-hub import` of a kiosk's request), on both store
// backends: a request made with a live code enrolls the kiosk once and gets a receipt the kiosk
// can check; a wrong, used or expired code, or a request changed on its way, enrolls nothing; a
// revoked kiosk comes back, and an enrolled one moves office, with a new code as online.
#include "hub/usb_enrollment.h"

#include <catch2/catch.hpp>

#include "protocol/bundle.h"
#include "protocol/enrollment.h"
#include "support/hub_backends.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using test::HubBackend;
using test::HubDatabase;

namespace {

constexpr std::int64_t kNow = 1'795'900'000'000;  // 2026-11-28
const UsbEnrollConfig kConfig{"https://hub.example.org", "https://hub.example.org"};

// The office ran `sichtbar-hub enroll`: the code's hash is in the store until `expires`.
std::string office_code(HubStore& store, std::int64_t expires = kNow + 3'600'000) {
  const std::string code = *normalize_enroll_code(make_enroll_code());
  REQUIRE(store.add_enroll_token(sha256(as_bytes(code)), expires));
  return code;
}

struct KioskOnStick {
  test::TempDir stick;
  DeviceIdentity id = DeviceIdentity::generate();
  std::filesystem::path file = stick / "sichtbar-enroll-test.sbe";
  std::array<std::uint8_t, 32> request_mac{};

  void write(const std::string& code, const std::string& name = "Stand Augsburg") {
    const EnrollRequest request{code, id.device_id, id.sign_public, name};
    request_mac = usb_enroll_request_of(request).code_mac;
    test::write_file(file, write_usb_enroll_request(request));
  }
  std::filesystem::path receipt() const { return file.string() + std::string(kReceiptSuffix); }
};

// A kiosk the office enrolled by stick with a code of its first office.
void enrolled_by_stick(HubStore& store, const HubKeys& keys, KioskOnStick& kiosk) {
  kiosk.write(office_code(store));
  REQUIRE(import_enroll_request(store, keys, kConfig, kiosk.file, kNow));
}

}  // namespace

#define FOR_EACH_BACKEND()                                                       \
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres); \
  INFO("backend: " << backend);                                                  \
  HubDatabase hub_db(backend)

TEST_CASE("a kiosk's request from the stick, made with the office's code, enrolls it once") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const HubKeys keys = HubKeys::generate(3);
  KioskOnStick kiosk;
  const std::string code = office_code(*store);
  (void)office_code(*store);  // another code made the same day: it stays unused
  kiosk.write(code);
  // The code itself never goes on the stick: it would let whoever reads the stick enroll.
  CHECK(test::read_file(kiosk.file).find(code) == std::string::npos);

  auto report = import_enroll_request(*store, keys, kConfig, kiosk.file, kNow);
  INFO((report ? std::string() : report.error().message));
  REQUIRE(report);
  CHECK(!report->already_enrolled);
  CHECK(report->device_name == "Stand Augsburg");
  auto device = store->find_device(kiosk.id.device_id);
  REQUIRE(device);
  REQUIRE(*device);
  CHECK((*device)->sign_public == kiosk.id.sign_public);
  CHECK(store->live_enroll_tokens(kNow)->size() == 1);  // this code is used up

  // The receipt is the hub's, for this kiosk and this request.
  auto config = verify_usb_enroll_receipt(test::read_file(kiosk.receipt()), keys.recipient(),
                                          kiosk.id.device_id, kiosk.request_mac);
  INFO((config ? std::string() : config.error().message));
  REQUIRE(config);
  CHECK(config->profile_base_url == "https://hub.example.org");
  CHECK(config->hub == keys.recipient());

  // The stick comes back to the office with the request still on it: imported again, it is
  // no error and uses no code; the receipt is written again.
  std::filesystem::remove(kiosk.receipt());
  report = import_enroll_request(*store, keys, kConfig, kiosk.file, kNow + 60'000);
  REQUIRE(report);
  CHECK(report->already_enrolled);
  CHECK(std::filesystem::exists(kiosk.receipt()));
  CHECK(store->live_enroll_tokens(kNow)->size() == 1);
  CHECK(store->list_devices()->size() == 1);
}

TEST_CASE("a request with a wrong, used or expired code enrolls nothing and says why") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const HubKeys keys = HubKeys::generate(1);
  const auto refused = [&](KioskOnStick& kiosk, std::int64_t now) {
    auto report = import_enroll_request(*store, keys, kConfig, kiosk.file, now);
    REQUIRE(!report);
    CHECK(report.error().code == "enroll.code_not_valid");
    CHECK(report.error().message.find("unknown here, already used or expired") !=
          std::string::npos);
    CHECK(report.error().message.find("sichtbar-hub enroll") != std::string::npos);
    CHECK(!*store->find_device(kiosk.id.device_id));
    CHECK(!std::filesystem::exists(kiosk.receipt()));
  };

  SECTION("a code this office never made (a typo, or another office's)") {
    (void)office_code(*store);
    KioskOnStick kiosk;
    kiosk.write(*normalize_enroll_code("K7QX-3MPD-9TRW-2HFA"));
    refused(kiosk, kNow);
  }
  SECTION("a code another kiosk used already") {
    const std::string code = office_code(*store);
    KioskOnStick first, second;
    first.write(code);
    second.write(code);
    REQUIRE(import_enroll_request(*store, keys, kConfig, first.file, kNow));
    refused(second, kNow + 1000);
  }
  SECTION("a code that expired while the stick was on its way") {
    const std::string code = office_code(*store, kNow + 15 * 60'000);
    KioskOnStick kiosk;
    kiosk.write(code);
    refused(kiosk, kNow + 16 * 60'000);
  }
  SECTION("a request whose key was swapped on the stick") {
    const std::string code = office_code(*store);
    KioskOnStick kiosk;
    kiosk.write(code);
    const DeviceIdentity intruder = DeviceIdentity::generate();
    std::string text = test::read_file(kiosk.file);
    const std::string genuine = to_base64url(kiosk.id.sign_public);
    text.replace(text.find(genuine), genuine.size(), to_base64url(intruder.sign_public));
    test::write_file(kiosk.file, text);
    refused(kiosk, kNow);
    // The code is still good for the genuine request.
    kiosk.write(code);
    CHECK(import_enroll_request(*store, keys, kConfig, kiosk.file, kNow));
  }
}

TEST_CASE("a request naming an enrolled kiosk with another key does not take its place") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const HubKeys keys = HubKeys::generate(1);
  KioskOnStick kiosk;
  enrolled_by_stick(*store, keys, kiosk);
  KioskOnStick impostor;
  impostor.id.device_id = kiosk.id.device_id;
  impostor.write(office_code(*store));
  auto report = import_enroll_request(*store, keys, kConfig, impostor.file, kNow);
  REQUIRE(!report);
  CHECK(report.error().code == "import.device_exists");
  CHECK((*store->find_device(kiosk.id.device_id))->sign_public == kiosk.id.sign_public);
}

TEST_CASE("a damaged or foreign file on the stick is refused with what to do") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const HubKeys keys = HubKeys::generate(1);
  KioskOnStick kiosk;
  test::write_file(kiosk.file, "{\"format\":\"sichtbar-enroll-request-1\",\"request\":{}}");
  auto report = import_enroll_request(*store, keys, kConfig, kiosk.file, kNow);
  REQUIRE(!report);
  CHECK(report.error().code == "enroll.bad_request");
  CHECK(report.error().message.find("sichtbar-kiosk enroll --usb") != std::string::npos);
  CHECK(store->list_devices()->empty());
}

// After a revocation (a stolen kiosk found again, an office that acted too fast) or a move, the
// kiosk comes back by stick as it would online: a new code and the key it had trust it again.
TEST_CASE("a revoked kiosk's request with a new code and its own key trusts it again") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const HubKeys keys = HubKeys::generate(1);
  KioskOnStick kiosk;
  enrolled_by_stick(*store, keys, kiosk);
  REQUIRE(store->revoke_device(kiosk.id.device_id, kNow + 1000));
  const std::optional<Device> revoked = *store->find_device(kiosk.id.device_id);
  REQUIRE(revoked);
  std::filesystem::remove(kiosk.receipt());
  const std::string code = office_code(*store);  // the office made a new code

  SECTION("the old request, whose code is used up, stays refused and says what to do") {
    auto report = import_enroll_request(*store, keys, kConfig, kiosk.file, kNow + 2000);
    REQUIRE(!report);
    CHECK(report.error().code == "import.revoked_device");
    CHECK(report.error().message.find("make a new code (sichtbar-hub enroll") != std::string::npos);
    CHECK(*store->find_device(kiosk.id.device_id) == revoked);
    CHECK(store->live_enroll_tokens(kNow)->size() == 1);  // the new code is still good
    CHECK(!std::filesystem::exists(kiosk.receipt()));
  }
  SECTION("another key under the revoked kiosk's id is refused, and the code stays good") {
    KioskOnStick impostor;
    impostor.id.device_id = kiosk.id.device_id;
    impostor.write(code);
    auto report = import_enroll_request(*store, keys, kConfig, impostor.file, kNow + 2000);
    REQUIRE(!report);
    CHECK(report.error().code == "import.device_exists");
    CHECK(*store->find_device(kiosk.id.device_id) == revoked);
    CHECK(store->live_enroll_tokens(kNow)->size() == 1);
  }
  SECTION("a new request with the new code and the same key: trusted again, the code used up") {
    kiosk.write(code, "Stand Augsburg 2");
    auto report = import_enroll_request(*store, keys, kConfig, kiosk.file, kNow + 2000);
    INFO((report ? std::string() : report.error().message));
    REQUIRE(report);
    CHECK(!report->already_enrolled);
    auto device = store->find_device(kiosk.id.device_id);
    REQUIRE(device);
    REQUIRE(*device);
    CHECK(!(*device)->revoked_at_ms);
    CHECK((*device)->sign_public == kiosk.id.sign_public);
    CHECK((*device)->name == "Stand Augsburg 2");
    CHECK(store->live_enroll_tokens(kNow)->empty());
    CHECK(verify_usb_enroll_receipt(test::read_file(kiosk.receipt()), keys.recipient(),
                                    kiosk.id.device_id, kiosk.request_mac));
  }
}

TEST_CASE("an enrolled kiosk's request with another office's code moves it to that office") {
  FOR_EACH_BACKEND();
  auto store = open_store(hub_db);
  const HubKeys keys = HubKeys::generate(1);
  KioskOnStick kiosk;
  enrolled_by_stick(*store, keys, kiosk);
  auto nord = store->add_office({0, "Beratung Nord", "", "", "", 730, kNow});
  REQUIRE(nord);
  const std::string code = *normalize_enroll_code(make_enroll_code());
  REQUIRE(store->add_enroll_token(sha256(as_bytes(code)), kNow + 3'600'000, *nord));
  kiosk.write(code);
  auto report = import_enroll_request(*store, keys, kConfig, kiosk.file, kNow + 1000);
  INFO((report ? std::string() : report.error().message));
  REQUIRE(report);
  auto device = store->find_device(kiosk.id.device_id);
  REQUIRE(device);
  REQUIRE(*device);
  CHECK((*device)->office_id == *nord);
  CHECK(!(*device)->revoked_at_ms);
  CHECK(store->live_enroll_tokens(kNow)->empty());
}
