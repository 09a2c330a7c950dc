// Logging office staff in: argon2id password hashes (libsodium crypto_pwhash_str), sessions
// kept in the hub's memory (a restart logs everyone out), CSRF tokens per session, and a
// growing delay after wrong passwords, counted per user name and per client address.
//
// Sessions: the cookie carries 256 random bits; the hub keeps only their SHA-256, so a memory
// dump or a log line of the table gives no usable cookie. A session ends after kSessionIdle
// without a request, after kSessionLifetime in any case, at logout, and when its user is
// removed (checked on every request).
//
// Delay: the first kFreeFailures wrong passwords cost nothing; then each one closes the door for
// 1, 2, 4, ... seconds (at most kMaxLoginDelay) for that user name and for that address. An
// attempt is counted as it is admitted, before the password is checked, so parallel connections
// cannot slip through a gap; a right password clears both counts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "base/error.h"
#include "hub/hub_store.h"

namespace sichtbar::hub::web {

// argon2id with libsodium's interactive limits (2 passes over 64 MiB, about 0.1 s here): a
// stolen database costs an attacker that much per guess and per user, and a login stays quick.
// Errors: "office.weak_password" (too short: fewer than kMinPasswordLength characters),
// "office.hash_failed" (out of memory).
inline constexpr std::size_t kMinPasswordLength = 10;
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
// The same work as verify_password for a name that has no login, so the answer's timing does
// not tell which names exist.
void verify_password_of_nobody(std::string_view password);

// How many password checks run at once: each takes 64 MiB for about 0.1 s, so a flood of
// logins on the hub's 16 handler threads would take a gigabyte. At most `at_once` run; up to
// `queued` more wait their turn; enter() refuses the rest at once (the login answers 503
// "busy, try again"), so the hub's memory stays within `at_once` checks and its handler threads
// stay free for the kiosks and the pages.
class PasswordChecks {
 public:
  PasswordChecks(unsigned at_once, unsigned queued);
  // A turn to check a password, given back when it goes away.
  class Turn {
   public:
    explicit Turn(PasswordChecks* owner) : owner_(owner) {}
    Turn(Turn&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    Turn& operator=(Turn&&) = delete;
    ~Turn();

   private:
    PasswordChecks* owner_;
  };
  // Waits for a turn; nullopt without waiting when `queued` others wait already.
  std::optional<Turn> enter();

 private:
  unsigned at_once_, queued_, running_ = 0, waiting_ = 0;
  std::mutex mutex_;
  std::condition_variable turn_free_;
};

// A login name: 1 to 64 of letters, digits and . _ - @ (no spaces: it is typed at every login).
bool valid_user_name(std::string_view name);

// Who a failed login is logged as in the audit log: the name when it is an office login
// (known_user), else "(unknown name #3fa2)". What was typed into the name field of a failed
// login is often the password, typed one field too early: it is never kept. The hint tells
// attempts with the same text apart within one run of the hub (a keyed hash, 16 bits, under a
// key made at start and never stored), and cannot be turned back into what was typed.
std::string failed_login_name(std::string_view typed, bool known_user);

// Constant-time comparison of a form's CSRF token with the session's.
bool csrf_matches(std::string_view expected, std::string_view given);

inline constexpr std::chrono::minutes kSessionIdle{30};
inline constexpr std::chrono::hours kSessionLifetime{10};

struct OfficeSession {
  std::string user;
  std::string csrf;  // random, base64url; every POST form carries it
  // When the login was added: a login removed and added again under the same name does not
  // inherit the sessions of the old one.
  std::int64_t user_added_ms = 0;
  // What the login may do and where (hub_store.h's OfficeRole), as the store says at this request:
  // a change of role or office counts from the next request on.
  OfficeRole role = OfficeRole::administrator;
  std::int64_t office_id = kFirstOffice;
};

// Whether the session may see and change the people (profiles, cases, links) of an office: an
// administrator every office's, a counsellor its own office's, statistics nobody's.
inline bool may_see_people(const OfficeSession& session, std::int64_t office_id) {
  return session.role == OfficeRole::administrator ||
         (session.role == OfficeRole::counsellor && session.office_id == office_id);
}

class OfficeSessions {
 public:
  using Clock = std::chrono::steady_clock;
  // The new session's cookie value (base64url of 32 random bytes).
  std::string create(std::string_view user, Clock::time_point now, std::int64_t user_added_ms = 0);
  // The session behind a cookie value, if it is alive; a live one counts as used now.
  std::optional<OfficeSession> find(std::string_view cookie, Clock::time_point now);
  void end(std::string_view cookie);

 private:
  struct Entry {
    OfficeSession session;
    Clock::time_point created, last_used;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> sessions_;  // by SHA-256 of the cookie value
};

inline constexpr int kFreeFailures = 3;
inline constexpr std::chrono::seconds kMaxLoginDelay{15 * 60};

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  // Zero when the attempt may go ahead (it is counted now), else how long to wait (nothing is
  // counted: a waiting client cannot push its own delay up).
  std::chrono::seconds admit(std::string_view user, std::string_view address,
                             Clock::time_point now);
  // The password was right: both counts start again.
  void succeeded(std::string_view user, std::string_view address);

  // The delay after n counted failures (exposed for tests).
  static std::chrono::seconds delay_after(int failures);

 private:
  struct Count {
    int failures = 0;
    Clock::time_point closed_until{};
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Count> counts_;  // "u:<name>" and "a:<address>"
};

}  // namespace sichtbar::hub::web
