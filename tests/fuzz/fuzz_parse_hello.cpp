// libFuzzer target: parse_hello (kiosk -> hub) on any text. What parses must write back to the
// same message (canonical JSON round trip) and keep last_acked_seq <= last_sealed_seq.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "protocol/wire.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto hello = parse_hello(fuzz::as_text(data, size));
  if (!hello) {
    SICHTBAR_FUZZ_CHECK(hello.error().code.starts_with("hello."));
    return 0;
  }
  SICHTBAR_FUZZ_CHECK(hello->last_acked_seq <= hello->last_sealed_seq);
  const auto again = parse_hello(to_json_text(*hello));
  SICHTBAR_FUZZ_CHECK(again && *again == *hello);
  return 0;
}
