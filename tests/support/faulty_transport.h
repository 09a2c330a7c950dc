// Test support: a fault layer between the kiosk's sync logic and the real HTTP transport. Driven
// by a seeded std::mt19937_64 (the same seed injects the same faults in the same order), it
// duplicates requests, drops a request before it reaches the hub, drops the hub's reply after
// the hub acted on it, truncates the request body or the reply, replays an earlier request later
// (reordering), hands back a stale reply of an earlier request, and delays. It counts every
// fault it injects, so a test can show that faults really happened.
//
// Also the foundation of the kill -9 tests: a scripted fault forces what happens to the next
// requests, and the step hook runs at the moments where a process may be killed (before the
// request leaves, after the hub answered but before the kiosk sees the answer).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "sync/transport.h"

namespace sichtbar::test {

enum class Fault {
  None,
  Duplicate,        // sent twice; both reach the hub; the kiosk sees one of the replies
  DropRequest,      // never reaches the hub; the kiosk sees a network error
  DropReply,        // reaches the hub, which acts on it; the reply is lost (network error)
  TruncateRequest,  // the hub gets a cut body (its signature no longer matches)
  TruncateReply,    // the hub acts on it; the kiosk gets a cut reply body (status kept)
  ReplayEarlier,    // an earlier request is sent to the hub again, then this one goes normally
  StaleReply,       // sent normally, but the kiosk gets the reply of an earlier request
};
const char* fault_name(Fault fault);

// Probabilities per request, each in [0, 1]; at most one of the faults above per request
// (their sum must not exceed 1). Delay is rolled on its own, on top.
struct FaultRates {
  double duplicate = 0, drop_request = 0, drop_reply = 0, truncate_request = 0, truncate_reply = 0,
         replay_earlier = 0, stale_reply = 0;
  double delay = 0;
  std::chrono::milliseconds max_delay{20};

  // Every fault at once, at a rate that still lets most syncs make progress.
  static FaultRates everything(double each = 0.06, double delay_rate = 0.2);
};

struct FaultCounts {
  std::uint64_t requests = 0;  // post() calls from the kiosk
  std::map<Fault, std::uint64_t> injected;
  std::uint64_t delayed = 0;
  std::uint64_t sent_to_hub = 0;     // requests handed to the real transport, replays included
  std::uint64_t network_errors = 0;  // of those, how many the real transport failed (no reply)

  std::uint64_t faults() const;  // injected faults, delays not counted
  std::string summary() const;   // "duplicate=3 drop_request=1 ... delayed=7"
  FaultCounts& operator+=(const FaultCounts& other);
};

// Where a request is on its way; the step hook is called at each, in this order.
enum class Step {
  BeforeSend,  // the kiosk has built and signed the request; nothing has left yet
  AfterReply,  // the hub answered (or the request failed); the kiosk has not seen the reply
};

class FaultyTransport final : public Transport {
 public:
  FaultyTransport(std::unique_ptr<Transport> inner, std::uint64_t seed, FaultRates rates);

  Result<HttpReply> post(const std::string& path, const std::string& body,
                         const std::map<std::string, std::string>& headers) override;

  // Faults for the next requests, in order, before any random ones (for targeted tests).
  void script(std::deque<Fault> faults) { script_ = std::move(faults); }
  // Off: requests pass unchanged (the final clean sync of a simulation). The script still runs.
  void set_random_faults(bool on) { random_faults_ = on; }
  void on_step(std::function<void(Step, const std::string& path)> hook) { hook_ = std::move(hook); }

  const FaultCounts& counts() const { return counts_; }

 private:
  struct Sent {
    std::string path, body;
    std::map<std::string, std::string> headers;
    std::optional<HttpReply> reply;
  };
  Fault roll();
  Result<HttpReply> send(const Sent& request);
  Result<HttpReply> lost(const std::string& what) const;
  std::size_t cut_point(std::size_t size);

  std::unique_ptr<Transport> inner_;
  std::mt19937_64 rng_;
  FaultRates rates_;
  bool random_faults_ = true;
  std::deque<Fault> script_;
  std::function<void(Step, const std::string&)> hook_;
  std::deque<Sent> history_;  // the last requests, for replays and stale replies
  FaultCounts counts_;
};

}  // namespace sichtbar::test
