// The on-screen keyboard as data: one layout per script the kiosk's languages are written in
// (German QWERTZ, English/Somali QWERTY, Turkish Q, Kurmanji, French AZERTY, Russian, Ukrainian,
// Arabic, Persian, Pashto, Tigrinya/Ethiopic) plus symbols, digits, phone and email layouts; which
// layout a UI language and a field's format call for; and OnScreenKeyboard, the small state
// machine of one keyboard on screen (shift, symbols, Latin letters beside another script, and
// Ethiopic's two taps: a consonant, then its vowel order). No drawing: the UI draws rows() and
// calls press(row, column); the text field keeps the text (logical order) and the cursor.
//
// Every label and text is UTF-8 in the Basic Multilingual Plane (ImGui 1.86's ImWchar is 16-bit).
// Function keys carry symbols as labels (⇧ ⌫ ✓ ␣); the UI may draw icons by action instead.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/form.h"

namespace sichtbar {

enum class LayoutId {
  German,     // QWERTZ with ä ö ü ß
  English,    // QWERTY with the apostrophe; also Somali's (Latin letters, ' for the glottal stop)
  Turkish,    // Turkish Q: ç ğ ı İ ö ş ü, dotted and dotless i
  Kurmanji,   // QWERTY with ç ê î ş û
  French,     // AZERTY with a row of accented letters
  Russian,    // ЙЦУКЕН
  Ukrainian,  // ЙЦУКЕН with і ї є ґ and the apostrophe ʼ
  Arabic,
  Persian,   // with پ چ ژ گ, Persian ی and ک, and a zero-width non-joiner key
  Pashto,    // with ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې ي
  Tigrinya,  // Ethiopic: consonant first, then the vowel order
  Latin,     // QWERTY beside a non-Latin layout (names, places written in Latin letters)
  Symbols,   // digits and punctuation beside any letters layout
  Digits,    // years and numbers
  Phone,     // digits and + - ( ) / space
  Email,     // digits, lower-case letters, @ . - _ +
};

enum class KeyAction {
  Insert,        // inserts `text`
  Space,         // inserts " "
  Backspace,     // the text field deletes the character before the cursor
  Shift,         // the next letter in capitals (layouts with `shifted` rows)
  SwitchLayout,  // shows `target` (symbols, Latin letters)
  Home,          // back to the keyboard's own layout; its label is that layout's home_label
  Done,          // closes the keyboard
  EthiopicRow,   // first of Ethiopic's two taps: shows the vowel orders of `ethiopic_row`
};

struct Key {
  std::string label;  // what the key shows
  std::string text;   // what Insert inserts
  KeyAction action = KeyAction::Insert;
  float width = 1.0f;                   // in key units (kMaxRowUnits per row at most)
  LayoutId target = LayoutId::Symbols;  // SwitchLayout
  char32_t ethiopic_row = 0;  // EthiopicRow: the row's first-order syllable, e.g. U+1208 ለ
};
using KeyRow = std::vector<Key>;

struct KeyboardLayout {
  LayoutId id = LayoutId::English;
  std::string_view name;        // "German (QWERTZ)": for the volunteer, logs and tests
  std::string_view home_label;  // how a key back to this layout is labelled: "ABC", "АБВ", "أبت"
  bool right_to_left = false;
  std::vector<KeyRow> rows;
  std::vector<KeyRow> shifted;  // the same rows in capitals; empty for scripts without case
};

// Rows stay at most this many key units wide, so that even on a 1080 px wide screen (portrait
// 1080p, the narrowest the kiosk supports) a one-unit key is at least kMinKeyPx wide with
// kKeyGapPx between keys: (1080 - 15 * 6) / 14 = 70 px.
inline constexpr float kMaxRowUnits = 14.0f;
inline constexpr float kNarrowestScreenPx = 1080.0f;
inline constexpr float kKeyGapPx = 6.0f;
inline constexpr float kMinKeyPx = 48.0f;

const KeyboardLayout& keyboard_layout(LayoutId id);
std::span<const LayoutId> all_layouts();

// The letters layout for a UI language (ui_languages.h); German for anything else.
LayoutId layout_for_language(std::string_view ui_language);
// The layout a field's type or format calls for whatever the language: email and phone text,
// year and number; none for other fields (they use the language's layout).
std::optional<LayoutId> layout_for_field(const Field& field);
// What the keyboard shows first for a field: layout_for_field, else layout_for_language.
LayoutId keyboard_for(const Field& field, std::string_view ui_language);

// Ethiopic: the consonant rows the Tigrinya layout offers, and the keys of one row's vowel orders.
// A regular row has 8 syllables, U+1200 + 8 * row + order (order 0-6: ä u i a e ə o, 7: the
// -wa or -oa form); a few rows have 7. The six labialized rows that follow ቀ ቐ ኀ ከ ኸ ገ
// (ቈ ቘ ኈ ኰ ዀ ጐ, orders 0 2 3 4 5) are shown with their consonant rather than as rows of their own.
struct EthiopicRow {
  char32_t first = 0;       // first-order syllable, e.g. U+1240 ቀ
  int orders = 8;           // syllables first .. first + orders - 1
  char32_t labialized = 0;  // first syllable of its labialized row, or 0
};
std::span<const EthiopicRow> ethiopic_rows();
KeyboardLayout ethiopic_orders(char32_t first_order);

// One keyboard on screen. Copyable, so a test can explore what each tap leads to.
class OnScreenKeyboard {
 public:
  explicit OnScreenKeyboard(LayoutId home);

  LayoutId home() const { return home_; }
  LayoutId showing() const { return showing_; }
  bool shift_on() const { return shift_; }
  // Ethiopic: the row whose vowel orders are shown after the first tap; 0 otherwise.
  char32_t ethiopic_row() const { return ethiopic_row_; }
  bool right_to_left() const { return keyboard_layout(showing_).right_to_left; }
  const std::vector<KeyRow>& rows() const { return view_; }

  struct Effect {
    enum class Kind { None, Insert, Backspace, Done };
    Kind kind = Kind::None;
    std::string text;  // Insert
  };
  // A tap on rows()[row][column]. Shift lasts one letter; an Ethiopic syllable returns to the
  // consonants. A position outside rows() does nothing.
  Effect press(std::size_t row, std::size_t column);

 private:
  void rebuild();

  LayoutId home_;
  LayoutId showing_;
  bool shift_ = false;
  char32_t ethiopic_row_ = 0;
  std::vector<KeyRow> view_;
};

}  // namespace sichtbar
