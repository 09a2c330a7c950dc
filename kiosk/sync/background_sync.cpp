// One sync at a time off the kiosk's UI thread (see background_sync.h).
#include "sync/background_sync.h"

#include <utility>

#include "core/setup.h"
#include "core/store.h"

namespace sichtbar {

BackgroundSync::BackgroundSync(std::filesystem::path data_dir, const DeviceIdentity& device,
                               std::function<void()> on_finished, TransportFactory transport)
    : data_dir_(std::move(data_dir)),
      device_(device),
      make_transport_(
          transport ? std::move(transport)
                    : TransportFactory([](const std::string& url) { return http_transport(url); })),
      on_finished_(std::move(on_finished)) {}

BackgroundSync::~BackgroundSync() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    if (in_flight_) in_flight_->cancel();
  }
  if (thread_.joinable()) thread_.join();
}

void BackgroundSync::set_on_finished(std::function<void()> on_finished) {
  std::lock_guard lock(mutex_);
  on_finished_ = std::move(on_finished);
}

bool BackgroundSync::start(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (state_.running || closing_) return false;
  if (thread_.joinable()) thread_.join();  // the previous sync's thread has ended its work
  state_ = State{true, now, std::nullopt};
  thread_ = std::thread([this] { run(); });
  return true;
}

BackgroundSync::State BackgroundSync::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void BackgroundSync::forget() {
  std::lock_guard lock(mutex_);
  state_.last.reset();
}

void BackgroundSync::run() {
  // The thread's own connection: SQLite connections are not shared between threads here, and
  // WAL lets the screens read (and a person finish a profile) while this one writes.
  Result<SyncReport> result = [&]() -> Result<SyncReport> {
    auto store = KioskStore::open(data_dir_);
    if (!store) return std::unexpected(store.error());
    auto setup = KioskSetup::load(*store);
    if (!setup) return std::unexpected(setup.error());
    auto transport = make_transport_(setup->hub_url);
    if (!transport) return std::unexpected(transport.error());
    {
      std::lock_guard lock(mutex_);
      if (closing_) (*transport)->cancel();
      in_flight_ = transport->get();
    }
    auto report = sync_outbox(*store, device_, *setup, **transport);
    std::lock_guard lock(mutex_);
    in_flight_ = nullptr;
    return report;
  }();
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    state_.running = false;
    state_.last = std::move(result);
    notify = on_finished_;
  }
  if (notify) notify();
}

}  // namespace sichtbar
