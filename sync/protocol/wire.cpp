// HELLO, PUSH and ACK as canonical JSON, the hub's ACK signature and the kiosk's request
// signature. Every parser here is total: bounded before the JSON library sees the input, and
// every field checked for presence, type, range and encoding before it is used.
#include "protocol/wire.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

#include "base/text.h"
#include "protocol/envelope.h"

namespace sichtbar {

using nlohmann::json;

namespace wire_detail {

std::unexpected<Error> invalid(const Source& source, std::string_view kind,
                               const std::string& detail) {
  return fail(
      std::string(source.code_prefix) + "." + std::string(kind),
      std::string(source.what) + " is not valid: " + detail + ". " + std::string(source.advice));
}

namespace {

constexpr std::size_t kMaxDepth = 8;

// A JSON tokenizer just good enough to count nesting and values: strings are skipped exactly as
// JSON defines them, so on the valid prefix of any text it agrees with the real parser, which
// stops at the first error anyway.
bool within_shape(std::string_view text, std::size_t max_values) {
  std::size_t depth = 0, values = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > kMaxDepth) return false;
        ++values;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      case ',':
        ++values;
        break;
      default:
        break;
    }
    if (values > max_values) return false;
  }
  return true;
}

}  // namespace

Result<json> parse_bounded(std::string_view text, std::size_t max_bytes, std::size_t max_values,
                           const Source& source) {
  if (text.size() > max_bytes)
    return fail(std::string(source.code_prefix) + ".too_large",
                std::string(source.what) + " is larger than Sichtbar allows (" +
                    std::to_string(text.size()) + " bytes, at most " + std::to_string(max_bytes) +
                    "). " + std::string(source.advice));
  if (!within_shape(text, max_values))
    return invalid(source, "not_json", "it is nested too deeply or has too many values");
  // No exceptions for bad input: damaged data is an expected event, not a programming error.
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) return invalid(source, "not_json", "it is not readable JSON");
  return doc;
}

