// The pictogram table (see icons.h).
#include "text/icons.h"

#include <array>
#include <cstdlib>

namespace sichtbar::script {
namespace {

// Code points from /usr/share/fonts-material-design-icons-iconfont/css/material-design-icons.css
// (a test reads that file and checks each one, and that the font has a glyph for it).
constexpr std::array<IconGlyph, 24> kIcons = {{
    {Icon::back, "arrow_back", 0xe5c4, true},
    {Icon::not_listed, "edit_note", 0xe745, false},
    {Icon::forward, "chevron_right", 0xe5cc, true},
    {Icon::armed_forces, "military_tech", 0xea3f, false},
    {Icon::managers, "business_center", 0xeb3f, false},
    {Icon::professionals, "school", 0xe80c, false},
    {Icon::technicians, "engineering", 0xea3d, false},
    {Icon::clerks, "support_agent", 0xf0e2, false},
    {Icon::services_sales, "storefront", 0xea12, false},
    {Icon::agriculture, "agriculture", 0xea79, false},
    {Icon::crafts, "construction", 0xea3c, false},
    {Icon::machine_operators, "precision_manufacturing", 0xf049, false},
    {Icon::elementary, "cleaning_services", 0xf0ff, false},
    {Icon::read_aloud, "volume_up", 0xe050, false},
    {Icon::stop_reading, "stop", 0xe047, false},
    {Icon::consent_about, "info", 0xe88e, false},
    {Icon::consent_controller, "account_balance", 0xe84f, false},
    {Icon::consent_keep, "schedule", 0xe8b5, false},
    {Icon::consent_rights, "gavel", 0xe90e, false},
    {Icon::consent_withdraw, "undo", 0xe166, true},
    {Icon::consent_choose, "how_to_reg", 0xe174, false},
    {Icon::purpose_keep_profile, "qr_code", 0xef6b, false},
    {Icon::purpose_contact, "call", 0xe0b0, false},
    {Icon::purpose_employers, "work", 0xe8f9, false},
}};

}  // namespace

std::span<const IconGlyph> icon_table() { return kIcons; }

const IconGlyph& icon_glyph(Icon icon) {
  const auto i = static_cast<std::size_t>(icon);
  if (i >= kIcons.size() || kIcons[i].icon != icon) std::abort();  // the table's order is wrong
  return kIcons[i];
}

Icon isco_major_icon(char major) {
  if (major < '0' || major > '9') return Icon::forward;
  return static_cast<Icon>(static_cast<int>(Icon::armed_forces) + (major - '0'));
}

}  // namespace sichtbar::script
