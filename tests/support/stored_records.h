// Test support: a record as ingest hands it to the hub's store (StoredRecord), for the tests and
// benchmarks that fill a store without kiosks or envelopes: a made-up envelope, the token hash
// of the record's id, the event and form of the record.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "base/bytes.h"
#include "hub/hub_store.h"
#include "protocol/keys.h"

namespace sichtbar::test {

inline hub::StoredRecord stored_record(const nlohmann::json& record, std::uint64_t seq,
                                       std::int64_t received_at,
                                       const hub::RecordId& id = random_array<16>(),
                                       std::uint32_t version = 1) {
  hub::StoredRecord s;
  s.record_id = id;
  s.record_version = version;
  s.device_id.fill(0xd1);
  s.seq = seq;
  s.envelope = Bytes(64, static_cast<std::uint8_t>(seq));
  s.envelope_sha256 = sha256(s.envelope);
  s.record_json = record.dump();
  s.token_hash = sha256(as_bytes(to_hex(id)));
  s.event_id = record.value("/event/id"_json_pointer, std::string("e1"));
  s.form_id = "skills-profile";
  s.form_version = 1;
  s.received_at_ms = received_at;
  return s;
}

// An envelope of `device` that ingest held back for `reason` ("<code>: <message>"), as the
// quarantine keeps one: no record, event or token; stored, it is the store's Conflict.
inline hub::StoredRecord held_back_record(const hub::DeviceId& device, std::uint64_t seq,
                                          std::string reason) {
  hub::StoredRecord s = stored_record(nlohmann::json::object(), seq, 1'795'900'000'000);
  s.device_id = device;
  s.record_json.clear();
  s.event_id.clear();
  s.token_hash = {};
  s.quarantine_reason = std::move(reason);
  return s;
}

}  // namespace sichtbar::test
