// What a frame costs and how long the kiosk took to show its first one: the figures the targets
// in DESIGN.md are about (frame CPU under 2 ms p99, first frame under 0.5 s, idle under 0.5 %).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sichtbar {

// CPU time this thread has used, in nanoseconds (CLOCK_THREAD_CPUTIME_ID): a frame's cost without
// the time spent waiting for vsync or for other processes.
std::int64_t thread_cpu_ns();
// CPU time the whole process has used (every thread, user + system; getrusage), in nanoseconds.
std::int64_t process_cpu_ns();
// Milliseconds since this process was started by the kernel (from /proc/self/stat, so the
// dynamic loader's work counts too). Resolution: one clock tick, 10 ms on Debian's kernels.
double ms_since_process_start();
// Peak resident set size of the process in KiB (getrusage ru_maxrss).
long peak_rss_kib();
// The resident set now, split as /proc/self/status splits it (KiB): anonymous memory (heaps,
// the GL driver's buffers), pages of mapped files (libraries such as Mesa's libLLVM, ICU's
// data, the fonts) and shared memory (e.g. the X server's MIT-SHM images); and, from
// /proc/self/smaps, the pages of the GL driver's own libraries (Mesa's dri/*.so and the
// libLLVM that llvmpipe compiles its shaders with). All 0 if unreadable.
struct RssSplit {
  long anonymous_kib = 0, file_kib = 0, shmem_kib = 0;
  long gl_driver_libraries_kib = 0;
};
RssSplit rss_split_now();

struct FrameSample {
  std::int64_t ui_cpu_ns = 0;      // backends' NewFrame, ImGui::NewFrame, the screen, Render
  std::int64_t submit_cpu_ns = 0;  // handing the draw lists to OpenGL (RenderDrawData)
};

// The last kCapacity frames' samples, so a kiosk that runs for days keeps a bounded amount.
class FrameStats {
 public:
  static constexpr std::size_t kCapacity = 1 << 14;

  void add(const FrameSample& sample);
  void clear();
  std::size_t size() const { return samples_.size(); }
  std::vector<FrameSample> samples() const;  // oldest first

  // The p-th quantile (0..1) in milliseconds, 0 without samples.
  double ui_cpu_ms(double p) const;
  double submit_cpu_ms(double p) const;

 private:
  std::vector<FrameSample> samples_;
  std::size_t next_ = 0;  // where the next sample goes once the buffer is full
};

// The p-th quantile (0..1) of values, by the nearest rank; 0 for no values.
double quantile(std::vector<double> values, double p);

}  // namespace sichtbar
