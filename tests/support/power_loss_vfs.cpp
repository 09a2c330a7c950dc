// Test support: the power-cut VFS (see power_loss_vfs.h).
#include "support/power_loss_vfs.h"

#include <cstring>
#include <fstream>
#include <stdexcept>

namespace sichtbar::test {

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kSector = 512;

// One open file: SQLite's sqlite3_file header, then the real VFS's file right after it.
struct alignas(8) ShimFile {  // SQLite promises 8-byte alignment, no more
  sqlite3_file base;
  PowerLossVfs* owner;
  char path[512];
  bool tracked;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};
static_assert(sizeof(ShimFile) % 8 == 0);

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }
const sqlite3_io_methods* real_methods(sqlite3_file* f) { return shim(f)->real()->pMethods; }

int shim_close(sqlite3_file* f) { return real_methods(f)->xClose(shim(f)->real()); }
int shim_read(sqlite3_file* f, void* data, int size, sqlite3_int64 offset) {
  return real_methods(f)->xRead(shim(f)->real(), data, size, offset);
}
int shim_write(sqlite3_file* f, const void* data, int size, sqlite3_int64 offset) {
  ShimFile* s = shim(f);
  if (s->tracked) {
    s->owner->before_operation();
    s->owner->on_write(s->path, offset, data, size);
  }
  return real_methods(f)->xWrite(s->real(), data, size, offset);
}
int shim_truncate(sqlite3_file* f, sqlite3_int64 size) {
  ShimFile* s = shim(f);
  if (s->tracked) {
    s->owner->before_operation();
    s->owner->on_truncate(s->path, size);
  }
  return real_methods(f)->xTruncate(s->real(), size);
}
int shim_sync(sqlite3_file* f, int flags) {
  ShimFile* s = shim(f);
  if (s->tracked) s->owner->before_operation();
  const int rc = real_methods(f)->xSync(s->real(), flags);
  if (rc == SQLITE_OK && s->tracked) s->owner->on_sync(s->path, s->real());
  return rc;
}
int shim_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return real_methods(f)->xFileSize(shim(f)->real(), size);
}
int shim_lock(sqlite3_file* f, int level) { return real_methods(f)->xLock(shim(f)->real(), level); }
int shim_unlock(sqlite3_file* f, int level) {
  return real_methods(f)->xUnlock(shim(f)->real(), level);
}
int shim_check_reserved_lock(sqlite3_file* f, int* out) {
  return real_methods(f)->xCheckReservedLock(shim(f)->real(), out);
}
int shim_file_control(sqlite3_file* f, int op, void* arg) {
  return real_methods(f)->xFileControl(shim(f)->real(), op, arg);
}
int shim_sector_size(sqlite3_file* f) { return real_methods(f)->xSectorSize(shim(f)->real()); }
int shim_device_characteristics(sqlite3_file* f) {
  // Promise nothing (no atomic or safe-append writes), as on a real disk after a power cut.
  return real_methods(f)->xDeviceCharacteristics(shim(f)->real()) &
         ~(SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_ATOMIC512 | SQLITE_IOCAP_ATOMIC4K |
           SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_POWERSAFE_OVERWRITE);
}
int shim_shm_map(sqlite3_file* f, int page, int page_size, int extend, void volatile** out) {
  return real_methods(f)->xShmMap(shim(f)->real(), page, page_size, extend, out);
}
int shim_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real_methods(f)->xShmLock(shim(f)->real(), offset, n, flags);
}
void shim_shm_barrier(sqlite3_file* f) { real_methods(f)->xShmBarrier(shim(f)->real()); }
int shim_shm_unmap(sqlite3_file* f, int delete_flag) {
  return real_methods(f)->xShmUnmap(shim(f)->real(), delete_flag);
}
int shim_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  return real_methods(f)->xFetch(shim(f)->real(), offset, amount, out);
}
int shim_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return real_methods(f)->xUnfetch(shim(f)->real(), offset, p);
}

const sqlite3_io_methods kShimMethods = {
    3,
    shim_close,
    shim_read,
    shim_write,
    shim_truncate,
    shim_sync,
    shim_file_size,
    shim_lock,
    shim_unlock,
    shim_check_reserved_lock,
    shim_file_control,
    shim_sector_size,
    shim_device_characteristics,
    shim_shm_map,
    shim_shm_lock,
    shim_shm_barrier,
    shim_shm_unmap,
    shim_fetch,
    shim_unfetch,
};

