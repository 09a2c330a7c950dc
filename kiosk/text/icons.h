// The kiosk's pictograms: glyphs of Google's Material Icons font as Debian installs it
// (fonts-material-design-icons-iconfont 6.7.0), named as in its CSS, in one table so that every
// screen (the occupation picker's browse path, issue #17's work) draws the same set. Which
// pictogram stands for which ISCO-08 major group is chosen here too. The UI rasterises these
// glyphs into its atlas beside the shaped text (ui/text_renderer.h).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace sichtbar::script {

inline constexpr const char* kMaterialIconsFont =
    "/usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf";
inline constexpr const char* kMaterialIconsPackage = "fonts-material-design-icons-iconfont";

enum class Icon : std::uint8_t {
  back,          // a step up (arrow_back)
  not_listed,    // "my occupation is not in the list" (edit_note)
  forward,       // a tile that opens a level below (chevron_right)
  armed_forces,  // ISCO 0 ... 9, in this order
  managers,
  professionals,
  technicians,
  clerks,
  services_sales,
  agriculture,
  crafts,
  machine_operators,
  elementary,
  read_aloud,    // the speaker button (volume_up)
  stop_reading,  // the speaker button while it speaks (stop)
  // The consent's steps (domain/consent_text.h) and its purposes, in the order they show.
  consent_about,       // what this is (info)
  consent_controller,  // who is responsible (account_balance)
  consent_keep,        // what is kept, how long (schedule)
  consent_rights,      // the person's rights (gavel)
  consent_withdraw,    // take consent back, complain (undo)
  consent_choose,      // the choices (how_to_reg)
  purpose_keep_profile,  // keep my profile, give me a link (qr_code)
  purpose_contact,       // the office may call or write (call)
  purpose_employers,     // employers may see it (work)
};

struct IconGlyph {
  Icon icon;
  std::string_view name;  // the Material Icons name ("arrow_back"), as its CSS calls it
  char32_t code_point;    // in the font's private use area, as its CSS gives it
  bool directional;       // points somewhere: mirrored in a right-to-left screen
};

// Every pictogram the kiosk draws, in Icon order.
std::span<const IconGlyph> icon_table();
const IconGlyph& icon_glyph(Icon icon);
// The pictogram of an ISCO-08 major group ('0' ... '9'); forward for anything else.
Icon isco_major_icon(char major);

}  // namespace sichtbar::script
