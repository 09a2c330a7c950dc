// Read aloud: what a person screen reads and where each part's sound comes from (see
// speech_script.h).
#include "flow/speech_script.h"

#include <algorithm>
#include <array>
#include <system_error>
#include <utility>

#include "base/text.h"
#include "core/finish.h"
#include "domain/calendars.h"
#include "domain/consent_text.h"
#include "domain/ui_languages.h"

namespace sichtbar {
namespace {

// espeak-ng 1.51 (Debian 12) has a voice, named by the language's code, for these UI languages;
// "ku" is its Kurmanji, in the Latin script ku.po is written in. Pashto, Tigrinya and Somali have
// none.
constexpr std::array<std::string_view, 9> kVoiced = {"de", "en", "ar", "fa", "ku",
                                                     "uk", "ru", "tr", "fr"};

// A year typed in another calendar, read both ways; none for a Gregorian or open one.
std::optional<SpeechLine> typed_year(const PersonDraft& draft, const std::string& path,
                                     const nlohmann::json* value) {
  if (!value || !value->is_number_integer()) return std::nullopt;
  const std::optional<YearCalendar> calendar = draft.year_calendar(path);
  if (!calendar || *calendar == YearCalendar::gregorian) return std::nullopt;
  const int kept = value->get<int>();
  const std::optional<int> typed = year_in_calendar(*calendar, kept);
  if (!typed) return std::nullopt;
  return SpeechLine{"ui.year.spoken",
                    {{"year", std::to_string(*typed)}, {"gregorian", std::to_string(kept)}},
                    {{"calendar", std::string(calendar_name_key(*calendar))}}};
}

// What a section reads, in the order it shows: its title and help, then each question with its
// help and options, a year's with its calendar buttons (in the language's order) and the year
// typed in another calendar (from the draft, when there is one).
struct SectionReading {
  const Section& section;
  std::string_view language;
  const PersonDraft* draft = nullptr;
  std::vector<SpeechLine> lines;

  void add(std::string key) { lines.push_back({std::move(key), {}, {}}); }

  void field(const Field& f, std::string_view group) {
    std::vector<std::string> keys;
    if (f.fields.empty()) {
      append_message_keys(f, keys);
    } else {  // a group: its own words, then each of its questions
      Field own = f;
      own.fields.clear();
      append_message_keys(own, keys);
    }
    for (std::string& key : keys) add(std::move(key));
    if (f.type == FieldType::Year) {
      for (const YearCalendar calendar : calendars_for_language(language))
        add(std::string(calendar_name_key(calendar)));
      if (draft && group.empty()) {
        const std::string path = section.id + "." + f.id;
        if (auto line = typed_year(*draft, path, draft->answer(section.id, f.id)))
          lines.push_back(std::move(*line));
      } else if (draft) {
        const nlohmann::json* entries = draft->answer(section.id, group);
        for (std::size_t i = 0; entries && entries->is_array() && i < entries->size(); ++i) {
          const nlohmann::json& entry = (*entries)[i];
          const auto value = entry.is_object() ? entry.find(f.id) : entry.end();
          const std::string path =
              section.id + "." + std::string(group) + "[" + std::to_string(i) + "]." + f.id;
          if (auto line = typed_year(*draft, path, value != entry.end() ? &*value : nullptr))
            lines.push_back(std::move(*line));
        }
      }
    }
    for (const Field& child : f.fields) field(child, f.id);
  }

