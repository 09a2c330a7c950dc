// Which recognition map the hub uses (domain/recognition.h): the newest one imported with
// `sichtbar-hub reference import-recognition` (kept in the store, so every hub process on the
// database sees it), else the one shipped in assets/recognition/de-by.json. An import is checked
// against this hub's own catalogues first; a bad file is refused and the map in use stays.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "domain/catalogue.h"
#include "domain/recognition.h"
#include "hub/hub_store.h"

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
};

// Validates file against the hub's assets and, only if it is valid, stores it as the map in use.
// Errors: recognition.unreadable / recognition.not_json / recognition.invalid (naming the entry
// and the field), or the store's; in each case nothing is stored.
Result<RecognitionImport> import_recognition_map(RecognitionMapStore& store,
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

 private:
  RecognitionMapInUse(RecognitionMapStore& store, std::unique_ptr<RecognitionChecksOfHub> checks,
                      std::shared_ptr<const RecognitionMap> shipped,
                      std::chrono::milliseconds recheck);
  void refresh();

  RecognitionMapStore& store_;
  std::unique_ptr<RecognitionChecksOfHub> checks_;
  std::shared_ptr<const RecognitionMap> shipped_, in_use_;
  std::optional<Sha256> in_use_sha256_;   // nullopt: the shipped map
  std::optional<Sha256> refused_sha256_;  // a stored map that no longer validates: not retried
  std::chrono::milliseconds recheck_;
  std::chrono::steady_clock::time_point checked_at_{};
  bool checked_once_ = false;
  std::mutex mutex_;
};

}  // namespace sichtbar::hub
