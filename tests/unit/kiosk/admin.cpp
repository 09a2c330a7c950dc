// The volunteer's side: the admin PIN (no default, hashed, growing wait after wrong tries that a
// restart keeps), the hidden gesture, event setup's checks and the admin screen's counts.
// Real store in a temp folder; time is injected.
#include "core/admin.h"

#include <sodium.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <string>

#include "core/outbox.h"
#include "core/setup.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace std::chrono_literals;
using Kind = UnlockOutcome::Kind;

namespace {

// Cheap hashing for the tests about behaviour; the kiosk's own cost is measured below.
constexpr PinHashCost kTestCost{1, 8192};
const auto kNow = std::chrono::system_clock::time_point{} + 20'000'000s;  // some day in 1970

struct Kiosk {
  test::TempDir tmp;
  std::optional<KioskStore> store{*KioskStore::open(tmp / "kiosk")};
  // Closes and opens the store again, as a restart of the kiosk does.
  void restart() {
    store.reset();
    store.emplace(*KioskStore::open(tmp / "kiosk"));
  }
  std::vector<std::string> audit() {
    Statement s(store->handle(), "SELECT event || ' ' || detail FROM audit ORDER BY id");
    std::vector<std::string> out;
    while (s.step() == SQLITE_ROW) out.push_back(s.column_text(0));
    return out;
  }
};

Error event_error(KioskStore& store, EventInfo event,
                  const std::vector<std::string>& languages = all_ui_languages()) {
  auto saved = save_event(store, std::move(event), languages);
  REQUIRE(!saved);
  return saved.error();
}

}  // namespace

TEST_CASE("a new kiosk has no PIN until a volunteer sets one at the first unlock") {
  Kiosk k;
  AdminPin pin(*k.store, kTestCost);
  CHECK(*pin.is_set() == false);
  auto no_pin = pin.try_unlock("0000", kNow);
  REQUIRE(!no_pin);
  CHECK(no_pin.error().code == "admin.no_pin");
  REQUIRE(pin.set_first("2580", "2580"));
  CHECK(*pin.is_set() == true);
  // Nobody can "set the first PIN" again to take over a kiosk.
  CHECK(pin.set_first("1357", "1357").error().code == "admin.pin_exists");
  CHECK(pin.try_unlock("2580", kNow)->kind == Kind::Unlocked);
}

TEST_CASE("a new PIN is 4 to 8 digits, typed twice the same, and not easy to guess") {
  CHECK(check_new_pin("2580", "2580"));
  CHECK(check_new_pin("31415926", "31415926"));
  for (const char* bad : {"258", "258013579", "25a0", "25 80", "", "２５８０"})
    CHECK(check_new_pin(bad, bad).error().code == "admin.bad_pin");
  CHECK(check_new_pin("2580", "2581").error().code == "admin.pin_mismatch");
  for (const char* weak : {"0000", "1234", "98765", "0123456"})
    CHECK(check_new_pin(weak, weak).error().code == "admin.weak_pin");
}

TEST_CASE("the PIN is stored only as an argon2id hash, and the audit log never holds it") {
  Kiosk k;
  AdminPin pin(*k.store, kTestCost);
  REQUIRE(pin.set_first("582904", "582904"));
  CHECK(pin.try_unlock("999999", kNow)->kind == Kind::Wrong);
  CHECK(pin.try_unlock("582904", kNow)->kind == Kind::Unlocked);
  auto hash = k.store->setting("admin.pin_hash");
  REQUIRE(hash->has_value());
  CHECK((*hash)->starts_with("$argon2id$"));
  CHECK((*hash)->find("582904") == std::string::npos);
  for (const std::string& line : k.audit()) {
    CHECK(line.find("582904") == std::string::npos);
    CHECK(line.find("999999") == std::string::npos);
  }
  CHECK(k.audit() ==
        std::vector<std::string>{"admin.pin_set ", "admin.wrong_pin tries=1", "admin.unlocked "});
}

TEST_CASE("a wrong PIN says how many tries are left before the kiosk makes you wait") {
  Kiosk k;
  AdminPin pin(*k.store, kTestCost);
  REQUIRE(pin.set_first("2580", "2580"));
  for (int left : {3, 2, 1, 0}) {
    auto wrong = pin.try_unlock("1111", kNow);
    REQUIRE(wrong);
    CHECK(wrong->kind == Kind::Wrong);
    CHECK(wrong->tries_before_wait == left);
  }
  // The right PIN still opens, and clears the count.
  CHECK(pin.try_unlock("2580", kNow)->kind == Kind::Unlocked);
  CHECK(pin.try_unlock("1111", kNow)->tries_before_wait == 3);
}

