// Wiping personal data from memory. Containers for personal text that leave no copy behind in freed
// memory: every block they give back is overwritten with zeros first (sodium_memzero, which the
// compiler may not drop). What a person types at the kiosk must be gone from memory once the
// session is reset.
#pragma once

#include <sodium.h>

#include <cstddef>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace sichtbar {

template <class T>
struct ZeroingAllocator {
  using value_type = T;

  ZeroingAllocator() = default;
  template <class U>
  ZeroingAllocator(const ZeroingAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* p, std::size_t n) noexcept {
    sodium_memzero(p, n * sizeof(T));
    std::allocator<T>{}.deallocate(p, n);
  }

  template <class U>
  bool operator==(const ZeroingAllocator<U>&) const noexcept {
    return true;
  }
};

// A std::string whose heap blocks are zeroed when freed or reallocated. Its small-string buffer
// lives inside the object and is not covered: owners that keep personal text reserve heap
// capacity first (see TextEdit) or zero the bytes themselves.
using WipedString = std::basic_string<char, std::char_traits<char>, ZeroingAllocator<char>>;

template <class T>
using WipedVector = std::vector<T, ZeroingAllocator<T>>;

// Overwrites the bytes of s (sodium_memzero) and empties it.
void wipe_string(std::string& s);

// Overwrites the bytes of every string in a JSON value and leaves null (best effort: copies made
// by the JSON library during parsing are beyond reach).
void wipe_json(nlohmann::json& value);

}  // namespace sichtbar