PowerLossVfs* owner_of(sqlite3_vfs* vfs) { return static_cast<PowerLossVfs*>(vfs->pAppData); }
sqlite3_vfs* real_of(sqlite3_vfs* vfs) { return owner_of(vfs)->real_vfs(); }

std::string read_whole(sqlite3_file* real) {
  sqlite3_int64 size = 0;
  if (real->pMethods->xFileSize(real, &size) != SQLITE_OK)
    throw std::runtime_error("power-loss VFS: cannot size a synced file");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (size > 0 && real->pMethods->xRead(real, bytes.data(), static_cast<int>(size), 0) != SQLITE_OK)
    throw std::runtime_error("power-loss VFS: cannot read a synced file");
  return bytes;
}

}  // namespace

extern "C" {
static int shim_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags,
                     int* out_flags) {
  ShimFile* s = shim(file);
  s->base.pMethods = nullptr;
  s->owner = owner_of(vfs);
  s->path[0] = '\0';
  s->tracked = name != nullptr && std::strlen(name) < sizeof(s->path) &&
               (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0;
  if (name != nullptr && std::strlen(name) < sizeof(s->path)) std::strcpy(s->path, name);
  std::error_code ec;
  const bool existed = name != nullptr && fs::exists(name, ec);
  const int rc = real_of(vfs)->xOpen(real_of(vfs), name, s->real(), flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  if (s->tracked) s->owner->on_open(s->path, s->real(), existed);
  s->base.pMethods = &kShimMethods;
  return SQLITE_OK;
}
static int shim_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  const int rc = real_of(vfs)->xDelete(real_of(vfs), name, sync_dir);
  if (rc == SQLITE_OK || rc == SQLITE_IOERR_DELETE_NOENT) owner_of(vfs)->on_delete(name);
  return rc;
}
static int shim_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return real_of(vfs)->xAccess(real_of(vfs), name, flags, out);
}
static int shim_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return real_of(vfs)->xFullPathname(real_of(vfs), name, n, out);
}
static void* shim_dl_open(sqlite3_vfs* vfs, const char* name) {
  return real_of(vfs)->xDlOpen(real_of(vfs), name);
}
static void shim_dl_error(sqlite3_vfs* vfs, int n, char* out) {
  real_of(vfs)->xDlError(real_of(vfs), n, out);
}
static void (*shim_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return real_of(vfs)->xDlSym(real_of(vfs), handle, symbol);
}
static void shim_dl_close(sqlite3_vfs* vfs, void* handle) {
  real_of(vfs)->xDlClose(real_of(vfs), handle);
}
static int shim_randomness(sqlite3_vfs* vfs, int n, char* out) {
  return real_of(vfs)->xRandomness(real_of(vfs), n, out);
}
static int shim_sleep(sqlite3_vfs* vfs, int micros) {
  return real_of(vfs)->xSleep(real_of(vfs), micros);
}
static int shim_current_time(sqlite3_vfs* vfs, double* out) {
  return real_of(vfs)->xCurrentTime(real_of(vfs), out);
}
static int shim_get_last_error(sqlite3_vfs* vfs, int n, char* out) {
  return real_of(vfs)->xGetLastError(real_of(vfs), n, out);
}
static int shim_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return real_of(vfs)->xCurrentTimeInt64(real_of(vfs), out);
}
}

PowerLossVfs::PowerLossVfs(std::uint64_t seed) : random_(seed) {
  real_vfs_ = sqlite3_vfs_find(nullptr);
  if (real_vfs_ == nullptr) throw std::runtime_error("power-loss VFS: no default VFS");
  vfs_.iVersion = 2;
  vfs_.szOsFile = static_cast<int>(sizeof(ShimFile)) + real_vfs_->szOsFile;
  vfs_.mxPathname = real_vfs_->mxPathname;
  vfs_.zName = "sichtbar-power-loss";
  vfs_.pAppData = this;
  vfs_.xOpen = shim_open;
  vfs_.xDelete = shim_delete;
  vfs_.xAccess = shim_access;
  vfs_.xFullPathname = shim_full_pathname;
  vfs_.xDlOpen = shim_dl_open;
  vfs_.xDlError = shim_dl_error;
  vfs_.xDlSym = shim_dl_sym;
  vfs_.xDlClose = shim_dl_close;
  vfs_.xRandomness = shim_randomness;
  vfs_.xSleep = shim_sleep;
  vfs_.xCurrentTime = shim_current_time;
  vfs_.xGetLastError = shim_get_last_error;
  vfs_.xCurrentTimeInt64 = shim_current_time_int64;
  if (sqlite3_vfs_register(&vfs_, 1) != SQLITE_OK)
    throw std::runtime_error("power-loss VFS: cannot register");
}

