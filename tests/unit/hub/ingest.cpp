// Hub ingest with real envelopes: real records from the real form, sealed to a hub key and signed
// by a kiosk key, pushed through ingest_batch into a real hub store, every case once with SQLite
// and once with PostgreSQL (support/hub_backends.h). What office staff and kiosks would notice:
// stored once, duplicates and conflicts, erased stays erased, refused kiosks, rejected forgeries
// with reasons, and no profile token in the hub's storage.
#include "hub/ingest.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/catalogue.h"
#include "domain/form_library.h"
#include "domain/occupations.h"
#include "domain/record.h"
#include "domain/validate.h"
#include "hub/web/export.h"
#include "hub/web/office_pages.h"
#include "hub/web/office_texts.h"
#include "hub/web/profile_page.h"
#include "protocol/envelope.h"
#include "support/consent_office.h"
#include "support/hub_backends.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using namespace sichtbar::hub;
using nlohmann::json;
using test::HubBackend;

namespace {

constexpr std::int64_t kNow = 1'795'900'000'000;  // 2026-11-28, the hub's clock in these tests

// A kiosk at a football venue: its key, its event and its next sequence number.
struct Kiosk {
  DeviceIdentity id = DeviceIdentity::generate();
  std::uint64_t next_seq = 1;
};

// The hub on a fresh database of one backend. `db` can say where the hub's storage holds some
// text: its files (SQLite) or its tables (PostgreSQL).
struct Hub {
  explicit Hub(HubBackend backend) : db(backend) { REQUIRE(office_set); }
  test::HubDatabase db;
  HubKeys keys = HubKeys::generate(1);
  Form form = *load_form(test::asset("forms/skills-profile/1.json"));
  FormLibrary forms = *FormLibrary::from_forms({form});
  std::unique_ptr<HubStore> store = open_store(db);
  // The hub's first office with its real settings: what its kiosks' consent names.
  const bool office_set = store->update_office(test::as_hub_office<Office>(test::augsburg_office()))
                              .has_value();
  KnownConsentTexts consent_texts =
      *load_consent_texts(forms, test::asset("i18n"), *store->list_offices());
  IngestContext context{keys, forms, {}, &consent_texts};

