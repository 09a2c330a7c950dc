// Read aloud, the part that decides and never plays: which catalogue keys a person screen reads
// (title, question, help, options, in reading order), which voice or recorded clip says each one
// in a language, and which clips and vowelled texts are missing (`sichtbar-kiosk speech-report`).
// Playing is kiosk/platform's Speaker; this part reads files only in SpeechLibrary::load, which
// the kiosk calls once as it opens.
//
// Where speech comes from, per UI language:
//   - a voice of espeak-ng 1.51 (de, en, ar, fa, ku, uk, ru, tr, fr), synthesised on the device;
//     Arabic reads the vowelled text of assets/i18n/speech/ar.po where it has the key, because
//     espeak-ng guesses the vowels of undiacritised Arabic badly; any other voice reads
//     assets/i18n/speech/<language>.po where it has the key: the few texts it misreads as the
//     screen writes them ("7,5 t", "cm³"), in words;
//   - recorded clips, assets/audio/<language>/<key>.ogg or .wav, for a key that has one (a clip
//     wins over the voice, so a recording can fix a word a voice says badly); for ps, ti and so,
//     which espeak-ng has no voice for, clips are the only speech.
// A screen with neither (no voice, no clip for any of its keys) shows no speaker button.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "domain/catalogue.h"
#include "domain/form.h"
#include "flow/session.h"

namespace sichtbar {

// The espeak-ng voice that reads a UI language, or empty when espeak-ng 1.51 has none.
std::string_view espeak_voice(std::string_view language);

// The keys a person screen reads, in reading order: its title, the question or text, the help
// and the options. section is the one on screen (Consent and Section); admin screens read
// nothing (an empty list). Consent reads the step on screen (consent_step_speech_keys: the
// retention sentence the office's retention_days chooses).
std::vector<std::string> speech_keys(Screen screen, const Section* section,
                                     std::size_t consent_step = 0,
                                     std::int32_t retention_days = 0);
// Every key some person screen of this form reads, each once, sorted: what the clips and the
// vowelled texts are checked against.
std::vector<std::string> person_screen_keys(const Form& form);

// One line a screen says: a catalogue key, with what the screen fills into it (the consent's
// office, a year typed in another calendar). filled_parts() fills the (vowelled) text with these.
struct SpeechLine {
  std::string key;
  // Placeholder -> the words the screen shows there ("Stadt Augsburg", "1380").
  MessageValues values;
  // Placeholder -> the key of a catalogue text that goes there, in the same language and from
  // the same (vowelled) catalogue as the line (a calendar's name).
  MessageValues value_keys;
  bool operator==(const SpeechLine&) const = default;
};

// What the screen on show says now, in reading order: speech_keys' lines, with the office's
// settings filled into the consent's steps as the screen shows them (consent_values), and after
// a year's question its calendar buttons and, for a year typed in another calendar, that year
// read both ways ("1380 Solar Hijri, that is 2001": ui.year.spoken).
std::vector<SpeechLine> speech_script(const KioskSession& session);

// One thing to say: a clip to play, or a text for a voice.
struct SpeechPart {
  std::string key;
  std::filesystem::path clip;  // when set, played instead of synthesising
  std::string voice;           // espeak-ng voice name, for text
  std::string text;
};

// What one language lacks, for the report.
struct SpeechGaps {
  std::string language;
  std::string voice;                 // empty: clips only
  std::vector<std::string> no_clip;  // keys without a recording (languages without a voice)
  // Arabic: keys read from the plain text because no vowelled one exists.
  std::vector<std::string> no_vowelled;
  bool can_speak = false;  // a voice, or at least one clip
};

class SpeechLibrary {
 public:
  SpeechLibrary() = default;
  // Indexes assets/audio/<language>/ (the clips' file names, not their sound) and loads the
  // spoken (for Arabic: vowelled) catalogues in assets/i18n/speech/. Neither folder needs to
  // exist. A spoken catalogue that does not parse is an error naming the file.
  static Result<SpeechLibrary> load(const std::filesystem::path& assets_dir);

  // What to say for these keys in a language: a clip where one is recorded, else the voice
  // reading the (vowelled) text; a key with neither, or no text, is left out.
  std::vector<SpeechPart> parts(std::string_view language, const std::vector<std::string>& keys,
                                const Catalogue& catalogue) const;
  // The same for a screen's lines, with their values filled in (a line's clip, where recorded,
  // says it without them).
  std::vector<SpeechPart> filled_parts(std::string_view language,
                                       const std::vector<SpeechLine>& lines,
                                       const Catalogue& catalogue) const;
  // The language screen, read aloud: its words in the screen's language, then the greeting
  // ("Welcome! Please choose your language") in each other language the event offers, in that
  // language's voice or clips, so a person who cannot read the screen hears their own language.
  std::vector<SpeechPart> greetings(
      std::string_view screen_language, const std::vector<std::string>& languages,
      const std::function<const Catalogue*(std::string_view)>& catalogue) const;
  // Whether a screen reading these keys has anything to say in the language (the button shows).
  bool can_speak(std::string_view language, const std::vector<std::string>& keys) const;
  // The gaps of one language against the keys the person screens read.
  SpeechGaps gaps(std::string_view language, const std::vector<std::string>& keys) const;

  // The clip recorded for a key, if any.
  std::optional<std::filesystem::path> clip(std::string_view language, std::string_view key) const;

 private:
  std::filesystem::path audio_dir_;
  // language -> key -> file name (".ogg" preferred over ".wav")
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> clips_;
  std::map<std::string, Catalogue, std::less<>> vowelled_;

  // The text a voice reads for a key: the vowelled one where there is one, else the screen's.
  const std::string* text_of(std::string_view language, std::string_view key,
                             const Catalogue& catalogue) const;
};

}  // namespace sichtbar
