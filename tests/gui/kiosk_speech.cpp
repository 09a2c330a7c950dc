// Read aloud (issue #17): every person screen's words come out of espeak-ng as speech in each
// language it has a voice for; the speaker button shows only where there is something to say;
// a recorded clip plays; and whatever is being read stops when the person goes (idle reset,
// another screen or language), so nothing of one person is heard by the next. Sound goes to
// SDL's "disk" driver (a file the test reads) or "dummy" driver: no sound card needed.
#include <SDL.h>
#include <vorbis/vorbisenc.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/text.h"
#include "core/finish.h"
#include "domain/consent_text.h"
#include "domain/form_library.h"
#include "domain/ui_languages.h"
#include "flow/speech_script.h"
#include "headless_kiosk.h"
#include "platform/speaker.h"
#include "ui/read_aloud.h"

using namespace sichtbar;
using namespace sichtbar::test_gui;

namespace {

Form profile_form() {
  auto forms = FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  REQUIRE(forms);
  return forms->latest();
}

// Every screen a person sees, with the section it shows (Consent and Section: each of them).
std::vector<std::vector<std::string>> person_screens_keys(const Form& form) {
  std::vector<std::vector<std::string>> screens;
  for (Screen screen : {Screen::Welcome, Screen::Review, Screen::Finishing, Screen::Qr,
                        Screen::FinishFailed, Screen::ConsentDeclined})
    screens.push_back(speech_keys(screen, nullptr));
  for (const Section& section : form.sections) {
    if (&section != &form.sections.front()) {
      screens.push_back(speech_keys(Screen::Section, &section));
      continue;
    }
    // The consent: each of its steps, with either retention sentence.
    for (std::size_t step = 0; step < kConsentSteps; ++step)
      for (std::int32_t retention_days : {730, 0})
        screens.push_back(speech_keys(Screen::Consent, &section, step, retention_days));
  }
  return screens;
}

// Letters and digits, not counting spaces, punctuation or Arabic's vowel marks.
std::size_t count_letters(const std::string& text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (std::size_t j = 1; j < len && i + j < text.size(); ++j)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + j]) & 0x3F);
    i += len;
    if (cp < 0x80 && !std::isalnum(static_cast<int>(cp))) continue;
    if (cp >= 0x064B && cp <= 0x0652) continue;                    // harakat
    if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0x00A0) continue;  // punctuation, marks
    ++n;
  }
  return n;
}

// The words of an Arabic text as the screen writes them: without the vowel marks (U+064B to
// U+0652, the vowelled file's tashkeel) and the direction marks the catalogue adds (U+200E).
std::string without_vowel_marks(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = std::max<std::size_t>(decode_utf8(text, i, cp), 1);
    // The short vowels, tanween, shadda and sukun (U+064B ... U+0652), the dagger alef of هٰذا
    // (U+0670, a vowel sign too) and the direction marks the screen's text carries.
    if (!(cp >= 0x064B && cp <= 0x0652) && cp != 0x0670 && cp != 0x200E)
      out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

// Where a vowel mark (U+064B to U+0650) comes before a shadda (U+0651): espeak-ng 1.51 then
// doubles the letter and drops the vowel ("muʕallmun" for مُعَلِّمٌ, "ʔattːdriːbu" for
// التدريب), so the vowelled file puts the shadda first. Unicode's normal order is the other
// one, and an editor that normalises text swaps them back.
std::size_t vowel_before_shadda(std::string_view text) {
  std::size_t n = 0;
  char32_t before = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    i += std::max<std::size_t>(decode_utf8(text, i, cp), 1);
    if (cp == 0x0651 && before >= 0x064B && before <= 0x0650) ++n;
    before = cp;
  }
  return n;
}

std::size_t count_words(const std::string& text) {
  std::istringstream in(text);
  std::string word;
  std::size_t n = 0;
  while (in >> word) ++n;
  return n;
}

