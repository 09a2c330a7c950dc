// Sync end to end on loopback with real processes: `sichtbar-hub serve`, `sichtbar-hub enroll`,
// `sichtbar-kiosk enroll`, `fill` and `sync`. Every finished profile reaches the hub exactly
// once; a revoked kiosk is refused; a hub restored from an older backup gets back what it lost;
// a key rotation reaches the kiosks and loses nothing sealed before it.
#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <thread>
#include <tuple>

#include <nlohmann/json.hpp>

#include "sync/background_sync.h"
#include "core/setup.h"
#include "protocol/enrollment.h"
#include "protocol/envelope.h"
#include "support/office.h"
#include "support/profile_pages.h"

using namespace sichtbar;
using sichtbar::test::Kiosk;
using sichtbar::test::Office;
namespace fs = std::filesystem;


TEST_CASE("every finished profile reaches the hub exactly once, and a second sync sends nothing") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  kiosk.fill(3);
  auto r = kiosk.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("3 sent, 3 new at the office") != std::string::npos);
  CHECK(office.records_at_hub() == 3);
  CHECK(kiosk.counts().waiting_for_sync() == 0);
  CHECK(kiosk.counts().acknowledged == 3);

  r = kiosk.run({"sync"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("0 sent") != std::string::npos);
  CHECK(office.records_at_hub() == 3);

  auto devices = office.hub({"devices"});
  CHECK(devices.out.find("Kiosk Augsburg 1") != std::string::npos);
  CHECK(devices.out.find("up to #3") != std::string::npos);
}

