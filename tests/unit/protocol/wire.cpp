// Sync messages over HTTP: what the kiosk and the hub say to each other must come back exactly,
// retries must be byte-identical, a forged or altered ACK must never make a kiosk delete
// records, and any malformed message is refused with a clear code instead of a crash.
#include <sodium.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <functional>
#include <limits>
#include <random>
#include <string>

#include "protocol/envelope.h"
#include "protocol/keys.h"
#include "protocol/wire.h"
#include "support/temp_dir.h"

using namespace sichtbar;
using nlohmann::json;

namespace {

template <class T>
std::string code_of(const Result<T>& r) {
  return r ? "ok" : r.error().code;
}

std::array<std::uint8_t, 16> id_of(std::uint8_t fill) {
  std::array<std::uint8_t, 16> id{};
  id.fill(fill);
  return id;
}

Bytes some_bytes(std::size_t n, std::uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return b;
}

Push sample_push() {
  Push p;
  p.device_id = id_of(0xab);
  p.items.push_back({1, some_bytes(300, 1)});
  p.items.push_back({2, some_bytes(1, 2)});
  p.items.push_back({std::numeric_limits<std::uint64_t>::max(), some_bytes(1000, 3)});
  return p;
}

Ack sample_ack(const DeviceIdentity& device) {
  Ack a;
  a.device_id = device.device_id;
  a.hub_key_id = 7;
  a.batch_id = to_hex(sha256(as_bytes("the push body")));
  a.hub_high_water = 41;
  a.signed_at_ms = 1'726'000'000'000;
  const ItemStatus all[] = {ItemStatus::Stored, ItemStatus::Duplicate, ItemStatus::Conflict,
                            ItemStatus::Gone, ItemStatus::Rejected};
  std::uint64_t seq = 40;
  for (ItemStatus s : all) {
    AckItem item;
    item.seq = seq++;
    item.record_id = random_array<16>();
    item.sha256 = random_array<32>();
    item.status = s;
    if (s == ItemStatus::Rejected) item.reason = "the envelope is damaged (envelope.truncated)";
    a.items.push_back(item);
  }
  return a;
}

// Parses signed ACK text, lets the test change it, writes it back in canonical form.
std::string edit_ack(const std::string& text, const std::function<void(json&)>& change) {
  json doc = json::parse(text);
  change(doc["ack"]);
  return doc.dump();
}

std::string push_text_with(const std::function<void(json&)>& change) {
  json doc = json::parse(to_json_text(sample_push()));
  change(doc);
  return doc.dump();
}

}  // namespace

// ---------------------------------------------------------------- HELLO

TEST_CASE("HELLO comes back exactly, also with extreme numbers") {
  Hello h;
  h.device_id = random_array<16>();
  h.hub_key_id = std::numeric_limits<std::uint32_t>::max();
  h.last_acked_seq = 17;
  h.last_sealed_seq = std::numeric_limits<std::uint64_t>::max();
  auto back = parse_hello(to_json_text(h));
  REQUIRE(back);
  CHECK(*back == h);
  CHECK(to_json_text(*back) == to_json_text(h));

  Hello fresh;  // a new kiosk: nothing sealed, nothing acknowledged
  auto fresh_back = parse_hello(to_json_text(fresh));
  REQUIRE(fresh_back);
  CHECK(*fresh_back == fresh);
}

TEST_CASE("HELLO is canonical JSON with a version in its format field") {
  Hello h;
  h.device_id = id_of(0x01);
  h.hub_key_id = 1;
  h.last_acked_seq = 5;
  h.last_sealed_seq = 9;
  CHECK(to_json_text(h) ==
        R"({"device_id":"01010101010101010101010101010101","format":"sichtbar-hello-1",)"
        R"("hub_key_id":1,"last_acked_seq":5,"last_sealed_seq":9})");
}

TEST_CASE("a HELLO that claims more confirmed than sealed records is refused") {
  Hello h;
  h.last_acked_seq = 10;
  h.last_sealed_seq = 9;
  CHECK(code_of(parse_hello(to_json_text(h))) == "hello.out_of_range");
}

