// Connecting a kiosk to the office hub from the volunteer's screens (issue #18, item 7): a
// fresh kiosk with no setup, a real hub on loopback (`sichtbar-hub serve`, its code from
// `sichtbar-hub enroll --print-code`), and a volunteer who taps and types: the PIN, the hub's
// address and the code, with the text and key events the kiosk's loop feeds ImGui.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>
#include <regex>

#include "base/bytes.h"
#include "core/outbox.h"
#include "headless_kiosk.h"
#include "support/office.h"
#include "support/office_ui.h"
#include "ui/admin_enroll_screen.h"

using namespace sichtbar;
using namespace sichtbar::test_gui;
using namespace std::chrono_literals;

namespace {

const ui::TouchTarget* find_target(const std::vector<ui::TouchTarget>& targets,
                                   std::string_view id, int nth = 0) {
  for (const ui::TouchTarget& t : targets)
    if (t.id == id && !t.covered && nth-- == 0) return &t;
  return nullptr;
}

// Taps what the screen drew with that id (the nth of them), where a finger can reach it.
void tap_target(HeadlessKiosk& k, std::string_view id, int nth = 0) {
  const auto targets = k.targets();
  const ui::TouchTarget* t = find_target(targets, id, nth);
  INFO("screen " << screen_name(k.app->session().screen()) << ", target " << id);
  REQUIRE(t);
  k.tap_rect({t->visible_min, t->visible_max});
}

// Frames, as the loop draws them while the desk or a sync works, until done() (at most 30 s).
template <class Done>
void frames_until(HeadlessKiosk& k, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    k.frame();
    std::this_thread::sleep_for(10ms);
  }
  REQUIRE(done());
  k.frames(3);
}

// What the kiosk keeps about its hub and enrollment: a refused enrollment changes none of it.
std::map<std::string, std::string> hub_settings(const std::filesystem::path& data) {
  auto store = KioskStore::open(data);
  REQUIRE(store);
  std::map<std::string, std::string> out;
  for (const char* key :
       {"hub.public", "hub.url", "profile_base_url", "enrollment", "office.settings"}) {
    auto value = store->setting(key);
    REQUIRE(value);
    out[key] = value->value_or("(none)");
  }
  return out;
}

