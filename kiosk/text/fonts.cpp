// Loading fonts, sizing faces the way Dear ImGui's FreeType builder does, and rasterizing glyphs
// for the UI's atlas; see fonts.h.
#include "text/fonts.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <utility>

namespace sichtbar::script {
namespace {

constexpr int kMaxPixelSize = 512;

// Outlines are scaled and rasterised without hinting. At the kiosk's sizes (22 px and up,
// grey-scale anti-aliased) hinting changes little a person can see, but FreeType's TrueType
// bytecode interpreter made rasterising the atlas's glyphs eight times slower: most of the
// kiosk's time from start to its first frame (tests/bench/kiosk_bench.cpp).
constexpr FT_Int32 kGlyphLoadFlags = FT_LOAD_DEFAULT | FT_LOAD_NO_HINTING;

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "sichtbar_text: %s\n", what);
  std::abort();
}

float from_26_6(long v) { return static_cast<float>(v) / 64.0f; }

// FreeType's library handle; the faces are created from it and must be closed before it.
struct FreeTypeLibrary {
  FT_Library library = nullptr;
  FreeTypeLibrary() {
    if (FT_Init_FreeType(&library) != 0) die("FreeType could not be initialised");
  }
  ~FreeTypeLibrary() { FT_Done_FreeType(library); }
  FreeTypeLibrary(const FreeTypeLibrary&) = delete;
  FreeTypeLibrary& operator=(const FreeTypeLibrary&) = delete;
};

std::atomic<std::uint64_t> next_font_set_id{1};

}  // namespace

std::vector<FontFile> noto_font_files(const std::filesystem::path& dir) {
  return {{dir / "NotoSans-Regular.ttf", FontRole::general},
          {dir / "NotoNaskhArabic-Regular.ttf", FontRole::arabic},
          {dir / "NotoSansEthiopic-Regular.ttf", FontRole::ethiopic}};
}

FontFace::~FontFace() {
  // The HarfBuzz font holds a reference on the FreeType face (hb_ft_font_create_referenced).
  hb_font_destroy(font_);
  FT_Done_Face(face_);
}

float FontFace::ascender() const { return from_26_6(face_->size->metrics.ascender); }
float FontFace::descender() const { return -from_26_6(face_->size->metrics.descender); }
std::uint32_t FontFace::glyph_for(char32_t cp) const { return FT_Get_Char_Index(face_, cp); }

struct FontSet::Impl {
  // Declaration order is destruction order in reverse: faces first, then their bytes, then
  // the library they came from.
  FreeTypeLibrary library;
  std::vector<FontFile> files;
  std::vector<std::vector<FT_Byte>> bytes;
  std::map<std::pair<std::size_t, int>, std::unique_ptr<FontFace>> faces;
  std::uint64_t id = next_font_set_id.fetch_add(1);
};

FontSet::FontSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FontSet::FontSet(FontSet&&) noexcept = default;
FontSet& FontSet::operator=(FontSet&&) noexcept = default;
FontSet::~FontSet() = default;

Result<FontSet> FontSet::open(const std::vector<FontFile>& files) {
  if (files.empty()) return fail("font.none", "No font files were given.");
  auto impl = std::make_unique<Impl>();
  for (const FontFile& file : files) {
    std::ifstream in(file.path, std::ios::binary);
    std::vector<FT_Byte> data;
    if (in) data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in || data.empty()) {
      return fail("font.unreadable", "The font file " + file.path.string() +
                                         " cannot be read. On Debian it comes with the package " +
                                         file.package + ".");
    }
    // Open once to prove the file is a font FreeType understands, so that later faces at other
    // sizes cannot fail for a reason a volunteer could fix.
    FT_Face probe = nullptr;
    if (FT_New_Memory_Face(impl->library.library, data.data(), static_cast<FT_Long>(data.size()), 0,
                           &probe) != 0) {
      return fail("font.invalid", "The file " + file.path.string() + " is not a usable font.");
    }
    const bool scalable = FT_IS_SCALABLE(probe);
    FT_Done_Face(probe);
    if (!scalable) {
      return fail("font.invalid", "The font " + file.path.string() + " has no outlines.");
    }
    impl->files.push_back(file);
    impl->bytes.push_back(std::move(data));
  }
  return FontSet(std::move(impl));
}

