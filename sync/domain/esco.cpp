// The ESCO reference data's loader; see esco.h. The format is what sync/hub/reference/esco_build
// writes: header lines starting with "#" (tab-separated key and values), then one row per
// occupation (or ISCO group), cells separated by tabs, list cells joined with "|", LF row ends.
#include "domain/esco.h"

#include <algorithm>
#include <charconv>
#include <fstream>

namespace sichtbar {
namespace {

constexpr std::string_view kOccupationColumns =
    "#columns\tid\tisco\tde\tde_forms\tde_alt\tde_hidden\ten\ten_alt\ten_hidden\tfr\tfr_forms\tfr_"
    "alt";
constexpr std::string_view kIscoColumns = "#columns\tcode\tde\ten\tfr";

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const auto at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One file's lines with their numbers, for errors that say where.
struct Lines {
  std::string_view text, name;
  std::size_t number = 0;
  std::optional<std::string_view> next() {
    if (text.empty()) return std::nullopt;
    const auto nl = text.find('\n');
    ++number;
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    return line;
  }
  std::unexpected<Error> malformed(const std::string& what) const {
    return fail(
        "reference.malformed",
        "The ESCO reference file " + std::string(name) + " is broken at line " +
            std::to_string(number) + ": " + what +
            ". Reinstall the assets folder or rebuild it with sichtbar-hub reference build.");
  }
};

// The file's bytes in one read (a 2 MB file through istreambuf_iterator takes twice as long).
std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  return bytes;
}

// N from a header line "#count<TAB>what<TAB>N" split at its tabs; nullopt when it is not one.
std::optional<std::size_t> count_line(const std::vector<std::string_view>& f,
                                      std::string_view what) {
  std::size_t n = 0;
  if (f.size() != 3 || f[1] != what ||
      std::from_chars(f[2].data(), f[2].data() + f[2].size(), n).ec != std::errc{})
    return std::nullopt;
  return n;
}

}  // namespace

Result<EscoReference> EscoReference::load(const std::filesystem::path& assets_dir) {
  const auto dir = assets_dir / "taxonomy" / "esco";
  auto occupations = read_file(dir / "occupations.tsv");
  auto isco = read_file(dir / "isco.tsv");
  for (const auto& [bytes, file] :
       {std::pair{&occupations, dir / "occupations.tsv"}, std::pair{&isco, dir / "isco.tsv"}})
    if (!*bytes)
      return fail("reference.unreadable", "The ESCO reference file " + file.string() +
                                              " is missing or cannot be read: reinstall the "
                                              "assets folder.");
  return parse(std::move(*occupations), std::move(*isco), (dir / "occupations.tsv").string(),
               (dir / "isco.tsv").string());
}

