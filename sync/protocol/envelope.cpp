// Envelope format v1: writing (seal + sign), reading (bounds-checked parse), verifying, opening.
// The layout is specified in sync/PROTOCOL.md; keep the two in step.
#include "protocol/envelope.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace sichtbar {

static_assert(kSealOverheadBytes == crypto_box_SEALBYTES);
static_assert(kEnvelopeSignatureBytes == crypto_sign_BYTES);
static_assert(kMaxEnvelopeHeaderBytes <= 0xFFFF, "header_length is a u16");
static_assert(kMaxRecordPlaintext + kSealOverheadBytes <= 0xFFFFFFFFu, "ciphertext_length is u32");

namespace {

constexpr std::size_t kCiphertextLengthBytes = 4;

bool valid_schema(std::string_view schema) {
  if (schema.empty() || schema.size() > kMaxSchemaBytes) return false;
  return std::all_of(schema.begin(), schema.end(), [](char c) { return c >= 0x21 && c <= 0x7E; });
}

// ---- errors, worded for the volunteer or office worker who sees them ----

std::unexpected<Error> seal_error(std::string code, const std::string& reason) {
  return fail(std::move(code),
              "The record could not be sealed for the office: " + reason +
                  ". The person's answers are still on screen; try Finish again or call the "
                  "office.");
}

std::unexpected<Error> truncated() {
  return fail("envelope.truncated",
              "The record is incomplete: it was cut off on the way. Sync again; the kiosk keeps "
              "the complete record until the office confirms it.");
}

std::unexpected<Error> bad_header(const std::string& what) {
  return fail("envelope.bad_header",
              "The record is damaged (" + what +
                  ") and was not accepted. Sync again; call the office if this repeats.");
}

// ---- parsing without copying, shared by parse/verify/open ----

struct EnvelopeView {
  EnvelopeHeader header;
  ByteView ciphertext;
  ByteView signature;
  std::size_t signed_length = 0;
};

Result<EnvelopeView> parse_view(ByteView bytes) {
  const std::size_t size = bytes.size();
  const std::uint8_t* b = bytes.data();

  // Magic first, so that a short or foreign file is reported as what it is.
  const std::size_t magic_seen = std::min(size, kEnvelopeMagic.size());
  if (magic_seen > 0 && std::memcmp(b, kEnvelopeMagic.data(), magic_seen) != 0)
    return fail("envelope.bad_magic",
                "This is not a Sichtbar record (it does not start with \"SBEV\"). Check that the "
                "right file was chosen.");
  if (size <= 4) return truncated();

  // The version byte is read before any other field: a newer format may lay out everything after
  // it differently, so nothing else may be interpreted.
  if (b[4] != kEnvelopeFormatVersion)
    return fail("envelope.unsupported_version",
                "The record was made by a newer Sichtbar (record format " + std::to_string(b[4]) +
                    "); this program reads format " + std::to_string(kEnvelopeFormatVersion) +
                    ". Update Sichtbar on this computer, then sync again.");
  if (size < kEnvelopePrefixBytes) return truncated();
  if (size > kMaxEnvelopeBytes)
    return fail("envelope.too_large", "The record is larger than Sichtbar allows (" +
                                          std::to_string(size) + " bytes, at most " +
                                          std::to_string(kMaxEnvelopeBytes) +
                                          ") and was not accepted. Call the office.");
  if (b[5] != 0) return bad_header("unknown flags " + std::to_string(b[5]));

  const std::size_t header_length = get_be(b + 6, 2);
  if (header_length <= kEnvelopeHeaderFixedBytes || header_length > kMaxEnvelopeHeaderBytes)
    return bad_header("header length " + std::to_string(header_length) + " is impossible");
  if (size < kEnvelopePrefixBytes + header_length) return truncated();

  EnvelopeView v;
  const std::uint8_t* h = b + kEnvelopePrefixBytes;
  std::copy_n(h, 16, v.header.record_id.begin());
  v.header.record_version = static_cast<std::uint32_t>(get_be(h + 16, 4));
  std::copy_n(h + 20, 16, v.header.device_id.begin());
  v.header.seq = get_be(h + 36, 8);
  v.header.created_at_ms = static_cast<std::int64_t>(get_be(h + 44, 8));
  v.header.hub_key_id = static_cast<std::uint32_t>(get_be(h + 52, 4));
  const std::size_t schema_length = h[56];
  if (kEnvelopeHeaderFixedBytes + schema_length != header_length)
    return bad_header("the form type name does not fit the header length");
  v.header.schema.assign(reinterpret_cast<const char*>(h + kEnvelopeHeaderFixedBytes),
                         schema_length);
  if (!valid_schema(v.header.schema)) return bad_header("the form type name is not valid");

  const std::size_t ct_length_at = kEnvelopePrefixBytes + header_length;
  if (size < ct_length_at + kCiphertextLengthBytes) return truncated();
  const std::size_t ct_length = get_be(b + ct_length_at, kCiphertextLengthBytes);
  if (ct_length < kSealOverheadBytes)
    return bad_header("the sealed part is shorter than any sealed record");
  if (ct_length > kMaxRecordPlaintext + kSealOverheadBytes)
    return fail("envelope.too_large",
                "The record says it holds " + std::to_string(ct_length) +
                    " sealed bytes, more than Sichtbar allows; it was not accepted. Call the "
                    "office.");

  // Bounded above, so this cannot overflow.
  const std::size_t ct_at = ct_length_at + kCiphertextLengthBytes;
  const std::size_t total = ct_at + ct_length + kEnvelopeSignatureBytes;
  if (size < total) return truncated();
  if (size > total)
    return fail("envelope.trailing_bytes",
                "The record has extra data after its end, so it was probably damaged on the way. "
                "Sync again; call the office if this repeats.");

  v.ciphertext = bytes.subspan(ct_at, ct_length);
  v.signed_length = ct_at + ct_length;
  v.signature = bytes.subspan(v.signed_length, kEnvelopeSignatureBytes);
  return v;
}

}  // namespace