TEST_CASE("the fifth wrong PIN makes the kiosk wait, and a restart keeps the wait") {
  Kiosk k;
  {
    AdminPin pin(*k.store, kTestCost);
    REQUIRE(pin.set_first("2580", "2580"));
    for (int i = 0; i < 4; ++i) REQUIRE(pin.try_unlock("1111", kNow)->kind == Kind::Wrong);
    auto fifth = pin.try_unlock("1111", kNow);
    REQUIRE(fifth);
    CHECK(fifth->kind == Kind::Locked);
    CHECK(fifth->locked_until == kNow + 5s);
  }
  k.restart();
  AdminPin pin(*k.store, kTestCost);
  CHECK(*pin.locked_until(kNow + 1s) == kNow + 5s);
  // While the kiosk waits, even the right PIN is not checked.
  auto early = pin.try_unlock("2580", kNow + 4s);
  REQUIRE(early);
  CHECK(early->kind == Kind::Locked);
  CHECK(early->locked_until == kNow + 5s);
  CHECK(!*pin.locked_until(kNow + 5s));
  CHECK(pin.try_unlock("2580", kNow + 5s)->kind == Kind::Unlocked);
}

TEST_CASE("the waits grow from 5 s, doubling, and stop at 5 minutes") {
  CHECK(wait_after_wrong_tries(0) == 0s);
  CHECK(wait_after_wrong_tries(4) == 0s);
  CHECK(wait_after_wrong_tries(5) == 5s);
  CHECK(wait_after_wrong_tries(6) == 10s);
  CHECK(wait_after_wrong_tries(7) == 20s);
  CHECK(wait_after_wrong_tries(10) == 160s);
  CHECK(wait_after_wrong_tries(11) == 300s);
  CHECK(wait_after_wrong_tries(1000) == 300s);

  Kiosk k;
  AdminPin pin(*k.store, kTestCost);
  REQUIRE(pin.set_first("2580", "2580"));
  auto t = kNow;
  for (int i = 0; i < 5; ++i) REQUIRE(pin.try_unlock("1111", t));
  t += 5s;
  auto sixth = pin.try_unlock("1111", t);
  CHECK(sixth->kind == Kind::Locked);
  CHECK(sixth->locked_until == t + 10s);
}

TEST_CASE("setting the clock back does not stretch a wait beyond its length") {
  Kiosk k;
  AdminPin pin(*k.store, kTestCost);
  REQUIRE(pin.set_first("2580", "2580"));
  for (int i = 0; i < 5; ++i) REQUIRE(pin.try_unlock("1111", kNow));
  const auto a_day_earlier = kNow - 24h;
  CHECK(*pin.locked_until(a_day_earlier) == a_day_earlier + 5s);
  CHECK(pin.try_unlock("2580", a_day_earlier + 4s)->kind == Kind::Locked);
  CHECK(pin.try_unlock("2580", a_day_earlier + 5s)->kind == Kind::Unlocked);
}

TEST_CASE("changing the PIN needs the old one, and a wrong old PIN counts as a wrong try") {
  Kiosk k;
  AdminPin pin(*k.store, kTestCost);
  REQUIRE(pin.set_first("2580", "2580"));
  CHECK(pin.change("2580", "1234", "1234", kNow).error().code == "admin.weak_pin");
  auto wrong_old = pin.change("1111", "4711", "4711", kNow);
  REQUIRE(wrong_old);
  CHECK(wrong_old->kind == Kind::Wrong);
  CHECK(wrong_old->tries_before_wait == 3);
  CHECK(pin.try_unlock("4711", kNow)->kind == Kind::Wrong);  // not changed
  auto changed = pin.change("2580", "4711", "4711", kNow);
  REQUIRE(changed);
  CHECK(changed->kind == Kind::Unlocked);
  CHECK(pin.try_unlock("2580", kNow)->kind == Kind::Wrong);
  CHECK(pin.try_unlock("4711", kNow)->kind == Kind::Unlocked);
}

namespace {
// The process's peak resident memory so far (VmHWM), in KiB.
long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  return 0;
}
}  // namespace

TEST_CASE("the kiosk's PIN hash costs a guesser at least argon2id's interactive limits") {
  // How long one check takes is measured by sichtbar-bench-finish, not asserted here.
  CHECK(kPinHashCost.opslimit >= crypto_pwhash_OPSLIMIT_INTERACTIVE);
  CHECK(kPinHashCost.memlimit >= crypto_pwhash_MEMLIMIT_INTERACTIVE);
  Kiosk k;
  AdminPin pin(*k.store);  // kPinHashCost
  REQUIRE(pin.set_first("2580", "2580"));
  const std::string hash = **k.store->setting("admin.pin_hash");
  CHECK(hash.starts_with("$argon2id$v=19$m=" + std::to_string(kPinHashCost.memlimit >> 10) +
                         ",t=" + std::to_string(kPinHashCost.opslimit) + ","));
  CHECK(pin.try_unlock("2580", kNow)->kind == Kind::Unlocked);
  WARN("peak RSS after setting and checking a PIN: " << peak_rss_kib() / 1024 << " MiB");
}

