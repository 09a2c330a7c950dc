// The consent a kiosk showed, as the hub checks it (both store backends): the kiosk hashes its
// consent steps with the office's settings it synced; the hub knows that hash from the same
// office's settings in its store. A record whose consent names an office the hub never had is
// kept in quarantine; an office that changes its address keeps the records its kiosks made
// before they synced the new one, also when the hub was restarted since (the hub keeps every
// text it hashed); a kiosk moved to another office of the hub sends the profiles people made
// under its earlier office's consent to that office, not to its new one or to quarantine.
#include "support/consent_office.h"

#include <catch2/catch.hpp>

#include "core/finish.h"
#include "core/outbox.h"
#include "core/setup.h"
#include "hub/hub_store.h"
#include "hub/ingest.h"
#include "support/hub_backends.h"
#include "support/kiosk_office.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::test;

namespace {

struct KioskAndHub {
  explicit KioskAndHub(HubBackend backend) : db(backend) {
    REQUIRE(save_hub(kiosk, hub_public_json(keys).dump(), "https://hub.example.org/", ""));
    REQUIRE(save_enrolled(kiosk));
    REQUIRE(save_office_settings(kiosk, augsburg_office()));  // its last sync
    REQUIRE(save_event(kiosk, {"", "Infoabend", "Rathaus", "2026-11-28", "info"}, {"de", "ar"}));
    REQUIRE(hub->update_office(as_hub_office<hub::Office>(augsburg_office())));
    REQUIRE(hub->add_device({device.device_id, device.sign_public, "Stand 1", 0, std::nullopt}));
  }

  HubDatabase db;
  TempDir tmp;
  HubKeys keys = HubKeys::generate(1);
  Form form = *load_form(asset("forms/skills-profile/1.json"));
  FormLibrary forms = *FormLibrary::from_forms({form});
  KioskStore kiosk = *KioskStore::open(tmp / "kiosk");
  DeviceIdentity device = *ensure_device_identity(kiosk);
  std::unique_ptr<hub::HubStore> hub = open_store(db);
  std::unique_ptr<hub::ConsentTextBook> book =
      std::move(*hub::ConsentTextBook::load(forms, asset("i18n")));

  // A person finishes in `language` on the kiosk with the office settings it holds (or `setup`).
  std::uint64_t finish(const std::string& language, const KioskSetup& setup) {
    const Catalogue catalogue = *Catalogue::load_locale(asset("i18n"), language);
    Draft d = Draft::start(language, std::chrono::system_clock::now());
    d.answers = {{"consent", {{"purposes", {"keep_profile"}}}},
                 {"about", {{"name", "Amanuel Tesfaye"}}}};
    auto done = finish_profile(kiosk, {form, catalogue, device, setup}, d,
                               std::chrono::system_clock::now());
    REQUIRE(done);
    return done->seq;
  }
  std::uint64_t finish(const std::string& language) { return finish(language, setup()); }
  KioskSetup setup() { return *KioskSetup::load(kiosk); }

  // The envelope of seq pushed as a sync would: the hub's outcome (checked with `known` when
  // given, else with the texts the hub keeps).
  hub::ItemOutcome push(std::uint64_t seq, const KnownConsentTexts* known = nullptr) {
    auto entry = Outbox(kiosk).entry(seq);
    REQUIRE(entry);
    const std::vector<ByteView> envelopes = {entry->envelope};
    const std::vector<std::uint64_t> seqs = {seq};
    const hub::IngestContext context{keys, forms, {}, known, known ? nullptr : book.get()};
    auto out = hub::ingest_batch(*hub, device.device_id, envelopes, seqs, context, unix_ms_now());
    REQUIRE(out);
    REQUIRE(out->size() == 1);
    return (*out)[0].outcome;
  }
};

}  // namespace

