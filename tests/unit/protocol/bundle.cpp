// USB bundles and receipts: records carried on a stick reach the office intact or are reported
// missing, never half-read; a pulled stick, a cut-off copy, a flipped bit or a foreign kiosk
// cannot slip a damaged record in, and the receipt the office writes back is what the kiosk
// trusts before it deletes anything.
#include "protocol/bundle.h"

#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>

#include "base/atomic_file.h"
#include "protocol/envelope.h"
#include "protocol/keys.h"
#include "protocol/wire.h"
#include "support/temp_dir.h"

using namespace sichtbar;
namespace fs = std::filesystem;

namespace {

template <class T>
std::string code_of(const Result<T>& r) {
  return r ? "ok" : r.error().code;
}

struct Kiosk {
  DeviceIdentity device = DeviceIdentity::generate();
  HubKeys hub = HubKeys::generate(2);

  Bytes envelope(std::uint64_t seq, std::string_view plaintext = R"({"answers":{}})") const {
    EnvelopeHeader h;
    h.record_id = random_array<16>();
    h.record_version = 1;
    h.device_id = device.device_id;
    h.seq = seq;
    h.created_at_ms = 1'726'000'000'000;
    h.hub_key_id = hub.key_id;
    h.schema = "skills-profile@1";
    auto env = seal_envelope(h, as_bytes(plaintext), hub.recipient(), device);
    REQUIRE(env);
    return *env;
  }

  std::vector<std::pair<std::uint64_t, Bytes>> envelopes(std::vector<std::uint64_t> seqs) const {
    std::vector<std::pair<std::uint64_t, Bytes>> out;
    for (std::uint64_t s : seqs) out.emplace_back(s, envelope(s, std::string(s % 50, 'x')));
    return out;
  }

  Bytes bundle(const std::vector<std::pair<std::uint64_t, Bytes>>& envs) const {
    auto b = write_bundle(device, hub.key_id, 1'726'000'000'123, envs);
    REQUIRE(b);
    return *b;
  }
};

// Where the entries start: after the 12-byte prefix, the manifest and the signature.
std::size_t entries_offset(ByteView file) {
  return kBundlePrefixBytes + get_be(file.data() + 8, 4) + kBundleSignatureBytes;
}

// A bundle around a hand-made manifest, properly signed: what a buggy kiosk could write.
Bytes signed_bundle(const std::string& manifest, const DeviceIdentity& device) {
  const std::size_t signed_length = kBundlePrefixBytes + manifest.size();
  Bytes out(signed_length + kBundleSignatureBytes, 0);
  std::copy(kBundleMagic.begin(), kBundleMagic.end(), out.begin());
  out[4] = 1;
  put_be(out.data() + 8, manifest.size(), 4);
  std::copy(manifest.begin(), manifest.end(), out.begin() + kBundlePrefixBytes);
  crypto_sign_detached(out.data() + signed_length, nullptr, out.data(), signed_length,
                       device.sign_secret.data());
  return out;
}

}  // namespace

TEST_CASE("a bundle gives back every envelope byte for byte, with its manifest") {
  Kiosk k;
  const auto envs = k.envelopes({3, 1, 2, 10});
  const Bytes file = k.bundle(envs);

  auto parsed = parse_bundle(file, k.device.sign_public);
  REQUIRE(parsed);
  CHECK(parsed->missing_seqs.empty());
  CHECK(parsed->trailing_bytes == 0);
  CHECK(parsed->seqs == std::vector<std::uint64_t>{1, 2, 3, 10});  // ascending seq order
  REQUIRE(parsed->envelopes.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    auto it = std::find_if(envs.begin(), envs.end(),
                           [&](const auto& e) { return e.first == parsed->seqs[i]; });
    REQUIRE(it != envs.end());
    CHECK(parsed->envelopes[i] == it->second);
    CHECK(verify_envelope(parsed->envelopes[i], k.device.sign_public));
  }

  const BundleManifest& m = parsed->manifest;
  CHECK(m.device_id == k.device.device_id);
  CHECK(m.hub_key_id == k.hub.key_id);
  CHECK(m.created_at_ms == 1'726'000'000'123);
  REQUIRE(m.entries.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    const BundleEntry& e = m.entries[i];
    CHECK(e.seq == parsed->seqs[i]);
    CHECK(e.sha256 == sha256(parsed->envelopes[i]));
    CHECK(e.size == parsed->envelopes[i].size());
    CHECK(e.record_id == parse_envelope(parsed->envelopes[i])->header.record_id);
  }

  auto peeked = peek_bundle_manifest(file);
  REQUIRE(peeked);
  CHECK(*peeked == m);

  // The receipt's batch_id: the SHA-256 of the manifest bytes in the file.
  const std::size_t manifest_length = get_be(file.data() + 8, 4);
  CHECK(parsed->manifest_sha256_hex ==
        to_hex(sha256(ByteView(file).subspan(kBundlePrefixBytes, manifest_length))));
}

