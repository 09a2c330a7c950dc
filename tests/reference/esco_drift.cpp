// The drift check: the committed ESCO asset (assets/taxonomy/esco) must be exactly what
// `sichtbar-hub reference build` makes of the ESCO exports in ../shared/data, so neither the
// builder nor the asset can change without the other. Exits 77 (CTest: skipped) with a message
// when the exports are not there, e.g. on a machine with a bare clone.
// Usage: esco_drift HUB_BINARY SHARED_DIR ASSET_DIR
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "support/temp_dir.h"

namespace fs = std::filesystem;
namespace test = sichtbar::test;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: esco_drift HUB_BINARY SHARED_DIR ASSET_DIR\n";
    return 2;
  }
  const fs::path hub = argv[1], data = fs::path(argv[2]) / "data", assets = argv[3];
  const fs::path de = data / "esco-v1.2.0-de", en_fr = data / "esco-v1.0-en-fr";
  if (!fs::is_directory(de) || !fs::is_directory(en_fr)) {
    std::cout << "ESCO exports not found in " << data.string()
              << " (esco-v1.2.0-de, esco-v1.0-en-fr): the drift check is skipped.\n";
    return 77;
  }
  test::TempDir out;
  const auto r = test::run({hub.string(), "reference", "build", "--esco-de", de.string(),
                            "--esco-en-fr", en_fr.string(), "--out", out.path().string()});
  if (r.exit_code != 0) {
    std::cout << "sichtbar-hub reference build failed (" << r.exit_code << "): " << r.err;
    return 1;
  }
  int differing = 0;
  for (const char* name : {"occupations.tsv", "isco.tsv", "NOTICE.md"}) {
    const fs::path committed = assets / "taxonomy" / "esco" / name, fresh = out / name;
    if (!fs::exists(committed)) {
      std::cout << committed.string() << " is missing: commit the builder's output.\n";
      ++differing;
      continue;
    }
    std::istringstream a(test::read_file(committed)), b(test::read_file(fresh));
    std::string la, lb;
    for (std::size_t line = 1;; ++line) {
      const bool ha = static_cast<bool>(std::getline(a, la)),
                 hb = static_cast<bool>(std::getline(b, lb));
      if (!ha && !hb) break;
      if (ha != hb || la != lb) {
        std::cout << committed.string() << " differs from a fresh build at line " << line
                  << ":\n  committed: " << (ha ? la.substr(0, 300) : "(end of file)")
                  << "\n  fresh:     " << (hb ? lb.substr(0, 300) : "(end of file)") << "\n";
        ++differing;
        break;
      }
    }
    if (test::read_file(committed) != test::read_file(fresh) && differing == 0) {
      std::cout << committed.string() << " differs from a fresh build in its line ends.\n";
      ++differing;
    }
  }
  if (differing) {
    std::cout << "Rebuild it: sichtbar-hub reference build --esco-de " << de.string()
              << " --esco-en-fr " << en_fr.string() << " --out assets/taxonomy/esco\n";
    return 1;
  }
  std::cout << "The committed ESCO asset is a fresh build of " << data.string() << ".\n";
  return 0;
}
