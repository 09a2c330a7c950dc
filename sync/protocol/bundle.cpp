// USB bundle format v1: writing (signed manifest + envelopes), reading (header, signature, then
// entries by hash so a cut-off tail costs only what is missing) and durable file replacement.
// The layout is specified in sync/PROTOCOL.md; keep the two in step.
#include "protocol/bundle.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <numeric>

#include "protocol/envelope.h"
#include "protocol/wire.h"

namespace sichtbar {

static_assert(kBundleSignatureBytes == crypto_sign_BYTES);
static_assert(kMaxManifestBytes <= 0xFFFFFFFFu, "manifest_length is a u32");
static_assert(kMaxEnvelopeBytes <= 0xFFFFFFFFu, "an entry's length is a u32");
static_assert(kMaxBundleEntries <= kMaxAckItems, "a receipt answers a whole bundle");

namespace {

using nlohmann::json;
using wire_detail::Fields;
using wire_detail::pass;

constexpr std::size_t kEntryLengthBytes = 4;
constexpr std::size_t kManifestValues = 8 * kMaxBundleEntries + 64;

constexpr wire_detail::Source kManifestSource{
    "bundle", "The list of records in the USB bundle",
    "Export a new bundle on the kiosk; the kiosk keeps its records until the office confirms "
    "them."};

std::unexpected<Error> write_error(std::string code, const std::string& reason) {
  return fail(std::move(code), "The USB bundle could not be made: " + reason +
                                   ". Nothing was written; the kiosk keeps all its records. "
                                   "Call the office if this repeats.");
}

std::unexpected<Error> truncated_manifest() {
  return fail("bundle.truncated_manifest",
              "The USB bundle is cut off before the end of its list of records, so nothing in "
              "it can be trusted. Copy the file from the kiosk again (wait until the kiosk says "
              "the export is finished before pulling the stick).");
}

// Header fields up to and including manifest_length; returns the manifest's length.
Result<std::size_t> read_prefix(ByteView file) {
  const std::size_t magic_seen = std::min(file.size(), kBundleMagic.size());
  if (magic_seen > 0 && std::memcmp(file.data(), kBundleMagic.data(), magic_seen) != 0)
    return fail("bundle.bad_magic",
                "This file is not a Sichtbar USB bundle (it does not start with \"SBBN\"). "
                "Check that the right file was chosen.");
  if (file.size() <= 4) return truncated_manifest();
  // Nothing after the version byte is interpreted: a later version may lay it out differently.
  if (file[4] != kBundleFormatVersion)
    return fail("bundle.unsupported_version",
                "The USB bundle was made by a newer Sichtbar (bundle format " +
                    std::to_string(file[4]) + "); this program reads format " +
                    std::to_string(kBundleFormatVersion) +
                    ". Update Sichtbar at the office, then import it again.");
  if (file.size() < kBundlePrefixBytes) return truncated_manifest();
  if (file[5] != 0 || get_be(file.data() + 6, 2) != 0)
    return fail("bundle.bad_header",
                "The USB bundle's header is damaged (unknown flags). Export a new bundle on the "
                "kiosk; the kiosk keeps its records until the office confirms them.");
  const std::size_t manifest_length = get_be(file.data() + 8, 4);
  if (manifest_length > kMaxManifestBytes)
    return fail("bundle.too_large",
                "The USB bundle's list of records is larger than Sichtbar allows (" +
                    std::to_string(manifest_length) + " bytes, at most " +
                    std::to_string(kMaxManifestBytes) +
                    "), so the file is damaged. Export a new bundle on the kiosk.");
  if (file.size() - kBundlePrefixBytes < manifest_length) return truncated_manifest();
  return manifest_length;
}

std::string_view manifest_text(ByteView file, std::size_t manifest_length) {
  return {reinterpret_cast<const char*>(file.data()) + kBundlePrefixBytes, manifest_length};
}

json manifest_json(const BundleManifest& m) {
  json entries = json::array();
  for (const BundleEntry& e : m.entries)
    entries.push_back(json{{"seq", e.seq},
                           {"record_id", to_hex(e.record_id)},
                           {"sha256", to_hex(e.sha256)},
                           {"size", e.size}});
  return json{{"format", kBundleFormat},
              {"device_id", to_hex(m.device_id)},
              {"hub_key_id", m.hub_key_id},
              {"created_at_ms", m.created_at_ms},
              {"entries", std::move(entries)}};
}

Result<BundleManifest> read_manifest_fields(std::string_view text) {
  auto doc = wire_detail::parse_bounded(text, kMaxManifestBytes, kManifestValues, kManifestSource);
  if (!doc) return pass(doc);
  const Fields f(*doc, kManifestSource, "");
  if (auto r = f.is_object(); !r) return pass(r);
  if (auto r = f.format(kBundleFormat); !r) return pass(r);
  BundleManifest m;
  if (auto r = f.hex("device_id", m.device_id); !r) return pass(r);
  auto key_id = f.u64("hub_key_id", 0, std::numeric_limits<std::uint32_t>::max());
  if (!key_id) return pass(key_id);
  m.hub_key_id = static_cast<std::uint32_t>(*key_id);
  auto created = f.i64("created_at_ms");
  if (!created) return pass(created);
  m.created_at_ms = *created;
  auto entries = f.array("entries", kMaxBundleEntries);
  if (!entries) return pass(entries);
  m.entries.reserve((*entries)->size());
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < (*entries)->size(); ++i) {
    const Fields g((**entries)[i], kManifestSource, "entries[" + std::to_string(i) + "]");
    if (auto r = g.is_object(); !r) return pass(r);
    BundleEntry e;
    auto seq = g.u64("seq", 1);
    if (!seq) return pass(seq);
    // Strictly ascending: no seq twice, and one order for the same set of envelopes.
    if (i > 0 && *seq <= previous)
      return wire_detail::invalid(kManifestSource, "out_of_range",
                                  g.path_of("seq") + " is not above the one before it");
    e.seq = previous = *seq;
    if (auto r = g.hex("record_id", e.record_id); !r) return pass(r);
    if (auto r = g.hex("sha256", e.sha256); !r) return pass(r);
    auto size = g.u64("size", 1, kMaxEnvelopeBytes);
    if (!size) return pass(size);
    e.size = static_cast<std::uint32_t>(*size);
    m.entries.push_back(e);
  }
  return m;
}

// Every manifest problem has one code: whatever is wrong, the bundle must be exported again.
Result<BundleManifest> read_manifest(std::string_view text) {
  try {
    auto m = read_manifest_fields(text);
    if (!m) return fail("bundle.bad_manifest", m.error().message);
    return m;
  } catch (const json::exception&) {
    return fail("bundle.bad_manifest", "The USB bundle's list of records could not be read. " +
                                           std::string(kManifestSource.advice));
  }
}

}  // namespace

