// The keys of a profile, their comparison and the duplicate index; see person_match.h.
#include "domain/person_match.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <unordered_set>

#include "domain/fold.h"
#include "domain/unicode_util.h"

namespace sichtbar {
namespace {

constexpr std::size_t kMaxTokens = 8;     // of one name; more is not a name
constexpr std::size_t kMaxSkeleton = 40;  // letters of one token's skeleton
constexpr std::size_t kMaxEmail = 254;
constexpr std::size_t kMaxPhoneInput = 64;

const script::Folder& folder() {
  static const script::Folder f;
  return f;
}

// Written between letters, or marks that romanisations write or leave out (O'Brien, Ol'ga for
// Ольга, Ma'mun): dropped rather than read as a word break. ة (ta marbuta) is read as the ه it
// sounds like at a name's end, so فاطمة meets Fatima(h). The Arabic article written onto a word
// (الخطيب) becomes a word of its own, as in Al-Khatib.
std::string without_name_marks(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kMarks{{
      {"'", ""},
      {"`", ""},
      {"\u2019", ""},  // right single quotation mark
      {"\u02BC", ""},  // modifier letter apostrophe (Ukrainian)
      {"\u02B9", ""},  // modifier letter prime
      {"\u044C", ""},  // ь
      {"\u042C", ""},  // Ь
      {"\u044A", ""},  // ъ
      {"\u042A", ""},  // Ъ
      {"\u0629", "\u0647"},  // ة -> ه
      // Sorani letters ICU does not romanise: their Persian neighbours.
      {"\u06CE", "\u06CC"},  // ێ -> ی
      {"\u06C6", "\u0648"},  // ۆ -> و
      {"\u06B5", "\u0644"},  // ڵ -> ل
      {"\u06D5", ""},  // ە, the vowel e
      // ذ is z in Persian, Dari and Pashto names (ذبیح الله, Zabihullah), as ICU's dh is not.
      {"\u0630", "\u0632"},
      {"\u0695", "\u0631"},  // ڕ -> ر
  }};
  static constexpr std::string_view kArticle = "\u0627\u0644";
  static constexpr std::string_view kAllah = "\u0627\u0644\u0644\u0647";  // not an article
  // ICU writes ه and ح as h after the letter before them: s+h would read as sh (سهراب, Sohrab;
  // زهرا, Zahra). A hamza between keeps them apart (ICU writes it ʾ, which name_keys drops).
  static constexpr std::string_view kHamza = "\u0621";
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size();) {
    const bool word_start = i == 0 || name[i - 1] == ' ';
    if (word_start && name.compare(i, kArticle.size(), kArticle) == 0 &&
        name.size() > i + kArticle.size() + 2 && name[i + kArticle.size()] != ' ' &&
        name.compare(i, kAllah.size(), kAllah) != 0) {
      out += kArticle;
      out.push_back(' ');
      i += kArticle.size();
      continue;
    }
    if ((name.compare(i, 2, "\u0647") == 0 || name.compare(i, 2, "\u062D") == 0) &&
        out.size() >= 2) {
      const auto lead = static_cast<unsigned char>(out[out.size() - 2]);
      if (lead >= 0xD8 && lead <= 0xDB) out += kHamza;  // an Arabic-script letter before
    }
    bool replaced = false;
    for (const auto& [from, to] : kMarks) {
      if (name.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(name[i++]);
  }
  return out;
}

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'j';
}

// Particles that one spelling writes as a word and another leaves out or joins (al-Hassan,
// Ahmed bin Ali, ud-Din): left out.
bool is_particle(std::string_view t) {
  static constexpr std::array<std::string_view, 16> kParticles{
      "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "ur", "bin", "ibn", "ben", "bint"};
  return std::find(kParticles.begin(), kParticles.end(), t) != kParticles.end();
}

// Words that make one name with the word after them (Abd al-Rahman, Abdul Rahman, Abdurrahman;
// Abu Bakr, Abubakar).
bool joins_next(std::string_view t) {
  // "bd" and "abw" are عبد and أبو as ICU writes them (without the ayn and hamza).
  static constexpr std::array<std::string_view, 13> kJoining{
      "abd", "abdul", "abdel", "abdal", "abdol", "abdoul", "abu", "abou", "abo", "abdu", "bd", "abw", "bw"};
  return std::find(kJoining.begin(), kJoining.end(), t) != kJoining.end();
}

// A word without the hamza and ayn marks name_keys keeps in it.
std::string plain(std::string word) {
  std::erase(word, '\'');
  return word;
}

bool joins_previous(std::string_view t) {
  static constexpr std::array<std::string_view, 7> kAllah{"allah", "allh", "ullah", "ulla",
                                                          "alla", "ullo", "ulloh"};
  return std::find(kAllah.begin(), kAllah.end(), t) != kAllah.end();
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// The consonant skeleton of one folded ASCII token (see person_match.h).
std::string skeleton(std::string t) {
  // French ou for w at a name's start (Oualid, Walid).
  if (t.size() > 2 && t.starts_with("ou") && is_vowel(t[2])) t.replace(0, 2, "w");
  // Spellings of one sound, longest first: German, English, French and ICU's romanisations.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kSounds{{
      {"tsch", "c"}, {"dsch", "j"}, {"ts", "s"}, {"sch", "s"}, {"dzh", "j"}, {"dj", "j"}, {"zh", "s"},
      {"kh", "h"}, {"gh", "g"}, {"ch", "h"}, {"sh", "s"}, {"ph", "f"}, {"th", "t"}, {"dh", "d"},
      {"ck", "k"}}};
  for (const auto& [from, to] : kSounds) replace_all(t, from, to);
  std::string classes;  // one letter per sound; vowels as 'a'
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    // A hamza or ayn counts only at the start, where it stands for the vowel after it.
    if (c == '\'' && i > 0) continue;
    if (is_vowel(c) || c == '\'') {
      classes.push_back('a');
    } else {
      switch (c) {
        // After the first letter, the Ukrainian h is the Russian g (Serhii/Sergej, Oleh/Oleg,
        // Yevhen/Evgeny) and ICU writes г as g; a leading g stays (Goytom is not Haitham).
        case 'g': classes.push_back(classes.empty() ? 'g' : 'h'); break;
        case 'q':
        case 'c': classes.push_back('k'); break;
        case 'z': classes.push_back('s'); break;
        case 'w': classes.push_back('v'); break;
        default: classes.push_back(c);
      }
    }
  }
  // A name that starts with a vowel keeps that (Omid is not Majed, Olena not Lena); which vowel
  // does not count (Omar/Umar, Ibrahim/Ebrahim, Yusuf/Jusuf).
  std::string out = !classes.empty() && classes[0] == 'a' ? "a" : "";
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const char c = classes[i];
    if (c == 'a') continue;
    // v and w are written or left out after the first letter, as a vowel or a semivowel
    // (Dawud/Daoud, Pavlo/Pavel, Yevhen/Evgeny) or the long vowel Arabic script writes with و
    // (خوري, Khoury): only a leading one counts (Walid, Volodymyr).
    if (c == 'v' && i > 0) continue;
    if (!out.empty() && out.back() == c) continue;  // Mohammed/Mohamed
    out.push_back(c);
  }
  // An h that ends the name is written or not (Fatima/Fatimah, Abdulla/Abdullah, Oleh/Oleg,
  // فاطمة); one before a vowel stays (Olha, Yahya, Hawa, Sarah is not Sergej).
  if (!classes.empty() && classes.back() == 'h' && !out.empty() && out.back() == 'h')
    out.pop_back();
  if (!out.empty() && out.back() == 'd') out.back() = 't';  // Ahmed/Ahmet, Mehmet
  if (!out.empty() && out.back() == 'b') out.back() = 'p';  // Rajab/Recep
  // The article after Abd (Abdulrahman, Abd al-Rahman, Abderrahmane).
  if (out.size() > 4 && out.compare(0, 4, "abdl") == 0) out.erase(3, 1);
  // The h of a name before Allah is written or not (Zabihullah, Zabiullah).
  const std::string bare = plain(t);
  if (out.size() > 3 && out.ends_with("hl") &&
      (bare.ends_with("ullah") || bare.ends_with("ulla") || bare.ends_with("allah") ||
       bare.ends_with("allh") || bare.ends_with("alla")))
    out.erase(out.size() - 2, 1);
  if (out.empty()) out = "a";  // a name of h and vowels only (Hawa)
  if (out.size() > kMaxSkeleton) out.resize(kMaxSkeleton);
  return out;
}