  void enroll(const Kiosk& k) {
    REQUIRE(store->add_device({k.id.device_id, k.id.sign_public, "Stand 1", kNow, std::nullopt}));
  }
};

// The seqs the envelopes' own headers name, as an honest kiosk's PUSH items claim them (0 for
// an envelope that does not parse).
std::vector<std::uint64_t> claimed_seqs(std::span<const ByteView> envelopes) {
  std::vector<std::uint64_t> seqs;
  for (ByteView e : envelopes) {
    auto parsed = parse_envelope(e);
    seqs.push_back(parsed ? parsed->header.seq : 0);
  }
  return seqs;
}

// What a kiosk of the test's office writes as the consent's text_sha256: the form's German
// consent steps with the office's settings, hashed.
std::string german_consent_hash(const Form& form) {
  static const Catalogue german = *Catalogue::load_locale(test::asset("i18n"), "de");
  const OfficeSettings office = test::augsburg_office();
  auto steps = consent_steps(form.consent_field(), german,
                             {office.name, office.contact, office.data_protection_officer,
                              office.supervisory_authority, office.retention_days});
  REQUIRE(steps);
  return to_hex(sha256(as_bytes(consent_shown_text(*steps))));
}

json complete_answers() {
  return json::parse(test::read_file(test::fixture("answers/complete-de.json")));
}

// A finished record as the kiosk makes it (see core/finish.cpp): validated answers without the
// consent section, the consent block, a fresh record id and profile token.
Record make_record(const Form& form, const Kiosk& kiosk, json answers = complete_answers(),
                   std::string finished_at = "2026-11-28T10:12:00Z") {
  // The kiosk validates with its own clock's year, the year of finished_at.
  const int year = finished_at[0] == '2' ? std::stoi(finished_at.substr(0, 4)) : 2026;
  const ValidatedAnswers checked = validate_answers(form, answers, {"football", year});
  REQUIRE(checked.ok());
  Record r;
  r.record_id = random_array<16>();
  r.form_id = form.id;
  r.form_version = form.version;
  r.event = {"2026-11-28-augsburg-spieltag", "Spieltag", "Sportpark Süd", "2026-11-28", "football"};
  r.device_id = to_hex(kiosk.id.device_id);
  r.locale = "de";
  r.started_at = "2026-11-28T10:00:00Z";
  r.finished_at = finished_at;
  const Field& consent = form.consent_field();
  for (const Option& o : consent.options) r.consent.purposes[o.value] = false;
  for (const auto& p : checked.answers["consent"]["purposes"]) r.consent.purposes[p] = true;
  r.consent.text_id = consent.text_key;
  r.consent.text_version = consent.text_version;
  r.consent.text_sha256 = german_consent_hash(form);
  r.consent.language = "de";
  r.consent.privacy_notice_version = consent.privacy_notice_version;
  r.consent.given_at = r.finished_at;
  r.answers = checked.answers;
  r.answers.erase("consent");
  r.profile_token = to_base64url(random_array<16>());
  return r;
}

// Seals and signs a record; the header may be changed to build forgeries.
Bytes seal(const Record& r, std::uint64_t seq, const HubKeys& hub, const DeviceIdentity& device,
           const Form& form, std::optional<EnvelopeHeader> header = std::nullopt) {
  EnvelopeHeader h = header.value_or(
      EnvelopeHeader{r.record_id, static_cast<std::uint32_t>(r.record_version), device.device_id,
                     seq, kNow - 60'000, hub.key_id, form.schema()});
  auto plaintext = canonical_json(r);
  REQUIRE(plaintext);
  auto envelope = seal_envelope(h, as_bytes(*plaintext), hub.recipient(), device);
  REQUIRE(envelope);
  return *envelope;
}

Bytes finish(Hub& hub, Kiosk& kiosk, Record* out = nullptr) {
  Record r = make_record(hub.form, kiosk);
  Bytes e = seal(r, kiosk.next_seq++, hub.keys, kiosk.id, hub.form);
  if (out) *out = r;
  return e;
}

std::vector<BatchOutcome> push(Hub& hub, const Kiosk& kiosk, const std::vector<Bytes>& envelopes) {
  std::vector<ByteView> views(envelopes.begin(), envelopes.end());
  auto result =
      ingest_batch(*hub.store, kiosk.id.device_id, views, claimed_seqs(views), hub.context, kNow);
  REQUIRE(result);
  REQUIRE(result->size() == envelopes.size());
  return *result;
}

IngestStatus push_one(Hub& hub, const Kiosk& kiosk, const Bytes& envelope) {
  return push(hub, kiosk, {envelope})[0].outcome.status;
}

std::string reason_of(Hub& hub, const Kiosk& kiosk, const Bytes& envelope) {
  auto out = push(hub, kiosk, {envelope});
  CHECK(out[0].outcome.status == IngestStatus::Rejected);
  return out[0].outcome.reason;
}

}  // namespace

// Runs the rest of the test case once per backend, each time with a fresh hub `hub`.
#define FOR_EACH_BACKEND()                                                       \
  const HubBackend backend = GENERATE(HubBackend::Sqlite, HubBackend::Postgres); \
  INFO("backend: " << backend);                                                  \
  Hub hub(backend)

TEST_CASE("a pushed profile is stored once, and a byte-identical retry is a duplicate") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  Record record;
  const Bytes envelope = finish(hub, kiosk, &record);

  auto first = push(hub, kiosk, {envelope});
  CHECK(first[0].outcome.status == IngestStatus::Stored);
  CHECK(first[0].outcome.reason.empty());
  CHECK(first[0].seq == 1);
  CHECK(first[0].record_id == record.record_id);
  CHECK(first[0].envelope_sha256 == sha256(envelope));
  CHECK(*hub.store->count_records() == 1);

  // The office sees what the person entered (the stored JSON is the decrypted record).
  auto stored = hub.store->record_json(record.record_id);
  REQUIRE(stored);
  REQUIRE(*stored);
  const json j = json::parse(**stored);
  CHECK(j["answers"]["about"]["name"] == "Rania Al-Hassan (رانيا الحسن)");
  CHECK(j["consent"]["purposes"]["employers"] == true);
  CHECK(j["record_id"] == to_hex(record.record_id));

  // The kiosk never got the ACK and sends the same bytes again, twice in one batch even.
  auto again = push(hub, kiosk, {envelope, envelope});
  CHECK(again[0].outcome.status == IngestStatus::Duplicate);
  CHECK(again[1].outcome.status == IngestStatus::Duplicate);
  CHECK(*hub.store->count_records() == 1);
  CHECK(*hub.store->count_quarantined() == 0);
  // Last seen is noted for the office's kiosk list.
  CHECK(hub.store->checkpoint(kiosk.id.device_id)->last_seen_ms == kNow);
}

TEST_CASE(
    "a second, different envelope of the same record version is a conflict and both are kept") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  Record record = make_record(hub.form, kiosk);
  // Sealing again gives other bytes (fresh ephemeral key): what an edited-after-send record
  // would look like (ODK's lesson). The hub must not pick one by itself.
  const Bytes one = seal(record, 1, hub.keys, kiosk.id, hub.form);
  const Bytes two = seal(record, 2, hub.keys, kiosk.id, hub.form);
  REQUIRE(one != two);
  CHECK(push_one(hub, kiosk, one) == IngestStatus::Stored);
  auto out = push(hub, kiosk, {two});
  CHECK(out[0].outcome.status == IngestStatus::Conflict);
  CHECK(out[0].outcome.reason.starts_with("hub_store.conflict"));
  CHECK(*hub.store->count_records() == 1);
  CHECK(*hub.store->count_quarantined() == 1);
  // Replaying the quarantined envelope does not quarantine it twice.
  CHECK(push_one(hub, kiosk, two) == IngestStatus::Conflict);
  CHECK(*hub.store->count_quarantined() == 1);
  // Both seqs count as received: the kiosk is not asked for them again.
  CHECK(hub.store->checkpoint(kiosk.id.device_id)->high_water == 2);

  // Another record that carries the same profile token would hijack a QR link: conflict too.
  Record thief = make_record(hub.form, kiosk);
  thief.profile_token = record.profile_token;
  CHECK(push(hub, kiosk, {seal(thief, 3, hub.keys, kiosk.id, hub.form)})[0]
            .outcome.reason.starts_with("hub_store.token_conflict"));
  CHECK(*hub.store->count_records() == 1);
  CHECK(*hub.store->count_quarantined() == 2);
}

TEST_CASE("an erased profile stays erased when its envelope arrives again") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  Record record;
  const Bytes envelope = finish(hub, kiosk, &record);
  REQUIRE(push_one(hub, kiosk, envelope) == IngestStatus::Stored);
  // The name is in the hub's storage while the record is kept...
  CHECK(!hub.db.places_containing("Rania Al-Hassan").empty());

  auto erased = hub.store->tombstone(record.record_id, "erasure request", kNow);
  REQUIRE(erased);
  CHECK(*erased);
  // ...and gone afterwards: from every file with SQLite (secure_delete, WAL truncated), from
  // every table with PostgreSQL (whose files the server's vacuum reclaims).
  CHECK(hub.db.places_containing("Rania Al-Hassan").empty());

  // A kiosk restored from a backup, or a USB bundle, brings it back: the tombstone wins.
  auto out = push(hub, kiosk, {envelope});
  CHECK(out[0].outcome.status == IngestStatus::Gone);
  CHECK(out[0].outcome.reason.starts_with("hub_store.gone"));
  CHECK(!*hub.store->record_json(record.record_id));
  CHECK(*hub.store->count_records() == 0);
  CHECK(hub.db.places_containing("Rania Al-Hassan").empty());
  CHECK(!*hub.store->tombstone(record.record_id, "again", kNow));  // tombstoned already
}

