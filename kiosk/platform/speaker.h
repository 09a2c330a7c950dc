// Read aloud, the part that makes sound: espeak-ng synthesises in this process (no espeak
// binary, no network), recorded clips are decoded (.ogg with libvorbisfile, .wav with SDL), and
// SDL's audio queue plays them. Synthesis runs on the speaker's own thread and audio plays on
// SDL's, so a frame only posts what to say and asks whether it still speaks. Nothing is
// recorded, stored or sent: the microphone is never opened.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/error.h"
#include "flow/speech_script.h"

namespace sichtbar {

// Mono 16-bit samples at a rate.
struct Pcm {
  std::vector<std::int16_t> samples;
  int rate = 0;

  double seconds() const { return rate > 0 ? static_cast<double>(samples.size()) / rate : 0.0; }
  // Root mean square over all samples, 0 ... 32768: silence is near 0.
  double rms() const;
};

// Synthesises text with an espeak-ng voice ("de", "ar", ...), calling sink with each block of
// samples as it is made (at espeak_rate()); a sink returning false stops the synthesis.
// espeak-ng is one synthesiser per process: calls from several threads take turns. Errors:
// "speech.espeak" (espeak-ng or its data missing: install espeak-ng-data), "speech.voice".
Result<void> synthesise_into(std::string_view voice, std::string_view text,
                             const std::function<bool(std::span<const std::int16_t>)>& sink);
// The whole text as one Pcm.
Result<Pcm> synthesise(std::string_view voice, std::string_view text);
// What the voice would say, as IPA phonemes ("hˈɛft pˈendʒ tˈɛ" for Kurmanji "7,5 t"): how tests
// hear a misreading without listening. Errors as synthesise_into.
Result<std::string> phonemes(std::string_view voice, std::string_view text);
// The sample rate espeak-ng synthesises at (after its first use; 22050 in 1.51).
int espeak_rate();

// A recorded clip, mixed down to mono at its own rate. Errors: "speech.clip" naming the file.
Result<Pcm> decode_clip(const std::filesystem::path& file);

class Speaker {
 public:
  // Opens the default audio output (SDL_AUDIODRIVER chooses another: "disk" in tests).
  // Error: "speech.audio" when there is none.
  static Result<std::unique_ptr<Speaker>> open();
  ~Speaker();
  Speaker(const Speaker&) = delete;
  Speaker& operator=(const Speaker&) = delete;

  // Says the parts one after another, after stopping whatever was being said.
  void say(std::vector<SpeechPart> parts);
  // Silence now: what is queued is dropped and synthesis in progress ends.
  void stop();
  // Still synthesising or playing.
  bool speaking() const;
  // Parts that could not be said since the speaker opened (a broken clip, a missing voice);
  // the kiosk says nothing of them to the person, the count is for tests and the log.
  std::uint64_t failures() const;

 private:
  Speaker() = default;
  void work();
  // Queues samples for playback unless the job `generation` was stopped meanwhile.
  bool queue(const Pcm& pcm, std::uint64_t generation);

  std::uint32_t device_ = 0;
  int device_rate_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<SpeechPart> job_;
  bool has_job_ = false;
  bool busy_ = false;
  bool closing_ = false;
  std::uint64_t generation_ = 0;
  std::uint64_t failures_ = 0;
  std::thread worker_;
};

}  // namespace sichtbar
