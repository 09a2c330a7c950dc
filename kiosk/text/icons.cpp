// The pictogram table (see icons.h).
#include "text/icons.h"

#include <array>
#include <cstdlib>

namespace sichtbar::script {
namespace {

// Code points from /usr/share/fonts-material-design-icons-iconfont/css/material-design-icons.css
// (a test reads that file and checks each one, and that the font has a glyph for it).
constexpr std::array<IconGlyph, 90> kIcons = {{
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
    {Icon::handshake, "handshake", 0xebcb, false},
    {Icon::person, "person", 0xe7fd, false},
    {Icon::translate, "translate", 0xe8e2, false},
    {Icon::work, "work", 0xe8f9, false},
    {Icon::handyman, "handyman", 0xf10b, false},
    {Icon::sports_soccer, "sports_soccer", 0xea2f, false},
    {Icon::star, "star", 0xe838, false},
    {Icon::menu_book, "menu_book", 0xea19, false},
    {Icon::workspace_premium, "workspace_premium", 0xe7af, false},
    {Icon::more_horiz, "more_horiz", 0xe5d3, false},
    {Icon::check_circle, "check_circle", 0xe86c, false},
    {Icon::cancel, "cancel", 0xe5c9, false},
    {Icon::hourglass_empty, "hourglass_empty", 0xe88b, false},
    {Icon::pending, "pending", 0xef64, false},
    {Icon::verified, "verified", 0xef76, false},
    {Icon::rule, "rule", 0xf1c2, false},
    {Icon::block, "block", 0xe14b, false},
    {Icon::filter_1, "filter_1", 0xe3d0, false},
    {Icon::filter_2, "filter_2", 0xe3d1, false},
    {Icon::filter_3, "filter_3", 0xe3d2, false},
    {Icon::filter_4, "filter_4", 0xe3d4, false},
    {Icon::filter_5, "filter_5", 0xe3d5, false},
    {Icon::filter_6, "filter_6", 0xe3d6, false},
    {Icon::filter_7, "filter_7", 0xe3d7, false},
    {Icon::filter_8, "filter_8", 0xe3d8, false},
    {Icon::fact_check, "fact_check", 0xf0c5, false},
    {Icon::description, "description", 0xe873, false},
    {Icon::email, "email", 0xe0be, false},
    {Icon::language, "language", 0xe894, false},
    {Icon::smartphone, "smartphone", 0xe32c, false},
    {Icon::videocam, "videocam", 0xe04b, false},
    {Icon::share, "share", 0xe80d, false},
    {Icon::calculate, "calculate", 0xea5f, false},
    {Icon::palette, "palette", 0xe40a, false},
    {Icon::code, "code", 0xe86f, false},
    // Vehicles seen from the side drive towards where reading goes: mirrored.
    {Icon::moped, "moped", 0xeb28, true},
    {Icon::two_wheeler, "two_wheeler", 0xe9f9, true},
    {Icon::directions_car, "directions_car", 0xe531, false},
    {Icon::local_shipping, "local_shipping", 0xe558, true},
    {Icon::directions_bus, "directions_bus", 0xe530, false},
    {Icon::sports, "sports", 0xea30, false},
    {Icon::groups, "groups", 0xf233, false},
    {Icon::event, "event", 0xe878, false},
    {Icon::schedule, "schedule", 0xe8b5, false},
    {Icon::bolt, "bolt", 0xea0b, false},
    {Icon::lock, "lock", 0xe897, false},
    {Icon::visibility, "visibility", 0xe8f4, false},
    {Icon::delete_, "delete", 0xe872, false},
    {Icon::gavel, "gavel", 0xe90e, false},
    {Icon::contact_phone, "contact_phone", 0xe0cf, false},
    {Icon::policy, "policy", 0xea17, false},
    {Icon::qr_code, "qr_code", 0xef6b, false},
    {Icon::skip_next, "skip_next", 0xe044, true},
    {Icon::record_voice_over, "record_voice_over", 0xe91f, false},
    {Icon::info, "info", 0xe88e, false},
    {Icon::account_balance, "account_balance", 0xe84f, false},
    {Icon::undo, "undo", 0xe166, true},
    {Icon::how_to_reg, "how_to_reg", 0xe174, false},
    {Icon::edit, "edit", 0xe3c9, false},
    {Icon::pause_circle, "pause_circle", 0xe1a2, false},
    {Icon::warning, "warning", 0xe002, false},
    {Icon::payments, "payments", 0xef63, false},
    {Icon::luggage, "luggage", 0xf235, false},
    {Icon::home, "home", 0xe88a, false},
    {Icon::search_off, "search_off", 0xea76, false},
    {Icon::help_outline, "help_outline", 0xe8fd, false},
    {Icon::class_, "class", 0xe86e, false},
    {Icon::sync, "sync", 0xe627, false},
    {Icon::usb, "usb", 0xe1e0, false},
    {Icon::pin, "pin", 0xf045, false},
    // An arrow out of a door: out where reading goes.
    {Icon::logout, "logout", 0xe9ba, true},
    {Icon::save, "save", 0xe161, false},
    {Icon::lock_open, "lock_open", 0xe898, false},
    {Icon::print, "print", 0xe8ad, false},
    {Icon::link, "link", 0xe157, false},
}};

struct SectionIcon {
  std::string_view section;
  Icon icon;
};
constexpr SectionIcon kSectionIcons[] = {
    {"consent", Icon::handshake},    {"about", Icon::person}, {"languages", Icon::translate},
    {"education", Icon::school},     {"work", Icon::work},    {"skills", Icon::handyman},
    {"sports", Icon::sports_soccer}, {"wishes", Icon::star},
};

// Choices by meaning. An empty field matches any field: yes, no, none and other mean the same
// everywhere, and every language_level field offers the CEFR levels. A value of one field never
// stands for another's ("c" is a lorry licence, and a coaching licence).
struct OptionIcon {
  std::string_view field;
  std::string_view value;
  Icon icon;
};
constexpr OptionIcon kOptionIcons[] = {
    {"", "yes", Icon::check_circle},
    {"", "no", Icon::cancel},
    {"", "none", Icon::block},
    {"", "other", Icon::more_horiz},
    // Levels as numbers, the lowest 1: CEFR A1 ... C2 and EQF 1 ... 8.
    {"", "A1", Icon::filter_1},
    {"", "A2", Icon::filter_2},
    {"", "B1", Icon::filter_3},
    {"", "B2", Icon::filter_4},
    {"", "C1", Icon::filter_5},
    {"", "C2", Icon::filter_6},
    // Consent's purposes (the consent screen's choices).
    {"purposes", "keep_profile", Icon::qr_code},
    {"purposes", "contact", Icon::contact_phone},
    {"purposes", "employers", Icon::business_center},
    // A German certificate: one picture for every exam; "none" and "other" as everywhere.
    {"german_certificate", "goethe", Icon::workspace_premium},
    {"german_certificate", "telc", Icon::workspace_premium},
    {"german_certificate", "testdaf", Icon::workspace_premium},
    {"german_certificate", "oesd", Icon::workspace_premium},
    {"german_certificate", "dtz", Icon::workspace_premium},
    {"kind", "school", Icon::menu_book},
    {"kind", "vocational_training", Icon::construction},
    {"kind", "university", Icon::school},
    {"kind", "master_craftsman", Icon::workspace_premium},
    {"level", "eqf_1", Icon::filter_1},
    {"level", "eqf_2", Icon::filter_2},
    {"level", "eqf_3", Icon::filter_3},
    {"level", "eqf_4", Icon::filter_4},
    {"level", "eqf_5", Icon::filter_5},
    {"level", "eqf_6", Icon::filter_6},
    {"level", "eqf_7", Icon::filter_7},
    {"level", "eqf_8", Icon::filter_8},
    {"recognition", "not_started", Icon::hourglass_empty},
    {"recognition", "in_progress", Icon::pending},
    {"recognition", "full", Icon::verified},
    {"recognition", "partial", Icon::rule},
    {"recognition", "refused", Icon::block},
    {"recognition", "not_needed", Icon::check_circle},
    {"recognition", "dont_know", Icon::help_outline},
    // Form version 2: how far school went, how far studies went and why not further, where the
    // papers are, how the work was learned, and reading and writing per language.
    {"schooling", "interrupted", Icon::pause_circle},
    {"schooling", "completed", Icon::school},
    {"kind", "master_informal", Icon::handyman},
    {"kind", "short_course", Icon::class_},
    {"status", "finished", Icon::check_circle},
    {"status", "not_finished", Icon::pause_circle},
    {"status", "ongoing", Icon::pending},
    {"not_finished_reason", "war", Icon::warning},
    {"not_finished_reason", "ban", Icon::block},
    {"not_finished_reason", "money", Icon::payments},
    {"not_finished_reason", "moving", Icon::luggage},
    {"documents_status", "with_me", Icon::description},
    {"documents_status", "at_home", Icon::home},
    {"documents_status", "lost", Icon::search_off},
    {"learned", "at_work", Icon::work},
    {"learned", "from_master", Icon::handyman},
    {"learned", "short_courses", Icon::class_},
    {"learned", "formal_training", Icon::school},
    {"literacy", "speak", Icon::record_voice_over},
    {"literacy", "read", Icon::menu_book},
    {"literacy", "write", Icon::edit},
    {"digital", "office", Icon::description},
    {"digital", "email", Icon::email},
    {"digital", "internet", Icon::language},
    {"digital", "smartphone", Icon::smartphone},
    {"digital", "video_calls", Icon::videocam},
    {"digital", "social_media", Icon::share},
    {"digital", "accounting", Icon::calculate},
    {"digital", "design", Icon::palette},
    {"digital", "programming", Icon::code},
    {"driving_licences", "am", Icon::moped},
    {"driving_licences", "a1", Icon::two_wheeler},
    {"driving_licences", "a2", Icon::two_wheeler},
    {"driving_licences", "a", Icon::two_wheeler},
    {"driving_licences", "b", Icon::directions_car},
    {"driving_licences", "be", Icon::directions_car},
    {"driving_licences", "c1", Icon::local_shipping},
    {"driving_licences", "c1e", Icon::local_shipping},
    {"driving_licences", "c", Icon::local_shipping},
    {"driving_licences", "ce", Icon::local_shipping},
    {"driving_licences", "d1", Icon::directions_bus},
    {"driving_licences", "d", Icon::directions_bus},
    {"driving_licences", "de", Icon::directions_bus},
    {"driving_licences", "l", Icon::agriculture},
    {"driving_licences", "t", Icon::agriculture},
    {"driving_licences", "forklift", Icon::machine_operators},
    {"coaching_licence", "c", Icon::sports},
    {"coaching_licence", "b", Icon::sports},
    {"coaching_licence", "b_plus", Icon::sports},
    {"coaching_licence", "a", Icon::sports},
    {"coaching_licence", "a_plus", Icon::sports},
    {"coaching_licence", "pro", Icon::sports},
    {"coaching_licence", "foreign", Icon::language},
    {"wants", "job", Icon::work},
    {"wants", "training", Icon::school},
    {"wants", "recognition_advice", Icon::verified},
    {"wants", "language_course", Icon::translate},
    {"wants", "mentoring", Icon::groups},
    {"start", "now", Icon::bolt},
    {"start", "within_3_months", Icon::event},
    {"start", "later", Icon::schedule},
};

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

std::optional<Icon> section_icon(std::string_view section_id) {
  for (const SectionIcon& s : kSectionIcons)
    if (s.section == section_id) return s.icon;
  return std::nullopt;
}

std::optional<Icon> option_icon(std::string_view field_id, std::string_view value) {
  for (const OptionIcon& o : kOptionIcons)
    if (o.field == field_id && o.value == value) return o.icon;
  for (const OptionIcon& o : kOptionIcons)
    if (o.field.empty() && o.value == value) return o.icon;
  return std::nullopt;
}

}  // namespace sichtbar::script