bool lone_c(const std::string& t, std::size_t i) {
  return t[i] == 'c' && (i + 1 == t.size() || (t[i + 1] != 'h' && t[i + 1] != 'k'));
}

// A token's skeletons: one, or up to six where letters have more than one reading. Each rule
// adds its reading of every reading so far, as long as there is room.
std::vector<std::string> skeletons(const std::string& token) {
  constexpr std::size_t kMaxReadings = 6;
  std::vector<std::string> readings{token};
  const auto add_readings = [&](auto&& read) {
    const std::size_t n = readings.size();
    for (std::size_t i = 0; i < n && readings.size() < kMaxReadings; ++i) {
      std::string r = read(readings[i]);
      if (std::find(readings.begin(), readings.end(), r) == readings.end())
        readings.push_back(std::move(r));
    }
  };
  bool has_c = false;
  for (std::size_t i = 0; i < token.size(); ++i) has_c |= lone_c(token, i);
  if (token.find('x') != std::string::npos || has_c) {
    // Somali: x is h (Maxamed, Xasan), c the ayn other spellings leave out (Cali, Jaamac).
    add_readings([](const std::string& t) {
      std::string out;
      for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i] == 'x')
          out.push_back('h');
        else if (!lone_c(t, i) || (i > 0 && !is_vowel(t[i - 1])))
          out.push_back(t[i]);  // the ayn starts a name or follows a vowel
      return out;
    });
  }
  if (has_c) {
    add_readings([](std::string t) {  // Turkish: c is j (Cemal, Hatice)
      for (std::size_t i = 0; i < t.size(); ++i)
        if (lone_c(t, i)) t[i] = 'j';
      return t;
    });
  }
  if (has_c) {
    add_readings([](std::string t) {  // ц as ICU writes it (Кузнецов, Kuznetsov); French Nacer
      for (std::size_t i = 1; i < t.size(); ++i)  // never a leading c: that is Somali or Turkish
        if (lone_c(t, i)) t[i] = 's';
      return t;
    });
  }
  if (token.find("ch") != std::string::npos && token.find("sch") == std::string::npos) {
    // English ch for the Ukrainian ч (Shevchenko) where German writes tsch and ICU c; the
    // skeleton reads ch as the German ch of Chalid and Michail.
    add_readings([](std::string t) {
      replace_all(t, "ch", "c");
      return t;
    });
    add_readings([](std::string t) {  // French ch (Darwich, Hachemi)
      replace_all(t, "ch", "sh");
      return t;
    });
  }
  if (token.find("th") != std::string::npos) {
    add_readings([](std::string t) {  // ث: Othman, and Osman as Turkish and Persian say it
      replace_all(t, "th", "s");
      return t;
    });
  }
  if (token.size() >= 6 && (token.starts_with("al") || token.starts_with("el"))) {
    // The article written onto the name (Alhassan, Elkhatib) against Al-Hassan and Hassan.
    add_readings([](const std::string& t) { return t.substr(2); });
  }
  for (std::string& r : readings) replace_all(r, "x", "ks");
  std::vector<std::string> out;
  for (const std::string& r : readings) {
    std::string s = skeleton(r);
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::vector<std::string>> name_keys(std::string_view name) {
  if (!script::detail::is_well_formed_utf8(name)) return {};
  const std::string folded = folder().fold(without_name_marks(name)).ascii;
  std::vector<std::string> tokens;
  std::string word;
  const auto flush = [&] {
    while (!word.empty() && word.back() == '\'') word.pop_back();
    if (!word.empty() && !is_particle(plain(word))) tokens.push_back(word);
    word.clear();
  };
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    if (c >= 'a' && c <= 'z') {
      word.push_back(c);
    } else if (c == ' ') {
      flush();
    } else if (folded.compare(i, 2, "\u02BE") == 0 || folded.compare(i, 2, "\u02BF") == 0) {
      word.push_back('\'');  // hamza, ayn: no sound of their own, but they part sh into s, h
      ++i;
    }
    // Digits and what else ICU left outside ASCII (the Ge'ez schwa ǝ) are dropped.
  }
  flush();
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> joined;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string token = tokens[i];
    if (joins_next(plain(token)) && i + 1 < tokens.size()) token += tokens[++i];
    // Allah after a name makes one name with it (Zabih Ullah, ذبیح الله, Zabihullah).
    if (!joined.empty() && joins_previous(plain(token)))
      joined.back() += token;
    else
      joined.push_back(std::move(token));
  }
  for (std::size_t i = 0; i < joined.size() && out.size() < kMaxTokens; ++i)
    out.push_back(skeletons(joined[i]));
  return out;
}

