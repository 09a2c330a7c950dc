// The pickers' lists (see taxonomies.h).
#include "ui/taxonomies.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>

#include "base/text.h"
#include "domain/names.h"
#include "text/picker_lists.h"

namespace sichtbar::ui {

// Shared with the worker thread, so a moved Taxonomies keeps it where the worker writes.
struct Taxonomies::Occupations {
  // Loaded once for naming and search alike (the ESCO data and the drafts are several MB).
  OccupationList list;
  std::mutex mutex;
  std::condition_variable_any done_cv;  // also when a language's labels were added
  bool done = false;                    // built or failed
  // Languages ESCO lacks whose draft labels a screen asked for: the worker adds them in turn.
  std::vector<std::string> requested;
  std::vector<std::string> added;  // or failed
  std::unique_ptr<script::OccupationSearch> search;
  std::atomic<const script::OccupationSearch*> ready{nullptr};
  std::optional<std::thread::id> built_on;
  std::chrono::duration<double, std::milli> build_time{0};

  explicit Occupations(OccupationList l) : list(std::move(l)) {}

  void build() {
    const auto start = std::chrono::steady_clock::now();
    // ESCO's languages only: a language's drafts join when a screen first shows it.
    auto built = script::OccupationSearch::build(list.esco(),
                                                 std::span<const script::DraftOccupationLabel>{});
    const std::lock_guard lock(mutex);
    build_time = std::chrono::steady_clock::now() - start;
    built_on = std::this_thread::get_id();
    if (built) {
      search = std::make_unique<script::OccupationSearch>(std::move(*built));
      ready.store(search.get(), std::memory_order_release);
    } else {
      std::fprintf(stderr, "sichtbar-kiosk: the occupation search could not be built: %s\n",
                   built.error().message.c_str());
    }
    done = true;
    done_cv.notify_all();
  }

