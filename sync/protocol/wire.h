// The sync messages between a kiosk and the office hub over HTTP (HELLO, PUSH, ACK) and the
// signature on every kiosk request. Bodies are canonical JSON; envelopes travel inside as
// base64url and stay opaque here. Specified in sync/PROTOCOL.md, "Sync messages".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/bytes.h"
#include "base/error.h"
#include "protocol/keys.h"

namespace sichtbar {

inline constexpr std::size_t kMaxBatchItems = 500;
inline constexpr std::size_t kMaxMessageBytes = 32 * 1024 * 1024;
// A kiosk fills a PUSH with at most kMaxBatchItems envelopes and at most this many envelope
// bytes in all; base64url and the JSON around them then always stay below kMaxMessageBytes.
inline constexpr std::size_t kMaxBatchEnvelopeBytes = 20 * 1024 * 1024;
inline constexpr std::size_t kMaxMissingRanges = 1000;
// An ACK answers a PUSH (<= kMaxBatchItems) or a USB bundle (<= kMaxBundleEntries in bundle.h).
inline constexpr std::size_t kMaxAckItems = 100'000;
// sign_ack shortens longer reasons, so that an ACK of kMaxAckItems items fits kMaxMessageBytes.
inline constexpr std::size_t kMaxReasonBytes = 120;

struct SeqRange {
  std::uint64_t first = 0, last = 0;  // inclusive
  bool operator==(const SeqRange&) const = default;
};

// Kiosk -> hub: "this is what I have sealed and what I know you have".
struct Hello {
  std::array<std::uint8_t, 16> device_id{};
  std::uint32_t hub_key_id = 0;
  std::uint64_t last_acked_seq = 0;   // 0: nothing acknowledged yet
  std::uint64_t last_sealed_seq = 0;  // 0: nothing sealed yet; never below last_acked_seq
  bool operator==(const Hello&) const = default;
};

// Hub -> kiosk: the hub's own checkpoint for that device, so a hub restored from an older backup
// asks again for what it lost.
struct HelloReply {
  std::uint64_t hub_high_water = 0;  // every seq <= this is stored at the hub
  // Seqs <= last_sealed_seq the hub lacks: ascending, disjoint, all above hub_high_water, at
  // most kMaxMissingRanges (the lowest ones; the kiosk asks again after pushing those).
  std::vector<SeqRange> missing;
  std::uint32_t max_batch = kMaxBatchItems;  // 1..kMaxBatchItems
  std::int64_t hub_time_ms = 0;              // informational: lets the kiosk show clock skew
  // Set when the kiosk said it seals to an older key id than the hub's current one: the hub's
  // new record key, signed (keys.h signed_hub_key). The kiosk checks it before it trusts it.
  std::optional<nlohmann::json> hub_key;
  // The settings of the office the kiosk belongs to, signed (office_settings.h
  // signed_office_settings): what its consent screens name as the controller. Always sent by a
  // hub that has offices; the kiosk checks the signature before it keeps them.
  std::optional<nlohmann::json> office;
  bool operator==(const HelloReply&) const = default;
};

struct PushItem {
  std::uint64_t seq = 0;  // >= 1; the hub checks it against the envelope's own header
  Bytes envelope;         // the outbox bytes, unchanged
  bool operator==(const PushItem&) const = default;
};

// Kiosk -> hub: a batch of envelopes. Seqs are unique within a batch.
struct Push {
  std::array<std::uint8_t, 16> device_id{};
  std::vector<PushItem> items;
  bool operator==(const Push&) const = default;
};

// wire: "stored", "duplicate", "conflict" (409: same record_id with other bytes, quarantined,
// both kept), "gone" (410: the person was erased, the tombstone keeps it out), "rejected" (not
// accepted: the reason says why; the kiosk keeps the envelope).
enum class ItemStatus { Stored, Duplicate, Conflict, Gone, Rejected };
std::string_view to_string(ItemStatus status);

struct AckItem {
  std::uint64_t seq = 0;
  std::array<std::uint8_t, 16> record_id{};  // all zero when the envelope did not parse
  std::array<std::uint8_t, 32> sha256{};     // of the envelope bytes the hub received
  ItemStatus status{};
  std::string reason;  // empty unless rejected; at most kMaxReasonBytes after sign_ack
  bool operator==(const AckItem&) const = default;
};

// Hub -> kiosk, signed, sent only after the hub's COMMIT. Also the content of a USB receipt file.
struct Ack {
  std::array<std::uint8_t, 16> device_id{};
  std::uint32_t hub_key_id = 0;  // the hub key that signed it
  // Lowercase hex SHA-256 of the PUSH request body, or of the bundle manifest, it answers.
  std::string batch_id;
  std::vector<AckItem> items;  // unique seqs, at most kMaxAckItems
  std::uint64_t hub_high_water = 0;
  std::int64_t signed_at_ms = 0;
  // A receipt for a bundle sealed to an older hub key carries the current key, signed (keys.h
  // signed_hub_key): how a kiosk that syncs only by USB learns of a rotation.
  std::optional<nlohmann::json> hub_key;
  // A receipt carries the kiosk's office settings too, signed as in HelloReply: how a kiosk that
  // syncs only by USB learns of them.
  std::optional<nlohmann::json> office;
  bool operator==(const Ack&) const = default;
};

// Canonical JSON (PROTOCOL.md): the same message always gives the same bytes, so a retried PUSH
// is byte-identical and has the same batch_id.
std::string to_json_text(const Hello& hello);
Result<Hello> parse_hello(std::string_view text);
std::string to_json_text(const HelloReply& reply);
Result<HelloReply> parse_hello_reply(std::string_view text);
std::string to_json_text(const Push& push);
// Envelopes stay opaque bytes here (each at most kMaxEnvelopeBytes); the hub parses and verifies
// each one itself.
Result<Push> parse_push(std::string_view text);

// {"ack":{...},"signature":"<b64url>"}: Ed25519 by the hub's signing key over the canonical JSON
// of the ack object. The caller gives a batch_id of 64 lowercase hex digits, at most
// kMaxAckItems items and unique seqs; otherwise verify_ack refuses the result. Reasons are made
// valid UTF-8 without control characters, quotes or backslashes and cut to kMaxReasonBytes before
// signing (so verify_ack returns them that way).
std::string sign_ack(const Ack& ack, const HubKeys& hub);
// Checks size, structure and the signature before it reads any field, then that the ACK names
// expected_device_id ("ack.wrong_device"). The caller checks batch_id and hub_key_id if it cares.
Result<Ack> verify_ack(std::string_view signed_text,
                       const std::array<std::uint8_t, 32>& hub_sign_public,
                       const std::array<std::uint8_t, 16>& expected_device_id);

// Stored, duplicate, conflict, gone: the hub has it (or will never take it), so the kiosk may
// mark it acknowledged and purge it. Rejected: the kiosk keeps it and shows the reason.
bool counts_as_received(ItemStatus status);

// Request authentication. The kiosk signs every request with its Ed25519 device key and sends
// the headers X-Sichtbar-Device (32 lowercase hex digits), X-Sichtbar-Time (decimal ms since
// 1970, kiosk clock) and X-Sichtbar-Signature (base64url, 64 bytes).
inline constexpr std::string_view kDeviceHeader = "X-Sichtbar-Device";
inline constexpr std::string_view kTimeHeader = "X-Sichtbar-Time";
inline constexpr std::string_view kSignatureHeader = "X-Sichtbar-Signature";

struct RequestSignature {
  std::string device_hex;
  std::string time_ms;
  std::string signature_b64;
};

// path is the URL path as the hub's HTTP server reports it, e.g. "/api/v1/push" (Sichtbar's
// paths have no query string and nothing percent-encoded, so both sides see the same text).
RequestSignature sign_request(std::string_view method, std::string_view path, std::string_view body,
                              const DeviceIdentity& device, std::int64_t now_ms);
// The signature only ("request.bad_header", "request.bad_signature"). Freshness is the hub's
// policy, not checked here: kiosk clocks can be off by days.
Result<void> verify_request(std::string_view method, std::string_view path, std::string_view body,
                            const RequestSignature& signature,
                            const std::array<std::uint8_t, 32>& device_sign_public);
// The device id and time of a request in numbers, for the hub's key lookup and freshness policy
// ("request.bad_header" if a header is malformed). Does not check the signature.
Result<std::array<std::uint8_t, 16>> request_device_id(const RequestSignature& signature);
Result<std::int64_t> request_time_ms(const RequestSignature& signature);

// ---- Reading untrusted JSON, shared by the wire messages and the bundle manifest ----
namespace wire_detail {

// Who sent a document, for error codes ("<code_prefix>.missing_field") and messages
// ("<what> is not valid: field items[3].seq is missing. <advice>").
struct Source {
  std::string_view code_prefix;
  std::string_view what;
  std::string_view advice;
};

std::unexpected<Error> invalid(const Source& source, std::string_view kind,
                               const std::string& detail);

// Refuses text over max_bytes, nested deeper than 8 or with more than max_values values before
// the JSON library sees it, so memory and stack stay bounded on any input.
Result<nlohmann::json> parse_bounded(std::string_view text, std::size_t max_bytes,
                                     std::size_t max_values, const Source& source);

// Typed access to one JSON object's fields, with errors naming the field's path.
class Fields {
 public:
  Fields(const nlohmann::json& value, const Source& source, std::string path);
  Result<void> is_object() const;
  // "format" must equal format; "sichtbar-x-2" where "sichtbar-x-1" is expected is reported as
  // "<prefix>.unsupported_version", anything else as "<prefix>.wrong_format".
  Result<void> format(std::string_view format) const;
  Result<std::uint64_t> u64(const char* name, std::uint64_t min = 0,
                            std::uint64_t max = UINT64_MAX) const;
  Result<std::int64_t> i64(const char* name) const;
  Result<const std::string*> string(const char* name) const;
  // Exactly out.size() bytes as 2 * out.size() lowercase hex digits.
  Result<void> hex(const char* name, std::span<std::uint8_t> out) const;
  Result<Bytes> base64url(const char* name, std::size_t max_bytes) const;
  Result<const nlohmann::json*> array(const char* name, std::size_t max_items) const;
  std::string path_of(const char* name) const;
  const Source& source() const { return source_; }

 private:
  Result<const nlohmann::json*> find(const char* name) const;
  const nlohmann::json& value_;
  const Source& source_;
  std::string path_;
};

// Lowercase hex of exactly out.size() bytes; false for anything else.
bool lower_hex_to(std::string_view text, std::span<std::uint8_t> out);

// A failed field read's error, passed on from a parser of another result type.
template <class T>
std::unexpected<Error> pass(const Result<T>& r) {
  return std::unexpected(r.error());
}

}  // namespace wire_detail
}  // namespace sichtbar
