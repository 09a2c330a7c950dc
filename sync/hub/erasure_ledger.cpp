// The erasure ledger's file: read at open, appended and fsynced per erasure; see erasure_ledger.h.
#include "hub/erasure_ledger.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/files.h"

namespace sichtbar::hub {
namespace {

constexpr std::string_view kHeader =
    "# Sichtbar hub: erased records (record id, unix ms). Append only; never edit or shorten.\n"
    "# Back it up with the database, and never put an older copy back over a newer one.\n";

std::unexpected<Error> write_failed(const std::filesystem::path& file, const std::string& what,
                                    int err) {
  return fail("erasure_ledger.write_failed",
              "The hub could not write its erasure ledger " + file.string() + ": " + what + " (" +
                  std::strerror(err) +
                  "). Nothing was erased; free some space or fix the rights of the file and its "
                  "folder, then try again.");
}

// One line of the ledger without its line feed, or nullopt when it is not one.
std::optional<ErasedRecord> parse_line(std::string_view line) {
  if (line.size() < 34 || line[32] != ' ') return std::nullopt;
  const auto id = array_from_hex<16>(line.substr(0, 32));
  if (!id) return std::nullopt;
  ErasedRecord r;
  r.record_id = *id;
  const std::string_view ms = line.substr(33);
  const auto [end, ec] = std::from_chars(ms.data(), ms.data() + ms.size(), r.erased_at_ms);
  if (ec != std::errc() || end != ms.data() + ms.size() || r.erased_at_ms < 0) return std::nullopt;
  return r;
}

// Writes all of text, continuing after short writes and signals; 0 or an errno value.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// fsync of the folder, so a new file's name survives a power cut too; 0 or an errno value.
int sync_folder(const std::filesystem::path& file) {
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  // Some file systems cannot fsync a folder (EINVAL); the file itself is on the disk.
  return rc != 0 && err != EINVAL ? err : 0;
}

// Appends text to file (made 0600 if new) and fsyncs file and folder; 0 or an errno value, with
// what failed in `what`.
int append_durably(const std::filesystem::path& file, std::string_view text, std::string& what) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    what = "cannot open it";
    return errno;
  }
  int err = 0;
  struct stat st {};
  // A new file gets 0600 whatever the umask; an old one keeps the mode the start checked.
  if (::fstat(fd, &st) == 0 && st.st_size == 0 && ::fchmod(fd, 0600) != 0) err = errno;
  if (err == 0) err = write_all(fd, text);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (err != 0) what = "writing failed";
  if (::close(fd) != 0 && err == 0) {
    err = errno;
    what = "closing the file failed";
  }
  if (err == 0 && (err = sync_folder(file)) != 0) what = "flushing its folder failed";
  return err;
}

}  // namespace

Result<std::shared_ptr<ErasureLedger>> ErasureLedger::open(const std::filesystem::path& file) {
  std::shared_ptr<ErasureLedger> ledger(new ErasureLedger(file));
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(file, ec))) {
    if (file.has_parent_path())
      if (auto made = create_private_folder(file.parent_path()); !made)
        return std::unexpected(made.error());
    std::string what;
    if (const int err = append_durably(file, kHeader, what); err != 0)
      return write_failed(file, what, err);
    return ledger;
  }
  const auto text = read_whole_file(file);
  if (!text)
    return fail("erasure_ledger.unreadable",
                "The hub could not read its erasure ledger " + file.string() +
                    " (it must be a file the hub may read and write). The hub does not start "
                    "without it: erased profiles could come back.");
  std::string_view rest = *text;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    if (auto r = parse_line(line); r && end != std::string_view::npos) {
      if (ledger->ids_.insert(r->record_id).second) ledger->records_.push_back(*r);
    } else {
      ++ledger->damaged_lines_;
    }
  }
  ledger->needs_line_feed_ = !text->empty() && text->back() != '\n';
  return ledger;
}

Result<void> ErasureLedger::append(std::span<const ErasedRecord> records) {
  std::lock_guard lock(mutex_);
  std::string text = needs_line_feed_ ? "\n" : "";
  std::vector<ErasedRecord> added;
  std::set<RecordId> batch;
  for (const ErasedRecord& r : records) {
    if (ids_.contains(r.record_id) || !batch.insert(r.record_id).second) continue;
    text += to_hex(r.record_id) + " " + std::to_string(r.erased_at_ms) + "\n";
    added.push_back(r);
  }
  if (added.empty()) return {};
  std::string what;
  if (const int err = append_durably(file_, text, what); err != 0) {
    // Part of it may be in the file: start the next append on a line of its own.
    needs_line_feed_ = true;
    return write_failed(file_, what, err);
  }
  needs_line_feed_ = false;
  for (const ErasedRecord& r : added) {
    ids_.insert(r.record_id);
    records_.push_back(r);
  }
  return {};
}

bool ErasureLedger::contains(const RecordId& record_id) const {
  std::lock_guard lock(mutex_);
  return ids_.contains(record_id);
}

std::vector<ErasedRecord> ErasureLedger::records() const {
  std::lock_guard lock(mutex_);
  return records_;
}

std::size_t ErasureLedger::size() const {
  std::lock_guard lock(mutex_);
  return records_.size();
}

}  // namespace sichtbar::hub
