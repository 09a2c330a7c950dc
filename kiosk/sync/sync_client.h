// The kiosk's side of sync: enrollment, and handing the outbox to the hub exactly once.
//   HELLO: compare checkpoints; requeue what the hub lost.
//   PUSH in batches: each envelope goes as it was sealed (retries are byte-identical).
//   ACK: verified with the hub's signing key; only then are entries acknowledged, and only
//   acknowledged entries are ever purged (after the retention, then wal_checkpoint(TRUNCATE)).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/setup.h"
#include "core/store.h"
#include "protocol/enrollment.h"
#include "sync/transport.h"

namespace sichtbar {

struct SyncOptions {
  std::size_t batch_size = 500;  // the hub's max_batch may lower it
  // Acknowledged envelopes (sealed: the kiosk cannot read them) are kept this long, so a hub
  // restored from an older backup can ask for them again; then they are overwritten.
  std::int64_t keep_acknowledged_ms = 7LL * 24 * 3600 * 1000;
};

struct SyncReport {
  std::uint64_t sent = 0;
  std::uint64_t stored = 0, duplicates = 0, conflicts = 0, gone = 0, rejected = 0;
  std::uint64_t requeued = 0;     // the hub had lost them; sent again
  std::uint64_t lost_at_hub = 0;  // the hub lacks them and they were already purged here
  std::uint64_t purged = 0;
  std::uint64_t waiting = 0;            // still waiting for the hub after this sync
  std::vector<std::string> rejections;  // "record 12: <reason>"
  // The hub had rotated its record key (told in the HELLO reply or the receipt): the new key id,
  // now saved; profiles finished from now on are sealed to it. 0 when the key stayed.
  std::uint32_t new_hub_key_id = 0;
  // The office's settings changed (or came for the first time) and are now kept.
  bool office_updated = false;
};

// After HELLO, a new hub key that the hub hands over (signed with the signing key this kiosk
// trusts, PROTOCOL.md "Key rotation") is verified and saved before anything is pushed; a key
// that does not verify stops the sync with a "hub_key.*" error and changes nothing. So do the
// office's settings (office_settings.h): kept when they verify and are newer, else
// "office_settings.*" stops the sync.
Result<SyncReport> sync_outbox(KioskStore& store, const DeviceIdentity& device,
                               const KioskSetup& setup, Transport& transport,
                               const SyncOptions& options = {});

// The USB way: writes every waiting envelope into one signed bundle file in dir (temp file,
// fsync, rename) and marks them sent. The office imports it with `sichtbar-hub import`.
struct BundleExport {
  std::filesystem::path file;
  std::uint64_t count = 0;
  std::uint64_t still_waiting = 0;  // did not fit this bundle: export again for the rest
};
Result<BundleExport> export_bundle(KioskStore& store, const DeviceIdentity& device,
                                   const KioskSetup& setup, const std::filesystem::path& dir);

// The receipt the hub wrote next to an imported bundle: verified like a network ACK, then what
// the hub has is acknowledged (and purged after the retention).
Result<SyncReport> import_receipt(KioskStore& store, const DeviceIdentity& device,
                                  const KioskSetup& setup, const std::filesystem::path& receipt,
                                  const SyncOptions& options = {});

// The request this kiosk sends to the hub (online) or writes to the USB stick: the office's
// code normalised, its device id and public key, its name. Makes the device key if needed.
// Errors: "enroll.bad_code", the store's.
Result<EnrollRequest> enroll_request_of(KioskStore& store, const std::string& code,
                                        const std::string& kiosk_name);

// Enrolls this kiosk with the code from the office: sends its public key, verifies the signed
// config and saves it (hub keys, hub URL, profile link base). Makes the device key if needed.
// Enrolling again keeps the device key and the outbox: with the same hub (after a revoke, or a
// new address) the profiles still waiting go there with the next sync. Another hub: see
// leave_old_hub.
Result<KioskConfig> enroll_kiosk(KioskStore& store, Transport& transport, const std::string& code,
                                 const std::string& kiosk_name);

// Before the kiosk takes `next` as its hub (enrolling online, or a USB request to another
// office's hub). The same hub (a revocation lifted, a new address): nothing to do. Another hub
// (a move to another office) cannot open profiles sealed to the old one, and this kiosk could no
// longer check the old one's receipts: refused ("enroll.unsent_profiles", nothing changed)
// while any profile waits for the old office; once none waits, what the old office
// acknowledged is purged at once (the new hub would ask for it again and could not open it).
Result<void> leave_old_hub(KioskStore& store, const HubRecipient& next);

// Right after enrolling: one sync with the hub the config names, since the office's settings
// come with its HELLO (the consent must name the office before the first person), and profiles
// still waiting from before a re-enrollment go along. Needs no event set up yet.
Result<SyncReport> first_sync(KioskStore& store, const KioskConfig& config, Transport& transport);

}  // namespace sichtbar
