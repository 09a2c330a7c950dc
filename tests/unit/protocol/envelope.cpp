// Envelope v1: a finished record is sealed so only the hub can read it, signed so the hub knows
// which kiosk made it, and any damage or tampering on the way is refused, never half-read.
#include <algorithm>
#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "protocol/envelope.h"
#include "protocol/keys.h"

using namespace sichtbar;

namespace {

struct Setup {
  DeviceIdentity device = DeviceIdentity::generate();
  HubKeys hub = HubKeys::generate(3);
  EnvelopeHeader header;

  Setup() {
    header.record_id = random_array<16>();
    header.record_version = 1;
    header.device_id = device.device_id;
    header.seq = 42;
    header.created_at_ms = 1'726'000'000'123;
    header.hub_key_id = hub.key_id;
    header.schema = "skills-profile@1";
  }

  Bytes seal(std::string_view plaintext) const {
    auto env = seal_envelope(header, as_bytes(plaintext), hub.recipient(), device);
    REQUIRE(env);
    return *env;
  }
};

const std::string kRecord = R"({"answers":{"name":"Amina Yusuf"},"record_id":"x"})";

std::string code_of(const Result<void>& r) { return r ? "ok" : r.error().code; }
template <class T>
std::string code_of(const Result<T>& r) {
  return r ? "ok" : r.error().code;
}

}  // namespace

TEST_CASE("seal, verify and open give back the record byte for byte") {
  Setup s;
  const Bytes env = s.seal(kRecord);
  CHECK(verify_envelope(env, s.device.sign_public));
  auto opened = open_envelope(env, s.hub);
  REQUIRE(opened);
  CHECK(std::string(opened->begin(), opened->end()) == kRecord);
}

TEST_CASE("the sealed envelope does not contain the person's answers") {
  Setup s;
  const Bytes env = s.seal(kRecord);
  const std::string raw(env.begin(), env.end());
  CHECK(raw.find("Amina") == std::string::npos);
  CHECK(raw.find("answers") == std::string::npos);
}

TEST_CASE("the header fields come back exactly, including extreme values") {
  Setup s;
  s.header.record_version = std::numeric_limits<std::uint32_t>::max();
  s.header.seq = std::numeric_limits<std::uint64_t>::max();
  s.header.created_at_ms = -1;  // a kiosk clock before 1970 must not be mangled
  s.header.schema = std::string(kMaxSchemaBytes, 'z');
  const Bytes env = s.seal(kRecord);
  auto parsed = parse_envelope(env);
  REQUIRE(parsed);
  CHECK(parsed->header == s.header);
  CHECK(parsed->signed_length == env.size() - kEnvelopeSignatureBytes);
  CHECK(parsed->ciphertext.size() == kRecord.size() + kSealOverheadBytes);
  CHECK(std::equal(parsed->signature.begin(), parsed->signature.end(),
                   env.end() - kEnvelopeSignatureBytes));

  s.header.created_at_ms = std::numeric_limits<std::int64_t>::min();
  s.header.schema = "s";
  auto again = parse_envelope(s.seal(""));
  REQUIRE(again);
  CHECK(again->header == s.header);
}

TEST_CASE("the layout starts with SBEV, version 1, no flags and the header length") {
  Setup s;
  const Bytes env = s.seal(kRecord);
  REQUIRE(env.size() > 8);
  CHECK(std::string(env.begin(), env.begin() + 4) == "SBEV");
  CHECK(env[4] == 1);
  CHECK(env[5] == 0);
  CHECK((std::size_t{env[6]} << 8 | env[7]) == kEnvelopeHeaderFixedBytes + s.header.schema.size());
  CHECK(env.size() == kEnvelopePrefixBytes + kEnvelopeHeaderFixedBytes + s.header.schema.size() +
                          4 + kRecord.size() + kSealOverheadBytes + kEnvelopeSignatureBytes);
}

TEST_CASE("sealing the same record twice gives different ciphertexts that both open") {
  Setup s;
  const Bytes a = s.seal(kRecord);
  const Bytes b = s.seal(kRecord);
  CHECK(a != b);
  for (const Bytes& env : {a, b}) {
    CHECK(verify_envelope(env, s.device.sign_public));
    auto opened = open_envelope(env, s.hub);
    REQUIRE(opened);
    CHECK(std::string(opened->begin(), opened->end()) == kRecord);
  }
}

TEST_CASE("an empty plaintext seals and opens to empty") {
  Setup s;
  auto opened = open_envelope(s.seal(""), s.hub);
  REQUIRE(opened);
  CHECK(opened->empty());
}

TEST_CASE("changing any single byte of the envelope makes verification fail") {
  Setup s;
  const Bytes env = s.seal(R"({"a":1})");
  REQUIRE(verify_envelope(env, s.device.sign_public));
  for (std::size_t i = 0; i < env.size(); ++i) {
    for (std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
      Bytes bad = env;
      bad[i] ^= mask;
      INFO("offset " << i << " mask " << int(mask));
      CHECK_FALSE(verify_envelope(bad, s.device.sign_public));
    }
  }
}

