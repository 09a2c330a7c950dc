// The whole kiosk end to end: the real `sichtbar-kiosk ui --windowed` under Xvfb, set up to
// seal to a hub's key, driven by synthetic touches and typing through one person's profile
// (consent, name, year of birth, a country from the picker, a German level, review, finish).
// The QR code is decoded from the final screenshot with ZXing, and the one sealed envelope in
// the outbox opens with the hub's key to exactly what was typed and chosen.
#define ZX_USE_UTF8 1  // Result::text() as UTF-8 std::string (ZXing 1.4 transition)
#include <ZXing/ReadBarcode.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/outbox.h"
#include "domain/record.h"
#include "core/store.h"
#include "hub/key_file.h"
#include "kiosk_under_xvfb.h"
#include "protocol/envelope.h"

namespace fs = std::filesystem;
using namespace sichtbar;
using namespace sichtbar::test;

TEST_CASE("a person fills a whole profile by touch and takes home a QR code of their link") {
  KioskUnderXvfb kiosk("de,ar,ps,ti");
  const fs::path review = kiosk.tmp / "review.png", qr = kiosk.tmp / "qr.png";
  // Positions are fractions of the 1280x800 window (see the screenshots of the German screens).
  const std::string next = "tap 0.855 0.9375\n";
  const std::string script =
      "wait 200\n"
      "tap 0.176 0.165\n"           // Deutsch
      + next + next + next + next + next +  // the consent's steps, read
      "tap 0.5 0.685\n"             // keep my profile (required)
      "tap 0.5 0.756\n"             // the office may contact me
      + next +                      // I agree -> about you
      "tap 0.5 0.241\n"             // the name field
      "text Zaphira Quellenberg\n"  // typed on a keyboard
      "tap 0.115 0.323\n"           // year of birth (moved up with the keyboard): digits
      "text 1990\n" +
      next +                        // languages
      "tap 0.145 0.9375\n"          // back to about you, scrolled to the top again
      "tap 0.5 0.528\n"             // the country picker's search field
      "text Syri\n"
      "tap 0.5 0.316\n"             // its first match, under the question scrolled to the top
      + next +                      // languages
      "tap 0.5 0.70\n"              // German level B1
      + next + next + next + next + next +  // education, work, skills, wishes -> review
      "screenshot " + review.string() + "\n" + next +  // finish
      "wait 300\n"
      "screenshot " + qr.string() + "\n"
      "quit\n";
  const RunResult run = kiosk.run_ui(script);

  // The QR code on screen, read by a real decoder from the screenshot.
  REQUIRE(fs::exists(qr));
  const Png png = read_png(qr);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  const auto decoded = ZXing::ReadBarcode(
      ZXing::ImageView(png.rgb.data(), static_cast<int>(png.width), static_cast<int>(png.height),
                       ZXing::ImageFormat::RGB),
      hints);
  REQUIRE(decoded.isValid());
  const std::string link = decoded.text();
  CHECK(link.starts_with("http://127.0.0.1:8470/p/"));

  // One sealed envelope, which the hub's key opens to what the person entered.
  auto store = KioskStore::open(kiosk.data);
  REQUIRE(store);
  auto waiting = Outbox(*store).waiting(1000);
  REQUIRE(waiting);
  REQUIRE(waiting->size() == 1);
  auto keys = hub::read_hub_key_file(kiosk.hub_dir / "hub-secret.key", kHubPassphrase);
  REQUIRE(keys);
  auto device = store->device_identity();
  REQUIRE(device);
  REQUIRE(device->has_value());
  REQUIRE(verify_envelope((*waiting)[0].envelope, (*device)->sign_public));
  auto plaintext = open_envelope((*waiting)[0].envelope, *keys);
  REQUIRE(plaintext);
  auto record =
      record_from_json(nlohmann::json::parse(std::string(plaintext->begin(), plaintext->end())));
  REQUIRE(record);
  INFO(record->answers.dump());
  CHECK(record->answers["about"]["name"] == "Zaphira Quellenberg");
  CHECK(record->answers["about"]["year_of_birth"] == 1990);
  CHECK(record->answers["about"]["country_of_origin"] == "SY");
  CHECK(record->answers["languages"]["german_level"] == "B1");
  CHECK(record->consent.purposes == std::map<std::string, bool>{
                                        {"keep_profile", true}, {"contact", true}, {"employers", false}});
  CHECK(record->consent.language == "de");
  CHECK(record->locale == "de");
  // The link opens the page in the language the person used at the kiosk.
  CHECK(link == "http://127.0.0.1:8470/p/" + record->profile_token + "?lang=" + record->locale);
  // Nothing of the person in what the kiosk printed (its log).
  for (const std::string& marker : {std::string("Quellenberg"), record->profile_token}) {
    CHECK(run.out.find(marker) == std::string::npos);
    CHECK(run.err.find(marker) == std::string::npos);
  }
}

TEST_CASE("a script that taps at a target not on the screen ends the kiosk and names its line") {
  // A layout change that takes a scripted tap's target away must fail the run with the reason,
  // not leave the kiosk waiting for input no one gives (the test would hang until a timeout).
  KioskUnderXvfb kiosk;
  const auto r = kiosk.run_ui_as_it_ends("wait 200\ntap-on ##no_such_button\nquit\n");
  INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("Line 2: nothing called \"##no_such_button\" is on the screen to tap") !=
        std::string::npos);
}