TEST_CASE("HELLO fields are checked for presence, type, range and encoding") {
  const std::string good = to_json_text(Hello{id_of(2), 3, 4, 5});
  auto with = [&](const std::function<void(json&)>& change) {
    json doc = json::parse(good);
    change(doc);
    return parse_hello(doc.dump());
  };
  CHECK(code_of(with([](json& d) { d.erase("device_id"); })) == "hello.missing_field");
  CHECK(code_of(with([](json& d) { d.erase("last_sealed_seq"); })) == "hello.missing_field");
  CHECK(code_of(with([](json& d) { d["hub_key_id"] = "3"; })) == "hello.wrong_type");
  CHECK(code_of(with([](json& d) { d["hub_key_id"] = 4294967296ull; })) == "hello.out_of_range");
  CHECK(code_of(with([](json& d) { d["last_acked_seq"] = -1; })) == "hello.out_of_range");
  CHECK(code_of(with([](json& d) { d["last_acked_seq"] = 1.5; })) == "hello.wrong_type");
  CHECK(code_of(with([](json& d) { d["last_acked_seq"] = nullptr; })) == "hello.wrong_type");
  CHECK(code_of(with([](json& d) { d["device_id"] = "0202"; })) == "hello.bad_encoding");
  CHECK(code_of(with([](json& d) {
          d["device_id"] = "0202020202020202020202020202020G";
        })) == "hello.bad_encoding");
  // One text form per value: uppercase hex is not the canonical form.
  CHECK(code_of(with([](json& d) {
          d["device_id"] = "0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A";
        })) == "hello.bad_encoding");
  CHECK(code_of(with([](json& d) { d["format"] = "sichtbar-hello-2"; })) ==
        "hello.unsupported_version");
  CHECK(code_of(with([](json& d) { d["format"] = "sichtbar-push-1"; })) == "hello.wrong_format");
  CHECK(code_of(with([](json& d) { d["format"] = 1; })) == "hello.wrong_type");
  CHECK(code_of(with([](json& d) { d["extra"] = {{"later", "versions"}}; })) == "ok");
  CHECK(code_of(parse_hello("[1,2]")) == "hello.wrong_type");
  CHECK(code_of(parse_hello("")) == "hello.not_json");
  CHECK(code_of(parse_hello("{\"format\":")) == "hello.not_json");
  CHECK(code_of(parse_hello(good + "x")) == "hello.not_json");
}

TEST_CASE("an error message tells the volunteer what is wrong") {
  json doc = json::parse(to_json_text(Hello{}));
  doc["last_acked_seq"] = -3;
  auto r = parse_hello(doc.dump());
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("last_acked_seq is negative") != std::string::npos);
  CHECK(r.error().message.find("HELLO") != std::string::npos);
}

// ---------------------------------------------------------------- HELLO reply

TEST_CASE("the hub's answer to HELLO comes back exactly") {
  HelloReply r;
  r.hub_high_water = 10;
  r.missing = {{12, 12}, {14, 20}, {21, std::numeric_limits<std::uint64_t>::max()}};
  r.max_batch = 250;
  r.hub_time_ms = -5;  // a hub clock before 1970 is odd, not an error
  auto back = parse_hello_reply(to_json_text(r));
  REQUIRE(back);
  CHECK(*back == r);
  CHECK(to_json_text(*back) == to_json_text(r));

  HelloReply empty;
  auto empty_back = parse_hello_reply(to_json_text(empty));
  REQUIRE(empty_back);
  CHECK(*empty_back == empty);
  CHECK(empty_back->max_batch == kMaxBatchItems);
}