Result<Bytes> write_bundle(const DeviceIdentity& device, std::uint32_t hub_key_id,
                           std::int64_t now_ms,
                           const std::vector<std::pair<std::uint64_t, Bytes>>& envelopes) {
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> derived_public{};
  crypto_sign_ed25519_sk_to_pk(derived_public.data(), device.sign_secret.data());
  if (derived_public != device.sign_public)
    return write_error("bundle.bad_key", "this kiosk's signing key is damaged");
  if (envelopes.size() > kMaxBundleEntries)
    return write_error("bundle.too_many_entries", std::to_string(envelopes.size()) +
                                                      " records are more than one bundle "
                                                      "holds (" +
                                                      std::to_string(kMaxBundleEntries) +
                                                      "); export in parts");

  std::vector<std::size_t> order(envelopes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return envelopes[a].first < envelopes[b].first; });

  BundleManifest manifest;
  manifest.device_id = device.device_id;
  manifest.hub_key_id = hub_key_id;
  manifest.created_at_ms = now_ms;
  manifest.entries.reserve(envelopes.size());
  std::size_t payload_bytes = 0;
  for (const std::size_t i : order) {
    const auto& [seq, bytes] = envelopes[i];
    const std::string which = "record number " + std::to_string(seq);
    if (seq == 0) return write_error("bundle.bad_envelope", "record number 0 does not exist");
    if (!manifest.entries.empty() && manifest.entries.back().seq == seq)
      return write_error("bundle.duplicate_seq", which + " is in the list twice");
    auto env = parse_envelope(bytes);
    if (!env)
      return write_error("bundle.bad_envelope",
                         which + " is damaged in the kiosk's outbox (" + env.error().code + ")");
    // A bundle is signed by this kiosk: it must vouch only for what this kiosk made.
    if (env->header.device_id != device.device_id)
      return write_error("bundle.wrong_device", which + " was made by another kiosk (" +
                                                    to_hex(env->header.device_id) + ")");
    if (env->header.seq != seq)
      return write_error("bundle.seq_mismatch",
                         which + " holds a record numbered " + std::to_string(env->header.seq));
    manifest.entries.push_back(BundleEntry{seq, env->header.record_id, sha256(bytes),
                                           static_cast<std::uint32_t>(bytes.size())});
    payload_bytes += kEntryLengthBytes + bytes.size();
  }

  const std::string text = manifest_json(manifest).dump();
  if (text.size() > kMaxManifestBytes)
    return write_error("bundle.too_large", "the list of records is too long; export in parts");

  const std::size_t signed_length = kBundlePrefixBytes + text.size();
  Bytes out;
  out.reserve(signed_length + kBundleSignatureBytes + payload_bytes);
  out.resize(signed_length + kBundleSignatureBytes);
  std::uint8_t* b = out.data();
  std::copy(kBundleMagic.begin(), kBundleMagic.end(), b);
  b[4] = kBundleFormatVersion;
  b[5] = 0;             // flags
  put_be(b + 6, 0, 2);  // reserved
  put_be(b + 8, text.size(), 4);
  std::copy(text.begin(), text.end(), b + kBundlePrefixBytes);
  if (crypto_sign_detached(b + signed_length, nullptr, b, signed_length,
                           device.sign_secret.data()) != 0)
    return write_error("bundle.bad_key", "signing with this kiosk's key did not work");

  for (const std::size_t i : order) {
    const Bytes& bytes = envelopes[i].second;
    std::uint8_t length[kEntryLengthBytes];
    put_be(length, bytes.size(), kEntryLengthBytes);
    out.insert(out.end(), length, length + kEntryLengthBytes);
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  return out;
}