TEST_CASE("a kiosk that is not enrolled, or was revoked, is refused as a whole") {
  FOR_EACH_BACKEND();
  Kiosk stranger;
  const Bytes envelope = finish(hub, stranger);
  const std::vector<ByteView> batch{ByteView(envelope)};

  auto unknown = ingest_batch(*hub.store, stranger.id.device_id, batch, claimed_seqs(batch),
                              hub.context, kNow);
  REQUIRE(!unknown);
  CHECK(unknown.error().code == "ingest.unknown_device");
  CHECK(unknown.error().message.find("nrolled") != std::string::npos);
  CHECK(unknown.error().message.find(device_id_text(stranger.id.device_id)) != std::string::npos);

  hub.enroll(stranger);
  REQUIRE(hub.store->revoke_device(stranger.id.device_id, kNow));
  auto revoked = ingest_batch(*hub.store, stranger.id.device_id, batch, claimed_seqs(batch),
                              hub.context, kNow);
  REQUIRE(!revoked);
  CHECK(revoked.error().code == "ingest.device_revoked");
  CHECK(revoked.error().message.find("revoked") != std::string::npos);
  CHECK(*hub.store->count_records() == 0);
  CHECK(hub.store->checkpoint(stranger.id.device_id)->max_seen == 0);
}

TEST_CASE("forged, misdirected or mismatched envelopes are rejected with a reason and not stored") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  Record record = make_record(hub.form, kiosk);

  SECTION("signed by another key than the kiosk's enrolled one") {
    DeviceIdentity impostor = DeviceIdentity::generate();
    impostor.device_id = kiosk.id.device_id;
    CHECK(reason_of(hub, kiosk, seal(record, 1, hub.keys, impostor, hub.form))
              .starts_with("envelope.bad_signature"));
  }
  SECTION("one bit flipped in transit") {
    Bytes e = seal(record, 1, hub.keys, kiosk.id, hub.form);
    e[e.size() / 2] ^= 0x01;
    CHECK(reason_of(hub, kiosk, e).starts_with("envelope.bad_signature"));
  }
  SECTION("truncated") {
    Bytes e = seal(record, 1, hub.keys, kiosk.id, hub.form);
    e.resize(e.size() - 10);
    CHECK(reason_of(hub, kiosk, e).starts_with("envelope.truncated"));
  }
  SECTION("sealed to another hub's key id") {
    const HubKeys other = HubKeys::generate(2);
    CHECK(reason_of(hub, kiosk, seal(record, 1, other, kiosk.id, hub.form))
              .starts_with("envelope.wrong_hub_key"));
  }
  SECTION("sealed to another hub with the same key id") {
    const HubKeys other = HubKeys::generate(1);
    CHECK(reason_of(hub, kiosk, seal(record, 1, other, kiosk.id, hub.form))
              .starts_with("envelope.cannot_open"));
  }
  SECTION("the record id inside differs from the signed header") {
    EnvelopeHeader h{random_array<16>(), 1, kiosk.id.device_id, 1, kNow, 1, hub.form.schema()};
    CHECK(reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form, h))
              .starts_with("ingest.header_mismatch"));
  }
  SECTION("the record version inside differs from the signed header") {
    EnvelopeHeader h{record.record_id, 2, kiosk.id.device_id, 1, kNow, 1, hub.form.schema()};
    CHECK(reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form, h))
              .starts_with("ingest.header_mismatch"));
  }
  SECTION("the device inside differs from the signed header") {
    record.device_id = to_hex(DeviceIdentity::generate().device_id);
    CHECK(reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form))
              .starts_with("ingest.header_mismatch"));
  }
  SECTION("made by another kiosk than the one pushing it") {
    Kiosk other;
    hub.enroll(other);
    CHECK(reason_of(hub, kiosk, finish(hub, other)).starts_with("ingest.wrong_device"));
  }
  SECTION("a form this hub does not know") {
    EnvelopeHeader h{record.record_id, 1, kiosk.id.device_id, 1, kNow, 1, "skills-profile@9"};
    CHECK(reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form, h))
              .starts_with("ingest.unknown_form"));
  }
  SECTION("sequence number 0") {
    CHECK(reason_of(hub, kiosk, seal(record, 0, hub.keys, kiosk.id, hub.form))
              .starts_with("ingest.bad_seq"));
  }
  SECTION("a malformed profile token") {
    record.profile_token = "not a token";
    CHECK(reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form))
              .starts_with("ingest.bad_token"));
  }
  SECTION("a consent block of another consent text version") {
    record.consent.text_version = 99;
    CHECK(reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form))
              .starts_with("ingest.bad_consent"));
  }
  CHECK(*hub.store->count_records() == 0);
  CHECK(*hub.store->count_quarantined() == 0);
  // A rejected item is not "received": the hub keeps asking for it.
  CHECK(hub.store->checkpoint(kiosk.id.device_id)->max_seen == 0);
}

TEST_CASE("answers that do not fit the form are rejected with the problem found") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  Record record = make_record(hub.form, kiosk);

  SECTION("a year out of range") {
    record.answers["about"]["year_of_birth"] = 1700;
    const std::string reason = reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form));
    CHECK(reason.starts_with("ingest.invalid_answers"));
    CHECK(reason.find("about.year_of_birth") != std::string::npos);
  }
  SECTION("the purpose needed to keep the profile was not granted") {
    record.consent.purposes["keep_profile"] = false;
    const std::string reason = reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form));
    CHECK(reason.starts_with("ingest.invalid_answers"));
    CHECK(reason.find("consent") != std::string::npos);
  }
  SECTION("a field the form does not have: its typed text is not repeated") {
    record.answers["about"]["passport_number"] = "P1234567";
    const std::string reason = reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form));
    CHECK(reason.starts_with("ingest.invalid_answers"));
    CHECK(reason.find("P1234567") == std::string::npos);
  }
  SECTION("the football section from an info event") {
    record.event.kind = "info";
    CHECK(reason_of(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form))
              .starts_with("ingest.invalid_answers"));
  }
  CHECK(*hub.store->count_records() == 0);
  CHECK(hub.db.places_containing("Rania").empty());
}

