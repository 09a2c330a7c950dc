// libFuzzer target: parse_bundle, the hub's reader of USB bundle files (seeds in corpus/bundle/,
// signed with the fixed device key). Each input is read twice: as it is, and with the device
// signature over header and manifest made again, so that mutated manifests get past the
// signature and reach the manifest checks and the entry walk behind it.
#include <sodium.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "protocol/bundle.h"

using namespace sichtbar;

namespace {

void check(ByteView file) {
  const auto& keys = fuzz::fixed_keys();
  const auto bundle = parse_bundle(file, keys.device.sign_public);
  if (!bundle) {
    SICHTBAR_FUZZ_CHECK(bundle.error().code.starts_with("bundle."));
    return;
  }
  // Every manifest entry is either returned intact or listed as missing, in manifest order.
  const auto& entries = bundle->manifest.entries;
  SICHTBAR_FUZZ_CHECK(bundle->envelopes.size() == bundle->seqs.size());
  SICHTBAR_FUZZ_CHECK(bundle->seqs.size() + bundle->missing_seqs.size() == entries.size());
  std::size_t next = 0;
  for (std::size_t i = 0; i < bundle->seqs.size(); ++i) {
    while (next < entries.size() && entries[next].seq != bundle->seqs[i]) ++next;
    SICHTBAR_FUZZ_CHECK(next < entries.size());
    SICHTBAR_FUZZ_CHECK(bundle->envelopes[i].size() == entries[next].size);
    SICHTBAR_FUZZ_CHECK(sha256(bundle->envelopes[i]) == entries[next].sha256);
  }
  SICHTBAR_FUZZ_CHECK(bundle->trailing_bytes <= file.size());
  // A verified manifest is also what the unverified peek sees.
  const auto peeked = peek_bundle_manifest(file);
  SICHTBAR_FUZZ_CHECK(peeked && *peeked == bundle->manifest);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView file(data, size);
  check(file);

  // Sign bytes [0, 12 + M) again with the fixed device key, if the file is long enough.
  if (size < kBundlePrefixBytes) return 0;
  const std::uint64_t manifest_length = get_be(data + 8, 4);
  const std::uint64_t signed_length = kBundlePrefixBytes + manifest_length;
  if (signed_length + kBundleSignatureBytes > size) return 0;
  Bytes resigned(data, data + size);
  crypto_sign_detached(resigned.data() + signed_length, nullptr, resigned.data(), signed_length,
                       fuzz::fixed_keys().device.sign_secret.data());
  check(resigned);
  return 0;
}
