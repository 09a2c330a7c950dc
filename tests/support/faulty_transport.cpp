// The fault layer of faulty_transport.h.
#include "support/faulty_transport.h"

#include <sstream>
#include <thread>
#include <vector>

namespace sichtbar::test {

namespace {

// A replay or a stale reply picks among this many earlier requests: enough to reach back over
// a whole sync (HELLO and several PUSH batches) and into the one before.
constexpr std::size_t kHistory = 16;

}  // namespace

const char* fault_name(Fault fault) {
  switch (fault) {
    case Fault::None:
      return "none";
    case Fault::Duplicate:
      return "duplicate";
    case Fault::DropRequest:
      return "drop_request";
    case Fault::DropReply:
      return "drop_reply";
    case Fault::TruncateRequest:
      return "truncate_request";
    case Fault::TruncateReply:
      return "truncate_reply";
    case Fault::ReplayEarlier:
      return "replay_earlier";
    case Fault::StaleReply:
      return "stale_reply";
  }
  return "?";
}

FaultRates FaultRates::everything(double each, double delay_rate) {
  FaultRates r;
  r.duplicate = r.drop_request = r.drop_reply = r.truncate_request = r.truncate_reply =
      r.replay_earlier = r.stale_reply = each;
  r.delay = delay_rate;
  return r;
}

std::uint64_t FaultCounts::faults() const {
  std::uint64_t n = 0;
  for (const auto& [fault, count] : injected) n += count;
  return n;
}

std::string FaultCounts::summary() const {
  std::ostringstream out;
  out << "requests=" << requests << " sent_to_hub=" << sent_to_hub;
  for (const auto& [fault, count] : injected) out << ' ' << fault_name(fault) << '=' << count;
  out << " delayed=" << delayed << " network_errors=" << network_errors;
  return out.str();
}

FaultCounts& FaultCounts::operator+=(const FaultCounts& other) {
  requests += other.requests;
  for (const auto& [fault, count] : other.injected) injected[fault] += count;
  delayed += other.delayed;
  sent_to_hub += other.sent_to_hub;
  network_errors += other.network_errors;
  return *this;
}

FaultyTransport::FaultyTransport(std::unique_ptr<Transport> inner, std::uint64_t seed,
                                 FaultRates rates)
    : inner_(std::move(inner)), rng_(seed), rates_(rates) {}

Fault FaultyTransport::roll() {
  const double x = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  const std::pair<double, Fault> table[] = {
      {rates_.duplicate, Fault::Duplicate},
      {rates_.drop_request, Fault::DropRequest},
      {rates_.drop_reply, Fault::DropReply},
      {rates_.truncate_request, Fault::TruncateRequest},
      {rates_.truncate_reply, Fault::TruncateReply},
      {rates_.replay_earlier, Fault::ReplayEarlier},
      {rates_.stale_reply, Fault::StaleReply},
  };
  double edge = 0;
  for (const auto& [rate, fault] : table) {
    edge += rate;
    if (x < edge) return fault;
  }
  return Fault::None;
}

std::size_t FaultyTransport::cut_point(std::size_t size) {
  if (size == 0) return 0;
  return std::uniform_int_distribution<std::size_t>(0, size - 1)(rng_);
}

Result<HttpReply> FaultyTransport::send(const Sent& request) {
  ++counts_.sent_to_hub;
  auto reply = inner_->post(request.path, request.body, request.headers);
  if (!reply) ++counts_.network_errors;
  return reply;
}

Result<HttpReply> FaultyTransport::lost(const std::string& what) const {
  return fail("sync.unreachable", "The office hub cannot be reached (fault layer: " + what + ").");
}

Result<HttpReply> FaultyTransport::post(const std::string& path, const std::string& body,
                                        const std::map<std::string, std::string>& headers) {
  ++counts_.requests;
  if (hook_) hook_(Step::BeforeSend, path);

  Fault fault = Fault::None;
  if (!script_.empty()) {
    fault = script_.front();
    script_.pop_front();
  } else if (random_faults_) {
    fault = roll();
  }
  if (random_faults_ && rates_.delay > 0 && rates_.max_delay.count() >= 1 &&
      std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < rates_.delay) {
    const auto ms = std::uniform_int_distribution<long>(1, rates_.max_delay.count())(rng_);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    ++counts_.delayed;
  }
  // Replays and stale replies need an earlier request to draw on; without one the request
  // passes unharmed and no fault is counted.
  const Sent* earlier = nullptr;
  if (fault == Fault::ReplayEarlier || fault == Fault::StaleReply) {
    std::vector<const Sent*> candidates;
    for (const Sent& s : history_)
      if (fault == Fault::ReplayEarlier || (s.path == path && s.reply)) candidates.push_back(&s);
    if (candidates.empty()) {
      fault = Fault::None;
    } else {
      earlier =
          candidates[std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng_)];
    }
  }

  Sent request{path, body, headers, std::nullopt};
  Result<HttpReply> result = lost("not sent");
  switch (fault) {
    case Fault::None:
      result = send(request);
      break;
    case Fault::Duplicate: {
      auto first = send(request);
      auto second = send(request);
      result = std::bernoulli_distribution(0.5)(rng_) ? std::move(first) : std::move(second);
      break;
    }
    case Fault::DropRequest:
      result = lost("request dropped before it reached the hub");
      break;
    case Fault::DropReply: {
      auto reply = send(request);
      if (reply) request.reply = *reply;
      result = lost("the hub's reply was lost");
      break;
    }
    case Fault::TruncateRequest: {
      Sent cut = request;
      cut.body.resize(cut_point(cut.body.size()));
      result = send(cut);
      break;
    }
    case Fault::TruncateReply:
      result = send(request);
      if (result) result->body.resize(cut_point(result->body.size()));
      break;
    case Fault::ReplayEarlier:
      (void)send(*earlier);  // arrives late, after what the kiosk sent since; reply unseen
      result = send(request);
      break;
    case Fault::StaleReply: {
      HttpReply stale = *earlier->reply;
      auto reply = send(request);
      if (reply) request.reply = *reply;
      result = std::move(stale);
      break;
    }
  }
  if (fault != Fault::None) ++counts_.injected[fault];
  if (result && !request.reply && fault != Fault::TruncateReply) request.reply = *result;
  history_.push_back(std::move(request));
  if (history_.size() > kHistory) history_.pop_front();

  if (hook_) hook_(Step::AfterReply, path);
  return result;
}

}  // namespace sichtbar::test