TEST_CASE("a kiosk clock that is off by years does not reject a profile") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  // The hub's clock says 2026. A kiosk clock years behind, one years ahead whose person
  // entered a year that is "the future" for the hub, and a kiosk that wrote no usable time.
  json ahead = complete_answers();
  ahead["about"]["in_germany_since"] = 2030;
  const std::vector<std::pair<std::string, json>> cases = {
      {"2019-01-01T00:00:00Z", complete_answers()},
      {"2031-06-01T12:00:00Z", ahead},
      {"garbage", complete_answers()}};
  for (const auto& [finished_at, answers] : cases) {
    Record r = make_record(hub.form, kiosk, answers, finished_at);
    CHECK(push_one(hub, kiosk, seal(r, kiosk.next_seq++, hub.keys, kiosk.id, hub.form)) ==
          IngestStatus::Stored);
  }
  CHECK(*hub.store->count_records() == 3);
}

TEST_CASE("a batch with good and bad items stores the good ones and answers in input order") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  Record a, c;
  const Bytes first = finish(hub, kiosk, &a);
  Bytes broken = finish(hub, kiosk);
  broken[20] ^= 0xFF;
  const Bytes third = finish(hub, kiosk, &c);
  auto out = push(hub, kiosk, {first, broken, third, Bytes{'x'}});
  CHECK(out[0].outcome.status == IngestStatus::Stored);
  CHECK(out[1].outcome.status == IngestStatus::Rejected);
  CHECK(out[1].envelope_sha256 == sha256(broken));  // the kiosk can match it by hash
  CHECK(out[2].outcome.status == IngestStatus::Stored);
  CHECK(out[2].record_id == c.record_id);
  CHECK(out[3].outcome.status == IngestStatus::Rejected);
  CHECK(out[3].outcome.reason.starts_with("envelope."));
  CHECK(*hub.store->count_records() == 2);
  auto cp = hub.store->checkpoint(kiosk.id.device_id);
  CHECK(cp->high_water == 1);
  CHECK(cp->missing == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{2, 2}});
  CHECK(cp->max_seen == 3);
}

TEST_CASE("the hub never writes the profile token to any of its files or tables") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  Record record;
  const Bytes envelope = finish(hub, kiosk, &record);
  REQUIRE(push_one(hub, kiosk, envelope) == IngestStatus::Stored);
  // A conflicting copy (quarantined) carries the same token.
  REQUIRE(push_one(hub, kiosk, seal(record, 9, hub.keys, kiosk.id, hub.form)) ==
          IngestStatus::Conflict);
  const auto stored = *hub.store->record_json(record.record_id);
  REQUIRE(stored);
  CHECK(stored->find(record.profile_token) == std::string::npos);
  CHECK(!json::parse(*stored).contains("profile_token"));
  // The scan does see the data (every file with SQLite, every text and bytea column of every
  // table with PostgreSQL): the person's place is there, the token is not.
  CHECK(!hub.db.places_containing("Augsburg-Oberhausen").empty());
  CHECK(hub.db.places_containing(record.profile_token).empty());
  hub.store.reset();  // closing checkpoints SQLite's WAL into the main file
  CHECK(hub.db.places_containing(record.profile_token).empty());
  // What the hub keeps instead: the hash that the profile page looks up.
  CHECK(profile_token_hash(record.profile_token) == sha256(as_bytes(record.profile_token)));
}

TEST_CASE("prepare_envelope is pure: the same input gives the same outcome and stores nothing") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  Record record;
  const Bytes envelope = finish(hub, kiosk, &record);
  const Device device = **hub.store->find_device(kiosk.id.device_id);
  PreparedItem a = prepare_envelope(envelope, device, hub.context, kNow);
  PreparedItem b = prepare_envelope(envelope, device, hub.context, kNow);
  REQUIRE(a.record);
  REQUIRE(b.record);
  CHECK(a.record->record_json == b.record->record_json);
  CHECK(a.record->token_hash == profile_token_hash(record.profile_token));
  CHECK(a.record->envelope == envelope);
  CHECK(a.record->event_id == "2026-11-28-augsburg-spieltag");
  CHECK(a.record->form_id == "skills-profile");
  CHECK(a.record->form_version == 1);
  CHECK(a.record->received_at_ms == kNow);
  CHECK(*hub.store->count_records() == 0);
}

TEST_CASE("a batch of 1,000 profiles from one kiosk is stored in one go") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  std::vector<Bytes> envelopes;
  for (int i = 0; i < 1000; ++i) envelopes.push_back(finish(hub, kiosk));
  const auto start = std::chrono::steady_clock::now();
  auto out = push(hub, kiosk, envelopes);
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  for (const auto& o : out) REQUIRE(o.outcome.status == IngestStatus::Stored);
  CHECK(*hub.store->count_records() == 1000);
  CHECK(hub.store->checkpoint(kiosk.id.device_id)->high_water == 1000);
  WARN("ingest of 1,000 envelopes (verify, open, validate, store): " << ms.count() << " ms");
}