TEST_CASE("Sync now from the volunteer's menu (off the screen's thread) sends every profile, "
          "and one finished meanwhile goes with the next sync") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  kiosk.fill(3);
  auto store = KioskStore::open(kiosk.data);
  REQUIRE(store);
  auto device = ensure_device_identity(*store);
  REQUIRE(device);
  std::atomic<int> finished_calls{0};
  BackgroundSync sync(kiosk.data, *device, [&] { ++finished_calls; });
  REQUIRE(sync.start(BackgroundSync::Clock::now()));
  CHECK_FALSE(sync.start(BackgroundSync::Clock::now()));  // one at a time
  // A person finishes a profile while the sync runs (another connection writes the outbox).
  kiosk.fill(1);
  for (int i = 0; i < 600 && sync.state().running; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto state = sync.state();
  REQUIRE_FALSE(state.running);
  REQUIRE(state.last.has_value());
  INFO((*state.last ? std::string() : state.last->error().message));
  REQUIRE(state.last->has_value());
  CHECK((*state.last)->sent >= 3);
  CHECK(finished_calls == 1);
  // The next sync sends what is left: every profile is at the hub exactly once.
  REQUIRE(sync.start(BackgroundSync::Clock::now()));
  for (int i = 0; i < 600 && sync.state().running; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  state = sync.state();
  REQUIRE(state.last.has_value());
  INFO((*state.last ? std::string() : state.last->error().message));
  REQUIRE(state.last->has_value());
  CHECK((*state.last)->waiting == 0);
  CHECK(office.records_at_hub() == 4);
  CHECK(kiosk.counts().waiting_for_sync() == 0);
  sync.forget();
  CHECK_FALSE(sync.state().last.has_value());
}

TEST_CASE("scripts get the enrollment code alone and the kiosk's state as JSON") {
  Office office;
  // deploy/sichtbar reads these instead of the sentences meant for people.
  auto code = office.hub({"enroll", "--print-code"});
  INFO(code.err);
  REQUIRE(code.exit_code == 0);
  REQUIRE(!code.out.empty());
  CHECK(code.out.back() == '\n');
  const std::string printed = code.out.substr(0, code.out.size() - 1);
  CHECK(printed.find('\n') == std::string::npos);
  REQUIRE(normalize_enroll_code(printed));

  Kiosk kiosk{office.tmp_ / "kiosk"};
  auto r = kiosk.run({"enroll", "--hub", office.url(), "--code", printed, "--name", "Kiosk 2"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto status = kiosk.run({"status", "--json"});
  REQUIRE(status.exit_code == 0);
  auto before = nlohmann::json::parse(status.out);
  CHECK(before["set_up"] == false);

  r = kiosk.run({"setup", "--event-name", "Infoabend", "--event-date", "2026-11-28"});
  REQUIRE(r.exit_code == 0);
  kiosk.fill(2);
  status = kiosk.run({"status", "--json"});
  REQUIRE(status.exit_code == 0);
  auto after = nlohmann::json::parse(status.out);
  CHECK(after["set_up"] == true);
  CHECK(after["hub_url"] == office.url());
  CHECK(after["event"]["name"] == "Infoabend");
  CHECK(after["event"]["date"] == "2026-11-28");
  CHECK(after["profiles"]["finished"] == 2);
  CHECK(after["profiles"]["waiting_for_sync"] == 2);
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  after = nlohmann::json::parse(kiosk.run({"status", "--json"}).out);
  CHECK(after["profiles"]["waiting_for_sync"] == 0);
  CHECK(after["profiles"]["received_by_office"] == 2);
}

TEST_CASE("an enrollment code works once") {
  Office office;
  const std::string code = office.enroll_code();
  Kiosk first{office.tmp_ / "k1"}, second{office.tmp_ / "k2"};
  REQUIRE(first.run({"enroll", "--hub", office.url(), "--code", code}).exit_code == 0);
  auto r = second.run({"enroll", "--hub", office.url(), "--code", code});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("already used or expired") != std::string::npos);
  r = second.run({"enroll", "--hub", office.url(), "--code", "AAAA-BBBB-CCCC-DDDD"});
  CHECK(r.exit_code == 1);
}

namespace {

// A kiosk enrolled with the office, holding two profiles it has not sent, that the office then
// revoked (reported lost): the device id the office revoked.
std::string revoked_with_two_profiles(Office& office, Kiosk& kiosk) {
  kiosk.enroll(office);
  kiosk.fill(2);
  auto store = hub::open_sqlite_hub_store(office.database());
  REQUIRE(store);
  auto devices = (*store)->list_devices();
  REQUIRE(devices);
  REQUIRE(devices->size() == 1);
  const std::string device = to_hex(devices->front().device_id);
  store->reset();
  REQUIRE(office.hub({"revoke", device}).exit_code == 0);
  return device;
}

}  // namespace

TEST_CASE("a revoked kiosk is refused and keeps its profiles") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  revoked_with_two_profiles(office, kiosk);
  auto r = kiosk.run({"sync"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("revoked") != std::string::npos);
  CHECK(kiosk.counts().waiting_for_sync() == 2);
  CHECK(office.records_at_hub() == 0);
}

TEST_CASE("a revoked kiosk enrolled again with a new code sends the profiles it kept") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  const std::string device = revoked_with_two_profiles(office, kiosk);
  REQUIRE(kiosk.run({"sync"}).exit_code == 1);
  auto r = kiosk.run({"enroll", "--hub", office.url(), "--code", office.enroll_code()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(kiosk.counts().waiting_for_sync() == 0);
  CHECK(office.records_at_hub() == 2);
  r = office.hub({"devices"});
  CHECK(r.out.find(device) != std::string::npos);
  CHECK(r.out.find("REVOKED") == std::string::npos);
  // Enrolling again while enrolled (a volunteer who tried once more) changes nothing.
  r = kiosk.run({"enroll", "--hub", office.url(), "--code", office.enroll_code()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("a kiosk moves to another office only once its profiles reached the old one") {
  Office old_office, new_office;
  Kiosk kiosk{old_office.tmp_ / "kiosk"};
  kiosk.enroll(old_office);
  kiosk.fill(2);
  auto settings = [&] {
    auto store = KioskStore::open(kiosk.data);
    REQUIRE(store);
    return std::make_tuple(*store->setting("hub.public"), *store->setting("hub.url"),
                           *store->setting("enrollment"), *store->setting("office.settings"));
  };
  const auto before = settings();
  // The new office could not open what was sealed to the old one: refused, nothing changed.
  auto r = kiosk.run({"enroll", "--hub", new_office.url(), "--code", new_office.enroll_code()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("enroll.unsent_profiles") != std::string::npos);
  CHECK(settings() == before);
  CHECK(kiosk.counts().waiting_for_sync() == 2);
  // Synced with the old office, the move goes through, and the new office gets what comes next
  // (not the old office's profiles: the kiosk forgot them once the old office had them).
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  CHECK(old_office.records_at_hub() == 2);
  r = kiosk.run({"enroll", "--hub", new_office.url(), "--code", new_office.enroll_code()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(kiosk.counts().acknowledged == 0);
  kiosk.fill(1);
  r = kiosk.run({"sync"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(new_office.records_at_hub() == 1);
  CHECK(kiosk.counts().waiting_for_sync() == 0);
}

TEST_CASE("a hub restored from an older backup gets back what it lost") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  // Last night's backup: the kiosk is enrolled, no record yet.
  office.stop_hub();
  fs::copy_file(office.database(), office.tmp_ / "backup.db");
  office.start_hub();
  kiosk.fill(2);
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  CHECK(office.records_at_hub() == 2);
  // The hub's disk dies; the office restores the backup.
  office.stop_hub();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(office.database().string() + suffix);
  fs::copy_file(office.tmp_ / "backup.db", office.database());
  office.start_hub();
  CHECK(office.records_at_hub() == 0);
  kiosk.fill(1);
  auto r = kiosk.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("2 sent again") != std::string::npos);
  CHECK(office.records_at_hub() == 3);
}

TEST_CASE("a USB bundle carries the profiles to the office, and its receipt clears the kiosk") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  kiosk.fill(3);
  const fs::path stick = office.tmp_ / "usb";
  fs::create_directories(stick);
  auto r = kiosk.run({"export-bundle", stick.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("3 profile(s) written") != std::string::npos);
  fs::path bundle;
  for (auto& e : fs::directory_iterator(stick)) bundle = e.path();
  REQUIRE(bundle.extension() == ".sbb");

  r = office.hub({"import", bundle.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("3 new") != std::string::npos);
  CHECK(office.records_at_hub() == 3);
  // Importing the same stick again changes nothing.
  r = office.hub({"import", bundle.string()});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("0 new, 3 already here") != std::string::npos);
  CHECK(office.records_at_hub() == 3);

  CHECK(kiosk.counts().waiting_for_sync() == 3);
  r = kiosk.run({"import-receipt", bundle.string() + ".receipt"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(kiosk.counts().waiting_for_sync() == 0);
}

namespace {

// The stick's file with this extension (exactly one).
fs::path on_stick(const fs::path& stick, const std::string& extension) {
  std::vector<fs::path> found;
  for (auto& e : fs::directory_iterator(stick))
    if (e.path().string().ends_with(extension)) found.push_back(e.path());
  REQUIRE(found.size() == 1);
  return found.front();
}

// What the kiosk's command line says while the office does not know it yet.
const std::string kNotRegistered(kNotEnrolledMessage);

// A kiosk set up from the hub's key file alone, as a volunteer does with the stick: no network,
// not enrolled yet. `more`: the options that write the enrollment request too.
test::RunResult set_up_offline(Kiosk& kiosk, const Office& office,
                               const std::vector<std::string>& more = {}) {
  const std::string key_file = (office.tmp_ / "keys" / "hub-public.json").string();
  std::vector<std::string> args = {"setup",      "--hub-key",    key_file,    "--profile-base-url",
                                   office.url(), "--event-name", "Infoabend", "--event-date",
                                   "2026-11-28"};
  args.insert(args.end(), more.begin(), more.end());
  return kiosk.run(args);
}

}  // namespace

TEST_CASE("a kiosk set up offline by USB stick makes profiles only once the office enrolled it, "
          "and every QR code it hands out opens") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  const fs::path stick = office.tmp_ / "usb";
  fs::create_directories(stick);
  // The volunteer has the hub's key file and a code from the office, both on the stick.
  const std::string code = office.enroll_code();
  auto r = set_up_offline(
      kiosk, office,
      {"--enroll-code", code, "--usb", stick.string(), "--name", "Stand Lechhausen"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const fs::path request = on_stick(stick, ".sbe");
  CHECK(r.out.find("Enrollment request written to " + request.string()) != std::string::npos);
  // The code is not on the stick: whoever finds it on the way cannot enroll a machine with it.
  CHECK(test::read_file(request).find(code.substr(0, 4)) == std::string::npos);

  // Before the office answers, no person's profile is finished: it would never open.
  r = kiosk.run({"fill", "--answers", test::asset("demo/profile-de.json").string(), "--no-terminal-qr"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(kNotRegistered) != std::string::npos);
  CHECK(kiosk.counts().total() == 0);
  r = kiosk.run({"status"});
  CHECK(r.out.find(kNotRegistered) != std::string::npos);

  // At the office: the stick's folder, as volunteers import bundles.
  r = office.hub({"import", stick.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Kiosk \"Stand Lechhausen\"") != std::string::npos);
  CHECK(r.out.find("is enrolled now") != std::string::npos);
  r = office.hub({"devices"});
  CHECK(r.out.find("Stand Lechhausen") != std::string::npos);

  // Back at the kiosk.
  r = kiosk.run({"import-receipt", request.string() + ".receipt"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("registered with the office now") != std::string::npos);
  r = kiosk.run({"fill", "--answers", test::asset("demo/profile-de.json").string(), "--no-terminal-qr"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto at = r.out.find("Link: ");
  REQUIRE(at != std::string::npos);
  const std::string link = r.out.substr(at + 6, r.out.find('\n', at) - at - 6);
  REQUIRE(link.starts_with(office.url() + "/p/"));

  r = kiosk.run({"export-bundle", stick.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  // The same stick at the office again: the request (still on it) is no error, the bundle is
  // stored.
  r = office.hub({"import", stick.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("was enrolled here already") != std::string::npos);
  CHECK(r.out.find("1 profile(s); 1 new") != std::string::npos);
  CHECK(office.records_at_hub() == 1);
  r = kiosk.run({"import-receipt", on_stick(stick, ".sbb.receipt").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(kiosk.counts().waiting_for_sync() == 0);

  // The person's QR code opens their profile.
  auto page = test::get(office, link.substr(office.url().size()));
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("Demo Person") != std::string::npos);
}

TEST_CASE("a stick's request with a wrong, used or expired code enrolls nothing, and a new "
          "request with a new code does") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  const fs::path stick = office.tmp_ / "usb";
  fs::create_directories(stick);
  auto r = set_up_offline(kiosk, office);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(kNotRegistered) != std::string::npos);

  const auto refused = [&](const std::string& code) {
    auto w = kiosk.run({"enroll", "--usb", stick.string(), "--code", code, "--name", "Stand Oberhausen"});
    INFO(w.out << w.err);
    REQUIRE(w.exit_code == 0);
    auto i = office.hub({"import", stick.string()});
    INFO(i.out << i.err);
    CHECK(i.exit_code == 1);
    CHECK(i.err.find("unknown here, already used or expired. Nothing was enrolled.") !=
          std::string::npos);
    CHECK(office.hub({"devices"}).out.find("Stand Oberhausen") == std::string::npos);
    CHECK(!fs::exists(on_stick(stick, ".sbe").string() + ".receipt"));
  };
  SECTION("a code this office never made") { refused("K7QX-3MPD-9TRW-2HFA"); }
  SECTION("a code another kiosk used already") {
    const std::string code = office.enroll_code();
    Kiosk other{office.tmp_ / "other"};
    REQUIRE(other.run({"enroll", "--hub", office.url(), "--code", code}).exit_code == 0);
    refused(code);
  }
  SECTION("a code that expired while the stick was on its way") {
    auto made = office.hub({"enroll", "--valid-minutes", "1", "--print-code"});
    REQUIRE(made.exit_code == 0);
    const std::string code = made.out.substr(0, made.out.find('\n'));
    // An hour has passed at the office: the code's expiry moved into the past.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(office.database().c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    CHECK(sqlite3_exec(db, "UPDATE enroll_tokens SET expires_at = expires_at - 3600000", nullptr,
                       nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    refused(code);
  }
  // The volunteer writes a new request with a new code; the kiosk takes only its answer.
  auto w = kiosk.run({"enroll", "--usb", stick.string(), "--code", office.enroll_code()});
  INFO(w.out << w.err);
  REQUIRE(w.exit_code == 0);
  REQUIRE(office.hub({"import", stick.string()}).exit_code == 0);
  r = kiosk.run({"import-receipt", on_stick(stick, ".sbe").string() + ".receipt"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  kiosk.fill(1);
}

TEST_CASE("a bundle cut short on the stick stores what is intact, and the rest comes next time") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  kiosk.fill(3);
  const fs::path stick = office.tmp_ / "usb";
  fs::create_directories(stick);
  REQUIRE(kiosk.run({"export-bundle", stick.string()}).exit_code == 0);
  fs::path bundle;
  for (auto& e : fs::directory_iterator(stick)) bundle = e.path();
  std::string bytes = test::read_file(bundle);
  test::write_file(bundle, bytes.substr(0, bytes.size() - 100));  // the stick was pulled early

  auto r = office.hub({"import", bundle.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("2 new") != std::string::npos);
  CHECK(r.out.find("1 profile(s) were cut off") != std::string::npos);
  REQUIRE(kiosk.run({"import-receipt", bundle.string() + ".receipt"}).exit_code == 0);
  CHECK(kiosk.counts().waiting_for_sync() == 1);

  fs::remove_all(stick);
  fs::create_directories(stick);
  r = kiosk.run({"export-bundle", stick.string()});
  CHECK(r.out.find("1 profile(s) written") != std::string::npos);
  for (auto& e : fs::directory_iterator(stick)) bundle = e.path();
  REQUIRE(office.hub({"import", bundle.string()}).exit_code == 0);
  CHECK(office.records_at_hub() == 3);
}

TEST_CASE("a bundle for another office, or with a damaged manifest, is refused with a reason") {
  Office office, other;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  kiosk.fill(1);
  const fs::path stick = office.tmp_ / "usb";
  fs::create_directories(stick);
  REQUIRE(kiosk.run({"export-bundle", stick.string()}).exit_code == 0);
  fs::path bundle;
  for (auto& e : fs::directory_iterator(stick)) bundle = e.path();

  auto r = other.hub({"import", bundle.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("does not know") != std::string::npos);
  CHECK(other.records_at_hub() == 0);

  std::string bytes = test::read_file(bundle);
  bytes[40] = static_cast<char>(bytes[40] ^ 0x01);  // inside the signed manifest
  test::write_file(bundle, bytes);
  r = office.hub({"import", bundle.string()});
  CHECK(r.exit_code == 1);
  CHECK(office.records_at_hub() == 0);
  CHECK(!fs::exists(bundle.string() + ".receipt"));
}

TEST_CASE("over HTTPS the kiosk syncs only with a hub whose certificate it was told to trust") {
  Office office(/*tls=*/true);
  Kiosk kiosk{office.tmp_ / "kiosk"};
  const std::string code = office.enroll_code();
  auto r = kiosk.run({"enroll", "--hub", office.url(), "--code", code});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("not trusted") != std::string::npos);
  r = kiosk.run({"enroll", "--hub", office.url(), "--code", code, "--ca-file",
                 office.certificate().string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);  // the code was not used up by the refused attempt
  REQUIRE(kiosk.run({"setup", "--event-name", "Spieltag", "--event-date", "2026-11-29"})
              .exit_code == 0);
  kiosk.fill(2);
  r = kiosk.run({"sync", "--ca-file", office.certificate().string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(office.records_at_hub() == 2);
}

TEST_CASE("bundles from two kiosks imported interleaved and replayed store each record once") {
  Office office;
  Kiosk one{office.tmp_ / "k1"}, two{office.tmp_ / "k2"};
  one.enroll(office);
  two.enroll(office);
  std::vector<fs::path> bundles;
  for (int round = 0; round < 2; ++round) {
    for (Kiosk* k : {&one, &two}) {
      k->fill(round + 1);
      const fs::path stick = office.tmp_ / ("usb-" + std::to_string(bundles.size()));
      fs::create_directories(stick);
      REQUIRE(k->run({"export-bundle", stick.string()}).exit_code == 0);
      for (auto& e : fs::directory_iterator(stick)) bundles.push_back(e.path());
    }
  }
  // The office imports them out of order, and one twice.
  for (int i : {3, 0, 2, 1, 0}) {
    auto r = office.hub({"import", bundles[static_cast<size_t>(i)].string()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  // Round 0 bundles hold one record each; round 1 bundles hold the same kiosk's waiting ones
  // again (not yet acknowledged) plus two new: 1 + 3 per kiosk, 6 distinct records in all.
  CHECK(office.records_at_hub() == 6);
  REQUIRE(one.run({"import-receipt", bundles[2].string() + ".receipt"}).exit_code == 0);
  REQUIRE(two.run({"import-receipt", bundles[3].string() + ".receipt"}).exit_code == 0);
  CHECK(one.counts().waiting_for_sync() == 0);
  CHECK(two.counts().waiting_for_sync() == 0);
}

TEST_CASE("after the office rotates its key, kiosks learn it at their next sync or receipt and lose nothing") {
  Office office;
  Kiosk online{office.tmp_ / "kiosk-online"};
  Kiosk usb{office.tmp_ / "kiosk-usb"};
  online.enroll(office);
  usb.enroll(office);
  online.fill(2);  // sealed to key 1, not yet synced
  usb.fill(1);

  office.stop_hub();
  auto r = office.hub({"rotate-keys"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("New record key 2") != std::string::npos);
  office.start_hub();

  // The profiles sealed to key 1 are still opened; the kiosk takes key 2 for what comes next.
  r = online.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("new key (id 2)") != std::string::npos);
  CHECK(office.records_at_hub() == 2);
  online.fill(1);
  {
    auto store = KioskStore::open(online.data);
    REQUIRE(store);
    auto entry = Outbox(*store).entry(3);
    REQUIRE(entry);
    auto envelope = parse_envelope(entry->envelope);
    REQUIRE(envelope);
    CHECK(envelope->header.hub_key_id == 2);
  }
  r = online.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("new key") == std::string::npos);  // told once
  CHECK(office.records_at_hub() == 3);

  // A bundle sealed to the old key before the rotation still imports.
  const fs::path stick = office.tmp_ / "usb";
  fs::create_directories(stick);
  REQUIRE(usb.run({"export-bundle", stick.string()}).exit_code == 0);
  fs::path bundle;
  for (auto& e : fs::directory_iterator(stick)) bundle = e.path();
  r = office.hub({"import", bundle.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1 new") != std::string::npos);
  CHECK(office.records_at_hub() == 4);
  // Its receipt brings the USB-only kiosk the new key, and its next profile is sealed to it.
  r = usb.run({"import-receipt", bundle.string() + ".receipt"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("new key (id 2)") != std::string::npos);
  usb.fill(1);
  auto store = KioskStore::open(usb.data);
  REQUIRE(store);
  auto entry = Outbox(*store).entry(2);
  REQUIRE(entry);
  CHECK(parse_envelope(entry->envelope)->header.hub_key_id == 2);
}

namespace {

// What `sichtbar-kiosk status --json` says of the kiosk's office (null before it knows one).
nlohmann::json office_of(Kiosk& kiosk) {
  auto r = kiosk.run({"status", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out).at("office");
}

}  // namespace

TEST_CASE("a kiosk learns its office's settings at sync and by receipt, and a change or a move reaches it") {
  Office office;
  Kiosk online{office.tmp_ / "kiosk-online"};
  Kiosk usb{office.tmp_ / "kiosk-usb"};
  online.enroll(office);
  usb.enroll(office);
  // Enrolling ends with a first sync (nothing to send): it brings the first office's settings,
  // as the hub has them, so the kiosk can take profiles at its first event.
  CHECK(office_of(online).at("office_id") == hub::kFirstOffice);
  online.fill(1);
  auto r = online.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("office's settings") == std::string::npos);  // unchanged since
  std::string first_name;
  {
    auto store = hub::open_sqlite_hub_store(office.database());
    REQUIRE(store);
    auto first = (*store)->find_office(hub::kFirstOffice);
    REQUIRE(first);
    REQUIRE(*first);
    first_name = (*first)->name;
  }
  CHECK(office_of(online).at("office_id") == hub::kFirstOffice);
  CHECK(office_of(online).at("name") == first_name);

  // The administrator completes them: the next sync brings the change, once.
  {
    auto store = hub::open_sqlite_hub_store(office.database());
    REQUIRE(store);
    auto o = **(*store)->find_office(hub::kFirstOffice);
    o.name = "Beratungsstelle Anerkennung Augsburg";
    o.contact = "Musterstraße 1, 86150 Augsburg";
    o.supervisory_authority = "BayLDA, Promenade 18, 91522 Ansbach";
    o.updated_at_ms += 1000;
    REQUIRE((*store)->update_office(o));
  }
  r = online.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("office's settings") != std::string::npos);
  CHECK(office_of(online).at("name") == "Beratungsstelle Anerkennung Augsburg");
  CHECK(office_of(online).at("supervisory_authority") == "BayLDA, Promenade 18, 91522 Ansbach");
  r = online.run({"sync"});
  CHECK(r.out.find("office's settings") == std::string::npos);  // told once

  // Moved to another office, the kiosk names that one from its next sync on.
  {
    auto store = hub::open_sqlite_hub_store(office.database());
    REQUIRE(store);
    hub::Office munich;
    munich.name = "Beratungsstelle München";
    munich.contact = "Marienplatz 1, 80331 München";
    auto id = (*store)->add_office(munich);
    REQUIRE(id);
    auto devices = (*store)->list_devices();
    REQUIRE(devices);
    REQUIRE(devices->size() == 2);  // by enrollment: the online kiosk first
    REQUIRE((*store)->move_device(devices->front().device_id, *id));
  }
  r = online.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(office_of(online).at("name") == "Beratungsstelle München");
  CHECK(office_of(online).at("office_id") != hub::kFirstOffice);

  // A kiosk that syncs only by USB learns its office from the receipt.
  usb.fill(1);
  const fs::path stick = office.tmp_ / "usb";
  fs::create_directories(stick);
  REQUIRE(usb.run({"export-bundle", stick.string()}).exit_code == 0);
  fs::path bundle;
  for (auto& e : fs::directory_iterator(stick)) bundle = e.path();
  REQUIRE(office.hub({"import", bundle.string()}).exit_code == 0);
  r = usb.run({"import-receipt", bundle.string() + ".receipt"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(office_of(usb).at("name") == "Beratungsstelle Anerkennung Augsburg");
}
