// Test support: a SQLite VFS that knows what a power cut would leave on disk.
//
// It wraps the default VFS ("unix") and becomes the default while it lives, so every store the
// test opens goes through it. For each database, WAL and journal file it keeps the bytes as of
// the file's last xSync (what is durable) and the writes and truncations since then (what is
// still in the page cache). A power cut keeps the durable bytes and, for each unsynced 512-byte
// sector written since, at random (seeded), either its new or its old content, the way a disk
// may or may not have written it; an unsynced truncation happens or not. A file never synced is
// gone. The -shm file is not kept: it lives in memory in spirit, and SQLite rebuilds it.
//
// The cut is an image written to another folder, taken in the middle of any write or sync the
// test chooses (cut_at), while the program goes on as if nothing happened: the test then opens
// the image and checks what a real store would find after the power came back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>

namespace sichtbar::test {

class PowerLossVfs {
 public:
  explicit PowerLossVfs(std::uint64_t seed);
  ~PowerLossVfs();
  PowerLossVfs(const PowerLossVfs&) = delete;
  PowerLossVfs& operator=(const PowerLossVfs&) = delete;

  // Writes and syncs seen so far, across all files: the numbering cut_at uses.
  std::uint64_t operations() const;

  // Takes the image into `image_dir` just before operation number `operation` (counted from 1)
  // is carried out, and calls `on_cut` then (from inside SQLite's call: it must not touch the
  // database). Only files inside `watched_dir` are imaged, at the same path below `image_dir`.
  void cut_at(std::uint64_t operation, std::filesystem::path watched_dir,
              std::filesystem::path image_dir, std::function<void()> on_cut = {});
  bool cut_taken() const;

  // An image of the files in `watched_dir` as a power cut right now would leave them.
  void cut_power_now(const std::filesystem::path& watched_dir,
                     const std::filesystem::path& image_dir);

  // Internal: called by the VFS's file methods.
  struct Pending {
    bool truncate = false;
    std::int64_t offset = 0;  // write: where; truncate: the new size
    std::string bytes;
  };
  struct FileState {
    bool durable_exists = false;
    std::string durable;
    std::vector<Pending> pending;
  };
  sqlite3_vfs* real_vfs() const { return real_vfs_; }
  void before_operation();
  void on_open(const std::string& path, sqlite3_file* real, bool existed);
  void on_write(const std::string& path, std::int64_t offset, const void* data, int size);
  void on_truncate(const std::string& path, std::int64_t size);
  void on_sync(const std::string& path, sqlite3_file* real);
  void on_delete(const std::string& path);

 private:
  void write_image(const std::filesystem::path& watched_dir,
                   const std::filesystem::path& image_dir);

  mutable std::recursive_mutex mutex_;
  std::mt19937_64 random_;
  sqlite3_vfs vfs_{};
  sqlite3_vfs* real_vfs_ = nullptr;
  std::map<std::string, FileState> files_;
  std::uint64_t operations_ = 0;
  std::optional<std::uint64_t> cut_operation_;
  std::filesystem::path cut_watched_, cut_image_;
  std::function<void()> on_cut_;
  bool cut_taken_ = false;
};

}  // namespace sichtbar::test