bool lower_hex_to(std::string_view text, std::span<std::uint8_t> out) {
  if (text.size() != out.size() * 2) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // uppercase too: each value has exactly one text form
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

Fields::Fields(const json& value, const Source& source, std::string path)
    : value_(value), source_(source), path_(std::move(path)) {}

std::string Fields::path_of(const char* name) const {
  return "field " + (path_.empty() ? std::string(name) : path_ + "." + name);
}

Result<void> Fields::is_object() const {
  if (value_.is_object()) return {};
  return invalid(source_, "wrong_type",
                 path_.empty() ? std::string("it is not a JSON object")
                               : "field " + path_ + " is not a JSON object");
}

Result<const json*> Fields::find(const char* name) const {
  const auto it = value_.find(name);
  if (it == value_.end()) return invalid(source_, "missing_field", path_of(name) + " is missing");
  return &*it;
}

Result<void> Fields::format(std::string_view expected) const {
  auto v = find("format");
  if (!v) return std::unexpected(v.error());
  if (!(*v)->is_string()) return invalid(source_, "wrong_type", path_of("format") + " is not text");
  const std::string& got = (*v)->get_ref<const std::string&>();
  if (got == expected) return {};
  // "sichtbar-push-2" where "sichtbar-push-1" is expected: a newer Sichtbar wrote it.
  const std::string_view stem = expected.substr(0, expected.rfind('-') + 1);
  if (got.size() > stem.size() && got.size() <= stem.size() + 9 && got.starts_with(stem) &&
      std::all_of(got.begin() + static_cast<std::ptrdiff_t>(stem.size()), got.end(),
                  [](char c) { return c >= '0' && c <= '9'; }))
    return fail(std::string(source_.code_prefix) + ".unsupported_version",
                std::string(source_.what) + " was made by another version of Sichtbar (\"" + got +
                    "\"; this program reads \"" + std::string(expected) +
                    "\"). Update Sichtbar on the kiosk and at the office to the same version.");
  return invalid(source_, "wrong_format",
                 path_of("format") + " is not \"" + std::string(expected) +
                     "\", so this is some other kind of data");
}

Result<std::uint64_t> Fields::u64(const char* name, std::uint64_t min, std::uint64_t max) const {
  auto v = find(name);
  if (!v) return std::unexpected(v.error());
  const json& j = **v;
  std::uint64_t value = 0;
  if (j.is_number_unsigned()) {
    value = j.get<std::uint64_t>();
  } else if (j.is_number_integer()) {
    const std::int64_t s = j.get<std::int64_t>();
    if (s < 0) return invalid(source_, "out_of_range", path_of(name) + " is negative");
    value = static_cast<std::uint64_t>(s);  // "-0"
  } else if (j.is_number_float()) {
    return invalid(source_, "wrong_type",
                   path_of(name) + " is not a whole number (or is far too large)");
  } else {
    return invalid(source_, "wrong_type", path_of(name) + " is not a number");
  }
  if (value < min || value > max)
    return invalid(source_, "out_of_range",
                   path_of(name) + " is " + std::to_string(value) + ", but must be from " +
                       std::to_string(min) + " to " + std::to_string(max));
  return value;
}

Result<std::int64_t> Fields::i64(const char* name) const {
  auto v = find(name);
  if (!v) return std::unexpected(v.error());
  const json& j = **v;
  if (j.is_number_integer() && !j.is_number_unsigned()) return j.get<std::int64_t>();
  if (j.is_number_unsigned()) {
    const std::uint64_t u = j.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return invalid(source_, "out_of_range", path_of(name) + " is too large");
    return static_cast<std::int64_t>(u);
  }
  if (j.is_number_float())
    return invalid(source_, "wrong_type",
                   path_of(name) + " is not a whole number (or is far too large)");
  return invalid(source_, "wrong_type", path_of(name) + " is not a number");
}

Result<const std::string*> Fields::string(const char* name) const {
  auto v = find(name);
  if (!v) return std::unexpected(v.error());
  if (!(*v)->is_string()) return invalid(source_, "wrong_type", path_of(name) + " is not text");
  return &(*v)->get_ref<const std::string&>();
}

Result<void> Fields::hex(const char* name, std::span<std::uint8_t> out) const {
  auto s = string(name);
  if (!s) return std::unexpected(s.error());
  if (!lower_hex_to(**s, out))
    return invalid(
        source_, "bad_encoding",
        path_of(name) + " is not " + std::to_string(out.size() * 2) + " lowercase hex digits");
  return {};
}

Result<Bytes> Fields::base64url(const char* name, std::size_t max_bytes) const {
  auto s = string(name);
  if (!s) return std::unexpected(s.error());
  // Checked on the text first, so nothing larger than max_bytes is ever decoded.
  if ((*s)->size() > (max_bytes * 4 + 2) / 3)
    return invalid(source_, "value_too_large",
                   path_of(name) + " holds more than " + std::to_string(max_bytes) + " bytes");
  auto bytes = from_base64url(**s);
  if (!bytes) return invalid(source_, "bad_encoding", path_of(name) + " is not base64url");
  return std::move(*bytes);
}

Result<const json*> Fields::array(const char* name, std::size_t max_items) const {
  auto v = find(name);
  if (!v) return std::unexpected(v.error());
  if (!(*v)->is_array()) return invalid(source_, "wrong_type", path_of(name) + " is not a list");
  if ((*v)->size() > max_items)
    return invalid(source_, "too_many_items",
                   path_of(name) + " has " + std::to_string((*v)->size()) + " entries, at most " +
                       std::to_string(max_items) + " are allowed");
  return *v;
}

}  // namespace wire_detail

using wire_detail::Fields;
using wire_detail::invalid;
using wire_detail::pass;
using wire_detail::Source;

