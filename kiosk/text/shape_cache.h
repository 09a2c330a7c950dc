// Shaped paragraphs kept between frames: the kiosk draws the same strings every frame, and
// shaping a long text costs far more than a frame may. Bounded, least recently used first out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "text/shaping.h"
#include "base/wipe.h"
#include "base/error.h"

namespace sichtbar::script {

class ShapeCache {
 public:
  explicit ShapeCache(std::size_t capacity = 512);
  ShapeCache(const ShapeCache&) = delete;
  ShapeCache& operator=(const ShapeCache&) = delete;

  // The layout shape_paragraph gives for these arguments, shaped on a miss. The pointer stays
  // valid after the entry is evicted. Errors are those of shape_paragraph and are not cached.
  Result<std::shared_ptr<const ShapedParagraph>> get(std::string_view text, FontSet& fonts,
                                                     int px_size, float max_width = kNoWrap,
                                                     BaseDirection base = BaseDirection::automatic,
                                                     const ShapeOptions& options = {});

  // Drops every entry. The keys (the texts) are zeroed; call it when a session ends, since
  // typed text is cached like any other.
  void clear();

  std::size_t size() const { return entries_.size(); }
  std::size_t capacity() const { return capacity_; }
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }

 private:
  struct Key {
    std::string_view text;  // points into Entry::text, or at the caller's text for a lookup
    std::uint64_t fonts;
    int px;
    int arabic_px;
    float max_width;
    BaseDirection base;
    std::string_view language;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept;
  };
  struct Entry {
    WipedString text;
    WipedString language;
    Key key;
    std::shared_ptr<const ShapedParagraph> shaped;
  };

  std::size_t capacity_;
  std::list<Entry> entries_;  // most recently used first; nodes never move, so keys stay valid
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace sichtbar::script