Result<Bytes> seal_envelope(const EnvelopeHeader& header, ByteView plaintext,
                            const HubRecipient& hub, const DeviceIdentity& device) {
  if (!valid_schema(header.schema))
    return seal_error("seal.bad_schema", "the form type name \"" + header.schema +
                                             "\" is not valid (1 to 64 letters, digits or signs, "
                                             "no spaces)");
  if (plaintext.size() > kMaxRecordPlaintext)
    return seal_error("seal.too_large", "the answers are too long (" +
                                            std::to_string(plaintext.size()) + " bytes, at most " +
                                            std::to_string(kMaxRecordPlaintext) + ")");
  // A mis-wired kiosk would otherwise make envelopes that the hub rejects much later.
  if (header.hub_key_id != hub.key_id)
    return seal_error("seal.failed",
                      "the hub key number in the record (" + std::to_string(header.hub_key_id) +
                          ") is not the one of the hub key (" + std::to_string(hub.key_id) + ")");
  if (header.device_id != device.device_id)
    return seal_error("seal.failed", "the record names another kiosk than this one");
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> derived_public{};
  crypto_sign_ed25519_sk_to_pk(derived_public.data(), device.sign_secret.data());
  if (derived_public != device.sign_public)
    return seal_error("seal.failed", "this kiosk's signing key is damaged");

  const std::size_t header_length = kEnvelopeHeaderFixedBytes + header.schema.size();
  const std::size_t ct_length = plaintext.size() + kSealOverheadBytes;
  const std::size_t ct_at = kEnvelopePrefixBytes + header_length + kCiphertextLengthBytes;
  const std::size_t signed_length = ct_at + ct_length;
  Bytes out(signed_length + kEnvelopeSignatureBytes);
  std::uint8_t* b = out.data();

  std::copy(kEnvelopeMagic.begin(), kEnvelopeMagic.end(), b);
  b[4] = kEnvelopeFormatVersion;
  b[5] = 0;  // flags
  put_be(b + 6, header_length, 2);
  std::uint8_t* h = b + kEnvelopePrefixBytes;
  std::copy(header.record_id.begin(), header.record_id.end(), h);
  put_be(h + 16, header.record_version, 4);
  std::copy(header.device_id.begin(), header.device_id.end(), h + 20);
  put_be(h + 36, header.seq, 8);
  put_be(h + 44, static_cast<std::uint64_t>(header.created_at_ms), 8);
  put_be(h + 52, header.hub_key_id, 4);
  h[56] = static_cast<std::uint8_t>(header.schema.size());
  std::copy(header.schema.begin(), header.schema.end(), h + kEnvelopeHeaderFixedBytes);
  put_be(b + ct_at - kCiphertextLengthBytes, ct_length, kCiphertextLengthBytes);

  // crypto_box_seal makes and wipes its own ephemeral key pair; the kiosk keeps no secret that
  // could open the record again.
  static const std::uint8_t kNothing = 0;
  const std::uint8_t* message = plaintext.empty() ? &kNothing : plaintext.data();
  if (crypto_box_seal(b + ct_at, message, plaintext.size(), hub.box_public.data()) != 0)
    return seal_error("seal.failed", "the hub key is not usable");
  if (crypto_sign_detached(b + signed_length, nullptr, b, signed_length,
                           device.sign_secret.data()) != 0)
    return seal_error("seal.failed", "signing with this kiosk's key did not work");

  // The writer and the reader must agree; checking costs no cryptography.
  if (auto check = parse_view(out); !check)
    return seal_error("seal.failed",
                      "the sealed record did not read back (" + check.error().code + ")");
  return out;
}

