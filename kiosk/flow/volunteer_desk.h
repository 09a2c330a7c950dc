// The volunteer's desk: everything the kiosk's screens read from or write to the kiosk store and
// the file system (the counts, the event setup, saving an event, a USB export, "sync now", the
// admin PIN and its argon2 hashing, and sealing and saving a person's finished profile), done off
// the frame on a thread of its own with its own store connection. Screens ask for work and read
// what the desk cached or answered; a frame never waits for the store, a hash or a USB stick.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "core/admin.h"
#include "core/setup.h"
#include "core/store.h"
#include "flow/session.h"
#include "sync/background_sync.h"
#include "sync/sync_client.h"

namespace sichtbar {

// The store and files the desk's thread works on; tests give a slow one.
class DeskStore {
 public:
  virtual ~DeskStore() = default;
  virtual Result<KioskCounts> counts(std::chrono::system_clock::time_point now) = 0;
  virtual Result<KioskSetup> setup() = 0;
  virtual Result<EventInfo> save_event(const EventInfo& event,
                                       const std::vector<std::string>& languages, bool sound) = 0;
  // The QR screen's printer (core/setup.h save_printer); empty: none.
  virtual Result<void> save_printer(const std::string& printer) = 0;
  // A mounted USB stick, if any.
  virtual std::optional<std::filesystem::path> usb_stick() = 0;
  virtual Result<BundleExport> export_bundle(const KioskSetup& setup,
                                             const std::filesystem::path& dir) = 0;
  // The admin PIN, as AdminPin (core/admin.h) does it: each check or change hashes (argon2id,
  // about 0.2 s) and reads and writes the store's wrong tries.
  virtual Result<bool> pin_is_set() = 0;
  virtual Result<void> set_first_pin(std::string_view pin, std::string_view repeated) = 0;
  virtual Result<UnlockOutcome> unlock(std::string_view pin,
                                       std::chrono::system_clock::time_point now) = 0;
  virtual Result<UnlockOutcome> change_pin(std::string_view old_pin, std::string_view new_pin,
                                           std::string_view repeated,
                                           std::chrono::system_clock::time_point now) = 0;
  // Joins the office hub at hub_url with its one-time code (sync_client.h enroll_kiosk), then
  // the first sync that brings the office's settings (first_sync). Network: seconds.
  virtual Result<KioskConfig> enroll(const std::string& hub_url, const std::string& code) = 0;
  virtual Result<SyncReport> first_sync(const KioskConfig& config, const std::string& hub_url) = 0;
  // The USB way (usb_enrollment.h): the request written into dir with the code; a kiosk that
  // has no hub yet takes the office's key file from there (hub-public.json) and the hub's
  // address as its profile link base until the receipt says where the links go. Then the
  // office's receipt read back from dir.
  virtual Result<std::filesystem::path> write_enroll_request(const std::string& hub_url,
                                                             const std::string& code,
                                                             const std::filesystem::path& dir) = 0;
  virtual Result<KioskConfig> import_enroll_receipt(const std::filesystem::path& dir) = 0;
  // A person's profile: FinishOrder::seal on the desk's connection.
  virtual Result<FinishedProfile> finish(FinishOrder& order, const Catalogue& consent_catalogue,
                                         std::chrono::system_clock::time_point now) = 0;
};

// The real one: the kiosk store in data_dir, opened on first use by the desk's thread, and the
// stick mounted under /media/$USER (usb_stick_in; or $SICHTBAR_USB_DIR).
std::unique_ptr<DeskStore> kiosk_desk_store(std::filesystem::path data_dir,
                                            const DeviceIdentity& device);

class VolunteerDesk {
 public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;
  // initial: the counts and setup read when the kiosk opened (before any frame), shown until a
  // refresh replaces them. on_done is called on the desk's thread when a job ends (the kiosk
  // wakes its loop with it). device_id: this kiosk's (ensure_device_identity), for View.
  VolunteerDesk(std::unique_ptr<DeskStore> store, BackgroundSync& sync, WallClock wall_clock,
                std::optional<KioskCounts> counts, std::optional<KioskSetup> setup,
                const std::array<std::uint8_t, 16>& device_id);
  ~VolunteerDesk();  // finishes the job running, drops the queued ones
  VolunteerDesk(const VolunteerDesk&) = delete;
  VolunteerDesk& operator=(const VolunteerDesk&) = delete;

  void set_on_done(std::function<void()> on_done);

  // What a USB export came to.
  struct UsbResult {
    enum class Kind { no_stick, exported, failed } kind;
    std::string detail;  // the file's name, or why it failed
  };
  // What a save of the event came to: the saved setup applies to the next person.
  struct SaveResult {
    Result<KioskSetup> saved;
  };
  struct View {
    std::optional<KioskCounts> counts;
    std::optional<KioskSetup> setup;  // as saved in the store
    bool busy = false;                // a job runs or waits
    std::optional<UsbResult> usb;
    // This kiosk's ID, as the office's Kiosks page lists it (hex): the volunteer tells the office
    // which entry is this kiosk. Fixed for the kiosk's life.
    std::array<std::uint8_t, 16> device_id{};
  };
  View view() const;

