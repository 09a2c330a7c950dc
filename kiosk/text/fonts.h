// The kiosk's fonts: each font file loaded once, a FreeType face plus a HarfBuzz font per pixel
// size, which font draws which script, and the rasterizer that fills the UI's glyph atlas.
// No ImGui: the UI copies the bitmaps from rasterize_glyph into its own atlas.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"

// Forward declarations so the UI need not see FreeType or HarfBuzz headers.
struct FT_FaceRec_;
struct hb_font_t;

namespace sichtbar::script {

// What a font is for. Text in the Arabic script (Arabic, Persian, Dari, Pashto) goes to the
// arabic font, Ethiopic (Tigrinya, Amharic) to the ethiopic font, everything else to the first
// general font; any font in the set stands in for a code point the chosen one lacks.
enum class FontRole : std::uint8_t { general, arabic, ethiopic };

struct FontFile {
  std::filesystem::path path;
  FontRole role = FontRole::general;
  const char* package = "fonts-noto-core";  // the Debian package that installs it
};

inline constexpr const char* kNotoFontDir = "/usr/share/fonts/truetype/noto";

// Noto Sans (Latin, Latin Extended-A, Cyrillic), Noto Naskh Arabic and Noto Sans Ethiopic, in
// that order (so font index 0 is Noto Sans), as Debian's fonts-noto-core installs them.
std::vector<FontFile> noto_font_files(const std::filesystem::path& dir = kNotoFontDir);

// One font at one pixel size: a FreeType face and the HarfBuzz font that shapes with it. The
// size follows Dear ImGui's FreeType builder (FT_SIZE_REQUEST_TYPE_REAL_DIM: ascender plus
// descender equal the pixel size), so a glyph drawn through either path has the same size.
// Owned by its FontSet; not thread-safe (FreeType faces are not).
class FontFace {
 public:
  FontFace(const FontFace&) = delete;
  FontFace& operator=(const FontFace&) = delete;
  ~FontFace();

  int pixel_size() const { return pixel_size_; }
  float ascender() const;   // pixels above the baseline
  float descender() const;  // pixels below the baseline (positive)
  // The glyph id the font's cmap gives cp, or 0 when the font has no glyph for it.
  std::uint32_t glyph_for(char32_t cp) const;

  FT_FaceRec_* ft_face() const { return face_; }
  hb_font_t* hb_font() const { return font_; }

 private:
  friend class FontSet;
  FontFace(FT_FaceRec_* face, hb_font_t* font, int pixel_size)
      : face_(face), font_(font), pixel_size_(pixel_size) {}

  FT_FaceRec_* face_;
  hb_font_t* font_;
  int pixel_size_;
};

// The fonts the kiosk draws with. Each file is read once; faces at each pixel size are created
// on first use and kept (the kiosk uses two or three sizes). Move-only; a FontFace& stays valid
// as long as its FontSet lives, also across moves of the set.
class FontSet {
 public:
  // Error "font.unreadable" or "font.invalid" names the file; "font.none" for an empty list.
  static Result<FontSet> open(const std::vector<FontFile>& files);

  FontSet(FontSet&&) noexcept;
  FontSet& operator=(FontSet&&) noexcept;
  ~FontSet();

  std::size_t size() const;
  const FontFile& file(std::size_t font) const;

  // The face of font `font` at pixel_size (1..512 px). Out-of-range arguments are programming
  // errors and abort.
  FontFace& face(std::size_t font, int pixel_size);

  // The font that draws text of a role: the first font with that role, else font 0.
  std::size_t font_for(FontRole role) const;

  // Distinct for every FontSet opened in this process: the shape cache's key.
  std::uint64_t id() const;

  // Largest ascender and descender over all fonts at pixel_size: one line height for all text
  // at that size, whatever scripts a line mixes.
  float ascender(int pixel_size);
  float descender(int pixel_size);

 private:
  struct Impl;
  explicit FontSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// An 8-bit coverage bitmap of one glyph for the UI's atlas, rendered by FreeType without
// hinting (as HarfBuzz measures the advances) in FT_RENDER_MODE_NORMAL. Draw its top-left
// corner at (pen x + bearing_x, baseline y - bearing_y) in y-down screen coordinates.
struct GlyphBitmap {
  int width = 0;
  int height = 0;
  int bearing_x = 0;
  int bearing_y = 0;
  float advance = 0;                // pixels, unhinted
  std::vector<std::uint8_t> alpha;  // width * height bytes, rows top to bottom, no padding
};

// Error "font.glyph" when FreeType cannot load or render the glyph (e.g. an id the font lacks).
// A glyph with no outline (a space) is an empty bitmap, not an error.
Result<GlyphBitmap> rasterize_glyph(FontFace& face, std::uint32_t glyph_id);

}  // namespace sichtbar::script