TEST_CASE("missing ranges must ascend, not overlap and lie above the hub's high water") {
  auto code = [](std::uint64_t high, std::vector<SeqRange> missing) {
    HelloReply r;
    r.hub_high_water = high;
    r.missing = std::move(missing);
    return code_of(parse_hello_reply(to_json_text(r)));
  };
  CHECK(code(0, {{1, 1}, {2, 3}}) == "ok");
  CHECK(code(0, {{0, 3}}) == "hello_reply.bad_range");  // seq 0 is never used
  CHECK(code(5, {{5, 6}}) == "hello_reply.bad_range");  // the hub said it has 5
  CHECK(code(0, {{4, 3}}) == "hello_reply.bad_range");
  CHECK(code(0, {{1, 5}, {5, 6}}) == "hello_reply.bad_range");
  CHECK(code(0, {{7, 8}, {1, 2}}) == "hello_reply.bad_range");

  std::vector<SeqRange> many;
  for (std::uint64_t i = 1; i <= kMaxMissingRanges + 1; ++i) many.push_back({2 * i, 2 * i});
  CHECK(code(0, many) == "hello_reply.too_many_items");
  many.pop_back();
  CHECK(code(0, many) == "ok");

  json doc = json::parse(to_json_text(HelloReply{}));
  doc["missing"] = json::array({json::array({-1, 2})});
  CHECK(code_of(parse_hello_reply(doc.dump())) == "hello_reply.out_of_range");
  doc["missing"] = json::array({json::array({1, 2, 3})});
  CHECK(code_of(parse_hello_reply(doc.dump())) == "hello_reply.wrong_type");
  doc["missing"] = json::array({json::array({1, "2"})});
  CHECK(code_of(parse_hello_reply(doc.dump())) == "hello_reply.wrong_type");
  doc["missing"] = "1-2";
  CHECK(code_of(parse_hello_reply(doc.dump())) == "hello_reply.wrong_type");
}

TEST_CASE("the hub's batch size must let the kiosk push something and stay within limits") {
  json doc = json::parse(to_json_text(HelloReply{}));
  doc["max_batch"] = 0;
  CHECK(code_of(parse_hello_reply(doc.dump())) == "hello_reply.out_of_range");
  doc["max_batch"] = kMaxBatchItems + 1;
  CHECK(code_of(parse_hello_reply(doc.dump())) == "hello_reply.out_of_range");
  doc["max_batch"] = 1;
  CHECK(code_of(parse_hello_reply(doc.dump())) == "ok");
}

// ---------------------------------------------------------------- PUSH

TEST_CASE("PUSH comes back exactly and re-serializes to the same bytes") {
  const Push p = sample_push();
  const std::string text = to_json_text(p);
  auto back = parse_push(text);
  REQUIRE(back);
  CHECK(*back == p);
  // A retry sends the same bytes, so the hub sees the same batch_id.
  CHECK(to_json_text(*back) == text);
  CHECK(to_json_text(sample_push()) == text);
  CHECK(to_hex(sha256(as_bytes(to_json_text(*back)))) == to_hex(sha256(as_bytes(text))));
}

TEST_CASE("PUSH carries real envelopes byte for byte") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(1);
  EnvelopeHeader h;
  h.record_id = random_array<16>();
  h.record_version = 1;
  h.device_id = device.device_id;
  h.seq = 1;
  h.hub_key_id = 1;
  h.schema = "skills-profile@1";
  auto env = seal_envelope(h, as_bytes(R"({"a":1})"), hub.recipient(), device);
  REQUIRE(env);
  Push p{device.device_id, {{1, *env}}};
  auto back = parse_push(to_json_text(p));
  REQUIRE(back);
  REQUIRE(back->items.size() == 1);
  CHECK(back->items[0].envelope == *env);
  CHECK(verify_envelope(back->items[0].envelope, device.sign_public));
}

TEST_CASE("an empty PUSH is valid") {
  Push p;
  p.device_id = id_of(1);
  auto back = parse_push(to_json_text(p));
  REQUIRE(back);
  CHECK(back->items.empty());
}

TEST_CASE("a batch over the item limit is refused, one at the limit is fine") {
  Push p;
  p.device_id = id_of(9);
  for (std::uint64_t s = 1; s <= kMaxBatchItems; ++s) p.items.push_back({s, Bytes{1, 2, 3}});
  CHECK(code_of(parse_push(to_json_text(p))) == "ok");
  p.items.push_back({kMaxBatchItems + 1, Bytes{1}});
  CHECK(code_of(parse_push(to_json_text(p))) == "push.too_many_items");
}

TEST_CASE("a message over the size limit is refused before it is read") {
  std::string huge(kMaxMessageBytes + 1, ' ');
  CHECK(code_of(parse_push(huge)) == "push.too_large");
  CHECK(code_of(parse_hello(huge)) == "hello.too_large");
  CHECK(code_of(parse_hello_reply(huge)) == "hello_reply.too_large");
  CHECK(code_of(verify_ack(huge, {}, {})) == "ack.too_large");
}

