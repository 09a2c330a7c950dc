// The volunteer's desk (see volunteer_desk.h).
#include "flow/volunteer_desk.h"

#include <unistd.h>

#include <cstdlib>
#include <utility>

#include "base/files.h"
#include "base/text.h"
#include "base/wipe.h"
#include "flow/usb_stick.h"
#include "protocol/bundle.h"
#include "sync/transport.h"
#include "sync/usb_enrollment.h"

namespace sichtbar {

namespace {

// This kiosk's name at the office: its host name.
std::string host_name() {
  char host[256] = "kiosk";
  gethostname(host, sizeof host - 1);
  return host;
}

class KioskDeskStore final : public DeskStore {
 public:
  KioskDeskStore(std::filesystem::path data_dir, const DeviceIdentity& device)
      : data_dir_(std::move(data_dir)), device_(device) {}

  Result<KioskCounts> counts(std::chrono::system_clock::time_point now) override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    return kiosk_counts(**s, now);
  }
  Result<KioskSetup> setup() override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    return KioskSetup::load(**s);
  }
  Result<EventInfo> save_event(const EventInfo& event, const std::vector<std::string>& languages,
                               bool sound) override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    return sichtbar::save_event(**s, event, languages, sound);
  }
  Result<void> save_printer(const std::string& printer) override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    return sichtbar::save_printer(**s, printer);
  }
  // The stick mounted under /media/<user>/ (a desktop's udisks2; in the locked session, whose
  // USER is sichtbar-kiosk, its udev rule), or $SICHTBAR_USB_DIR when set (tests, unusual
  // mounts).
  std::optional<std::filesystem::path> usb_stick() override {
    if (const char* dir = std::getenv("SICHTBAR_USB_DIR"); dir && *dir) return dir;
    const char* user = std::getenv("USER");
    if (!user || !*user) return std::nullopt;
    return usb_stick_in(std::filesystem::path("/media") / user);
  }
  Result<BundleExport> export_bundle(const KioskSetup& setup,
                                     const std::filesystem::path& dir) override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    return sichtbar::export_bundle(**s, device_, setup, dir);
  }
  Result<bool> pin_is_set() override {
    auto p = pin();
    if (!p) return std::unexpected(p.error());
    return (*p)->is_set();
  }
  Result<void> set_first_pin(std::string_view pin_typed, std::string_view repeated) override {
    auto p = pin();
    if (!p) return std::unexpected(p.error());
    return (*p)->set_first(pin_typed, repeated);
  }
  Result<UnlockOutcome> unlock(std::string_view pin_typed,
                               std::chrono::system_clock::time_point now) override {
    auto p = pin();
    if (!p) return std::unexpected(p.error());
    return (*p)->try_unlock(pin_typed, now);
  }
  Result<UnlockOutcome> change_pin(std::string_view old_pin, std::string_view new_pin,
                                   std::string_view repeated,
                                   std::chrono::system_clock::time_point now) override {
    auto p = pin();
    if (!p) return std::unexpected(p.error());
    return (*p)->change(old_pin, new_pin, repeated, now);
  }
  Result<KioskConfig> enroll(const std::string& hub_url, const std::string& code) override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    auto transport = http_transport(hub_url, {});
    if (!transport) return std::unexpected(transport.error());
    return enroll_kiosk(**s, **transport, code, host_name());
  }
  Result<std::filesystem::path> write_enroll_request(const std::string& hub_url,
                                                     const std::string& code,
                                                     const std::filesystem::path& dir) override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    // The hub's address stands in as the profile link base until the receipt says.
    return sichtbar::write_enroll_request(**s, code, host_name(), dir, hub_url);
  }
  Result<KioskConfig> import_enroll_receipt(const std::filesystem::path& dir) override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    auto setup = KioskSetup::load_hub(**s);
    if (!setup) return std::unexpected(setup.error());
    // The newest receipt on the stick that answers an enrollment request.
    std::optional<std::pair<std::filesystem::file_time_type, std::string>> newest;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (!entry.path().string().ends_with(kReceiptSuffix)) continue;
      const auto text = read_whole_file(entry.path());
      const auto when = entry.last_write_time(ec);
      if (text && is_enroll_receipt(*text) && (!newest || newest->first < when))
        newest.emplace(when, *text);
    }
    if (!newest)
      return fail("enroll.no_receipt",
                  "The USB stick has no answer from the office yet: run sichtbar-hub import "
                  "with it at the office first.");
    return sichtbar::import_enroll_receipt(**s, *setup, device_, newest->second);
  }
  Result<SyncReport> first_sync(const KioskConfig& config, const std::string& hub_url) override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    auto transport = http_transport(hub_url, {});
    if (!transport) return std::unexpected(transport.error());
    return sichtbar::first_sync(**s, config, **transport);
  }
  Result<FinishedProfile> finish(FinishOrder& order, const Catalogue& consent_catalogue,
                                 std::chrono::system_clock::time_point now) override {
    auto s = store();
    if (!s) return std::unexpected(s.error());
    return order.seal(**s, consent_catalogue, device_, now);
  }

 private:
  // The desk's own connection: the frame's thread keeps the other.
  Result<KioskStore*> store() {
    if (!store_) {
      auto opened = KioskStore::open(data_dir_);
      if (!opened) return std::unexpected(opened.error());
      store_.emplace(std::move(*opened));
    }
    return &*store_;
  }

  // One AdminPin for the kiosk's life: it counts wrong tries a full disk kept from the store.
  Result<AdminPin*> pin() {
    if (!pin_) {
      auto s = store();
      if (!s) return std::unexpected(s.error());
      pin_.emplace(**s);
    }
    return &*pin_;
  }

  std::filesystem::path data_dir_;
  const DeviceIdentity& device_;
  std::optional<KioskStore> store_;
  std::optional<AdminPin> pin_;  // after store_: it holds a reference to it
};

