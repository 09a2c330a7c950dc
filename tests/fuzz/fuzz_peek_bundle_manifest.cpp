// libFuzzer target: peek_bundle_manifest, which the hub runs on an untrusted bundle file before
// it knows which kiosk key to check it with. Whatever it returns must keep the manifest's
// documented limits (entries strictly ascending by seq >= 1, sizes 1..kMaxEnvelopeBytes).
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "protocol/bundle.h"
#include "protocol/envelope.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto manifest = peek_bundle_manifest(ByteView(data, size));
  if (!manifest) {
    SICHTBAR_FUZZ_CHECK(manifest.error().code.starts_with("bundle."));
    return 0;
  }
  SICHTBAR_FUZZ_CHECK(manifest->entries.size() <= kMaxBundleEntries);
  std::uint64_t previous = 0;
  for (const BundleEntry& e : manifest->entries) {
    SICHTBAR_FUZZ_CHECK(e.seq > previous);
    SICHTBAR_FUZZ_CHECK(e.size >= 1 && e.size <= kMaxEnvelopeBytes);
    previous = e.seq;
  }
  return 0;
}
