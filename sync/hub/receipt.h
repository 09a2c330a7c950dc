// What the hub answers for a batch, over the network (the ACK) or on a USB stick (the receipt
// file next to the bundle): one signed message built in one place.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "hub/hub_store.h"
#include "hub/ingest.h"
#include "protocol/wire.h"

namespace sichtbar::hub {

// The ACK for a committed batch. seqs[i] is the seq the kiosk gave outcomes[i]: that is what
// the kiosk looks up, whatever the hub could parse of the envelope.
Result<Ack> make_ack(HubStore& store, const HubKeys& keys, const DeviceId& device_id,
                     std::string batch_id, std::span<const std::uint64_t> seqs,
                     const std::vector<BatchOutcome>& outcomes);

// The settings of the office a kiosk belongs to, signed with the hub's signing key
// (protocol/office_settings.h), as the HELLO reply and a USB receipt carry them.
// "hub_store.unknown_office" when the office is not there (an administrator removed it).
Result<nlohmann::json> signed_office_of(OfficeStore& store, const HubKeys& keys,
                                        std::int64_t office_id);

struct ImportReport {
  std::filesystem::path receipt;
  std::uint64_t in_bundle = 0;  // entries the manifest lists
  std::uint64_t stored = 0, duplicates = 0, conflicts = 0, gone = 0, rejected = 0;
  std::vector<std::uint64_t> missing;  // cut off or damaged: the kiosk keeps them
  std::string device_name;
};

// Imports a bundle file from a USB stick: checks the kiosk and the signature, stores what is
// intact (idempotent: importing it again stores nothing twice), and writes the signed receipt
// next to it as <bundle>.receipt for the kiosk to import.
Result<ImportReport> import_bundle(HubStore& store, const IngestContext& context,
                                   const std::filesystem::path& bundle_file);

}  // namespace sichtbar::hub
