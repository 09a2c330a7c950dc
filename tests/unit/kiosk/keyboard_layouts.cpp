// The on-screen keyboards as a person meets them: every letter of their alphabet within reach
// (one tap, or Shift and a tap, or Ethiopic's consonant and vowel), the keyboard a field calls
// for, and keys that stay big enough to hit. The alphabets below are written out independently
// of the layout data.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "core/keyboard_layouts.h"
#include "base/text.h"
#include "domain/ui_languages.h"
#include "support/temp_dir.h"

using namespace sichtbar;

namespace {

std::vector<std::string> split(std::string_view spaced) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < spaced.size()) {
    std::size_t end = spaced.find(' ', start);
    if (end == std::string_view::npos) end = spaced.size();
    if (end > start) out.emplace_back(spaced.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string utf8(char32_t c) {
  std::string out;
  append_utf8(out, c);
  return out;
}

// Everything a person can type from a fresh keyboard, with the fewest taps it takes.
std::map<std::string, int> reachable(LayoutId home, int max_taps) {
  std::map<std::string, int> typed;
  std::vector<OnScreenKeyboard> frontier{OnScreenKeyboard(home)};
  std::set<std::tuple<LayoutId, bool, char32_t>> seen{{home, false, 0}};
  for (int taps = 1; taps <= max_taps; ++taps) {
    std::vector<OnScreenKeyboard> next;
    for (const OnScreenKeyboard& keyboard : frontier) {
      for (std::size_t r = 0; r < keyboard.rows().size(); ++r) {
        for (std::size_t c = 0; c < keyboard.rows()[r].size(); ++c) {
          OnScreenKeyboard after = keyboard;
          auto effect = after.press(r, c);
          if (effect.kind == OnScreenKeyboard::Effect::Kind::Insert && !typed.contains(effect.text))
            typed[effect.text] = taps;
          if (seen.insert({after.showing(), after.shift_on(), after.ethiopic_row()}).second)
            next.push_back(after);
        }
      }
    }
    frontier = std::move(next);
  }
  return typed;
}

// Each letter typed within max_taps; names the ones that are not.
void check_letters(LayoutId layout, std::string_view letters, int max_taps) {
  const auto typed = reachable(layout, max_taps);
  for (const std::string& letter : split(letters)) {
    INFO(keyboard_layout(layout).name << ": " << letter);
    auto it = typed.find(letter);
    CHECK(it != typed.end());
    if (it != typed.end()) CHECK(it->second <= max_taps);
  }
}

std::optional<std::pair<std::size_t, std::size_t>> find_key(const OnScreenKeyboard& keyboard,
                                                            KeyAction action,
                                                            std::string_view text = {}) {
  for (std::size_t r = 0; r < keyboard.rows().size(); ++r)
    for (std::size_t c = 0; c < keyboard.rows()[r].size(); ++c) {
      const Key& k = keyboard.rows()[r][c];
      if (k.action == action && (text.empty() || k.text == text)) return std::pair{r, c};
    }
  return std::nullopt;
}

std::string press(OnScreenKeyboard& keyboard, KeyAction action, std::string_view text = {}) {
  auto at = find_key(keyboard, action, text);
  REQUIRE(at);
  return keyboard.press(at->first, at->second).text;
}

std::vector<std::vector<KeyRow>> every_view(LayoutId id) {
  const KeyboardLayout& layout = keyboard_layout(id);
  std::vector<std::vector<KeyRow>> views{layout.rows};
  if (!layout.shifted.empty()) views.push_back(layout.shifted);
  if (id == LayoutId::Tigrinya)
    for (const EthiopicRow& row : ethiopic_rows()) views.push_back(ethiopic_orders(row.first).rows);
  return views;
}

constexpr std::string_view kLatinLower =
    "a b c d e f g h i j k l m n o p q r s t u v w x y z";
constexpr std::string_view kLatinUpper =
    "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z";

}  // namespace

TEST_CASE("German QWERTZ: every letter, umlauts and ß, capitals with Shift") {
  check_letters(LayoutId::German, kLatinLower, 1);
  check_letters(LayoutId::German, "ä ö ü ß", 1);
  check_letters(LayoutId::German, kLatinUpper, 2);
  check_letters(LayoutId::German, "Ä Ö Ü -", 2);
  CHECK(keyboard_layout(LayoutId::German).rows[0][5].text == "z");  // QWERTZ, not QWERTY
}

TEST_CASE("English and Somali QWERTY: every letter and the apostrophe of Somali's glottal stop") {
  check_letters(LayoutId::English, kLatinLower, 1);
  check_letters(LayoutId::English, kLatinUpper, 2);
  check_letters(LayoutId::English, "'", 1);
  CHECK(layout_for_language("so") == LayoutId::English);
}

TEST_CASE("Turkish: all 29 letters, and Shift makes i İ and ı I") {
  check_letters(LayoutId::Turkish, "a b c ç d e f g ğ h ı i j k l m n o ö p r s ş t u ü v y z", 1);
  check_letters(LayoutId::Turkish, "A B C Ç D E F G Ğ H I İ J K L M N O Ö P R S Ş T U Ü V Y Z", 2);
  check_letters(LayoutId::Turkish, "q w x", 1);  // foreign names
  OnScreenKeyboard keyboard(LayoutId::Turkish);
  auto dotted = find_key(keyboard, KeyAction::Insert, "i");
  auto dotless = find_key(keyboard, KeyAction::Insert, "ı");
  REQUIRE(dotted);
  REQUIRE(dotless);
  press(keyboard, KeyAction::Shift);
  CHECK(keyboard.press(dotted->first, dotted->second).text == "İ");
  press(keyboard, KeyAction::Shift);
  CHECK(keyboard.press(dotless->first, dotless->second).text == "I");
}

TEST_CASE("Kurmanji: the Hawar alphabet with ç ê î ş û") {
  check_letters(LayoutId::Kurmanji,
                "a b c ç d e ê f g h i î j k l m n o p q r s ş t u û v w x y z", 1);
  check_letters(LayoutId::Kurmanji,
                "A B C Ç D E Ê F G H I Î J K L M N O P Q R S Ş T U Û V W X Y Z", 2);
}

TEST_CASE("French AZERTY: every letter and é è à ç ù, the other accents and the apostrophe") {
  check_letters(LayoutId::French, kLatinLower, 1);
  check_letters(LayoutId::French, "é è à ç ù ê â ô î û ë ï œ '", 1);
  check_letters(LayoutId::French, kLatinUpper, 2);
  check_letters(LayoutId::French, "É È À Ç Ù", 2);
  CHECK(keyboard_layout(LayoutId::French).rows[1][0].text == "a");  // AZERTY
}

TEST_CASE("Russian and Ukrainian: all 33 letters each, capitals with Shift") {
  check_letters(LayoutId::Russian,
                "а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я", 1);
  check_letters(LayoutId::Russian,
                "А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я", 2);
  check_letters(LayoutId::Ukrainian,
                "а б в г ґ д е є ж з и і ї й к л м н о п р с т у ф х ц ч ш щ ь ю я ʼ", 1);
  check_letters(LayoutId::Ukrainian,
                "А Б В Г Ґ Д Е Є Ж З И І Ї Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ь Ю Я", 2);
}

TEST_CASE("Arabic: all 28 letters and the hamza forms in one tap") {
  check_letters(LayoutId::Arabic,
                "ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي", 1);
  check_letters(LayoutId::Arabic, "ء أ إ آ ؤ ئ ة ى ،", 1);
}

TEST_CASE("Persian: the 32 letters with Persian ی and ک, and the half-space (ZWNJ) key") {
  check_letters(LayoutId::Persian,
                "ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی", 1);
  check_letters(LayoutId::Persian, "آ ء ئ", 1);
  const auto typed = reachable(LayoutId::Persian, 1);
  CHECK(typed.contains("\u200C"));
  // Arabic yeh and kaf would make Persian words unfindable in the office's search.
  CHECK(!typed.contains("ي"));
  CHECK(!typed.contains("ك"));
}

TEST_CASE("Pashto: every letter, with ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې ي") {
  check_letters(LayoutId::Pashto,
                "ا آ ب پ ت ټ ث ج چ ح خ څ ځ د ډ ذ ر ړ ز ژ ږ س ش ښ ص ض ط ظ ع غ ف ق ک ګ ل م ن ڼ و ه "
                "ی ې ۍ ي ئ",
                1);
  CHECK(!reachable(LayoutId::Pashto, 1).contains("گ"));  // Pashto writes ګ
}

TEST_CASE("Tigrinya: every syllable of a consonant's row in two taps, consonant then vowel") {
  // Tigrinya's consonants; their rows follow U+1200 + 8 * row + order.
  const auto consonants =
      split("ሀ ለ ሐ መ ረ ሰ ሸ ቀ ቐ በ ቨ ተ ቸ ነ ኘ አ ከ ኸ ወ ዐ ዘ ዠ የ ደ ጀ ገ ጠ ጨ ጰ ጸ ፀ ፈ ፐ");
  // Rows whose 8th place Unicode leaves empty, and the labialized forms of five consonants.
  const std::set<std::string> seven_orders = {"ቐ", "ኸ", "ዐ"};
  const std::map<std::string, char32_t> labialized = {
      {"ቀ", 0x1248}, {"ቐ", 0x1258}, {"ከ", 0x12B0}, {"ኸ", 0x12C0}, {"ገ", 0x1310}};
  const auto typed = reachable(LayoutId::Tigrinya, 2);
  CHECK(consonants.size() == 33);
  for (const std::string& consonant : consonants) {
    OnScreenKeyboard keyboard(LayoutId::Tigrinya);
    auto key = find_key(keyboard, KeyAction::EthiopicRow);
    REQUIRE(key);
    char32_t first = 0;
    for (const KeyRow& row : keyboard.rows())
      for (const Key& k : row)
        if (k.label == consonant) first = k.ethiopic_row;
    INFO("consonant " << consonant);
    REQUIRE(first != 0);
    const char32_t row = (first - 0x1200) / 8;
    const int orders = seven_orders.contains(consonant) ? 7 : 8;
    for (int order = 0; order < orders; ++order) {
      const std::string syllable = utf8(0x1200 + 8 * row + static_cast<char32_t>(order));
      INFO("syllable " << syllable);
      CHECK(typed.contains(syllable));
      if (typed.contains(syllable)) CHECK(typed.at(syllable) == 2);
    }
    if (labialized.contains(consonant))
      for (int order : {0, 2, 3, 4, 5})
        CHECK(typed.contains(utf8(labialized.at(consonant) + static_cast<char32_t>(order))));
  }
  check_letters(LayoutId::Tigrinya, "። ፣", 1);
}

TEST_CASE("Tigrinya: the first tap types nothing, the second types the syllable and returns") {
  OnScreenKeyboard keyboard(LayoutId::Tigrinya);
  auto ma = find_key(keyboard, KeyAction::EthiopicRow);
  for (std::size_t r = 0; r < keyboard.rows().size(); ++r)
    for (std::size_t c = 0; c < keyboard.rows()[r].size(); ++c)
      if (keyboard.rows()[r][c].label == "መ") ma = std::pair{r, c};
  CHECK(keyboard.press(ma->first, ma->second).kind == OnScreenKeyboard::Effect::Kind::None);
  CHECK(keyboard.ethiopic_row() == U'\u1218');
  CHECK(press(keyboard, KeyAction::Insert, "ሚ") == "ሚ");  // mi: order 2
  CHECK(keyboard.ethiopic_row() == 0);
  CHECK(find_key(keyboard, KeyAction::EthiopicRow));
  // The key back to the consonants types nothing.
  keyboard.press(ma->first, ma->second);
  CHECK(press(keyboard, KeyAction::Home).empty());
  CHECK(keyboard.ethiopic_row() == 0);
  CHECK(keyboard.showing() == LayoutId::Tigrinya);
}

TEST_CASE("Shift lasts one letter") {
  OnScreenKeyboard keyboard(LayoutId::German);
  press(keyboard, KeyAction::Shift);
  CHECK(keyboard.shift_on());
  CHECK(press(keyboard, KeyAction::Insert, "M") == "M");
  CHECK(!keyboard.shift_on());
  CHECK(press(keyboard, KeyAction::Insert, "ü") == "ü");
}

TEST_CASE("a keyboard in another script reaches Latin letters and digits, and a key in its own "
          "script leads back") {
  for (LayoutId home : {LayoutId::Arabic, LayoutId::Persian, LayoutId::Pashto, LayoutId::Russian,
                        LayoutId::Ukrainian, LayoutId::Tigrinya}) {
    INFO(keyboard_layout(home).name);
    const auto typed = reachable(home, 3);
    for (const std::string& letter : split(kLatinLower)) CHECK(typed.contains(letter));
    for (const std::string& digit : split("0 1 2 3 4 5 6 7 8 9")) CHECK(typed.contains(digit));
    OnScreenKeyboard keyboard(home);
    press(keyboard, KeyAction::SwitchLayout);  // ?123
    CHECK(keyboard.showing() == LayoutId::Symbols);
    auto back = find_key(keyboard, KeyAction::Home);
    REQUIRE(back);
    CHECK(keyboard.rows()[back->first][back->second].label == keyboard_layout(home).home_label);
    keyboard.press(back->first, back->second);
    CHECK(keyboard.showing() == home);
  }
  OnScreenKeyboard arabic(LayoutId::Arabic);
  auto abc = find_key(arabic, KeyAction::SwitchLayout);
  for (std::size_t r = 0; r < arabic.rows().size(); ++r)
    for (std::size_t c = 0; c < arabic.rows()[r].size(); ++c)
      if (arabic.rows()[r][c].target == LayoutId::Latin &&
          arabic.rows()[r][c].action == KeyAction::SwitchLayout)
        abc = std::pair{r, c};
  arabic.press(abc->first, abc->second);
  CHECK(arabic.showing() == LayoutId::Latin);
  CHECK(!arabic.right_to_left());
  press(arabic, KeyAction::Home);
  CHECK(arabic.showing() == LayoutId::Arabic);
  CHECK(arabic.right_to_left());
}

TEST_CASE("Latin keyboards reach digits and punctuation through the symbols layout") {
  for (LayoutId home : {LayoutId::German, LayoutId::English, LayoutId::Turkish,
                        LayoutId::Kurmanji, LayoutId::French}) {
    const auto typed = reachable(home, 2);
    for (const std::string& s : split("0 1 2 3 4 5 6 7 8 9 @ / ( ) ? ! . ,"))
      CHECK(typed.contains(s));
  }
}

TEST_CASE("email, phone, year and number fields bring their own keyboard in every language") {
  const Form form = *load_form(test::asset("forms/skills-profile/1.json"));
  for (std::string_view language : kUiLanguages) {
    CHECK(keyboard_for(*form.find_field("about", "email"), language) == LayoutId::Email);
    CHECK(keyboard_for(*form.find_field("about", "phone"), language) == LayoutId::Phone);
    CHECK(keyboard_for(*form.find_field("about", "year_of_birth"), language) == LayoutId::Digits);
    CHECK(keyboard_for(*form.find_field("sports", "years_coaching"), language) ==
          LayoutId::Digits);
    CHECK(keyboard_for(*form.find_field("about", "name"), language) ==
          layout_for_language(language));
  }
  check_letters(LayoutId::Email, kLatinLower, 1);
  check_letters(LayoutId::Email, "0 1 2 3 4 5 6 7 8 9 @ . - + _", 1);
  check_letters(LayoutId::Phone, "0 1 2 3 4 5 6 7 8 9 + - ( ) /", 1);
  CHECK(reachable(LayoutId::Phone, 1).contains(" "));
  check_letters(LayoutId::Digits, "0 1 2 3 4 5 6 7 8 9", 1);
  CHECK(reachable(LayoutId::Digits, 3).size() == 10);  // nothing but digits in a year
}

TEST_CASE("every UI language has its own keyboard, right to left for Arabic, Farsi and Pashto") {
  const std::map<std::string_view, LayoutId> expected = {
      {"de", LayoutId::German},    {"en", LayoutId::English},  {"ar", LayoutId::Arabic},
      {"fa", LayoutId::Persian},   {"ps", LayoutId::Pashto},   {"uk", LayoutId::Ukrainian},
      {"ru", LayoutId::Russian},   {"tr", LayoutId::Turkish},  {"fr", LayoutId::French},
      {"ti", LayoutId::Tigrinya},  {"ku", LayoutId::Kurmanji}, {"so", LayoutId::English}};
  for (std::string_view language : kUiLanguages) {
    INFO(language);
    REQUIRE(expected.contains(language));
    CHECK(layout_for_language(language) == expected.at(language));
    CHECK(keyboard_layout(layout_for_language(language)).right_to_left ==
          is_right_to_left(language));
  }
  CHECK(layout_for_language("xx") == LayoutId::German);
}

TEST_CASE("rows stay narrow enough that every key is at least 48 px wide on a 1080 px screen") {
  for (LayoutId id : all_layouts()) {
    for (const auto& view : every_view(id)) {
      for (const KeyRow& row : view) {
        INFO(keyboard_layout(id).name << ", a row of " << row.size() << " keys");
        float units = 0;
        for (const Key& key : row) {
          CHECK(key.width >= 1.0f);
          units += key.width;
        }
        CHECK(units <= kMaxRowUnits);
        const float unit_px =
            (kNarrowestScreenPx - kKeyGapPx * static_cast<float>(row.size() + 1)) / kMaxRowUnits;
        CHECK(unit_px >= kMinKeyPx);
      }
    }
  }
}

TEST_CASE("capitals sit where their small letters are, and every key says what it does") {
  for (LayoutId id : all_layouts()) {
    const KeyboardLayout& layout = keyboard_layout(id);
    INFO(layout.name);
    CHECK(!layout.rows.empty());
    if (!layout.shifted.empty()) {
      REQUIRE(layout.shifted.size() == layout.rows.size());
      for (std::size_t r = 0; r < layout.rows.size(); ++r)
        CHECK(layout.shifted[r].size() == layout.rows[r].size());
    }
    OnScreenKeyboard keyboard(id);
    bool has_done = false;
    for (const KeyRow& row : keyboard.rows())
      for (const Key& key : row) {
        CHECK(!key.label.empty());
        if (key.action == KeyAction::Insert) CHECK(!key.text.empty());
        has_done = has_done || key.action == KeyAction::Done;
        // ImGui 1.86 draws the Basic Multilingual Plane only: no 4-byte UTF-8.
        for (char ch : key.label + key.text)
          CHECK((static_cast<unsigned char>(ch) & 0xF8) != 0xF0);
      }
    CHECK(has_done);
  }
}
