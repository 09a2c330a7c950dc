// Power loss at any write or sync, kiosk and hub alike (DESIGN.md, "Reliability tests"): a VFS
// (support/power_loss_vfs.h) keeps what each SQLite file had synced and, of what was written since,
// a random part at 512-byte sectors. The image of both databases at the cut must pass
// `PRAGMA integrity_check`, open as stores, keep every profile finished and every record the hub
// had committed before the cut, and after one more sync the hub holds every finished profile
// exactly once. SICHTBAR_SEED=<n> replays one seed.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <set>

#include "core/finish.h"
#include "core/outbox.h"
#include "core/setup.h"
#include "hub/hub_store.h"
#include "hub/ingest.h"
#include "protocol/envelope.h"
#include "support/consent_office.h"
#include "support/power_loss_vfs.h"
#include "support/temp_dir.h"

using namespace sichtbar;
namespace fs = std::filesystem;

namespace {

constexpr int kProfiles = 9;

std::vector<std::uint64_t> seeds() {
  if (const char* s = std::getenv("SICHTBAR_SEED")) return {std::strtoull(s, nullptr, 10)};
  std::vector<std::uint64_t> all(120);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i + 1;
  return all;
}

// What the programs had been told was done when the power went: the kiosk's finished profiles
// (their seqs and record ids), the hub's committed records, the kiosk's purged envelopes.
struct Done {
  bool kiosk_set_up = false;
  std::array<std::uint8_t, 32> device_public{};
  std::map<std::uint64_t, std::array<std::uint8_t, 16>> finished;  // seq -> record id
  std::set<std::array<std::uint8_t, 16>> on_hub;
};

struct Shared {
  HubKeys hub_keys = HubKeys::generate(3);
  Form form = *load_form(test::asset("forms/skills-profile/1.json"));
  FormLibrary forms = *FormLibrary::from_forms({form});
  Catalogue catalogue = *Catalogue::load_locale(test::asset("i18n"), "de");
  // The kiosk's office is the hub's: its consent's hash is one the hub knows.
  KnownConsentTexts consent_texts = *hub::load_consent_texts(
      forms, test::asset("i18n"), std::vector{test::as_hub_office<hub::Office>(test::augsburg_office())});
};

std::string integrity(const fs::path& db_file) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    return "cannot open: " + message;
  }
  std::string result;
  {
    Statement check(db, "PRAGMA integrity_check");
    while (check.step() == SQLITE_ROW) result += check.column_text(0);
  }
  sqlite3_close(db);
  return result;
}

// One kiosk's day: set up, finish profiles, sync them to the hub in two rounds (ingest, then the
// verified outcome marks them acknowledged), purge what the hub has. `done` follows along.
void kiosk_and_hub_day(const Shared& shared, const fs::path& root, Done& done) {
  auto store = KioskStore::open(root / "kiosk");
  REQUIRE(store);
  auto device = ensure_device_identity(*store);
  REQUIRE(device);
  REQUIRE(
      save_hub(*store, hub_public_json(shared.hub_keys).dump(), "https://hub.example.org/", ""));
  REQUIRE(save_enrolled(*store));  // the office's receipt was imported
  REQUIRE(save_office_settings(*store, test::augsburg_office()));
  REQUIRE(save_event(*store, {"", "Infoabend", "Rathaus", "2026-11-28", "info"}));
  auto setup = KioskSetup::load(*store);
  REQUIRE(setup);
  done.device_public = device->sign_public;
  done.kiosk_set_up = true;

  auto hub = hub::open_sqlite_hub_store(root / "hub" / "hub.db");
  REQUIRE(hub);
  REQUIRE((*hub)->add_device({device->device_id, device->sign_public, "Stand 1", 0, std::nullopt}));
  const hub::IngestContext context{shared.hub_keys, shared.forms, {}, &shared.consent_texts};
  Outbox outbox(*store);

  auto sync = [&] {
    auto waiting = outbox.waiting(500);
    REQUIRE(waiting);
    if (waiting->empty()) return;
    std::vector<ByteView> envelopes;
    std::vector<std::uint64_t> seqs;
    for (const auto& e : *waiting) {
      envelopes.emplace_back(e.envelope);
      seqs.push_back(e.seq);
    }
    REQUIRE(outbox.mark_sent(seqs, unix_ms_now()));
    auto outcomes =
        hub::ingest_batch(**hub, device->device_id, envelopes, seqs, context, unix_ms_now());
    REQUIRE(outcomes);
    std::vector<std::uint64_t> acknowledged;
    for (const auto& o : *outcomes) {
      REQUIRE((o.outcome.status == hub::IngestStatus::Stored ||
               o.outcome.status == hub::IngestStatus::Duplicate));
      done.on_hub.insert(o.record_id);
      acknowledged.push_back(o.seq);
    }
    REQUIRE(outbox.mark_acknowledged(acknowledged, unix_ms_now()));
    REQUIRE(outbox.purge_acknowledged(unix_ms_now()));
  };

  for (int i = 0; i < kProfiles; ++i) {
    Draft draft = Draft::start("de", std::chrono::system_clock::now());
    draft.answers = {{"consent", {{"purposes", {"keep_profile"}}}},
                     {"about", {{"name", "Leyla Demir " + std::to_string(i)}}}};
    auto finished = finish_profile(*store, {shared.form, shared.catalogue, *device, *setup}, draft,
                                   std::chrono::system_clock::now());
    REQUIRE(finished);
    done.finished[finished->seq] = finished->record_id;
    if (i == 3 || i == kProfiles - 1) sync();
  }
}

}  // namespace

