// The record: one person's finished profile as a JSON document (DESIGN.md "Forms and records"),
// and its canonical serialization: the same record always gives the same bytes, so a retry or a
// re-export never differs from the first send.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "base/dates.h"
#include "base/error.h"

namespace sichtbar {

inline constexpr int kRecordFormat = 1;

struct EventInfo {
  std::string id;     // stable id chosen at event setup, e.g. "2026-11-28-muenchen-info"
  std::string name;
  std::string venue;
  std::string date;   // YYYY-MM-DD
  std::string kind;   // "info" or "football"
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
  std::string profile_token;  // 128 random bits, base64url; the hub keeps only its hash
};

nlohmann::json to_json(const Record& record);
Result<Record> record_from_json(const nlohmann::json& j);

// Canonical JSON: UTF-8, object keys sorted by byte order, no insignificant whitespace, integers
// only, no floats. Fails only for a record that holds a float or invalid UTF-8, which validation
// rules out.
Result<std::string> canonical_json(const Record& record);
Result<std::string> canonical_json(const nlohmann::json& value);

}  // namespace sichtbar
