// A piece of the hub's upkeep that runs on a thread of its own every so often (the search
// index's keeper, retention), and stops, waiting for a run under way, when it goes away.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sichtbar::hub {

class Periodic {
 public:
  // work() runs first after `every` (or at once with run_now), then every `every` after its end.
  Periodic(std::chrono::milliseconds every, std::function<void()> work, bool run_now = false)
      : every_(every), work_(std::move(work)), thread_([this, run_now] { run(run_now); }) {}
  ~Periodic() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;
  // True once the owner is going away: a long work() looks now and then and ends early, so a
  // stop (systemctl stop, SIGTERM) does not wait for the whole run.
  bool stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

 private:
  void run(bool now) {
    std::unique_lock lock(mutex_);
    if (now && !stopping_) {
      lock.unlock();
      work_();
      lock.lock();
    }
    while (!wake_.wait_for(lock, every_, [this] { return stopping_; })) {
      lock.unlock();
      work_();
      lock.lock();
    }
  }

  std::chrono::milliseconds every_;
  std::function<void()> work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: it starts once everything above is there
};

}  // namespace sichtbar::hub