std::string print_code(test::Office& office) {
  auto r = office.hub({"enroll", "--print-code"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string code = r.out.substr(0, r.out.find_first_of("\r\n"));
  REQUIRE(code.size() == 19);
  return code;
}

// As a volunteer types a code read off the office's screen: small letters, spaces for dashes.
std::string typed_casually(std::string code) {
  for (char& c : code) c = c == '-' ? ' ' : static_cast<char>(std::tolower(c));
  return code;
}

// The volunteer taps "Connect to the office hub" under the welcome screen's notice; a fresh
// kiosk asks for its first PIN (typed twice on the keypad), then opens the menu.
void first_pin_to_menu(HeadlessKiosk& k) {
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  REQUIRE_FALSE(k.app->session().enrolled());
  tap_target(k, "##enroll");
  frames_until(k, [&] { return k.app->session().screen() == Screen::AdminSetPin; });
  k.type("2580");
  tap_target(k, "##pin", 1);
  k.type("2580");
  tap_target(k, "##nav_next");
  frames_until(k, [&] { return k.app->session().screen() == Screen::AdminHome; });
}

// From the menu: the enrollment screen, the address and the code typed.
void type_address_and_code(HeadlessKiosk& k, const std::string& address, const std::string& code) {
  if (k.app->session().screen() == Screen::AdminHome) tap_target(k, "##enroll");
  REQUIRE(k.app->session().screen() == Screen::AdminEnroll);
  // What the screen kept from before (the address it knows, a code that was refused) goes first.
  for (auto [id, field] : {std::pair{"##address", &k.app->enroll_screen().address()},
                           std::pair{"##code", &k.app->enroll_screen().code()}}) {
    tap_target(k, id);
    k.key(SDL_SCANCODE_END);
    while (!field->text().empty()) k.key(SDL_SCANCODE_BACKSPACE);
    k.type(std::string(id) == "##address" ? address : code);
  }
}
// ... then Connect (the desk's answer comes in a later frame).
void connect(HeadlessKiosk& k, const std::string& address, const std::string& code) {
  type_address_and_code(k, address, code);
  tap_target(k, "##nav_next");
}
void await_answer(HeadlessKiosk& k) {
  frames_until(k, [&] { return !k.app->desk().enrolling(); });
}

// The first event, on the event screen the enrollment screen leads to; then the menu is locked.
void set_up_event_and_lock(HeadlessKiosk& k) {
  tap_target(k, "##event");
  REQUIRE(k.app->session().screen() == Screen::AdminEvent);
  tap_target(k, "##name");
  k.type("Infoabend");
  tap_target(k, "##date");
  k.type("2026-11-28");
  tap_target(k, "##nav_next");  // Save
  frames_until(k, [&] { return k.app->session().screen() == Screen::AdminHome; });
  tap_target(k, "##nav_next");  // Lock
  REQUIRE(k.app->session().screen() == Screen::Welcome);
}

// A person fills in their name, goes through every section and gets their link.
std::string person_finishes(HeadlessKiosk& k, const std::string& name) {
  tap_target(k, "##lang_de");
  REQUIRE(k.app->session().screen() == Screen::Consent);
  k.agree(false);
  k.frames(1);
  k.tap_rect(k.field("about.name").last_rect());
  k.type(name);
  while (k.app->session().screen() == Screen::Section)
    k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);
  REQUIRE(k.app->session().screen() == Screen::Review);
  k.tap(HeadlessKiosk::next_right, HeadlessKiosk::nav_y);  // finish
  k.until_saved();
  REQUIRE(k.app->session().screen() == Screen::Qr);
  REQUIRE(k.app->session().profile_url());
  const std::string url = *k.app->session().profile_url();
  tap_target(k, "##have_link");
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  return url;
}

// The volunteer's gesture and PIN, then the menu.
void unlock_menu(HeadlessKiosk& k) {
  for (int i = 0; i < 5; ++i) k.tap(0.02f, 0.02f);
  frames_until(k, [&] { return k.app->session().screen() == Screen::AdminUnlock; });
  k.type("2580");
  tap_target(k, "##nav_next");
  frames_until(k, [&] { return k.app->session().screen() == Screen::AdminHome; });
}

std::string device_hex(HeadlessKiosk& k) {
  auto device = k.app->store().device_identity();
  REQUIRE(device);
  REQUIRE(device->has_value());
  return to_hex((*device)->device_id);
}

// A USB stick the desk finds (SICHTBAR_USB_DIR) while the test runs.
struct Stick {
  test::TempDir sticks;
  std::filesystem::path path = sticks / "stick";
  Stick() {
    std::filesystem::create_directories(path);
    ::setenv("SICHTBAR_USB_DIR", path.c_str(), 1);
  }
  ~Stick() { ::unsetenv("SICHTBAR_USB_DIR"); }
  Stick(const Stick&) = delete;
  Stick& operator=(const Stick&) = delete;
  // The office copies its key file onto it.
  void key_file_of(test::Office& office) const {
    std::filesystem::copy_file(office.tmp_ / "keys" / "hub-public.json", path / "hub-public.json");
  }
};

std::uint64_t waiting(HeadlessKiosk& k) {
  return Outbox(k.app->store()).counts()->waiting_for_sync();
}

// A connected kiosk's first event, two people's profiles waiting, then the office revokes it;
// the volunteer opens the menu.
void two_profiles_then_revoked(HeadlessKiosk& k, test::Office& office) {
  set_up_event_and_lock(k);
  person_finishes(k, "Amira Testfall");
  person_finishes(k, "Dawit Beispiel");
  REQUIRE(waiting(k) == 2);
  auto revoked = office.hub({"revoke", device_hex(k)});
  INFO(revoked.err);
  REQUIRE(revoked.exit_code == 0);
  unlock_menu(k);
}

}  // namespace