Result<Envelope> parse_envelope(ByteView bytes) {
  auto view = parse_view(bytes);
  if (!view) return std::unexpected(std::move(view.error()));
  Envelope env;
  env.header = std::move(view->header);
  env.ciphertext.assign(view->ciphertext.begin(), view->ciphertext.end());
  std::copy(view->signature.begin(), view->signature.end(), env.signature.begin());
  env.signed_length = view->signed_length;
  return env;
}

Result<void> verify_envelope(ByteView bytes,
                             const std::array<std::uint8_t, 32>& device_sign_public) {
  auto view = parse_view(bytes);
  if (!view) return std::unexpected(std::move(view.error()));
  if (crypto_sign_verify_detached(view->signature.data(), bytes.data(), view->signed_length,
                                  device_sign_public.data()) != 0)
    return fail("envelope.bad_signature",
                "The record's signature does not match the kiosk it names. It was changed on the "
                "way or comes from an unknown kiosk, and was not accepted.");
  return {};
}

Result<Bytes> open_envelope(ByteView bytes, const HubKeys& hub) {
  auto view = parse_view(bytes);
  if (!view) return std::unexpected(std::move(view.error()));
  if (view->header.hub_key_id != hub.key_id)
    return fail("envelope.wrong_hub_key",
                "The record was sealed for hub key " + std::to_string(view->header.hub_key_id) +
                    ", but this hub holds key " + std::to_string(hub.key_id) +
                    ". Unlock the hub with the key file for key " +
                    std::to_string(view->header.hub_key_id) + ".");
  Bytes plaintext(view->ciphertext.size() - kSealOverheadBytes);
  // A zero-length record still needs a valid output pointer.
  std::uint8_t scratch = 0;
  std::uint8_t* out = plaintext.empty() ? &scratch : plaintext.data();
  if (crypto_box_seal_open(out, view->ciphertext.data(), view->ciphertext.size(),
                           hub.box_public.data(), hub.box_secret.data()) != 0) {
    sodium_memzero(plaintext.data(), plaintext.size());
    return fail("envelope.cannot_open",
                "The record could not be opened with this hub's key: it was sealed for another "
                "hub or damaged on the way, and was not accepted.");
  }
  return plaintext;
}

}  // namespace sichtbar