TEST_CASE("an envelope cut off at any length is reported as truncated") {
  Setup s;
  const Bytes env = s.seal(R"({"a":1})");
  for (std::size_t n = 0; n < env.size(); ++n) {
    const ByteView cut = ByteView(env).first(n);
    INFO("length " << n);
    CHECK(code_of(parse_envelope(cut)) == "envelope.truncated");
    CHECK(code_of(verify_envelope(cut, s.device.sign_public)) == "envelope.truncated");
    CHECK(code_of(open_envelope(cut, s.hub)) == "envelope.truncated");
  }
}

TEST_CASE("extra bytes after the signature are refused") {
  Setup s;
  Bytes env = s.seal(kRecord);
  env.push_back(0);
  CHECK(code_of(parse_envelope(env)) == "envelope.trailing_bytes");
  CHECK(code_of(verify_envelope(env, s.device.sign_public)) == "envelope.trailing_bytes");
  CHECK(code_of(open_envelope(env, s.hub)) == "envelope.trailing_bytes");
}

TEST_CASE("an envelope signed by another kiosk fails with bad_signature") {
  Setup s;
  const Bytes env = s.seal(kRecord);
  const DeviceIdentity other = DeviceIdentity::generate();
  auto r = verify_envelope(env, other.sign_public);
  CHECK(code_of(r) == "envelope.bad_signature");
  CHECK(r.error().message.find("not accepted") != std::string::npos);
}

TEST_CASE("only the hub the record was sealed to can open it") {
  Setup s;
  const Bytes env = s.seal(kRecord);
  // Same key id, different key pair: e.g. a second hub initialised with the default id.
  const HubKeys impostor = HubKeys::generate(s.hub.key_id);
  CHECK(code_of(open_envelope(env, impostor)) == "envelope.cannot_open");
  // Another key id: the hub can say which key it would need.
  const HubKeys rotated = HubKeys::generate(s.hub.key_id + 1);
  auto r = open_envelope(env, rotated);
  CHECK(code_of(r) == "envelope.wrong_hub_key");
  CHECK(r.error().message.find("key 3") != std::string::npos);
}

TEST_CASE("a damaged ciphertext with a valid structure cannot be opened") {
  Setup s;
  Bytes env = s.seal(kRecord);
  auto parsed = parse_envelope(env);
  REQUIRE(parsed);
  env[parsed->signed_length - 1] ^= 0x01;  // last ciphertext byte (the MAC covers it)
  CHECK(code_of(open_envelope(env, s.hub)) == "envelope.cannot_open");
}

TEST_CASE("records up to the limit seal, one byte more fails loudly with seal.too_large") {
  Setup s;
  s.header.schema = std::string(kMaxSchemaBytes, 's');
  const std::string biggest(kMaxRecordPlaintext, 'x');
  const Bytes env = s.seal(biggest);
  CHECK(env.size() == kMaxEnvelopeBytes);
  auto opened = open_envelope(env, s.hub);
  REQUIRE(opened);
  CHECK(opened->size() == kMaxRecordPlaintext);

  const std::string too_big(kMaxRecordPlaintext + 1, 'x');
  auto r = seal_envelope(s.header, as_bytes(too_big), s.hub.recipient(), s.device);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "seal.too_large");
  CHECK(r.error().message.find("still on screen") != std::string::npos);
}

TEST_CASE("input longer than any envelope is refused as too large before anything else") {
  Setup s;
  Bytes env = s.seal(kRecord);
  env.resize(kMaxEnvelopeBytes + 1);
  CHECK(code_of(parse_envelope(env)) == "envelope.too_large");
}

TEST_CASE("a ciphertext length beyond the limit is refused as too large") {
  Setup s;
  Bytes env = s.seal(kRecord);
  const std::size_t at = kEnvelopePrefixBytes + kEnvelopeHeaderFixedBytes + s.header.schema.size();
  const std::size_t huge = kMaxRecordPlaintext + kSealOverheadBytes + 1;
  env[at] = static_cast<std::uint8_t>(huge >> 24);
  env[at + 1] = static_cast<std::uint8_t>(huge >> 16);
  env[at + 2] = static_cast<std::uint8_t>(huge >> 8);
  env[at + 3] = static_cast<std::uint8_t>(huge);
  CHECK(code_of(parse_envelope(env)) == "envelope.too_large");
}

TEST_CASE("an unknown format version is reported as such, whatever follows") {
  Setup s;
  Bytes env = s.seal(kRecord);
  env[4] = 2;
  auto r = parse_envelope(env);
  CHECK(code_of(r) == "envelope.unsupported_version");
  CHECK(r.error().message.find("Update Sichtbar") != std::string::npos);
  // A future format may be laid out entirely differently: five bytes are enough to say so.
  const Bytes v9 = {'S', 'B', 'E', 'V', 9};
  CHECK(code_of(parse_envelope(v9)) == "envelope.unsupported_version");
}