Result<EscoReference> EscoReference::parse(std::string occupations_tsv, std::string isco_tsv,
                                           std::string_view occupations_name,
                                           std::string_view isco_name) {
  EscoReference ref;
  ref.buffers_ =
      std::make_unique<Buffers>(Buffers{std::move(occupations_tsv), std::move(isco_tsv)});

  // isco.tsv first: the occupations' units are checked against it.
  {
    Lines in{ref.buffers_->isco, isco_name};
    auto first = in.next();
    if (first != std::string_view("#sichtbar-reference\tisco-08-groups\t1"))
      return in.malformed(
          "it does not start with \"#sichtbar-reference<TAB>isco-08-groups<TAB>1\"");
    bool columns = false;
    std::optional<std::size_t> count;
    while (auto line = in.next()) {
      if (line->starts_with('#')) {
        if (columns) return in.malformed("a header line after the #columns line");
        const auto f = split(*line, '\t');
        if (f[0] == "#columns") {
          if (*line != kIscoColumns) return in.malformed("the columns are not code, de, en, fr");
          columns = true;
        } else if (f[0] == "#count") {
          count = count_line(f, "groups");
          if (!count) return in.malformed("the #count line is not \"#count<TAB>groups<TAB>N\"");
        }
        continue;
      }
      if (!columns) return in.malformed("a row before the #columns line");
      const auto f = split(*line, '\t');
      if (f.size() != 4) return in.malformed("a row without exactly 4 cells");
      if (!all_digits(f[0]) || f[0].size() > 4)
        return in.malformed("a code that is not 1-4 digits");
      if (!ref.groups_.empty() && !(ref.groups_.back().code < f[0]))
        return in.malformed("the codes are not sorted or repeat");
      if (f[1].empty()) return in.malformed("a group without a German title");
      ref.groups_.push_back({f[0], {f[1], f[2], f[3]}});
      ref.isco_codes_.push_back(f[0]);
    }
    if (!columns) return in.malformed("no #columns line");
    if (!count || *count != ref.groups_.size())
      return in.malformed("the #count line does not match the " +
                          std::to_string(ref.groups_.size()) + " rows");
  }

  Lines in{ref.buffers_->occupations, occupations_name};
  if (in.next() != std::string_view("#sichtbar-reference\tesco-occupations\t1"))
    return in.malformed(
        "it does not start with \"#sichtbar-reference<TAB>esco-occupations<TAB>1\"");
  std::string versions[3];
  bool columns = false;
  std::optional<std::size_t> count;
  while (auto line = in.next()) {
    if (line->starts_with('#')) {
      if (columns) return in.malformed("a header line after the #columns line");
      const auto f = split(*line, '\t');
      if (f[0] == "#columns") {
        if (*line != kOccupationColumns)
          return in.malformed("the #columns line is not the one this program reads");
        columns = true;
      } else if (f[0] == "#version") {
        const int i = f.size() != 3  ? -1
                      : f[1] == "de" ? 0
                      : f[1] == "en" ? 1
                      : f[1] == "fr" ? 2
                                     : -1;
        if (i < 0 || !f[2].starts_with("ESCO v"))
          return in.malformed("a #version line that is not \"#version<TAB>de|en|fr<TAB>ESCO vX\"");
        versions[i] = std::string(f[2].substr(6));
      } else if (f[0] == "#uri-prefix") {
        if (f.size() != 2 || f[1] != uri_prefix) return in.malformed("an unexpected #uri-prefix");
      } else if (f[0] == "#count") {
        count = count_line(f, "occupations");
        if (!count) return in.malformed("the #count line is not \"#count<TAB>occupations<TAB>N\"");
      } else if (f[0] == "#code-points") {
        for (std::size_t i = 2; i < f.size(); ++i) {
          std::uint32_t cp = 0;
          const auto hex = f[i].substr(std::min<std::size_t>(2, f[i].size()));
          if (!f[i].starts_with("U+") ||
              std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16).ec != std::errc{})
            return in.malformed("a #code-points entry that is not U+XXXX");
          ref.code_points_.push_back(static_cast<char32_t>(cp));
        }
      }
      continue;  // other header lines (attribution, sources, lacks) are for people and tests
    }
    if (!columns) return in.malformed("a row before the #columns line");
    const auto f = split(*line, '\t');
    if (f.size() != 2 + kCells)
      return in.malformed("a row without exactly " + std::to_string(2 + kCells) + " cells");
    if (f[0].size() != 36) return in.malformed("an id that is not a UUID");
    if (!ref.rows_.empty() && !(ref.rows_.back().uuid < f[0]))
      return in.malformed("the ids are not sorted or repeat");
    if (f[1].size() != 4 || !all_digits(f[1]) ||
        !std::binary_search(ref.isco_codes_.begin(), ref.isco_codes_.end(), f[1]))
      return in.malformed("the ISCO unit \"" + std::string(f[1]) +
                          "\" is not among the groups of " + std::string(isco_name));
    if (f[2].empty()) return in.malformed("an occupation without a German label");
    Row row{f[0], f[1], {}};
    std::copy(f.begin() + 2, f.end(), row.cells);
    ref.rows_.push_back(row);
  }
  if (!columns) return in.malformed("no #columns line");
  if (!count || *count != ref.rows_.size())
    return in.malformed("the #count line does not match the " + std::to_string(ref.rows_.size()) +
                        " rows");
  for (const auto& v : versions)
    if (v.empty()) return in.malformed("a #version line for de, en or fr is missing");

  for (std::uint32_t i = 0; i < ref.rows_.size(); ++i)
    ref.unit_rows_[ref.rows_[i].isco].push_back(i);
  ref.version_ = "esco de=" + versions[0] + " en=" + versions[1] + " fr=" + versions[2] +
                 "; sichtbar " + std::string(format);
  return ref;
}

std::optional<std::uint32_t> EscoReference::find(std::string_view uri_or_uuid) const {
  if (uri_or_uuid.starts_with(uri_prefix)) uri_or_uuid.remove_prefix(uri_prefix.size());
  const auto it = std::lower_bound(rows_.begin(), rows_.end(), uri_or_uuid,
                                   [](const Row& r, std::string_view u) { return r.uuid < u; });
  if (it == rows_.end() || it->uuid != uri_or_uuid) return std::nullopt;
  return static_cast<std::uint32_t>(it - rows_.begin());
}

std::string EscoReference::uri(std::uint32_t row) const {
  return std::string(uri_prefix) + std::string(rows_[row].uuid);
}

std::span<const std::uint32_t> EscoReference::rows_in_unit(std::string_view isco_unit) const {
  const auto it = unit_rows_.find(isco_unit);
  if (it == unit_rows_.end()) return {};
  return it->second;
}

std::string_view EscoReference::isco_title(std::string_view code, EscoLanguage language) const {
  const auto it = std::lower_bound(groups_.begin(), groups_.end(), code,
                                   [](const Group& g, std::string_view c) { return g.code < c; });
  if (it == groups_.end() || it->code != code) return {};
  return it->title[static_cast<int>(language)];
}

}  // namespace sichtbar
