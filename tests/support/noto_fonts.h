// The kiosk's Noto fonts for the script tests. A missing font fails the test with the package to
// install (deploy/sichtbar installs fonts-noto-core): a layout test that skipped silently would
// prove nothing.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>

#include "text/fonts.h"

namespace sichtbar::testing {

inline script::FontSet& noto_fonts() {
  static std::optional<script::FontSet> fonts;
  if (!fonts) {
    for (const script::FontFile& f : script::noto_font_files()) {
      if (!std::filesystem::exists(f.path)) {
        FAIL("Font " << f.path.string()
                     << " is missing: install the Debian package fonts-noto-core");
      }
    }
    auto opened = script::FontSet::open(script::noto_font_files());
    if (!opened) FAIL(opened.error().code << ": " << opened.error().message);
    fonts.emplace(std::move(*opened));
  }
  return *fonts;
}

// Font indexes in noto_font_files() order.
inline constexpr std::uint16_t kNotoSans = 0;
inline constexpr std::uint16_t kNotoNaskh = 1;
inline constexpr std::uint16_t kNotoEthiopic = 2;

}  // namespace sichtbar::testing
