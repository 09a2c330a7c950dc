// sync_outbox and enroll_kiosk; see sync_client.h.
#include "sync/sync_client.h"

#include <fstream>
#include <map>
#include <sstream>

#include "base/atomic_file.h"
#include "base/crash_point.h"
#include "base/files.h"
#include "core/outbox.h"
#include "core/setup.h"
#include "protocol/bundle.h"
#include "protocol/wire.h"

namespace sichtbar {

namespace {

std::map<std::string, std::string> signed_headers(const std::string& path, const std::string& body,
                                                  const DeviceIdentity& device) {
  RequestSignature sig = sign_request("POST", path, body, device, unix_ms_now());
  return {{"X-Sichtbar-Device", sig.device_hex},
          {"X-Sichtbar-Time", sig.time_ms},
          {"X-Sichtbar-Signature", sig.signature_b64}};
}

Result<std::string> call(Transport& transport, const std::string& path, const std::string& body,
                         const DeviceIdentity& device) {
  auto reply = transport.post(path, body, signed_headers(path, body, device));
  if (!reply) return std::unexpected(reply.error());
  if (reply->status != 200) return std::unexpected(error_from_reply(*reply));
  return std::move(reply->body);
}

// Keeps the first entries whose envelopes add up to at most budget bytes (at least one).
void keep_within_bytes(std::vector<OutboxEntry>& entries, std::size_t budget) {
  std::size_t bytes = 0, fits = 0;
  while (fits < entries.size() && (fits == 0 || bytes + entries[fits].envelope.size() <= budget))
    bytes += entries[fits++].envelope.size();
  entries.resize(fits);
}

using SentHashes = std::map<std::uint64_t, std::array<std::uint8_t, 32>>;

// Counts a verified ACK's items into the report and acknowledges what the hub has: among the
// envelopes just sent (seq -> hash), or for a receipt (sent == nullptr) among the outbox's.
// Rejected items stay waiting, with their reason reported.
Result<void> apply_ack(Outbox& outbox, const Ack& ack, const SentHashes* sent, SyncReport& report) {
  std::vector<std::uint64_t> received;
  for (const auto& item : ack.items) {
    if (sent && !sent->contains(item.seq)) continue;
    switch (item.status) {
      case ItemStatus::Stored:
        ++report.stored;
        break;
      case ItemStatus::Duplicate:
        ++report.duplicates;
        break;
      case ItemStatus::Conflict:
        ++report.conflicts;
        break;
      case ItemStatus::Gone:
        ++report.gone;
        break;
      case ItemStatus::Rejected:
        ++report.rejected;
        report.rejections.push_back("record " + std::to_string(item.seq) + ": " + item.reason);
        break;
    }
    if (!counts_as_received(item.status)) continue;
    // Acknowledge only the envelope the hub names: same seq and same bytes (hash).
    if (sent) {
      if (sent->at(item.seq) == item.sha256) received.push_back(item.seq);
    } else if (auto entry = outbox.entry(item.seq); entry && entry->sha256 == item.sha256) {
      received.push_back(item.seq);
    }
  }
  return outbox.mark_acknowledged(received, unix_ms_now());
}

// Purges what the retention allows, counts what still waits, and notes the sync in the audit.
Result<void> finish_report(KioskStore& store, Outbox& outbox, const SyncOptions& options,
                           std::string_view audit_event, SyncReport& report) {
  auto purged =
      outbox.purge_acknowledged(unix_ms_now(), unix_ms_now() - options.keep_acknowledged_ms);
  if (!purged) return std::unexpected(purged.error());
  report.purged = *purged;
  auto counts = outbox.counts();
  if (!counts) return std::unexpected(counts.error());
  report.waiting = counts->waiting_for_sync();
  return store.audit(audit_event, "sent=" + std::to_string(report.sent) +
                                      " rejected=" + std::to_string(report.rejected));
}

// The hub's new record key after a rotation, handed over in a HELLO reply or a receipt: saved
// only if the signing key this kiosk trusts vouches for it (keys.h verify_signed_hub_key).
Result<void> adopt_hub_key(KioskStore& store, const KioskSetup& setup,
                           const nlohmann::json& signed_key, SyncReport& report) {
  auto hub = verify_signed_hub_key(signed_key, setup.hub);
  if (!hub) return std::unexpected(hub.error());
  if (auto saved =
          save_hub(store, hub_public_json(*hub).dump(), setup.profile_base_url, setup.hub_url);
      !saved)
    return saved;
  report.new_hub_key_id = hub->key_id;
  return {};
}

// The office's settings from a HELLO reply or a receipt: kept only when the hub's signing key
// vouches for them and they are not older than the ones kept.
Result<void> adopt_office(KioskStore& store, const KioskSetup& setup,
                          const nlohmann::json& signed_settings, SyncReport& report) {
  auto office = verify_signed_office_settings(signed_settings, setup.hub);
  if (!office) return std::unexpected(office.error());
  auto changed = save_office_settings(store, *office);
  if (!changed) return std::unexpected(changed.error());
  report.office_updated = *changed;
  return {};
}

}  // namespace

Result<SyncReport> sync_outbox(KioskStore& store, const DeviceIdentity& device,
                               const KioskSetup& setup, Transport& transport,
                               const SyncOptions& options) {
  Outbox outbox(store);
  SyncReport report;

  // HELLO: both sides' checkpoints.
  Hello hello;
  hello.device_id = device.device_id;
  hello.hub_key_id = setup.hub.key_id;
  auto acked = outbox.acknowledged_through();
  auto last = outbox.last_seq();
  if (!acked) return std::unexpected(acked.error());
  if (!last) return std::unexpected(last.error());
  hello.last_acked_seq = *acked;
  hello.last_sealed_seq = *last;
  auto hello_body = call(transport, "/api/v1/hello", to_json_text(hello), device);
  if (!hello_body) return std::unexpected(hello_body.error());
  auto reply = parse_hello_reply(*hello_body);
  if (!reply) return std::unexpected(reply.error());
  if (reply->hub_key)
    if (auto r = adopt_hub_key(store, setup, *reply->hub_key, report); !r)
      return std::unexpected(r.error());
  if (reply->office)
    if (auto r = adopt_office(store, setup, *reply->office, report); !r)
      return std::unexpected(r.error());

  std::vector<std::uint64_t> missing;
  for (const auto& range : reply->missing)
    for (std::uint64_t s = range.first; s <= range.last && s <= *last; ++s) missing.push_back(s);
  if (!missing.empty()) {
    auto requeued = outbox.requeue(missing);
    if (!requeued) return std::unexpected(requeued.error());
    report.lost_at_hub = requeued->purged.size();
    report.requeued = requeued->count;
  }

  // PUSH: one pass over what waits, in seq order, batch by batch.
  const std::size_t batch_size =
      std::max<std::size_t>(1, std::min<std::size_t>(options.batch_size, reply->max_batch));
  std::uint64_t after = 0;
  for (;;) {
    auto batch = outbox.waiting_after(after, batch_size);
    if (!batch) return std::unexpected(batch.error());
    if (batch->empty()) break;
    // Large envelopes: also keep each batch within what the hub accepts in one message.
    keep_within_bytes(*batch, kMaxBatchEnvelopeBytes);
    after = batch->back().seq;
    Push push;
    push.device_id = device.device_id;
    std::vector<std::uint64_t> seqs;
    SentHashes hashes;
    for (auto& e : *batch) {
      seqs.push_back(e.seq);
      hashes.emplace(e.seq, e.sha256);
      push.items.push_back({e.seq, std::move(e.envelope)});
    }
    if (auto r = outbox.mark_sent(seqs, unix_ms_now()); !r) return std::unexpected(r.error());
    const std::string body = to_json_text(push);
    crash_point("kiosk.before_send");
    auto ack_text = call(transport, "/api/v1/push", body, device);
    crash_point("kiosk.after_send");
    if (!ack_text) return std::unexpected(ack_text.error());
    report.sent += seqs.size();
    auto ack = verify_ack(*ack_text, setup.hub.sign_public, device.device_id);
    if (!ack) return std::unexpected(ack.error());
    if (ack->batch_id != to_hex(sha256(as_bytes(body))))
      return fail("sync.ack_mismatch",
                  "The hub's acknowledgement answers another batch. Nothing was marked as "
                  "received; try again.");
    // Only what this batch sent, and only what the hub says it has, is acknowledged.
    if (auto r = apply_ack(outbox, *ack, &hashes, report); !r) return std::unexpected(r.error());
    crash_point("kiosk.after_ack");
  }
  if (auto r = finish_report(store, outbox, options, "sync.done", report); !r)
    return std::unexpected(r.error());
  return report;
}

Result<BundleExport> export_bundle(KioskStore& store, const DeviceIdentity& device,
                                   const KioskSetup& setup, const std::filesystem::path& dir) {
  Outbox outbox(store);
  auto waiting = outbox.waiting_after(0, kMaxBundleEntries);
  if (!waiting) return std::unexpected(waiting.error());
  // One bundle stays well under FAT32's 4 GiB file limit; the rest goes into the next one.
  keep_within_bytes(*waiting, 1024u * 1024 * 1024);
  if (waiting->empty())
    return fail("bundle.nothing_waiting",
                "No profile is waiting for the office: nothing to "
                "export.");
  std::vector<std::pair<std::uint64_t, Bytes>> envelopes;
  std::vector<std::uint64_t> seqs;
  for (auto& e : *waiting) {
    seqs.push_back(e.seq);
    envelopes.emplace_back(e.seq, std::move(e.envelope));
  }
  auto bytes = write_bundle(device, setup.hub.key_id, unix_ms_now(), envelopes);
  if (!bytes) return std::unexpected(bytes.error());
  BundleExport out;
  out.count = seqs.size();
  out.file = dir / ("sichtbar-" + to_hex(device.device_id).substr(0, 8) + "-" +
                    std::to_string(seqs.front()) + "-" + std::to_string(seqs.back()) + ".sbb");
  if (auto r = write_file_atomically(out.file, *bytes); !r) return std::unexpected(r.error());
  if (auto r = outbox.mark_sent(seqs, unix_ms_now()); !r) return std::unexpected(r.error());
  if (auto r = store.audit("bundle.exported", "count=" + std::to_string(out.count)); !r)
    return std::unexpected(r.error());
  auto counts = outbox.counts();
  if (!counts) return std::unexpected(counts.error());
  out.still_waiting = counts->sealed;
  return out;
}

Result<SyncReport> import_receipt(KioskStore& store, const DeviceIdentity& device,
                                  const KioskSetup& setup, const std::filesystem::path& receipt,
                                  const SyncOptions& options) {
  const auto text = read_whole_file(receipt);
  if (!text)
    return fail("receipt.unreadable", "The receipt " + receipt.string() +
                                          " cannot be read. Check the USB stick and the path.");
  auto ack = verify_ack(*text, setup.hub.sign_public, device.device_id);
  if (!ack) return std::unexpected(ack.error());
  Outbox outbox(store);
  SyncReport report;
  if (ack->hub_key)
    if (auto r = adopt_hub_key(store, setup, *ack->hub_key, report); !r)
      return std::unexpected(r.error());
  if (ack->office)
    if (auto r = adopt_office(store, setup, *ack->office, report); !r)
      return std::unexpected(r.error());
  if (auto r = apply_ack(outbox, *ack, nullptr, report); !r) return std::unexpected(r.error());
  if (auto r = finish_report(store, outbox, options, "receipt.imported", report); !r)
    return std::unexpected(r.error());
  return report;
}

Result<EnrollRequest> enroll_request_of(KioskStore& store, const std::string& code,
                                        const std::string& kiosk_name) {
  auto normalized = normalize_enroll_code(code);
  if (!normalized)
    return fail("enroll.bad_code", "\"" + code +
                                       "\" is not an enrollment code: it has 16 letters and "
                                       "digits, like K7QX-3MPD-9TRW-2HFA.");
  auto device = ensure_device_identity(store);
  if (!device) return std::unexpected(device.error());
  EnrollRequest request{*normalized, device->device_id, device->sign_public, kiosk_name};
  device->wipe();
  return request;
}

Result<void> leave_old_hub(KioskStore& store, const HubRecipient& next) {
  auto before = saved_hub(store);
  if (!before) return std::unexpected(before.error());
  if (!*before || (*before)->sign_public == next.sign_public) return {};
  Outbox outbox(store);
  auto counts = outbox.counts();
  if (!counts) return std::unexpected(counts.error());
  if (counts->waiting_for_sync() > 0)
    return fail("enroll.unsent_profiles",
                std::to_string(counts->waiting_for_sync()) +
                    " profile(s) on this kiosk have not reached its old office, and this hub "
                    "is another office's: it could not open them. Sync with the old office "
                    "first (or take a USB export there and bring back its receipt), then ask "
                    "for a new code. Nothing was changed.");
  if (auto r = outbox.purge_acknowledged(unix_ms_now()); !r) return std::unexpected(r.error());
  return {};
}

Result<KioskConfig> enroll_kiosk(KioskStore& store, Transport& transport, const std::string& code,
                                 const std::string& kiosk_name) {
  auto made = enroll_request_of(store, code, kiosk_name);
  if (!made) return std::unexpected(made.error());
  const EnrollRequest& request = *made;
  auto reply = transport.post("/api/v1/enroll", to_json_text(request), {});
  if (!reply) return std::unexpected(reply.error());
  if (reply->status != 200) return std::unexpected(error_from_reply(*reply));
  auto config = verify_kiosk_config(reply->body, request.code, request.device_id);
  if (!config) return std::unexpected(config.error());
  if (auto r = leave_old_hub(store, config->hub); !r) return std::unexpected(r.error());
  if (auto r = save_hub(store, hub_public_json(config->hub).dump(), config->profile_base_url,
                        config->hub_url);
      !r)
    return std::unexpected(r.error());
  // The hub answered with this kiosk's config: it is enrolled from now on.
  if (auto r = save_enrolled(store); !r) return std::unexpected(r.error());
  return config;
}

Result<SyncReport> first_sync(KioskStore& store, const KioskConfig& config, Transport& transport) {
  auto device = ensure_device_identity(store);
  if (!device) return std::unexpected(device.error());
  KioskSetup enrolled;
  enrolled.hub = config.hub;
  enrolled.hub_url = config.hub_url;
  enrolled.profile_base_url = config.profile_base_url;
  enrolled.enrolled = true;
  auto report = sync_outbox(store, *device, enrolled, transport);
  device->wipe();
  return report;
}

}  // namespace sichtbar