TEST_CASE(
    "the hub stores a profile whose consent named its office, in German and Arabic, and "
    "quarantines one that named an office it never had") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend == HubBackend::Sqlite ? "sqlite" : "postgres");
  KioskAndHub k(backend);
  CHECK(k.push(k.finish("de")).status == hub::IngestStatus::Stored);
  CHECK(k.push(k.finish("ar")).status == hub::IngestStatus::Stored);

  // A kiosk whose consent named someone else as responsible (settings no hub signed): the hub
  // cannot show that the person agreed to a text its office gave, so the office looks at it.
  KioskSetup forged = k.setup();
  forged.office->name = "Irgendeine Stelle";
  const hub::ItemOutcome held = k.push(k.finish("de", forged));
  CHECK(held.status == hub::IngestStatus::Conflict);
  CHECK(held.reason.starts_with("record.unknown_consent_text: "));
  CHECK(*k.hub->count_records() == 2);
  CHECK(*k.hub->count_quarantined() == 1);
}

TEST_CASE(
    "an office that changes its address keeps the profiles its kiosks made before they "
    "synced the new one") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend == HubBackend::Sqlite ? "sqlite" : "postgres");
  KioskAndHub k(backend);
  CHECK(k.push(k.finish("de")).status == hub::IngestStatus::Stored);  // the hub saw these
  const std::uint64_t before_sync = k.finish("de");                   // made at the stand
  // Meanwhile the office moved: its new address is what its kiosks get at their next HELLO.
  hub::Office moved = as_hub_office<hub::Office>(augsburg_office());
  moved.contact = "Neue Straße 1, 86150 Augsburg";
  moved.updated_at_ms += 1000;
  REQUIRE(k.hub->update_office(moved));
  OfficeSettings synced = augsburg_office();
  synced.contact = moved.contact;
  synced.updated_at_ms = moved.updated_at_ms;
  REQUIRE(save_office_settings(k.kiosk, synced));
  const std::uint64_t after_sync = k.finish("de");
  CHECK(k.push(before_sync).status == hub::IngestStatus::Stored);
  CHECK(k.push(after_sync).status == hub::IngestStatus::Stored);
  CHECK(*k.hub->count_quarantined() == 0);
}

// The settings the hub hashed while it served are kept in its database: a `sichtbar-hub office
// set` and a new `serve` later, a record the kiosk made with the settings it still holds passes.
TEST_CASE(
    "a hub restarted after the office's address changed on the command line keeps the "
    "profile its kiosk made with the old address, and quarantines a forged consent") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend == HubBackend::Sqlite ? "sqlite" : "postgres");
  KioskOffice o(backend);  // enrolled: the kiosk holds the settings its enrollment gave it
  o.office.stop_hub();
  const auto set = o.office.hub({"office", "set", "1", "--contact", "Neue Straße 1, Augsburg"});
  INFO(set.out << set.err);
  REQUIRE(set.exit_code == 0);
  o.office.start_hub();
  o.fill(person_answers("Mohammed Al-Hassan", 1990, "0151 23456789", false));  // at the stand
  {
    // Settings no hub gave: the consent named someone else as responsible.
    KioskStore kiosk = *KioskStore::open(o.kiosk.data);
    const KioskSetup setup = *KioskSetup::load(kiosk);
    REQUIRE(setup.office);
    OfficeSettings forged = *setup.office;
    CHECK(forged.contact != "Neue Straße 1, Augsburg");
    forged.name = "Irgendeine Stelle";
    forged.updated_at_ms += 1;
    REQUIRE(*save_office_settings(kiosk, forged));
  }
  o.fill(person_answers("Fatima Al-Hassan", 1995, "0151 23456789", false));
  o.sync();

  auto store = o.store();
  CHECK(*store->count_records() == 1);
  const auto held = store->list_quarantined(10);
  REQUIRE(held);
  REQUIRE(held->size() == 1);
  CHECK(held->front().reason.starts_with("record.unknown_consent_text: "));
}

