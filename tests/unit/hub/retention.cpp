// Retention against both backends: an office's people with no activity for longer than its
// retention period are erased with their case and its entries (a dry run only counts them);
// activity on the case keeps a person; an office with retention 0 keeps everyone; the audit says
// how many, never whom; an erased profile sent again stays out.
#include "hub/retention.h"

#include <catch2/catch.hpp>

#include "support/hostile_records.h"
#include "support/hub_backends.h"
#include "support/stored_records.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using nlohmann::json;
using test::HubBackend;
using test::HubDatabase;

namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t kNow = 1'795'900'000'000;  // 2026-11-28

// A profile from `event`, received `days_ago`, with a wish (so it gets a case) when asked.
StoredRecord profile(std::string_view event, std::uint64_t seq, int days_ago, bool wish) {
  json r = test::fixture_record("de");
  r["event"]["id"] = std::string(event);
  r["answers"]["wishes"]["wants"] =
      wish ? json::array({"recognition_advice"}) : json::array();
  // Only the wish decides: no qualification asks for advice.
  for (json& item : r["answers"]["education"]["items"]) item["wants_advice"] = false;
  return test::stored_record(r, seq, kNow - days_ago * kDay);
}

PersonId person_of(HubStore& store, const StoredRecord& r) {
  auto id = store.person_of(r.record_id);
  REQUIRE(id);
  REQUIRE(*id);
  return **id;
}

}  // namespace

TEST_CASE("people past their office's retention period are erased with their case, others stay") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase hub_db(backend);
  auto store = open_store(hub_db);

  auto first = (*store->find_office(kFirstOffice)).value();
  first.retention_days = 365;
  REQUIRE(store->update_office(first));

  const StoredRecord old_with_case = profile("e-2024", 1, 400, true);
  const StoredRecord old_quiet = profile("e-2024", 2, 400, false);
  const StoredRecord old_but_active = profile("e-2024", 3, 400, true);
  const StoredRecord recent = profile("e-2026", 4, 10, true);
  for (const auto& r : {old_with_case, old_quiet, old_but_active, recent}) {
    auto out = store->store_batch(std::span(&r, 1));
    REQUIRE(out);
    REQUIRE(out->at(0).status == IngestStatus::Stored);
  }
  // A counsellor wrote a note on one old case a month ago: that counts as activity.
  REQUIRE(store->add_case_entry({0, person_of(*store, old_but_active), kNow - 30 * kDay, "anna",
                                 "note", "Termin vereinbart"}));

  // A dry run says who is due and erases nothing.
  auto dry = apply_retention(*store, kNow, true);
  REQUIRE(dry);
  REQUIRE(dry->offices.size() == 1);
  CHECK(dry->offices[0].people == 2);
  CHECK(dry->offices[0].profiles == 2);
  CHECK(dry->offices[0].cases == 1);
  CHECK(*store->count_records() == 4);
  CHECK(describe(*dry).find("would erase 2 people") != std::string::npos);

  auto done = apply_retention(*store, kNow, false);
  REQUIRE(done);
  CHECK(done->offices[0].people == 2);
  CHECK(*store->count_records() == 2);
  CHECK_FALSE(*store->find_record(old_with_case.record_id));
  CHECK_FALSE(*store->find_record(old_quiet.record_id));
  CHECK(*store->find_record(old_but_active.record_id));
  CHECK(*store->find_record(recent.record_id));
  CHECK_FALSE(*store->person_of(old_with_case.record_id));

  // An erased profile sent again by its kiosk stays out.
  StoredRecord again = old_with_case;
  again.seq = 9;
  auto replay = store->store_batch(std::span(&again, 1));
  REQUIRE(replay);
  CHECK(replay->at(0).status == IngestStatus::Gone);

  // The audit says how many, never whom.
  auto audit = store->list_audit(10);
  REQUIRE(audit);
  const auto entry = std::find_if(audit->begin(), audit->end(),
                                  [](const AuditEntry& a) { return a.action == "retention_erase"; });
  REQUIRE(entry != audit->end());
  CHECK(entry->reason.find("2 people") != std::string::npos);
  CHECK(entry->subject == "office:1");
  for (const AuditEntry& a : *audit) {
    CHECK(a.subject.find(to_hex(old_with_case.record_id)) == std::string::npos);
    CHECK(a.reason.find(to_hex(old_with_case.record_id)) == std::string::npos);
  }

  // Nothing more is due: a second run erases nobody and writes no audit entry.
  auto second = apply_retention(*store, kNow, false);
  REQUIRE(second);
  CHECK(second->offices[0].people == 0);
  auto audit_after = store->list_audit(10);
  REQUIRE(audit_after);
  CHECK(audit_after->size() == audit->size());
}

TEST_CASE("an office with retention 0 keeps its people until they are erased by hand") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  INFO("backend: " << backend);
  HubDatabase hub_db(backend);
  auto store = open_store(hub_db);
  auto first = (*store->find_office(kFirstOffice)).value();
  first.retention_days = 0;
  REQUIRE(store->update_office(first));
  const StoredRecord ancient = profile("e-2010", 1, 5000, true);
  REQUIRE(store->store_batch(std::span(&ancient, 1)));
  auto done = apply_retention(*store, kNow, false);
  REQUIRE(done);
  CHECK(done->offices[0].people == 0);
  CHECK(*store->count_records() == 1);
  CHECK(describe(*done).find("until they are erased by hand") != std::string::npos);
}
