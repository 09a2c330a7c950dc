// "Sync now" from the kiosk's screens: one sync at a time on a thread of its own, with its own
// connection to the kiosk store, so the screens keep drawing while a slow or unreachable hub
// takes its time (5 s to connect, up to 60 s for a reply, two retries). Closing the kiosk
// cancels a sync in flight; what was not acknowledged stays in the outbox for the next one.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "sync/sync_client.h"
#include "sync/transport.h"

namespace sichtbar {

class BackgroundSync {
 public:
  using Clock = std::chrono::steady_clock;
  // Opens a transport to the hub's URL (http_transport in the kiosk; tests may wrap it).
  using TransportFactory =
      std::function<Result<std::unique_ptr<Transport>>(const std::string& hub_url)>;

  // data_dir: the kiosk store's folder. device must outlive this object. on_finished is
  // called on the sync's thread when a sync ends (the kiosk wakes its event loop with it).
  BackgroundSync(std::filesystem::path data_dir, const DeviceIdentity& device,
                 std::function<void()> on_finished = {}, TransportFactory transport = {});
  ~BackgroundSync();  // cancels a sync in flight and waits for its thread
  BackgroundSync(const BackgroundSync&) = delete;
  BackgroundSync& operator=(const BackgroundSync&) = delete;

  void set_on_finished(std::function<void()> on_finished);

  // Starts a sync with the hub in the store's setup at `now` (the caller's clock, for the
  // seconds it shows); false (and nothing started) while one runs. The previous result is
  // dropped.
  bool start(Clock::time_point now);

  struct State {
    bool running = false;
    Clock::time_point started{};
    // The last sync's result, from its end until forget() or the next start().
    std::optional<Result<SyncReport>> last;
  };
  State state() const;
  // Drops the last result (the volunteer left the menu, or saw it).
  void forget();

 private:
  void run();

  std::filesystem::path data_dir_;
  const DeviceIdentity& device_;
  TransportFactory make_transport_;
  mutable std::mutex mutex_;
  std::function<void()> on_finished_;
  State state_;
  Transport* in_flight_ = nullptr;  // the running sync's transport, for cancel()
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace sichtbar