namespace {

constexpr std::string_view kHelloFormat = "sichtbar-hello-1";
constexpr std::string_view kHelloReplyFormat = "sichtbar-hello-reply-1";
constexpr std::string_view kPushFormat = "sichtbar-push-1";
constexpr std::string_view kAckFormat = "sichtbar-ack-1";
constexpr std::uint64_t kU32Max = std::numeric_limits<std::uint32_t>::max();

constexpr Source kHelloSource{"hello", "The kiosk's greeting to the office (HELLO)",
                              "Sync again; if this repeats, update Sichtbar on the kiosk or "
                              "call the office."};
constexpr Source kHelloReplySource{"hello_reply", "The office's answer to the kiosk's greeting",
                                   "The kiosk keeps all its records. Sync again; if this "
                                   "repeats, call the office."};
constexpr Source kPushSource{"push", "The batch of records sent by the kiosk (PUSH)",
                             "The kiosk keeps all its records. Sync again; if this repeats, "
                             "update Sichtbar on the kiosk or call the office."};
constexpr Source kAckSource{"ack", "The office's confirmation (ACK or receipt)",
                            "The kiosk keeps all its records. Sync again or import the "
                            "receipt again; if this repeats, call the office."};

// Upper bounds on the JSON values in each message: generous for every valid message (and for
// unknown extra fields), small enough that no input can make the parser allocate much more than
// the text itself.
constexpr std::size_t kSmallMessageValues = 4 * kMaxMissingRanges + 64;
constexpr std::size_t kPushValues = 8 * kMaxBatchItems + 64;
constexpr std::size_t kAckValues = 8 * kMaxAckItems + 64;

// Runs a parser body; a library exception (which the checks above should make impossible) is
// reported like unreadable input instead of ending the program.
template <class F>
auto guarded(const Source& source, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const json::exception&) {
    return invalid(source, "not_json", "it could not be read");
  }
}

std::optional<ItemStatus> status_from(std::string_view s) {
  if (s == "stored") return ItemStatus::Stored;
  if (s == "duplicate") return ItemStatus::Duplicate;
  if (s == "conflict") return ItemStatus::Conflict;
  if (s == "gone") return ItemStatus::Gone;
  if (s == "rejected") return ItemStatus::Rejected;
  return std::nullopt;
}

// Reasons are written by hub code and may quote file names or library messages. Made valid
// UTF-8 (so the JSON writer cannot fail), without characters that JSON escapes (so a reason
// never takes more than its own length) and cut at a character boundary.
std::string clean_reason(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size();) {
    char32_t cp = 0;
    std::size_t n = decode_utf8(in, i, cp);
    std::string_view piece = in.substr(i, n);
    if (n == 0) {
      n = 1;
      piece = "?";
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
      piece = " ";
    } else if (cp == '"') {
      piece = "'";
    } else if (cp == '\\') {
      piece = "/";
    }
    if (out.size() + piece.size() > kMaxReasonBytes) break;
    out += piece;
    i += n;
  }
  return out;
}

json hex_json(ByteView bytes) { return to_hex(bytes); }

json ack_object(const Ack& ack) {
  json items = json::array();
  for (const AckItem& item : ack.items)
    items.push_back(json{{"seq", item.seq},
                         {"record_id", hex_json(item.record_id)},
                         {"sha256", hex_json(item.sha256)},
                         {"status", std::string(to_string(item.status))},
                         {"reason", clean_reason(item.reason)}});
  json object{{"format", kAckFormat},
              {"device_id", hex_json(ack.device_id)},
              {"hub_key_id", ack.hub_key_id},
              {"batch_id", ack.batch_id},
              {"items", std::move(items)},
              {"hub_high_water", ack.hub_high_water},
              {"signed_at_ms", ack.signed_at_ms}};
  if (ack.hub_key) object["hub_key"] = *ack.hub_key;
  if (ack.office) object["office"] = *ack.office;
  return object;
}

