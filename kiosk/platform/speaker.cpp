// Read aloud: espeak-ng, clip decoding and SDL's audio queue (see speaker.h).
#include "platform/speaker.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>
#include <vorbis/vorbisfile.h>

#include <atomic>
#include <cmath>
#include <cstring>

namespace sichtbar {
namespace {

// espeak-ng keeps one synthesiser per process: every use goes through this lock.
std::mutex g_espeak;
// 0: not initialised; -1: failed. Atomic: a sink asks it while the lock is held.
std::atomic<int> g_espeak_rate{0};

using Sink = std::function<bool(std::span<const std::int16_t>)>;

int on_samples(short* wav, int count, espeak_EVENT* events) {
  const auto* sink = static_cast<const Sink*>(events ? events->user_data : nullptr);
  if (!sink || !wav || count <= 0) return 0;
  // Non-zero asks espeak-ng to stop synthesising.
  return (*sink)(std::span<const std::int16_t>(wav, static_cast<std::size_t>(count))) ? 0 : 1;
}

// Converts 16-bit samples (channels interleaved) at `rate` to mono at `to_rate`.
Result<Pcm> convert(SDL_AudioFormat format, int channels, int rate, const void* data,
                    std::size_t bytes, int to_rate) {
  SDL_AudioStream* stream =
      SDL_NewAudioStream(format, static_cast<Uint8>(channels), rate, AUDIO_S16SYS, 1, to_rate);
  if (!stream) return fail("speech.clip", std::string("Cannot convert audio: ") + SDL_GetError());
  Pcm pcm;
  pcm.rate = to_rate;
  if (SDL_AudioStreamPut(stream, data, static_cast<int>(bytes)) == 0 &&
      SDL_AudioStreamFlush(stream) == 0) {
    pcm.samples.resize(static_cast<std::size_t>(SDL_AudioStreamAvailable(stream)) / 2);
    const int got =
        SDL_AudioStreamGet(stream, pcm.samples.data(), static_cast<int>(pcm.samples.size() * 2));
    pcm.samples.resize(got > 0 ? static_cast<std::size_t>(got) / 2 : 0);
  }
  SDL_FreeAudioStream(stream);
  return pcm;
}

Result<Pcm> decode_ogg(const std::filesystem::path& file) {
  OggVorbis_File vf;
  if (ov_fopen(file.c_str(), &vf) != 0)
    return fail("speech.clip", "\"" + file.string() + "\" is not an Ogg Vorbis file.");
  const vorbis_info* info = ov_info(&vf, -1);
  const int channels = info ? info->channels : 0;
  const int rate = info ? static_cast<int>(info->rate) : 0;
  std::vector<char> interleaved;
  char buffer[8192];
  int section = 0;
  long got = 0;
  while ((got = ov_read(&vf, buffer, sizeof buffer, SDL_BYTEORDER == SDL_BIG_ENDIAN, 2, 1,
                        &section)) > 0)
    interleaved.insert(interleaved.end(), buffer, buffer + got);
  ov_clear(&vf);
  if (got < 0 || channels <= 0 || rate <= 0)
    return fail("speech.clip", "\"" + file.string() + "\" is a damaged Ogg Vorbis file.");
  return convert(AUDIO_S16SYS, channels, rate, interleaved.data(), interleaved.size(), rate);
}

Result<Pcm> decode_wav(const std::filesystem::path& file) {
  SDL_AudioSpec spec;
  Uint8* data = nullptr;
  Uint32 bytes = 0;
  if (!SDL_LoadWAV(file.c_str(), &spec, &data, &bytes))
    return fail("speech.clip", "\"" + file.string() + "\" is not a WAV file SDL can read (" +
                                   SDL_GetError() + ").");
  auto pcm = convert(spec.format, spec.channels, spec.freq, data, bytes, spec.freq);
  SDL_FreeWAV(data);
  return pcm;
}

}  // namespace

double Pcm::rms() const {
  if (samples.empty()) return 0;
  double sum = 0;
  for (std::int16_t s : samples) sum += static_cast<double>(s) * s;
  return std::sqrt(sum / static_cast<double>(samples.size()));
}

namespace {

// Starts espeak-ng once and chooses the voice; g_espeak is held.
Result<void> espeak_voice_locked(std::string_view voice) {
  if (g_espeak_rate == 0) {
    // Synchronous: espeak_Synth returns when the text is said into the callback; nothing of
    // espeak-ng's own audio output is used.
    const int rate =
        espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate > 0) espeak_SetSynthCallback(on_samples);
    g_espeak_rate = rate > 0 ? rate : -1;
  }
  if (g_espeak_rate < 0)
    return fail("speech.espeak",
                "espeak-ng could not start: install Debian's espeak-ng-data package.");
  const std::string name(voice);
  if (espeak_SetVoiceByName(name.c_str()) != EE_OK)
    return fail("speech.voice", "espeak-ng has no voice \"" + name + "\".");
  return {};
}

}  // namespace

Result<void> synthesise_into(std::string_view voice, std::string_view text, const Sink& sink) {
  std::lock_guard lock(g_espeak);
  if (auto chosen = espeak_voice_locked(voice); !chosen) return chosen;
  // A little slower than espeak-ng's 175 words a minute: many listeners are not fluent readers.
  espeak_SetParameter(espeakRATE, 150, 0);
  const std::string words(text);
  void* user_data = const_cast<Sink*>(&sink);
  const espeak_ERROR synth = espeak_Synth(words.c_str(), words.size() + 1, 0, POS_CHARACTER, 0,
                                          espeakCHARS_UTF8, nullptr, user_data);
  if (synth != EE_OK) return fail("speech.espeak", "espeak-ng could not read the text.");
  return {};
}

