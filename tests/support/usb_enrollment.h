// Test support: a kiosk set up offline (`sichtbar-kiosk setup --hub-key`) enrolled the way a
// volunteer does it with a USB stick, with the real programs: `sichtbar-hub enroll` makes a
// code, the kiosk writes its request to the stick, `sichtbar-hub import` answers it and the
// kiosk imports the receipt.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "support/consent_office.h"
#include "support/temp_dir.h"

namespace sichtbar::test {

// hub_settings: what `sichtbar-hub enroll` and `import` need (--keys, --database,
// --passphrase-file, ...). The stick is a folder of its own under the kiosk's parent.
inline void usb_enroll(const std::filesystem::path& kiosk_data,
                       const std::vector<std::string>& hub_settings) {
  const auto hub = [&](std::vector<std::string> argv) {
    argv.insert(argv.begin(), SICHTBAR_HUB_BIN);
    argv.insert(argv.end(), hub_settings.begin(), hub_settings.end());
    return run(argv);
  };
  auto set = hub(office_set_args());  // enroll makes no code for an incomplete office
  INFO(set.err);
  REQUIRE(set.exit_code == 0);
  auto code = hub({"enroll", "--print-code"});
  INFO(code.err);
  REQUIRE(code.exit_code == 0);
  const std::filesystem::path stick = kiosk_data.parent_path() / "usb-enroll";
  std::filesystem::create_directories(stick);
  auto r = run({SICHTBAR_KIOSK_BIN, "enroll", "--data", kiosk_data.string(), "--usb",
                stick.string(), "--code", code.out.substr(0, code.out.find('\n'))});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  r = hub({"import", stick.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  for (const auto& e : std::filesystem::directory_iterator(stick))
    if (e.path().extension() == ".receipt") {
      r = run(
          {SICHTBAR_KIOSK_BIN, "import-receipt", "--data", kiosk_data.string(), e.path().string()});
      INFO(r.out << r.err);
      REQUIRE(r.exit_code == 0);
    }
}

}  // namespace sichtbar::test
