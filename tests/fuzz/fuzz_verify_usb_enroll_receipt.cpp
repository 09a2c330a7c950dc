// libFuzzer target: verify_usb_enroll_receipt, the kiosk's reader of the office's enrollment
// receipt from a USB stick (seeds in corpus/usb_enroll_receipt/, signed with the fixed hub key
// for the fixed device, answering the request MAC below). Whatever it accepts names this kiosk
// and the hub's signing key it was given.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "protocol/enrollment.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& keys = fuzz::fixed_keys();
  std::array<std::uint8_t, 32> request_mac{};
  request_mac.fill(0x5a);
  const auto config = verify_usb_enroll_receipt(fuzz::as_text(data, size), keys.hub.recipient(),
                                                keys.device.device_id, request_mac);
  if (!config) {
    SICHTBAR_FUZZ_CHECK(config.error().code == "enroll.bad_receipt");
    return 0;
  }
  SICHTBAR_FUZZ_CHECK(config->device_id == keys.device.device_id);
  SICHTBAR_FUZZ_CHECK(config->hub.sign_public == keys.hub.sign_public);
  return 0;
}
