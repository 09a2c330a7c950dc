// USB bundles: a kiosk without network writes its waiting envelopes to one signed file on a USB
// stick; the hub imports it (idempotently, a damaged tail costs only the damaged entries) and
// writes a signed receipt back. Format in sync/PROTOCOL.md, "USB bundles and receipts".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/error.h"
#include "protocol/keys.h"

namespace sichtbar {

inline constexpr std::array<std::uint8_t, 4> kBundleMagic = {'S', 'B', 'B', 'N'};
inline constexpr std::uint8_t kBundleFormatVersion = 1;
inline constexpr std::string_view kBundleFormat = "sichtbar-bundle-1";
// magic, format_version, flags, reserved, manifest_length
inline constexpr std::size_t kBundlePrefixBytes = 12;
inline constexpr std::size_t kBundleSignatureBytes = 64;
inline constexpr std::size_t kMaxBundleEntries = 100'000;
inline constexpr std::size_t kMaxManifestBytes = 16 * 1024 * 1024;
// The file name suffix of the hub's receipt next to a bundle: "<bundle>.receipt".
inline constexpr std::string_view kReceiptSuffix = ".receipt";

struct BundleEntry {
  std::uint64_t seq = 0;  // >= 1, strictly ascending in a manifest
  std::array<std::uint8_t, 16> record_id{};
  std::array<std::uint8_t, 32> sha256{};  // of the envelope bytes
  std::uint32_t size = 0;                 // 1..kMaxEnvelopeBytes
  bool operator==(const BundleEntry&) const = default;
};

struct BundleManifest {
  std::array<std::uint8_t, 16> device_id{};
  std::uint32_t hub_key_id = 0;  // the hub key the kiosk knows; its receipt is signed with it
  std::int64_t created_at_ms = 0;
  std::vector<BundleEntry> entries;
  bool operator==(const BundleManifest&) const = default;
};

// Builds a bundle of (seq, envelope) pairs, in ascending seq order whatever the input order.
// Refuses ("bundle.*", no bytes at all) an envelope that does not parse, names another device
// or another seq, a repeated seq, more than kMaxBundleEntries, or a device key that does not
// match its device.
Result<Bytes> write_bundle(const DeviceIdentity& device, std::uint32_t hub_key_id,
                           std::int64_t now_ms,
                           const std::vector<std::pair<std::uint64_t, Bytes>>& envelopes);

struct ParsedBundle {
  BundleManifest manifest;
  // Lowercase hex SHA-256 of the manifest JSON bytes: the batch_id of the receipt.
  std::string manifest_sha256_hex;
  std::vector<Bytes> envelopes;  // the entries present and intact, in manifest order
  std::vector<std::uint64_t> seqs;  // seqs[i] is the manifest seq of envelopes[i]
  // In the manifest, but cut off or failing their hash (or their length prefix is damaged).
  std::vector<std::uint64_t> missing_seqs;
  std::size_t trailing_bytes = 0;  // bytes after the last entry; ignored, worth a log line
};

// The manifest only, NOT verified: lets the hub find the device's key by device_id. Never trust
// anything else in it before parse_bundle.
Result<BundleManifest> peek_bundle_manifest(ByteView file);

// Checks magic, version, header and the device signature, then the entries by hash. A damaged
// header, manifest or signature is an error ("bundle.bad_magic", "bundle.unsupported_version",
// "bundle.bad_header", "bundle.too_large", "bundle.truncated_manifest", "bundle.bad_signature",
// "bundle.bad_manifest"). A cut-off or damaged tail is not: the intact entries are returned and
// the rest listed as missing. Each returned envelope is byte-identical to the one written; the
// hub still verifies each envelope and compares its header with the entry.
Result<ParsedBundle> parse_bundle(ByteView file,
                                  const std::array<std::uint8_t, 32>& device_sign_public);

}  // namespace sichtbar
