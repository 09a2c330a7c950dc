// libFuzzer target: verify_ack, the reader of the hub's signed ACK and of USB receipts (seeds in
// corpus/ack/ and corpus/receipt/, signed with the fixed hub key). Each input is read twice:
// as it is (size, JSON and signature checks), and with its "ack" object signed again with the
// fixed hub key, so that mutated fields get past the signature and reach every field check.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <set>

#include "fuzz_support.h"
#include "protocol/wire.h"

using namespace sichtbar;

namespace {

void check_accepted(const Ack& ack) {
  const auto& keys = fuzz::fixed_keys();
  SICHTBAR_FUZZ_CHECK(ack.device_id == keys.device.device_id);
  SICHTBAR_FUZZ_CHECK(ack.items.size() <= kMaxAckItems);
  std::set<std::uint64_t> seqs;
  for (const AckItem& item : ack.items) {
    SICHTBAR_FUZZ_CHECK(seqs.insert(item.seq).second);
    SICHTBAR_FUZZ_CHECK(item.reason.size() <= kMaxReasonBytes);
  }
  // What the kiosk accepted, signed again by the hub, is read back as the very same ACK.
  const auto again =
      verify_ack(sign_ack(ack, keys.hub), keys.hub.sign_public, keys.device.device_id);
  SICHTBAR_FUZZ_CHECK(again && *again == ack);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& keys = fuzz::fixed_keys();
  const std::string_view text = fuzz::as_text(data, size);
  if (auto ack = verify_ack(text, keys.hub.sign_public, keys.device.device_id); ack)
    check_accepted(*ack);

  // Sign the mutated "ack" object again. parse_bounded keeps the JSON shallow, so dump() below
  // cannot recurse deeply.
  static const wire_detail::Source source{"fuzz", "fuzz input", ""};
  auto doc = wire_detail::parse_bounded(text, kMaxMessageBytes, 1'000'000, source);
  if (!doc || !doc->is_object()) return 0;
  const auto object = doc->find("ack");
  if (object == doc->end() || !object->is_object()) return 0;
  const std::string canonical = object->dump();
  std::array<std::uint8_t, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                       keys.hub.sign_secret.data());
  (*doc)["signature"] = to_base64url(signature);
  if (auto ack = verify_ack(doc->dump(), keys.hub.sign_public, keys.device.device_id); ack)
    check_accepted(*ack);
  return 0;
}