Result<Ack> read_ack(const json& object) {
  const Fields f(object, kAckSource, "ack");
  if (auto r = f.is_object(); !r) return pass(r);
  if (auto r = f.format(kAckFormat); !r) return pass(r);
  Ack ack;
  if (auto r = f.hex("device_id", ack.device_id); !r) return pass(r);
  auto key_id = f.u64("hub_key_id", 0, kU32Max);
  if (!key_id) return pass(key_id);
  ack.hub_key_id = static_cast<std::uint32_t>(*key_id);
  std::array<std::uint8_t, 32> batch{};
  if (auto r = f.hex("batch_id", batch); !r) return pass(r);
  ack.batch_id = to_hex(batch);
  auto high = f.u64("hub_high_water");
  if (!high) return pass(high);
  ack.hub_high_water = *high;
  auto at = f.i64("signed_at_ms");
  if (!at) return pass(at);
  ack.signed_at_ms = *at;

  auto items = f.array("items", kMaxAckItems);
  if (!items) return pass(items);
  ack.items.reserve((*items)->size());
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    const Fields g((**items)[i], kAckSource, "ack.items[" + std::to_string(i) + "]");
    if (auto r = g.is_object(); !r) return pass(r);
    AckItem item;
    auto seq = g.u64("seq", 1);
    if (!seq) return pass(seq);
    item.seq = *seq;
    if (auto r = g.hex("record_id", item.record_id); !r) return pass(r);
    if (auto r = g.hex("sha256", item.sha256); !r) return pass(r);
    auto status = g.string("status");
    if (!status) return pass(status);
    const auto parsed = status_from(**status);
    if (!parsed)
      return invalid(
          kAckSource, "out_of_range",
          g.path_of("status") + " is not one of stored, duplicate, conflict, gone, rejected");
    item.status = *parsed;
    auto reason = g.string("reason");
    if (!reason) return pass(reason);
    item.reason = **reason;
    ack.items.push_back(std::move(item));
  }
  // Only its shape here: the kiosk checks its own signature against the key it trusts.
  if (auto key = object.find("hub_key"); key != object.end()) {
    if (!key->is_object())
      return invalid(kAckSource, "wrong_type", "field ack.hub_key is not an object");
    ack.hub_key = *key;
  }
  if (auto office = object.find("office"); office != object.end()) {
    if (!office->is_object())
      return invalid(kAckSource, "wrong_type", "field ack.office is not an object");
    ack.office = *office;
  }

  // One seq answered twice could say both "stored" and "rejected"; the kiosk could not tell.
  std::vector<std::uint64_t> seqs;
  seqs.reserve(ack.items.size());
  for (const AckItem& item : ack.items) seqs.push_back(item.seq);
  std::sort(seqs.begin(), seqs.end());
  if (auto dup = std::adjacent_find(seqs.begin(), seqs.end()); dup != seqs.end())
    return invalid(kAckSource, "duplicate_seq",
                   "record number " + std::to_string(*dup) + " is answered twice");
  return ack;
}

// ---- request signature ----

constexpr std::string_view kRequestDomain = "sichtbar-request-1";

// Every part is length-prefixed, so no two different requests give the same signed bytes.
Bytes request_message(std::string_view method, std::string_view path, std::string_view body,
                      std::string_view device_hex, std::string_view time_ms) {
  Bytes m;
  auto add = [&m](std::string_view part) {
    std::uint8_t len[8];
    put_be(len, part.size(), 8);
    m.insert(m.end(), len, len + 8);
    m.insert(m.end(), part.begin(), part.end());
  };
  add(kRequestDomain);
  add(method);
  add(path);
  add(device_hex);
  add(time_ms);
  const auto body_hash = sha256(as_bytes(body));
  m.insert(m.end(), body_hash.begin(), body_hash.end());
  return m;
}

std::unexpected<Error> bad_request_header(std::string_view header, const std::string& what) {
  return fail("request.bad_header",
              "The kiosk's request was refused: its " + std::string(header) + " header " + what +
                  ". Update Sichtbar on the kiosk; call the office if this repeats.");
}

}  // namespace

std::string_view to_string(ItemStatus status) {
  switch (status) {
    case ItemStatus::Stored:
      return "stored";
    case ItemStatus::Duplicate:
      return "duplicate";
    case ItemStatus::Conflict:
      return "conflict";
    case ItemStatus::Gone:
      return "gone";
    case ItemStatus::Rejected:
      return "rejected";
  }
  return "rejected";
}

bool counts_as_received(ItemStatus status) {
  switch (status) {
    case ItemStatus::Stored:
    case ItemStatus::Duplicate:
    case ItemStatus::Conflict:
    case ItemStatus::Gone:
      return true;
    case ItemStatus::Rejected:
      return false;
  }
  return false;  // an unknown value never lets the kiosk purge
}

