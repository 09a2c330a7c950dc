// The kiosk end to end, headless: `sichtbar-hub init`, `sichtbar-kiosk setup` and `fill` as real
// processes. What a kiosk keeps on disk, what the hub can open, and how bad input and faults are
// reported without losing what was stored.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "core/outbox.h"
#include "domain/record.h"
#include "core/store.h"
#include "hub/key_file.h"
#include "protocol/envelope.h"
#include "support/temp_dir.h"
#include "support/usb_enrollment.h"

using namespace sichtbar;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kPassphrase = "korrekt Pferd Batterie Heftklammer";
// Marker strings that must never reach the kiosk's disk in plaintext.
const std::string kLatinName = "Zaphira Quellenberg-Markerova";
const std::string kEmail = "zaphira.marker@example.org";
const std::string kArabicName = "زفيرة كويلنبرغ";

nlohmann::json marker_answers() {
  return {{"locale", "de"},
          {"answers",
           {{"consent", {{"purposes", {"keep_profile", "contact"}}}},
            {"about",
             {{"name", kLatinName + " " + kArabicName},
              {"year_of_birth", 1990},
              {"country_of_origin", "SY"},
              {"email", kEmail}}},
            {"languages", {{"mother_tongues", {{{"mother_tongue", "ar"}}}}, {"german_level", "B1"}}}}}};
}

// A hub's keys and a kiosk set up to seal to it, in one temporary folder.
struct Bench {
  TempDir tmp;
  fs::path hub_dir = tmp / "hub";
  fs::path data = tmp / "kiosk";
  fs::path passphrase_file = tmp / "passphrase";

  Bench() {
    test::write_file(passphrase_file, kPassphrase + "\n");
    ::chmod(passphrase_file.c_str(), 0600);
    auto init = test::run({SICHTBAR_HUB_BIN, "init", "--dir", hub_dir.string(),
                           "--passphrase-file", passphrase_file.string()});
    INFO(init.err);
    REQUIRE(init.exit_code == 0);
    auto setup = test::run({SICHTBAR_KIOSK_BIN, "setup", "--data", data.string(), "--hub-key",
                            (hub_dir / "hub-public.json").string(), "--profile-base-url",
                            "http://127.0.0.1:8470", "--event-name", "Infoabend Augsburg",
                            "--event-date", "2026-11-28", "--venue", "Kolpinghaus"});
    INFO(setup.err);
    REQUIRE(setup.exit_code == 0);
    test::usb_enroll(data, hub_settings());
  }

  // The office's settings for `sichtbar-hub enroll` and `import` (the stick's way).
  std::vector<std::string> hub_settings() const {
    return {"--keys",         hub_dir.string(),         "--database",
            (tmp / "hub.db").string(), "--passphrase-file", passphrase_file.string(),
            "--public-url",   "http://127.0.0.1:8470"};
  }

  test::RunResult fill(const nlohmann::json& answers, std::vector<std::string> extra = {},
                       const test::RunOptions& options = {}) {
    const fs::path file = tmp / "answers.json";
    test::write_file(file, answers.dump());
    ::chmod(file.c_str(), 0644);
    std::vector<std::string> argv = {SICHTBAR_KIOSK_BIN, "fill", "--data", data.string(),
                                     "--answers", file.string(), "--no-terminal-qr"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto r = test::run(argv, options);
    fs::remove(file);  // the answers file is the test's, not the kiosk's
    return r;
  }

  std::vector<OutboxEntry> outbox() {
    auto store = KioskStore::open(data);
    REQUIRE(store);
    auto waiting = Outbox(*store).waiting(1000);
    REQUIRE(waiting);
    return *waiting;
  }

  HubKeys hub_keys() {
    auto keys = hub::read_hub_key_file(hub_dir / "hub-secret.key", kPassphrase);
    REQUIRE(keys);
    return *keys;
  }
};

std::string link_from(const std::string& out) {
  auto at = out.find("Link: ");
  REQUIRE(at != std::string::npos);
  return out.substr(at + 6, out.find('\n', at) - at - 6);
}

}  // namespace

TEST_CASE("a finished profile leaves no plaintext in any file of the kiosk's data folder") {
  Bench bench;
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    auto r = bench.fill(marker_answers());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::string link = link_from(r.out);
    tokens.push_back(link.substr(link.rfind('/') + 1));
  }
  REQUIRE(bench.outbox().size() == 3);
  // The database, its -wal and -shm files and anything else SQLite may have left there.
  std::vector<std::string> markers = {kLatinName, "Quellenberg", kEmail, kArabicName, "زفيرة"};
  markers.insert(markers.end(), tokens.begin(), tokens.end());
  size_t files = 0;
  for (auto& e : fs::recursive_directory_iterator(bench.data)) files += e.is_regular_file();
  CHECK(files >= 1);
  for (const auto& marker : markers) {
    INFO("marker: " << marker);
    CHECK(test::files_containing(bench.data, marker).empty());
  }
}