Result<Pcm> synthesise(std::string_view voice, std::string_view text) {
  Pcm pcm;
  auto said = synthesise_into(voice, text, [&](std::span<const std::int16_t> block) {
    pcm.samples.insert(pcm.samples.end(), block.begin(), block.end());
    return true;
  });
  if (!said) return std::unexpected(said.error());
  pcm.rate = espeak_rate();
  return pcm;
}

Result<std::string> phonemes(std::string_view voice, std::string_view text) {
  std::lock_guard lock(g_espeak);
  if (auto chosen = espeak_voice_locked(voice); !chosen) return std::unexpected(chosen.error());
  const std::string words(text);
  const void* at = words.c_str();
  std::string out;
  // One clause at a time, until the text is used up; 0x02: IPA.
  while (at) {
    const char* clause = espeak_TextToPhonemes(&at, espeakCHARS_UTF8, 0x02);
    if (!clause) break;
    if (!out.empty()) out += ' ';
    out += clause;
  }
  return out;
}

int espeak_rate() { return g_espeak_rate.load(); }

Result<Pcm> decode_clip(const std::filesystem::path& file) {
  if (file.extension() == ".ogg") return decode_ogg(file);
  if (file.extension() == ".wav") return decode_wav(file);
  return fail("speech.clip", "\"" + file.string() + "\" is neither .ogg nor .wav.");
}

Result<std::unique_ptr<Speaker>> Speaker::open() {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
    return fail("speech.audio", std::string("No sound output: ") + SDL_GetError());
  SDL_AudioSpec want{}, have{};
  want.freq = 22050;  // espeak-ng's rate: its speech goes out unconverted
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 1024;
  const SDL_AudioDeviceID device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
  if (device == 0) {
    std::string why = SDL_GetError();
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return fail("speech.audio", "No sound output: " + why);
  }
  std::unique_ptr<Speaker> speaker(new Speaker());
  speaker->device_ = device;
  speaker->device_rate_ = have.freq;
  SDL_PauseAudioDevice(device, 0);
  speaker->worker_ = std::thread([s = speaker.get()] { s->work(); });
  return speaker;
}

Speaker::~Speaker() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    ++generation_;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  SDL_CloseAudioDevice(device_);
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void Speaker::say(std::vector<SpeechPart> parts) {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
    SDL_ClearQueuedAudio(device_);
    job_ = std::move(parts);
    has_job_ = true;
  }
  wake_.notify_all();
}

void Speaker::stop() {
  std::lock_guard lock(mutex_);
  ++generation_;
  job_.clear();
  has_job_ = false;
  SDL_ClearQueuedAudio(device_);
}

bool Speaker::speaking() const {
  std::lock_guard lock(mutex_);
  return has_job_ || busy_ || SDL_GetQueuedAudioSize(device_) > 0;
}

std::uint64_t Speaker::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

bool Speaker::queue(const Pcm& pcm, std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (generation != generation_) return false;
  if (!pcm.samples.empty())
    SDL_QueueAudio(device_, pcm.samples.data(), static_cast<Uint32>(pcm.samples.size() * 2));
  return true;
}

void Speaker::work() {
  for (;;) {
    std::vector<SpeechPart> parts;
    std::uint64_t generation = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return closing_ || has_job_; });
      if (closing_) return;
      parts = std::move(job_);
      job_.clear();
      has_job_ = false;
      busy_ = true;
      generation = generation_;
    }
    // A short pause between the title, the question and each option, as a person reading
    // them out would make.
    Pcm pause;
    pause.rate = device_rate_;
    pause.samples.assign(static_cast<std::size_t>(device_rate_ * 35 / 100), 0);
    bool going = true;
    for (const SpeechPart& part : parts) {
      if (!going) break;
      Result<void> said;
      if (!part.clip.empty()) {
        auto clip = decode_clip(part.clip);
        if (clip && clip->rate != device_rate_)
          clip = convert(AUDIO_S16SYS, 1, clip->rate, clip->samples.data(),
                         clip->samples.size() * 2, device_rate_);
        if (clip)
          going = queue(*clip, generation);
        else
          said = std::unexpected(clip.error());
      } else {
        // Each block plays as soon as it is made: the first words sound while the rest of a
        // long consent text is still being synthesised.
        said = synthesise_into(part.voice, part.text, [&](std::span<const std::int16_t> block) {
          Pcm pcm{{block.begin(), block.end()}, espeak_rate()};
          if (pcm.rate != device_rate_) {
            auto converted = convert(AUDIO_S16SYS, 1, pcm.rate, pcm.samples.data(),
                                     pcm.samples.size() * 2, device_rate_);
            if (converted) pcm = std::move(*converted);
          }
          going = queue(pcm, generation);
          return going;
        });
      }
      if (!said) {
        std::lock_guard lock(mutex_);
        ++failures_;
      }
      if (going) going = queue(pause, generation);
    }
    std::lock_guard lock(mutex_);
    busy_ = false;
  }
}

}  // namespace sichtbar