TEST_CASE("an envelope larger than any envelope can be is refused") {
  Push p;
  p.device_id = id_of(1);
  p.items.push_back({1, Bytes(kMaxEnvelopeBytes, 0x55)});
  CHECK(code_of(parse_push(to_json_text(p))) == "ok");
  p.items[0].envelope.push_back(0x55);
  CHECK(code_of(parse_push(to_json_text(p))) == "push.value_too_large");
}

TEST_CASE("a full batch packed by the byte rule fits in one message") {
  // kMaxBatchEnvelopeBytes is the kiosk's packing rule; it must keep the text under the limit.
  Push p;
  p.device_id = id_of(1);
  const std::size_t each = kMaxBatchEnvelopeBytes / kMaxBatchItems;
  for (std::uint64_t s = 1; s <= kMaxBatchItems; ++s)
    p.items.push_back({std::numeric_limits<std::uint64_t>::max() - s, Bytes(each, 0xee)});
  const std::string text = to_json_text(p);
  CHECK(text.size() <= kMaxMessageBytes);
  CHECK(code_of(parse_push(text)) == "ok");
}

TEST_CASE("PUSH items are checked: seq, envelope encoding, duplicates") {
  auto code = [](const std::function<void(json&)>& change) {
    return code_of(parse_push(push_text_with(change)));
  };
  CHECK(code([](json& d) { d["items"][0]["seq"] = 0; }) == "push.out_of_range");
  CHECK(code([](json& d) { d["items"][0]["seq"] = -5; }) == "push.out_of_range");
  CHECK(code([](json& d) { d["items"][0]["seq"] = "1"; }) == "push.wrong_type");
  CHECK(code([](json& d) { d["items"][0]["seq"] = 1e30; }) == "push.wrong_type");
  CHECK(code([](json& d) { d["items"][0].erase("seq"); }) == "push.missing_field");
  CHECK(code([](json& d) { d["items"][0].erase("envelope"); }) == "push.missing_field");
  CHECK(code([](json& d) { d["items"][0]["envelope"] = 5; }) == "push.wrong_type");
  CHECK(code([](json& d) { d["items"][0]["envelope"] = "AAA="; }) == "push.bad_encoding");
  CHECK(code([](json& d) { d["items"][0]["envelope"] = "AA+/"; }) == "push.bad_encoding");
  CHECK(code([](json& d) { d["items"][0]["envelope"] = "A"; }) == "push.bad_encoding");
  CHECK(code([](json& d) { d["items"][0]["envelope"] = "AB"; }) == "push.bad_encoding");
  CHECK(code([](json& d) { d["items"][1]["seq"] = 1; }) == "push.duplicate_seq");
  CHECK(code([](json& d) { d["items"][1] = 7; }) == "push.wrong_type");
  CHECK(code([](json& d) { d["items"] = json::object(); }) == "push.wrong_type");
  CHECK(code([](json& d) { d.erase("items"); }) == "push.missing_field");
  CHECK(code([](json& d) { d["device_id"] = "zz"; }) == "push.bad_encoding");
  CHECK(code([](json& d) { d["format"] = "sichtbar-push-12"; }) == "push.unsupported_version");
}

TEST_CASE("an error names the item and field that is wrong") {
  auto r = parse_push(push_text_with([](json& d) { d["items"][2]["seq"] = -1; }));
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("items[2].seq") != std::string::npos);
}

TEST_CASE("deeply nested or value-flooded JSON is refused without exhausting memory or stack") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(code_of(parse_push(deep)) == "push.not_json");
  CHECK(code_of(parse_hello(deep)) == "hello.not_json");
  CHECK(code_of(verify_ack(deep, {}, {})) == "ack.not_json");
  std::string flood = "[0";
  for (int i = 0; i < 200000; ++i) flood += ",0";
  flood += "]";
  CHECK(code_of(parse_push(flood)) == "push.not_json");
  // Brackets inside strings are text, not nesting.
  json doc = json::parse(to_json_text(Hello{}));
  doc["note"] = std::string(1000, '[');
  CHECK(code_of(parse_hello(doc.dump())) == "ok");
}

// ---------------------------------------------------------------- ACK