// ---- HELLO ----

std::string to_json_text(const Hello& hello) {
  return json{{"format", kHelloFormat},
              {"device_id", hex_json(hello.device_id)},
              {"hub_key_id", hello.hub_key_id},
              {"last_acked_seq", hello.last_acked_seq},
              {"last_sealed_seq", hello.last_sealed_seq}}
      .dump();
}

Result<Hello> parse_hello(std::string_view text) {
  return guarded(kHelloSource, [&]() -> Result<Hello> {
    auto doc =
        wire_detail::parse_bounded(text, kMaxMessageBytes, kSmallMessageValues, kHelloSource);
    if (!doc) return pass(doc);
    const Fields f(*doc, kHelloSource, "");
    if (auto r = f.is_object(); !r) return pass(r);
    if (auto r = f.format(kHelloFormat); !r) return pass(r);
    Hello hello;
    if (auto r = f.hex("device_id", hello.device_id); !r) return pass(r);
    auto key_id = f.u64("hub_key_id", 0, kU32Max);
    if (!key_id) return pass(key_id);
    hello.hub_key_id = static_cast<std::uint32_t>(*key_id);
    auto acked = f.u64("last_acked_seq");
    if (!acked) return pass(acked);
    hello.last_acked_seq = *acked;
    auto sealed = f.u64("last_sealed_seq");
    if (!sealed) return pass(sealed);
    hello.last_sealed_seq = *sealed;
    if (hello.last_acked_seq > hello.last_sealed_seq)
      return invalid(kHelloSource, "out_of_range",
                     "it says more records were confirmed (" +
                         std::to_string(hello.last_acked_seq) + ") than were ever made (" +
                         std::to_string(hello.last_sealed_seq) + ")");
    return hello;
  });
}

// ---- HELLO reply ----

std::string to_json_text(const HelloReply& reply) {
  json missing = json::array();
  for (const SeqRange& r : reply.missing) missing.push_back(json::array({r.first, r.last}));
  json doc{{"format", kHelloReplyFormat},
           {"hub_high_water", reply.hub_high_water},
           {"missing", std::move(missing)},
           {"max_batch", reply.max_batch},
           {"hub_time_ms", reply.hub_time_ms}};
  if (reply.hub_key) doc["hub_key"] = *reply.hub_key;
  if (reply.office) doc["office"] = *reply.office;
  return doc.dump();
}

Result<HelloReply> parse_hello_reply(std::string_view text) {
  return guarded(kHelloReplySource, [&]() -> Result<HelloReply> {
    const Source& src = kHelloReplySource;
    auto doc = wire_detail::parse_bounded(text, kMaxMessageBytes, kSmallMessageValues, src);
    if (!doc) return pass(doc);
    const Fields f(*doc, src, "");
    if (auto r = f.is_object(); !r) return pass(r);
    if (auto r = f.format(kHelloReplyFormat); !r) return pass(r);
    HelloReply reply;
    auto high = f.u64("hub_high_water");
    if (!high) return pass(high);
    reply.hub_high_water = *high;
    auto max_batch = f.u64("max_batch", 1, kMaxBatchItems);
    if (!max_batch) return pass(max_batch);
    reply.max_batch = static_cast<std::uint32_t>(*max_batch);
    auto time = f.i64("hub_time_ms");
    if (!time) return pass(time);
    reply.hub_time_ms = *time;

    auto missing = f.array("missing", kMaxMissingRanges);
    if (!missing) return pass(missing);
    std::uint64_t floor = reply.hub_high_water;  // every range lies above the previous one
    for (std::size_t i = 0; i < (*missing)->size(); ++i) {
      const json& pair = (**missing)[i];
      const std::string where = "field missing[" + std::to_string(i) + "]";
      if (!pair.is_array() || pair.size() != 2)
        return invalid(src, "wrong_type", where + " is not a pair of record numbers");
      for (const json& n : pair) {
        if (n.is_number_integer() && !n.is_number_unsigned() && n.get<std::int64_t>() < 0)
          return invalid(src, "out_of_range", where + " holds a negative record number");
        if (!n.is_number_unsigned())
          return invalid(src, "wrong_type", where + " is not a pair of whole record numbers");
      }
      const SeqRange range{pair[0].get<std::uint64_t>(), pair[1].get<std::uint64_t>()};
      // Ranges ascend without overlap and lie above hub_high_water (everything up to it is
      // stored), so the kiosk never resends something twice because of how it was listed.
      if (range.first > range.last || range.first <= floor)
        return invalid(src, "bad_range",
                       where + " (" + std::to_string(range.first) + " to " +
                           std::to_string(range.last) +
                           ") is reversed, overlaps another range or lies at or below "
                           "hub_high_water");
      floor = range.last;
      reply.missing.push_back(range);
    }
    // Only its shape here: the kiosk verifies the signature against the key it trusts.
    if (auto key = doc->find("hub_key"); key != doc->end()) {
      if (!key->is_object()) return invalid(src, "wrong_type", "field hub_key is not an object");
      reply.hub_key = *key;
    }
    if (auto office = doc->find("office"); office != doc->end()) {
      if (!office->is_object()) return invalid(src, "wrong_type", "field office is not an object");
      reply.office = *office;
    }
    return reply;
  });
}