// A mono 16-bit WAV of a tone, `seconds` long: a stand-in for a recorded clip.
void write_tone_wav(const std::filesystem::path& file, double seconds, int rate = 16000) {
  const auto n = static_cast<std::uint32_t>(seconds * rate);
  std::ofstream out(file, std::ios::binary);
  auto u32 = [&](std::uint32_t v) { out.write(reinterpret_cast<const char*>(&v), 4); };
  auto u16 = [&](std::uint16_t v) { out.write(reinterpret_cast<const char*>(&v), 2); };
  out.write("RIFF", 4);
  u32(36 + n * 2);
  out.write("WAVEfmt ", 8);
  u32(16);
  u16(1);
  u16(1);
  u32(static_cast<std::uint32_t>(rate));
  u32(static_cast<std::uint32_t>(rate) * 2);
  u16(2);
  u16(16);
  out.write("data", 4);
  u32(n * 2);
  for (std::uint32_t i = 0; i < n; ++i)
    u16(static_cast<std::uint16_t>(
        static_cast<std::int16_t>(12000 * std::sin(2 * 3.14159265358979 * 440 * i / rate))));
}

// An Ogg Vorbis file of a tone, `seconds` long, as a recorded clip would be kept.
void write_tone_ogg(const std::filesystem::path& file, double seconds, int rate = 22050) {
  vorbis_info vi;
  vorbis_info_init(&vi);
  REQUIRE(vorbis_encode_init_vbr(&vi, 1, rate, 0.4f) == 0);
  vorbis_comment vc;
  vorbis_comment_init(&vc);
  vorbis_dsp_state vd;
  vorbis_analysis_init(&vd, &vi);
  vorbis_block vb;
  vorbis_block_init(&vd, &vb);
  ogg_stream_state os;
  ogg_stream_init(&os, 1);
  ogg_packet header, comments, codebooks;
  vorbis_analysis_headerout(&vd, &vc, &header, &comments, &codebooks);
  ogg_stream_packetin(&os, &header);
  ogg_stream_packetin(&os, &comments);
  ogg_stream_packetin(&os, &codebooks);
  std::ofstream out(file, std::ios::binary);
  ogg_page page;
  auto write = [&] {
    out.write(reinterpret_cast<const char*>(page.header), page.header_len);
    out.write(reinterpret_cast<const char*>(page.body), page.body_len);
  };
  while (ogg_stream_flush(&os, &page)) write();
  const auto total = static_cast<long>(seconds * rate);
  for (long done = 0;;) {
    const long chunk = std::min(1024L, total - done);
    if (chunk > 0) {
      float** buffer = vorbis_analysis_buffer(&vd, static_cast<int>(chunk));
      for (long i = 0; i < chunk; ++i)
        buffer[0][i] = 0.4f * static_cast<float>(std::sin(2 * 3.14159265358979 * 440 *
                                                          static_cast<double>(done + i) / rate));
      done += chunk;
    }
    vorbis_analysis_wrote(&vd, chunk > 0 ? static_cast<int>(chunk) : 0);
    while (vorbis_analysis_blockout(&vd, &vb) == 1) {
      vorbis_analysis(&vb, nullptr);
      vorbis_bitrate_addblock(&vb);
      ogg_packet packet;
      while (vorbis_bitrate_flushpacket(&vd, &packet)) {
        ogg_stream_packetin(&os, &packet);
        while (ogg_stream_pageout(&os, &page)) write();
      }
    }
    if (chunk <= 0) break;
  }
  while (ogg_stream_flush(&os, &page)) write();
  ogg_stream_clear(&os);
  vorbis_block_clear(&vb);
  vorbis_dsp_clear(&vd);
  vorbis_comment_clear(&vc);
  vorbis_info_clear(&vi);
}

// The repository's assets with an audio/ folder of their own beside them (symlinks).
std::filesystem::path assets_with_audio(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(test::asset("")))
    if (entry.path().filename() != "audio")
      std::filesystem::create_symlink(entry.path(), dir / entry.path().filename());
  std::filesystem::create_directories(dir / "audio");
  return dir;
}