TEST_CASE(
    "after a form upgrade, profiles made with the old and the new version are both stored, "
    "shown with their own fields, found by search and exported") {
  FOR_EACH_BACKEND();
  // The hub after the upgrade: version 1 (published) and version 2 (a test fixture: adds
  // about.district, gives about.place_of_residence another label).
  const Form v2 = *load_form(test::fixture("forms/skills-profile-2.json"));
  const FormLibrary upgraded = *FormLibrary::from_forms({hub.form, v2});
  const KnownConsentTexts upgraded_texts =
      *load_consent_texts(upgraded, test::asset("i18n"), *hub.store->list_offices());
  const IngestContext context{hub.keys, upgraded, {}, &upgraded_texts};
  Kiosk old_kiosk, new_kiosk;
  hub.enroll(old_kiosk);
  hub.enroll(new_kiosk);

  json old_answers = complete_answers();
  old_answers["about"]["name"] = "Hamid Rahimi";
  old_answers["about"]["place_of_residence"] = "Königsbrunn";
  json new_answers = complete_answers();
  new_answers["about"]["name"] = "Selam Tesfay";
  new_answers["about"]["place_of_residence"] = "Augsburg";
  new_answers["about"]["district"] = "Lechhausen";
  const Record old_record = make_record(hub.form, old_kiosk, old_answers);
  const Record new_record = make_record(v2, new_kiosk, new_answers);

  const auto push_with = [&](const Kiosk& kiosk, const Bytes& envelope) {
    const std::vector<ByteView> views = {envelope};
    auto out =
        ingest_batch(*hub.store, kiosk.id.device_id, views, claimed_seqs(views), context, kNow);
    REQUIRE(out);
    return (*out)[0].outcome;
  };
  // Each is checked with its own version: a version 1 record may not carry version 2's field.
  Record sneaky = make_record(hub.form, old_kiosk, old_answers);
  sneaky.answers["about"]["district"] = "Lechhausen";
  const ItemOutcome refused =
      push_with(old_kiosk, seal(sneaky, 1, hub.keys, old_kiosk.id, hub.form));
  CHECK(refused.status == IngestStatus::Rejected);
  CHECK(refused.reason.starts_with("ingest.invalid_answers"));
  CHECK(refused.reason.find("district") != std::string::npos);
  // A version the hub does not have yet: refused, and the hub is the one to update.
  EnvelopeHeader h3{new_record.record_id, 1, new_kiosk.id.device_id, 1, kNow, 1,
                    "skills-profile@3"};
  const ItemOutcome unknown =
      push_with(new_kiosk, seal(new_record, 1, hub.keys, new_kiosk.id, v2, h3));
  CHECK(unknown.reason.starts_with("ingest.unknown_form"));
  CHECK(unknown.reason.find("\"skills-profile@3\"") != std::string::npos);
  CHECK(unknown.reason.find("Update the hub") != std::string::npos);

  REQUIRE(push_with(old_kiosk, seal(old_record, 2, hub.keys, old_kiosk.id, hub.form)).status ==
          IngestStatus::Stored);
  REQUIRE(push_with(new_kiosk, seal(new_record, 2, hub.keys, new_kiosk.id, v2)).status ==
          IngestStatus::Stored);
  CHECK(*hub.store->count_records() == 2);

  RecordFilter all;
  all.limit = 0;
  const RecordPage page = *hub.store->search_records(all);
  REQUIRE(page.rows.size() == 2);
  const RecordSummary& old_row =
      page.rows[0].record_id == old_record.record_id ? page.rows[0] : page.rows[1];
  const RecordSummary& new_row = &old_row == &page.rows[0] ? page.rows[1] : page.rows[0];
  REQUIRE(new_row.record_id == new_record.record_id);

  // The profile page: each with its version's labels and fields.
  const web::PageTexts texts = *web::PageTexts::load(test::asset("i18n"));
  const OccupationList occupations = *OccupationList::load(test::asset(""));
  const web::PageContext pages{upgraded, texts, &occupations};
  const std::string old_page =
      web::render_profile_content(pages, json::parse(old_row.record_json), "de");
  const std::string new_page =
      web::render_profile_content(pages, json::parse(new_row.record_json), "de");
  CHECK(old_page.find("Hamid Rahimi") != std::string::npos);
  CHECK(old_page.find("Wo wohnen Sie?") != std::string::npos);  // version 1's label
  CHECK(old_page.find("Stadt oder Gemeinde") == std::string::npos);
  CHECK(old_page.find("about.district.label") == std::string::npos);
  CHECK(new_page.find("Selam Tesfay") != std::string::npos);
  CHECK(new_page.find("Stadt oder Gemeinde") != std::string::npos);  // version 2's label
  CHECK(new_page.find("Wo wohnen Sie?") == std::string::npos);
  CHECK(new_page.find("Lechhausen") != std::string::npos);  // the field version 2 added

  // Search finds each by what was typed into its own version's fields.
  RecordFilter by_district;
  by_district.text = "lechhausen";
  const RecordPage found = *hub.store->search_records(by_district);
  REQUIRE(found.rows.size() == 1);
  CHECK(found.rows[0].record_id == new_record.record_id);
  RecordFilter by_town;
  by_town.text = "Königsbrunn";
  CHECK(hub.store->search_records(by_town)->rows.at(0).record_id == old_record.record_id);

  // The CSV: the newest version's columns, in its order; version 2's field empty for version 1.
  const web::CsvTable table = web::records_table(upgraded, page.rows);
  const auto column = [&](const std::string& name) {
    auto it = std::find(table.header.begin(), table.header.end(), name);
    REQUIRE(it != table.header.end());
    return static_cast<std::size_t>(it - table.header.begin());
  };
  CHECK(column("about.district") == column("about.place_of_residence") + 1);
  const std::size_t old_at = &old_row == &page.rows[0] ? 0 : 1;
  CHECK(table.rows[old_at][column("about.district")] == "");
  CHECK(table.rows[old_at][column("about.place_of_residence")] == "Königsbrunn");
  CHECK(table.rows[1 - old_at][column("about.district")] == "Lechhausen");
  // The JSON export keeps each record's version.
  const json exported = json::parse(web::records_json(page.rows));
  std::set<int> versions;
  for (const json& r : exported) versions.insert(r["record"]["form"]["version"].get<int>());
  CHECK(versions == std::set<int>{1, 2});
}

// --- strict ingest: what a hostile or broken kiosk signs with its real key -----------------

namespace {

// Everything the office could see of the stored records: the search, its CSV and JSON exports.
std::string everything_the_office_sees(Hub& hub) {
  RecordFilter all;
  all.limit = 0;
  const RecordPage page = *hub.store->search_records(all);
  return web::records_csv(hub.forms, page.rows) + web::records_json(page.rows);
}

}  // namespace