// ---- PUSH ----

std::string to_json_text(const Push& push) {
  json items = json::array();
  for (const PushItem& item : push.items)
    items.push_back(json{{"seq", item.seq}, {"envelope", to_base64url(item.envelope)}});
  return json{
      {"format", kPushFormat}, {"device_id", hex_json(push.device_id)}, {"items", std::move(items)}}
      .dump();
}

Result<Push> parse_push(std::string_view text) {
  return guarded(kPushSource, [&]() -> Result<Push> {
    auto doc = wire_detail::parse_bounded(text, kMaxMessageBytes, kPushValues, kPushSource);
    if (!doc) return pass(doc);
    const Fields f(*doc, kPushSource, "");
    if (auto r = f.is_object(); !r) return pass(r);
    if (auto r = f.format(kPushFormat); !r) return pass(r);
    Push push;
    if (auto r = f.hex("device_id", push.device_id); !r) return pass(r);
    auto items = f.array("items", kMaxBatchItems);
    if (!items) return pass(items);
    push.items.reserve((*items)->size());
    for (std::size_t i = 0; i < (*items)->size(); ++i) {
      const Fields g((**items)[i], kPushSource, "items[" + std::to_string(i) + "]");
      if (auto r = g.is_object(); !r) return pass(r);
      PushItem item;
      auto seq = g.u64("seq", 1);
      if (!seq) return pass(seq);
      item.seq = *seq;
      auto envelope = g.base64url("envelope", kMaxEnvelopeBytes);
      if (!envelope) return pass(envelope);
      item.envelope = std::move(*envelope);
      push.items.push_back(std::move(item));
    }
    std::vector<std::uint64_t> seqs;
    seqs.reserve(push.items.size());
    for (const PushItem& item : push.items) seqs.push_back(item.seq);
    std::sort(seqs.begin(), seqs.end());
    if (auto dup = std::adjacent_find(seqs.begin(), seqs.end()); dup != seqs.end())
      return invalid(kPushSource, "duplicate_seq",
                     "record number " + std::to_string(*dup) + " is in the batch twice");
    return push;
  });
}

// ---- ACK ----

std::string sign_ack(const Ack& ack, const HubKeys& hub) {
  json object = ack_object(ack);
  const std::string canonical = object.dump();
  std::array<std::uint8_t, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                       hub.sign_secret.data());
  return json{{"ack", std::move(object)}, {"signature", to_base64url(signature)}}.dump();
}