TEST_CASE(
    "a kiosk whose office left out its contact and DPO starts nobody and says what is "
    "missing, and people start after office set and a sync") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend == HubBackend::Sqlite ? "sqlite" : "postgres");
  KioskOffice o(backend);  // enrolled while its office was complete
  // The office empties two settings (a kiosk enrolled before the hub checked holds the same).
  auto emptied = o.office.hub({"office", "set", "1", "--contact", "", "--dpo", ""});
  INFO(emptied.out << emptied.err);
  REQUIRE(emptied.exit_code == 0);
  o.sync();
  const std::string answers = (o.office.tmp_ / "answers.json").string();
  write_file(answers, person_answers("Amanuel Tesfaye", 1994, "0151 1234567", false).dump());
  auto refused = o.kiosk.run({"fill", "--answers", answers, "--no-terminal-qr"});
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("lack its contact and its data protection officer, so the consent "
                         "cannot name them") != std::string::npos);
  CHECK(refused.out.find("Link:") == std::string::npos);
  CHECK(o.kiosk.counts().sealed == 0);
  auto status = o.kiosk.run({"status"});
  CHECK(status.out.find("lack its contact") != std::string::npos);

  // The office completes it; the next sync brings it, and the person starts.
  auto completed = o.office.hub({"office", "set", "1", "--contact", "Rathausplatz 1, Augsburg",
                                 "--dpo", "dsb@augsburg.example"});
  REQUIRE(completed.exit_code == 0);
  o.sync();
  const std::string link = o.fill(person_answers("Amanuel Tesfaye", 1994, "0151 1234567", false));
  CHECK(link.find("/p/") != std::string::npos);
  o.sync();
  CHECK(*o.store()->count_records() == 1);
}

namespace {

// Office 2 of the hub, complete (an office that names no contact, DPO or authority gets no
// kiosk).
void add_munich_office(KioskOffice& o) {
  REQUIRE(o.office
              .hub({"office", "add", "Beratungsstelle München", "--contact",
                    "Marienplatz 8, 80331 München", "--dpo", "dsb@muenchen.example", "--authority",
                    "BayLDA, Ansbach"})
              .exit_code == 0);
}

// The names on an office's work list (the newest profile of each case).
std::set<std::string> work_list(KioskOffice& o, std::int64_t office_id) {
  hub::CaseFilter filter;
  filter.office_id = office_id;
  auto page = o.store()->list_cases(filter);
  REQUIRE(page);
  std::set<std::string> names;
  for (const hub::CaseRow& row : page->rows)
    names.insert(nlohmann::json::parse(row.newest.record_json)["answers"]["about"]["name"]);
  return names;
}

}  // namespace

// A kiosk of office 1 moved to office 2 of the same hub (the new office's code typed on it)
// still holds the profiles people made under office 1's consent: they are office 1's, also when
// office 1 changed its address since, never office 2's and never in quarantine.
TEST_CASE(
    "a kiosk moved to another office by that office's code sends the profiles made before "
    "to its earlier office, and the ones made after to the new office") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend == HubBackend::Sqlite ? "sqlite" : "postgres");
  KioskOffice o(backend);
  add_munich_office(o);
  o.event("Infoabend Augsburg", "2026-05-12");
  o.fill(person_answers("Mohammed Al-Hassan", 1990, "0151 23456789", true));  // not synced
  o.fill(person_answers("Fatima Al-Hassan", 1995, "0152 98765432", true));
  // Office 1 may have moved house meanwhile: the address these two saw is only kept then.
  const bool office_1_moved_house = GENERATE(false, true);
  CAPTURE(office_1_moved_house);
  if (office_1_moved_house)
    REQUIRE(
        o.office.hub({"office", "set", "1", "--contact", "Neue Straße 1, Augsburg"}).exit_code ==
        0);

  // The move, online (the kiosk sends what it holds at once): the same hub answers the other
  // office's code (not 409) and the kiosk is that office's from now on, under the same id.
  const std::string before = o.office.hub({"devices"}).out;
  REQUIRE(before.find("office 1") != std::string::npos);
  auto moved = o.kiosk.run({"enroll", "--hub", o.office.url(), "--code", o.office.enroll_code(2),
                            "--name", "Kiosk Augsburg 1"});
  INFO(moved.out << moved.err);
  REQUIRE(moved.exit_code == 0);
  const std::string after = o.office.hub({"devices"}).out;
  CHECK(after.find("Kiosk Augsburg 1  office 2") != std::string::npos);
  CHECK(after.find("office 1") == std::string::npos);
  CHECK(before.substr(0, 16) == after.substr(0, 16));  // the device id it was enrolled with

  o.sync();
  o.fill(person_answers("Amanuel Tesfaye", 1988, "0160 1234567", true));  // office 2's consent
  o.sync();

  CHECK(work_list(o, 1) == std::set<std::string>{"Mohammed Al-Hassan", "Fatima Al-Hassan"});
  CHECK(work_list(o, 2) == std::set<std::string>{"Amanuel Tesfaye"});
  auto store = o.store();
  CHECK(*store->count_records() == 3);
  CHECK(*store->count_quarantined() == 0);
}