TEST_CASE(
    "a fresh kiosk is connected to the office from the volunteer's screens, and the first "
    "person's profile reaches the office and its page") {
  test::Office office;
  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  first_pin_to_menu(k);
  connect(k, office.url(), typed_casually(print_code(office)));
  // While the hub answers, the screen says it connects; the answer comes in a later frame.
  await_answer(k);
  INFO(k.app->enroll_screen().message());
  CHECK_FALSE(k.app->enroll_screen().message_is_error());
  CHECK(k.app->enroll_screen().message().find(office.url()) != std::string::npos);
  // Enrolled, with the office's settings the first sync brought: the consent can name it.
  const auto kept = hub_settings(k.tmp / "kiosk");
  CHECK(kept.at("enrollment") == "complete");
  CHECK(kept.at("hub.url") == office.url());
  CHECK(kept.at("office.settings") != "(none)");
  auto devices = office.hub({"devices"});
  CHECK(devices.out.find(device_hex(k)) != std::string::npos);

  set_up_event_and_lock(k);
  CHECK(k.app->session().enrolled());
  CHECK(k.app->session().office());
  const std::string url = person_finishes(k, "Amira Testfall");
  CHECK(waiting(k) == 1);
  unlock_menu(k);
  tap_target(k, "##sync");
  frames_until(k, [&] { return !k.app->sync().state().running; });
  const auto state = k.app->sync().state();
  REQUIRE(state.last.has_value());
  INFO((state.last->has_value() ? std::string() : state.last->error().message));
  REQUIRE(state.last->has_value());
  CHECK(office.records_at_hub() == 1);
  CHECK(waiting(k) == 0);
  // The page behind the person's QR code answers with their profile.
  const std::string path = url.substr(url.find("/p/"));
  const int port = std::stoi(office.url().substr(office.url().rfind(':') + 1));
  httplib::Client client("127.0.0.1", port);
  auto page = client.Get(path.c_str());
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("Amira Testfall") != std::string::npos);
}

TEST_CASE(
    "the enrollment screen shows this kiosk's ID as the office's Kiosks page lists it, so the "
    "office can tell which entry is this kiosk") {
  test::Office office;
  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  first_pin_to_menu(k);
  tap_target(k, "##enroll");
  REQUIRE(k.app->session().screen() == Screen::AdminEnroll);
  k.frames(1);
  // Before it connects: the volunteer reads the ID off the screen (a refused enrollment,
  // admin.enroll.known_elsewhere, leaves the screen as it is).
  const std::string shown = k.app->enroll_screen().kiosk_id();
  INFO("shown: " << shown);
  std::smatch m;
  REQUIRE(std::regex_search(shown, m, std::regex("[0-9a-f]{32}")));
  const std::string shown_hex = m.str();
  CHECK(std::regex_search(m.suffix().str(), std::regex("[0-9a-f]{32}")) == false);

  connect(k, office.url(), print_code(office));
  await_answer(k);
  INFO(k.app->enroll_screen().message());
  REQUIRE_FALSE(k.app->enroll_screen().message_is_error());
  // The office's Kiosks page lists the one kiosk it knows, with the ID the screen showed.
  test::add_office_user(office, "anna");
  test::Staff anna(office, "anna");
  const std::string page = anna.get("/office/kiosks")->body;
  const std::regex listed("<small class=\"id\">([0-9a-f]{32})</small>");
  std::vector<std::string> ids;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), listed);
       it != std::sregex_iterator(); ++it)
    ids.push_back((*it)[1].str());
  REQUIRE(ids.size() == 1);
  CHECK(ids.front() == shown_hex);
}

TEST_CASE("a wrong or mistyped code says so in the volunteer's words and changes nothing") {
  test::Office office;
  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  first_pin_to_menu(k);
  const auto before = hub_settings(k.tmp / "kiosk");
  ui::Ui& ui = k.app->ui();

  // Too short to be a code: the kiosk says so without asking the hub.
  connect(k, office.url(), "K7QX 3MPD");
  await_answer(k);
  CHECK(k.app->enroll_screen().message_is_error());
  CHECK(k.app->enroll_screen().message() == ui.tr("admin.enroll.bad_code"));

  // A code of the right form that the office never made (or one used already).
  connect(k, office.url(), "K7QX-3MPD-9TRW-2HFA");
  await_answer(k);
  CHECK(k.app->enroll_screen().message() == ui.tr("admin.enroll.code_not_valid"));
  const std::string used = print_code(office);
  {
    test::TempDir other;
    auto r = test::run({SICHTBAR_KIOSK_BIN, "enroll", "--data", (other / "kiosk").string(),
                        "--hub", office.url(), "--code", used});
    REQUIRE(r.exit_code == 0);
  }
  connect(k, office.url(), used);
  await_answer(k);
  CHECK(k.app->enroll_screen().message() == ui.tr("admin.enroll.code_not_valid"));

  // No hub at that address.
  connect(k, "http://127.0.0.1:1", print_code(office));
  await_answer(k);
  CHECK(k.app->enroll_screen().message() == ui.tr("admin.enroll.unreachable"));

  CHECK(hub_settings(k.tmp / "kiosk") == before);
  CHECK(k.app->session().screen() == Screen::AdminEnroll);
  CHECK_FALSE(k.app->session().enrolled());
  // Back in the menu and locked: still no person can start.
  tap_target(k, "##nav_back");
  tap_target(k, "##nav_next");
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  CHECK(find_target(k.targets(), "##lang_de") == nullptr);
}