std::string phone_key(std::string_view phone) {
  if (phone.empty() || phone.size() > kMaxPhoneInput) return {};
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(std::string(phone), "DE", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
    return {};
  if (!util.IsValidNumber(number)) return {};
  std::string out;
  util.Format(number, PhoneNumberUtil::E164, &out);
  return out;
}

std::string email_key(std::string_view email) {
  while (!email.empty() && (email.front() == ' ' || email.front() == '\t')) email.remove_prefix(1);
  while (!email.empty() && (email.back() == ' ' || email.back() == '\t' || email.back() == '\n' ||
                            email.back() == '\r'))
    email.remove_suffix(1);
  if (email.empty() || email.size() > kMaxEmail) return {};
  if (!script::detail::is_well_formed_utf8(email)) return {};
  const auto at = email.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == email.size()) return {};
  std::string out;
  for (const char ch : email) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f) return {};
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : ch);
  }
  return out;
}

bool valid_year(int y) { return y >= 1900 && y <= 2100; }

// Two tokens are one name when a skeleton of each agrees.
bool same_token(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const std::string& x : a)
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  return false;
}

}  // namespace

PersonKeys person_keys(std::string_view name, std::optional<int> year_of_birth,
                       std::string_view phone, std::string_view email) {
  PersonKeys keys;
  keys.name = name_keys(name);
  if (year_of_birth && valid_year(*year_of_birth)) keys.year = year_of_birth;
  keys.phone = phone_key(phone);
  keys.email = email_key(email);
  return keys;
}