// The hub's address as a volunteer types it: spaces around it, and maybe no scheme
// ("hub.example.org": https is meant).
std::string typed_hub_url(std::string_view typed) {
  std::string url = clean_text(typed, false);
  if (!url.empty() && url.find("://") == std::string::npos) url = "https://" + url;
  return url;
}

// What a volunteer typed, wiped when the job that carries it is gone (run or dropped).
struct TypedPins {
  std::string first, second, third;
  TypedPins(std::string a, std::string b = {}, std::string c = {})
      : first(std::move(a)), second(std::move(b)), third(std::move(c)) {}
  ~TypedPins() {
    wipe_string(first);
    wipe_string(second);
    wipe_string(third);
  }
  TypedPins(const TypedPins&) = delete;
  TypedPins& operator=(const TypedPins&) = delete;
};

}  // namespace

std::unique_ptr<DeskStore> kiosk_desk_store(std::filesystem::path data_dir,
                                            const DeviceIdentity& device) {
  return std::make_unique<KioskDeskStore>(std::move(data_dir), device);
}

VolunteerDesk::VolunteerDesk(std::unique_ptr<DeskStore> store, BackgroundSync& sync,
                             WallClock wall_clock, std::optional<KioskCounts> counts,
                             std::optional<KioskSetup> setup,
                             const std::array<std::uint8_t, 16>& device_id)
    : store_(std::move(store)), sync_(sync), wall_clock_(std::move(wall_clock)) {
  view_.counts = counts;
  view_.device_id = device_id;
  view_.setup = std::move(setup);
  thread_ = std::thread([this] { run(); });
}

VolunteerDesk::~VolunteerDesk() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    jobs_.clear();
  }
  wake_.notify_all();
  thread_.join();
}

void VolunteerDesk::set_on_done(std::function<void()> on_done) {
  std::lock_guard lock(mutex_);
  on_done_ = std::move(on_done);
}

VolunteerDesk::View VolunteerDesk::view() const {
  std::lock_guard lock(mutex_);
  View v = view_;
  v.busy = running_job_ || !jobs_.empty();
  return v;
}

void VolunteerDesk::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_all();
}