PowerLossVfs::~PowerLossVfs() {
  sqlite3_vfs_unregister(&vfs_);
  sqlite3_vfs_register(real_vfs_, 1);
}

std::uint64_t PowerLossVfs::operations() const {
  std::lock_guard lock(mutex_);
  return operations_;
}

void PowerLossVfs::cut_at(std::uint64_t operation, fs::path watched_dir, fs::path image_dir,
                          std::function<void()> on_cut) {
  std::lock_guard lock(mutex_);
  cut_operation_ = operation;
  cut_watched_ = std::move(watched_dir);
  cut_image_ = std::move(image_dir);
  on_cut_ = std::move(on_cut);
  cut_taken_ = false;
}

bool PowerLossVfs::cut_taken() const {
  std::lock_guard lock(mutex_);
  return cut_taken_;
}

void PowerLossVfs::cut_power_now(const fs::path& watched_dir, const fs::path& image_dir) {
  std::lock_guard lock(mutex_);
  write_image(watched_dir, image_dir);
}

void PowerLossVfs::before_operation() {
  std::lock_guard lock(mutex_);
  ++operations_;
  if (!cut_operation_ || *cut_operation_ != operations_) return;
  write_image(cut_watched_, cut_image_);
  cut_taken_ = true;
  if (on_cut_) on_cut_();
}

void PowerLossVfs::on_open(const std::string& path, sqlite3_file* real, bool existed) {
  std::lock_guard lock(mutex_);
  if (files_.contains(path)) return;
  // A file that was there before this VFS knew of it counts as durable as it is.
  FileState& state = files_[path];
  state.durable_exists = existed;
  if (existed) state.durable = read_whole(real);
}

void PowerLossVfs::on_write(const std::string& path, std::int64_t offset, const void* data,
                            int size) {
  std::lock_guard lock(mutex_);
  files_[path].pending.push_back(
      {false, offset, std::string(static_cast<const char*>(data), static_cast<std::size_t>(size))});
}

void PowerLossVfs::on_truncate(const std::string& path, std::int64_t size) {
  std::lock_guard lock(mutex_);
  files_[path].pending.push_back({true, size, {}});
}

void PowerLossVfs::on_sync(const std::string& path, sqlite3_file* real) {
  std::lock_guard lock(mutex_);
  FileState& state = files_[path];
  state.durable = read_whole(real);
  state.durable_exists = true;
  state.pending.clear();
}

void PowerLossVfs::on_delete(const std::string& path) {
  std::lock_guard lock(mutex_);
  // The unix VFS syncs the folder after a delete that matters (a journal), so take it as done.
  files_[path] = FileState{};
}

void PowerLossVfs::write_image(const fs::path& watched_dir, const fs::path& image_dir) {
  fs::create_directories(image_dir);
  const std::string prefix = (watched_dir / "").string();
  std::bernoulli_distribution coin(0.5);
  for (const auto& [path, state] : files_) {
    if (!path.starts_with(prefix)) continue;
    if (!state.durable_exists) continue;  // never synced: its folder entry is not on disk
    std::string bytes = state.durable;
    for (const Pending& p : state.pending) {
      if (p.truncate) {
        if (coin(random_)) bytes.resize(static_cast<std::size_t>(p.offset));
        continue;
      }
      // Each sector the write touches reached the disk, or did not.
      const std::int64_t end = p.offset + static_cast<std::int64_t>(p.bytes.size());
      for (std::int64_t sector = p.offset / kSector; sector * kSector < end; ++sector) {
        if (!coin(random_)) continue;
        const std::int64_t from = std::max(p.offset, sector * kSector);
        const std::int64_t to = std::min(end, (sector + 1) * kSector);
        if (bytes.size() < static_cast<std::size_t>(to)) bytes.resize(static_cast<std::size_t>(to));
        std::memcpy(bytes.data() + from, p.bytes.data() + (from - p.offset),
                    static_cast<std::size_t>(to - from));
      }
    }
    const fs::path target = image_dir / fs::path(path).lexically_relative(watched_dir);
    fs::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("power-loss VFS: cannot write the image of " + path);
  }
}

}  // namespace sichtbar::test