TEST_CASE("a hash made with lower limits is upgraded at the next right unlock") {
  Kiosk k;
  REQUIRE(AdminPin(*k.store, kTestCost).set_first("2580", "2580"));
  const std::string old_hash = **k.store->setting("admin.pin_hash");
  AdminPin stronger(*k.store, PinHashCost{2, 16384});
  REQUIRE(stronger.try_unlock("2580", kNow)->kind == Kind::Unlocked);
  const std::string new_hash = **k.store->setting("admin.pin_hash");
  CHECK(new_hash != old_hash);
  CHECK(new_hash.find("t=2") != std::string::npos);
  CHECK(stronger.try_unlock("2580", kNow)->kind == Kind::Unlocked);
}

TEST_CASE("a PIN check holds 64 MiB, and a PIN hashed with 128 MiB still unlocks and moves down") {
  CHECK(kPinHashCost.memlimit == crypto_pwhash_MEMLIMIT_INTERACTIVE);
  Kiosk k;
  // A hash as the kiosk made them before: 3 passes over 128 MiB.
  char old_hash[crypto_pwhash_STRBYTES];
  const long before_old = peak_rss_kib();
  REQUIRE(crypto_pwhash_str_alg(old_hash, "2580", 4, 3, std::size_t{128} << 20,
                                crypto_pwhash_ALG_ARGON2ID13) == 0);
  const long after_old = peak_rss_kib();
  REQUIRE(k.store->set_setting("admin.pin_hash", old_hash));
  AdminPin pin(*k.store);  // kPinHashCost
  REQUIRE(pin.try_unlock("2580", kNow)->kind == Kind::Unlocked);
  const std::string hash = **k.store->setting("admin.pin_hash");
  CHECK(hash.starts_with("$argon2id$v=19$m=65536,t=3,"));
  CHECK(pin.try_unlock("2580", kNow)->kind == Kind::Unlocked);
  CHECK(pin.try_unlock("1397", kNow)->kind == Kind::Wrong);
  WARN("peak RSS: " << before_old / 1024 << " MiB before, " << after_old / 1024
                    << " MiB after a 128 MiB hash (the old limit)");
}

TEST_CASE("five taps in the top-left corner within 3 s open the PIN screen") {
  AdminGesture gesture;
  const auto t = std::chrono::steady_clock::time_point{} + 100h;
  SECTION("five quick taps in the corner") {
    for (int i = 0; i < 4; ++i) CHECK(!gesture.tap(20, 30, t + i * 500ms));
    CHECK(gesture.tap(40, 10, t + 2s));
    CHECK(!gesture.tap(40, 10, t + 2100ms));  // it starts over after firing
  }
  SECTION("five taps spread over exactly 3 s still count") {
    for (int i = 0; i < 4; ++i) CHECK(!gesture.tap(20, 30, t + i * 750ms));
    CHECK(gesture.tap(20, 30, t + 3s));
  }
  SECTION("one tap a second is too slow, however long it goes on") {
    for (int i = 0; i < 20; ++i) CHECK(!gesture.tap(20, 30, t + i * 1s));
  }
  SECTION("a tap elsewhere starts the count again") {
    for (int i = 0; i < 4; ++i) CHECK(!gesture.tap(20, 30, t + i * 100ms));
    CHECK(!gesture.tap(500, 400, t + 450ms));
    CHECK(!gesture.tap(20, 30, t + 500ms));
    for (int i = 0; i < 3; ++i) CHECK(!gesture.tap(20, 30, t + 600ms + i * 100ms));
    CHECK(gesture.tap(20, 30, t + 1s));
  }
  SECTION("the other corners do nothing") {
    for (int i = 0; i < 10; ++i) CHECK(!gesture.tap(1900, 20, t + i * 100ms));
    for (int i = 0; i < 10; ++i) CHECK(!gesture.tap(20, 1060, t + 2s + i * 100ms));
  }
}

