// libFuzzer target: parse_hello_reply (hub -> kiosk) on any text. What parses must keep the
// documented shape of `missing` (ascending, disjoint, above hub_high_water, at most 1,000) and
// `max_batch`, and write back to the same message.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "protocol/wire.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto reply = parse_hello_reply(fuzz::as_text(data, size));
  if (!reply) {
    SICHTBAR_FUZZ_CHECK(reply.error().code.starts_with("hello_reply."));
    return 0;
  }
  SICHTBAR_FUZZ_CHECK(reply->missing.size() <= kMaxMissingRanges);
  SICHTBAR_FUZZ_CHECK(reply->max_batch >= 1 && reply->max_batch <= kMaxBatchItems);
  std::uint64_t floor = reply->hub_high_water;  // every range lies strictly above this
  for (const SeqRange& r : reply->missing) {
    SICHTBAR_FUZZ_CHECK(r.first > floor && r.first <= r.last);
    floor = r.last;
  }
  const auto again = parse_hello_reply(to_json_text(*reply));
  SICHTBAR_FUZZ_CHECK(again && *again == *reply);
  return 0;
}