  // Adds the requested languages' labels until the kiosk closes.
  void add_languages(std::stop_token stop) {
    std::unique_lock lock(mutex);
    while (done_cv.wait(lock, stop, [&] { return added.size() < requested.size(); })) {
      const std::string language = requested[added.size()];
      lock.unlock();
      if (auto r = search->add_language(list.esco(), list.labels(), language); !r)
        std::fprintf(stderr, "sichtbar-kiosk: the occupation labels in %s could not be added: %s\n",
                     language.c_str(), r.error().message.c_str());
      lock.lock();
      added.push_back(language);
      done_cv.notify_all();
    }
  }
};

Result<Taxonomies> Taxonomies::load(const std::filesystem::path& assets_dir,
                                    std::function<void()> before_build) {
  auto list = OccupationList::load(assets_dir);
  if (!list) return std::unexpected(list.error());
  Taxonomies t;
  t.occupations_ = std::make_shared<Occupations>(std::move(*list));
  t.builder_ = std::jthread(
      [occupations = t.occupations_, before = std::move(before_build)](std::stop_token stop) {
        if (before) before();
        occupations->build();
        if (occupations->search) occupations->add_languages(stop);
      });
  return t;
}

Taxonomies::Taxonomies(Taxonomies&&) noexcept = default;
Taxonomies& Taxonomies::operator=(Taxonomies&&) noexcept = default;
Taxonomies::~Taxonomies() = default;  // the jthread joins

const script::OccupationSearch* Taxonomies::occupations() const {
  return occupations_ ? occupations_->ready.load(std::memory_order_acquire) : nullptr;
}

bool Taxonomies::wait_for_occupations(std::chrono::milliseconds timeout) const {
  if (!occupations_) return false;
  std::unique_lock lock(occupations_->mutex);
  return occupations_->done_cv.wait_for(lock, timeout, [&] { return occupations_->done; });
}

void Taxonomies::want_occupation_language(std::string_view language) {
  if (!occupations_) return;
  const std::vector<std::string> drafts = occupations_->list.labels().languages();
  if (std::find(drafts.begin(), drafts.end(), language) == drafts.end()) return;
  const std::lock_guard lock(occupations_->mutex);
  std::vector<std::string>& requested = occupations_->requested;
  if (std::find(requested.begin(), requested.end(), language) != requested.end()) return;
  requested.emplace_back(language);
  occupations_->done_cv.notify_all();
}

bool Taxonomies::wait_for_occupation_language(std::string_view language,
                                              std::chrono::milliseconds timeout) const {
  if (!occupations_) return false;
  std::unique_lock lock(occupations_->mutex);
  const std::vector<std::string>& added = occupations_->added;
  return occupations_->done_cv.wait_for(lock, timeout, [&] {
    return std::find(added.begin(), added.end(), language) != added.end();
  });
}

std::optional<std::thread::id> Taxonomies::occupation_build_thread() const {
  const std::lock_guard lock(occupations_->mutex);
  return occupations_->built_on;
}

std::chrono::duration<double, std::milli> Taxonomies::occupation_build_time() const {
  const std::lock_guard lock(occupations_->mutex);
  return occupations_->build_time;
}

const EscoReference& Taxonomies::reference() const { return occupations_->list.esco(); }

bool Taxonomies::has_draft_labels(std::uint32_t row) const {
  const OccupationLabels& drafts = occupations_->list.labels();
  const std::string_view uuid = reference().uuid(row);
  for (const std::string& language : drafts.languages())
    if (drafts.find(language, uuid)) return true;
  return false;
}

const script::SearchIndex* Taxonomies::index(std::string_view taxonomy,
                                             std::string_view ui_language) {
  const std::string key = std::string(taxonomy) + "/" + std::string(ui_language);
  if (auto it = indexes_.find(key); it != indexes_.end()) return &it->second;
  std::vector<script::SearchEntry> entries;
  const std::string ui(ui_language);
  if (taxonomy == "country") {
    entries = script::country_search_entries(ui);
  } else if (taxonomy == "language") {
    entries = script::language_search_entries(ui);
  } else {
    return nullptr;
  }
  auto built = script::SearchIndex::build(std::move(entries));
  if (!built) return nullptr;
  return &indexes_.emplace(key, std::move(*built)).first->second;
}

std::optional<std::vector<PickerHit>> Taxonomies::search(std::string_view taxonomy,
                                                         std::string_view ui_language,
                                                         std::string_view typed,
                                                         std::size_t limit) {
  std::vector<PickerHit> hits;
  if (taxonomy == "occupation") {
    // German and English meanwhile, should the screen's own labels not be there yet.
    want_occupation_language(ui_language);
    const script::OccupationSearch* search = occupations();
    if (!search) return std::nullopt;
    for (const script::OccupationHit& h : search->query(typed, ui_language, limit))
      hits.push_back({reference().uri(h.row), std::string(h.label)});
    return hits;
  }
  if (const script::SearchIndex* index = this->index(taxonomy, ui_language))
    for (const script::SearchHit& h : index->query(typed, limit))
      hits.push_back({std::string(h.id), std::string(h.label)});
  return hits;
}

std::string Taxonomies::display_name(std::string_view taxonomy, std::string_view code,
                                     std::string_view ui_language) const {
  if (taxonomy == "country") return script::country_name(code, ui_language);
  if (taxonomy == "language") return script::language_name(code, ui_language);
  const OccupationList& list = occupations_->list;
  std::string name = list.name(code, ui_language);
  if (const auto row = list.esco().find(code)) {
    // No name of its own in the language: the German one, which counsellors in Germany use,
    // with the English one beside.
    const std::string_view de = list.esco().preferred(*row, EscoLanguage::de);
    const std::string_view en = list.esco().preferred(*row, EscoLanguage::en);
    if (ui_language != "de" && name == de && !en.empty() && en != de)
      name += " (" + std::string(en) + ")";
  }
  return name;
}

std::vector<std::string> Taxonomies::occupation_atlas_text() const {
  // Printable ASCII too: labels use punctuation ("&", "+") no catalogue text may have.
  std::string text;
  for (char c = ' '; c <= '~'; ++c) text.push_back(c);
  for (char32_t c : reference().code_points()) append_utf8(text, c);
  std::vector<std::string> out{std::move(text)};
  const OccupationLabels& drafts = occupations_->list.labels();
  for (const std::string& language : drafts.languages())
    drafts.for_each(language, [&](std::string_view, const std::vector<std::string>& labels) {
      for (const std::string& label : labels) out.push_back(label);
    });
  for (const Occupation& o : occupations_->list.all()) {
    out.push_back(o.de);
    out.push_back(o.en);
  }
  return out;
}

}  // namespace sichtbar::ui