TEST_CASE("files that are not envelopes are called so") {
  CHECK(code_of(parse_envelope(as_bytes(R"({"record_id":1})"))) == "envelope.bad_magic");
  CHECK(code_of(parse_envelope(as_bytes("SBEX"))) == "envelope.bad_magic");
  CHECK(code_of(parse_envelope(as_bytes("X"))) == "envelope.bad_magic");
  CHECK(code_of(parse_envelope(ByteView{})) == "envelope.truncated");
}

TEST_CASE("a header with flags, a wrong length or a bad schema is refused as bad_header") {
  Setup s;
  const Bytes env = s.seal(kRecord);
  Bytes flags = env;
  flags[5] = 1;
  CHECK(code_of(parse_envelope(flags)) == "envelope.bad_header");
  Bytes no_schema = env;
  no_schema[7] = static_cast<std::uint8_t>(kEnvelopeHeaderFixedBytes);  // schema length 0
  CHECK(code_of(parse_envelope(no_schema)) == "envelope.bad_header");
  Bytes space = env;
  space[kEnvelopePrefixBytes + kEnvelopeHeaderFixedBytes] = ' ';
  CHECK(code_of(parse_envelope(space)) == "envelope.bad_header");
}

TEST_CASE("sealing refuses a bad schema name or a header that names another hub or kiosk") {
  Setup s;
  for (const std::string& schema :
       {std::string(), std::string(kMaxSchemaBytes + 1, 'a'), std::string("skills profile"),
        std::string("skills\n"), std::string("sk\xc3\xa4lls")}) {
    s.header.schema = schema;
    auto r = seal_envelope(s.header, as_bytes(kRecord), s.hub.recipient(), s.device);
    INFO("schema \"" << schema << "\"");
    CHECK(code_of(r) == "seal.bad_schema");
  }
  Setup t;
  t.header.hub_key_id = t.hub.key_id + 1;
  CHECK(code_of(seal_envelope(t.header, as_bytes(kRecord), t.hub.recipient(), t.device)) ==
        "seal.failed");
  Setup u;
  u.header.device_id = random_array<16>();
  CHECK(code_of(seal_envelope(u.header, as_bytes(kRecord), u.hub.recipient(), u.device)) ==
        "seal.failed");
  Setup w;
  w.device.sign_public = DeviceIdentity::generate().sign_public;  // key pair does not match
  CHECK(code_of(seal_envelope(w.header, as_bytes(kRecord), w.hub.recipient(), w.device)) ==
        "seal.failed");
}

TEST_CASE("sealing to an unusable hub key fails instead of producing an envelope") {
  Setup s;
  HubRecipient zero{s.hub.key_id, {}};  // the all-zero X25519 key has no shared secret
  auto r = seal_envelope(s.header, as_bytes(kRecord), zero, s.device);
  CHECK(code_of(r) == "seal.failed");
}

TEST_CASE("random damage never crashes the parser and never verifies") {
  Setup s;
  const Bytes env = s.seal(kRecord);
  for (int round = 0; round < 3000; ++round) {
    Bytes bad = env;
    const auto r = random_array<16>();
    const std::size_t edits = 1 + r[0] % 4;
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = (std::size_t{r[1 + 2 * e]} << 8 | r[2 + 2 * e]) % bad.size();
      bad[at] = r[9 + e];
    }
    if (r[13] % 3 == 0) bad.resize((std::size_t{r[14]} << 8 | r[15]) % (bad.size() + 1));
    if (bad == env) continue;
    (void)parse_envelope(bad);
    (void)open_envelope(bad, s.hub);
    CHECK_FALSE(verify_envelope(bad, s.device.sign_public));
  }
}

TEST_CASE("device identities are distinct and their ids read as 32 lowercase hex digits") {
  const DeviceIdentity a = DeviceIdentity::generate();
  const DeviceIdentity b = DeviceIdentity::generate();
  CHECK(a.device_id != b.device_id);
  CHECK(a.sign_public != b.sign_public);
  const std::string text = device_id_text(a.device_id);
  CHECK(text.size() == 32);
  CHECK(text.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(from_hex(text) == std::optional<Bytes>(Bytes(a.device_id.begin(), a.device_id.end())));
}

TEST_CASE("wipe leaves no key material behind") {
  DeviceIdentity device = DeviceIdentity::generate();
  device.wipe();
  CHECK(device.sign_secret == std::array<std::uint8_t, 64>{});
  HubKeys hub = HubKeys::generate(1);
  hub.wipe();
  CHECK(hub.box_secret == std::array<std::uint8_t, 32>{});
  CHECK(hub.sign_secret == std::array<std::uint8_t, 64>{});
}

TEST_CASE("key fingerprints are short, stable and differ between keys") {
  const HubKeys a = HubKeys::generate(1);
  const HubKeys b = HubKeys::generate(1);
  const std::string fp = key_fingerprint(a.box_public);
  CHECK(fp.size() == 19);
  CHECK(fp[4] == '-');
  CHECK(fp == key_fingerprint(a.box_public));
  CHECK(fp != key_fingerprint(b.box_public));
  // sha256("abc"), FIPS 180-2 test vector: the fingerprint code hashes what it is given.
  CHECK(to_hex(sha256(as_bytes("abc"))) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
