// The sealed, signed record envelope (format v1, specified in sync/PROTOCOL.md): made once on the
// kiosk at finish, stored in the outbox, sent byte-identical on every retry, opened on the hub.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/error.h"
#include "protocol/keys.h"

namespace sichtbar {

struct EnvelopeHeader {
  std::array<std::uint8_t, 16> record_id{};
  std::uint32_t record_version = 0;
  std::array<std::uint8_t, 16> device_id{};
  std::uint64_t seq = 0;
  std::int64_t created_at_ms = 0;  // Unix time in milliseconds, kiosk clock (informational only)
  std::uint32_t hub_key_id = 0;
  std::string schema;  // e.g. "skills-profile@1": 1..64 bytes of visible ASCII (0x21..0x7E)

  bool operator==(const EnvelopeHeader&) const = default;
};

inline constexpr std::array<std::uint8_t, 4> kEnvelopeMagic = {'S', 'B', 'E', 'V'};
inline constexpr std::uint8_t kEnvelopeFormatVersion = 1;

// magic, format_version, flags, header_length
inline constexpr std::size_t kEnvelopePrefixBytes = 8;
// record_id, record_version, device_id, seq, created_at_ms, hub_key_id, schema length byte
inline constexpr std::size_t kEnvelopeHeaderFixedBytes = 16 + 4 + 16 + 8 + 8 + 4 + 1;
inline constexpr std::size_t kMaxSchemaBytes = 64;
inline constexpr std::size_t kMaxEnvelopeHeaderBytes = kEnvelopeHeaderFixedBytes + kMaxSchemaBytes;
inline constexpr std::size_t kSealOverheadBytes = 48;  // crypto_box_SEALBYTES (checked in .cpp)
inline constexpr std::size_t kEnvelopeSignatureBytes = 64;

inline constexpr std::size_t kMaxRecordPlaintext = 192 * 1024;
inline constexpr std::size_t kMaxEnvelopeBytes = kEnvelopePrefixBytes + kMaxEnvelopeHeaderBytes +
                                                 4 /* ciphertext_length */ + kMaxRecordPlaintext +
                                                 kSealOverheadBytes + kEnvelopeSignatureBytes;

// Seals plaintext (the record's canonical JSON) to the hub and signs the result with the device
// key. header.hub_key_id must equal hub.key_id and header.device_id must equal device.device_id.
// Either returns a complete envelope or an error ("seal.*"); never a partial one.
Result<Bytes> seal_envelope(const EnvelopeHeader& header, ByteView plaintext,
                            const HubRecipient& hub, const DeviceIdentity& device);

struct Envelope {
  EnvelopeHeader header;
  Bytes ciphertext;
  std::array<std::uint8_t, 64> signature{};
  std::size_t signed_length = 0;  // bytes [0, signed_length) are covered by the signature
};

// Structure and limits only, no cryptography. Safe on any input: never reads out of bounds.
Result<Envelope> parse_envelope(ByteView bytes);

// Parses, then checks the device's Ed25519 signature over everything before the signature.
Result<void> verify_envelope(ByteView bytes,
                             const std::array<std::uint8_t, 32>& device_sign_public);

// Parses, checks that the envelope was sealed to hub.key_id and decrypts it. Does not verify the
// signature: call verify_envelope first (the hub needs the device's key for that).
Result<Bytes> open_envelope(ByteView bytes, const HubKeys& hub);

}  // namespace sichtbar