std::size_t FontSet::size() const { return impl_->files.size(); }

const FontFile& FontSet::file(std::size_t font) const {
  if (font >= impl_->files.size()) die("font index out of range");
  return impl_->files[font];
}

FontFace& FontSet::face(std::size_t font, int pixel_size) {
  if (font >= impl_->files.size()) die("font index out of range");
  if (pixel_size < 1 || pixel_size > kMaxPixelSize) die("font pixel size out of range");
  auto& slot = impl_->faces[{font, pixel_size}];
  if (slot) return *slot;

  const auto& data = impl_->bytes[font];
  FT_Face face = nullptr;
  if (FT_New_Memory_Face(impl_->library.library, data.data(), static_cast<FT_Long>(data.size()), 0,
                         &face) != 0) {
    die("FreeType could not open a font it opened before");
  }
  // Dear ImGui's FreeType builder (imgui_freetype.cpp, 1.86) sizes its fonts this way.
  FT_Size_RequestRec request{};
  request.type = FT_SIZE_REQUEST_TYPE_REAL_DIM;
  request.width = 0;
  request.height = static_cast<FT_Long>(pixel_size) * 64;
  if (FT_Request_Size(face, &request) != 0) die("FreeType could not size a font");
  hb_font_t* hb = hb_ft_font_create_referenced(face);
  // Unhinted advances, like the bitmaps rasterize_glyph renders, so glyphs sit where their
  // pixels were drawn for (HarfBuzz's default for FreeType fonts, said here on purpose).
  hb_ft_font_set_load_flags(hb, kGlyphLoadFlags);
  slot.reset(new FontFace(face, hb, pixel_size));
  return *slot;
}

std::size_t FontSet::font_for(FontRole role) const {
  const auto& files = impl_->files;
  const auto it =
      std::find_if(files.begin(), files.end(), [&](const FontFile& f) { return f.role == role; });
  return it == files.end() ? 0 : static_cast<std::size_t>(it - files.begin());
}

std::uint64_t FontSet::id() const { return impl_->id; }

float FontSet::ascender(int pixel_size) {
  float a = 0;
  for (std::size_t f = 0; f < size(); ++f) a = std::max(a, face(f, pixel_size).ascender());
  return a;
}

float FontSet::descender(int pixel_size) {
  float d = 0;
  for (std::size_t f = 0; f < size(); ++f) d = std::max(d, face(f, pixel_size).descender());
  return d;
}

Result<GlyphBitmap> rasterize_glyph(FontFace& face, std::uint32_t glyph_id) {
  FT_Face ft = face.ft_face();
  if (FT_Load_Glyph(ft, glyph_id, kGlyphLoadFlags) != 0 ||
      FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL) != 0) {
    return fail("font.glyph", "Glyph " + std::to_string(glyph_id) + " of " +
                                  std::string(ft->family_name ? ft->family_name : "a font") +
                                  " cannot be rendered.");
  }
  const FT_GlyphSlot slot = ft->glyph;
  const FT_Bitmap& bitmap = slot->bitmap;
  if (bitmap.pixel_mode != FT_PIXEL_MODE_GRAY && bitmap.rows > 0 && bitmap.width > 0) {
    return fail("font.glyph", "Glyph " + std::to_string(glyph_id) + " is not a grey bitmap.");
  }
  GlyphBitmap out;
  out.width = static_cast<int>(bitmap.width);
  out.height = static_cast<int>(bitmap.rows);
  out.bearing_x = slot->bitmap_left;
  out.bearing_y = slot->bitmap_top;
  out.advance = from_26_6(slot->advance.x);
  out.alpha.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height));
  // FreeType rows may be padded (pitch > width) or stored bottom-up (pitch < 0).
  for (int row = 0; row < out.height; ++row) {
    const unsigned char* src = bitmap.pitch >= 0
                                   ? bitmap.buffer + row * bitmap.pitch
                                   : bitmap.buffer + (out.height - 1 - row) * -bitmap.pitch;
    std::memcpy(out.alpha.data() + static_cast<std::size_t>(row) * out.width, src,
                static_cast<std::size_t>(out.width));
  }
  return out;
}

}  // namespace sichtbar::script
