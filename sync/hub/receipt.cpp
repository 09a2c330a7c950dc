// Building ACKs and receipts; importing USB bundles.
#include "hub/receipt.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "base/atomic_file.h"
#include "base/clock.h"
#include "base/files.h"
#include "protocol/bundle.h"
#include "protocol/office_settings.h"

namespace sichtbar::hub {

namespace {

ItemStatus wire_status(IngestStatus s) {
  switch (s) {
    case IngestStatus::Stored:
      return ItemStatus::Stored;
    case IngestStatus::Duplicate:
      return ItemStatus::Duplicate;
    case IngestStatus::Conflict:
      return ItemStatus::Conflict;
    case IngestStatus::Gone:
      return ItemStatus::Gone;
    case IngestStatus::Rejected:
      return ItemStatus::Rejected;
  }
  return ItemStatus::Rejected;
}

}  // namespace

Result<Ack> make_ack(HubStore& store, const HubKeys& keys, const DeviceId& device_id,
                     std::string batch_id, std::span<const std::uint64_t> seqs,
                     const std::vector<BatchOutcome>& outcomes) {
  auto cp = store.checkpoint(device_id);
  if (!cp) return std::unexpected(cp.error());
  Ack ack;
  ack.device_id = device_id;
  ack.hub_key_id = keys.key_id;
  ack.batch_id = std::move(batch_id);
  ack.hub_high_water = cp->high_water;
  ack.signed_at_ms = unix_ms_now();
  for (size_t i = 0; i < outcomes.size() && i < seqs.size(); ++i)
    ack.items.push_back({seqs[i], outcomes[i].record_id, outcomes[i].envelope_sha256,
                         wire_status(outcomes[i].outcome.status), outcomes[i].outcome.reason});
  return ack;
}

Result<nlohmann::json> signed_office_of(OfficeStore& store, const HubKeys& keys,
                                        std::int64_t office_id) {
  auto office = store.find_office(office_id);
  if (!office) return std::unexpected(office.error());
  if (!*office)
    return fail("hub_store.unknown_office",
                "The kiosk belongs to office " + std::to_string(office_id) +
                    ", which this hub does not have. Move the kiosk to an office on the kiosks "
                    "page.");
  const Office& o = **office;
  return signed_office_settings(keys, {o.id, o.name, o.contact, o.data_protection_officer,
                                       o.supervisory_authority, o.retention_days,
                                       o.updated_at_ms});
}

Result<ImportReport> import_bundle(HubStore& store, const IngestContext& context,
                                   const std::filesystem::path& bundle_file) {
  const auto read = read_whole_file(bundle_file);
  if (!read)
    return fail("import.unreadable", "The bundle " + bundle_file.string() +
                                         " cannot be read. Check the USB stick and the path.");
  const std::string& bytes = *read;

  auto manifest = peek_bundle_manifest(as_bytes(bytes));
  if (!manifest) return std::unexpected(manifest.error());
  auto device = store.find_device(manifest->device_id);
  if (!device) return std::unexpected(device.error());
  if (!*device)
    return fail("import.unknown_device",
                "The bundle " + bundle_file.filename().string() +
                    " comes from a kiosk this hub does not know (" + to_hex(manifest->device_id) +
                    "). Was it made for another office? Enroll the kiosk here first.");
  if (context.key_for(manifest->hub_key_id) == nullptr)
    return fail("import.other_hub", "The bundle " + bundle_file.filename().string() +
                                        " was sealed for another hub key (id " +
                                        std::to_string(manifest->hub_key_id) +
                                        "), which this hub does not have (its key id is " +
                                        std::to_string(context.keys.key_id) + ").");
  auto bundle = parse_bundle(as_bytes(bytes), (*device)->sign_public);
  if (!bundle) return std::unexpected(bundle.error());

  std::vector<ByteView> envelopes(bundle->envelopes.begin(), bundle->envelopes.end());
  auto outcomes =
      ingest_batch(store, manifest->device_id, envelopes, bundle->seqs, context, unix_ms_now());
  if (!outcomes) return std::unexpected(outcomes.error());
  auto ack = make_ack(store, context.keys, manifest->device_id, bundle->manifest_sha256_hex,
                      bundle->seqs, *outcomes);
  if (!ack) return std::unexpected(ack.error());
  // A kiosk that syncs only by USB learns of a key rotation from its receipt.
  if (manifest->hub_key_id < context.keys.key_id) ack->hub_key = signed_hub_key(context.keys);
  // ... and of its office's settings, for its consent screens (without them, if the office was
  // removed: the receipt matters more).
  if (auto office = signed_office_of(store, context.keys, (*device)->office_id))
    ack->office = std::move(*office);

  ImportReport report;
  report.receipt = bundle_file.string() + std::string(kReceiptSuffix);
  report.in_bundle = bundle->manifest.entries.size();
  report.missing = bundle->missing_seqs;
  report.device_name = (*device)->name;
  for (const auto& o : *outcomes) {
    switch (o.outcome.status) {
      case IngestStatus::Stored:
        ++report.stored;
        break;
      case IngestStatus::Duplicate:
        ++report.duplicates;
        break;
      case IngestStatus::Conflict:
        ++report.conflicts;
        break;
      case IngestStatus::Gone:
        ++report.gone;
        break;
      case IngestStatus::Rejected:
        ++report.rejected;
        break;
    }
  }
  const std::string receipt = sign_ack(*ack, context.keys);
  if (auto r = write_file_atomically(report.receipt, as_bytes(receipt)); !r)
    return std::unexpected(r.error());
  return report;
}

}  // namespace sichtbar::hub
