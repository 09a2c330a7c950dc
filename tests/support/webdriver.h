// Test support: Debian's headless Chromium driven through chromedriver's W3C WebDriver HTTP API
// (with cpp-httplib's client, as the hub's own tests speak HTTP), for the office's browser
// tests. A ChromeBrowser starts chromedriver on a free loopback port and one browser session
// with a fresh profile; it ends both when it goes away. Chromium and chromedriver must be
// installed (Debian packages chromium and chromium-driver, in deploy/sichtbar's list): without
// them the test fails and says so; it never skips.
#pragma once

#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "support/temp_dir.h"

namespace sichtbar::test {

class ChromeBrowser {
 public:
  using json = nlohmann::json;

  ChromeBrowser() {
    INFO(
        "Chromium and chromedriver are needed: apt-get install chromium chromium-driver "
        "(deploy/sichtbar does)");
    REQUIRE(std::filesystem::exists("/usr/bin/chromium"));
    REQUIRE(std::filesystem::exists("/usr/bin/chromedriver"));
    port_ = free_loopback_port();
    driver_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/bin/chromedriver", "--port=" + std::to_string(port_)});
    // It says "... started successfully" once it listens.
    for (std::string line = driver_->read_line(20000); !line.empty();
         line = driver_->read_line(20000))
      if (line.find("started successfully") != std::string::npos) break;
    http_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    http_->set_read_timeout(120, 0);
    const json caps = {
        {"capabilities",
         {{"alwaysMatch",
           {{"browserName", "chrome"},
            {"acceptInsecureCerts", true},
            {"goog:chromeOptions",
             {{"binary", "/usr/bin/chromium"},
              {"args",
               {"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile_.path().string()}},
              {"prefs",
               {{"download.default_directory", downloads().string()},
                {"download.prompt_for_download", false}}}}}}}}}};
    const json created = call("POST", "/session", caps);
    session_ = created["value"]["sessionId"].get<std::string>();
  }
  ~ChromeBrowser() {
    if (!session_.empty()) http_->Delete(("/session/" + session_).c_str());
  }
  ChromeBrowser(const ChromeBrowser&) = delete;
  ChromeBrowser& operator=(const ChromeBrowser&) = delete;

  std::filesystem::path downloads() const { return profile_.path() / "downloads"; }

  void go(const std::string& url) { session("POST", "/url", {{"url", url}}); }
  std::string url() { return session("GET", "/url")["value"].get<std::string>(); }
  std::string title() { return session("GET", "/title")["value"].get<std::string>(); }
  std::string source() { return session("GET", "/source")["value"].get<std::string>(); }

  // The first element matching a CSS selector (the test fails if there is none).
  std::string find(const std::string& css) {
    const json r = session("POST", "/element", {{"using", "css selector"}, {"value", css}});
    INFO("element " << css);
    REQUIRE(r["value"].is_object());
    return r["value"].begin().value().get<std::string>();
  }
  std::size_t count(const std::string& css) {
    return session("POST", "/elements", {{"using", "css selector"}, {"value", css}})["value"]
        .size();
  }
  void type(const std::string& element, const std::string& text) {
    session("POST", "/element/" + element + "/clear", json::object());
    session("POST", "/element/" + element + "/value", {{"text", text}});
  }
  void click(const std::string& element) {
    session("POST", "/element/" + element + "/click", json::object());
  }
  // Clicks an element that leads to another page (a link, a form's button) and waits until the
  // browser shows the new page, fully loaded: chromedriver's click may return before the
  // navigation it started has replaced the old document, on a busy machine.
  void click_to_next_page(const std::string& element) {
    execute("window.__sichtbar_old_page = true;");
    click(element);
    for (int i = 0; i < 600; ++i) {
      if (execute("return window.__sichtbar_old_page === undefined && "
                  "document.readyState === 'complete';") == true)
        return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("the click did not lead to a new page within 30 s");
  }
  std::string text(const std::string& element) {
    return session("GET", "/element/" + element + "/text")["value"].get<std::string>();
  }
  std::string attribute(const std::string& element, const std::string& name) {
    const json v = session("GET", "/element/" + element + "/attribute/" + name)["value"];
    return v.is_string() ? v.get<std::string>() : "";
  }
  // Runs a script in the page (WebDriver's own channel: the page's CSP does not apply to it).
  json execute(const std::string& script) {
    return session("POST", "/execute/sync", {{"script", script}, {"args", json::array()}})["value"];
  }
  // Runs a script that answers later: its last argument is the callback that returns the value
  // (a promise's result, e.g. axe.run's).
  json execute_async(const std::string& script) {
    return session("POST", "/execute/async", {{"script", script}, {"args", json::array()}})["value"];
  }
  // Whether an alert(), confirm() or prompt() dialog is open.
  bool alert_open() {
    auto res = http_->Get(("/session/" + session_ + "/alert/text").c_str());
    REQUIRE(res);
    return res->status == 200;
  }
  // The window's size in CSS pixels (a phone: 412 x 915).
  void resize(int width, int height) {
    session("POST", "/window/rect", {{"width", width}, {"height", height}});
  }
  // A PNG of the viewport, saved to `file`.
  void screenshot(const std::filesystem::path& file) {
    const std::string base64 = session("GET", "/screenshot")["value"].get<std::string>();
    std::string png;
    int bits = 0;
    unsigned value = 0;
    for (char c : base64) {
      const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      const char* at = std::strchr(alphabet, c);
      if (c == '=' || at == nullptr || c == '\0') continue;
      value = (value << 6) | static_cast<unsigned>(at - alphabet);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        png.push_back(static_cast<char>((value >> bits) & 0xFF));
      }
    }
    write_file(file, png);
  }
  // A cookie's value as the browser holds it ("" if none); HttpOnly ones too.
  std::string cookie(const std::string& name) {
    auto res = http_->Get(("/session/" + session_ + "/cookie/" + name).c_str());
    REQUIRE(res);
    if (res->status != 200) return "";
    return json::parse(res->body)["value"]["value"].get<std::string>();
  }

 private:
  json call(const std::string& method, const std::string& path, const json& body = nullptr) {
    httplib::Result res =
        method == "GET"
            ? http_->Get(path.c_str())
            : http_->Post(path.c_str(), body.is_null() ? "{}" : body.dump(), "application/json");
    INFO(method << " " << path);
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
  }
  json session(const std::string& method, const std::string& path, const json& body = nullptr) {
    return call(method, "/session/" + session_ + path, body);
  }

  TempDir profile_;
  int port_ = 0;
  std::unique_ptr<BackgroundProcess> driver_;
  std::unique_ptr<httplib::Client> http_;
  std::string session_;
};

// Nothing of the hostile input ran or became part of the office page the browser shows.
inline void check_nothing_ran(ChromeBrowser& browser, const std::string& page) {
  INFO("page " << page);
  CHECK_FALSE(browser.alert_open());
  CHECK(browser.execute("return window.__xss === undefined;") == true);
  // The office pages have no script, image, frame or vector graphic of their own.
  CHECK(browser.execute("return document.querySelectorAll("
                        "'script, img, svg, iframe, object, embed, style, base').length;") == 0);
  CHECK(browser.execute("return [...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                        ".some(a => a.name.startsWith('on'))).length;") == 0);
  // Every form posts to the hub itself.
  CHECK(browser.execute("return [...document.forms].every(f => new URL(f.action).origin === "
                        "location.origin);") == true);
  CHECK(browser.execute("return [...document.links].every(a => a.href.startsWith("
                        "location.origin + '/'));") == true);
}

// An office's settings as an administrator types them.
struct OfficeSettings {
  std::string name, contact, dpo, authority, retention_days;
};

// Adds an office from the administrator's offices page, reached through the navigation (the
// browser is logged in as an administrator); the browser is back on the list of offices.
inline void add_office(ChromeBrowser& browser, const OfficeSettings& office) {
  browser.click_to_next_page(browser.find("nav a[href='/office/admin/offices']"));
  browser.type(browser.find("#o-name"), office.name);
  browser.type(browser.find("#o-contact"), office.contact);
  browser.type(browser.find("#o-dpo"), office.dpo);
  browser.type(browser.find("#o-authority"), office.authority);
  browser.type(browser.find("#o-retention"), office.retention_days);
  browser.click_to_next_page(browser.find("form[action='/office/admin/offices/add'] button"));
  REQUIRE(browser.url().ends_with("/office/admin/offices"));
}

// Whether the page keeps to a phone's width (412 x 915 CSS pixels) with nothing to scroll
// sideways (tables scroll inside their box); a screenshot of it at that width, for a person to
// look at, goes to <build>/office-pages/office-<name>-phone.png. The window is as before after.
inline bool keeps_to_phone_width(ChromeBrowser& browser, const std::string& name) {
  const std::filesystem::path shots = std::filesystem::path(SICHTBAR_BUILD_DIR) / "office-pages";
  std::filesystem::create_directories(shots);
  browser.resize(412, 915);
  const bool fits = browser.execute(
                        "return document.documentElement.scrollWidth <= "
                        "document.documentElement.clientWidth;") == true;
  browser.screenshot(shots / ("office-" + name + "-phone.png"));
  browser.resize(1280, 900);
  return fits;
}

}  // namespace sichtbar::test