  // Jobs, run one after the other off the frame.
  void refresh();  // counts and setup
  void export_usb();
  // printer: the QR screen's printer saved with the event (none: left as it is).
  void save_event(EventInfo event, std::vector<std::string> languages, bool sound = true,
                  std::optional<std::string> printer = std::nullopt);
  // The save's result, once, when it has arrived.
  std::optional<SaveResult> take_saved();
  // Connecting the kiosk to the office hub (the enrollment screen): hub_url as typed (https://
  // is assumed when it names no scheme), the code as the office shows it. One at a time: while
  // one runs another ask is dropped and returns false. The answer is taken once.
  struct Enrolled {
    Result<KioskConfig> config;
    // Enrolled, but the first sync failed (the office's settings did not come yet): why.
    std::optional<Error> first_sync;
  };
  bool enroll(std::string hub_url, std::string code);
  // The USB way, on the stick usb_stick() finds (no stick: "enroll.no_stick"): the request
  // (its file on the stick) and later the office's receipt, answered through take_enrolled
  // (config) or take_request_written. Same one-at-a-time rule as enroll.
  bool write_enroll_request(std::string hub_url, std::string code);
  bool import_enroll_receipt();
  std::optional<Result<std::filesystem::path>> take_request_written();
  bool enrolling() const;
  std::optional<Enrolled> take_enrolled();
  // The PIN's jobs, one at a time: while one is pending another ask is dropped and returns
  // false, so a double tap checks a PIN once. Each answer is taken once, by the screen that asked
  // (take_pin<PinChecked>() and so on); `at` is the wall-clock time the job ran at.
  struct PinIsSet {
    Result<bool> set;
  };
  struct FirstPinSaved {
    Result<void> saved;
  };
  struct PinChecked {
    Result<UnlockOutcome> outcome;
    std::chrono::system_clock::time_point at;
  };
  struct PinChanged {
    Result<UnlockOutcome> outcome;
    std::chrono::system_clock::time_point at;
  };
  bool ask_pin_set();
  bool set_first_pin(std::string pin, std::string repeated);
  bool unlock(std::string pin);
  bool change_pin(std::string old_pin, std::string new_pin, std::string repeated);
  bool pin_pending() const;
  template <class Answer>
  std::optional<Answer> take_pin() {
    std::lock_guard lock(mutex_);
    auto* answer = std::get_if<Answer>(&pin_answer_);
    if (!answer) return std::nullopt;
    std::optional<Answer> taken(std::move(*answer));
    pin_answer_ = std::monostate{};
    return taken;
  }

  // A person's finish: the order sealed and saved; the answer, for the person whose record_id the
  // order carried, is taken once by the frame (KioskSession::finished). consent_catalogue must
  // outlive the desk.
  struct Finished {
    std::array<std::uint8_t, 16> record_id{};
    Result<FinishedProfile> profile;
  };
  void finish(FinishOrder order, const Catalogue& consent_catalogue);
  std::optional<Finished> take_finished();

  // Forgets the export's, the save's, the finish's, the enrollment's and the PIN's results (the
  // volunteer left the menu); a PIN job still running then answers nobody.
  void forget();

  BackgroundSync& sync() { return sync_; }

 private:
  using PinAnswer = std::variant<std::monostate, PinIsSet, FirstPinSaved, PinChecked, PinChanged>;
  void post(std::function<void()> job);
  // Posts a PIN job unless one is pending; work's answer is kept unless forget() came meanwhile.
  bool post_pin(std::function<PinAnswer()> work);
  void run();
  void drop_finished();    // with mutex_ held: wipes an answer nobody took
  bool begin_enrolling();  // false while an enrollment job runs; else forgets the last answers
  void enrolled_with(std::optional<Enrolled> answer,
                     std::optional<Result<std::filesystem::path>> written = std::nullopt);

  std::unique_ptr<DeskStore> store_;
  BackgroundSync& sync_;
  WallClock wall_clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool running_job_ = false;
  bool closing_ = false;
  View view_;
  std::optional<SaveResult> saved_;
  std::optional<Finished> finished_;
  bool enrolling_ = false;
  std::optional<Enrolled> enrolled_;
  std::optional<Result<std::filesystem::path>> request_written_;
  bool pin_pending_ = false;
  unsigned forgotten_ = 0;  // how often forget() was called: a PIN answer from before is dropped
  PinAnswer pin_answer_;
  std::function<void()> on_done_;
  std::thread thread_;
};

}  // namespace sichtbar
