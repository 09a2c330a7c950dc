// Finding the same person across events: the keys of one profile (name, year of birth, phone,
// e-mail), how two profiles' keys compare, and an index that suggests possible duplicates to the
// office without comparing every pair. Staff decide: a suggestion is never a merge.
//
// Names arrive in many scripts and spellings (Mohammed, Muhammad, Mehmet, محمد; Олександр,
// Oleksandr, Alexander; ሰላም, Selam). Each name token is folded to ASCII (Folder, fold.h) and
// reduced to a spelling-tolerant consonant skeleton: vowels and the semivowels y, j, w dropped,
// sounds that romanisations write differently merged (kh/ch/h/g, sh/sch/s/z, q/c/k, ph/f),
// doubled letters collapsed, a final d/b written as t/p (Turkish and German spell Ahmet, Recep),
// the Arabic article after "Abd" dropped. A token can have two skeletons where one spelling has
// two readings (x is "ks" in Alexander but the Somali "h" in Maxamed; a leading c is the Somali
// ayn in Cali). A phone number alone never decides (families share one), nor does a common name
// alone (Mohammed Ali is many people): see match().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sichtbar {

struct PersonKeys {
  // One entry per name token, in the order written: its skeletons (one, or two readings),
  // each lower-case ASCII letters. Empty when the name has no letters.
  std::vector<std::vector<std::string>> name;
  std::optional<int> year;  // 1900..2100, else none
  std::string phone;        // E.164 ("+4915123456789"), empty if missing or not a valid number
  std::string email;        // trimmed, lower case; empty if it has no '@' or holds controls

  bool operator==(const PersonKeys&) const = default;
};

// The keys of one profile. Phone numbers without a country code are read as German. Never
// fails: what cannot be read gives an empty key, which matches nothing.
PersonKeys person_keys(std::string_view name, std::optional<int> year_of_birth,
                       std::string_view phone, std::string_view email);

// A compact text form for one column of the hub's search index, so listing suggestions need not
// fold every profile's name again: "1;mhmt lksndr/lhndr;1990;+4915123456789;a@b.de".
std::string encode(const PersonKeys& keys);
// nullopt for anything encode() cannot have written.
std::optional<PersonKeys> decode(std::string_view text);

// How alike two profiles are, and why: the reasons are shown to staff beside a suggestion.
struct MatchScore {
  double score = 0;
  bool name = false;   // every token of the shorter name found in the other (at least two, or
                       // both names one token)
  bool year = false;   // the same year of birth
  bool phone = false;  // the same phone number
  bool email = false;  // the same e-mail address
};

// Points: a whole name (see MatchScore::name) 0.5, a part of one 0.4 times the share of tokens
// matched; the same year 0.2, one year apart 0.1 (age asked instead of year), further apart -0.3
// (different people with one name); the phone 0.25; the e-mail 0.3; at most 1. Without a single
// name token in common the score is 0 (an empty name never matches), the reasons still filled.
// A suggestion is a score of at least kSuggestAt: a whole name with the same year, or with a phone
// or an e-mail. A phone and a surname (a family, even twins with their year) stay below it, and
// so does a name alone (a common name) or with a year one off.
inline constexpr double kSuggestAt = 0.7;
MatchScore match(const PersonKeys& a, const PersonKeys& b);
bool is_suggestion(const MatchScore& s);

struct Suggestion {
  std::uint64_t id_a = 0;  // id_a < id_b
  std::uint64_t id_b = 0;
  MatchScore score;
};

// Possible duplicates among many profiles. Profiles are compared only within a block: the same
// pair of name-token skeletons, the same phone, the same e-mail; so a profile is compared with
// the few that could match, never with all. About 500 bytes per profile, keys included
// (100,000 profiles: about 46 MiB; tests/bench/bench_person_match.cpp measures it).
class MatchIndex {
 public:
  using Pair = std::pair<std::uint64_t, std::uint64_t>;  // first < second

  // Replaces an entry with the same id.
  void add(std::uint64_t id, PersonKeys keys);
  void remove(std::uint64_t id);
  std::size_t size() const { return entries_.size(); }

  // Staff said these pairs are different people: never suggested again.
  void set_marked_different(std::set<Pair> pairs) { different_ = std::move(pairs); }

  // At most `limit` suggestions for one profile, best first (id_a < id_b in each).
  std::vector<Suggestion> suggestions_for(std::uint64_t id, std::size_t limit) const;
  // At most `limit` suggestions over all profiles, best first, each pair once.
  std::vector<Suggestion> all_suggestions(std::size_t limit) const;

 private:
  std::vector<std::string> blocks_of(const PersonKeys& keys) const;
  template <class Visit>
  void candidates(std::uint64_t id, const PersonKeys& keys, Visit&& visit) const;
  bool different(std::uint64_t a, std::uint64_t b) const;

  std::unordered_map<std::uint64_t, PersonKeys> entries_;
  std::unordered_map<std::string, std::vector<std::uint64_t>> blocks_;
  std::set<Pair> different_;
};

}  // namespace sichtbar
