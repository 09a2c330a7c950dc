// The profile pages over HTTP, against a real `sichtbar-hub serve` on loopback and real kiosks
// (`sichtbar-kiosk fill` and `sync`): the neutral page before sync and for unknown or erased
// links (byte for byte the same), the profile after sync, the headers on every page, the
// erasure with its confirmation nonce (a missing or another link's nonce is refused), the
// stylesheet and fonts, and the rate limit.
#include <catch2/catch.hpp>

#include "support/profile_pages.h"

using namespace sichtbar;
using namespace sichtbar::test;

namespace {

void check_html_page_headers(const httplib::Result& res) {
  check_page_headers(res);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
}

// A well-formed token that no kiosk ever issued.
const std::string kUnknownToken = "AAAAAAAAAAAAAAAAAAAAAA";

}  // namespace

TEST_CASE("a QR link shows the neutral page before sync and the profile after a real sync") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  const std::string link = fill_profile(kiosk, "ar", "رانيا الحسن <b>Rania</b>");
  CHECK(link.ends_with("?lang=ar"));

  auto before = get(office, path_of(link));
  CHECK(before->status == 200);
  check_html_page_headers(before);
  CHECK(before->body.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  CHECK(before->body.find("رانيا") == std::string::npos);
  // The same bytes as for a link nobody ever had: the page tells nothing.
  auto unknown = get(office, "/p/" + kUnknownToken + "?lang=ar");
  CHECK(unknown->status == before->status);
  CHECK(unknown->body == before->body);
  // An unknown language is German.
  auto odd = get(office, "/p/" + kUnknownToken + "?lang=xx");
  CHECK(odd->body == get(office, "/p/" + kUnknownToken)->body);
  CHECK(odd->body.find("<html lang=\"de\" dir=\"ltr\">") != std::string::npos);

  auto r = kiosk.run({"sync"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto after = get(office, path_of(link));
  CHECK(after->status == 200);
  check_html_page_headers(after);
  CHECK(after->body.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  CHECK(after->body.find("<bdi>رانيا الحسن &lt;b&gt;Rania&lt;/b&gt;</bdi>") != std::string::npos);
  CHECK(after->body.find(">أفغانستان<") != std::string::npos);  // AF, by ICU, in Arabic
  // Without ?lang the record's own language; with it, the language chosen.
  CHECK(get(office, "/p/" + token_of(link))->body == after->body);
  auto german = get(office, "/p/" + token_of(link) + "?lang=de");
  CHECK(german->body.find("<html lang=\"de\" dir=\"ltr\">") != std::string::npos);
  CHECK(german->body.find(">Afghanistan<") != std::string::npos);
  // Anything that is not a token is no profile link at all.
  CHECK(get(office, "/p/not!a!token")->status == 404);
}

TEST_CASE("erasure needs this link's confirmation nonce, then the link shows the neutral page") {
  Office office;
  Kiosk kiosk{office.tmp_ / "kiosk"};
  kiosk.enroll(office);
  const std::string marker = "Löschmarke-K4V9";
  const std::string link = fill_profile(kiosk, "ti", "ኣማኑኤል ተስፋይ", marker);
  const std::string other = fill_profile(kiosk, "de", "Jemand Anderes");
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  const std::string token = token_of(link), other_token = token_of(other);

  auto confirm = get(office, "/p/" + token + "/erase?lang=ti");
  CHECK(confirm->status == 200);
  check_html_page_headers(confirm);
  const std::string nonce = nonce_in(confirm->body);
  const std::string other_nonce = nonce_in(get(office, "/p/" + other_token + "/erase")->body);

  // No nonce, a made-up one, and another link's: refused, nothing erased.
  for (const httplib::Params& fields :
       {httplib::Params{{"lang", "ti"}}, httplib::Params{{"nonce", "x"}, {"lang", "ti"}},
        httplib::Params{{"nonce", other_nonce}, {"lang", "ti"}}}) {
    auto refused = post_erase(office, token, fields);
    CHECK(refused->status == 403);
    check_html_page_headers(refused);
    CHECK(refused->body.find("<html lang=\"ti\"") != std::string::npos);
  }
  CHECK(get(office, path_of(link))->body.find(marker) != std::string::npos);
  CHECK(office.records_at_hub() == 2);

  auto erased = post_erase(office, token, {{"nonce", nonce}, {"lang", "ti"}});
  CHECK(erased->status == 200);
  check_html_page_headers(erased);
  CHECK(erased->body.find("ፕሮፋይልኩም ተደምሲሱ") != std::string::npos);  // "Your profile is deleted"
  CHECK(office.records_at_hub() == 1);
  // Now the link is like any unknown one, byte for byte, and the other profile is untouched.
  CHECK(get(office, path_of(link))->body == get(office, "/p/" + kUnknownToken + "?lang=ti")->body);
  CHECK(get(office, "/p/" + other_token)->body.find("Jemand Anderes") != std::string::npos);
  // Erased from every file of the hub's database, not just unlinked.
  CHECK(files_containing(office.database().parent_path(), marker).empty());
  // The confirmation step for an erased link is the neutral page too.
  CHECK(get(office, "/p/" + token + "/erase?lang=ti")->body ==
        get(office, "/p/" + kUnknownToken + "?lang=ti")->body);
  // A kiosk that sends the record again (a replay) does not bring it back.
  REQUIRE(kiosk.run({"sync"}).exit_code == 0);
  CHECK(office.records_at_hub() == 1);
}

TEST_CASE("the stylesheet and fonts are served by the hub, with the pages' headers") {
  Office office;
  auto css = get(office, "/assets/style.css");
  CHECK(css->status == 200);
  CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK(css->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(css->get_header_value("Content-Security-Policy").find("default-src 'none'") !=
        std::string::npos);
  for (const char* font : {"NotoSans-Regular.ttf", "NotoNaskhArabic-Bold.ttf",
                           "NotoSansEthiopic-Regular.ttf"}) {
    auto res = get(office, std::string("/assets/fonts/") + font);
    INFO(font);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "font/ttf");
    CHECK(res->body == read_file(std::string("/usr/share/fonts/truetype/noto/") + font));
  }
  auto missing = get(office, "/assets/../../../etc/passwd");
  CHECK(missing->status == 404);
  CHECK(missing->body.find("root:") == std::string::npos);
  auto none = get(office, "/assets/fonts/Other.ttf");
  CHECK(none->status == 404);
  CHECK(none->get_header_value("X-Content-Type-Options") == "nosniff");
}

TEST_CASE("too many look-ups from one address get a 429 page in the person's language") {
  Office office;
  office.stop_hub();
  office.hub_env = {"SICHTBAR_HUB_PAGE_REQUESTS_PER_MINUTE=30"};  // bursts of 10
  office.start_hub();
  int ok = 0, limited = 0;
  std::string limited_body;
  for (int i = 0; i < 15; ++i) {
    auto res = get(office, "/p/" + kUnknownToken + "?lang=fa");
    if (res->status == 200) ++ok;
    if (res->status == 429) {
      ++limited;
      limited_body = res->body;
      CHECK(res->get_header_value("Retry-After") == "60");
      check_html_page_headers(res);
    }
  }
  // 10 at once, then one every two seconds: 15 quick requests cannot all pass.
  CHECK(ok >= 10);
  CHECK(limited >= 1);
  CHECK(ok + limited == 15);
  CHECK(limited_body.find("<html lang=\"fa\" dir=\"rtl\">") != std::string::npos);
  CHECK(limited_body.find("لطفاً کمی صبر کنید") != std::string::npos);
  // The kiosks' API and the stylesheet are not limited.
  CHECK(get(office, "/assets/style.css")->status == 200);
  CHECK(get(office, "/api/v1/health")->status == 200);
}