void VolunteerDesk::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
    if (closing_) return;
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    running_job_ = true;
    lock.unlock();
    job();
    lock.lock();
    running_job_ = false;
    if (on_done_) on_done_();
  }
}

void VolunteerDesk::refresh() {
  post([this] {
    auto counts = store_->counts(wall_clock_());
    auto setup = store_->setup();
    std::lock_guard lock(mutex_);
    if (counts) view_.counts = *counts;
    if (setup) view_.setup = std::move(*setup);
  });
}

void VolunteerDesk::export_usb() {
  post([this] {
    UsbResult result{UsbResult::Kind::no_stick, {}};
    if (auto stick = store_->usb_stick()) {
      auto setup = store_->setup();
      auto exported = setup ? store_->export_bundle(*setup, *stick)
                            : Result<BundleExport>(std::unexpected(setup.error()));
      if (exported)
        result = {UsbResult::Kind::exported, exported->file.filename().string()};
      else
        result = {UsbResult::Kind::failed, exported.error().message};
    }
    auto counts = store_->counts(wall_clock_());
    std::lock_guard lock(mutex_);
    view_.usb = std::move(result);
    if (counts) view_.counts = *counts;
  });
}

void VolunteerDesk::save_event(EventInfo event, std::vector<std::string> languages, bool sound,
                               std::optional<std::string> printer) {
  post([this, event = std::move(event), languages = std::move(languages), sound,
        printer = std::move(printer)] {
    SaveResult result{std::unexpected(Error{})};
    if (auto saved = store_->save_event(event, languages, sound); !saved)
      result.saved = std::unexpected(saved.error());
    else if (auto kept = printer ? store_->save_printer(*printer) : Result<void>{}; !kept)
      result.saved = std::unexpected(kept.error());
    else
      result.saved = store_->setup();
    std::lock_guard lock(mutex_);
    if (result.saved) view_.setup = *result.saved;
    saved_ = std::move(result);
  });
}

std::optional<VolunteerDesk::SaveResult> VolunteerDesk::take_saved() {
  std::lock_guard lock(mutex_);
  return std::exchange(saved_, std::nullopt);
}

bool VolunteerDesk::post_pin(std::function<PinAnswer()> work) {
  unsigned asked_at;
  {
    std::lock_guard lock(mutex_);
    if (pin_pending_) return false;
    pin_pending_ = true;
    asked_at = forgotten_;
  }
  post([this, asked_at, work = std::move(work)] {
    PinAnswer answer = work();
    std::lock_guard lock(mutex_);
    pin_pending_ = false;
    if (forgotten_ == asked_at) pin_answer_ = std::move(answer);
  });
  return true;
}

bool VolunteerDesk::pin_pending() const {
  std::lock_guard lock(mutex_);
  return pin_pending_;
}

bool VolunteerDesk::ask_pin_set() {
  return post_pin([this] { return PinAnswer(PinIsSet{store_->pin_is_set()}); });
}

bool VolunteerDesk::set_first_pin(std::string pin, std::string repeated) {
  auto typed = std::make_shared<TypedPins>(std::move(pin), std::move(repeated));
  return post_pin([this, typed] {
    return PinAnswer(FirstPinSaved{store_->set_first_pin(typed->first, typed->second)});
  });
}

bool VolunteerDesk::unlock(std::string pin) {
  auto typed = std::make_shared<TypedPins>(std::move(pin));
  return post_pin([this, typed] {
    const auto now = wall_clock_();
    return PinAnswer(PinChecked{store_->unlock(typed->first, now), now});
  });
}

bool VolunteerDesk::change_pin(std::string old_pin, std::string new_pin, std::string repeated) {
  auto typed =
      std::make_shared<TypedPins>(std::move(old_pin), std::move(new_pin), std::move(repeated));
  return post_pin([this, typed] {
    const auto now = wall_clock_();
    return PinAnswer(
        PinChanged{store_->change_pin(typed->first, typed->second, typed->third, now), now});
  });
}

