// Person matching: the same person's profiles from two events are suggested to the office as
// possible duplicates across scripts and spellings; a family's shared phone, a common name or an
// empty name is not; the keys survive the hub's index column and garbage there is refused.
#include "domain/person_match.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

using namespace sichtbar;

namespace {

PersonKeys keys(const std::string& name, std::optional<int> year = std::nullopt,
                const std::string& phone = "", const std::string& email = "") {
  return person_keys(name, year, phone, email);
}

bool same_name(const std::string& a, const std::string& b) {
  return match(keys(a), keys(b)).name;
}

}  // namespace

TEST_CASE("one given name written in Latin spellings and Arabic script is one name") {
  for (const char* other : {"Muhammad", "Mohamed", "Mohammad", "Mehmet", "Maxamed", "محمد"})
    CHECK(same_name("Mohammed", other));
  CHECK(same_name("Mohammed Ali", "محمد علي"));
  CHECK(same_name("Abd al-Rahman Haddad", "Abdulrahman Haddad"));
  CHECK(same_name("عبدالرحمن حداد", "Abderrahmane Haddad"));
  CHECK(same_name("Fatima Khoury", "فاطمة خوري"));
  CHECK(same_name("Cali Xasan", "Ali Hassan"));  // Somali spelling
  CHECK(same_name("Hatice Yılmaz", "Khadija Yilmaz"));
  CHECK(same_name("Şêrko Barzani", "شێرکۆ بارزانی"));  // Kurmanji and Sorani
}

TEST_CASE("Cyrillic names meet their Latin and German spellings") {
  CHECK(same_name("Олександр Шевченко", "Oleksandr Shevchenko"));
  CHECK(same_name("Олександр Шевченко", "Alexander Schewtschenko"));
  CHECK(same_name("Сергій Ковальов", "Serhii Kovalov"));
  CHECK(same_name("Володимир Коваль", "Wolodymyr Kowal"));
}

TEST_CASE("Tigrinya names in Ge'ez script meet their Latin spellings") {
  CHECK(same_name("ሰላም ተስፋይ", "Selam Tesfay"));
  CHECK(same_name("ሰላም ተስፋይ", "Salam Tesfai"));
  CHECK(same_name("ዮሃንስ ገብረ", "Yohannes Ghebre"));
}

// Names of one Arabic root (Hassan and Hussein, Mohammed and Mahmoud, Omar and Amir) differ
// only in vowels, which Arabic script mostly leaves unwritten: they share a skeleton, so the
// year, the phone or the e-mail must agree as well before the office sees a suggestion.
TEST_CASE("different names stay apart") {
  CHECK_FALSE(same_name("Mohammed Ali", "Yusuf Ali"));
  CHECK_FALSE(same_name("Omar Haddad", "Karim Haddad"));
  CHECK_FALSE(same_name("Olena Koval", "Oksana Koval"));
  CHECK_FALSE(same_name("Ahmed Hassan", "Ahmed Khalil"));
  CHECK_FALSE(same_name("Selam Tesfay", "Senait Tesfay"));
  CHECK_FALSE(same_name("Ivan Petrenko", "Ivan Bondarenko"));
}

TEST_CASE("phone numbers written in different ways are one number; a foreign one stays foreign") {
  const std::string e164 = "+4915123456789";
  for (const char* written : {"0151 23456789", "+49 151 2345 6789", "0049151 23456789",
                              "01512 3456789", "+49 (0)151/23456789", "0151-234 567 89"})
    CHECK(keys("", std::nullopt, written).phone == e164);
  CHECK(keys("", std::nullopt, "+380 67 123 4567").phone == "+380671234567");
  CHECK(keys("", std::nullopt, "00963 944 123 456").phone == "+963944123456");
  for (const char* bad : {"", "12", "not a number", "0000000", "+49 151", "\xff\xfe"})
    CHECK(keys("", std::nullopt, bad).phone.empty());
}

TEST_CASE("e-mail addresses are trimmed and lower-cased; what is not one is left out") {
  CHECK(keys("", {}, "", "  Amina.Noor@Example.ORG ").email == "amina.noor@example.org");
  for (const char* bad : {"", "no at sign", "@example.org", "a b@example.org", "x@"})
    CHECK(keys("", {}, "", bad).email.empty());
}

TEST_CASE("the same name with the same year, or with a phone or an e-mail, is a suggestion") {
  const auto may = keys("Mohammed Al-Hassan", 1990, "0151 23456789");
  CHECK(is_suggestion(match(may, keys("محمد الحسن", 1990))));
  CHECK(is_suggestion(match(may, keys("Muhammad Alhassan", std::nullopt, "+49 151 23456789"))));
  CHECK(is_suggestion(
      match(keys("Olena Melnyk", {}, "", "olena@example.org"), keys("Олена Мельник", {}, "", "OLENA@example.org"))));
  const MatchScore s = match(may, keys("Mohamed Alhassan", 1990, "0049 151 23456789"));
  CHECK((s.name && s.year && s.phone && !s.email));
}

