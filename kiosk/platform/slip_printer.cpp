// The slip printer (see slip_printer.h).
#include "platform/slip_printer.h"

#include <cups/cups.h>

#include "base/qr.h"
#include "base/wipe.h"

namespace sichtbar {

void SlipOrder::wipe() {
  wipe_string(link);
  for (script::SlipParagraph& p : paragraphs) wipe_string(p.text);
  paragraphs.clear();
}

SlipPrinter::SlipPrinter(std::vector<script::FontFile> fonts, std::function<void()> wake)
    : font_files_(std::move(fonts)), wake_(std::move(wake)), thread_([this] { run(); }) {}

SlipPrinter::~SlipPrinter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (pending_) pending_->wipe();
  }
  cv_.notify_all();
  thread_.join();
}

bool SlipPrinter::print(SlipOrder order) {
  {
    std::lock_guard lock(mutex_);
    if (status_.state == PrintState::printing) {
      order.wipe();
      return false;
    }
    pending_ = std::move(order);
    status_ = {PrintState::printing, {}, {}};
  }
  cv_.notify_all();
  return true;
}

PrintStatus SlipPrinter::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void SlipPrinter::forget() {
  std::lock_guard lock(mutex_);
  if (pending_) {
    pending_->wipe();
    pending_.reset();
  }
  ++generation_;
  status_ = {};
}

void SlipPrinter::ask_printers() {
  {
    std::lock_guard lock(mutex_);
    list_asked_ = true;
    printers_.reset();
  }
  cv_.notify_all();
}

std::optional<std::vector<std::string>> SlipPrinter::printers() const {
  std::lock_guard lock(mutex_);
  return printers_;
}

namespace {
// The server's own queues (CUPS-Get-Printers), not the printers DNS-SD might find on the
// network: the volunteer chooses among those set up on this kiosk.
std::vector<std::string> server_queues() {
  std::vector<std::string> names;
  http_t* http =
      httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1, 5000, nullptr);
  if (!http) return names;
  ipp_t* request = ippNewRequest(IPP_OP_CUPS_GET_PRINTERS);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr,
               "printer-name");
  if (ipp_t* response = cupsDoRequest(http, request, "/")) {
    for (ipp_attribute_t* a = ippFindAttribute(response, "printer-name", IPP_TAG_NAME); a;
         a = ippFindNextAttribute(response, "printer-name", IPP_TAG_NAME))
      if (const char* name = ippGetString(a, 0, nullptr)) names.emplace_back(name);
    ippDelete(response);
  }
  httpClose(http);
  return names;
}
}  // namespace

void SlipPrinter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || pending_ || list_asked_; });
    if (stopping_) return;
    if (list_asked_) {
      list_asked_ = false;
      lock.unlock();
      auto names = server_queues();
      lock.lock();
      printers_ = std::move(names);
      lock.unlock();
      if (wake_) wake_();
      lock.lock();
      continue;
    }
    SlipOrder order = std::move(*pending_);
    pending_.reset();
    const unsigned generation = generation_;
    lock.unlock();
    PrintStatus done = print_now(order);
    order.wipe();
    lock.lock();
    if (generation == generation_) status_ = std::move(done);
    lock.unlock();
    if (wake_) wake_();
    lock.lock();
  }
}

namespace {
PrintStatus cups_failure(std::string_view what) {
  const ipp_status_t status = cupsLastError();
  const char* text = cupsLastErrorString();
  std::string message = std::string(what) + ": " + (text ? text : "no answer");
  // No server, or no such queue: someone has to look at the printer or its setting.
  const bool unreachable = status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE ||
                           status == IPP_STATUS_ERROR_NOT_FOUND ||
                           status == IPP_STATUS_ERROR_INTERNAL;
  const bool refused = status == IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS ||
                       status == IPP_STATUS_ERROR_PRINTER_IS_DEACTIVATED;
  return {PrintState::failed,
          unreachable ? "print.unreachable"
          : refused   ? "print.refused"
                      : "print.failed",
          std::move(message)};
}
}  // namespace

PrintStatus SlipPrinter::print_now(SlipOrder& order) {
  if (!fonts_) {
    auto opened = script::FontSet::open(font_files_);
    if (!opened) return {PrintState::failed, "print.layout", opened.error().message};
    fonts_.emplace(std::move(*opened));
  }
  auto code = encode_qr(order.link);
  if (!code) return {PrintState::failed, "print.layout", code.error().message};
  auto page = script::render_slip(*fonts_, *code, order.paragraphs);
  if (!page) return {PrintState::failed, "print.layout", page.error().message};
  auto png = png_bytes(*page);
  std::fill(page->pixels.begin(), page->pixels.end(), std::uint8_t{0});
  if (!png) return {PrintState::failed, "print.layout", png.error().message};

  PrintStatus result{PrintState::printed, {}, {}};
  http_t* http = httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1,
                              10000, nullptr);
  if (!http) {
    result = {PrintState::failed, "print.unreachable",
              std::string("cannot reach the CUPS server ") + cupsServer()};
  } else {
    // The job's name is seen by anyone who lists the queue: no personal data in it.
    const int job = cupsCreateJob(http, order.printer.c_str(), "Sichtbar slip", 0, nullptr);
    if (job == 0) {
      result = cups_failure("the printer took no job");
    } else if (cupsStartDocument(http, order.printer.c_str(), job, "slip", "image/png", 1) !=
                   HTTP_STATUS_CONTINUE ||
               cupsWriteRequestData(http, png->data(), png->size()) != HTTP_STATUS_CONTINUE ||
               cupsFinishDocument(http, order.printer.c_str()) != IPP_STATUS_OK) {
      result = cups_failure("the printer did not take the slip");
      cupsCancelJob2(http, order.printer.c_str(), job, 0);
    }
    httpClose(http);
  }
  wipe_string(*png);
  return result;
}

}  // namespace sichtbar
