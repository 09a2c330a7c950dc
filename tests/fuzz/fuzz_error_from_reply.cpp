// libFuzzer target: error_from_reply, the kiosk's reader of a refusal from the hub, or from
// whatever answered in its place (a proxy, a captive portal): {"error":{"code","message"}} or
// anything else. It must always give an Error with a code and a message, never throw.
#include <cstddef>
#include <cstdint>

#include "sync/transport.h"
#include "fuzz_support.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the status (400..655), the rest is the body.
  const HttpReply reply{400 + data[0], std::string(fuzz::as_text(data + 1, size - 1))};
  const Error error = error_from_reply(reply);
  SICHTBAR_FUZZ_CHECK(!error.code.empty() && !error.message.empty());
  return 0;
}