TEST_CASE("a signed record with hidden characters, junk or unknown texts goes to quarantine") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  Record record = make_record(hub.form, kiosk);
  // A marker in every hostile record: it must not be found anywhere in the hub's storage but
  // the sealed envelope, nor in what the office sees.
  const std::string marker = "Qarantinemarker";
  record.answers["about"]["name"] = marker;
  std::string code;

  SECTION("a right-to-left override in a name") {
    record.answers["about"]["name"] = marker + "\u202Egpj.exe";
    code = "record.bidi_control";
  }
  SECTION("a NUL in a name") {
    record.answers["about"]["name"] = marker + std::string(1, '\0') + "x";
    code = "record.control_character";
  }
  SECTION("an escape sequence in a name") {
    record.answers["about"]["name"] = marker + "\x1b[31mred";
    code = "record.control_character";
  }
  SECTION("a line feed in a name") {
    record.answers["about"]["name"] = marker + "\nSecond line";
    code = "record.control_character";
  }
  SECTION("a line feed in an event's name") {
    record.event.name = marker + "\nInjected: yes";
    code = "record.control_character";
  }
  SECTION("a 10 KB event name") {
    record.event.name = marker + std::string(10'000, 'A');
    code = "record.too_long";
  }
  SECTION("the event date 2026-99-99") {
    record.event.date = "2026-99-99";
    code = "record.bad_date";
  }
  SECTION("the locale xx") {
    record.locale = "xx";
    code = "record.unknown_locale";
  }
  SECTION("a consent text the hub does not know") {
    record.consent.text_sha256 = to_hex(sha256(as_bytes(std::string_view("Some other text"))));
    code = "record.unknown_consent_text";
  }
  const Bytes envelope = seal(record, 1, hub.keys, kiosk.id, hub.form);
  auto out = push(hub, kiosk, {envelope});
  INFO(out[0].outcome.reason);
  // Acknowledged as quarantined: the kiosk may purge it and never loops resending it.
  CHECK(out[0].outcome.status == IngestStatus::Conflict);
  CHECK(out[0].outcome.reason.starts_with(code + ": "));
  CHECK(*hub.store->count_records() == 0);
  CHECK(*hub.store->count_quarantined() == 1);
  const auto held = *hub.store->list_quarantined(10);
  REQUIRE(held.size() == 1);
  CHECK(held[0].seq == 1);
  CHECK(held[0].device_id == kiosk.id.device_id);
  CHECK(held[0].reason.starts_with(code + ": "));
  CHECK(held[0].received_at_ms == kNow);
  // Nothing of its plaintext is kept: not in records, search, quarantine or anywhere else.
  CHECK(hub.db.places_containing(marker).empty());
  CHECK(everything_the_office_sees(hub).find(marker) == std::string::npos);
  CHECK(hub.store->record_facets()->events.empty());
  // The seq counts as received (no gap in the office's kiosk list), and a resend changes nothing.
  CHECK(hub.store->checkpoint(kiosk.id.device_id)->high_water == 1);
  CHECK(push_one(hub, kiosk, envelope) == IngestStatus::Conflict);
  CHECK(*hub.store->count_quarantined() == 1);
}

TEST_CASE("a record made with a consent text that a catalogue edit replaced is stored") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  // A kiosk that still has the catalogue from before the edit hashes the old text: the person
  // agreed to a text the office knew, so their profile must not wait in quarantine.
  std::istringstream retired(test::read_file(test::asset("i18n/retired_consent_texts.txt")));
  std::vector<std::pair<std::string, std::string>> old_texts;  // language, SHA-256
  for (std::string line; std::getline(retired, line);) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream fields(line);
    std::string schema, language, hash;
    fields >> schema >> language >> hash;
    if (schema == hub.form.schema()) old_texts.emplace_back(language, hash);
  }
  REQUIRE(old_texts.size() >= 5);  // ps, uk, ru, tr, fr were reworded in 2026-12
  std::uint64_t seq = 0;
  for (const auto& [language, hash] : old_texts) {
    CAPTURE(language);
    Record record = make_record(hub.form, kiosk);
    record.locale = language;
    record.consent.language = language;
    record.consent.text_sha256 = hash;
    CHECK(push_one(hub, kiosk, seal(record, ++seq, hub.keys, kiosk.id, hub.form)) ==
          IngestStatus::Stored);
  }
  CHECK(*hub.store->count_quarantined() == 0);
  CHECK(*hub.store->count_records() == old_texts.size());
}

TEST_CASE("a broken line among the retired consent texts stops the hub with the file and line") {
  test::TempDir dir;
  for (const char* name : {"de.po", "en.po", "ar.po", "fa.po", "ps.po", "uk.po", "ru.po", "tr.po",
                           "fr.po", "ti.po", "ku.po", "so.po"})
    std::filesystem::copy_file(test::asset("i18n") / name, dir.path() / name);
  test::write_file(dir.path() / "retired_consent_texts.txt",
                   "# old texts\nskills-profile@1 fr not-a-hash\n");
  const FormLibrary forms =
      *FormLibrary::from_forms({*load_form(test::asset("forms/skills-profile/1.json"))});
  auto known = load_consent_texts(forms, dir.path(), {});
  REQUIRE(!known);
  CHECK(known.error().code == "ingest.bad_retired_consent");
  CHECK(known.error().message.find("retired_consent_texts.txt:2") != std::string::npos);
}

TEST_CASE("Persian and Pashto names keep their joiners and are stored") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  // "Mahdi-zadeh" with ZWNJ, as Persian writes it; a ZWJ too.
  const std::string persian = "\u0645\u0647\u062F\u06CC\u200C\u0632\u0627\u062F\u0647";
  json answers = complete_answers();
  answers["about"]["name"] = persian;
  answers["about"]["place_of_residence"] = "\u0644\u200D\u0627";
  Record record = make_record(hub.form, kiosk, answers);
  CHECK(push_one(hub, kiosk, seal(record, 1, hub.keys, kiosk.id, hub.form)) ==
        IngestStatus::Stored);
  CHECK(*hub.store->count_quarantined() == 0);
  const json stored = json::parse(**hub.store->record_json(record.record_id));
  CHECK(stored["answers"]["about"]["name"] == persian);
}