TEST_CASE("a signed ACK verifies and comes back exactly") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  const Ack ack = sample_ack(device);
  const std::string text = sign_ack(ack, hub);
  auto back = verify_ack(text, hub.sign_public, device.device_id);
  REQUIRE(back);
  CHECK(*back == ack);
  CHECK(sign_ack(*back, hub) == text);  // Ed25519 is deterministic; the form is canonical
}

TEST_CASE("a receipt's ACK carries the hub's new key under its signature") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys old_key = HubKeys::generate(7);
  HubKeys hub = old_key;
  hub.key_id = 8;
  crypto_box_keypair(hub.box_public.data(), hub.box_secret.data());
  Ack ack = sample_ack(device);
  ack.hub_key = signed_hub_key(hub);
  const std::string text = sign_ack(ack, hub);
  auto back = verify_ack(text, hub.sign_public, device.device_id);
  REQUIRE(back);
  CHECK(*back == ack);
  REQUIRE(back->hub_key);
  CHECK(*verify_signed_hub_key(*back->hub_key, old_key.recipient()) == hub.recipient());
  // Swapping in another key breaks the ACK's own signature.
  json doc = json::parse(text);
  doc["ack"]["hub_key"]["hub"]["key_id"] = 9;
  CHECK(verify_ack(doc.dump(), hub.sign_public, device.device_id).error().code ==
        "ack.bad_signature");
}

TEST_CASE("an ACK verifies however its text was laid out on the way") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  const Ack ack = sample_ack(device);
  const std::string pretty = json::parse(sign_ack(ack, hub)).dump(2);
  auto back = verify_ack(pretty, hub.sign_public, device.device_id);
  REQUIRE(back);
  CHECK(*back == ack);
}

TEST_CASE("changing anything in a signed ACK breaks its signature") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  const std::string text = sign_ack(sample_ack(device), hub);
  auto check = [&](const std::function<void(json&)>& change) {
    return code_of(verify_ack(edit_ack(text, change), hub.sign_public, device.device_id));
  };
  CHECK(check([](json&) {}) == "ok");
  // A forged "stored" for a rejected item would make the kiosk delete a record the hub lacks.
  CHECK(check([](json& a) { a["items"][4]["status"] = "stored"; }) == "ack.bad_signature");
  CHECK(check([](json& a) { a["items"][0]["status"] = "rejected"; }) == "ack.bad_signature");
  CHECK(check([](json& a) { a["items"][1]["seq"] = 99; }) == "ack.bad_signature");
  CHECK(check([](json& a) { a["items"][1]["sha256"] = std::string(64, '0'); }) ==
        "ack.bad_signature");
  CHECK(check([](json& a) { a["items"][4]["reason"] = ""; }) == "ack.bad_signature");
  CHECK(check([](json& a) { a["hub_high_water"] = 1000; }) == "ack.bad_signature");
  CHECK(check([](json& a) { a["signed_at_ms"] = 0; }) == "ack.bad_signature");
  CHECK(check([](json& a) { a["batch_id"] = std::string(64, 'a'); }) == "ack.bad_signature");
  CHECK(check([](json& a) { a["items"].erase(a["items"].begin()); }) == "ack.bad_signature");
  CHECK(check([](json& a) { a["extra"] = 1; }) == "ack.bad_signature");
}

TEST_CASE("an ACK signed by another hub key is refused") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  const HubKeys other = HubKeys::generate(7);
  const std::string text = sign_ack(sample_ack(device), other);
  CHECK(code_of(verify_ack(text, hub.sign_public, device.device_id)) == "ack.bad_signature");
}

TEST_CASE("an ACK for another kiosk is refused even with a good signature") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const DeviceIdentity other = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  const std::string text = sign_ack(sample_ack(other), hub);
  CHECK(code_of(verify_ack(text, hub.sign_public, device.device_id)) == "ack.wrong_device");
  CHECK(code_of(verify_ack(text, hub.sign_public, other.device_id)) == "ok");
}