Result<BundleManifest> peek_bundle_manifest(ByteView file) {
  auto manifest_length = read_prefix(file);
  if (!manifest_length) return pass(manifest_length);
  return read_manifest(manifest_text(file, *manifest_length));
}

Result<ParsedBundle> parse_bundle(ByteView file,
                                  const std::array<std::uint8_t, 32>& device_sign_public) {
  auto manifest_length = read_prefix(file);
  if (!manifest_length) return pass(manifest_length);
  const std::size_t signed_length = kBundlePrefixBytes + *manifest_length;
  if (file.size() - signed_length < kBundleSignatureBytes) return truncated_manifest();
  // The signature is checked before the manifest's JSON is read at all.
  if (crypto_sign_verify_detached(file.data() + signed_length, file.data(), signed_length,
                                  device_sign_public.data()) != 0)
    return fail("bundle.bad_signature",
                "The USB bundle's list of records is not signed by the kiosk it names: the file "
                "was damaged or changed, or comes from an unknown kiosk. Nothing was imported. "
                "Export a new bundle on the kiosk; the kiosk keeps its records.");

  const std::string_view text = manifest_text(file, *manifest_length);
  auto manifest = read_manifest(text);
  if (!manifest) return pass(manifest);

  ParsedBundle out;
  out.manifest = std::move(*manifest);
  out.manifest_sha256_hex = to_hex(sha256(as_bytes(text)));
  // Each entry's place follows from the signed sizes before it, so a damaged length or envelope
  // costs only that entry; once the file ends, every later entry is missing.
  std::size_t pos = signed_length + kBundleSignatureBytes;
  bool cut_off = false;
  for (const BundleEntry& e : out.manifest.entries) {
    const std::size_t need = kEntryLengthBytes + e.size;  // bounded: no overflow
    if (cut_off || file.size() - pos < need) {
      cut_off = true;
      out.missing_seqs.push_back(e.seq);
      continue;
    }
    const ByteView bytes = file.subspan(pos + kEntryLengthBytes, e.size);
    if (get_be(file.data() + pos, kEntryLengthBytes) == e.size && sha256(bytes) == e.sha256) {
      out.envelopes.emplace_back(bytes.begin(), bytes.end());
      out.seqs.push_back(e.seq);
    } else {
      out.missing_seqs.push_back(e.seq);
    }
    pos += need;
  }
  out.trailing_bytes = cut_off ? 0 : file.size() - pos;
  return out;
}

}  // namespace sichtbar