TEST_CASE("a power cut at any write leaves both databases whole, and nothing finished is lost") {
  const Shared shared;

  // A dry run counts the writes and syncs of one day, so the cuts can fall anywhere in it.
  std::uint64_t operations = 0;
  {
    test::TempDir tmp;
    test::PowerLossVfs vfs(0);
    Done done;
    kiosk_and_hub_day(shared, tmp.path(), done);
    operations = vfs.operations();
  }
  REQUIRE(operations > 50);

  std::uint64_t cuts_with_purged = 0;
  for (std::uint64_t seed : seeds()) {
    INFO("seed " << seed << " (replay with SICHTBAR_SEED=" << seed << ")");
    std::mt19937_64 rng(seed);
    const std::uint64_t cut = 1 + rng() % operations;
    INFO("power cut before write/sync " << cut << " of " << operations);

    test::TempDir tmp;
    const fs::path live = tmp / "live";
    const fs::path image = tmp / "after-the-cut";
    Done done, done_at_cut;
    {
      test::PowerLossVfs vfs(seed);
      vfs.cut_at(cut, live, image, [&] { done_at_cut = done; });
      kiosk_and_hub_day(shared, live, done);
      REQUIRE(vfs.cut_taken());
    }
    if (!done_at_cut.kiosk_set_up) {
      // The cut came while the kiosk was being set up: whatever is there must still open.
      if (fs::exists(image / "kiosk" / "kiosk.db"))
        CHECK(integrity(image / "kiosk" / "kiosk.db") == "ok");
      continue;
    }

    // Both databases are whole and open as stores.
    REQUIRE(integrity(image / "kiosk" / "kiosk.db") == "ok");
    if (fs::exists(image / "hub" / "hub.db")) REQUIRE(integrity(image / "hub" / "hub.db") == "ok");
    auto store = KioskStore::open(image / "kiosk");
    INFO((store ? std::string() : store.error().message));
    REQUIRE(store);
    auto hub = hub::open_sqlite_hub_store(image / "hub" / "hub.db");
    INFO((hub ? std::string() : hub.error().message));
    REQUIRE(hub);

    // The kiosk is still the same device: a new key would make its records look foreign.
    auto device = ensure_device_identity(*store);
    REQUIRE(device);
    CHECK(device->sign_public == done_at_cut.device_public);

    // Every record the hub had committed is still there.
    for (const auto& record_id : done_at_cut.on_hub) {
      auto json = (*hub)->record_json(record_id);
      REQUIRE(json);
      CHECK(json->has_value());
    }
    // Every finished profile is still in the outbox, its envelope whole, or it was purged after
    // the hub had it.
    Outbox outbox(*store);
    for (const auto& [seq, record_id] : done_at_cut.finished) {
      INFO("seq " << seq);
      auto entry = outbox.entry(seq);
      REQUIRE(entry);
      CHECK(entry->record_id == record_id);
      if (entry->state == OutboxState::Purged) {
        ++cuts_with_purged;
        auto json = (*hub)->record_json(record_id);
        REQUIRE(json);
        CHECK(json->has_value());
      } else {
        CHECK(sichtbar::sha256(entry->envelope) == entry->sha256);
      }
    }

    // One more sync from the image's kiosk to the image's hub: every finished profile is on the
    // hub exactly once (the one being finished at the cut may or may not have made it).
    auto waiting = outbox.waiting(500);
    REQUIRE(waiting);
    if ((*hub)->find_device(device->device_id).value_or(std::nullopt) == std::nullopt)
      REQUIRE(
          (*hub)->add_device({device->device_id, device->sign_public, "Stand 1", 0, std::nullopt}));
    if (!waiting->empty()) {
      std::vector<ByteView> envelopes;
      std::vector<std::uint64_t> seqs;
      for (const auto& e : *waiting) {
        envelopes.emplace_back(e.envelope);
        seqs.push_back(e.seq);
      }
      auto outcomes = hub::ingest_batch(**hub, device->device_id, envelopes, seqs,
                                        {shared.hub_keys, shared.forms, {}, &shared.consent_texts},
                                        unix_ms_now());
      REQUIRE(outcomes);
      for (const auto& o : *outcomes)
        CHECK((o.outcome.status == hub::IngestStatus::Stored ||
               o.outcome.status == hub::IngestStatus::Duplicate));
    }
    auto on_hub = (*hub)->count_records();
    REQUIRE(on_hub);
    CHECK(*on_hub >= done_at_cut.finished.size());
    CHECK(*on_hub <= done_at_cut.finished.size() + 1);
    auto counts = outbox.counts();
    REQUIRE(counts);
    CHECK(counts->total() == *on_hub);

    // And the kiosk goes on: the next profile gets a sequence number never used before.
    auto next = outbox.next_seq();
    REQUIRE(next);
    if (!done_at_cut.finished.empty()) CHECK(*next > done_at_cut.finished.rbegin()->first);
  }
  // The seeds must reach the interesting part: cuts after a purge.
  if (seeds().size() > 1) CHECK(cuts_with_purged > 0);
}
