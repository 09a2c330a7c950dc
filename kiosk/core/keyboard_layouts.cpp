// The keyboard layouts' data and the on-screen keyboard's state machine; see keyboard_layouts.h.
// Letter rows are written as space-separated text, one string per row, so each layout reads
// like the keyboard it is.
#include "core/keyboard_layouts.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "base/text.h"

namespace sichtbar {

namespace {

constexpr std::string_view kShiftLabel = "⇧";
constexpr std::string_view kBackspaceLabel = "⌫";
constexpr std::string_view kDoneLabel = "✓";
constexpr std::string_view kSpaceLabel = "␣";
constexpr std::string_view kSymbolsLabel = "?123";
constexpr std::string_view kZwnj = "\u200C";  // zero-width non-joiner: Persian's half space

std::string utf8(char32_t c) {
  std::string out;
  append_utf8(out, c);
  return out;
}

Key insert(std::string_view text, float width = 1.0f) {
  return Key{std::string(text), std::string(text), KeyAction::Insert, width};
}
Key action(KeyAction what, std::string_view label, float width) {
  return Key{std::string(label), "", what, width};
}
Key switch_to(LayoutId target, std::string_view label, float width) {
  Key k = action(KeyAction::SwitchLayout, label, width);
  k.target = target;
  return k;
}
Key space(float width) { return action(KeyAction::Space, kSpaceLabel, width); }
Key backspace(float width = 1.5f) { return action(KeyAction::Backspace, kBackspaceLabel, width); }
Key done(float width = 2.0f) { return action(KeyAction::Done, kDoneLabel, width); }
Key home(float width) { return action(KeyAction::Home, "", width); }  // label: the home layout's

KeyRow keys(std::string_view spaced, float width = 1.0f) {
  KeyRow row;
  while (!spaced.empty()) {
    const std::size_t gap = spaced.find(' ');
    if (gap != 0) row.push_back(insert(spaced.substr(0, gap), width));
    if (gap == std::string_view::npos) break;
    spaced.remove_prefix(gap + 1);
  }
  return row;
}

// How a letters layout ends: the row of space, punctuation and the keys that switch layouts.
struct BottomRow {
  bool latin_beside = false;  // a key to Latin letters (layouts of other scripts)
  bool back_home = false;     // a key back to the home layout (the Latin layout beside another)
  std::string_view comma = ",";
  std::string_view stop = ".";
  bool hyphen = false;  // double names and places: Müller-Lüdenscheidt
  bool zwnj = false;
};

KeyRow bottom_row(const BottomRow& b) {
  KeyRow row{switch_to(LayoutId::Symbols, kSymbolsLabel, 1.5f)};
  if (b.latin_beside) row.push_back(switch_to(LayoutId::Latin, "ABC", 1.5f));
  if (b.back_home) row.push_back(home(1.5f));
  row.push_back(insert(b.comma));
  if (b.zwnj) {
    Key zwnj = insert(kZwnj, 2.0f);
    zwnj.label = "نیم‌فاصله";  // "half space", as Persian keyboards name it
    row.push_back(zwnj);
  }
  row.push_back(space(b.zwnj || b.latin_beside || b.back_home ? 4.0f : 5.0f));
  row.push_back(insert(b.stop));
  if (b.hyphen) row.push_back(insert("-"));
  row.push_back(done());
  return row;
}

struct LettersLayout {
  LayoutId id;
  std::string_view name;
  std::string_view home_label;
  bool right_to_left;
  std::vector<std::string_view> rows;
  std::vector<std::string_view> shifted;  // same shape as rows, or empty
  BottomRow bottom;
};

// The last letter row gets Shift in front (when there are capitals) and Backspace at its end.
KeyboardLayout letters_layout(const LettersLayout& d) {
  KeyboardLayout layout{d.id, d.name, d.home_label, d.right_to_left, {}, {}};
  auto build = [&](const std::vector<std::string_view>& source, std::vector<KeyRow>& out) {
    for (std::size_t i = 0; i < source.size(); ++i) {
      KeyRow row = keys(source[i]);
      if (i + 1 == source.size()) {
        if (!d.shifted.empty())
          row.insert(row.begin(), action(KeyAction::Shift, kShiftLabel, 1.5f));
        row.push_back(backspace());
      }
      out.push_back(std::move(row));
    }
    out.push_back(bottom_row(d.bottom));
  };
  build(d.rows, layout.rows);
  if (!d.shifted.empty()) build(d.shifted, layout.shifted);
  return layout;
}

const std::vector<LettersLayout>& letters_layouts() {
  static const std::vector<LettersLayout> layouts = {
      {LayoutId::German,
       "German (QWERTZ)",
       "ABC",
       false,
       {"q w e r t z u i o p ü", "a s d f g h j k l ö ä", "y x c v b n m ß"},
       // ß has no everyday capital; the rare ẞ would only surprise.
       {"Q W E R T Z U I O P Ü", "A S D F G H J K L Ö Ä", "Y X C V B N M ß"},
       {.hyphen = true}},
      {LayoutId::English,
       "English and Somali (QWERTY)",
       "ABC",
       false,
       {"q w e r t y u i o p", "a s d f g h j k l '", "z x c v b n m"},
       {"Q W E R T Y U I O P", "A S D F G H J K L '", "Z X C V B N M"},
       {.hyphen = true}},
      // Turkish Q: the dotless ı and dotted i are two letters, with capitals I and İ.
      {LayoutId::Turkish,
       "Turkish (Q)",
       "ABC",
       false,
       {"q w e r t y u ı o p ğ ü", "a s d f g h j k l ş i", "z x c v b n m ö ç"},
       {"Q W E R T Y U I O P Ğ Ü", "A S D F G H J K L Ş İ", "Z X C V B N M Ö Ç"},
       {.hyphen = true}},
      // Kurmanji's Hawar alphabet: Latin letters with ç ê î ş û (and capital I for i).
      {LayoutId::Kurmanji,
       "Kurmanji (QWERTY)",
       "ABC",
       false,
       {"q w e r t y u i o p ê", "a s d f g h j k l ş î", "z x c v b n m ç û"},
       {"Q W E R T Y U I O P Ê", "A S D F G H J K L Ş Î", "Z X C V B N M Ç Û"},
       {.hyphen = true}},
      // AZERTY; the accented letters that AZERTY puts on its digit row get a row of their own.
      {LayoutId::French,
       "French (AZERTY)",
       "ABC",
       false,
       {"é è ê ë à â ç ù û ô î ï œ", "a z e r t y u i o p", "q s d f g h j k l m", "w x c v b n '"},
       {"É È Ê Ë À Â Ç Ù Û Ô Î Ï Œ", "A Z E R T Y U I O P", "Q S D F G H J K L M", "W X C V B N '"},
       {.hyphen = true}},
      {LayoutId::Russian,
       "Russian (ЙЦУКЕН)",
       "АБВ",
       false,
       {"й ц у к е н г ш щ з х ъ", "ф ы в а п р о л д ж э", "я ч с м и т ь б ю ё"},
       {"Й Ц У К Е Н Г Ш Щ З Х Ъ", "Ф Ы В А П Р О Л Д Ж Э", "Я Ч С М И Т Ь Б Ю Ё"},
       {.latin_beside = true, .hyphen = true}},
      // The apostrophe is U+02BC, the letter-like one Unicode recommends for Ukrainian.
      {LayoutId::Ukrainian,
       "Ukrainian (ЙЦУКЕН)",
       "АБВ",
       false,
       {"й ц у к е н г ш щ з х ї", "ф і в а п р о л д ж є", "я ч с м и т ь б ю ґ ʼ"},
       {"Й Ц У К Е Н Г Ш Щ З Х Ї", "Ф І В А П Р О Л Д Ж Є", "Я Ч С М И Т Ь Б Ю Ґ ʼ"},
       {.latin_beside = true, .hyphen = true}},
      // The PC Arabic layout's letter rows, with the hamza seats and alef forms in the third.
      {LayoutId::Arabic,
       "Arabic",
       "أبت",
       true,
       {"ض ص ث ق ف غ ع ه خ ح ج د", "ش س ي ب ل ا ت ن م ك ط ذ", "ئ ء ؤ ر ى ة و ز ظ أ إ آ"},
       {},
       {.latin_beside = true, .comma = "،"}},
      // ISIRI 9147 order. Persian ی (U+06CC) and ک (U+06A9), not the Arabic ي and ك: text typed
      // here must match what Persian speakers search for.
      {LayoutId::Persian,
       "Persian",
       "ابپ",
       true,
       {"ض ص ث ق ف غ ع ه خ ح ج چ", "ش س ی ب ل ا ت ن م ک گ آ", "ظ ط ز ژ ر ذ د پ و ئ ء"},
       {},
       {.latin_beside = true, .comma = "،", .zwnj = true}},
      // Persian's rows with ګ (Pashto writes it, not گ), ږ ړ ډ in the third row, and a fourth
      // row for ټ ځ څ ښ ڼ ې ۍ ي (Pashto has both ي and ی).
      {LayoutId::Pashto,
       "Pashto",
       "ابټ",
       true,
       {"ض ص ث ق ف غ ع ه خ ح ج چ", "ش س ی ب ل ا ت ن م ک ګ", "ظ ط ز ر ذ د پ و ژ ږ ړ ډ",
        "ټ ځ څ ښ ڼ ې ۍ ي ئ آ"},
       {},
       {.latin_beside = true, .comma = "،", .zwnj = true}},
      {LayoutId::Latin,
       "Latin letters (QWERTY)",
       "ABC",
       false,
       // With the German letters: a place in Germany ("Nürnberg") typed from Arabic or Tigrinya.
       {"q w e r t y u i o p ü", "a s d f g h j k l ö ä", "z x c v b n m ß '"},
       {"Q W E R T Y U I O P Ü", "A S D F G H J K L Ö Ä", "Z X C V B N M ß '"},
       {.back_home = true, .hyphen = true}},
  };
  return layouts;
}

// The rows of the Ethiopic syllabary in Unicode's (and the traditional) order; see EthiopicRow.
constexpr std::array<EthiopicRow, 37> kEthiopicRows = {{
    {0x1200, 8, 0}, {0x1208, 8, 0}, {0x1210, 8, 0}, {0x1218, 8, 0},      {0x1220, 8, 0},
    {0x1228, 8, 0}, {0x1230, 8, 0}, {0x1238, 8, 0}, {0x1240, 8, 0x1248}, {0x1250, 7, 0x1258},
    {0x1260, 8, 0}, {0x1268, 8, 0}, {0x1270, 8, 0}, {0x1278, 8, 0},      {0x1280, 8, 0x1288},
    {0x1290, 8, 0}, {0x1298, 8, 0}, {0x12A0, 8, 0}, {0x12A8, 8, 0x12B0}, {0x12B8, 7, 0x12C0},
    {0x12C8, 8, 0}, {0x12D0, 7, 0}, {0x12D8, 8, 0}, {0x12E0, 8, 0},      {0x12E8, 8, 0},
    {0x12F0, 8, 0}, {0x12F8, 8, 0}, {0x1300, 8, 0}, {0x1308, 8, 0x1310}, {0x1318, 8, 0},
    {0x1320, 8, 0}, {0x1328, 8, 0}, {0x1330, 8, 0}, {0x1338, 8, 0},      {0x1340, 8, 0},
    {0x1348, 8, 0}, {0x1350, 8, 0},
}};
// A labialized row has syllables at these orders only (Unicode leaves 1, 6 and 7 unassigned).
constexpr std::array<int, 5> kLabializedOrders = {0, 2, 3, 4, 5};

KeyboardLayout tigrinya_layout() {
  KeyboardLayout layout{
      LayoutId::Tigrinya, "Tigrinya (Ethiopic, consonant then vowel)", "ሀለሐ", false, {}, {}};
  const std::array<std::size_t, 4> per_row = {10, 9, 9, 9};
  std::size_t next = 0;
  for (std::size_t r = 0; r < per_row.size(); ++r) {
    KeyRow row;
    for (std::size_t i = 0; i < per_row[r]; ++i, ++next) {
      const char32_t first = kEthiopicRows[next].first;
      Key k = action(KeyAction::EthiopicRow, utf8(first), 1.0f);
      k.ethiopic_row = first;
      row.push_back(k);
    }
    if (r + 1 == per_row.size()) row.push_back(backspace());
    layout.rows.push_back(std::move(row));
  }
  layout.rows.push_back(bottom_row({.latin_beside = true, .comma = "፣", .stop = "።"}));
  return layout;
}

KeyboardLayout symbols_layout() {
  KeyboardLayout layout{LayoutId::Symbols, "Digits and punctuation", "?123", false, {}, {}};
  layout.rows.push_back(keys("1 2 3 4 5 6 7 8 9 0"));
  layout.rows.push_back(keys("- / : ; ( ) € & @ \""));
  KeyRow third = keys(". , ? ! ' # % + = *");
  third.push_back(backspace());
  layout.rows.push_back(std::move(third));
  // Arabic-script question mark and semicolon beside the Latin ones.
  layout.rows.push_back({home(2.0f), insert("؟"), insert("؛"), space(5.0f), insert("_"), done()});
  return layout;
}

KeyboardLayout digits_layout() {
  KeyboardLayout layout{LayoutId::Digits, "Digits", "123", false, {}, {}};
  for (std::string_view r : {"1 2 3", "4 5 6", "7 8 9"}) layout.rows.push_back(keys(r, 2.0f));
  layout.rows.push_back({backspace(2.0f), insert("0", 2.0f), done(2.0f)});
  return layout;
}

KeyboardLayout phone_layout() {
  KeyboardLayout layout{LayoutId::Phone, "Phone number", "123", false, {}, {}};
  layout.rows.push_back(keys("1 2 3 +", 2.0f));
  layout.rows.push_back(keys("4 5 6 -", 2.0f));
  layout.rows.push_back(keys("7 8 9 /", 2.0f));
  layout.rows.push_back({insert("(", 2.0f), insert("0", 2.0f), insert(")", 2.0f), space(2.0f)});
  layout.rows.push_back({backspace(4.0f), done(4.0f)});
  return layout;
}

// Lower-case only: people write addresses in lower case, and the hub compares them that way.
KeyboardLayout email_layout() {
  KeyboardLayout layout{LayoutId::Email, "Email address", "@", false, {}, {}};
  layout.rows.push_back(keys("1 2 3 4 5 6 7 8 9 0"));
  layout.rows.push_back(keys("q w e r t y u i o p"));
  layout.rows.push_back(keys("a s d f g h j k l"));
  KeyRow fourth = keys("z x c v b n m");
  fourth.push_back(backspace());
  layout.rows.push_back(std::move(fourth));
  layout.rows.push_back(
      {insert("@", 1.5f), insert("."), insert("-"), insert("_"), insert("+"), done()});
  return layout;
}

constexpr std::array<LayoutId, 16> kAllLayouts = {
    LayoutId::German,  LayoutId::English, LayoutId::Turkish,   LayoutId::Kurmanji,
    LayoutId::French,  LayoutId::Russian, LayoutId::Ukrainian, LayoutId::Arabic,
    LayoutId::Persian, LayoutId::Pashto,  LayoutId::Tigrinya,  LayoutId::Latin,
    LayoutId::Symbols, LayoutId::Digits,  LayoutId::Phone,     LayoutId::Email,
};

std::vector<KeyboardLayout> build_all() {
  std::vector<KeyboardLayout> all;
  for (LayoutId id : kAllLayouts) {
    auto letters = std::find_if(letters_layouts().begin(), letters_layouts().end(),
                                [&](const LettersLayout& d) { return d.id == id; });
    if (letters != letters_layouts().end()) {
      all.push_back(letters_layout(*letters));
      continue;
    }
    switch (id) {
      case LayoutId::Tigrinya:
        all.push_back(tigrinya_layout());
        break;
      case LayoutId::Symbols:
        all.push_back(symbols_layout());
        break;
      case LayoutId::Digits:
        all.push_back(digits_layout());
        break;
      case LayoutId::Phone:
        all.push_back(phone_layout());
        break;
      case LayoutId::Email:
        all.push_back(email_layout());
        break;
      default:
        std::abort();  // a LayoutId without data is a programming error
    }
  }
  return all;
}

}  // namespace

const KeyboardLayout& keyboard_layout(LayoutId id) {
  static const std::vector<KeyboardLayout> all = build_all();
  for (const KeyboardLayout& layout : all)
    if (layout.id == id) return layout;
  std::abort();
}

std::span<const LayoutId> all_layouts() { return kAllLayouts; }

LayoutId layout_for_language(std::string_view ui_language) {
  struct Pair {
    std::string_view language;
    LayoutId layout;
  };
  static constexpr Pair kByLanguage[] = {
      {"de", LayoutId::German},  {"en", LayoutId::English},   {"so", LayoutId::English},
      {"tr", LayoutId::Turkish}, {"ku", LayoutId::Kurmanji},  {"fr", LayoutId::French},
      {"ru", LayoutId::Russian}, {"uk", LayoutId::Ukrainian}, {"ar", LayoutId::Arabic},
      {"fa", LayoutId::Persian}, {"ps", LayoutId::Pashto},    {"ti", LayoutId::Tigrinya},
  };
  for (const Pair& p : kByLanguage)
    if (p.language == ui_language) return p.layout;
  return LayoutId::German;
}

std::optional<LayoutId> layout_for_field(const Field& field) {
  switch (field.type) {
    case FieldType::Year:
    case FieldType::Number:
      return LayoutId::Digits;
    case FieldType::Text:
      if (field.format == "email") return LayoutId::Email;
      if (field.format == "phone") return LayoutId::Phone;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

LayoutId keyboard_for(const Field& field, std::string_view ui_language) {
  return layout_for_field(field).value_or(layout_for_language(ui_language));
}

std::span<const EthiopicRow> ethiopic_rows() { return kEthiopicRows; }

KeyboardLayout ethiopic_orders(char32_t first_order) {
  KeyboardLayout layout{LayoutId::Tigrinya, "Tigrinya vowel orders", "ሀለሐ", false, {}, {}};
  auto row = std::find_if(kEthiopicRows.begin(), kEthiopicRows.end(),
                          [&](const EthiopicRow& r) { return r.first == first_order; });
  if (row == kEthiopicRows.end()) return layout;
  KeyRow orders;
  for (int order = 0; order < row->orders; ++order)
    orders.push_back(insert(utf8(row->first + static_cast<char32_t>(order)), 1.5f));
  layout.rows.push_back(std::move(orders));
  if (row->labialized != 0) {
    KeyRow labialized;
    for (int order : kLabializedOrders)
      labialized.push_back(insert(utf8(row->labialized + static_cast<char32_t>(order)), 1.5f));
    layout.rows.push_back(std::move(labialized));
  }
  layout.rows.push_back({home(3.0f), backspace(3.0f)});  // back to the consonants, or delete
  return layout;
}

// --- OnScreenKeyboard --------------------------------------------------------------------

OnScreenKeyboard::OnScreenKeyboard(LayoutId home) : home_(home), showing_(home) { rebuild(); }

void OnScreenKeyboard::rebuild() {
  const KeyboardLayout& layout = keyboard_layout(showing_);
  if (ethiopic_row_ != 0) {
    view_ = ethiopic_orders(ethiopic_row_).rows;
  } else {
    view_ = shift_ && !layout.shifted.empty() ? layout.shifted : layout.rows;
  }
  for (KeyRow& row : view_)
    for (Key& key : row)
      if (key.action == KeyAction::Home) key.label = keyboard_layout(home_).home_label;
}

OnScreenKeyboard::Effect OnScreenKeyboard::press(std::size_t row, std::size_t column) {
  if (row >= view_.size() || column >= view_[row].size()) return {};
  const Key key = view_[row][column];  // a copy: rebuilding replaces view_
  Effect effect;
  switch (key.action) {
    case KeyAction::Insert:
      effect = {Effect::Kind::Insert, key.text};
      shift_ = false;
      ethiopic_row_ = 0;  // a syllable is written: back to the consonants
      break;
    case KeyAction::Space:
      effect = {Effect::Kind::Insert, " "};
      break;
    case KeyAction::Backspace:
      effect = {Effect::Kind::Backspace, ""};
      break;
    case KeyAction::Done:
      effect = {Effect::Kind::Done, ""};
      break;
    case KeyAction::Shift:
      shift_ = !shift_;
      break;
    case KeyAction::SwitchLayout:
      showing_ = key.target;
      shift_ = false;
      ethiopic_row_ = 0;
      break;
    case KeyAction::Home:
      showing_ = home_;
      shift_ = false;
      ethiopic_row_ = 0;
      break;
    case KeyAction::EthiopicRow:
      ethiopic_row_ = key.ethiopic_row;
      break;
  }
  rebuild();
  return effect;
}

}  // namespace sichtbar
