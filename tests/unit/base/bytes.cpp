// Hex and base64url codecs: profile tokens in QR links, device ids and keys in files depend on
// exactly one text form per value and on junk being refused rather than half-decoded.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "base/bytes.h"

using namespace sichtbar;

namespace {
Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }
}  // namespace

TEST_CASE("base64url matches the RFC 4648 test vectors without padding") {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    INFO("input \"" << plain << "\"");
    CHECK(to_base64url(as_bytes(plain)) == encoded);
    const auto decoded = from_base64url(encoded);
    REQUIRE(decoded);
    CHECK(*decoded == bytes_of(plain));
  }
}

TEST_CASE("base64url uses the URL-safe alphabet, so a token survives in a link") {
  const Bytes high = {0xfb, 0xff};
  CHECK(to_base64url(high) == "-_8");
  CHECK(to_base64url(Bytes{0xff, 0xff, 0xff}) == "____");
  CHECK(from_base64url("-_8") == std::optional<Bytes>(high));
}

TEST_CASE("base64url round-trips every length up to 70 bytes") {
  for (std::size_t n = 0; n <= 70; ++n) {
    Bytes data(n);
    random_bytes(data);
    const std::string text = to_base64url(data);
    CHECK(text.find_first_of("+/=") == std::string::npos);
    CHECK(from_base64url(text) == std::optional<Bytes>(data));
  }
}

TEST_CASE("base64url refuses padding, the standard alphabet, junk and non-canonical text") {
  for (const char* bad : {
           "Zg==",      // padding
           "Zm8=",      // padding
           "Zm9v+w",    // '+' is standard base64, not base64url
           "Zm9v/w",    // '/' likewise
           "Zm9v Yg",   // space
           "Zm9v\nYg",  // newline
           "Z",         // a lone character cannot encode a byte
           "Zh",        // leftover bits not zero: a second spelling of "f"
           "Zm9vä",     // non-ASCII
       }) {
    INFO("input \"" << bad << "\"");
    CHECK_FALSE(from_base64url(bad));
  }
  CHECK_FALSE(from_base64url(std::string_view("Zm\0v", 4)));  // embedded NUL
}

TEST_CASE("hex is lowercase and round-trips every byte value") {
  Bytes all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  const std::string hex = to_hex(all);
  CHECK(hex.size() == 512);
  CHECK(hex.substr(0, 8) == "00010203");
  CHECK(hex.substr(hex.size() - 4) == "feff");
  CHECK(hex.find_first_of("ABCDEF") == std::string::npos);
  CHECK(from_hex(hex) == std::optional<Bytes>(all));
  CHECK(to_hex(Bytes{}).empty());
  CHECK(from_hex("") == std::optional<Bytes>(Bytes{}));
}

TEST_CASE("hex accepts upper case but refuses odd lengths and junk") {
  CHECK(from_hex("DEADbeef") == std::optional<Bytes>(Bytes{0xde, 0xad, 0xbe, 0xef}));
  for (const char* bad : {"abc", "a", "zz", "12 34", "0x12", "12-34", "ab\n", "ég"}) {
    INFO("input \"" << bad << "\"");
    CHECK_FALSE(from_hex(bad));
  }
  CHECK_FALSE(from_hex(std::string_view("ab\0c", 4)));  // embedded NUL
}

TEST_CASE("an id of fixed size is read from hex of exactly its length") {
  const std::array<std::uint8_t, 4> id{0xde, 0xad, 0xbe, 0xef};
  CHECK(array_from_hex<4>("DEADbeef") == id);
  for (const char* bad : {"deadbe", "deadbeef00", "", "deadbeeg"}) {
    INFO("input \"" << bad << "\"");
    CHECK_FALSE(array_from_hex<4>(bad));
  }
}

TEST_CASE("random bytes differ from call to call") {
  std::set<std::array<std::uint8_t, 16>> seen;
  for (int i = 0; i < 100; ++i) seen.insert(random_array<16>());
  CHECK(seen.size() == 100);
  CHECK(seen.count(std::array<std::uint8_t, 16>{}) == 0);
}

TEST_CASE("Crockford base32: lower case, no i l o u, read back forgivingly, one form per value") {
  CHECK(to_base32_crockford({}) == "");
  const Bytes ff(16, 0xFF);
  CHECK(to_base32_crockford(ff) == "zzzzzzzzzzzzzzzzzzzzzzzzzw");  // 128 bits: 26 symbols
  // Every symbol once: 160 bits, 20 bytes.
  const Bytes all = {0x00, 0x44, 0x32, 0x14, 0xC7, 0x42, 0x54, 0xB6, 0x35, 0xCF,
                     0x84, 0x65, 0x3A, 0x56, 0xD7, 0xC6, 0x75, 0xBE, 0x77, 0xDF};
  const std::string text = to_base32_crockford(all);
  CHECK(text == "0123456789abcdefghjkmnpqrstvwxyz");
  CHECK(from_base32_crockford(text) == all);
  // Any case, O for 0, I and L for 1, hyphens between groups.
  CHECK(from_base32_crockford("OI23-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ") == all);
  CHECK(from_base32_crockford("oL" + text.substr(2)) == all);
  // u is no symbol, nor is anything else; non-zero padding bits are another value's text.
  CHECK(!from_base32_crockford("012u"));
  CHECK(!from_base32_crockford("01 2"));
  CHECK(!from_base32_crockford("zzzzzzzzzzzzzzzzzzzzzzzzzz"));
  for (int i = 0; i < 100; ++i) {
    const auto random = random_array<16>();
    const std::string t = to_base32_crockford(random);
    CHECK(t.find_first_of("ilouILOU") == std::string::npos);
    CHECK(from_base32_crockford(t) == Bytes(random.begin(), random.end()));
  }
}