TEST_CASE("a malformed signature or envelope of an ACK is refused with its code") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  json doc = json::parse(sign_ack(sample_ack(device), hub));
  auto code = [&](const std::function<void(json&)>& change) {
    json d = doc;
    change(d);
    return code_of(verify_ack(d.dump(), hub.sign_public, device.device_id));
  };
  CHECK(code([](json& d) { d.erase("signature"); }) == "ack.missing_field");
  CHECK(code([](json& d) { d.erase("ack"); }) == "ack.missing_field");
  CHECK(code([](json& d) { d["ack"] = "x"; }) == "ack.wrong_type");
  CHECK(code([](json& d) { d["signature"] = 1; }) == "ack.wrong_type");
  CHECK(code([](json& d) { d["signature"] = "AAAA"; }) == "ack.bad_encoding");
  CHECK(code([](json& d) { d["signature"] = "!!"; }) == "ack.bad_encoding");
  CHECK(code([](json& d) { d["signature"] = std::string(200, 'A'); }) == "ack.value_too_large");
  CHECK(code_of(verify_ack("null", hub.sign_public, device.device_id)) == "ack.wrong_type");
  CHECK(code_of(verify_ack("{", hub.sign_public, device.device_id)) == "ack.not_json");
}

TEST_CASE("a correctly signed but malformed ACK is still refused field by field") {
  // What a buggy hub could sign: the kiosk must not act on it.
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  auto signed_with = [&](const std::function<void(json&)>& change) {
    json doc = json::parse(sign_ack(sample_ack(device), hub));
    change(doc["ack"]);
    const std::string canonical = doc["ack"].dump();
    std::array<std::uint8_t, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(canonical.data()),
                         canonical.size(), hub.sign_secret.data());
    doc["signature"] = to_base64url(sig);
    return code_of(verify_ack(doc.dump(), hub.sign_public, device.device_id));
  };
  CHECK(signed_with([](json&) {}) == "ok");
  CHECK(signed_with([](json& a) { a["items"][1]["seq"] = a["items"][0]["seq"]; }) ==
        "ack.duplicate_seq");
  CHECK(signed_with([](json& a) { a["items"][1]["status"] = "maybe"; }) == "ack.out_of_range");
  CHECK(signed_with([](json& a) { a["items"][1]["seq"] = 0; }) == "ack.out_of_range");
  CHECK(signed_with([](json& a) { a["hub_high_water"] = -1; }) == "ack.out_of_range");
  CHECK(signed_with([](json& a) { a["signed_at_ms"] = "now"; }) == "ack.wrong_type");
  CHECK(signed_with([](json& a) { a["batch_id"] = "abc"; }) == "ack.bad_encoding");
  CHECK(signed_with([](json& a) { a["items"][0]["record_id"] = "xyz"; }) == "ack.bad_encoding");
  CHECK(signed_with([](json& a) { a["items"][0].erase("reason"); }) == "ack.missing_field");
  CHECK(signed_with([](json& a) { a["format"] = "sichtbar-ack-2"; }) == "ack.unsupported_version");
  CHECK(signed_with([](json& a) { a["format"] = "sichtbar-kiosk-config-1"; }) ==
        "ack.wrong_format");
}

TEST_CASE("reasons are cleaned and shortened so an ACK always stays valid and small") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  Ack ack = sample_ack(device);
  ack.items[4].reason = std::string("bad \"file\" C:\\x\n\t\x01 \xff\xfe end ") +
                        "\xc3\xa9\xd8\xb9" + std::string(300, 'z');
  auto back = verify_ack(sign_ack(ack, hub), hub.sign_public, device.device_id);
  REQUIRE(back);
  const std::string& r = back->items[4].reason;
  CHECK(r.size() <= kMaxReasonBytes);
  CHECK(r.starts_with("bad 'file' C:/x    ?? end \xc3\xa9\xd8\xb9zzz"));
  // Cut at a character boundary: a multi-byte character is never split.
  ack.items[4].reason = std::string(kMaxReasonBytes - 1, 'a') + "\xc3\xa9";
  back = verify_ack(sign_ack(ack, hub), hub.sign_public, device.device_id);
  REQUIRE(back);
  CHECK(back->items[4].reason == std::string(kMaxReasonBytes - 1, 'a'));
}

