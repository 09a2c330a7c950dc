// Containers for personal text that leave no copy behind in freed memory: every block they give
// back is overwritten with zeros first (sodium_memzero, which the compiler may not drop). What a
// person types at the kiosk must be gone from memory once the session is reset.
#pragma once

#include <sodium.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace sichtbar::script {

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

}  // namespace sichtbar::script