  SectionReading(const Section& s, std::string_view lang, const PersonDraft* d)
      : section(s), language(lang), draft(d) {
    add(section.title_key);
    if (!section.help_key.empty()) add(section.help_key);
    for (const Field& f : section.fields) field(f, {});
  }
};

// The keys alone: the calendars in the order of a language that offers Gregorian first.
std::vector<std::string> section_keys(const Section& section) {
  std::vector<std::string> keys;
  for (SpeechLine& line : SectionReading(section, "", nullptr).lines)
    keys.push_back(std::move(line.key));
  return keys;
}

// A placeholder ("{seconds}") has no value when read out of context: it is left out, and so are
// the invisible direction marks, which a voice would otherwise spell.
std::string speakable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      const std::size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    char32_t cp = 0;
    const std::size_t length = decode_utf8(text, i, cp);
    if (length == 0) {  // not UTF-8: kept as it is, for espeak-ng to skip
      out += text[i++];
      continue;
    }
    // LRM, RLM and the isolates FSI/LRI/RLI/PDI that Ui::format and the catalogues add.
    if (cp != 0x200E && cp != 0x200F && !(cp >= 0x2066 && cp <= 0x2069))
      out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace

std::string_view espeak_voice(std::string_view language) {
  for (std::string_view voiced : kVoiced)
    if (voiced == language) return voiced;
  return {};
}

std::vector<std::string> speech_keys(Screen screen, const Section* section,
                                     std::size_t consent_step, std::int32_t retention_days) {
  switch (screen) {
    case Screen::Welcome:
      return {"ui.welcome.title", "ui.welcome.choose_language", "ui.welcome.ask_volunteer"};
    case Screen::Consent:
      if (section)
        for (const Field& field : section->fields)
          if (field.type == FieldType::Consent)
            return consent_step_speech_keys(field, consent_step, retention_days);
      return {};
    case Screen::Section:
      if (section) return section_keys(*section);
      return {};
    case Screen::Review:
      return {"ui.review.title", "ui.review.help"};
    case Screen::Finishing:
      return {"ui.finish.saving"};
    case Screen::Qr:
      return {"ui.qr.title", "ui.qr.scan", "ui.qr.keep_private", "ui.qr.tap_to_keep"};
    case Screen::FinishFailed:
      return {"ui.finish.failed", "ui.finish.try_again"};
    case Screen::ConsentDeclined:
      return {"ui.consent.declined.title", "ui.consent.declined.text", "ui.goodbye.title"};
    case Screen::AdminUnlock:
    case Screen::AdminSetPin:
    case Screen::AdminHome:
    case Screen::AdminEvent:
    case Screen::AdminChangePin:
    case Screen::AdminEnroll:
      return {};
  }
  return {};
}

std::vector<SpeechLine> speech_script(const KioskSession& session) {
  const Screen screen = session.screen();
  const Section* section = session.section();
  if (screen == Screen::Section && section)
    return SectionReading(*section, session.language(), session.draft()).lines;
  const std::optional<OfficeSettings>& office = session.office();
  std::vector<SpeechLine> lines;
  for (std::string& key : speech_keys(screen, section, session.consent_step().value_or(0),
                                      office ? office->retention_days : 0))
    lines.push_back({std::move(key), {}, {}});
  // The consent names the office as its steps show it: the same values, filled the same way.
  if (screen == Screen::Consent && office) {
    const MessageValues values = consent_values(consent_office(*office));
    for (SpeechLine& line : lines) line.values = values;
  }
  return lines;
}

std::vector<std::string> person_screen_keys(const Form& form) {
  std::set<std::string> keys;
  for (Screen screen : {Screen::Welcome, Screen::Review, Screen::Finishing, Screen::Qr,
                        Screen::FinishFailed, Screen::ConsentDeclined})
    for (std::string& key : speech_keys(screen, nullptr)) keys.insert(std::move(key));
  for (const Section& section : form.sections)
    for (std::string& key : section_keys(section)) keys.insert(std::move(key));
  // A year typed in another calendar is read both ways under its question.
  if (keys.contains(std::string(calendar_name_key(YearCalendar::solar_hijri))))
    keys.insert("ui.year.spoken");
  return {keys.begin(), keys.end()};
}

Result<SpeechLibrary> SpeechLibrary::load(const std::filesystem::path& assets_dir) {
  SpeechLibrary library;
  library.audio_dir_ = assets_dir / "audio";
  for (std::string_view language : kUiLanguages) {
    std::error_code ec;
    const std::filesystem::path folder = library.audio_dir_ / language;
    if (!std::filesystem::is_directory(folder, ec)) continue;
    auto& clips = library.clips_[std::string(language)];
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
      const std::filesystem::path& file = entry.path();
      const std::string ext = file.extension().string();
      if (ext != ".ogg" && ext != ".wav") continue;
      const std::string key = file.stem().string();
      auto [at, added] = clips.emplace(key, file.filename().string());
      if (!added && ext == ".ogg") at->second = file.filename().string();
    }
  }
  const std::filesystem::path vowelled = assets_dir / "i18n" / "speech";
  for (std::string_view language : kUiLanguages) {
    const std::filesystem::path po = vowelled / (std::string(language) + ".po");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(po, ec)) continue;
    auto catalogue = Catalogue::load(po);
    if (!catalogue) return std::unexpected(catalogue.error());
    library.vowelled_.emplace(std::string(language), std::move(*catalogue));
  }
  return library;
}

