// Prints a person's slip (text/slip.h) on the volunteer's CUPS printer, on a thread of its own:
// the frame never waits for the printer. The slip is laid out, encoded as PNG and streamed to
// CUPS from memory (cupsCreateJob, cupsStartDocument, cupsWriteRequestData): the kiosk writes
// no file of it, and wipes the link and the image once CUPS has them. Which CUPS server is
// asked is CUPS' own setting (client.conf, or CUPS_SERVER). libcups stays private to this file.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "text/fonts.h"
#include "text/slip.h"

namespace sichtbar {

struct SlipOrder {
  std::string printer;  // the CUPS queue
  std::string link;     // what the QR code carries
  std::vector<script::SlipParagraph> paragraphs;
  void wipe();
};

enum class PrintState { idle, printing, printed, failed };

struct PrintStatus {
  PrintState state = PrintState::idle;
  // Why it failed, for the log and the volunteer: "print.unreachable" (no CUPS server or no
  // such printer: the volunteer must look), "print.refused" (the printer takes no jobs now),
  // "print.failed" (anything else), "print.layout" (the slip could not be drawn).
  std::string code;
  std::string message;  // CUPS' words; never personal data
};

class SlipPrinter {
 public:
  // fonts: what the slip's text is drawn with, opened on the printer's thread at its first job.
  // wake: called from that thread when a job ends (the loop draws the new state).
  explicit SlipPrinter(std::vector<script::FontFile> fonts, std::function<void()> wake = {});
  ~SlipPrinter();
  SlipPrinter(const SlipPrinter&) = delete;
  SlipPrinter& operator=(const SlipPrinter&) = delete;

  // Starts printing; false (and the order wiped) while another job is printing.
  bool print(SlipOrder order);
  PrintStatus status() const;
  // The person left: the state goes back to idle (a job still printing ends unseen).
  void forget();

  // The CUPS server's queues, for the volunteer's choice: asked on the printer's thread (a
  // server that does not answer never holds a frame); printers() has them once it answered
  // (empty when there is no server or no queue).
  void ask_printers();
  std::optional<std::vector<std::string>> printers() const;

 private:
  void run();
  PrintStatus print_now(SlipOrder& order);

  std::vector<script::FontFile> font_files_;
  std::optional<script::FontSet> fonts_;  // the printer thread's own (FreeType is not shared)
  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<SlipOrder> pending_;
  bool list_asked_ = false;
  std::optional<std::vector<std::string>> printers_;
  PrintStatus status_;
  unsigned generation_ = 0;  // forget() raises it: an older job's result is dropped
  bool stopping_ = false;
  std::thread thread_;  // last: started when the rest is ready
};

}  // namespace sichtbar