TEST_CASE(
    "after the office revoked the kiosk, it is connected again from the screens and the "
    "profiles it kept arrive") {
  test::Office office;
  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  first_pin_to_menu(k);
  connect(k, office.url(), print_code(office));
  await_answer(k);
  REQUIRE_FALSE(k.app->enroll_screen().message_is_error());
  two_profiles_then_revoked(k, office);
  tap_target(k, "##sync");
  frames_until(k, [&] { return !k.app->sync().state().running; });
  REQUIRE(k.app->sync().state().last.has_value());
  CHECK_FALSE(k.app->sync().state().last->has_value());  // refused: revoked
  CHECK(office.records_at_hub() == 0);

  // Connecting again asks first, and says the two waiting profiles stay and go along.
  tap_target(k, "##enroll");
  const std::string address = std::string(k.app->enroll_screen().address().text());
  CHECK(address == office.url());  // filled in: the kiosk knows its hub
  tap_target(k, "##code");
  k.type(print_code(office));
  tap_target(k, "##nav_next");
  const auto asked = k.targets();
  REQUIRE(find_target(asked, "##again_confirm"));
  CHECK(find_target(asked, "##nav_next") == nullptr);  // under the question
  check_touch_targets(asked, k.scale, "admin_enroll: connect again?");
  CHECK_FALSE(k.app->desk().enrolling());
  tap_target(k, "##again_confirm");
  await_answer(k);
  INFO(k.app->enroll_screen().message());
  CHECK_FALSE(k.app->enroll_screen().message_is_error());
  CHECK(office.records_at_hub() == 2);
  CHECK(waiting(k) == 0);
  // The event stays: the next person can start at once.
  tap_target(k, "##nav_back");
  tap_target(k, "##nav_next");
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  CHECK(find_target(k.targets(), "##lang_de") != nullptr);
}

TEST_CASE("the enrollment screen keeps the design rules, with the keyboard up and without") {
  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  check_touch_targets(k.targets(), k.scale, "welcome, not enrolled");
  first_pin_to_menu(k);
  check_touch_targets(k.targets(), k.scale, "admin_home, not enrolled");
  tap_target(k, "##enroll");
  REQUIRE(k.app->session().screen() == Screen::AdminEnroll);
  check_touch_targets(k.targets(), k.scale, "admin_enroll");
  tap_target(k, "##code");
  check_touch_targets(k.targets(), k.scale, "admin_enroll with the keyboard");
}

TEST_CASE(
    "without a network, the request goes to the office on a USB stick and the office's answer "
    "comes back on it") {
  test::Office office;
  const Stick usb;
  const auto& stick = usb.path;
  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  first_pin_to_menu(k);
  tap_target(k, "##enroll");
  ui::Ui& ui = k.app->ui();
  // A stick without the office's key file: said so, and nothing kept.
  const auto before = hub_settings(k.tmp / "kiosk");
  tap_target(k, "##address");
  k.type(office.url());
  tap_target(k, "##code");
  const std::string code = print_code(office);
  k.type(typed_casually(code));
  tap_target(k, "##usb_request");
  await_answer(k);
  CHECK(k.app->enroll_screen().message() == ui.tr("admin.enroll.usb_no_key"));
  CHECK(hub_settings(k.tmp / "kiosk") == before);

  usb.key_file_of(office);
  tap_target(k, "##usb_request");
  await_answer(k);
  INFO(k.app->enroll_screen().message());
  REQUIRE_FALSE(k.app->enroll_screen().message_is_error());
  int requests = 0;
  for (const auto& entry : std::filesystem::directory_iterator(stick))
    requests += entry.path().extension() == ".sbe";
  CHECK(requests == 1);
  CHECK(hub_settings(k.tmp / "kiosk").at("enrollment") == "waiting");
  // Back before the office answered: not yet.
  tap_target(k, "##usb_receipt");
  await_answer(k);
  CHECK(k.app->enroll_screen().message() == ui.tr("admin.enroll.usb_no_receipt"));

  auto imported = office.hub({"import", stick.string()});
  INFO(imported.out << imported.err);
  REQUIRE(imported.exit_code == 0);
  tap_target(k, "##usb_receipt");
  await_answer(k);
  INFO(k.app->enroll_screen().message());
  CHECK_FALSE(k.app->enroll_screen().message_is_error());
  CHECK(hub_settings(k.tmp / "kiosk").at("enrollment") == "complete");
  set_up_event_and_lock(k);
  CHECK(k.app->session().enrolled());
}

