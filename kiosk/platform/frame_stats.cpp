// Clocks and frame-time samples for the kiosk's benchmarks and its startup report.
#include "platform/frame_stats.h"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

namespace sichtbar {

namespace {

std::int64_t to_ns(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

std::int64_t to_ns(const timeval& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_usec * 1000;
}

}  // namespace

std::int64_t thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return to_ns(t);
}

std::int64_t process_cpu_ns() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return to_ns(usage.ru_utime) + to_ns(usage.ru_stime);
}

double ms_since_process_start() {
  // Field 22 of /proc/self/stat is the start time in clock ticks after boot, on the same clock
  // as CLOCK_BOOTTIME. The command name (field 2) may hold spaces: skip past its ')'.
  std::ifstream in("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
  }
  const long ticks_per_second = sysconf(_SC_CLK_TCK);
  if (!fields || ticks_per_second <= 0) return -1;
  const double started_ms = std::stod(field) * 1000.0 / static_cast<double>(ticks_per_second);
  timespec now{};
  clock_gettime(CLOCK_BOOTTIME, &now);
  return static_cast<double>(to_ns(now)) / 1e6 - started_ms;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

RssSplit rss_split_now() {
  RssSplit split;
  std::ifstream status("/proc/self/status");
  std::string key;
  long kib = 0;
  std::string unit;
  while (status >> key) {
    if (key == "RssAnon:" || key == "RssFile:" || key == "RssShmem:") {
      status >> kib >> unit;
      (key == "RssAnon:" ? split.anonymous_kib
                         : key == "RssFile:" ? split.file_kib : split.shmem_kib) = kib;
    }
    status.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  std::ifstream smaps("/proc/self/smaps");
  bool driver = false;
  for (std::string line; std::getline(smaps, line);) {
    if (line.starts_with("Rss:")) {
      if (driver) split.gl_driver_libraries_kib += std::stol(line.substr(4));
    } else if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
               line.find('-') < line.find(' ')) {
      // A mapping's first line: "start-end perms offset dev inode [path]".
      driver = line.find("/dri/") != std::string::npos ||
               line.find("/libLLVM") != std::string::npos;
    }
  }
  return split;
}

void FrameStats::add(const FrameSample& sample) {
  if (samples_.size() < kCapacity) {
    samples_.push_back(sample);
    return;
  }
  samples_[next_] = sample;
  next_ = (next_ + 1) % kCapacity;
}

void FrameStats::clear() {
  samples_.clear();
  next_ = 0;
}

std::vector<FrameSample> FrameStats::samples() const {
  std::vector<FrameSample> ordered(samples_.begin() + static_cast<std::ptrdiff_t>(next_),
                                   samples_.end());
  ordered.insert(ordered.end(), samples_.begin(),
                 samples_.begin() + static_cast<std::ptrdiff_t>(next_));
  return ordered;
}

double FrameStats::ui_cpu_ms(double p) const {
  std::vector<double> ms;
  ms.reserve(samples_.size());
  for (const auto& s : samples_) ms.push_back(static_cast<double>(s.ui_cpu_ns) / 1e6);
  return quantile(std::move(ms), p);
}

double FrameStats::submit_cpu_ms(double p) const {
  std::vector<double> ms;
  ms.reserve(samples_.size());
  for (const auto& s : samples_) ms.push_back(static_cast<double>(s.submit_cpu_ns) / 1e6);
  return quantile(std::move(ms), p);
}

double quantile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return values[std::min(index, values.size() - 1)];
}

}  // namespace sichtbar
