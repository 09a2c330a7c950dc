// Test support: two offices with a month whose every figure is known (FiguresStore), planted in
// a hub store the way the hub makes them: records stored by each office's kiosk, profiles of
// the same person linked, cases moved through their stages. The first office's name and its
// events' names are hostile (markup, a formula), so every test that shows them checks that they
// stay text.
//
//   2026-03, office 1, event kHostileEvent (2026-03-10): 8 profiles, 8 people; 6 wish
//     recognition advice, 2 a job; every wish opens a case at ingest. The first six cases are
//     then: new, contacted, counselling, decision (full), decision (partial), closed (full,
//     working in the field); the job wishers' two stay new. A person's wishes are their newest
//     profile's: the first person's (linked to an April profile) a job, so 5 + 3.
//   2026-04, office 1, event kFormulaEvent (2026-04-05): 3 profiles; one is the first March
//     person's (linked), so 2 people, each wishing a job (2 new cases).
//   2026-03, office 2 ("München"), event "Messe München" (2026-03-20): 5 profiles, 5 people, each
//     wishing a job (5 new cases).
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "hub/hub_store.h"
#include "support/hostile_records.h"
#include "support/stored_records.h"

namespace sichtbar::test {

inline const std::string kHostileOffice = "=HYPERLINK(\"http://x.invalid\")<b>Augsburg</b>";
inline const std::string kHostileEvent = "<img src=x onerror=alert(7)> Infoabend";
inline const std::string kFormulaEvent = "@SUM(1+1) Messe";
inline constexpr std::int64_t kPlantedAt = 1'775'000'000'000;  // 2026-03-31

struct PlantedFigures {
  std::int64_t second_office = 0;
  std::vector<hub::PersonId> march_people;  // office 1's, in the order above
};

namespace planted {

inline hub::DeviceId device(std::uint8_t b) {
  hub::DeviceId id{};
  id.fill(b);
  return id;
}

inline hub::StoredRecord profile(const std::string& event_id, const std::string& event_name,
                                 const std::string& date, const std::string& wish,
                                 const hub::DeviceId& kiosk, std::uint64_t seq) {
  json r = fixture_record("de");
  r["event"]["id"] = event_id;
  r["event"]["name"] = event_name;
  r["event"]["date"] = date;
  r["answers"]["wishes"]["wants"] = json::array({wish});
  r["answers"]["education"]["items"] =
      json::array({{{"title", "Schule"}, {"wants_advice", false}}});
  hub::StoredRecord s = stored_record(r, seq, kPlantedAt + static_cast<std::int64_t>(seq));
  s.device_id = kiosk;
  return s;
}

template <typename T>
T must(Result<T> r) {
  INFO((r ? std::string() : r.error().code + ": " + r.error().message));
  REQUIRE(r);
  if constexpr (!std::is_void_v<T>) return std::move(*r);
}

}  // namespace planted

inline PlantedFigures plant_figures(hub::HubStore& store) {
  using namespace planted;
  PlantedFigures out;
  auto first = must(store.find_office(hub::kFirstOffice));
  REQUIRE(first);
  first->name = kHostileOffice;
  must(store.update_office(*first));
  hub::Office munich;
  munich.name = "München";
  out.second_office = must(store.add_office(munich));

  const hub::DeviceId kiosk1 = device(0xa1), kiosk2 = device(0xa2);
  for (const auto& [kiosk, office] : {std::pair{kiosk1, hub::kFirstOffice},
                                      std::pair{kiosk2, out.second_office}}) {
    hub::Device d;
    d.device_id = kiosk;
    d.sign_public.fill(0x11);
    d.name = "Kiosk";
    d.enrolled_at_ms = kPlantedAt - 1000;
    must(store.add_device(d));
    must(store.move_device(kiosk, office));
  }

  std::vector<hub::StoredRecord> records;
  std::uint64_t seq = 1;
  for (int i = 0; i < 8; ++i)
    records.push_back(profile("ev-march", kHostileEvent, "2026-03-10",
                              i < 6 ? "recognition_advice" : "job", kiosk1, seq++));
  for (int i = 0; i < 3; ++i)
    records.push_back(profile("ev-april", kFormulaEvent, "2026-04-05", "job", kiosk1, seq++));
  std::uint64_t seq2 = 1;
  for (int i = 0; i < 5; ++i)
    records.push_back(profile("ev-munich", "Messe München", "2026-03-20", "job", kiosk2, seq2++));
  for (const hub::ItemOutcome& o : must(store.store_batch(records))) {
    INFO(o.reason);
    REQUIRE(o.status == hub::IngestStatus::Stored);
  }

  for (int i = 0; i < 8; ++i) {
    auto person = must(store.person_of(records[static_cast<std::size_t>(i)].record_id));
    REQUIRE(person);
    out.march_people.push_back(*person);
  }
  // The third April profile is the first March person's.
  auto april = must(store.person_of(records[10].record_id));
  REQUIRE(april);
  must(store.link_people(out.march_people[0], *april, "anna", kPlantedAt + 100));

  struct Way {
    hub::CaseStage stage;
    std::string decision, outcome;
  };
  const Way ways[] = {{hub::CaseStage::fresh, "", ""},
                      {hub::CaseStage::contacted, "", ""},
                      {hub::CaseStage::counselling, "", ""},
                      {hub::CaseStage::decision, "full", ""},
                      {hub::CaseStage::decision, "partial", ""},
                      {hub::CaseStage::closed, "full", "working_in_field"}};
  for (std::size_t i = 0; i < std::size(ways); ++i) {
    hub::Case c = must(store.open_case(out.march_people[i], "anna", kPlantedAt + 200));
    if (ways[i].stage == hub::CaseStage::fresh) continue;
    c.stage = ways[i].stage;
    c.competent_body = "zaaby";
    c.decision = ways[i].decision;
    c.outcome = ways[i].outcome;
    hub::CaseEntry entry;
    entry.person_id = out.march_people[i];
    entry.at_ms = kPlantedAt + 300;
    entry.author = "anna";
    entry.kind = "change";
    entry.text = "Stand geändert";
    must(store.update_case(c, entry));
  }
  return out;
}

}  // namespace sichtbar::test