TEST_CASE(
    "the seq games: an item's seq must be its envelope's, one record per seq, none far ahead") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  const auto push_claiming = [&](const Bytes& envelope, std::uint64_t claimed) {
    const std::vector<ByteView> views = {envelope};
    const std::vector<std::uint64_t> seqs = {claimed};
    auto out = ingest_batch(*hub.store, kiosk.id.device_id, views, seqs, hub.context, kNow);
    REQUIRE(out);
    return (*out)[0].outcome;
  };

  SECTION("an item that claims another seq than its envelope's signed header") {
    const Bytes envelope = seal(make_record(hub.form, kiosk), 1, hub.keys, kiosk.id, hub.form);
    const ItemOutcome out = push_claiming(envelope, 2);
    CHECK(out.status == IngestStatus::Rejected);
    CHECK(out.reason.starts_with("ingest.seq_mismatch"));
    CHECK(*hub.store->count_records() == 0);
    CHECK(hub.store->checkpoint(kiosk.id.device_id)->max_seen == 0);
    // Claimed right, the same envelope is stored.
    CHECK(push_claiming(envelope, 1).status == IngestStatus::Stored);
  }
  SECTION("two different records with one kiosk and seq") {
    const Record first = make_record(hub.form, kiosk);
    const Bytes one = seal(first, 7, hub.keys, kiosk.id, hub.form);
    const Bytes other = seal(make_record(hub.form, kiosk), 7, hub.keys, kiosk.id, hub.form);
    CHECK(push_one(hub, kiosk, one) == IngestStatus::Stored);
    auto out = push(hub, kiosk, {other});
    CHECK(out[0].outcome.status == IngestStatus::Conflict);
    CHECK(out[0].outcome.reason.starts_with("hub_store.seq_conflict"));
    CHECK(*hub.store->count_records() == 1);
    CHECK(*hub.store->count_quarantined() == 1);
    CHECK(hub.store->record_json(first.record_id)->has_value());
    // The same record again is an idempotent duplicate, as before.
    CHECK(push_one(hub, kiosk, one) == IngestStatus::Duplicate);
    CHECK(push_one(hub, kiosk, other) == IngestStatus::Conflict);
    CHECK(*hub.store->count_quarantined() == 1);
  }
  SECTION("a seq of 2^63-1, and one just past the allowed distance") {
    const std::uint64_t top = 9'223'372'036'854'775'807ULL;
    for (std::uint64_t seq : {top, kMaxSeqAhead + 1}) {
      INFO("seq " << seq);
      auto out =
          push(hub, kiosk, {seal(make_record(hub.form, kiosk), seq, hub.keys, kiosk.id, hub.form)});
      CHECK(out[0].outcome.status == IngestStatus::Rejected);
      CHECK(out[0].outcome.reason.starts_with("ingest.seq_too_far"));
    }
    // No gap opened: the office's kiosk list shows none, and the kiosk's next seq is stored.
    CHECK(*hub.store->count_records() == 0);
    CHECK(
        push_one(hub, kiosk, seal(make_record(hub.form, kiosk), 1, hub.keys, kiosk.id, hub.form)) ==
        IngestStatus::Stored);
    const DeviceCheckpoint cp = *hub.store->checkpoint(kiosk.id.device_id);
    CHECK(cp.max_seen == 1);
    CHECK(cp.missing.empty());
    // The distance counts from the highest seq seen: now one more is allowed.
    CHECK(push_one(hub, kiosk,
                   seal(make_record(hub.form, kiosk), kMaxSeqAhead + 1, hub.keys, kiosk.id,
                        hub.form)) == IngestStatus::Stored);
  }
}

TEST_CASE("the office releases a quarantined record once it passes, and discards another") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  // Made by a kiosk with a consent text the hub has not got yet (its assets are older).
  const std::string new_text = to_hex(sha256(as_bytes(std::string_view("Neuer Text"))));
  Record waiting = make_record(hub.form, kiosk);
  waiting.consent.text_sha256 = new_text;
  Record hostile = make_record(hub.form, kiosk);
  hostile.answers["about"]["name"] = "Rania\u202Egpj.exe";
  REQUIRE(push(hub, kiosk,
               {seal(waiting, 1, hub.keys, kiosk.id, hub.form),
                seal(hostile, 2, hub.keys, kiosk.id, hub.form)})[0]
              .outcome.status == IngestStatus::Conflict);
  auto held = *hub.store->list_quarantined(10);
  REQUIRE(held.size() == 2);
  const auto id_of_seq = [&](std::uint64_t seq) {
    return std::find_if(held.begin(), held.end(), [&](const auto& q) { return q.seq == seq; })->id;
  };

  // Released too early: it still fails and stays.
  auto early = release_quarantined(*hub.store, hub.context, id_of_seq(1), kNow);
  REQUIRE(early);
  CHECK(early->status == IngestStatus::Conflict);
  CHECK(early->reason.starts_with("record.unknown_consent_text"));
  CHECK(*hub.store->count_quarantined() == 2);

  // The hub learned the text (an update of its assets): released, stored and found.
  hub.consent_texts[hub.form.schema()].insert(new_text);
  auto released = release_quarantined(*hub.store, hub.context, id_of_seq(1), kNow + 1);
  REQUIRE(released);
  CHECK(released->status == IngestStatus::Stored);
  CHECK(*hub.store->count_records() == 1);
  CHECK(*hub.store->count_quarantined() == 1);
  CHECK(hub.store->record_json(waiting.record_id)->has_value());
  RecordFilter by_name;
  by_name.text = "Rania";
  CHECK(hub.store->search_records(by_name)->total == 1);
  auto again = release_quarantined(*hub.store, hub.context, id_of_seq(1), kNow + 2);
  REQUIRE(!again);
  CHECK(again.error().code == "ingest.not_quarantined");

  // The hostile one never passes; the office discards it.
  auto refused = release_quarantined(*hub.store, hub.context, id_of_seq(2), kNow);
  REQUIRE(refused);
  CHECK(refused->status == IngestStatus::Conflict);
  CHECK(*hub.store->discard_quarantined(id_of_seq(2)));
  CHECK_FALSE(*hub.store->discard_quarantined(id_of_seq(2)));
  CHECK(*hub.store->count_quarantined() == 0);
  CHECK(*hub.store->count_records() == 1);
  CHECK(hub.db.places_containing("gpj.exe").empty());
}