TEST_CASE("the ACK of a full USB bundle fits the message limit even with long reasons") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  Ack ack;
  ack.device_id = device.device_id;
  ack.batch_id = std::string(64, 'f');
  ack.hub_high_water = std::numeric_limits<std::uint64_t>::max();
  ack.signed_at_ms = std::numeric_limits<std::int64_t>::min();
  ack.items.resize(kMaxAckItems);
  for (std::size_t i = 0; i < kMaxAckItems; ++i) {
    ack.items[i].seq = std::numeric_limits<std::uint64_t>::max() - i;
    ack.items[i].status = ItemStatus::Duplicate;
    ack.items[i].reason = std::string(500, '"');
  }
  const std::string text = sign_ack(ack, hub);
  CHECK(text.size() <= kMaxMessageBytes);
  auto back = verify_ack(text, hub.sign_public, device.device_id);
  REQUIRE(back);
  CHECK(back->items.size() == kMaxAckItems);
}

TEST_CASE("only a rejected item stays on the kiosk") {
  CHECK(counts_as_received(ItemStatus::Stored));
  CHECK(counts_as_received(ItemStatus::Duplicate));
  CHECK(counts_as_received(ItemStatus::Conflict));
  CHECK(counts_as_received(ItemStatus::Gone));
  CHECK_FALSE(counts_as_received(ItemStatus::Rejected));
}

// ---------------------------------------------------------------- request signature

TEST_CASE("a signed request verifies and binds method, path, body, device and time") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const std::string body = to_json_text(sample_push());
  const RequestSignature sig = sign_request("POST", "/v1/push", body, device, 1'726'000'000'000);
  CHECK(sig.device_hex == to_hex(device.device_id));
  CHECK(sig.time_ms == "1726000000000");
  CHECK(sig.signature_b64.size() == 86);
  CHECK(verify_request("POST", "/v1/push", body, sig, device.sign_public));

  CHECK(code_of(verify_request("PUT", "/v1/push", body, sig, device.sign_public)) ==
        "request.bad_signature");
  CHECK(code_of(verify_request("POST", "/v1/hello", body, sig, device.sign_public)) ==
        "request.bad_signature");
  CHECK(code_of(verify_request("POST", "/v1/push?x=1", body, sig, device.sign_public)) ==
        "request.bad_signature");
  CHECK(code_of(verify_request("POST", "/v1/push", body + " ", sig, device.sign_public)) ==
        "request.bad_signature");
  CHECK(code_of(verify_request("POST", "/v1/push", "", sig, device.sign_public)) ==
        "request.bad_signature");
  RequestSignature later = sig;
  later.time_ms = "1726000000001";  // replaying an old signature with a fresh time
  CHECK(code_of(verify_request("POST", "/v1/push", body, later, device.sign_public)) ==
        "request.bad_signature");
  RequestSignature other_id = sig;
  other_id.device_hex = to_hex(random_array<16>());
  CHECK(code_of(verify_request("POST", "/v1/push", body, other_id, device.sign_public)) ==
        "request.bad_signature");
  const DeviceIdentity stranger = DeviceIdentity::generate();
  CHECK(code_of(verify_request("POST", "/v1/push", body, sig, stranger.sign_public)) ==
        "request.bad_signature");
  // Moving bytes between method and path must not keep the signature valid.
  const RequestSignature split = sign_request("POST/", "v1", "", device, 5);
  CHECK(code_of(verify_request("POST", "/v1", "", split, device.sign_public)) ==
        "request.bad_signature");
}

TEST_CASE("a request's time is not judged here: a kiosk clock off by days still verifies") {
  const DeviceIdentity device = DeviceIdentity::generate();
  for (std::int64_t t : {std::int64_t{0}, std::int64_t{-86'400'000},
                         std::numeric_limits<std::int64_t>::min(),
                         std::numeric_limits<std::int64_t>::max()}) {
    const RequestSignature sig = sign_request("GET", "/v1/hello", "", device, t);
    CHECK(verify_request("GET", "/v1/hello", "", sig, device.sign_public));
    CHECK(request_time_ms(sig).value() == t);
    CHECK(request_device_id(sig).value() == device.device_id);
  }
}

