// The kiosk's pictograms: glyphs of Google's Material Icons font as Debian installs it
// (fonts-material-design-icons-iconfont 6.7.0), named as in its CSS, in one table so that every
// screen (the occupation picker's browse path, the sections, the choices, consent) draws the
// same set. Which pictogram stands for which ISCO-08 major group, form section and form option
// is chosen here too, so a person who does not read can answer by pictures. The UI rasterises
// these glyphs into its atlas beside the shaped text (ui/text_renderer.h).
#pragma once

#include <cstdint>
#include <optional>
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
  // From here on named as the font's CSS names them (issue #17: sections, choices, consent).
  handshake,
  person,
  translate,
  work,
  handyman,
  sports_soccer,
  star,
  menu_book,
  workspace_premium,
  more_horiz,
  check_circle,
  cancel,
  hourglass_empty,
  pending,
  verified,
  rule,
  block,
  filter_1,  // a number in a frame: the CEFR and EQF levels, 1 ... 8
  filter_2,
  filter_3,
  filter_4,
  filter_5,
  filter_6,
  filter_7,
  filter_8,
  fact_check,
  description,
  email,
  language,
  smartphone,
  videocam,
  share,
  calculate,
  palette,
  code,
  moped,
  two_wheeler,
  directions_car,
  local_shipping,
  directions_bus,
  sports,
  groups,
  event,
  schedule,
  bolt,
  lock,
  visibility,
  delete_,  // "delete" (a C++ keyword)
  gavel,
  contact_phone,
  policy,
  qr_code,
  skip_next,
  record_voice_over,
  // The consent's steps (domain/consent_text.h; their purposes are choices like any other).
  info,             // what this is
  account_balance,  // who is responsible
  undo,             // taking consent back
  how_to_reg,       // the choices
  // Form version 2's choices: literacy, schooling, studies cut short, papers, ways of learning.
  edit,
  pause_circle,
  warning,
  payments,
  luggage,
  home,
  search_off,
  help_outline,
  class_,  // "class" (a C++ keyword)
  // The volunteer's actions (issue #17's design pass): sync, export to a stick, the PIN, quit,
  // save, unlock, the slip printer.
  sync,
  usb,
  pin,
  logout,
  save,
  lock_open,
  print,
  // Connecting the kiosk to the office hub.
  link,
  // Glyphs the table holds under an ISCO group's name, by their font names.
  school = professionals,
  construction = crafts,
  support_agent = clerks,
  business_center = managers,
  // What a typed field shows: ask a helper to type it, or skip it (ui/field_editors.h).
  ask_helper = support_agent,
  skip = skip_next,
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
// The pictogram of a form section by its id ("education"); none for a section without one.
std::optional<Icon> section_icon(std::string_view section_id);
// The pictogram of a choice: the option `value` of the field `field_id` ("driving_licences",
// "c"); one keyed by value alone where the meaning does not depend on the field (yes, no,
// none, other, the CEFR levels "A1" ... "C2", the EQF levels). None for an option without one: a
// new form version's options draw as words until they get a picture here.
std::optional<Icon> option_icon(std::string_view field_id, std::string_view value);

}  // namespace sichtbar::script