// The address and a code typed, the request written to the stick (an enrolled kiosk asks
// "Connect again?" first, and the volunteer says yes), and the desk's answer.
void usb_request(HeadlessKiosk& k, const std::string& address, const std::string& code) {
  const auto setup = k.app->desk().view().setup;
  type_address_and_code(k, address, code);
  tap_target(k, "##usb_request");
  if (setup && setup->enrolled) tap_target(k, "##again_confirm");
  await_answer(k);
}

std::vector<std::filesystem::path> requests_on(const std::filesystem::path& stick) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(stick))
    if (entry.path().extension() == ".sbe") out.push_back(entry.path());
  return out;
}

// The office's answer read back from the stick on the enrollment screen.
void usb_receipt(HeadlessKiosk& k) {
  tap_target(k, "##usb_receipt");
  await_answer(k);
  INFO(k.app->enroll_screen().message());
  REQUIRE_FALSE(k.app->enroll_screen().message_is_error());
}

TEST_CASE(
    "an enrolled kiosk asks whether to connect again before it writes a request to the USB "
    "stick, as before Connect, and Cancel writes nothing") {
  test::Office office;
  const Stick usb;
  usb.key_file_of(office);
  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  first_pin_to_menu(k);
  connect(k, office.url(), print_code(office));
  await_answer(k);
  REQUIRE_FALSE(k.app->enroll_screen().message_is_error());
  set_up_event_and_lock(k);
  person_finishes(k, "Amira Testfall");
  unlock_menu(k);
  const auto before = hub_settings(k.tmp / "kiosk");

  // The volunteer taps "write the request" on the connected kiosk: the question comes first,
  // with its one primary answer; nothing is written yet.
  type_address_and_code(k, office.url(), print_code(office));
  tap_target(k, "##usb_request");
  const auto asked = k.targets();
  REQUIRE(find_target(asked, "##again_confirm"));
  CHECK(find_target(asked, "##usb_request") == nullptr);  // under the question
  check_touch_targets(asked, k.scale, "admin_enroll: connect again? before a USB request");
  k.frames(3);
  CHECK_FALSE(k.app->desk().enrolling());
  CHECK(requests_on(usb.path).empty());

  // Cancel: no request on the stick, and the kiosk stays with its office.
  tap_target(k, "##again_cancel");
  k.frames(3);
  CHECK(find_target(k.targets(), "##again_confirm") == nullptr);
  CHECK(requests_on(usb.path).empty());
  CHECK(hub_settings(k.tmp / "kiosk") == before);
  CHECK(k.app->session().enrolled());

  // Asked again and answered yes: the request is on the stick.
  tap_target(k, "##usb_request");
  tap_target(k, "##again_confirm");
  await_answer(k);
  INFO(k.app->enroll_screen().message());
  CHECK_FALSE(k.app->enroll_screen().message_is_error());
  CHECK(requests_on(usb.path).size() == 1);
  CHECK(k.app->session().enrolled());  // the same office: it waits as it was
}

