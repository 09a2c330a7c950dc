// Office logins, sessions, CSRF tokens and the login delay; see office_auth.h.
#include "hub/web/office_auth.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "base/bytes.h"
#include "protocol/keys.h"

namespace sichtbar::hub::web {

namespace {

std::string random_token() {
  std::array<std::uint8_t, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string token = to_base64url(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return token;
}

std::string cookie_key(std::string_view cookie) { return to_hex(sha256(as_bytes(cookie))); }

std::size_t utf8_characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

constexpr std::size_t kMaxCounts = 10000;
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  if (utf8_characters(password) < kMinPasswordLength)
    return fail("office.weak_password", "The password is too short: it needs at least " +
                                            std::to_string(kMinPasswordLength) +
                                            " characters. A few unrelated words make a good one.");
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), kOpsLimit, kMemLimit) != 0)
    return fail("office.hash_failed",
                "The hub could not hash the password (it needs 64 MiB of memory for a moment). "
                "Close other programs and try again.");
  return std::string(out.data());
}

PasswordChecks::PasswordChecks(unsigned at_once, unsigned queued)
    : at_once_(std::max(1u, at_once)), queued_(queued) {}

std::optional<PasswordChecks::Turn> PasswordChecks::enter() {
  std::unique_lock lock(mutex_);
  if (running_ >= at_once_) {
    if (waiting_ >= queued_) return std::nullopt;
    ++waiting_;
    turn_free_.wait(lock, [&] { return running_ < at_once_; });
    --waiting_;
  }
  ++running_;
  return std::optional<Turn>(std::in_place, this);
}

PasswordChecks::Turn::~Turn() {
  if (!owner_) return;
  {
    std::lock_guard lock(owner_->mutex_);
    --owner_->running_;
  }
  owner_->turn_free_.notify_one();
}

bool verify_password(std::string_view hash, std::string_view password) {
  const std::string h(hash);  // crypto_pwhash_str_verify wants a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

void verify_password_of_nobody(std::string_view password) {
  static const std::string nobody = [] {
    std::array<char, crypto_pwhash_STRBYTES> out{};
    const std::string random = random_token();
    // Without memory for it, the verification below fails at once: timing then tells little
    // more than the login's refusal does anyway.
    if (crypto_pwhash_str(out.data(), random.data(), random.size(), kOpsLimit, kMemLimit) != 0)
      return std::string();
    return std::string(out.data());
  }();
  (void)verify_password(nobody, password);
}

bool valid_user_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '@';
  });
}

std::string failed_login_name(std::string_view typed, bool known_user) {
  if (known_user) return std::string(typed);
  if (typed.empty()) return "(unknown name)";
  static const std::array<unsigned char, crypto_generichash_KEYBYTES> key = [] {
    std::array<unsigned char, crypto_generichash_KEYBYTES> k{};
    randombytes_buf(k.data(), k.size());
    return k;
  }();
  std::array<unsigned char, crypto_generichash_BYTES_MIN> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(typed.data()),
                     typed.size(), key.data(), key.size());
  return "(unknown name #" + to_hex(ByteView(hash.data(), 2)) + ")";
}

bool csrf_matches(std::string_view expected, std::string_view given) {
  if (expected.empty() || expected.size() != given.size()) return false;
  return sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string OfficeSessions::create(std::string_view user, Clock::time_point now,
                                   std::int64_t user_added_ms) {
  const std::string cookie = random_token();
  std::lock_guard lock(mutex_);
  // Ended and expired sessions go now and then, so the table does not grow for ever.
  std::erase_if(sessions_, [&](const auto& entry) {
    return now - entry.second.last_used > kSessionIdle ||
           now - entry.second.created > kSessionLifetime;
  });
  sessions_[cookie_key(cookie)] = {{std::string(user), random_token(), user_added_ms}, now, now};
  return cookie;
}

std::optional<OfficeSession> OfficeSessions::find(std::string_view cookie, Clock::time_point now) {
  if (cookie.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(cookie_key(cookie));
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used > kSessionIdle || now - it->second.created > kSessionLifetime) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.session;
}

void OfficeSessions::end(std::string_view cookie) {
  std::lock_guard lock(mutex_);
  sessions_.erase(cookie_key(cookie));
}

std::chrono::seconds LoginThrottle::delay_after(int failures) {
  if (failures <= kFreeFailures) return std::chrono::seconds(0);
  const int doublings = std::min(failures - kFreeFailures - 1, 20);
  return std::min(std::chrono::seconds(1LL << doublings), kMaxLoginDelay);
}

std::chrono::seconds LoginThrottle::admit(std::string_view user, std::string_view address,
                                          Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const std::string keys[] = {"u:" + std::string(user), "a:" + std::string(address)};
  std::chrono::seconds wait{0};
  for (const std::string& key : keys) {
    auto it = counts_.find(key);
    if (it != counts_.end() && now < it->second.closed_until)
      wait = std::max(wait, std::chrono::ceil<std::chrono::seconds>(it->second.closed_until - now));
  }
  if (wait > std::chrono::seconds(0)) return wait;
  // Many names and addresses (a scan): counts whose door has been open for an hour go, so the
  // table stays small; they would start again from the free attempts anyway soon after.
  if (counts_.size() > kMaxCounts)
    std::erase_if(counts_, [&](const auto& entry) {
      return now - entry.second.closed_until > std::chrono::hours(1);
    });
  // Counted as a failure until succeeded() says otherwise.
  for (const std::string& key : keys) {
    Count& c = counts_[key];
    ++c.failures;
    c.closed_until = now + delay_after(c.failures);
  }
  return std::chrono::seconds(0);
}

void LoginThrottle::succeeded(std::string_view user, std::string_view address) {
  std::lock_guard lock(mutex_);
  counts_.erase("u:" + std::string(user));
  counts_.erase("a:" + std::string(address));
}

}  // namespace sichtbar::hub::web
