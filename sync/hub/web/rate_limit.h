// A token bucket per client address for profile look-ups: a link is a bearer secret of 128
// bits, so guessing is hopeless anyway, but a limit keeps one client from hammering the store
// and makes scanning visibly pointless. The same for enrollment attempts, where a right code
// gives its token back (refund), so only wrong ones count. Behind a reverse proxy every request
// comes from the proxy's address: limit there instead (README).
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sichtbar::hub::web {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // requests_per_minute per address, with bursts of up to a third of that (at least 1);
  // 0 turns the limit off (benchmarks).
  explicit RateLimiter(int requests_per_minute);

  // Takes one token from the address's bucket; false when it is empty.
  bool allow(std::string_view client_address, Clock::time_point now);
  // Gives a token taken by allow() back (an attempt that turned out right does not count).
  void refund(std::string_view client_address);
  // Whole seconds until the address's bucket has a token again (at least 1).
  int seconds_until_token(std::string_view client_address, Clock::time_point now);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last;
  };
  double per_second_, capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace sichtbar::hub::web
