// Token buckets per client address; see rate_limit.h.
#include "hub/web/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace sichtbar::hub::web {

namespace {
// Above this many addresses, full buckets (clients idle long enough) are dropped, so memory
// stays bounded however many addresses come by.
constexpr std::size_t kPruneAbove = 10000;
}  // namespace

RateLimiter::RateLimiter(int requests_per_minute)
    : per_second_(requests_per_minute / 60.0),
      capacity_(std::max(1.0, requests_per_minute / 3.0)) {}

bool RateLimiter::allow(std::string_view client_address, Clock::time_point now) {
  if (per_second_ <= 0) return true;
  std::lock_guard lock(mutex_);
  if (buckets_.size() > kPruneAbove) {
    std::erase_if(buckets_, [&](const auto& entry) {
      const double seconds = std::chrono::duration<double>(now - entry.second.last).count();
      return entry.second.tokens + seconds * per_second_ >= capacity_;
    });
  }
  auto [it, fresh] = buckets_.try_emplace(std::string(client_address), Bucket{capacity_, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double seconds = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(capacity_, b.tokens + std::max(0.0, seconds) * per_second_);
    b.last = now;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

void RateLimiter::refund(std::string_view client_address) {
  std::lock_guard lock(mutex_);
  if (auto it = buckets_.find(std::string(client_address)); it != buckets_.end())
    it->second.tokens = std::min(capacity_, it->second.tokens + 1.0);
}

int RateLimiter::seconds_until_token(std::string_view client_address, Clock::time_point now) {
  if (per_second_ <= 0) return 1;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(client_address));
  if (it == buckets_.end()) return 1;
  const double seconds = std::chrono::duration<double>(now - it->second.last).count();
  const double missing = 1.0 - (it->second.tokens + std::max(0.0, seconds) * per_second_);
  return std::max(1, static_cast<int>(std::ceil(missing / per_second_)));
}

}  // namespace sichtbar::hub::web