TEST_CASE("a shared phone with other given names is not a suggestion, even with one year") {
  const auto father = keys("Ahmed Haddad", 1970, "0151 23456789");
  const auto daughter = keys("Amina Haddad", 2001, "0151 23456789");
  const auto twin_a = keys("Yusuf Haddad", 2001, "0151 23456789");
  const auto twin_b = keys("Omar Haddad", 2001, "0151 23456789");
  CHECK_FALSE(is_suggestion(match(father, daughter)));
  CHECK_FALSE(is_suggestion(match(twin_a, twin_b)));
  CHECK(match(father, daughter).phone);
}

TEST_CASE("a common name with another year, or alone, is not a suggestion") {
  CHECK_FALSE(is_suggestion(match(keys("Mohammed Ali", 1985), keys("Muhammad Ali", 1992))));
  CHECK_FALSE(is_suggestion(match(keys("Mohammed Ali"), keys("Muhammad Ali"))));
  CHECK_FALSE(is_suggestion(match(keys("Mohammed Ali", 1985), keys("Muhammad Ali", 1986))));
}

TEST_CASE("an empty name never matches, whatever else agrees") {
  const auto empty = keys("", 1990, "0151 23456789", "a@example.org");
  const auto other = keys("Ahmed Haddad", 1990, "0151 23456789", "a@example.org");
  CHECK(empty.name.empty());
  CHECK(match(empty, other).score == 0);
  CHECK_FALSE(is_suggestion(match(empty, other)));
  CHECK_FALSE(is_suggestion(match(empty, empty)));
  CHECK(keys("  -- 123 ").name.empty());
}

TEST_CASE("invalid input gives empty keys, never an error") {
  const auto k = person_keys("\xc3\x28\xa0\xa1", 12345, "\xff", "\x01@x");
  CHECK(k.name.empty());
  CHECK_FALSE(k.year);
  CHECK(k.phone.empty());
  CHECK(k.email.empty());
  CHECK_NOTHROW(person_keys(std::string(100000, 'a'), -1, std::string(1000, '1'), std::string(1000, '@')));
}

TEST_CASE("keys survive the index column and come back equal") {
  for (const auto& k :
       {keys("Maxamed Cali Xasan", 1988, "0151 23456789", "M@Example.org"), keys(""),
        keys("Олександр", {}, "+380 67 123 4567"), keys("ሰላም", 2001, "", "a;b@x.de")}) {
    const auto back = decode(encode(k));
    REQUIRE(back);
    CHECK(*back == k);
  }
}

TEST_CASE("garbage in the index column is refused") {
  for (const char* bad :
       {"", "1", "2;mhmt;;;", "1;MHMT;;;", "1;mhmt;;", "1;mh mt;19x0;;", "1;mhmt;1800;;",
        "1;mhmt;;0151;", "1;mhmt;;+0151;", "1;a//b;;;", "1;a  b;;;", "1; ;;;", "1;mhmt;;;A@x.de",
        "1;mhmt;;;no-at", "1;a/b/c/d/e/f/g;;;", "1;mhmt;;; a@x.de"})
    CHECK_FALSE(decode(bad));
  std::mt19937 rng(16);
  for (int i = 0; i < 20000; ++i) {
    std::string s = "1;";
    const int n = static_cast<int>(rng() % 40);
    for (int j = 0; j < n; ++j) s.push_back(static_cast<char>(rng() % 256));
    const auto k = decode(s);
    if (k) CHECK(encode(*k) == s);  // whatever is accepted is exactly what encode writes
  }
}

TEST_CASE("the index suggests the same person and skips pairs marked different") {
  MatchIndex index;
  index.add(1, keys("Mohammed Haddad", 1990, "0151 23456789"));
  index.add(2, keys("محمد حداد", 1990));
  index.add(3, keys("Amina Haddad", 1995, "0151 23456789"));
  index.add(4, keys("Olena Melnyk", 1980));
  index.add(5, keys("Олена Мельник", 1980, "", "o@example.org"));
  const auto all = index.all_suggestions(10);
  REQUIRE(all.size() == 2);
  CHECK(((all[0].id_a == 1 && all[0].id_b == 2) || (all[0].id_a == 4 && all[0].id_b == 5)));
  const auto for2 = index.suggestions_for(2, 10);
  REQUIRE(for2.size() == 1);
  CHECK((for2[0].id_a == 1 && for2[0].id_b == 2 && for2[0].score.name && for2[0].score.year));
  CHECK(index.all_suggestions(1).size() == 1);

  index.set_marked_different({{1, 2}});
  CHECK(index.suggestions_for(2, 10).empty());
  CHECK(index.all_suggestions(10).size() == 1);

  index.remove(5);
  CHECK(index.all_suggestions(10).empty());
  index.add(5, keys("Olena Melnyk", 1980));
  CHECK(index.suggestions_for(4, 10).size() == 1);
  index.add(5, keys("Someone Else", 1980));  // the same id again replaces the entry
  CHECK(index.suggestions_for(4, 10).empty());
  CHECK(index.size() == 5);
}