TEST_CASE("the hub opens the sealed record and finds exactly what the person entered") {
  Bench bench;
  auto r = bench.fill(marker_answers());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string link = link_from(r.out);
  auto entries = bench.outbox();
  REQUIRE(entries.size() == 1);
  HubKeys hub = bench.hub_keys();

  auto store = KioskStore::open(bench.data);
  REQUIRE(store);
  auto device = store->device_identity();
  REQUIRE(device);
  REQUIRE(device->has_value());
  REQUIRE(verify_envelope(entries[0].envelope, (*device)->sign_public));
  auto plaintext = open_envelope(entries[0].envelope, hub);
  REQUIRE(plaintext);
  auto record = record_from_json(
      nlohmann::json::parse(std::string(plaintext->begin(), plaintext->end())));
  REQUIRE(record);
  CHECK(record->answers["about"]["name"] == kLatinName + " " + kArabicName);
  CHECK(record->answers["about"]["email"] == kEmail);
  CHECK(!record->answers.contains("consent"));
  CHECK(record->consent.purposes == std::map<std::string, bool>{
                                        {"keep_profile", true}, {"contact", true}, {"employers", false}});
  CHECK(record->consent.language == "de");
  CHECK(record->consent.text_sha256.size() == 64);
  CHECK(record->event.name == "Infoabend Augsburg");
  CHECK(record->device_id == to_hex((*device)->device_id));
  CHECK(link == "http://127.0.0.1:8470/p/" + record->profile_token + "?lang=de");
  // 128 bits in Crockford's base32, in blocks of 4: nothing to misread when copied by hand.
  CHECK(record->profile_token.size() == 32);
  CHECK(is_profile_token(record->profile_token));
  CHECK(record->profile_token.find_first_of("OoIiLlUu") == std::string::npos);
  auto header = parse_envelope(entries[0].envelope);
  REQUIRE(header);
  CHECK(header->header.record_id == record->record_id);
  CHECK(header->header.seq == entries[0].seq);
  // The plaintext is the record's canonical form: the same bytes come out again.
  CHECK(*canonical_json(*record) == std::string(plaintext->begin(), plaintext->end()));
}

TEST_CASE("fill writes the QR code as PNG and SVG, and the PNG scans to the printed link") {
  Bench bench;
  const fs::path png = bench.tmp / "qr.png", svg = bench.tmp / "qr.svg";
  auto r = bench.fill(marker_answers(), {"--qr-png", png.string(), "--qr-svg", svg.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(fs::file_size(png) > 100);
  CHECK(test::read_file(svg).find("<svg") != std::string::npos);
  if (access("/usr/bin/zbarimg", X_OK) != 0) {
    WARN("zbarimg (zbar-tools) is not installed: the PNG was not scanned by a second decoder");
    return;
  }
  auto scan = test::run({"/usr/bin/zbarimg", "--quiet", "--raw", png.string()});
  REQUIRE(scan.exit_code == 0);
  CHECK(scan.out == link_from(r.out) + "\n");
}

TEST_CASE("answers that fail validation are refused with the field named, nothing stored") {
  Bench bench;
  REQUIRE(bench.fill(marker_answers()).exit_code == 0);
  auto bad = marker_answers();
  bad["answers"]["about"]["year_of_birth"] = 1850;
  auto r = bench.fill(bad);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("year_of_birth") != std::string::npos);
  CHECK(r.err.find("answers.invalid") != std::string::npos);
  CHECK(bench.outbox().size() == 1);

  auto no_consent = marker_answers();
  no_consent["answers"]["consent"]["purposes"] = {"contact"};
  r = bench.fill(no_consent);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("keep_profile") != std::string::npos);
  CHECK(bench.outbox().size() == 1);
}

