// Benchmark: the hub's ingest rate and sync end to end, next to the ceiling measured in the same
// run (signature verification + opening the sealed box, per record, on one core).
//   1. ingest_batch into the SQLite hub store, in batches of 200; then the office on those
//      records: the search index's cost per record, list, search and filter, the CSV export
//   2. N records from one kiosk's outbox to a hub on loopback over HTTP (HELLO, PUSH, ACK, purge)
//   3. the same N records as a USB bundle: export, import (with receipt), import the receipt
#include <sodium.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "support/consent_office.h"
#include "core/outbox.h"
#include "core/setup.h"
#include "core/store.h"
#include "domain/assets.h"
#include "domain/catalogue.h"
#include "domain/form_library.h"
#include "domain/record.h"
#include "hub/hub_store.h"
#include "hub/ingest.h"
#include "hub/receipt.h"
#include "hub/record_index.h"
#include "hub/server.h"
#include "hub/web/export.h"
#include "protocol/envelope.h"
#include "sync/sync_client.h"
#include "bench_support.h"

namespace fs = std::filesystem;
using namespace sichtbar;
using namespace sichtbar::bench;

namespace {

// A kiosk store holding n sealed records of the demo profile, made as finish would make them.
struct Kiosk {
  KioskStore store;
  DeviceIdentity device;
  KioskSetup setup;
};

// consent_sha256: of the German consent text, as finish hashes the text it showed (a hub
// quarantines a record whose consent text it does not know).
Kiosk make_kiosk(const fs::path& dir, const HubKeys& hub, const Form& form,
                 const nlohmann::json& answers, int n, const std::string& hub_url,
                 const std::string& consent_sha256) {
  auto store = must(KioskStore::open(dir));
  must(save_hub(store, hub_public_json(hub).dump(), "https://hub.example.org", hub_url));
  must(save_enrolled(store));  // made as an enrolled kiosk makes them
  must(save_office_settings(store, test::augsburg_office()));
  must(save_event(store, {"", "Bench", "Lab", "2026-11-28", "info"}));
  auto device = must(ensure_device_identity(store));
  auto setup = must(KioskSetup::load(store));
  Outbox outbox(store);
  auto tx = must(store.begin());
  for (int i = 1; i <= n; ++i) {
    Record r;
    r.record_id = random_array<16>();
    r.form_id = form.id;
    r.form_version = form.version;
    r.event = setup.event;
    r.device_id = to_hex(device.device_id);
    r.locale = "de";
    r.started_at = r.finished_at = "2026-11-28T10:00:00Z";
    r.consent = {{{"keep_profile", true}, {"contact", false}, {"employers", false}},
                 form.consent_field().text_key,
                 form.consent_field().text_version,
                 consent_sha256,
                 "de",
                 form.consent_field().privacy_notice_version,
                 r.finished_at};
    r.answers = answers;
    r.answers.erase("consent");
    r.profile_token = to_base64url(random_array<16>());
    auto text = must(canonical_json(r));
    EnvelopeHeader h{r.record_id, 1,          device.device_id, static_cast<std::uint64_t>(i),
                     0,           hub.key_id, form.schema()};
    auto env = must(seal_envelope(h, as_bytes(text), hub.recipient(), device));
    must(outbox.add_sealed(static_cast<std::uint64_t>(i), r.record_id, env, 0));
  }
  must(tx.commit());
  return {std::move(store), device, std::move(setup)};
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) die("libsodium failed to start");
  const StoreBenchOptions options = store_bench_options(argc, argv, "sync");
  const fs::path& dir = options.dir;
  const fs::path& assets = options.assets;
  const std::string& postgres = options.postgres;  // a fresh database, measured too when given
  const int n = options.records;
  const FormLibrary forms = must(FormLibrary::load(form_folder(assets, kProfileFormId)));
  const Form& form = forms.latest();
  const Catalogue german = must(Catalogue::load(assets / "i18n" / "de.po"));
  const std::string* consent_text = german.find(form.consent_field().text_key);
  if (!consent_text) die("no German consent text in " + (assets / "i18n").string());
  const std::string consent_sha256 = to_hex(sha256(as_bytes(*consent_text)));
  std::ifstream in(assets / "demo" / "profile-de.json");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json answers = nlohmann::json::parse(text.str())["answers"];
  const HubKeys hub = HubKeys::generate(1);

