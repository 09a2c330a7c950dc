// libFuzzer target: the person matcher (domain/person_match.h) on any text. As the hub's index
// column: decode() accepts only what encode() writes. As a profile (name, year, phone and e-mail
// on four lines): person_keys() never fails, its keys come back equal through the column, and a
// profile matches itself exactly when it has a name.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/person_match.h"
#include "fuzz_support.h"

using namespace sichtbar;

namespace {

std::string_view next_line(std::string_view& text) {
  const auto end = text.find('\n');
  const std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  if (const auto keys = decode(text)) SICHTBAR_FUZZ_CHECK(encode(*keys) == text);

  const std::string_view name = next_line(text), year_text = next_line(text),
                         phone = next_line(text);
  int year = 0;
  std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  const PersonKeys keys = person_keys(name, year, phone, text);
  const auto back = decode(encode(keys));
  SICHTBAR_FUZZ_CHECK(back && *back == keys);
  const MatchScore self = match(keys, keys);
  SICHTBAR_FUZZ_CHECK(self.score >= 0 && self.score <= 1);
  SICHTBAR_FUZZ_CHECK(self.name == !keys.name.empty());
  return 0;
}