TEST_CASE("malformed request headers are refused with request.bad_header") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const RequestSignature good = sign_request("POST", "/v1/hello", "{}", device, 1000);
  auto code = [&](const std::function<void(RequestSignature&)>& change) {
    RequestSignature s = good;
    change(s);
    return code_of(verify_request("POST", "/v1/hello", "{}", s, device.sign_public));
  };
  CHECK(code([](RequestSignature&) {}) == "ok");
  for (const char* t : {"", "+1000", "01000", "-0", " 1000", "1000 ", "1e3", "10.0", "abc",
                        "99999999999999999999"})
    CHECK(code([&](RequestSignature& s) { s.time_ms = t; }) == "request.bad_header");
  CHECK(code([](RequestSignature& s) { s.device_hex = "abc"; }) == "request.bad_header");
  CHECK(code([](RequestSignature& s) {
          for (char& c : s.device_hex) c = static_cast<char>(std::toupper(c));
          s.device_hex[0] = 'A';
        }) == "request.bad_header");
  CHECK(code([](RequestSignature& s) { s.signature_b64.pop_back(); }) == "request.bad_header");
  CHECK(code([](RequestSignature& s) { s.signature_b64 += "A"; }) == "request.bad_header");
  CHECK(code([](RequestSignature& s) { s.signature_b64[5] = '+'; }) == "request.bad_header");
  CHECK(code([](RequestSignature& s) { s.signature_b64 = ""; }) == "request.bad_header");
}

// ---------------------------------------------------------------- totality

TEST_CASE("damaged messages of every kind are refused or read, never crash") {
  const DeviceIdentity device = DeviceIdentity::generate();
  const HubKeys hub = HubKeys::generate(7);
  HelloReply reply;
  reply.hub_high_water = 3;
  reply.missing = {{5, 9}};
  const std::vector<std::string> samples = {
      to_json_text(Hello{device.device_id, 7, 1, 2}), to_json_text(reply),
      to_json_text(sample_push()), sign_ack(sample_ack(device), hub)};
  std::mt19937 rng(12345);  // a failing seed replays
  for (const std::string& sample : samples) {
    for (std::size_t cut = 0; cut <= sample.size(); cut += 1 + sample.size() / 200) {
      const std::string_view prefix(sample.data(), cut);
      (void)parse_hello(prefix);
      (void)parse_hello_reply(prefix);
      (void)parse_push(prefix);
      (void)verify_ack(prefix, hub.sign_public, device.device_id);
    }
    for (int round = 0; round < 300; ++round) {
      std::string m = sample;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = rng() % m.size();
        switch (rng() % 3) {
          case 0: m[at] = static_cast<char>(rng()); break;
          case 1: m.erase(at, 1 + rng() % 8); break;
          default: m.insert(at, 1, "[]{}\",:0-9e"[rng() % 11]); break;
        }
        if (m.empty()) m = "{";
      }
      (void)parse_hello(m);
      (void)parse_hello_reply(m);
      (void)parse_push(m);
      auto ack = verify_ack(m, hub.sign_public, device.device_id);
      // Whatever verifies must be exactly what the hub signed.
      if (ack) CHECK(*ack == verify_ack(sample, hub.sign_public, device.device_id).value());
    }
  }
}

// ---------------------------------------------------------------- fuzz seeds

TEST_CASE("the fuzz seeds for the sync messages are still valid messages") {
  // tests/fuzz/corpus/README.md: fixed keys, so a fuzzer gets past the signature checks.
  const std::string corpus = std::string(SICHTBAR_FIXTURE_DIR) + "/../fuzz/corpus/";
  std::array<std::uint8_t, 32> seed{}, hub_public{}, device_public{};
  std::array<std::uint8_t, 64> secret{};
  seed.fill(0x02);
  crypto_sign_seed_keypair(hub_public.data(), secret.data(), seed.data());
  seed.fill(0x01);
  crypto_sign_seed_keypair(device_public.data(), secret.data(), seed.data());
  const auto device_id = id_of(0x11);

  auto hello = parse_hello(test::read_file(corpus + "hello/valid.json"));
  REQUIRE(hello);
  CHECK(hello->device_id == device_id);
  CHECK(parse_hello_reply(test::read_file(corpus + "hello_reply/valid.json")));
  const std::string push_text = test::read_file(corpus + "push/valid.json");
  auto push = parse_push(push_text);
  REQUIRE(push);
  REQUIRE(push->items.size() == 2);
  for (const PushItem& item : push->items)
    CHECK(verify_envelope(item.envelope, device_public));
  auto ack = verify_ack(test::read_file(corpus + "ack/valid.json"), hub_public, device_id);
  REQUIRE(ack);
  CHECK(ack->batch_id == to_hex(sha256(as_bytes(push_text))));
  CHECK(ack->items.size() == 5);
}
