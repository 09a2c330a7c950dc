// libFuzzer target: parse_hub_public, the reader of hub-public.json that a kiosk is given by
// hand. What parses must write back (hub_public_json) to the same keys.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "protocol/keys.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto hub = parse_hub_public(fuzz::as_text(data, size));
  if (!hub) {
    SICHTBAR_FUZZ_CHECK(hub.error().code == "hub_public.invalid");
    return 0;
  }
  const auto again = parse_hub_public(hub_public_json(*hub).dump());
  SICHTBAR_FUZZ_CHECK(again && *again == *hub);
  return 0;
}
