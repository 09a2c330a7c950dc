// Loading the occupation labels of the languages ESCO lacks (assets/taxonomy/occupations/*.po).
#include "domain/occupation_labels.h"

#include <algorithm>
#include <system_error>

#include "domain/po_read.h"

namespace sichtbar {

namespace {

// An ESCO occupation UUID as the asset writes it: 8-4-4-4-12 lower-case hex digits.
bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = s[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// "a|b|c" split at "|"; an error text when a label is empty or holds a tab or line break (a
// search entry with nothing to find, or a broken TSV export).
Result<std::vector<std::string>> split_labels(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    const auto bar = text.find('|');
    const std::string_view label = text.substr(0, bar);
    if (label.empty()) return fail("", "an empty label (\"|\" at an end or \"||\")");
    if (label.find_first_of("\t\r\n") != std::string_view::npos)
      return fail("", "a label with a tab or line break");
    if (label.front() == ' ' || label.back() == ' ')
      return fail("", "the label \"" + std::string(label) + "\" has blanks at its ends");
    out.emplace_back(label);
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return out;
}

Error malformed(const std::filesystem::path& file, const std::string& what) {
  return Error{"occupation_labels.malformed",
               "The occupation labels file " + file.string() + " is not usable: " + what + "."};
}

using LabelMap = std::map<std::string, std::vector<std::string>, std::less<>>;

// One language's file into `draft` and `labels`.
Result<void> read_language(const std::filesystem::path& file, std::string_view lang, bool& draft,
                           LabelMap& labels) {
  std::string problem;
  po_file_t po = po::read(file, problem);
  if (!po) return std::unexpected(malformed(file, "not a valid PO file: " + problem));
  // Freed on every path out of here.
  struct Closer {
    po_file_t f;
    ~Closer() { po_file_free(f); }
  } closer{po};
  const std::string language = po::header_field(po, "Language");
  if (language != lang)
    return std::unexpected(malformed(file, "its header says \"Language: " + language +
                                               "\", the file name says \"" + std::string(lang) +
                                               "\""));
  draft = po::header_field(po, "X-Sichtbar-Draft") == "yes";
  po_message_iterator_t it = po_message_iterator(po, nullptr);
  struct IteratorCloser {
    po_message_iterator_t i;
    ~IteratorCloser() { po_message_iterator_free(i); }
  } iterator_closer{it};
  while (po_message_t m = po_next_message(it)) {
    const std::string_view id = po_message_msgid(m);
    if (id.empty() || po_message_is_obsolete(m)) continue;  // header or obsolete entry
    const char* context = po_message_msgctxt(m);
    const std::string entry = "the entry \"" + std::string(id) + "\"";
    if (!context || !is_uuid(context))
      return std::unexpected(
          malformed(file, entry + " needs the ESCO UUID (lower case) as its msgctxt"));
    const std::string_view str = po_message_msgstr(m);
    if (str.empty() || po_message_is_fuzzy(m)) continue;  // not translated yet
    auto split = split_labels(str);
    if (!split)
      return std::unexpected(
          malformed(file, entry + " (" + context + ") has " + split.error().message));
    if (!labels.emplace(context, std::move(*split)).second)
      return std::unexpected(malformed(file, "the UUID " + std::string(context) + " comes twice"));
  }
  return {};
}

}  // namespace

Result<OccupationLabels> OccupationLabels::load(const std::filesystem::path& assets_dir) {
  const auto dir = assets_dir / "taxonomy" / "occupations";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return fail("occupation_labels.missing",
                "The folder of occupation labels " + dir.string() + " is missing.");
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator item(dir, ec), end; !ec && item != end;
       item.increment(ec))
    if (item->path().extension() == ".po") files.push_back(item->path());
  if (ec)
    return fail("occupation_labels.missing", "The folder of occupation labels " + dir.string() +
                                                 " cannot be read: " + ec.message() + ".");
  std::sort(files.begin(), files.end());
  OccupationLabels out;
  for (const auto& file : files) {
    const std::string lang = file.stem().string();
    Language language;
    if (auto read = read_language(file, lang, language.draft, language.labels); !read)
      return std::unexpected(read.error());
    out.languages_.emplace(lang, std::move(language));
  }
  return out;
}

const std::vector<std::string>* OccupationLabels::find(std::string_view language,
                                                       std::string_view uuid) const {
  const auto lang = languages_.find(language);
  if (lang == languages_.end()) return nullptr;
  const auto it = lang->second.labels.find(uuid);
  return it == lang->second.labels.end() ? nullptr : &it->second;
}

std::vector<std::string> OccupationLabels::languages() const {
  std::vector<std::string> out;
  for (const auto& [lang, labels] : languages_) out.push_back(lang);
  return out;
}

bool OccupationLabels::is_draft(std::string_view language) const {
  const auto it = languages_.find(language);
  return it != languages_.end() && it->second.draft;
}

}  // namespace sichtbar
