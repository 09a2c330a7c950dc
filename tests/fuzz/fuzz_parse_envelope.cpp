// libFuzzer target: parse_envelope on any bytes, then verify_envelope and open_envelope with the
// fixed keys the seeds were made with (tests/fuzz/corpus/envelope/), so valid envelopes reach
// the signature check and the decryption, and mutated ones exercise every refusal.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "protocol/envelope.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& keys = fuzz::fixed_keys();
  const ByteView bytes(data, size);
  const auto envelope = parse_envelope(bytes);
  const auto verified = verify_envelope(bytes, keys.device.sign_public);
  const auto opened = open_envelope(bytes, keys.hub);
  if (!envelope) {
    // Verify and open parse first: what does not parse can neither verify nor open.
    SICHTBAR_FUZZ_CHECK(!verified && !opened);
    return 0;
  }
  // PROTOCOL.md: total length is exactly 133 + S + C, the signature covers all but the last 64.
  SICHTBAR_FUZZ_CHECK(envelope->signed_length + kEnvelopeSignatureBytes == size);
  SICHTBAR_FUZZ_CHECK(size == 133 + envelope->header.schema.size() + envelope->ciphertext.size());
  SICHTBAR_FUZZ_CHECK(size <= kMaxEnvelopeBytes);
  SICHTBAR_FUZZ_CHECK(!envelope->header.schema.empty() &&
                      envelope->header.schema.size() <= kMaxSchemaBytes);
  SICHTBAR_FUZZ_CHECK(envelope->ciphertext.size() >= kSealOverheadBytes);
  if (opened)
    SICHTBAR_FUZZ_CHECK(opened->size() + kSealOverheadBytes == envelope->ciphertext.size());
  return 0;
}
