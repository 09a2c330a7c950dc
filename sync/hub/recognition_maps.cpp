// The recognition map in use on a hub and its import; see recognition_maps.h.
#include "hub/recognition_maps.h"

#include <utility>

#include "base/bytes.h"
#include "base/files.h"
#include "domain/ui_languages.h"
#include "hub/request_log.h"
#include "protocol/keys.h"

namespace sichtbar::hub {

namespace {

std::shared_ptr<const IndexContext> index_context_of(
    const std::shared_ptr<const RecognitionChecksOfHub>& checks,
    std::shared_ptr<const RecognitionMap> map, const Sha256& sha256) {
  auto context = std::make_shared<IndexContext>();
  // The ESCO data lives as long as the checks, which the context shares.
  context->esco = std::shared_ptr<const EscoIndex>(checks, &checks->esco());
  context->map = std::move(map);
  context->map_sha256 = to_hex(sha256);
  return context;
}

}  // namespace

Result<std::unique_ptr<RecognitionChecksOfHub>> RecognitionChecksOfHub::load(
    const std::filesystem::path& assets) {
  std::vector<Catalogue> catalogues;
  for (std::string_view lang : kUiLanguages) {
    auto c = Catalogue::load_locale(assets / "i18n", lang);
    if (!c) return std::unexpected(c.error());
    catalogues.push_back(std::move(*c));
  }
  auto esco = EscoReference::load(assets);
  if (!esco) return std::unexpected(esco.error());
  return std::unique_ptr<RecognitionChecksOfHub>(
      new RecognitionChecksOfHub(std::move(catalogues), std::move(*esco)));
}

RecognitionChecksOfHub::RecognitionChecksOfHub(std::vector<Catalogue> catalogues,
                                               EscoReference esco)
    : catalogues_(std::move(catalogues)), esco_(std::move(esco)), esco_index_(esco_index(esco_)) {}

RecognitionChecks RecognitionChecksOfHub::checks() const {
  RecognitionChecks checks;
  for (const Catalogue& c : catalogues_) checks.catalogues.push_back(&c);
  checks.esco = &esco_index_;
  return checks;
}

Result<RecognitionImport> import_recognition_map(HubStore& store,
                                                 const std::filesystem::path& file,
                                                 const std::filesystem::path& assets,
                                                 std::string_view imported_by,
                                                 std::int64_t now_ms) {
  const auto text = read_whole_file(file);
  if (!text)
    return fail("recognition.unreadable",
                "cannot read the recognition map " + file.string() +
                    " (missing, not a file, or no permission to read it). Nothing was changed.");
  auto checks = RecognitionChecksOfHub::load(assets);
  if (!checks) return std::unexpected(checks.error());
  auto map = RecognitionMap::parse(*text, file.filename().string(), (*checks)->checks());
  if (!map) {
    Error e = map.error();
    e.message += ". Nothing was changed: the hub keeps the map it uses.";
    return std::unexpected(e);
  }
  ImportedRecognitionMap stored;
  stored.map_json = *text;
  stored.sha256 = sha256(as_bytes(*text));
  stored.imported_by = imported_by;
  stored.imported_at_ms = now_ms;
  if (auto r = store.add_recognition_map(stored); !r) return std::unexpected(r.error());
  RecognitionImport done{map->entries().size(), map->esco_uri_count(), stored.sha256, 0};
  // The office's filters find records by the new map at once: the import indexes them (a
  // running hub sees the index current when it notices the map).
  auto reindexed = store.use_index_context(index_context_of(
      std::move(*checks), std::make_shared<const RecognitionMap>(std::move(*map)), stored.sha256));
  if (!reindexed) {
    Error e = reindexed.error();
    e.message += " The map was imported and is used; the records are indexed for it when the "
                 "hub starts next.";
    return std::unexpected(e);
  }
  done.reindexed = *reindexed;
  return done;
}

Result<std::unique_ptr<RecognitionMapInUse>> RecognitionMapInUse::open(
    RecognitionMapStore& store, const std::filesystem::path& assets,
    std::chrono::milliseconds recheck) {
  auto checks = RecognitionChecksOfHub::load(assets);
  if (!checks) return std::unexpected(checks.error());
  const std::filesystem::path file = RecognitionMap::shipped_file(assets);
  auto shipped = RecognitionMap::load(file, (*checks)->checks());
  if (!shipped) return std::unexpected(shipped.error());
  // Loaded, so readable: its bytes name it for the search index.
  const Sha256 shipped_sha256 = sha256(as_bytes(read_whole_file(file).value_or("")));
  return std::unique_ptr<RecognitionMapInUse>(new RecognitionMapInUse(
      store, std::move(*checks), std::make_shared<const RecognitionMap>(std::move(*shipped)),
      shipped_sha256, recheck));
}

RecognitionMapInUse::RecognitionMapInUse(RecognitionMapStore& store,
                                         std::shared_ptr<RecognitionChecksOfHub> checks,
                                         std::shared_ptr<const RecognitionMap> shipped,
                                         Sha256 shipped_sha256, std::chrono::milliseconds recheck)
    : store_(store),
      checks_(std::move(checks)),
      shipped_(std::move(shipped)),
      shipped_sha256_(shipped_sha256),
      recheck_(recheck) {
  use(shipped_, shipped_sha256_);
}

void RecognitionMapInUse::use(std::shared_ptr<const RecognitionMap> map, const Sha256& sha256) {
  context_ = index_context_of(checks_, map, sha256);
  in_use_ = std::move(map);
}

std::shared_ptr<const IndexContext> RecognitionMapInUse::index_context() {
  current();  // looks for an import when the recheck is due
  std::lock_guard lock(mutex_);
  return context_;
}

std::shared_ptr<const RecognitionMap> RecognitionMapInUse::current() {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!checked_once_ || now - checked_at_ >= recheck_) {
    checked_once_ = true;
    checked_at_ = now;
    refresh();
  }
  return in_use_;
}