std::optional<std::filesystem::path> SpeechLibrary::clip(std::string_view language,
                                                         std::string_view key) const {
  auto lang = clips_.find(language);
  if (lang == clips_.end()) return std::nullopt;
  auto file = lang->second.find(key);
  if (file == lang->second.end()) return std::nullopt;
  return audio_dir_ / std::string(language) / file->second;
}

const std::string* SpeechLibrary::text_of(std::string_view language, std::string_view key,
                                          const Catalogue& catalogue) const {
  if (auto vowelled = vowelled_.find(language); vowelled != vowelled_.end())
    if (const std::string* text = vowelled->second.find(key)) return text;
  return catalogue.find(key);
}

std::vector<SpeechPart> SpeechLibrary::parts(std::string_view language,
                                             const std::vector<std::string>& keys,
                                             const Catalogue& catalogue) const {
  std::vector<SpeechLine> lines;
  for (const std::string& key : keys) lines.push_back({key, {}, {}});
  return filled_parts(language, lines, catalogue);
}

std::vector<SpeechPart> SpeechLibrary::filled_parts(std::string_view language,
                                                    const std::vector<SpeechLine>& lines,
                                                    const Catalogue& catalogue) const {
  std::vector<SpeechPart> parts;
  const std::string_view voice = espeak_voice(language);
  for (const SpeechLine& line : lines) {
    if (auto file = clip(language, line.key)) {
      parts.push_back({line.key, *file, {}, {}});
      continue;
    }
    if (voice.empty()) continue;
    const std::string* text = text_of(language, line.key, catalogue);
    if (!text) continue;
    MessageValues values = line.values;
    for (const auto& [name, key] : line.value_keys)
      if (const std::string* words = text_of(language, key, catalogue))
        values.emplace_back(name, *words);
    // Filled as the screen fills it, isolates and all; speakable() then drops the marks.
    std::string words = speakable(format_message(*text, values, ValueIsolation::isolated));
    if (words.find_first_not_of(" \n\t") == std::string::npos) continue;
    parts.push_back({line.key, {}, std::string(voice), std::move(words)});
  }
  return parts;
}

std::vector<SpeechPart> SpeechLibrary::greetings(
    std::string_view screen_language, const std::vector<std::string>& languages,
    const std::function<const Catalogue*(std::string_view)>& catalogue) const {
  std::vector<SpeechPart> all;
  if (const Catalogue* own = catalogue(screen_language))
    all = parts(screen_language, speech_keys(Screen::Welcome, nullptr), *own);
  for (const std::string& language : languages) {
    if (language == screen_language) continue;
    const Catalogue* words = catalogue(language);
    if (!words) continue;
    for (SpeechPart& part :
         parts(language, {"ui.welcome.title", "ui.welcome.choose_language"}, *words))
      all.push_back(std::move(part));
  }
  return all;
}

bool SpeechLibrary::can_speak(std::string_view language,
                              const std::vector<std::string>& keys) const {
  if (keys.empty()) return false;
  if (!espeak_voice(language).empty()) return true;
  return std::any_of(keys.begin(), keys.end(),
                     [&](const std::string& key) { return clip(language, key).has_value(); });
}

SpeechGaps SpeechLibrary::gaps(std::string_view language,
                               const std::vector<std::string>& keys) const {
  SpeechGaps gaps;
  gaps.language = std::string(language);
  gaps.voice = std::string(espeak_voice(language));
  gaps.can_speak = can_speak(language, keys);
  auto vowelled = vowelled_.find(language);
  for (const std::string& key : keys) {
    const bool recorded = clip(language, key).has_value();
    if (gaps.voice.empty() && !recorded) gaps.no_clip.push_back(key);
    // Arabic needs its vowels written out; other voices read the catalogue as it is.
    if (language == "ar" && !recorded &&
        (vowelled == vowelled_.end() || !vowelled->second.find(key)))
      gaps.no_vowelled.push_back(key);
  }
  return gaps;
}

}  // namespace sichtbar