bool VolunteerDesk::begin_enrolling() {
  std::lock_guard lock(mutex_);
  if (enrolling_) return false;
  enrolling_ = true;
  enrolled_.reset();
  request_written_.reset();
  return true;
}

bool VolunteerDesk::enroll(std::string hub_url, std::string code) {
  if (!begin_enrolling()) return false;
  hub_url = typed_hub_url(hub_url);
  post([this, hub_url = std::move(hub_url), code = std::move(code)]() mutable {
    Enrolled answer{store_->enroll(hub_url, code), std::nullopt};
    wipe_string(code);
    if (answer.config)
      if (auto first = store_->first_sync(*answer.config, hub_url); !first)
        answer.first_sync = first.error();
    enrolled_with(std::move(answer));
  });
  return true;
}

// On the desk's thread, after an enrollment job: the setup and counts it changed, for the
// screens (a request for another office's hub leaves the kiosk waiting for its receipt), and
// its answer.
void VolunteerDesk::enrolled_with(std::optional<Enrolled> answer,
                                  std::optional<Result<std::filesystem::path>> written) {
  auto setup = store_->setup();
  auto counts = store_->counts(wall_clock_());
  std::lock_guard lock(mutex_);
  if (setup) view_.setup = std::move(*setup);
  if (counts) view_.counts = *counts;
  enrolling_ = false;
  if (answer) enrolled_ = std::move(answer);
  if (written) request_written_ = std::move(written);
}

bool VolunteerDesk::write_enroll_request(std::string hub_url, std::string code) {
  if (!begin_enrolling()) return false;
  hub_url = typed_hub_url(hub_url);
  post([this, hub_url = std::move(hub_url), code = std::move(code)]() mutable {
    auto stick = store_->usb_stick();
    Result<std::filesystem::path> written =
        stick ? store_->write_enroll_request(hub_url, code, *stick)
              : fail("enroll.no_stick", "No USB stick was found.");
    wipe_string(code);
    enrolled_with(std::nullopt, std::move(written));
  });
  return true;
}

bool VolunteerDesk::import_enroll_receipt() {
  if (!begin_enrolling()) return false;
  post([this] {
    auto stick = store_->usb_stick();
    Enrolled answer{stick ? store_->import_enroll_receipt(*stick)
                          : fail("enroll.no_stick", "No USB stick was found."),
                    std::nullopt};
    enrolled_with(std::move(answer));
  });
  return true;
}

std::optional<Result<std::filesystem::path>> VolunteerDesk::take_request_written() {
  std::lock_guard lock(mutex_);
  return std::exchange(request_written_, std::nullopt);
}

bool VolunteerDesk::enrolling() const {
  std::lock_guard lock(mutex_);
  return enrolling_;
}

std::optional<VolunteerDesk::Enrolled> VolunteerDesk::take_enrolled() {
  std::lock_guard lock(mutex_);
  return std::exchange(enrolled_, std::nullopt);
}

void VolunteerDesk::finish(FinishOrder order, const Catalogue& consent_catalogue) {
  // A std::function is copied, an order is not: it is shared with the job and wiped with it.
  auto shared = std::make_shared<FinishOrder>(std::move(order));
  post([this, shared, &consent_catalogue] {
    Finished answer{shared->draft.record_id,
                    store_->finish(*shared, consent_catalogue, wall_clock_())};
    std::lock_guard lock(mutex_);
    drop_finished();
    finished_ = std::move(answer);
  });
}

std::optional<VolunteerDesk::Finished> VolunteerDesk::take_finished() {
  std::lock_guard lock(mutex_);
  return std::exchange(finished_, std::nullopt);
}

void VolunteerDesk::drop_finished() {
  if (finished_ && finished_->profile) wipe(*finished_->profile);
  finished_.reset();
}

void VolunteerDesk::forget() {
  std::lock_guard lock(mutex_);
  view_.usb.reset();
  saved_.reset();
  enrolled_.reset();
  request_written_.reset();
  drop_finished();
  pin_answer_ = std::monostate{};
  ++forgotten_;
}

}  // namespace sichtbar
