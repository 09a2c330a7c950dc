// The right-to-left catalogues as a person sees them: every Arabic, Farsi and Pashto text, with
// sample values filled in the way the kiosk fills them (each value isolated), laid out by ICU's
// ubidi with the right-to-left base direction the kiosk's screens use. A Latin or digit run must
// come out in the order it is typed: "B+" not "+B", "0151 23456789" not "23456789 0151",
// "2025-06-14 15:30" not "15:30 2025-06-14".
#include <unicode/ubidi.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "domain/catalogue.h"
#include "support/temp_dir.h"

using namespace sichtbar;

namespace {

// The text in visual order, left to right, as the screen draws it: mirrored brackets, and the
// bidi marks and isolates (which draw nothing) left out. Lines ("\n") are laid out one by one,
// as the kiosk does.
std::string visual_rtl(const std::string& logical) {
  std::string out;
  std::size_t start = 0;
  while (start <= logical.size()) {
    std::size_t end = logical.find('\n', start);
    if (end == std::string::npos) end = logical.size();
    const icu::UnicodeString line =
        icu::UnicodeString::fromUTF8(std::string_view(logical).substr(start, end - start));
    UErrorCode status = U_ZERO_ERROR;
    UBiDi* bidi = ubidi_openSized(0, 0, &status);
    ubidi_setPara(bidi, line.getBuffer(), line.length(), 1 /* right to left */, nullptr, &status);
    std::vector<UChar> visual(static_cast<std::size_t>(line.length()) + 1);
    const std::int32_t n = ubidi_writeReordered(bidi, visual.data(),
                                                static_cast<std::int32_t>(visual.size()),
                                                UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS,
                                                &status);
    ubidi_close(bidi);
    REQUIRE(U_SUCCESS(status));
    icu::UnicodeString(visual.data(), n).toUTF8String(out);
    out += '\n';
    start = end + 1;
  }
  return out;
}

// The runs a reader expects left to right: Latin letters and digits with what joins them in a
// code, a number, a date or a Latin list ("B+", "0151 23456789", "2025-06-14 15:30",
// "Word، Excel", "ISCO-08"), taken from the text without its bidi marks. A filled-in value is a
// run of its own: the words around it are read in the message's direction.
std::vector<std::string> left_to_right_runs(const std::string& logical) {
  std::string plain;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(logical);
  icu::UnicodeString kept;
  for (std::int32_t i = 0; i < u.length(); ++i) {
    const UChar c = u.charAt(i);
    if (c == 0x200E || c == 0x200F) continue;
    kept.append(c >= 0x2066 && c <= 0x2069 ? UChar('\n') : c);
  }
  kept.toUTF8String(plain);
  static const std::regex run("[A-Za-z0-9](?:(?:[A-Za-z0-9+\\-:./,@_ ]|،)*[A-Za-z0-9+])?");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(plain.begin(), plain.end(), run);
       it != std::sregex_iterator(); ++it)
    out.push_back(it->str());
  return out;
}

// What the kiosk and the hub fill into the catalogue's placeholders, as awkward as it gets for
// right-to-left text: numbers with separators, ISO dates with a time, Latin names and errors, a
// kiosk's hex ID that starts with digits.
std::string filled(const std::string& text) {
  return format_message(text,
                        {{"seconds", "5"},
                         {"count", "12"},
                         {"current", "2"},
                         {"total", "7"},
                         {"number", "3"},
                         {"max", "120"},
                         {"min", "4"},
                         {"time", "2025-06-14 15:30"},
                         {"date", "2025-06-14"},
                         {"event", "Jobmesse Passau 2025"},
                         {"code", "store.disk_full"},
                         {"reason", "Connection refused (port 8443)"},
                         {"file", "sichtbar-2025-06-14.bundle"},
                         {"id", "08f3a1c47b2e9d5061c7e3a9b4d2f017"}},
                        ValueIsolation::isolated);
}

}  // namespace

TEST_CASE("right-to-left texts show Latin and digit runs in the order they are typed") {
  const auto language = GENERATE(as<std::string>{}, "ar", "fa", "ps");
  auto catalogue = Catalogue::load_locale(test::asset("i18n"), language);
  REQUIRE(catalogue);
  std::vector<std::string> reversed;
  for (const std::string& key : catalogue->keys()) {
    const std::string text = filled(*catalogue->find(key));
    const std::string visual = visual_rtl(text);
    for (const std::string& run : left_to_right_runs(text))
      if (visual.find(run) == std::string::npos)
        reversed.push_back(key + ": \"" + run + "\" shows out of order in \"" + visual + "\"");
  }
  INFO(language << ": " << reversed.size() << " runs out of order");
  for (const std::string& r : reversed) UNSCOPED_INFO(r);
  CHECK(reversed.empty());
}

TEST_CASE("a filled-in value keeps its order in a right-to-left message only when isolated") {
  const std::string text = "آخر مزامنة: {time}";
  const std::string isolated =
      format_message(text, {{"time", "2025-06-14 15:30"}}, ValueIsolation::isolated);
  CHECK(isolated == "آخر مزامنة: \u20682025-06-14 15:30\u2069");
  CHECK(visual_rtl(isolated).find("2025-06-14 15:30") != std::string::npos);
  // Without the isolate the numbers after Arabic letters change places on screen.
  const std::string bare = format_message(text, {{"time", "2025-06-14 15:30"}});
  CHECK(visual_rtl(bare).find("2025-06-14") == std::string::npos);
  CHECK(visual_rtl(bare).find("15:30") < visual_rtl(bare).find("14-06-2025"));
  // An Arabic event name is isolated too, and stays right to left.
  CHECK(format_message("{event} {date}", {{"event", "معرض"}, {"date", "2025-06-14"}},
                       ValueIsolation::isolated) ==
        "\u2068معرض\u2069 \u20682025-06-14\u2069");
}