  // 1. Ingest, next to the verify + open ceiling.
  Kiosk a = make_kiosk(dir / "kiosk-a", hub, form, answers, n, "", consent_sha256);
  std::vector<OutboxEntry> entries = must(Outbox(a.store).waiting(static_cast<std::size_t>(n)));
  auto t = Clock::now();
  for (const auto& e : entries) {
    must(verify_envelope(e.envelope, a.device.sign_public));
    auto plain = must(open_envelope(e.envelope, hub));
    sodium_memzero(plain.data(), plain.size());
  }
  const double ceiling = n / seconds_since(t);

  auto hub_store = must(hub::open_sqlite_hub_store(dir / "hub-ingest.db"));
  must(hub_store->add_device({a.device.device_id, a.device.sign_public, "bench", 0, std::nullopt}));
  const KnownConsentTexts consent_texts = must(hub::load_consent_texts(
      forms, assets / "i18n", std::vector{test::as_hub_office<hub::Office>(test::augsburg_office())}));
  const hub::IngestContext ctx{hub, forms, {}, &consent_texts};
  // The seqs the kiosk's outbox gives each envelope, as a PUSH claims them.
  std::vector<std::uint64_t> all_seqs;
  for (const auto& e : entries) all_seqs.push_back(e.seq);
  t = Clock::now();
  for (std::size_t i = 0; i < entries.size(); i += 200) {
    std::vector<ByteView> batch;
    for (std::size_t j = i; j < std::min(entries.size(), i + 200); ++j)
      batch.emplace_back(entries[j].envelope);
    const std::span<const std::uint64_t> seqs(all_seqs.data() + i, batch.size());
    auto outcomes = must(hub::ingest_batch(*hub_store, a.device.device_id, batch, seqs, ctx, 0));
    for (const auto& o : outcomes)
      if (o.outcome.status != hub::IngestStatus::Stored) die("not stored: " + o.outcome.reason);
  }
  const double ingest = n / seconds_since(t);
  if (must(hub_store->count_records()) != static_cast<std::uint64_t>(n)) die("records missing");

  // 1b. The office on the ingested records: building a record's search index entry (done in
  // every store_batch) next to the verify + open cost per record; a full-text search and a
  // filtered one (a page of 50 with the total) next to the first page of the unfiltered list;
  // the CSV export of every record next to reading them.
  hub::RecordFilter everything;
  everything.limit = 0;
  t = Clock::now();
  const hub::RecordPage all_records = must(hub_store->search_records(everything));
  const double read_all_s = seconds_since(t);
  t = Clock::now();
  std::size_t indexed_bytes = 0;
  for (const auto& r : all_records.rows)
    indexed_bytes += hub::index_record(r.record_json).search_text.size();
  const double index_us = 1e6 * seconds_since(t) / static_cast<double>(all_records.rows.size());
  if (indexed_bytes == 0) die("nothing indexed");
  const auto p99_ms = [&](const hub::RecordFilter& filter) {
    std::vector<double> ms;
    for (int k = 0; k < 30; ++k) {
      const auto s0 = Clock::now();
      const hub::RecordPage page = must(hub_store->search_records(filter));
      ms.push_back(1000 * seconds_since(s0));
      if (page.total != static_cast<std::uint64_t>(n)) die("the search did not find every record");
    }
    std::sort(ms.begin(), ms.end());
    return std::pair{ms[ms.size() / 2], ms[ms.size() * 99 / 100]};
  };
  const auto [list_p50, list_p99] = p99_ms({});
  hub::RecordFilter words;
  words.text = "schaltschranke munchen";
  const auto [text_p50, text_p99] = p99_ms(words);
  hub::RecordFilter filtered;
  filtered.country = "AF";
  filtered.occupation = "7411";
  filtered.wants_advice = true;
  const auto [filter_p50, filter_p99] = p99_ms(filtered);
  t = Clock::now();
  const std::string csv = hub::web::records_csv(forms, all_records.rows);
  const double csv_s = seconds_since(t);

  double ingest_pg = 0;
  if (!postgres.empty()) {
    auto pg = must(hub::open_postgres_hub_store(postgres));
    must(pg->add_device({a.device.device_id, a.device.sign_public, "bench", 0, std::nullopt}));
    t = Clock::now();
    for (std::size_t i = 0; i < entries.size(); i += 200) {
      std::vector<ByteView> batch;
      for (std::size_t j = i; j < std::min(entries.size(), i + 200); ++j)
        batch.emplace_back(entries[j].envelope);
      const std::span<const std::uint64_t> seqs(all_seqs.data() + i, batch.size());
      auto outcomes = must(hub::ingest_batch(*pg, a.device.device_id, batch, seqs, ctx, 0));
      for (const auto& o : outcomes)
        if (o.outcome.status != hub::IngestStatus::Stored) die("not stored: " + o.outcome.reason);
    }
    ingest_pg = n / seconds_since(t);
  }

