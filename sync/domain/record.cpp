// Record <-> JSON and the canonical serialization (see PROTOCOL.md "Canonical JSON").
#include "domain/record.h"

#include <ctime>
#include <optional>

#include "base/bytes.h"
#include "base/wipe.h"

namespace sichtbar {

namespace {

bool holds_float(const nlohmann::json& j) {
  if (j.is_number_float()) return true;
  if (j.is_structured())
    for (const auto& v : j)
      if (holds_float(v)) return true;
  return false;
}

}  // namespace

nlohmann::json to_json(const Record& r) {
  nlohmann::json consent = {
      {"purposes", r.consent.purposes},
      {"text_id", r.consent.text_id},
      {"text_version", r.consent.text_version},
      {"text_sha256", r.consent.text_sha256},
      {"language", r.consent.language},
      {"privacy_notice_version", r.consent.privacy_notice_version},
      {"given_at", r.consent.given_at},
  };
  nlohmann::json j = {
      {"record_format", kRecordFormat},
      {"record_id", to_hex(r.record_id)},
      {"record_version", r.record_version},
      {"form", {{"id", r.form_id}, {"version", r.form_version}}},
      {"event",
       {{"id", r.event.id},
        {"name", r.event.name},
        {"venue", r.event.venue},
        {"date", r.event.date},
        {"kind", r.event.kind}}},
      {"device_id", r.device_id},
      {"locale", r.locale},
      {"started_at", r.started_at},
      {"finished_at", r.finished_at},
      {"consent", consent},
      {"answers", r.answers},
      {"profile_token", r.profile_token},
  };
  // Only when set, so a record without it has the bytes it always had.
  if (!r.references.empty()) j["references"] = r.references;
  return j;
}

Result<Record> record_from_json(const nlohmann::json& j) {
  try {
    if (j.at("record_format").get<int>() != kRecordFormat)
      return fail("record.unsupported_format", "The record uses an unknown record format.");
    Record r;
    auto id = from_hex(j.at("record_id").get<std::string>());
    if (!id || id->size() != r.record_id.size())
      return fail("record.bad_id", "The record's record_id is not 32 hex digits.");
    std::copy(id->begin(), id->end(), r.record_id.begin());
    r.record_version = j.at("record_version").get<int>();
    r.form_id = j.at("form").at("id").get<std::string>();
    r.form_version = j.at("form").at("version").get<int>();
    const auto& e = j.at("event");
    r.event = {e.at("id").get<std::string>(), e.at("name").get<std::string>(),
               e.at("venue").get<std::string>(), e.at("date").get<std::string>(),
               e.at("kind").get<std::string>()};
    r.device_id = j.at("device_id").get<std::string>();
    r.locale = j.at("locale").get<std::string>();
    r.started_at = j.at("started_at").get<std::string>();
    r.finished_at = j.at("finished_at").get<std::string>();
    const auto& c = j.at("consent");
    r.consent.purposes = c.at("purposes").get<std::map<std::string, bool>>();
    r.consent.text_id = c.at("text_id").get<std::string>();
    r.consent.text_version = c.at("text_version").get<int>();
    r.consent.text_sha256 = c.at("text_sha256").get<std::string>();
    r.consent.language = c.at("language").get<std::string>();
    r.consent.privacy_notice_version = c.at("privacy_notice_version").get<int>();
    r.consent.given_at = c.at("given_at").get<std::string>();
    r.answers = j.at("answers");
    if (!r.answers.is_object())
      return fail("record.bad_answers", "The record's answers are not an object.");
    r.profile_token = j.at("profile_token").get<std::string>();
    if (const auto refs = j.find("references"); refs != j.end()) {
      if (!refs->is_object())
        return fail("record.malformed", "The record's references are not an object.");
      r.references = refs->get<std::map<std::string, std::string>>();
    }
    return r;
  } catch (const nlohmann::json::exception& ex) {
    return fail("record.malformed",
                std::string("The record is incomplete or malformed: ") + ex.what());
  }
}

namespace {
constexpr std::size_t kTokenBytes = 16, kTokenSymbols = 26, kTokenGroup = 4;

// The 16 bytes of a token of new_profile_token's kind, however it was typed.
std::optional<Bytes> crockford_token_bytes(std::string_view token) {
  std::size_t symbols = 0;
  for (const char c : token)
    if (c != '-') ++symbols;
  if (symbols != kTokenSymbols) return std::nullopt;
  auto bytes = from_base32_crockford(token);
  if (!bytes || bytes->size() != kTokenBytes) return std::nullopt;
  return bytes;
}
}  // namespace

std::string new_profile_token(const std::array<std::uint8_t, 16>& random) {
  const std::string symbols = to_base32_crockford(random);
  std::string grouped;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0 && i % kTokenGroup == 0) grouped.push_back('-');
    grouped.push_back(symbols[i]);
  }
  return grouped;
}

bool is_profile_token(std::string_view token) {
  // new_profile_token's form exactly (a record is never typed by hand): symbols of its alphabet
  // in blocks of 4, 16 bytes with zero padding bits.
  constexpr std::string_view kSymbols = "0123456789abcdefghjkmnpqrstvwxyz";
  bool grouped = token.size() == kTokenSymbols + (kTokenSymbols - 1) / kTokenGroup;
  for (std::size_t i = 0; grouped && i < token.size(); ++i)
    grouped = i % (kTokenGroup + 1) == kTokenGroup ? token[i] == '-'
                                                   : kSymbols.find(token[i]) != kSymbols.npos;
  auto bytes = grouped ? crockford_token_bytes(token) : from_base64url(token);
  const bool ok = bytes && bytes->size() == kTokenBytes;
  if (bytes) sodium_memzero(bytes->data(), bytes->size());
  return ok;
}

std::string profile_token_key(std::string_view token) {
  auto bytes = crockford_token_bytes(token);
  if (!bytes) return std::string(token);
  std::string key = to_base32_crockford(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  return key;
}

Result<std::string> canonical_json(const nlohmann::json& value) {
  if (holds_float(value))
    return fail("record.not_canonical",
                "The record holds a fractional number; only integers are allowed.");
  try {
    // nlohmann::json keeps object keys in a std::map, so dump() writes them sorted by byte order.
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception&) {
    return fail("record.not_canonical", "The record holds text that is not valid UTF-8.");
  }
}

Result<std::string> canonical_json(const Record& record) { return canonical_json(to_json(record)); }

}  // namespace sichtbar