TEST_CASE(
    "profile links: a new token opens its profile however it is typed, and the base64url token of "
    "an older record still opens its own") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  auto opens = [&](std::string_view link_token, const Record& record) {
    auto found = hub.store->find_profile(profile_token_hash(link_token));
    REQUIRE(found);
    return found->has_value() && (*found)->record_id == record.record_id;
  };
  // A record made before the change: its token is 22 characters of base64url.
  Record old_record;
  REQUIRE(push_one(hub, kiosk, finish(hub, kiosk, &old_record)) == IngestStatus::Stored);
  REQUIRE(old_record.profile_token.size() == 22);
  CHECK(opens(old_record.profile_token, old_record));
  // A record as kiosks make it now: Crockford's base32 in blocks of 4.
  Record record = make_record(hub.form, kiosk);
  record.profile_token = new_profile_token(random_array<16>());
  REQUIRE(push_one(hub, kiosk, seal(record, kiosk.next_seq++, hub.keys, kiosk.id, hub.form)) ==
          IngestStatus::Stored);
  const std::string& token = record.profile_token;
  CHECK(opens(token, record));
  CHECK_FALSE(opens(token, old_record));
  // Copied by hand: upper case, the hyphens left out, O for 0 and I or L for 1.
  std::string typed;
  for (const char c : token) {
    if (c == '-') continue;
    typed += c == '0' ? 'O' : c == '1' ? 'l' : static_cast<char>(std::toupper(c));
  }
  CHECK(opens(typed, record));
  // One symbol wrong opens nothing.
  std::string wrong = token;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  CHECK_FALSE(opens(wrong, record));
  // A token of any other form is refused at the door.
  Record odd = make_record(hub.form, kiosk);
  odd.profile_token = "abcd-efgh-jkmn-pqrs-tvwx-yz01-2";  // 25 symbols
  CHECK(push_one(hub, kiosk, seal(odd, kiosk.next_seq++, hub.keys, kiosk.id, hub.form)) ==
        IngestStatus::Rejected);
}

TEST_CASE(
    "a record's reference version is kept, and an ESCO occupation the hub does not know is "
    "stored and flagged for the office, never refused") {
  FOR_EACH_BACKEND();
  Kiosk kiosk;
  hub.enroll(kiosk);
  const OccupationList occupations = *OccupationList::load(test::asset(""));
  // A kiosk with newer ESCO data than the hub's: a well-formed URI this hub's asset lacks.
  const std::string newer =
      "http://data.europa.eu/esco/occupation/0000aaaa-1111-2222-3333-444455556666";
  REQUIRE(occupations.is_unknown_esco(newer));
  json answers = complete_answers();
  answers["work"]["items"][0]["occupation"] = newer;
  Record r = make_record(hub.form, kiosk, answers);
  r.references["occupations"] = "esco de=1.3.0 en=1.3.0 fr=1.3.0; sichtbar 1";
  REQUIRE(push_one(hub, kiosk, seal(r, kiosk.next_seq++, hub.keys, kiosk.id, hub.form)) ==
          IngestStatus::Stored);
  CHECK(*hub.store->count_records() == 1);
  CHECK(*hub.store->count_quarantined() == 0);

  // Stored as sent: the version and the URI, nothing rewritten.
  const json stored = json::parse(**hub.store->record_json(r.record_id));
  CHECK(stored["references"] ==
        json{{"occupations", "esco de=1.3.0 en=1.3.0 fr=1.3.0; sichtbar 1"}});
  CHECK(stored["answers"]["work"]["items"][0]["occupation"] == newer);
  CHECK(stored["record_format"] == 1);
  // Read back as a record (the hub keeps no token: the kiosk's goes back in for the parse).
  json with_token = stored;
  with_token["profile_token"] = r.profile_token;
  auto back = record_from_json(with_token);
  REQUIRE(back);
  CHECK(back->references == r.references);

  // The office's view of it says so, names where, and still shows the rest of the record.
  RecordFilter all;
  all.limit = 0;
  const RecordPage page = *hub.store->search_records(all);
  REQUIRE(page.rows.size() == 1);
  const web::PageTexts texts = *web::PageTexts::load(test::asset("i18n"));
  const web::OfficeTexts office_texts = *web::OfficeTexts::load(test::asset("i18n"));
  const std::string view =
      web::render_record_page({hub.forms, texts, occupations},
                              {office_texts, "anna", "csrf", "records"}, page.rows[0], "Stand 1");
  CHECK(view.find("data-flag=\"record.unknown_occupation\"") != std::string::npos);
  CHECK(view.find(office_texts.text("office.record.unknown_occupation")) != std::string::npos);
  CHECK(view.find("<code dir=\"ltr\">work.items[0].occupation</code>: <code dir=\"ltr\">" + newer +
                  "</code>") != std::string::npos);
  CHECK(view.find("Rania Al-Hassan") != std::string::npos);

  // A record whose occupations the hub knows carries no flag.
  Record known = make_record(hub.form, kiosk);
  known.references["occupations"] = std::string(occupations.reference_version());
  REQUIRE(push_one(hub, kiosk, seal(known, kiosk.next_seq++, hub.keys, kiosk.id, hub.form)) ==
          IngestStatus::Stored);
  RecordSummary known_row;
  known_row.record_id = known.record_id;
  known_row.record_json = **hub.store->record_json(known.record_id);
  CHECK(json::parse(known_row.record_json)["references"]["occupations"] ==
        "esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1");
  const std::string known_view = web::render_record_page(
      {hub.forms, texts, occupations}, {office_texts, "anna", "csrf", "records"}, known_row, "");
  CHECK(known_view.find("record.unknown_occupation") == std::string::npos);
  CHECK(known_view.find("Bauingenieur/Bauingenieurin") != std::string::npos);
}