  // 2. End to end over HTTP on loopback.
  auto http_store = must(hub::open_sqlite_hub_store(dir / "hub-http.db"));
  hub::ServerConfig config;  // loopback, any free port, no pages: the sync API only
  config.port = 0;
  hub::HubServer server(*http_store, hub, forms, config);
  const int port = must(server.bind());
  std::thread serving([&] { server.run(); });
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  Kiosk b = make_kiosk(dir / "kiosk-b", hub, form, answers, n, url, consent_sha256);
  must(
      http_store->add_device({b.device.device_id, b.device.sign_public, "bench", 0, std::nullopt}));
  auto transport = must(http_transport(url));
  t = Clock::now();
  auto report = must(sync_outbox(b.store, b.device, b.setup, *transport, {500, 0}));
  const double e2e = seconds_since(t);
  server.stop();
  serving.join();
  if (report.stored != static_cast<std::uint64_t>(n) || report.waiting != 0)
    die("sync did not store every record");

  // 3. USB bundle: export, import with receipt, import the receipt.
  Kiosk c = make_kiosk(dir / "kiosk-c", hub, form, answers, n, "", consent_sha256);
  auto bundle_store = must(hub::open_sqlite_hub_store(dir / "hub-bundle.db"));
  must(bundle_store->add_device(
      {c.device.device_id, c.device.sign_public, "bench", 0, std::nullopt}));
  fs::create_directories(dir / "usb");
  t = Clock::now();
  auto exported = must(export_bundle(c.store, c.device, c.setup, dir / "usb"));
  const double export_s = seconds_since(t);
  t = Clock::now();
  auto imported = must(hub::import_bundle(*bundle_store, ctx, exported.file));
  const double import_s = seconds_since(t);
  t = Clock::now();
  auto receipt = must(import_receipt(c.store, c.device, c.setup, imported.receipt, {500, 0}));
  const double receipt_s = seconds_since(t);
  if (imported.stored != static_cast<std::uint64_t>(n) || receipt.waiting != 0)
    die("bundle did not carry every record");

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("sync and ingest, %d records of %zu bytes sealed, in %s\n", n,
              entries.front().envelope.size(), dir.c_str());
  std::printf("  %-52s %10.0f records/s\n", "ceiling: verify + open (one core)", ceiling);
  std::printf("  %-52s %10.0f records/s  (%.0f%% of ceiling; target 5,000/s)\n",
              "hub ingest into SQLite, batches of 200", ingest, 100.0 * ingest / ceiling);
  if (ingest_pg > 0)
    std::printf("  %-52s %10.0f records/s  (%.0f%% of ceiling)\n",
                "hub ingest into PostgreSQL, batches of 200", ingest_pg,
                100.0 * ingest_pg / ceiling);
  else
    std::printf("  %-52s %10s\n", "hub ingest into PostgreSQL", "not run (no --postgres)");
  std::printf("  %-52s %10.1f us/record  (verify + open: %.1f us)\n",
              "office search index of one record (in store_batch)", index_us, 1e6 / ceiling);
  std::printf("  %-52s %6.1f / %5.1f ms p50/p99\n", "office list, first page of 50 + total",
              list_p50, list_p99);
  std::printf("  %-52s %6.1f / %5.1f ms p50/p99  (%.1fx the list)\n",
              "office full-text search, 2 words, page + total", text_p50, text_p99,
              text_p99 / list_p99);
  std::printf("  %-52s %6.1f / %5.1f ms p50/p99  (%.1fx the list)\n",
              "office filter: country + occupation + advice", filter_p50, filter_p99,
              filter_p99 / list_p99);
  std::printf("  %-52s %10.2f s  (%.1f MB; reading them: %.2f s)\n",
              "office CSV export, all records", csv_s, static_cast<double>(csv.size()) / 1e6,
              read_all_s);
  std::printf("  %-52s %10.2f s  (%.0f records/s; target < 3 s)\n",
              "kiosk -> hub over HTTP on loopback, end to end", e2e, n / e2e);
  std::printf("  %-52s %10.2f s\n", "bundle export (one file, fsync, rename)", export_s);
  std::printf("  %-52s %10.2f s  (%.0f records/s)\n", "bundle import at the hub + receipt",
              import_s, n / import_s);
  std::printf("  %-52s %10.2f s\n", "receipt import at the kiosk (+ purge)", receipt_s);
  std::printf("  peak RSS %ld MiB\n", usage.ru_maxrss / 1024);
  fs::remove_all(dir);
  return 0;
}
