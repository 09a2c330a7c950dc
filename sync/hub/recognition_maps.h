// Which recognition map the hub uses (domain/recognition.h): the newest one imported with
// `sichtbar-hub reference import-recognition` (kept in the store, so every hub process on the
// database sees it), else the one shipped in assets/recognition/de-by.json. An import is checked
// against this hub's own catalogues first; a bad file is refused and the map in use stays.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/error.h"
#include "domain/catalogue.h"
#include "domain/recognition.h"
#include "hub/hub_store.h"
#include "hub/periodic.h"
#include "hub/record_index.h"

namespace sichtbar::hub {

// What a map is checked against on this hub: the catalogues of every UI language in assets/i18n
// and the ESCO reference data in assets/taxonomy/esco.
class RecognitionChecksOfHub {
 public:
  static Result<std::unique_ptr<RecognitionChecksOfHub>> load(const std::filesystem::path& assets);
  RecognitionChecks checks() const;
  const EscoIndex& esco() const { return esco_index_; }

 private:
  RecognitionChecksOfHub(std::vector<Catalogue> catalogues, EscoReference esco);
  std::vector<Catalogue> catalogues_;
  EscoReference esco_;
  EscoIndex esco_index_;  // refers to esco_: the object stays where it was made
};

struct RecognitionImport {
  std::size_t entries = 0, esco_uris = 0;
  Sha256 sha256{};
  std::uint64_t reindexed = 0;  // records whose way to recognition was indexed again
};

// Validates file against the hub's assets and, only if it is valid, stores it as the map in use
// and indexes the records for it (SearchStore::use_index_context).
// Errors: recognition.unreadable / recognition.not_json / recognition.invalid (naming the entry
// and the field), or the store's; in each case nothing is stored. An error of the indexing comes
// after the map was stored, and says so.
Result<RecognitionImport> import_recognition_map(HubStore& store,
                                                 const std::filesystem::path& file,
                                                 const std::filesystem::path& assets,
                                                 std::string_view imported_by, std::int64_t now_ms);

// The map a running hub shows. Thread-safe. It asks the store for the newest import's hash at
// most once per recheck interval (an import by another process shows within it) and parses a
// map only when the hash changed.
class RecognitionMapInUse {
 public:
  // The shipped map must load and validate: a hub without it does not start.
  static Result<std::unique_ptr<RecognitionMapInUse>> open(
      RecognitionMapStore& store, const std::filesystem::path& assets,
      std::chrono::milliseconds recheck = std::chrono::seconds(30));

  std::shared_ptr<const RecognitionMap> current();
  // What the office's search index computes the way to recognition with: the hub's ESCO data
  // and the map current() gives, named by the sha256 of its bytes (the shipped file's too).
  std::shared_ptr<const IndexContext> index_context();

 private:
  RecognitionMapInUse(RecognitionMapStore& store, std::shared_ptr<RecognitionChecksOfHub> checks,
                      std::shared_ptr<const RecognitionMap> shipped, Sha256 shipped_sha256,
                      std::chrono::milliseconds recheck);
  void refresh();
  void use(std::shared_ptr<const RecognitionMap> map, const Sha256& sha256);

  RecognitionMapStore& store_;
  std::shared_ptr<RecognitionChecksOfHub> checks_;
  std::shared_ptr<const RecognitionMap> shipped_, in_use_;
  Sha256 shipped_sha256_{};
  std::shared_ptr<const IndexContext> context_;  // for in_use_
  std::optional<Sha256> in_use_sha256_;   // nullopt: the shipped map
  std::optional<Sha256> refused_sha256_;  // a stored map that no longer validates: not retried
  std::chrono::milliseconds recheck_;
  std::chrono::steady_clock::time_point checked_at_{};
  bool checked_once_ = false;
  std::mutex mutex_;
};

// Keeps the office's search index computed with the map in use (SearchStore::use_index_context):
// once at the hub's start, before it serves (when the map differs from the index's), and then,
// on a thread of its own, each time the map in use switches (an import by another process), so
// no request waits for the records to be indexed again.
class RecognitionIndexKeeper {
 public:
  // Indexes for the map in use now (nothing to do when the index was computed with it) and
  // then looks every `recheck` whether the map in use switched. `stop` is asked between chunks
  // of that first indexing (a hub told to stop while it starts): true ends it with
  // kIndexStopped, and the next start indexes the rest.
  static Result<std::unique_ptr<RecognitionIndexKeeper>> start(
      SearchStore& store, RecognitionMapInUse& maps, const std::function<bool()>& stop = {},
      std::chrono::milliseconds recheck = std::chrono::seconds(30));
  // Going away ends an indexing under way after its chunk (the next start indexes the rest).
  RecognitionIndexKeeper(const RecognitionIndexKeeper&) = delete;
  RecognitionIndexKeeper& operator=(const RecognitionIndexKeeper&) = delete;

 private:
  RecognitionIndexKeeper(SearchStore& store, RecognitionMapInUse& maps,
                         std::chrono::milliseconds recheck, std::string indexed_sha256);
  void look();

  SearchStore& store_;
  RecognitionMapInUse& maps_;
  std::string indexed_sha256_;  // of the map the last use_index_context had
  Periodic looking_;            // last: it starts looking once the rest is there
};

}  // namespace sichtbar::hub
