// The asset lookup order; see asset_lookup.h.
#include "base/asset_lookup.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <system_error>

namespace sichtbar {

namespace {

// `inner` lies in (or is) `outer`, compared as real paths where they can be resolved (a build
// tree reached through a symbolic link is still the build tree), else as written: a program run
// as another user may not be allowed to resolve every folder above it.
bool lies_within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  const auto resolved = [](const std::filesystem::path& p) {
    std::error_code ec;
    auto real = std::filesystem::weakly_canonical(p, ec);
    return ec ? p.lexically_normal() : real;
  };
  const auto a = resolved(inner);
  const auto b = resolved(outer);
  if (b.empty()) return false;
  auto [end_b, end_a] = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  // a folder written with a trailing separator ends in an empty element
  return end_b == b.end() || (std::next(end_b) == b.end() && end_b->empty());
}

}  // namespace

Result<std::filesystem::path> find_assets(const AssetLookup& lookup) {
  if (!lookup.given.empty()) return lookup.given;
  const char* env = lookup.getenv_fn ? lookup.getenv_fn(lookup.environment.c_str())
                                     : std::getenv(lookup.environment.c_str());
  if (env && *env) return std::filesystem::path(env);

  std::error_code ec;
  std::filesystem::path exe = lookup.executable;
  if (exe.empty()) exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::vector<std::filesystem::path> tried;
  if (!exe.empty()) {
    const auto installed = (exe.parent_path() / lookup.installed).lexically_normal();
    if (std::filesystem::exists(installed / lookup.marker, ec)) return installed;
    tried.push_back(installed);
    if (!lookup.build_dir.empty() && lies_within(exe, lookup.build_dir)) {
      if (std::filesystem::exists(lookup.build_assets / lookup.marker, ec))
        return lookup.build_assets;
      tried.push_back(lookup.build_assets);
    }
  }
  std::string places = "--assets, $" + lookup.environment;
  for (const auto& place : tried) places += ", " + place.string();
  return fail("assets.not_found",
              "Sichtbar's files (forms, languages) are in none of the places looked in (" +
                  places + "). Install the package that brings them, or name their folder with "
                           "--assets DIR or $" + lookup.environment + ".");
}

}  // namespace sichtbar