TEST_CASE(
    "after the office revoked a kiosk enrolled by USB stick, it is connected again by stick "
    "from the screens and the profiles it kept arrive once") {
  test::Office office;
  const Stick usb;
  const auto& stick = usb.path;
  usb.key_file_of(office);
  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  first_pin_to_menu(k);
  usb_request(k, office.url(), print_code(office));
  REQUIRE_FALSE(k.app->enroll_screen().message_is_error());
  REQUIRE(office.hub({"import", stick.string()}).exit_code == 0);
  usb_receipt(k);
  two_profiles_then_revoked(k, office);
  // Until the office trusts it again, nothing it brings is taken.
  tap_target(k, "##usb");
  frames_until(k, [&] { return k.app->desk().view().usb.has_value(); });
  CHECK(office.hub({"import", stick.string()}).exit_code != 0);
  CHECK(office.records_at_hub() == 0);

  // The volunteer connects again by stick: a new code, the request written with the key the
  // kiosk had; the kiosk stays as it was until the office answers.
  const std::string code = print_code(office);
  usb_request(k, office.url(), code);
  INFO(k.app->enroll_screen().message());
  REQUIRE_FALSE(k.app->enroll_screen().message_is_error());
  CHECK(k.app->session().enrolled());
  // One trip to the office: the request is imported before the bundle, so the kept profiles
  // are taken at once.
  auto imported = office.hub({"import", stick.string()});
  INFO(imported.out << imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(office.records_at_hub() == 2);
  usb_receipt(k);
  CHECK(hub_settings(k.tmp / "kiosk").at("enrollment") == "complete");
  // The stick comes to the office again with the same bundle on it: nothing is taken twice.
  imported = office.hub({"import", stick.string()});
  INFO(imported.out << imported.err);
  CHECK(imported.exit_code == 0);
  CHECK(office.records_at_hub() == 2);
  // The event stays: the next person can start at once.
  tap_target(k, "##nav_back");
  tap_target(k, "##nav_next");
  REQUIRE(k.app->session().screen() == Screen::Welcome);
  CHECK(find_target(k.targets(), "##lang_de") != nullptr);
}

TEST_CASE(
    "a kiosk moves to another office by USB stick only once no profile waits for the old one") {
  test::Office old_office, new_office;
  const Stick usb;
  const auto& stick = usb.path;
  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  first_pin_to_menu(k);
  connect(k, old_office.url(), print_code(old_office));
  await_answer(k);
  REQUIRE_FALSE(k.app->enroll_screen().message_is_error());
  set_up_event_and_lock(k);
  person_finishes(k, "Amira Testfall");
  REQUIRE(waiting(k) == 1);
  const auto before = hub_settings(k.tmp / "kiosk");

  // The new office's key file on the stick, and its code: refused while the profile waits.
  usb.key_file_of(new_office);
  unlock_menu(k);
  ui::Ui& ui = k.app->ui();
  usb_request(k, new_office.url(), print_code(new_office));
  CHECK(k.app->enroll_screen().message() == ui.tr("admin.enroll.unsent_elsewhere"));
  CHECK(hub_settings(k.tmp / "kiosk") == before);
  for (const auto& entry : std::filesystem::directory_iterator(stick))
    CHECK(entry.path().extension() != ".sbe");

  // Synced with the old office: now the request is written, and the kiosk waits for the new one.
  tap_target(k, "##nav_back");
  tap_target(k, "##sync");
  frames_until(k, [&] { return !k.app->sync().state().running; });
  REQUIRE(old_office.records_at_hub() == 1);
  REQUIRE(waiting(k) == 0);
  usb_request(k, new_office.url(), print_code(new_office));
  INFO(k.app->enroll_screen().message());
  REQUIRE_FALSE(k.app->enroll_screen().message_is_error());
  CHECK(k.app->enroll_screen().message() ==
        ui.format("admin.enroll.usb_moving",
                  {{"file", "sichtbar-enroll-" + device_hex(k).substr(0, 8) + ".sbe"}}));
  CHECK_FALSE(k.app->session().enrolled());
  REQUIRE(new_office.hub({"import", stick.string()}).exit_code == 0);
  usb_receipt(k);
  CHECK(k.app->session().enrolled());
  CHECK(new_office.hub({"devices"}).out.find(device_hex(k)) != std::string::npos);
  // The next person's profile goes to the new office (by stick: it has no address for it).
  tap_target(k, "##nav_back");
  tap_target(k, "##nav_next");
  person_finishes(k, "Dawit Beispiel");
  unlock_menu(k);
  tap_target(k, "##usb");
  frames_until(k, [&] { return k.app->desk().view().usb.has_value(); });
  auto imported = new_office.hub({"import", stick.string()});
  INFO(imported.out << imported.err);
  CHECK(imported.exit_code == 0);
  CHECK(new_office.records_at_hub() == 1);
  CHECK(old_office.records_at_hub() == 1);
}

TEST_CASE(
    "on the command line, enroll --usb and import-receipt bring a revoked kiosk back as the "
    "screens do") {
  test::Office office;
  test::Kiosk kiosk{office.tmp_ / "kiosk"};
  const auto stick = office.tmp_ / "usb";
  std::filesystem::create_directories(stick);
  const auto on_stick = [&](std::string_view suffix) {
    for (const auto& e : std::filesystem::directory_iterator(stick))
      if (e.path().string().ends_with(suffix)) return e.path();
    FAIL("no file " << suffix << " on the stick");
    return std::filesystem::path();
  };
  auto r = kiosk.run({"setup", "--hub-key", (office.tmp_ / "keys" / "hub-public.json").string(),
                      "--profile-base-url", office.url(), "--event-name", "Infoabend",
                      "--event-date", "2026-11-28", "--enroll-code", office.enroll_code(),
                      "--usb", stick.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(office.hub({"import", stick.string()}).exit_code == 0);
  REQUIRE(kiosk.run({"import-receipt", on_stick(".sbe.receipt").string()}).exit_code == 0);
  kiosk.fill(2);
  std::string device;
  {
    auto store = KioskStore::open(kiosk.data);
    REQUIRE(store);
    device = to_hex((*store->device_identity())->device_id);
  }
  REQUIRE(office.hub({"revoke", device}).exit_code == 0);

  r = kiosk.run({"enroll", "--usb", stick.string(), "--code", office.enroll_code()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(kiosk.run({"export-bundle", stick.string()}).exit_code == 0);
  auto imported = office.hub({"import", stick.string()});
  INFO(imported.out << imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.out.find("was revoked and is trusted again") != std::string::npos);
  CHECK(office.records_at_hub() == 2);
  r = kiosk.run({"import-receipt", on_stick(".sbe.receipt").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("registered with the office now") != std::string::npos);
  REQUIRE(kiosk.run({"import-receipt", on_stick(".sbb.receipt").string()}).exit_code == 0);
  CHECK(kiosk.counts().waiting_for_sync() == 0);
  // The same answer read again changes nothing, and says so.
  r = kiosk.run({"import-receipt", on_stick(".sbe.receipt").string()});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("registered with the office already") != std::string::npos);
}

TEST_CASE("the screens keep drawing while a hub takes its time to answer, and Connect asks once") {
  // A hub at the end of a slow line: it takes the connection and says nothing.
  const int held = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(held >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(held, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(held, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  REQUIRE(::listen(held, 4) == 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  HeadlessKiosk k(HeadlessKiosk::Fresh{});
  first_pin_to_menu(k);
  connect(k, url, "K7QX-3MPD-9TRW-2HFA");
  REQUIRE(k.app->desk().enrolling());
  tap_target(k, "##nav_next");  // again, at once: nothing more is asked
  CHECK_FALSE(k.app->desk().enroll(url, "K7QX-3MPD-9TRW-2HFA"));
  int frames = 0;
  auto slowest = std::chrono::steady_clock::duration::zero();
  const auto until = std::chrono::steady_clock::now() + 1500ms;
  while (std::chrono::steady_clock::now() < until) {
    const auto before = std::chrono::steady_clock::now();
    k.frame();
    slowest = std::max(slowest, std::chrono::steady_clock::now() - before);
    ++frames;
    std::this_thread::sleep_for(16ms);
  }
  CHECK(k.app->desk().enrolling());  // the hub still holds the request
  CHECK(frames >= 20);
  CHECK(k.app->session().screen() == Screen::AdminEnroll);
  const double slowest_ms = std::chrono::duration<double, std::milli>(slowest).count();
  WARN("slowest frame while the hub held the enrollment: " << slowest_ms << " ms over " << frames
                                                           << " frames");
  // The line drops: the volunteer reads that the hub cannot be reached.
  ::shutdown(held, SHUT_RDWR);
  ::close(held);
  await_answer(k);
  CHECK(k.app->enroll_screen().message() == k.app->ui().tr("admin.enroll.unreachable"));
}