std::string encode(const PersonKeys& keys) {
  std::string out = "1;";
  for (std::size_t i = 0; i < keys.name.size(); ++i) {
    if (i > 0) out.push_back(' ');
    for (std::size_t j = 0; j < keys.name[i].size(); ++j) {
      if (j > 0) out.push_back('/');
      out += keys.name[i][j];
    }
  }
  out.push_back(';');
  if (keys.year) out += std::to_string(*keys.year);
  out.push_back(';');
  out += keys.phone;
  out.push_back(';');
  out += keys.email;  // last: an address may hold ';'
  return out;
}

std::optional<PersonKeys> decode(std::string_view text) {
  if (!text.starts_with("1;")) return std::nullopt;
  text.remove_prefix(2);
  std::array<std::string_view, 3> fields;
  for (std::string_view& field : fields) {
    const auto end = text.find(';');
    if (end == std::string_view::npos) return std::nullopt;
    field = text.substr(0, end);
    text.remove_prefix(end + 1);
  }
  PersonKeys keys;
  if (!fields[0].empty()) {
    std::string_view rest = fields[0];
    while (true) {
      const auto space = rest.find(' ');
      const std::string_view token = rest.substr(0, space);
      std::vector<std::string> readings;
      std::size_t start = 0;
      while (true) {
        const auto slash = token.find('/', start);
        const std::string_view s = token.substr(start, slash - start);
        if (s.empty() || s.size() > kMaxSkeleton ||
            !std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
          return std::nullopt;
        readings.emplace_back(s);
        if (readings.size() > 6) return std::nullopt;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
      }
      keys.name.push_back(std::move(readings));
      if (keys.name.size() > kMaxTokens) return std::nullopt;
      if (space == std::string_view::npos) break;
      rest.remove_prefix(space + 1);
    }
  }
  if (!fields[1].empty()) {
    int y = 0;
    const auto [end, ec] = std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), y);
    if (ec != std::errc{} || end != fields[1].data() + fields[1].size() || fields[1].size() != 4 ||
        !valid_year(y))
      return std::nullopt;
    keys.year = y;
  }
  const std::string_view phone = fields[2];
  if (!phone.empty()) {
    if (phone.size() < 3 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0' ||
        !std::all_of(phone.begin() + 1, phone.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    keys.phone = phone;
  }
  if (!text.empty()) {
    // What email_key() writes, and only that.
    if (email_key(text) != text) return std::nullopt;
    keys.email = text;
  }
  return keys;
}

MatchScore match(const PersonKeys& a, const PersonKeys& b) {
  MatchScore s;
  const auto& shorter = a.name.size() <= b.name.size() ? a.name : b.name;
  const auto& longer = a.name.size() <= b.name.size() ? b.name : a.name;
  std::size_t matched = 0;
  std::vector<bool> used(longer.size(), false);
  for (const auto& token : shorter) {
    for (std::size_t j = 0; j < longer.size(); ++j) {
      if (!used[j] && same_token(token, longer[j])) {
        used[j] = true;
        ++matched;
        break;
      }
    }
  }
  s.name = matched > 0 && matched == shorter.size() &&
           (matched >= 2 || (shorter.size() == 1 && longer.size() == 1));
  s.year = a.year && b.year && *a.year == *b.year;
  s.phone = !a.phone.empty() && a.phone == b.phone;
  s.email = !a.email.empty() && a.email == b.email;
  if (matched == 0) return s;
  // In hundredths, so that the threshold is exact.
  int points = s.name ? 50
                      : static_cast<int>(40 * matched / std::max<std::size_t>(longer.size(), 1));
  if (a.year && b.year) {
    const int apart = std::abs(*a.year - *b.year);
    points += apart == 0 ? 20 : apart == 1 ? 10 : -30;
  }
  if (s.phone) points += 25;
  if (s.email) points += 30;
  s.score = std::clamp(points, 0, 100) / 100.0;
  return s;
}

bool is_suggestion(const MatchScore& s) { return s.score >= kSuggestAt - 1e-9; }

// The blocks a profile is filed under: every pair of its name tokens' skeletons (the name rule
// needs two tokens in common; a one-token name is its own block), its phone, its e-mail.
std::vector<std::string> MatchIndex::blocks_of(const PersonKeys& keys) const {
  std::vector<std::string> out;
  const auto& n = keys.name;
  if (n.size() == 1) {
    for (const std::string& s : n[0]) out.push_back("n:" + s);
  }
  for (std::size_t i = 0; i < n.size(); ++i)
    for (std::size_t j = i + 1; j < n.size(); ++j)
      for (const std::string& x : n[i])
        for (const std::string& y : n[j])
          out.push_back("n:" + std::min(x, y) + ' ' + std::max(x, y));
  if (!keys.phone.empty()) out.push_back("p:" + keys.phone);
  if (!keys.email.empty()) out.push_back("e:" + keys.email);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void MatchIndex::add(std::uint64_t id, PersonKeys keys) {
  remove(id);
  for (std::string& block : blocks_of(keys)) blocks_[std::move(block)].push_back(id);
  entries_.emplace(id, std::move(keys));
}

void MatchIndex::remove(std::uint64_t id) {
  const auto it = entries_.find(id);
  if (it == entries_.end()) return;
  for (const std::string& block : blocks_of(it->second)) {
    const auto b = blocks_.find(block);
    if (b == blocks_.end()) continue;
    std::erase(b->second, id);
    if (b->second.empty()) blocks_.erase(b);
  }
  entries_.erase(it);
}

bool MatchIndex::different(std::uint64_t a, std::uint64_t b) const {
  return different_.contains(a < b ? Pair{a, b} : Pair{b, a});
}

// Calls visit(other id, its keys) once for every other profile sharing a block with keys.
template <class Visit>
void MatchIndex::candidates(std::uint64_t id, const PersonKeys& keys, Visit&& visit) const {
  std::vector<std::uint64_t> ids;
  for (const std::string& block : blocks_of(keys)) {
    const auto b = blocks_.find(block);
    if (b != blocks_.end()) ids.insert(ids.end(), b->second.begin(), b->second.end());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const std::uint64_t other : ids) {
    if (other == id) continue;
    visit(other, entries_.at(other));
  }
}

namespace {
void best_first(std::vector<Suggestion>& out, std::size_t limit) {
  const auto better = [](const Suggestion& x, const Suggestion& y) {
    if (x.score.score != y.score.score) return x.score.score > y.score.score;
    return std::pair(x.id_a, x.id_b) < std::pair(y.id_a, y.id_b);
  };
  if (out.size() > limit) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(),
                      better);
    out.resize(limit);
  } else {
    std::sort(out.begin(), out.end(), better);
  }
}
}  // namespace

std::vector<Suggestion> MatchIndex::suggestions_for(std::uint64_t id, std::size_t limit) const {
  std::vector<Suggestion> out;
  const auto it = entries_.find(id);
  if (it == entries_.end()) return out;
  candidates(id, it->second, [&](std::uint64_t other, const PersonKeys& keys) {
    if (different(id, other)) return;
    const MatchScore s = match(it->second, keys);
    if (is_suggestion(s)) out.push_back({std::min(id, other), std::max(id, other), s});
  });
  best_first(out, limit);
  return out;
}

std::vector<Suggestion> MatchIndex::all_suggestions(std::size_t limit) const {
  std::vector<Suggestion> out;
  for (const auto& [id, keys] : entries_) {
    candidates(id, keys, [&](std::uint64_t other, const PersonKeys& other_keys) {
      if (other < id || different(id, other)) return;  // each pair once, from its smaller id
      const MatchScore s = match(keys, other_keys);
      if (is_suggestion(s)) out.push_back({id, other, s});
    });
  }
  best_first(out, limit);
  return out;
}

}  // namespace sichtbar
