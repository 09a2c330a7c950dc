// libFuzzer target: parse_usb_enroll_request and its code check, what `sichtbar-hub import`
// reads from a USB stick before it knows any kiosk (seeds in corpus/usb_enroll_request/, made
// with the code below). What parses must be written back to the same request, and the MAC check
// must hold exactly for a request made with the code.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "protocol/enrollment.h"

using namespace sichtbar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto usb = parse_usb_enroll_request(fuzz::as_text(data, size));
  if (!usb) {
    SICHTBAR_FUZZ_CHECK(usb.error().code == "enroll.bad_request");
    return 0;
  }
  const EnrollRequest& r = usb->request;
  SICHTBAR_FUZZ_CHECK(r.code.empty() && !r.name.empty() && r.name.size() <= 100);
  const std::string code = "K7QX3MPD9TRW2HFA";
  const bool made_with = usb_enroll_request_made_with(*usb, sha256(as_bytes(code)));
  EnrollRequest with_code = r;
  with_code.code = code;
  const auto again = parse_usb_enroll_request(write_usb_enroll_request(with_code));
  SICHTBAR_FUZZ_CHECK(again);
  SICHTBAR_FUZZ_CHECK(again->request.device_id == r.device_id &&
                      again->request.sign_public == r.sign_public && again->request.name == r.name);
  SICHTBAR_FUZZ_CHECK(usb_enroll_request_made_with(*again, sha256(as_bytes(code))));
  SICHTBAR_FUZZ_CHECK(made_with == (again->code_mac == usb->code_mac));
  return 0;
}
