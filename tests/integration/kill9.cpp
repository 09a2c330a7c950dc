// kill -9 at every step of a sync, kiosk side and hub side, over many seeds: every finished
// record ends up at the hub exactly once and nothing acknowledged is lost. The processes kill
// themselves with SIGKILL at named crash points (core/crash_point.h); SICHTBAR_SEED=<n> replays
// one seed.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include "core/outbox.h"
#include "support/office.h"

using namespace sichtbar;
using sichtbar::test::Kiosk;
using sichtbar::test::Office;

namespace {

const char* const kKioskPoints[] = {"kiosk.before_send", "kiosk.after_send", "kiosk.after_ack"};

std::vector<std::uint64_t> seeds() {
  if (const char* s = std::getenv("SICHTBAR_SEED")) return {std::strtoull(s, nullptr, 10)};
  return {1, 2, 3, 4, 5, 6};
}

}  // namespace

TEST_CASE("kill -9 of the kiosk at every step of a sync loses nothing and stores nothing twice") {
  for (std::uint64_t seed : seeds()) {
    INFO("seed " << seed << " (replay with SICHTBAR_SEED=" << seed << ")");
    std::mt19937_64 rng(seed);
    Office office;
    Kiosk kiosk{office.tmp_ / "kiosk"};
    kiosk.enroll(office);
    int finished = 0, crashes = 0;
    for (int round = 0; round < 4; ++round) {
      const int n = 1 + static_cast<int>(rng() % 3);
      kiosk.fill(n);
      finished += n;
      test::RunOptions crash;
      crash.env = {std::string("SICHTBAR_CRASH_AT=") + kKioskPoints[rng() % 3],
                   "SICHTBAR_CRASH_AFTER=" + std::to_string(rng() % 2)};
      auto r = kiosk.run({"sync"}, crash);
      if (r.exit_code == 128 + SIGKILL) ++crashes;
      // What the kiosk counts as received, the hub must have.
      CHECK(kiosk.counts().acknowledged + kiosk.counts().purged <= office.records_at_hub());
    }
    auto r = kiosk.run({"sync"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(crashes > 0);
    CHECK(office.records_at_hub() == static_cast<std::uint64_t>(finished));
    CHECK(kiosk.counts().waiting_for_sync() == 0);
    CHECK(kiosk.counts().total() == static_cast<std::uint64_t>(finished));
  }
}

TEST_CASE("kill -9 of the hub between its commit and its reply: the retry is a duplicate") {
  for (std::uint64_t seed : seeds()) {
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    Office office;
    Kiosk kiosk{office.tmp_ / "kiosk"};
    kiosk.enroll(office);
    // From now on the hub dies right after committing a batch, before the kiosk gets an ACK.
    office.hub_env = {"SICHTBAR_CRASH_AT=hub.after_commit"};
    office.stop_hub();
    office.start_hub();
    const int n = 2 + static_cast<int>(rng() % 4);
    kiosk.fill(n);
    auto r = kiosk.run({"sync"});
    CHECK(r.exit_code == 1);  // the connection dropped: nothing acknowledged
    CHECK(kiosk.counts().waiting_for_sync() == static_cast<std::uint64_t>(n));
    CHECK(office.records_at_hub() == static_cast<std::uint64_t>(n));  // committed before dying

    office.hub_env.clear();
    office.restart_hub_if_dead();
    r = kiosk.run({"sync"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find(std::to_string(n) + " already there") != std::string::npos);
    CHECK(office.records_at_hub() == static_cast<std::uint64_t>(n));
    CHECK(kiosk.counts().waiting_for_sync() == 0);
  }
}
