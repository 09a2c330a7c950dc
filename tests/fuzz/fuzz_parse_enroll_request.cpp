// libFuzzer target: parse_enroll_request, the first thing the hub reads from an unknown
// machine (no signature yet: anyone on the network can send it). What parses must write back
// to the same request.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "protocol/enrollment.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto request = parse_enroll_request(fuzz::as_text(data, size));
  if (!request) {
    SICHTBAR_FUZZ_CHECK(request.error().code.starts_with("enroll."));
    return 0;
  }
  SICHTBAR_FUZZ_CHECK(!request->name.empty() && request->name.size() <= 100);
  const auto again = parse_enroll_request(to_json_text(*request));
  SICHTBAR_FUZZ_CHECK(again);
  SICHTBAR_FUZZ_CHECK(again->code == request->code && again->device_id == request->device_id &&
                      again->sign_public == request->sign_public && again->name == request->name);
  return 0;
}