// No office of the hub gave the text a moved kiosk's record names: still quarantined, not
// stored for the kiosk's office nor its earlier one.
TEST_CASE(
    "a moved kiosk's profile whose consent named an office this hub never had is "
    "quarantined") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend == HubBackend::Sqlite ? "sqlite" : "postgres");
  KioskOffice o(backend);
  add_munich_office(o);
  o.fill(person_answers("Mohammed Al-Hassan", 1990, "0151 23456789", true));
  {
    KioskStore kiosk = *KioskStore::open(o.kiosk.data);
    OfficeSettings forged = *KioskSetup::load(kiosk)->office;
    forged.name = "Irgendeine Stelle";
    forged.updated_at_ms += 1;
    REQUIRE(*save_office_settings(kiosk, forged));
  }
  o.fill(person_answers("Fatima Al-Hassan", 1995, "0152 98765432", true));
  REQUIRE(o.kiosk.run({"enroll", "--hub", o.office.url(), "--code", o.office.enroll_code(2)})
              .exit_code == 0);
  o.sync();

  CHECK(work_list(o, 1) == std::set<std::string>{"Mohammed Al-Hassan"});
  CHECK(work_list(o, 2).empty());
  const auto held = o.store()->list_quarantined(10);
  REQUIRE(held);
  REQUIRE(held->size() == 1);
  CHECK(held->front().reason.starts_with("record.unknown_consent_text: "));
}

// An office that released by hand what a hub before this one quarantined from a moved kiosk:
// the profile is the office's whose consent it names, not the kiosk's new office's.
TEST_CASE("a moved kiosk's profile released from quarantine is its earlier office's") {
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres);
  CAPTURE(backend == HubBackend::Sqlite ? "sqlite" : "postgres");
  KioskAndHub k(backend);
  const KnownConsentTexts none;  // a hub that knew no text for it then
  REQUIRE(k.push(k.finish("de"), &none).status == hub::IngestStatus::Conflict);
  hub::Office munich = as_hub_office<hub::Office>(augsburg_office());
  munich.name = "Beratungsstelle München";
  const auto munich_id = k.hub->add_office(munich);
  REQUIRE(munich_id);
  REQUIRE(k.hub->move_device(k.device.device_id, *munich_id));

  const auto held = k.hub->list_quarantined(10);
  REQUIRE(held);
  REQUIRE(held->size() == 1);
  const hub::IngestContext context{k.keys, k.forms, {}, nullptr, k.book.get()};
  const auto released = hub::release_quarantined(*k.hub, context, held->front().id, unix_ms_now());
  REQUIRE(released);
  CHECK(released->status == hub::IngestStatus::Stored);
  const auto person = k.hub->person_of(held->front().record_id);
  REQUIRE(person);
  REQUIRE(*person);
  const auto found = k.hub->find_person(**person);
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((*found)->office_id == hub::kFirstOffice);
}
