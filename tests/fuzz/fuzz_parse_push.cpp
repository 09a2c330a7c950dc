// libFuzzer target: parse_push (kiosk -> hub) on any text. What parses must respect the batch
// limits (items, unique seqs >= 1, envelope size) and write back byte-identically, because the
// batch_id of a retry is the SHA-256 of the body.
#include <cstddef>
#include <cstdint>
#include <set>

#include "fuzz_support.h"
#include "protocol/envelope.h"
#include "protocol/wire.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto push = parse_push(fuzz::as_text(data, size));
  if (!push) {
    SICHTBAR_FUZZ_CHECK(push.error().code.starts_with("push."));
    return 0;
  }
  SICHTBAR_FUZZ_CHECK(push->items.size() <= kMaxBatchItems);
  std::set<std::uint64_t> seqs;
  for (const PushItem& item : push->items) {
    SICHTBAR_FUZZ_CHECK(item.seq >= 1);
    SICHTBAR_FUZZ_CHECK(seqs.insert(item.seq).second);
    SICHTBAR_FUZZ_CHECK(item.envelope.size() <= kMaxEnvelopeBytes);
  }
  const std::string text = to_json_text(*push);
  const auto again = parse_push(text);
  SICHTBAR_FUZZ_CHECK(again && *again == *push);
  SICHTBAR_FUZZ_CHECK(to_json_text(*again) == text);
  return 0;
}
