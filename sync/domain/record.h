// The record: one person's finished profile as a JSON document (DESIGN.md "Forms and records"),
// and its canonical serialization: the same record always gives the same bytes, so a retry or a
// re-export never differs from the first send.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/dates.h"
#include "base/error.h"

namespace sichtbar {

inline constexpr int kRecordFormat = 1;

struct EventInfo {
  std::string id;  // stable id chosen at event setup, e.g. "2026-11-28-muenchen-info"
  std::string name;
  std::string venue;
  std::string date;  // YYYY-MM-DD
  std::string kind;  // "info" or "football"
};

// What the person agreed to, and proof of the exact text they saw (GDPR Art. 7).
struct ConsentBlock {
  std::map<std::string, bool> purposes;  // every purpose of the form, granted or not
  std::string text_id;
  int text_version = 0;
  std::string text_sha256;  // hex SHA-256 of the exact text shown, in the language shown
  std::string language;
  int privacy_notice_version = 0;
  std::string given_at;  // RFC 3339 UTC
};

struct Record {
  std::array<std::uint8_t, 16> record_id{};  // 128 random bits, made when the person starts
  int record_version = 1;                    // versions are immutable; a change is a new version
  std::string form_id;
  int form_version = 0;
  EventInfo event;
  std::string device_id;  // hex
  std::string locale;
  std::string started_at;   // RFC 3339 UTC
  std::string finished_at;  // RFC 3339 UTC
  ConsentBlock consent;
  nlohmann::json answers = nlohmann::json::object();  // validated: {section: {field: value}}
  // The reference data the answers' codes come from, by taxonomy: {"occupations": "esco de=1.2.0
  // en=1.0 fr=1.0; sichtbar 1"} (EscoReference::version()). Optional: absent (records made before
  // ESCO) means the old built-in list of ISCO-08 codes. record_format stays 1.
  std::map<std::string, std::string> references;
  // The profile link's secret: new_profile_token's form (before 2026-12: 128 random bits,
  // base64url, which the hub still accepts); the hub keeps only its hash.
  std::string profile_token;
};

// A profile token as the kiosk makes it and prints it: 128 random bits in Crockford's base32
// (26 symbols, no O/0 or I/l/1 to confuse), in blocks of 4 joined by hyphens so a person can
// copy it by hand: "7kq2-m9xd-..." (32 characters).
std::string new_profile_token(const std::array<std::uint8_t, 16>& random);
// Whether a record's token has one of the two forms a kiosk has made: new_profile_token's, or
// the earlier 22 characters of base64url (16 bytes).
bool is_profile_token(std::string_view token);
// The form of a token as a link gives it that the hub hashes: a token of new_profile_token's
// kind however it was typed (any case, hyphens anywhere or none, O for 0, I or L for 1) as its
// 26 symbols; anything else as it is, so the base64url tokens of older records hash as before.
std::string profile_token_key(std::string_view token);

nlohmann::json to_json(const Record& record);
Result<Record> record_from_json(const nlohmann::json& j);

// Canonical JSON: UTF-8, object keys sorted by byte order, no insignificant whitespace, integers
// only, no floats. Fails only for a record that holds a float or invalid UTF-8, which validation
// rules out.
Result<std::string> canonical_json(const Record& record);
Result<std::string> canonical_json(const nlohmann::json& value);

}  // namespace sichtbar