TEST_CASE("event setup refuses bad values with a message a volunteer can act on") {
  Kiosk k;
  KioskStore& store = *k.store;
  const EventInfo good{"", "Infoabend", "Augsburg", "2026-11-28", "info"};
  auto with = [&](auto change) {
    EventInfo e = good;
    change(e);
    return e;
  };
  CHECK(event_error(store, with([](EventInfo& e) { e.kind = "concert"; })).code ==
        "setup.bad_event_kind");
  for (const char* date : {"28.11.2026", "2026-02-30", "2026-13-01", "2026-11-28 ", ""}) {
    Error e = event_error(store, with([&](EventInfo& ev) { ev.date = date; }));
    CHECK(e.code == "setup.bad_date");
    CHECK(e.message.find("2026-11-28") != std::string::npos);  // shows how to write it
  }
  CHECK(event_error(store, with([](EventInfo& e) { e.name = "   "; })).code ==
        "setup.bad_event_name");
  CHECK(event_error(store, with([](EventInfo& e) { e.venue = std::string(201, 'x'); })).code ==
        "setup.bad_venue");
  // 200 Arabic letters are 200 characters, though 400 bytes.
  std::string arabic_venue;
  for (int i = 0; i < 200; ++i) arabic_venue += "م";
  CHECK(save_event(store, with([&](EventInfo& e) { e.venue = arabic_venue; })));

  Error none = event_error(store, good, {});
  CHECK(none.code == "setup.bad_languages");
  CHECK(none.message.find("at least one") != std::string::npos);
  Error unknown = event_error(store, good, {"de", "xx"});
  CHECK(unknown.code == "setup.bad_languages");
  CHECK(unknown.message.find("\"xx\"") != std::string::npos);
  CHECK(save_event(store, with([](EventInfo& e) { e.date = "2028-02-29"; })));  // a leap day
}

TEST_CASE("the event's languages are kept in the kiosk's order, once each") {
  Kiosk k;
  KioskStore& store = *k.store;
  HubKeys hub = HubKeys::generate(1);
  REQUIRE(save_hub(store, hub_public_json(hub).dump(), "https://hub.example.org", ""));
  REQUIRE(save_event(store, {"", " Spieltag ", "Sportpark", "2026-11-29", "football"},
                     split_language_list("ti, ar,de,ar")));
  auto setup = KioskSetup::load(store);
  REQUIRE(setup);
  CHECK(setup->languages == std::vector<std::string>{"de", "ar", "ti"});
  CHECK(setup->event.name == "Spieltag");
  CHECK(setup->event.kind == "football");

  // A kiosk set up before events had languages offers all twelve.
  REQUIRE(store.exec("DELETE FROM settings WHERE key = 'event.languages'"));
  CHECK(KioskSetup::load(store)->languages == all_ui_languages());
  CHECK(all_ui_languages().size() == 12);
}

TEST_CASE("the QR screen's printer: none until chosen, a CUPS name, and none again") {
  Kiosk k;
  KioskStore& store = *k.store;
  HubKeys hub = HubKeys::generate(1);
  REQUIRE(save_hub(store, hub_public_json(hub).dump(), "https://hub.example.org", ""));
  REQUIRE(save_event(store, {"", "Infoabend", "Augsburg", "2026-11-28", "info"}));
  CHECK(KioskSetup::load(store)->printer.empty());
  REQUIRE(save_printer(store, "Brother_HL-L2350DW"));
  CHECK(KioskSetup::load(store)->printer == "Brother_HL-L2350DW");
  // A name CUPS would refuse: the volunteer is told what to use, and the choice stays.
  for (const std::string& bad :
       std::vector<std::string>{"Büro Drucker", "a/b", "x#1", std::string(128, 'p')}) {
    INFO(bad);
    auto refused = save_printer(store, bad);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "setup.bad_printer");
    CHECK(refused.error().message.find("lpstat -p") != std::string::npos);
    CHECK(KioskSetup::load(store)->printer == "Brother_HL-L2350DW");
  }
  REQUIRE(save_printer(store, "none"));
  CHECK(KioskSetup::load(store)->printer.empty());
}

TEST_CASE("the admin screen counts today's profiles and those waiting for sync") {
  Kiosk k;
  KioskStore& store = *k.store;
  const auto now = std::chrono::system_clock::now();
  const auto [day_start, day_end] = local_day_ms(now);
  CHECK(day_end - day_start >= 23 * 3600 * 1000);  // 23 h on the day summer time starts
  Outbox outbox(store);
  int n = 0;
  auto add = [&](std::int64_t created_at_ms) {
    std::array<std::uint8_t, 16> id{};
    id[0] = static_cast<std::uint8_t>(++n);
    auto seq = outbox.next_seq();
    REQUIRE(outbox.add_sealed(*seq, id, Bytes(100, 1), created_at_ms));
    return *seq;
  };
  add(day_start - 1);  // yesterday, still waiting
  add(day_start);
  const std::uint64_t synced = add(day_end - 1);
  REQUIRE(outbox.mark_acknowledged(std::vector<std::uint64_t>{synced}, day_end - 1));
  add(day_end);  // tomorrow (a clock that jumped)

  auto counts = kiosk_counts(store, now);
  REQUIRE(counts);
  CHECK(counts->finished_today == 2);
  CHECK(counts->waiting_for_sync == 3);
}