TEST_CASE("an answers file that is not JSON gets a clear error") {
  Bench bench;
  const fs::path file = bench.tmp / "broken.json";
  test::write_file(file, "{\"locale\": \"de\", \"answers\": {");
  auto r = test::run({SICHTBAR_KIOSK_BIN, "fill", "--data", bench.data.string(), "--answers",
                      file.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("broken.json") != std::string::npos);
  CHECK(r.err.find("\"locale\"") != std::string::npos);
}

TEST_CASE("a kiosk that was never set up says how to set it up") {
  TempDir tmp;
  const fs::path file = tmp / "answers.json";
  test::write_file(file, marker_answers().dump());
  auto r = test::run({SICHTBAR_KIOSK_BIN, "fill", "--data", (tmp / "kiosk").string(), "--answers",
                      file.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("not set up yet") != std::string::npos);
  CHECK(r.err.find("sichtbar-kiosk setup") != std::string::npos);
}

#ifdef SICHTBAR_HAS_KIOSK_UI
TEST_CASE("ui with a language the kiosk does not have names the valid codes, nothing stored changes") {
  Bench bench;
  REQUIRE(bench.fill(marker_answers()).exit_code == 0);
  const std::string db_before = test::read_file(bench.data / "kiosk.db");
  // "Arabic" for "ar", and a code the kiosk has no catalogue for: refused before any window.
  for (const std::string bad : {"Arabic", "it"}) {
    auto r = test::run({SICHTBAR_KIOSK_BIN, "ui", "--windowed", "--data", bench.data.string(),
                        "--language", bad});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("\"" + bad + "\" is not one of the kiosk's languages") != std::string::npos);
    CHECK(r.err.find("de en ar fa ps uk ru tr fr ti ku so") != std::string::npos);
  }
  CHECK(test::read_file(bench.data / "kiosk.db") == db_before);
}
#endif

TEST_CASE("a broken form file is named with the problem, and nothing stored is touched") {
  Bench bench;
  REQUIRE(bench.fill(marker_answers()).exit_code == 0);
  const std::string db_before = test::read_file(bench.data / "kiosk.db");
  const fs::path assets = bench.tmp / "assets";
  fs::copy(test::asset(""), assets, fs::copy_options::recursive);
  std::string form = test::read_file(assets / "forms/skills-profile/1.json");
  form.replace(form.find("\"year\""), 6, "\"yeer\"");
  test::write_file(assets / "forms/skills-profile/1.json", form);
  auto r = bench.fill(marker_answers(), {"--assets", assets.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("skills-profile/1.json") != std::string::npos);
  CHECK(r.err.find("yeer") != std::string::npos);
  CHECK(test::read_file(bench.data / "kiosk.db") == db_before);
}

TEST_CASE("a damaged database file is refused, named, and left byte for byte") {
  Bench bench;
  std::string junk(20000, '\0');
  for (size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>((i * 7919) % 251);
  test::write_file(bench.data / "kiosk.db", junk);
  auto r = bench.fill(marker_answers());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("kiosk.db") != std::string::npos);
  CHECK(r.err.find("not a Sichtbar kiosk database") != std::string::npos);
  CHECK(test::read_file(bench.data / "kiosk.db") == junk);
}

TEST_CASE("a full disk fails the finish with a clear error and loses nothing stored earlier") {
  Bench bench;
  for (int i = 0; i < 3; ++i) REQUIRE(bench.fill(marker_answers()).exit_code == 0);
  auto before = bench.outbox();
  REQUIRE(before.size() == 3);
  // No file may grow past 8 KiB: the WAL frames of the next commit do not fit.
  auto r = bench.fill(marker_answers(), {}, [] { test::RunOptions o; o.file_size_limit = 8192; return o; }());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("disk is full") != std::string::npos);
  CHECK(r.err.find("store.write_failed") != std::string::npos);
  auto after = bench.outbox();
  REQUIRE(after.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CHECK(after[i].seq == before[i].seq);
    CHECK(after[i].envelope == before[i].envelope);
  }
  auto store = KioskStore::open(bench.data);
  REQUIRE(store);
  Statement check(store->handle(), "PRAGMA integrity_check");
  REQUIRE(check.step() == SQLITE_ROW);
  CHECK(check.column_text(0) == "ok");
  // And once there is space again, the kiosk carries on.
  CHECK(bench.fill(marker_answers()).exit_code == 0);
  CHECK(bench.outbox().size() == 4);
}

TEST_CASE("a read-only data folder gets a clear error and nothing changes") {
  Bench bench;
  REQUIRE(bench.fill(marker_answers()).exit_code == 0);
  const std::string db_before = test::read_file(bench.data / "kiosk.db");
  test::RunResult r;
  if (geteuid() == 0) {
    // root ignores permission bits: make the folder a read-only mount, as a storage card that
    // failed into read-only mode would be; where mounting is not allowed, run as "nobody".
    test::RunOptions read_only;
    read_only.read_only_folder = bench.data.string();
    r = bench.fill(marker_answers(), {}, read_only);
    if (r.exit_code == test::kCannotMountReadOnly) {
      WARN("no mount namespace here: checking the read-only folder as user nobody instead");
      ::chmod(bench.tmp.path().c_str(), 0755);
      ::chmod(bench.data.c_str(), 0555);
      test::RunOptions nobody;
      nobody.uid = 65534;
      r = bench.fill(marker_answers(), {}, nobody);
    }
  } else {
    ::chmod(bench.data.c_str(), 0555);
    r = bench.fill(marker_answers());
  }
  ::chmod(bench.data.c_str(), 0700);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("cannot be written") != std::string::npos);
  CHECK(r.err.find(bench.data.string()) != std::string::npos);
  CHECK(test::read_file(bench.data / "kiosk.db") == db_before);
  CHECK(bench.outbox().size() == 1);
}