Result<Ack> verify_ack(std::string_view signed_text,
                       const std::array<std::uint8_t, 32>& hub_sign_public,
                       const std::array<std::uint8_t, 16>& expected_device_id) {
  return guarded(kAckSource, [&]() -> Result<Ack> {
    auto doc = wire_detail::parse_bounded(signed_text, kMaxMessageBytes, kAckValues, kAckSource);
    if (!doc) return pass(doc);
    const Fields f(*doc, kAckSource, "");
    if (auto r = f.is_object(); !r) return pass(r);
    auto signature = f.base64url("signature", crypto_sign_BYTES);
    if (!signature) return pass(signature);
    if (signature->size() != crypto_sign_BYTES)
      return invalid(kAckSource, "bad_encoding", "field signature is not 64 bytes");
    const auto object = doc->find("ack");
    if (object == doc->end()) return invalid(kAckSource, "missing_field", "field ack is missing");
    if (!object->is_object())
      return invalid(kAckSource, "wrong_type", "field ack is not a JSON object");

    // The signature covers the canonical form of what was parsed, and exactly that parsed object
    // is read below: nothing unsigned can slip in, however the text was laid out on the way.
    const std::string canonical = object->dump();
    if (crypto_sign_verify_detached(signature->data(),
                                    reinterpret_cast<const unsigned char*>(canonical.data()),
                                    canonical.size(), hub_sign_public.data()) != 0)
      return fail("ack.bad_signature",
                  "The office's confirmation is not signed by this kiosk's office, or it was "
                  "changed on the way. The kiosk keeps all its records. Sync again; if this "
                  "repeats, call the office (the kiosk may need the office's new key).");

    auto ack = read_ack(*object);
    if (!ack) return ack;
    if (ack->device_id != expected_device_id)
      return fail("ack.wrong_device",
                  "This confirmation is for another kiosk (" + to_hex(ack->device_id) +
                      "), not this one (" + to_hex(expected_device_id) +
                      "). The kiosk keeps all its records. Use the receipt made for this kiosk.");
    return ack;
  });
}

// ---- request signature ----

RequestSignature sign_request(std::string_view method, std::string_view path, std::string_view body,
                              const DeviceIdentity& device, std::int64_t now_ms) {
  RequestSignature out;
  out.device_hex = to_hex(device.device_id);
  out.time_ms = std::to_string(now_ms);
  const Bytes message = request_message(method, path, body, out.device_hex, out.time_ms);
  std::array<std::uint8_t, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(),
                       device.sign_secret.data());
  out.signature_b64 = to_base64url(signature);
  return out;
}

Result<std::array<std::uint8_t, 16>> request_device_id(const RequestSignature& signature) {
  std::array<std::uint8_t, 16> id{};
  if (!wire_detail::lower_hex_to(signature.device_hex, id))
    return bad_request_header(kDeviceHeader, "is not 32 lowercase hex digits");
  return id;
}

Result<std::int64_t> request_time_ms(const RequestSignature& signature) {
  const std::string& t = signature.time_ms;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  // Exactly the form sign_request writes: no "+", no leading zeros, no "-0", no spaces.
  if (ec != std::errc{} || end != t.data() + t.size() || std::to_string(value) != t)
    return bad_request_header(kTimeHeader, "is not a whole number of milliseconds");
  return value;
}

Result<void> verify_request(std::string_view method, std::string_view path, std::string_view body,
                            const RequestSignature& signature,
                            const std::array<std::uint8_t, 32>& device_sign_public) {
  if (auto id = request_device_id(signature); !id) return pass(id);
  if (auto time = request_time_ms(signature); !time) return pass(time);
  // Length first: the text of a 64-byte signature is always 86 characters.
  std::optional<Bytes> raw;
  if (signature.signature_b64.size() == 86) raw = from_base64url(signature.signature_b64);
  if (!raw || raw->size() != crypto_sign_BYTES)
    return bad_request_header(kSignatureHeader, "is not a base64url signature of 64 bytes");
  const Bytes message =
      request_message(method, path, body, signature.device_hex, signature.time_ms);
  if (crypto_sign_verify_detached(raw->data(), message.data(), message.size(),
                                  device_sign_public.data()) != 0)
    return fail("request.bad_signature",
                "The kiosk's request was refused: its signature does not match this kiosk's key "
                "or the request was changed on the way. If this kiosk was enrolled again or "
                "revoked, enroll it again; otherwise call the office.");
  return {};
}

}  // namespace sichtbar