// A store that cannot be read keeps the map in use (the page still shows a way); a stored map
// that no longer validates (a newer release dropped a key it uses) falls back to the shipped one
// and is logged once.
void RecognitionMapInUse::refresh() {
  auto newest = store_.current_recognition_map_sha256();
  if (!newest) {
    log_error("recognition.store_failed", newest.error().code,
              "the imported recognition map could not be looked up; the one in use stays");
    return;
  }
  if (*newest == in_use_sha256_) return;
  if (!*newest) {
    use(shipped_, shipped_sha256_);
    in_use_sha256_.reset();
    return;
  }
  if (*newest == refused_sha256_) return;
  auto stored = store_.current_recognition_map();
  if (!stored || !*stored) return;
  auto map =
      RecognitionMap::parse((*stored)->map_json, "imported recognition map", checks_->checks());
  if (!map) {
    // The message names the entry and field of the operator's own file, no personal data.
    log_warning("recognition.import_invalid",
                "code=" + map.error().code + " shipped map used instead: " + map.error().message);
    refused_sha256_ = (*stored)->sha256;
    use(shipped_, shipped_sha256_);
    in_use_sha256_.reset();
    return;
  }
  use(std::make_shared<const RecognitionMap>(std::move(*map)), (*stored)->sha256);
  in_use_sha256_ = (*stored)->sha256;
}

Result<std::unique_ptr<RecognitionIndexKeeper>> RecognitionIndexKeeper::start(
    SearchStore& store, RecognitionMapInUse& maps, const std::function<bool()>& stop,
    std::chrono::milliseconds recheck) {
  const auto context = maps.index_context();
  // Asked first right before the first chunk: an operator who waits for a slow start reads why.
  bool told = false;
  auto indexed = store.use_index_context(context, SearchStore::Reindex::if_changed, [&] {
    if (!std::exchange(told, true))
      log_info("index.rebuild",
               "the records are indexed again for the recognition map in use; the hub serves "
               "once they are");
    return stop && stop();
  });
  if (!indexed) return std::unexpected(indexed.error());
  if (told)
    log_info("index.rebuilt", std::to_string(*indexed) +
                                  " records were indexed again for the recognition map in use");
  return std::unique_ptr<RecognitionIndexKeeper>(
      new RecognitionIndexKeeper(store, maps, recheck, context->map_sha256));
}

RecognitionIndexKeeper::RecognitionIndexKeeper(SearchStore& store, RecognitionMapInUse& maps,
                                               std::chrono::milliseconds recheck,
                                               std::string indexed_sha256)
    : store_(store),
      maps_(maps),
      indexed_sha256_(std::move(indexed_sha256)),
      looking_(recheck, [this] { look(); }) {}

// A failed indexing is logged and tried again at the next look: the filters meanwhile find
// records by the map indexed before, which the next start corrects too.
void RecognitionIndexKeeper::look() {
  const auto context = maps_.index_context();
  if (context->map_sha256 == indexed_sha256_) return;
  // Always: an import elsewhere indexed the records already, but this process stored some with
  // the map it used until now. Every process does this once after it switches, so after the last
  // one's the index holds the new map throughout.
  auto r = store_.use_index_context(context, SearchStore::Reindex::always,
                                    [this] { return looking_.stopping(); });
  if (r)
    indexed_sha256_ = context->map_sha256;
  else if (r.error().code == kIndexStopped)
    log_info("index.stopped", r.error().message);
  else
    log_error("recognition.index_failed", r.error().code,
              "the records could not be indexed for the recognition map in use");
}

}  // namespace sichtbar::hub
