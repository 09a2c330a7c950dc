// Writes the seed corpus of the fuzz targets that tests/fuzz/corpus/ did not have yet
// (envelope, form, answers, enroll_request, kiosk_config, hub_public), with the fixed keys of
// corpus/README.md. Run by hand after a format change, then commit the files:
//   ninja -C build sichtbar_fuzz_make_seeds && build/tests/fuzz/sichtbar_fuzz_make_seeds <repo>
// Envelopes are sealed with a fresh ephemeral key each time, so their bytes differ per run.
#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

#include "fuzz_support.h"
#include "protocol/enrollment.h"
#include "protocol/envelope.h"

using namespace sichtbar;
namespace fs = std::filesystem;

namespace {

fs::path corpus;

void write(const std::string& name, std::string_view bytes) {
  const fs::path file = corpus / name;
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::printf("%s (%zu bytes)\n", file.c_str(), bytes.size());
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A record shaped like the ones the kiosk seals (the envelope parser does not read it).
std::string record(int n) {
  return nlohmann::json{{"record_id", std::string(32, static_cast<char>('a' + n))},
                        {"form", {{"id", "skills-profile"}, {"version", 1}}},
                        {"locale", "de"},
                        {"answers", {{"about", {{"name", "Seed " + std::to_string(n)}}}}}}
      .dump();
}

void envelope_seed(const std::string& name, std::uint64_t seq, const std::string& schema, int n) {
  const auto& keys = fuzz::fixed_keys();
  EnvelopeHeader header;
  header.record_id.fill(static_cast<std::uint8_t>(0x20 + n));
  header.record_version = 1;
  header.device_id = keys.device.device_id;
  header.seq = seq;
  header.created_at_ms = 1'726'000'000'000;
  header.hub_key_id = keys.hub.key_id;
  header.schema = schema;
  const std::string plaintext = record(n);
  auto sealed = seal_envelope(header, as_bytes(plaintext), keys.hub.recipient(), keys.device);
  if (!sealed) throw std::runtime_error(sealed.error().message);
  write(name, std::string(sealed->begin(), sealed->end()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <repository root>\n", argv[0]);
    return 2;
  }
  const fs::path root = argv[1];
  corpus = root / "tests/fuzz/corpus";
  const auto& keys = fuzz::fixed_keys();

  envelope_seed("envelope/valid.sbev", 1, "skills-profile@1", 1);
  envelope_seed("envelope/seq-2-long-schema.sbev", 2, "skills-profile-with-a-long-name@12", 2);

  EnrollRequest request{"K7QX3MPD9TRW2HFA", keys.device.device_id, keys.device.sign_public,
                        "Kiosk 3 (Augsburg)"};
  write("enroll_request/valid.json", to_json_text(request));

  KioskConfig config{"https://hub.example.org", "https://hub.example.org/p/", keys.hub.recipient(),
                     keys.device.device_id, 1'726'000'000'000};
  write("kiosk_config/valid.json", sign_kiosk_config(config, keys.hub, "K7QX3MPD9TRW2HFA"));

  write("usb_enroll_request/valid.sbe", write_usb_enroll_request(request));
  UsbEnrollRequest answered;
  answered.code_mac.fill(0x5a);  // the request MAC fuzz_verify_usb_enroll_receipt expects
  write("usb_enroll_receipt/valid.json", sign_usb_enroll_receipt(config, keys.hub, answered));

  write("hub_public/valid.json", hub_public_json(keys.hub).dump());

  // Forms: the small fixture forms (valid and a few refused shapes); the real form is large.
  for (const char* f : {"minimal.json", "nested-group.json", "consent-not-first.json",
                        "min-over-max.json", "unknown-type.json"}) {
    const auto form =
        nlohmann::json::parse(read(root / "tests/fixtures/forms" / f), nullptr, false);
    // Compact, so libFuzzer's default length limit (the largest seed) stays small.
    write(std::string("form/") + f,
          form.is_discarded() ? read(root / "tests/fixtures/forms" / f) : form.dump());
  }

  // Answers against the real form: the demo and the complete fixture, and a football profile.
  write("answers/demo-de.json",
        nlohmann::json::parse(read(root / "assets/demo/profile-de.json"))["answers"].dump());
  write("answers/complete-de.json",
        nlohmann::json::parse(read(root / "tests/fixtures/answers/complete-de.json")).dump());
  write("answers/football.json",
        nlohmann::json{{"consent", {{"purposes", {"keep_profile"}}}},
                       {"sports",
                        {{"coaching_licence", "b_plus"},
                         {"years_coaching", 7},
                         {"referee_licence", true},
                         {"referee_level", "Kreisliga"}}},
                       {"wishes", {{"wants", {"job", "mentoring"}}, {"start", "now"}}}}
            .dump());
  return 0;
}