// 16-bit samples of the disk driver's output file, from sample `from` on.
std::vector<std::int16_t> disk_samples(const std::filesystem::path& file, std::size_t from = 0) {
  std::ifstream in(file, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::int16_t> samples(bytes.size() / 2);
  std::memcpy(samples.data(), bytes.data(), samples.size() * 2);
  if (from >= samples.size()) return {};
  return {samples.begin() + static_cast<std::ptrdiff_t>(from), samples.end()};
}

double rms(const std::vector<std::int16_t>& samples) {
  Pcm pcm{samples, 1};
  return pcm.rms();
}

// Sound into a file the test reads (SDL's disk driver), set before any speaker opens.
struct DiskAudio {
  test::TempDir dir;
  std::filesystem::path file = dir / "speaker.raw";
  DiskAudio() {
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
  }
};

std::unique_ptr<Speaker> open_speaker() {
  auto speaker = Speaker::open();
  INFO((speaker ? std::string() : speaker.error().message));
  REQUIRE(speaker);
  return std::move(*speaker);
}

template <typename Done>
void wait_for(Done done, std::chrono::seconds at_most = std::chrono::seconds(60)) {
  const auto until = std::chrono::steady_clock::now() + at_most;
  while (!done() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

}  // namespace

TEST_CASE("every person screen's words come out as speech in each espeak-ng language") {
  const Form form = profile_form();
  auto library = SpeechLibrary::load(test::asset(""));
  REQUIRE(library);
  const auto screens = person_screens_keys(form);
  for (std::string_view language : kUiLanguages) {
    if (espeak_voice(language).empty()) continue;
    auto catalogue = Catalogue::load_locale(test::asset("i18n"), language);
    REQUIRE(catalogue);
    for (const auto& keys : screens) {
      const auto parts = library->parts(language, keys, *catalogue);
      // Every text of the screen is read: none is lost on the way to the voice.
      CHECK(parts.size() == keys.size());
      for (const SpeechPart& part : parts) {
        INFO(language << " " << part.key << ": " << part.text);
        auto pcm = synthesise(part.voice, part.text);
        REQUIRE(pcm);
        // Heard, not silence.
        CHECK(pcm->rms() > 300);
        // Read as words: a word in under 100 ms was skipped, one over 1.5 s (a long compound
        // and the pause after it) was dragged out. A voice given a script it cannot read spells
        // it out, letter name by letter name (0.4 s and more each): longer texts must come out
        // at under 0.4 s a letter, as every voice reads its own language (0.05 to 0.34 s, the
        // most where digits and abbreviations are read as words: "C1 – Lkw bis 7,5 t").
        const double seconds = pcm->seconds();
        const auto words = static_cast<double>(count_words(part.text));
        const auto letters = static_cast<double>(count_letters(part.text));
        CHECK(seconds / words > 0.1);
        CHECK(seconds / words < 1.5);
        if (letters >= 8) CHECK(seconds / letters < 0.4);
      }
    }
  }
}

TEST_CASE("Arabic is read from the vowelled text where there is one, else from the screen's") {
  const Form form = profile_form();
  auto library = SpeechLibrary::load(test::asset(""));
  REQUIRE(library);
  auto shown = Catalogue::load_locale(test::asset("i18n"), "ar");
  REQUIRE(shown);
  auto vowelled = Catalogue::load(test::asset("i18n/speech/ar.po"));
  REQUIRE(vowelled);
  CHECK(vowelled->is_draft("ui.welcome.title"));  // for native review, like ar.po
  const auto parts = library->parts("ar", person_screen_keys(form), *shown);
  std::size_t from_vowelled = 0;
  for (const SpeechPart& part : parts) {
    const std::string* with_vowels = vowelled->find(part.key);
    INFO(part.key);
    // The screen's text without its direction marks, which a voice would spell out.
    std::string plain = with_vowels ? *with_vowels : *shown->find(part.key);
    for (std::size_t at; (at = plain.find("\u200E")) != std::string::npos;) plain.erase(at, 3);
    // A placeholder ("{days}") has no value out of context: the voice leaves it out.
    for (std::size_t at; (at = plain.find('{')) != std::string::npos;)
      plain.erase(at, plain.find('}', at) + 1 - at);
    CHECK(part.text == plain);
    if (with_vowels) ++from_vowelled;
  }
  CHECK(from_vowelled == vowelled->keys().size());
  // Every vowelled key is one the screens read (a typo in a key would never be heard).
  const auto keys = person_screen_keys(form);
  for (const std::string& key : vowelled->keys())
    CHECK(std::find(keys.begin(), keys.end(), key) != keys.end());
}

TEST_CASE("every Arabic text the person screens read has its vowels, in the screen's words") {
  const Form form = profile_form();
  auto library = SpeechLibrary::load(test::asset(""));
  REQUIRE(library);
  const auto keys = person_screen_keys(form);
  // A key without a vowelled text is read from the screen's text, nearly without vowels.
  {
    const SpeechGaps ar = library->gaps("ar", keys);
    std::string missing;
    for (const std::string& key : ar.no_vowelled) missing += key + " ";
    INFO("no vowelled text in assets/i18n/speech/ar.po: " << missing);
    CHECK(ar.no_vowelled.empty());
  }
  auto shown = Catalogue::load_locale(test::asset("i18n"), "ar");
  REQUIRE(shown);
  auto vowelled = Catalogue::load(test::asset("i18n/speech/ar.po"));
  REQUIRE(vowelled);
  for (const std::string& key : vowelled->keys()) {
    INFO(key);
    const std::string* text = vowelled->find(key);
    REQUIRE(text);
    // The speaker says the words the screen shows: the same letters, only the vowels added.
    REQUIRE(shown->find(key));
    CHECK(without_vowel_marks(*text) == without_vowel_marks(*shown->find(key)));
    CHECK(vowel_before_shadda(*text) == 0);
  }
}

TEST_CASE("the speaker button: hidden without voice or clip, shown with a clip or a voice") {
  DiskAudio audio;
  test::TempDir dir;
  const auto assets = assets_with_audio(dir / "assets");
  {  // one headless kiosk at a time (each has its ImGui context)
    HeadlessKiosk k({}, {}, {}, true, assets);
    k.app->set_speaker(open_speaker());
    // German has a voice: the language screen already reads itself.
    k.frames(2);
    CHECK(k.app->read_aloud().button_rect());
    // Pashto has no espeak-ng voice, and this kiosk no Pashto clips: no button on its screens.
    k.start_person("ps");
    CHECK(k.app->session().screen() == Screen::Section);
    CHECK_FALSE(k.app->read_aloud().button_rect());
  }

  // With one clip of the first section's title, that screen gets the button.
  test::TempDir dir2;
  const auto with_clip = assets_with_audio(dir2 / "assets");
  const Form form = profile_form();
  std::filesystem::create_directories(with_clip / "audio" / "ps");
  write_tone_wav(with_clip / "audio" / "ps" / (form.sections[1].title_key + ".wav"), 0.5);
  HeadlessKiosk clipped({}, {}, {}, true, with_clip);
  clipped.app->set_speaker(open_speaker());
  clipped.start_person("ps");
  REQUIRE(clipped.app->session().section() == &clipped.app->services().form.sections[1]);
  CHECK(clipped.app->read_aloud().button_rect());
  // The volunteer turned sound off for the event (on the admin screens, where the event
  // changes): no button for the next person either, in any language.
  KioskSession& session = clipped.app->session();
  session.reset();
  REQUIRE(session.open_admin(true));
  UnlockOutcome unlocked;
  unlocked.kind = UnlockOutcome::Kind::Unlocked;
  REQUIRE(session.unlock_admin(unlocked));
  auto setup = KioskSetup::load(clipped.app->store());
  REQUIRE(setup);
  setup->sound = false;
  REQUIRE(session.replace_setup(*setup));
  session.lock_admin();
  clipped.frames(2);
  REQUIRE(session.screen() == Screen::Welcome);
  CHECK_FALSE(clipped.app->read_aloud().button_rect());
  clipped.start_person("ps");
  REQUIRE(session.section() == &clipped.app->services().form.sections[1]);
  CHECK_FALSE(clipped.app->read_aloud().button_rect());
}

TEST_CASE("a volunteer's 'no sound' is kept with the event") {
  test::TempDir dir;
  auto store = KioskStore::open(dir / "kiosk");
  REQUIRE(store);
  HubKeys hub = HubKeys::generate(3);
  REQUIRE(save_hub(*store, hub_public_json(hub).dump(), "https://hub.example.org/", ""));
  REQUIRE(
      save_event(*store, {"", "Infoabend", "Augsburg", "2026-11-28", "info"}, all_ui_languages()));
  CHECK(KioskSetup::load(*store)->sound);
  REQUIRE(save_event(*store, {"", "Lesung", "Bibliothek", "2026-11-29", "info"}, all_ui_languages(),
                     false));
  CHECK_FALSE(KioskSetup::load(*store)->sound);
}

TEST_CASE("a recorded clip is decoded and played") {
  DiskAudio audio;
  test::TempDir dir;
  write_tone_wav(dir / "clip.wav", 0.6);
  write_tone_ogg(dir / "clip.ogg", 0.8);
  auto wav = decode_clip(dir / "clip.wav");
  REQUIRE(wav);
  CHECK(wav->seconds() == Approx(0.6).margin(0.01));
  CHECK(wav->rms() > 5000);
  auto ogg = decode_clip(dir / "clip.ogg");
  REQUIRE(ogg);
  CHECK(ogg->rate == 22050);
  CHECK(ogg->seconds() == Approx(0.8).margin(0.02));
  CHECK(ogg->rms() > 5000);
  // A file that is missing or not audio is an error, never noise.
  CHECK_FALSE(decode_clip(dir / "missing.ogg"));
  std::ofstream(dir / "text.ogg") << "not a clip";
  CHECK_FALSE(decode_clip(dir / "text.ogg"));
  {
    auto speaker = open_speaker();
    speaker->say(
        {SpeechPart{"a", dir / "clip.ogg", {}, {}}, SpeechPart{"b", dir / "clip.wav", {}, {}}});
    wait_for([&] { return !speaker->speaking(); });
    CHECK(speaker->failures() == 0);
  }
  // What the sound output got: the tone, not silence.
  CHECK(rms(disk_samples(audio.file)) > 3000);
}

TEST_CASE("reading stops when the person goes: idle reset and another language") {
  DiskAudio audio;
  HeadlessKiosk k;
  k.app->set_speaker(open_speaker());
  k.frames(2);
  auto speaking = [&] { return k.app->read_aloud().speaking(); };
  // How much sound the output held when reading had to stop, and that after it (beyond what
  // was already in the sound card's buffer) only silence followed.
  auto silent_after_stop = [&] {
    wait_for([&] { return !speaking(); }, std::chrono::seconds(5));
    REQUIRE_FALSE(speaking());
    const std::size_t stopped_at = disk_samples(audio.file).size();
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    // Two buffers of 1024 samples may still have been on their way out.
    const auto after = disk_samples(audio.file, stopped_at + 2 * 1024);
    CHECK(after.size() > 4000);  // the output kept running, and was silent
    return rms(after);
  };

  SECTION("the inactivity reset") {
    k.start_person("de");
    const auto rect = k.app->read_aloud().button_rect();
    REQUIRE(rect);
    k.tap_rect(*rect);
    REQUIRE(speaking());
    wait_for([&] { return rms(disk_samples(audio.file)) > 300; }, std::chrono::seconds(10));
    REQUIRE(speaking());  // the consent text is long: still reading
    k.now += std::chrono::minutes(10);
    k.frames(3);
    CHECK(k.app->session().screen() == Screen::Welcome);
    CHECK(silent_after_stop() == 0);
  }
  SECTION("another language chosen") {
    const auto rect = k.app->read_aloud().button_rect();
    REQUIRE(rect);
    k.tap_rect(*rect);
    REQUIRE(speaking());
    k.choose("ar");
    CHECK(k.app->session().language() == "ar");
    CHECK(silent_after_stop() == 0);
  }
  SECTION("a second tap stops") {
    k.start_person("de");
    const auto rect = k.app->read_aloud().button_rect();
    REQUIRE(rect);
    k.tap_rect(*rect);
    REQUIRE(speaking());
    k.tap_rect(*rect);
    CHECK(silent_after_stop() == 0);
  }
}

TEST_CASE("the language screen greets in each of the event's languages, in its own voice") {
  test::TempDir dir;
  const auto assets = assets_with_audio(dir / "assets");
  std::filesystem::create_directories(assets / "audio" / "ti");
  write_tone_wav(assets / "audio" / "ti" / "ui.welcome.title.wav", 0.3);
  auto library = SpeechLibrary::load(assets);
  REQUIRE(library);
  std::map<std::string, Catalogue, std::less<>> catalogues;
  for (const char* language : {"de", "en", "ar", "ps", "ti"})
    catalogues.emplace(language, *Catalogue::load_locale(test::asset("i18n"), language));
  const auto parts = library->greetings("de", {"de", "en", "ar", "ps", "ti"},
                                        [&](std::string_view language) -> const Catalogue* {
                                          auto it = catalogues.find(language);
                                          return it == catalogues.end() ? nullptr : &it->second;
                                        });
  std::vector<std::string> said;
  for (const SpeechPart& part : parts)
    said.push_back(part.clip.empty() ? part.voice + " " + part.key
                                     : "clip " + part.clip.filename().string());
  // The screen's own words first, then each greeting in its language's voice; Pashto has
  // neither voice nor clip and is left out, Tigrinya says what was recorded.
  CHECK(said == std::vector<std::string>{"de ui.welcome.title", "de ui.welcome.choose_language",
                                         "de ui.welcome.ask_volunteer", "en ui.welcome.title",
                                         "en ui.welcome.choose_language", "ar ui.welcome.title",
                                         "ar ui.welcome.choose_language",
                                         "clip ui.welcome.title.wav"});
}

TEST_CASE("speech-report lists what each language lacks") {
  test::TempDir dir;
  const auto assets = assets_with_audio(dir / "assets");
  const Form form = profile_form();
  // Its own vowelled Arabic, with one text: the shipped file has them all.
  std::filesystem::remove(assets / "i18n");
  std::filesystem::create_directories(assets / "i18n" / "speech");
  for (const auto& entry : std::filesystem::directory_iterator(test::asset("i18n")))
    if (entry.path().filename() != "speech")
      std::filesystem::create_symlink(entry.path(), assets / "i18n" / entry.path().filename());
  std::ofstream(assets / "i18n" / "speech" / "ar.po")
      << "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
         "msgid \"ui.welcome.title\"\nmsgstr \"أَهْلًا وَسَهْلًا!\"\n";
  std::filesystem::create_directories(assets / "audio" / "ti");
  write_tone_wav(assets / "audio" / "ti" / "ui.welcome.title.wav", 0.3);
  auto library = SpeechLibrary::load(assets);
  REQUIRE(library);
  const auto keys = person_screen_keys(form);
  const SpeechGaps ti = library->gaps("ti", keys);
  CHECK(ti.can_speak);
  CHECK(ti.no_clip.size() == keys.size() - 1);
  CHECK(std::find(ti.no_clip.begin(), ti.no_clip.end(), "ui.welcome.title") == ti.no_clip.end());
  const SpeechGaps so = library->gaps("so", keys);
  CHECK_FALSE(so.can_speak);
  CHECK(so.no_clip.size() == keys.size());
  const SpeechGaps de = library->gaps("de", keys);
  CHECK(de.voice == "de");
  CHECK(de.no_clip.empty());
  const SpeechGaps ar = library->gaps("ar", keys);
  CHECK(ar.no_vowelled.size() == keys.size() - 1);
  CHECK(std::find(ar.no_vowelled.begin(), ar.no_vowelled.end(), "ui.welcome.title") ==
        ar.no_vowelled.end());
}

TEST_CASE("each consent step reads the office's name, contact, DPO, days and authority as shown") {
  for (const std::string language : {"de", "ar"}) {
    HeadlessKiosk k;
    k.choose(language);
    REQUIRE(k.app->session().screen() == Screen::Consent);
    const ui::Ui& ui = k.app->ui();
    REQUIRE(ui.catalogue);
    const OfficeSettings office = test::augsburg_office();
    auto steps =
        consent_steps(profile_form().consent_field(), *ui.catalogue, consent_office(office));
    REQUIRE(steps);
    std::string all_said;
    for (std::size_t step = 0; step < kConsentSteps; ++step) {
      REQUIRE(k.app->session().consent_step() == step);
      const auto parts = k.app->read_aloud().library().filled_parts(
          language, speech_script(k.app->session()), *ui.catalogue);
      std::string said;
      for (const SpeechPart& part : parts) said += part.text + "\n";
      INFO(language << " step " << step << ": " << said);
      const ConsentStep& shown = (*steps)[step];
      // German is read from the screen's own catalogue: the words said are the words shown,
      // without the isolates around the office's values.
      if (language == "de") {
        std::string expected = shown.title + "\n" + shown.text + "\n";
        for (const std::string& choice : shown.choices) expected += choice + "\n";
        std::string plain;
        for (std::size_t i = 0; i < expected.size();) {
          char32_t cp = 0;
          const std::size_t length = std::max<std::size_t>(decode_utf8(expected, i, cp), 1);
          if (cp != 0x2068 && cp != 0x2069) plain.append(expected.substr(i, length));
          i += length;
        }
        CHECK(said == plain);
      }
      CHECK(said.find('{') == std::string::npos);
      all_said += said;
      if (step + 1 < kConsentSteps)
        k.tap(HeadlessKiosk::reads_rtl(language) ? HeadlessKiosk::next_left
                                                 : HeadlessKiosk::next_right,
              HeadlessKiosk::nav_y);
    }
    INFO(language << ": " << all_said);
    // Every value the office set is heard, in Arabic from the vowelled text too.
    for (const std::string& value : {office.name, office.contact, office.data_protection_officer,
                                     office.supervisory_authority, std::string("730")})
      CHECK(all_said.find(value) != std::string::npos);
  }
}

namespace {

// Phonemes without stress marks, as words: what a voice says, comparable word by word.
std::vector<std::string> phoneme_words(const std::string& ipa) {
  std::string plain;
  for (std::size_t i = 0; i < ipa.size();) {
    if (ipa.compare(i, 2, "ˈ") == 0 || ipa.compare(i, 2, "ˌ") == 0) {
      i += 2;
      continue;
    }
    plain += ipa[i++];
  }
  std::istringstream in(plain);
  std::vector<std::string> words;
  for (std::string word; in >> word;)
    if (word != "|") words.push_back(word);
  return words;
}

std::vector<std::string> said_as(std::string_view voice, const std::string& text) {
  auto ipa = phonemes(voice, text);
  REQUIRE(ipa);
  return phoneme_words(*ipa);
}

std::string joined(const std::vector<std::string>& words) {
  std::string all;
  for (const std::string& w : words) all += w;
  return all;
}

bool is_vowel_letter(char32_t cp) {
  static const std::u32string vowels = U"aeiouyAEIOUYàâäéèêëîïôöùûüıœаеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ";
  return vowels.find(cp) != std::u32string::npos;
}

}  // namespace

TEST_CASE("driving licence classes are read as meant: no unit spelled, no decimal or ³ misread") {
  const Form form = profile_form();
  auto library = SpeechLibrary::load(test::asset(""));
  REQUIRE(library);
  std::vector<std::string> keys;
  for (const Section& section : form.sections)
    for (const Field& field : section.fields)
      if (field.id == "driving_licences")
        for (const Option& option : field.options) keys.push_back(option.label_key);
  REQUIRE(keys.size() > 5);
  for (std::string_view language : kUiLanguages) {
    const std::string_view voice = espeak_voice(language);
    if (voice.empty()) continue;
    auto catalogue = Catalogue::load_locale(test::asset("i18n"), language);
    REQUIRE(catalogue);
    for (const SpeechPart& part : library->parts(language, keys, *catalogue)) {
      const std::vector<std::string> said = said_as(voice, part.text);
      INFO(language << " " << part.key << ": " << part.text << " -> " << joined(said));
      std::istringstream in(part.text);
      std::string token;
      for (bool first = true; in >> token; first = false) {
        // The class ("C1E") is read letter by letter, as it is meant to be.
        if (first) continue;
        while (!token.empty() &&
               std::string_view(",.;:()").find(token.back()) != std::string_view::npos)
          token.pop_back();
        std::u32string cps;
        for (std::size_t i = 0; i < token.size();) {
          char32_t cp = 0;
          i += std::max<std::size_t>(decode_utf8(token, i, cp), 1);
          cps += cp;
        }
        // "cm³" as "c m three", "سم³" as "poison three": a superscript the voice reads as a
        // digit after the word.
        for (const char32_t cp : cps)
          if (cp == U'²' || cp == U'³') {
            std::string sup;
            append_utf8(sup, cp);
            CHECK(said_as(voice, sup) != said_as(voice, cp == U'²' ? "2" : "3"));
          }
        // "7,5" said as "seven five": the decimal sign lost.
        const std::size_t sign = token.find_first_of(".,");
        if (sign != std::string::npos && sign > 0 && sign + 1 < token.size() &&
            std::isdigit(static_cast<unsigned char>(token[sign - 1])) &&
            std::isdigit(static_cast<unsigned char>(token[sign + 1])))
          CHECK(joined(said_as(voice, token)) !=
                joined(said_as(voice, token.substr(0, sign))) +
                    joined(said_as(voice, token.substr(sign + 1))));
        // "t" for tonnes said as the letter's name ("tee"): a lone consonant whose name, as the
        // voice says it alone, is a word of what it says.
        const char32_t c = cps.size() == 1 ? cps[0] : 0;
        const bool letter = c < 0x80 ? std::isalpha(static_cast<int>(c)) != 0
                                     : c >= 0xC0 && !(c >= 0x2000 && c <= 0x2BFF);
        if (letter && !is_vowel_letter(c)) {
          const auto name = said_as(voice, token);
          REQUIRE(name.size() == 1);
          CHECK(std::find(said.begin(), said.end(), name.front()) == said.end());
        }
      }
    }
  }
}
