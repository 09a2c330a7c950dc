// The LRU of shaped paragraphs; see shape_cache.h.
#include "text/shape_cache.h"

#include <bit>
#include <functional>

namespace sichtbar::script {

std::size_t ShapeCache::KeyHash::operator()(const Key& k) const noexcept {
  std::size_t h = std::hash<std::string_view>{}(k.text);
  const auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
  mix(static_cast<std::size_t>(k.fonts));
  mix(static_cast<std::size_t>(k.px));
  mix(static_cast<std::size_t>(k.arabic_px));
  mix(std::bit_cast<std::uint32_t>(k.max_width));
  mix(static_cast<std::size_t>(k.base));
  mix(std::hash<std::string_view>{}(k.language));
  return h;
}

namespace {

// Short texts sit in the string object itself (the list node), which the allocator never sees.
template <class Entry>
void wipe_key(Entry& entry) {
  sodium_memzero(entry.text.data(), entry.text.size());
}

}  // namespace

ShapeCache::ShapeCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

Result<std::shared_ptr<const ShapedParagraph>> ShapeCache::get(std::string_view text,
                                                               FontSet& fonts, int px_size,
                                                               float max_width, BaseDirection base,
                                                               const ShapeOptions& options) {
  // One key for every "no limit" so kNoWrap, 0 and negative widths share an entry.
  if (!(max_width > 0)) max_width = kNoWrap;
  const Key probe{text, fonts.id(), px_size, options.arabic_px_size, max_width, base,
                  options.language};
  if (const auto found = index_.find(probe); found != index_.end()) {
    ++hits_;
    entries_.splice(entries_.begin(), entries_, found->second);
    return found->second->shaped;
  }
  ++misses_;
  Result<ShapedParagraph> shaped = shape_paragraph(text, fonts, px_size, max_width, base, options);
  if (!shaped) return std::unexpected(shaped.error());

  if (entries_.size() >= capacity_) {
    index_.erase(entries_.back().key);
    wipe_key(entries_.back());
    entries_.pop_back();
  }
  Entry& entry = entries_.emplace_front();
  entry.text.assign(text.begin(), text.end());
  entry.language.assign(options.language.begin(), options.language.end());
  entry.key = Key{std::string_view(entry.text.data(), entry.text.size()),
                  fonts.id(),
                  px_size,
                  options.arabic_px_size,
                  max_width,
                  base,
                  std::string_view(entry.language.data(), entry.language.size())};
  entry.shaped = std::make_shared<const ShapedParagraph>(std::move(*shaped));
  index_.emplace(entry.key, entries_.begin());
  return entry.shaped;
}

void ShapeCache::clear() {
  index_.clear();
  for (Entry& entry : entries_) wipe_key(entry);
  entries_.clear();
}

}  // namespace sichtbar::script