TEST_CASE("the manifest is canonical JSON in the documented layout") {
  Kiosk k;
  const Bytes file = k.bundle(k.envelopes({1}));
  CHECK(std::equal(kBundleMagic.begin(), kBundleMagic.end(), file.begin()));
  CHECK(file[4] == 1);
  CHECK(file[5] == 0);
  CHECK(get_be(file.data() + 6, 2) == 0);
  const std::string manifest(
      file.begin() + kBundlePrefixBytes,
      file.begin() + static_cast<std::ptrdiff_t>(kBundlePrefixBytes + get_be(file.data() + 8, 4)));
  CHECK(manifest.starts_with(R"({"created_at_ms":1726000000123,"device_id":")"));
  CHECK(manifest.find(R"("format":"sichtbar-bundle-1","hub_key_id":2})") != std::string::npos);
  CHECK(nlohmann::json::parse(manifest).dump() == manifest);
}

TEST_CASE("the same envelopes in any order give the same bundle bytes") {
  Kiosk k;
  auto envs = k.envelopes({5, 6, 7, 8});
  const Bytes a = k.bundle(envs);
  std::reverse(envs.begin(), envs.end());
  CHECK(k.bundle(envs) == a);
}

TEST_CASE("a bundle of the most entries allowed, with the largest numbers, can be written") {
  Kiosk k;
  // write_bundle parses envelopes but does not verify them, so one envelope renumbered in place
  // stands in for 100,000 sealed ones.
  const Bytes base = k.envelope(1, "");
  std::vector<std::pair<std::uint64_t, Bytes>> envs(kMaxBundleEntries);
  for (std::size_t i = 0; i < kMaxBundleEntries; ++i) {
    const std::uint64_t seq = std::numeric_limits<std::uint64_t>::max() - i;
    envs[i] = {seq, base};
    put_be(envs[i].second.data() + 8 + 36, seq, 8);  // the header's seq field
  }
  auto file = write_bundle(k.device, std::numeric_limits<std::uint32_t>::max(),
                           std::numeric_limits<std::int64_t>::min(), envs);
  REQUIRE(file);
  CHECK(get_be(file->data() + 8, 4) <= kMaxManifestBytes);
  auto parsed = parse_bundle(*file, k.device.sign_public);
  REQUIRE(parsed);
  CHECK(parsed->envelopes.size() == kMaxBundleEntries);
  CHECK(parsed->missing_seqs.empty());

  envs.push_back({1, k.envelope(1)});
  CHECK(code_of(write_bundle(k.device, 1, 0, envs)) == "bundle.too_many_entries");
}

TEST_CASE("an empty bundle is valid") {
  Kiosk k;
  const Bytes file = k.bundle({});
  auto parsed = parse_bundle(file, k.device.sign_public);
  REQUIRE(parsed);
  CHECK(parsed->envelopes.empty());
  CHECK(parsed->missing_seqs.empty());
}

TEST_CASE("a bundle cut off at any offset is refused or yields its intact prefix") {
  Kiosk k;
  const auto envs = k.envelopes({1, 2, 3});
  const Bytes file = k.bundle(envs);
  const std::size_t entries_at = entries_offset(file);
  const std::vector<std::uint64_t> all = {1, 2, 3};

  for (std::size_t cut = 0; cut < file.size(); ++cut) {
    INFO("cut at " << cut << " of " << file.size());
    auto parsed = parse_bundle(ByteView(file).first(cut), k.device.sign_public);
    if (cut < entries_at) {
      // Inside the header, manifest or signature: nothing in the file can be trusted.
      CHECK(code_of(parsed) == "bundle.truncated_manifest");
      continue;
    }
    REQUIRE(parsed);
    const std::size_t n = parsed->envelopes.size();
    // The complete entries before the cut, exactly; everything after it listed as missing.
    std::size_t expect = 0, end = entries_at;
    for (const auto& [seq, bytes] : envs) {
      end += 4 + bytes.size();
      if (end <= cut) ++expect;
    }
    CHECK(n == expect);
    for (std::size_t i = 0; i < n; ++i) CHECK(parsed->envelopes[i] == envs[i].second);
    CHECK(parsed->seqs == std::vector<std::uint64_t>(all.begin(), all.begin() + n));
    CHECK(parsed->missing_seqs == std::vector<std::uint64_t>(all.begin() + n, all.end()));
  }
}

TEST_CASE("a flipped bit in an envelope costs only that envelope") {
  Kiosk k;
  const auto envs = k.envelopes({1, 2, 3});
  const Bytes file = k.bundle(envs);
  std::size_t start = entries_offset(file);
  for (std::size_t e = 0; e < envs.size(); ++e) {
    const std::size_t end = start + 4 + envs[e].second.size();  // length prefix included
    for (std::size_t at = start; at < end; ++at) {
      INFO("entry " << e << ", byte " << at);
      Bytes damaged = file;
      damaged[at] ^= static_cast<std::uint8_t>(1u << (at % 8));
      auto parsed = parse_bundle(damaged, k.device.sign_public);
      REQUIRE(parsed);
      CHECK(parsed->missing_seqs == std::vector<std::uint64_t>{envs[e].first});
      REQUIRE(parsed->envelopes.size() == 2);
      std::size_t j = 0;
      for (std::size_t i = 0; i < envs.size(); ++i)
        if (i != e) CHECK(parsed->envelopes[j++] == envs[i].second);
    }
    start = end;
  }
}

TEST_CASE("a flipped bit in the header, manifest or signature refuses the whole bundle") {
  Kiosk k;
  const Bytes file = k.bundle(k.envelopes({1, 2}));
  const std::size_t entries_at = entries_offset(file);
  for (std::size_t at = 0; at < entries_at; ++at) {
    for (unsigned bit : {0u, 7u}) {
      INFO("byte " << at << ", bit " << bit);
      Bytes damaged = file;
      damaged[at] ^= static_cast<std::uint8_t>(1u << bit);
      const std::string code = code_of(parse_bundle(damaged, k.device.sign_public));
      if (at < 4)
        CHECK(code == "bundle.bad_magic");
      else if (at == 4)
        CHECK(code == "bundle.unsupported_version");
      else if (at < 8)
        CHECK(code == "bundle.bad_header");
      else if (at < 12)  // the manifest length
        CHECK((code == "bundle.too_large" || code == "bundle.truncated_manifest" ||
               code == "bundle.bad_signature"));
      else
        CHECK(code == "bundle.bad_signature");
    }
  }
}

TEST_CASE("a bundle checked with another kiosk's key is refused") {
  Kiosk k;
  const Bytes file = k.bundle(k.envelopes({1}));
  const DeviceIdentity other = DeviceIdentity::generate();
  CHECK(code_of(parse_bundle(file, other.sign_public)) == "bundle.bad_signature");
  // Peeking is how the hub finds which key to use; it trusts nothing else in it.
  CHECK(peek_bundle_manifest(file)->device_id == k.device.device_id);
}

TEST_CASE("write_bundle refuses what this kiosk must not sign") {
  Kiosk k;
  Kiosk stranger;
  auto envs = k.envelopes({1, 2});

  auto foreign = envs;
  foreign.emplace_back(3, stranger.envelope(3));
  CHECK(code_of(write_bundle(k.device, 2, 0, foreign)) == "bundle.wrong_device");

  auto renumbered = envs;
  renumbered[1].first = 9;  // the envelope says 2
  CHECK(code_of(write_bundle(k.device, 2, 0, renumbered)) == "bundle.seq_mismatch");

  auto twice = envs;
  twice.push_back(envs[0]);
  CHECK(code_of(write_bundle(k.device, 2, 0, twice)) == "bundle.duplicate_seq");

  auto broken = envs;
  broken[0].second.pop_back();
  CHECK(code_of(write_bundle(k.device, 2, 0, broken)) == "bundle.bad_envelope");

  auto zero = envs;
  zero.emplace_back(0, Bytes{});
  CHECK(code_of(write_bundle(k.device, 2, 0, zero)) == "bundle.bad_envelope");

  DeviceIdentity damaged_key = k.device;
  damaged_key.sign_public[0] ^= 1;
  CHECK(code_of(write_bundle(damaged_key, 2, 0, envs)) == "bundle.bad_key");
}

TEST_CASE("bytes appended after the last entry are reported, the envelopes are kept") {
  Kiosk k;
  Bytes file = k.bundle(k.envelopes({1, 2}));
  file.insert(file.end(), {1, 2, 3, 4, 5});
  auto parsed = parse_bundle(file, k.device.sign_public);
  REQUIRE(parsed);
  CHECK(parsed->envelopes.size() == 2);
  CHECK(parsed->missing_seqs.empty());
  CHECK(parsed->trailing_bytes == 5);
}

TEST_CASE("not a bundle, a newer bundle or a damaged header is refused with its code") {
  Kiosk k;
  const Bytes file = k.bundle(k.envelopes({1}));
  CHECK(code_of(parse_bundle(as_bytes("PK\x03\x04zip file"), k.device.sign_public)) ==
        "bundle.bad_magic");
  CHECK(code_of(peek_bundle_manifest(as_bytes("SBEV"))) == "bundle.bad_magic");
  CHECK(code_of(peek_bundle_manifest(ByteView{})) == "bundle.truncated_manifest");
  CHECK(code_of(peek_bundle_manifest(as_bytes("SBB"))) == "bundle.truncated_manifest");
  Bytes newer = file;
  newer[4] = 2;
  CHECK(code_of(parse_bundle(newer, k.device.sign_public)) == "bundle.unsupported_version");
  CHECK(code_of(peek_bundle_manifest(newer)) == "bundle.unsupported_version");
  Bytes huge = file;
  put_be(huge.data() + 8, kMaxManifestBytes + 1, 4);
  CHECK(code_of(peek_bundle_manifest(huge)) == "bundle.too_large");
  Bytes reserved = file;
  reserved[7] = 1;
  CHECK(code_of(peek_bundle_manifest(reserved)) == "bundle.bad_header");
}

TEST_CASE("a signed but malformed manifest is refused as bundle.bad_manifest") {
  Kiosk k;
  const std::string dev = to_hex(k.device.device_id);
  const std::string h = std::string(64, 'a'), r = std::string(32, 'b');
  auto entry = [&](const std::string& seq, const std::string& size) {
    return R"({"record_id":")" + r + R"(","seq":)" + seq + R"(,"sha256":")" + h + R"(","size":)" +
           size + "}";
  };
  auto manifest = [&](const std::string& entries, const std::string& format) {
    return R"({"created_at_ms":5,"device_id":")" + dev + R"(","entries":[)" + entries +
           R"(],"format":")" + format + R"(","hub_key_id":2})";
  };
  auto code = [&](const std::string& text) {
    return code_of(parse_bundle(signed_bundle(text, k.device), k.device.sign_public));
  };
  const std::string fmt(kBundleFormat);
  CHECK(code(manifest(entry("1", "200"), fmt)) == "ok");
  CHECK(code(manifest(entry("2", "200") + "," + entry("1", "200"), fmt)) == "bundle.bad_manifest");
  CHECK(code(manifest(entry("1", "200") + "," + entry("1", "200"), fmt)) == "bundle.bad_manifest");
  CHECK(code(manifest(entry("0", "200"), fmt)) == "bundle.bad_manifest");
  CHECK(code(manifest(entry("-1", "200"), fmt)) == "bundle.bad_manifest");
  CHECK(code(manifest(entry("1", "0"), fmt)) == "bundle.bad_manifest");
  CHECK(code(manifest(entry("1", std::to_string(kMaxEnvelopeBytes + 1)), fmt)) ==
        "bundle.bad_manifest");
  CHECK(code(manifest(entry("1", "\"200\""), fmt)) == "bundle.bad_manifest");
  CHECK(code(manifest(entry("1", "200"), "sichtbar-bundle-2")) == "bundle.bad_manifest");
  CHECK(code("{}") == "bundle.bad_manifest");
  CHECK(code("not json") == "bundle.bad_manifest");
  CHECK(code("") == "bundle.bad_manifest");
  CHECK(code(std::string(50000, '[')) == "bundle.bad_manifest");

  // An entry listed but absent is missing, not an error: the signed manifest says what to expect.
  auto parsed =
      parse_bundle(signed_bundle(manifest(entry("1", "200"), fmt), k.device), k.device.sign_public);
  REQUIRE(parsed);
  CHECK(parsed->missing_seqs == std::vector<std::uint64_t>{1});
}

TEST_CASE("random damage to a bundle never returns an envelope that was not written") {
  Kiosk k;
  const auto envs = k.envelopes({1, 2, 3, 4});
  const Bytes file = k.bundle(envs);
  std::mt19937 rng(777);  // a failing seed replays
  for (int round = 0; round < 2000; ++round) {
    Bytes m = file;
    for (int e = 0, edits = 1 + static_cast<int>(rng() % 4); e < edits && !m.empty(); ++e) {
      const std::size_t at = rng() % m.size();
      switch (rng() % 3) {
        case 0:
          m[at] = static_cast<std::uint8_t>(rng());
          break;
        case 1:
          m.erase(m.begin() + static_cast<std::ptrdiff_t>(at),
                  m.begin() + static_cast<std::ptrdiff_t>(std::min(m.size(), at + 1 + rng() % 64)));
          break;
        default:
          m.insert(m.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(rng()));
      }
    }
    (void)peek_bundle_manifest(m);
    auto parsed = parse_bundle(m, k.device.sign_public);
    if (!parsed) continue;
    for (std::size_t i = 0; i < parsed->envelopes.size(); ++i) {
      const auto it = std::find_if(envs.begin(), envs.end(),
                                   [&](const auto& e) { return e.first == parsed->seqs[i]; });
      REQUIRE(it != envs.end());
      CHECK(parsed->envelopes[i] == it->second);
    }
  }
}

TEST_CASE("a receipt written next to a bundle is the kiosk's verified ACK") {
  Kiosk k;
  test::TempDir dir;
  const auto envs = k.envelopes({1, 2});
  const fs::path bundle_path = dir / "sichtbar-export.bundle";
  REQUIRE(write_file_atomically(bundle_path, k.bundle(envs)));

  // The hub: read, check, store, answer with a receipt.
  const std::string raw = test::read_file(bundle_path);
  const ByteView bytes = as_bytes(raw);
  auto peeked = peek_bundle_manifest(bytes);
  REQUIRE(peeked);
  auto parsed = parse_bundle(bytes, k.device.sign_public);
  REQUIRE(parsed);
  Ack ack;
  ack.device_id = peeked->device_id;
  ack.hub_key_id = k.hub.key_id;
  ack.batch_id = parsed->manifest_sha256_hex;
  for (std::size_t i = 0; i < parsed->envelopes.size(); ++i)
    ack.items.push_back({parsed->seqs[i], parsed->manifest.entries[i].record_id,
                         sha256(parsed->envelopes[i]), ItemStatus::Stored, ""});
  ack.hub_high_water = 2;
  const fs::path receipt_path = fs::path(bundle_path.string() + std::string(kReceiptSuffix));
  REQUIRE(write_file_atomically(receipt_path, as_bytes(sign_ack(ack, k.hub))));

  // The kiosk: verify before trusting anything in it.
  auto receipt = verify_ack(test::read_file(receipt_path), k.hub.sign_public, k.device.device_id);
  REQUIRE(receipt);
  CHECK(receipt->batch_id == parsed->manifest_sha256_hex);
  REQUIRE(receipt->items.size() == 2);
  CHECK(receipt->items[0].sha256 == sha256(envs[0].second));
  CHECK(counts_as_received(receipt->items[1].status));

  // Importing the same bundle again gives the same batch_id: the import is recognisable.
  CHECK(parse_bundle(bytes, k.device.sign_public)->manifest_sha256_hex == receipt->batch_id);
}

TEST_CASE("the fuzz seeds for bundles and receipts are still valid") {
  // tests/fuzz/corpus/README.md: fixed keys, so a fuzzer gets past the signature checks.
  const std::string corpus = std::string(SICHTBAR_FIXTURE_DIR) + "/../fuzz/corpus/";
  std::array<std::uint8_t, 32> seed{}, hub_public{}, device_public{};
  std::array<std::uint8_t, 64> secret{};
  seed.fill(0x02);
  crypto_sign_seed_keypair(hub_public.data(), secret.data(), seed.data());
  seed.fill(0x01);
  crypto_sign_seed_keypair(device_public.data(), secret.data(), seed.data());
  std::array<std::uint8_t, 16> device_id{};
  device_id.fill(0x11);

  const std::string file = test::read_file(corpus + "bundle/valid.sbbn");
  auto bundle = parse_bundle(as_bytes(file), device_public);
  REQUIRE(bundle);
  CHECK(bundle->envelopes.size() == 2);
  CHECK(bundle->missing_seqs.empty());
  auto receipt =
      verify_ack(test::read_file(corpus + "receipt/valid.receipt"), hub_public, device_id);
  REQUIRE(receipt);
  CHECK(receipt->batch_id == bundle->manifest_sha256_hex);
  CHECK(receipt->items.size() == 2);
}
