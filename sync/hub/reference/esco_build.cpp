// The ESCO reference builder; see esco_build.h. The asset's format is described in
// domain/esco.cpp (the loader) and README's "Reference data".
#include "hub/reference/esco_build.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "base/atomic_file.h"
#include "base/bytes.h"
#include "base/files.h"
#include "base/text.h"
#include "domain/esco.h"
#include "hub/reference/csv.h"
#include "protocol/keys.h"

namespace sichtbar::hub {
namespace {

constexpr std::string_view kAttribution =
    "This data is derived from ESCO, the European Skills, Competences, Qualifications and "
    "Occupations classification (https://esco.ec.europa.eu), (c) European Union, published by the "
    "European Commission. Reuse is authorised provided the source is acknowledged, under "
    "Commission Decision 2011/833/EU of 12 December 2011 on the reuse of Commission documents. "
    "Changes: labels trimmed, blanks collapsed, zero-width spaces removed and duplicates dropped; "
    "descriptions left out; the German and French preferred labels split into their two gendered "
    "forms. The ISCO-08 group titles are the International Labour Organization's classification "
    "as ESCO publishes it.";

std::unexpected<Error> bad_input(const std::string& what) {
  return fail("reference.bad_input", what + " Nothing was written.");
}

struct Source {
  std::string file_name, sha256;
  CsvTable table;
};

Result<Source> read_csv(const std::filesystem::path& dir, const std::string& file_name) {
  const auto path = dir / file_name;
  auto bytes = read_whole_file(path);
  if (!bytes)
    return fail("reference.unreadable",
                "The ESCO export " + path.string() +
                    " is missing or cannot be read: give the folder of ESCO's CSV download. "
                    "Nothing was written.");
  if (!is_valid_utf8(*bytes))
    return bad_input("The ESCO export " + path.string() + " is not UTF-8.");
  auto table = parse_csv(*bytes, path.string());
  if (!table) {
    table.error().message += " Nothing was written.";
    return std::unexpected(table.error());
  }
  return Source{file_name, to_hex(sha256(as_bytes(*bytes))), std::move(*table)};
}

// The column indexes of names in src, or an error naming the first one missing.
Result<std::vector<std::size_t>> columns(const Source& src,
                                         std::initializer_list<const char*> names) {
  std::vector<std::size_t> out;
  for (const char* n : names) {
    auto c = src.table.column(n);
    if (!c)
      return bad_input("The ESCO export " + src.file_name + " has no column \"" + n +
                       "\": is it ESCO's CSV export?");
    out.push_back(*c);
  }
  return out;
}

// The release from the folder's name: "esco-v1.2.0-de" -> "1.2.0".
Result<std::string> release_of(const std::filesystem::path& dir) {
  auto name = dir.filename().string();
  if (name.empty()) name = dir.parent_path().filename().string();  // "dir/"
  const auto v = name.find("-v");
  if (!name.starts_with("esco") || v == std::string::npos)
    return bad_input("The folder " + dir.string() +
                     " does not say its ESCO release: name it as ESCO's download is named, e.g. "
                     "esco-v1.2.0-de.");
  const auto end = name.find('-', v + 2);
  const auto release = name.substr(v + 2, end == std::string::npos ? end : end - v - 2);
  if (release.empty() || release.find_first_not_of("0123456789.") != std::string::npos)
    return bad_input("The folder " + dir.string() + " does not say its ESCO release (vX.Y).");
  return release;
}

bool is_blank(char32_t cp) {
  return cp == ' ' || cp == '\r' || cp == '\n' || cp == 0xA0 || cp == 0x2007 || cp == 0x202F ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000;
}

// A label as the asset keeps it: zero-width spaces removed, blanks collapsed to one space, trimmed.
std::string normalise(std::string_view s) {
  std::string out;
  bool blank = false;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(s, i, cp);  // the file was checked to be UTF-8
    if (cp == 0x200B) {
    } else if (is_blank(cp)) {
      blank = !out.empty();
    } else {
      if (blank) out += ' ';
      blank = false;
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

// A cell's labels ("\n"-separated in ESCO's exports), normalised, empty ones and repeats dropped,
// in source order. Refuses what would break the asset's format.
Result<std::vector<std::string>> labels(const Source& src, std::size_t row, std::size_t col) {
  std::vector<std::string> out;
  std::string_view cell = src.table.rows[row][col];
  if (cell.find_first_of("\t|") != std::string_view::npos)
    return bad_input("The ESCO export " + src.file_name +
                     " has a label with a tab or \"|\" in the row "
                     "starting at line " +
                     std::to_string(src.table.row_lines[row]) + " (\"" +
                     neutralise_hidden_text(cell.substr(0, 80), false) +
                     "\"): the asset cannot keep it. Is it the unchanged export?");
  while (true) {
    const auto nl = cell.find('\n');
    auto label = normalise(cell.substr(0, nl));
    if (!label.empty() && std::find(out.begin(), out.end(), label) == out.end())
      out.push_back(std::move(label));
    if (nl == std::string_view::npos) break;
    cell.remove_prefix(nl + 1);
  }
  return out;
}

bool starts_lower(std::string_view s) {
  char32_t cp = 0;
  if (s.empty() || decode_utf8(s, 0, cp) == 0) return false;
  return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

// The two gendered halves of a preferred label "Elektroniker/Elektronikerin". ESCO marks neither:
// a split is taken when both halves are also alternative labels; for German also, failing that,
// the only plausible "/" ("Import-/Export..." and "/in" are not splits) or the most balanced one.
std::vector<std::string> gendered_forms(const std::string& preferred,
                                        const std::vector<std::string>& alternatives, bool german) {
  std::vector<std::pair<std::string, std::string>> candidates;
  for (std::size_t at = preferred.find('/'); at != std::string::npos;
       at = preferred.find('/', at + 1)) {
    auto a = normalise(preferred.substr(0, at)), b = normalise(preferred.substr(at + 1));
    if (a.empty() || b.empty() || a.ends_with('-') || (german && starts_lower(b))) continue;
    candidates.emplace_back(std::move(a), std::move(b));
  }
  const auto has = [&](const std::string& x) {
    return std::find(alternatives.begin(), alternatives.end(), x) != alternatives.end();
  };
  for (auto& [a, b] : candidates)
    if (has(a) && has(b)) return {a, b};
  if (!german || candidates.empty()) return {};
  const auto best = std::min_element(candidates.begin(), candidates.end(), [](auto& x, auto& y) {
    const auto dx = x.first.size() > x.second.size() ? x.first.size() - x.second.size()
                                                     : x.second.size() - x.first.size();
    const auto dy = y.first.size() > y.second.size() ? y.first.size() - y.second.size()
                                                     : y.second.size() - y.first.size();
    return dx < dy;
  });
  return {best->first, best->second};
}

std::string join(const std::vector<std::string>& xs, std::string_view sep) {
  std::string out;
  for (const auto& x : xs) {
    if (!out.empty()) out += sep;
    out += x;
  }
  return out;
}

std::vector<std::string> without(std::vector<std::string> xs,
                                 std::initializer_list<const std::vector<std::string>*> drop,
                                 const std::string& preferred) {
  std::erase_if(xs, [&](const std::string& x) {
    if (x == preferred) return true;
    for (const auto* d : drop)
      if (std::find(d->begin(), d->end(), x) != d->end()) return true;
    return false;
  });
  return xs;
}

struct Labels {
  std::string preferred;
  std::vector<std::string> forms, alternative, hidden;
};

// One language's occupations by URI. de_units: the ISCO units checked for German.
Result<std::map<std::string, Labels>> occupations(const Source& src, bool german, bool has_hidden,
                                                  const std::set<std::string>* groups,
                                                  std::map<std::string, std::string>* units) {
  auto cols =
      has_hidden
          ? columns(src, {"conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "iscoGroup"})
          : columns(src, {"conceptUri", "preferredLabel", "altLabels", "iscoGroup"});
  if (!cols) return std::unexpected(cols.error());
  const auto& c = *cols;
  std::map<std::string, Labels> out;
  for (std::size_t r = 0; r < src.table.rows.size(); ++r) {
    const auto& row = src.table.rows[r];
    const std::string at = " in the row starting at line " + std::to_string(src.table.row_lines[r]);
    const std::string& uri = row[c[0]];
    const std::string_view uuid =
        std::string_view(uri).substr(std::min(uri.size(), EscoReference::uri_prefix.size()));
    if (!uri.starts_with(EscoReference::uri_prefix) || uuid.size() != 36 ||
        uuid.find_first_not_of("0123456789abcdef-") != std::string_view::npos)
      return bad_input("The ESCO export " + src.file_name + " has the conceptUri \"" +
                       neutralise_hidden_text(uri, false) + "\"" + at +
                       ", not an ESCO occupation URI.");
    auto pref = labels(src, r, c[1]);
    auto alt = labels(src, r, c[2]);
    if (!pref || !alt) return std::unexpected(!pref ? pref.error() : alt.error());
    if (pref->size() != 1)
      return bad_input("The ESCO export " + src.file_name + " has no single preferredLabel" + at +
                       ".");
    Labels l;
    l.preferred = (*pref)[0];
    l.forms = gendered_forms(l.preferred, *alt, german);
    l.alternative = without(*alt, {&l.forms}, l.preferred);
    if (has_hidden) {
      auto hidden = labels(src, r, c[3]);
      if (!hidden) return std::unexpected(hidden.error());
      l.hidden = without(*hidden, {&l.forms, &l.alternative}, l.preferred);
    }
    if (units) {
      const std::string& unit = row[c.back()];
      if (unit.size() != 4 || !groups->contains(unit))
        return bad_input("The ESCO export " + src.file_name + " has the iscoGroup \"" +
                         neutralise_hidden_text(unit, false) + "\"" + at +
                         ", which is not a 4-digit group of ISCOGroups_de.csv.");
      (*units)[uri] = unit;
    }
    if (!out.emplace(uri, std::move(l)).second)
      return bad_input("The ESCO export " + src.file_name + " has the occupation " + uri +
                       " twice (again" + at + ").");
  }
  return out;
}

Result<std::map<std::string, std::string>> isco_titles(const Source& src) {
  auto cols = columns(src, {"code", "preferredLabel"});
  if (!cols) return std::unexpected(cols.error());
  std::map<std::string, std::string> out;
  for (std::size_t r = 0; r < src.table.rows.size(); ++r) {
    const std::string& code = (src.table.rows[r])[(*cols)[0]];
    const std::string at = " in the row starting at line " + std::to_string(src.table.row_lines[r]);
    if (code.empty() || code.size() > 4 ||
        code.find_first_not_of("0123456789") != std::string::npos)
      return bad_input("The ESCO export " + src.file_name + " has the ISCO code \"" +
                       neutralise_hidden_text(code, false) + "\"" + at + ", not 1 to 4 digits.");
    auto title = labels(src, r, (*cols)[1]);
    if (!title) return std::unexpected(title.error());
    if (title->size() != 1)
      return bad_input("The ESCO export " + src.file_name + " has no single preferredLabel" + at +
                       ".");
    if (!out.emplace(code, (*title)[0]).second)
      return bad_input("The ESCO export " + src.file_name + " has the ISCO code " + code +
                       " twice (again" + at + ").");
  }
  return out;
}

void collect_code_points(std::string_view s, std::set<char32_t>& out) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(s, i, cp);
    if (cp >= 0x80) out.insert(cp);
    i += n;
  }
}

std::string code_point_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

Result<EscoAsset> build_esco_asset(const std::filesystem::path& de_dir,
                                   const std::filesystem::path& en_fr_dir) {
  auto de_release = release_of(de_dir);
  if (!de_release) return std::unexpected(de_release.error());
  auto en_fr_release = release_of(en_fr_dir);
  if (!en_fr_release) return std::unexpected(en_fr_release.error());

  std::vector<Source> src;
  for (auto [dir, name] :
       {std::pair{&de_dir, "occupations_de.csv"}, std::pair{&en_fr_dir, "occupations_en.csv"},
        std::pair{&en_fr_dir, "occupations_fr.csv"}, std::pair{&de_dir, "ISCOGroups_de.csv"},
        std::pair{&en_fr_dir, "ISCOGroups_en.csv"}, std::pair{&en_fr_dir, "ISCOGroups_fr.csv"}}) {
    auto s = read_csv(*dir, name);
    if (!s) return std::unexpected(s.error());
    src.push_back(std::move(*s));
  }

  std::map<std::string, std::string> isco[3];
  for (int l = 0; l < 3; ++l) {
    auto t = isco_titles(src[3 + l]);
    if (!t) return std::unexpected(t.error());
    isco[l] = std::move(*t);
  }
  std::set<std::string> groups;
  for (const auto& [code, title] : isco[0]) groups.insert(code);

  std::map<std::string, std::string> units;
  auto de = occupations(src[0], true, true, &groups, &units);
  if (!de) return std::unexpected(de.error());
  auto en = occupations(src[1], false, true, nullptr, nullptr);
  if (!en) return std::unexpected(en.error());
  auto fr = occupations(src[2], false, false, nullptr, nullptr);
  if (!fr) return std::unexpected(fr.error());

  EscoAsset asset;
  std::set<char32_t> code_points;
  std::vector<std::string> lacking_en, lacking_fr, left_out;
  std::string rows;
  for (const auto& [uri, d] : *de) {
    const std::string uuid = uri.substr(EscoReference::uri_prefix.size());
    const auto e = en->find(uri);
    const auto f = fr->find(uri);
    if (e == en->end()) lacking_en.push_back(uuid);
    if (f == fr->end()) lacking_fr.push_back(uuid);
    static const Labels none;
    const Labels& el = e == en->end() ? none : e->second;
    const Labels& fl = f == fr->end() ? none : f->second;
    const std::string cells[] = {uuid,
                                 units[uri],
                                 d.preferred,
                                 join(d.forms, "|"),
                                 join(d.alternative, "|"),
                                 join(d.hidden, "|"),
                                 el.preferred,
                                 join(el.alternative, "|"),
                                 join(el.hidden, "|"),
                                 fl.preferred,
                                 join(fl.forms, "|"),
                                 join(fl.alternative, "|")};
    for (std::size_t i = 0; i < std::size(cells); ++i) {
      if (i) rows += '\t';
      rows += cells[i];
      collect_code_points(cells[i], code_points);
    }
    rows += '\n';
  }
  for (const auto* other : {&*en, &*fr})
    for (const auto& [uri, l] : *other)
      if (!de->contains(uri) && std::find(left_out.begin(), left_out.end(), uri) == left_out.end())
        left_out.push_back(uri);
  std::sort(left_out.begin(), left_out.end());

  std::string isco_rows;
  for (const auto& [code, de_title] : isco[0]) {
    const auto title = [&](int l) {
      const auto it = isco[l].find(code);
      return it == isco[l].end() ? std::string() : it->second;
    };
    isco_rows += code + "\t" + de_title + "\t" + title(1) + "\t" + title(2) + "\n";
    for (int l = 0; l < 3; ++l) collect_code_points(title(l), code_points);
  }

  const std::string versions = "#version\tde\tESCO v" + *de_release + "\n#version\ten\tESCO v" +
                               *en_fr_release + "\n#version\tfr\tESCO v" + *en_fr_release + "\n";
  const auto sources = [&](std::initializer_list<int> which) {
    std::string out;
    for (int i : which) out += "#source\t" + src[i].file_name + "\tsha256:" + src[i].sha256 + "\n";
    return out;
  };
  std::string cps = "#code-points\t" + std::to_string(code_points.size());
  for (char32_t cp : code_points) cps += "\t" + code_point_name(cp);

  asset.occupations = de->size();
  asset.groups = isco[0].size();
  asset.lacking_en = lacking_en.size();
  asset.lacking_fr = lacking_fr.size();
  asset.left_out = left_out.size();
  asset.occupations_tsv =
      "#sichtbar-reference\tesco-occupations\t" + std::string(EscoReference::format) + "\n" +
      versions + "#uri-prefix\t" + std::string(EscoReference::uri_prefix) + "\n" +
      "#attribution\t" + std::string(kAttribution) + "\n" + sources({0, 1, 2}) +
      "#count\toccupations\t" + std::to_string(de->size()) + "\n" + "#lacks\ten\t" +
      std::to_string(lacking_en.size()) + "\t" + join(lacking_en, "|") + "\n" + "#lacks\tfr\t" +
      std::to_string(lacking_fr.size()) + "\t" + join(lacking_fr, "|") + "\n" + cps + "\n" +
      "#columns\tid\tisco\tde\tde_forms\tde_alt\tde_hidden\ten\ten_alt\ten_hidden\tfr\tfr_"
      "forms\tfr_"
      "alt\n" +
      rows;
  asset.isco_tsv = "#sichtbar-reference\tisco-08-groups\t" + std::string(EscoReference::format) +
                   "\n" + versions + "#attribution\t" + std::string(kAttribution) + "\n" +
                   sources({3, 4, 5}) + "#count\tgroups\t" + std::to_string(isco[0].size()) +
                   "\n#columns\tcode\tde\ten\tfr\n" + isco_rows;

  // The asset must load: what the builder writes, the programs read.
  auto check = EscoReference::parse(asset.occupations_tsv, asset.isco_tsv);
  if (!check) return std::unexpected(check.error());

  std::string n;
  n += "# ESCO reference data: source and attribution\n\n";
  n += "`occupations.tsv` and `isco.tsv` in this folder are derived from **ESCO**, the European "
       "Skills, Competences, Qualifications and Occupations classification "
       "(https://esco.ec.europa.eu), © European Union, published by the European Commission. "
       "Reuse is authorised provided the source is acknowledged, under Commission Decision "
       "2011/833/EU of 12 December 2011 on the reuse of Commission documents (OJ L 330, "
       "14.12.2011, p. 39).\n\n";
  n +=
      "The ISCO-08 group titles in `isco.tsv` are the International Standard Classification of "
      "Occupations (ISCO-08) of the International Labour Organization, as ESCO republishes it.\n\n";
  n += "## Versions used\n\n";
  n += "- German labels and every occupation's ISCO-08 unit: ESCO v" + *de_release +
       " (CSV export, German), " + std::to_string(de->size()) + " occupations.\n";
  n += "- English and French labels: ESCO v" + *en_fr_release +
       " (CSV exports, English and French).\n";
  n += "- ISCO-08: " + std::to_string(isco[0].size()) +
       " groups (major, sub-major, minor, unit).\n\n";
  n += "The exact input files are named with their SHA-256 in the `#source` lines of both "
       "files.\n\n";
  n += "## What was changed\n\n";
  n += "- Only the labels and the ISCO-08 unit are kept; descriptions, scope notes and the other "
       "columns are left out.\n";
  n += "- Labels are trimmed, runs of blanks collapsed to one space, zero-width spaces removed, "
       "repeated labels of one occupation dropped.\n";
  n += "- The German and French preferred labels (\"Elektroniker/Elektronikerin\") are split into "
       "their two gendered forms (column `de_forms`, `fr_forms`); ESCO does not say which form is "
       "which.\n";
  n += "- " + std::to_string(lacking_en.size()) + " occupations (English) and " +
       std::to_string(lacking_fr.size()) + " (French) are newer than ESCO v" + *en_fr_release +
       " and have German labels only: their `en` and `fr` cells are empty, and the `#lacks` lines "
       "of `occupations.tsv` list them.\n";
  n += "- " + std::to_string(left_out.size()) + " occupations of ESCO v" + *en_fr_release +
       " are no longer in v" + *de_release + " and are left out:\n";
  for (const auto& uri : left_out) {
    const auto e = en->find(uri);
    n += "  - " + (e != en->end() ? e->second.preferred : fr->at(uri).preferred) + " (" + uri +
         ")\n";
  }
  n += "\nThis file and both tables are written by `sichtbar-hub reference build`; do not edit "
       "them by hand.\n";
  asset.notice_md = std::move(n);
  return asset;
}

Result<void> write_esco_asset(const EscoAsset& asset, const std::filesystem::path& out_dir) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec)
    return fail("file.write_failed",
                "The folder " + out_dir.string() + " cannot be created: " + ec.message() + ".");
  // Assets are read by everyone who runs the programs: 0644, not the private default.
  for (const auto& [name, bytes] :
       {std::pair{"occupations.tsv", &asset.occupations_tsv},
        std::pair{"isco.tsv", &asset.isco_tsv}, std::pair{"NOTICE.md", &asset.notice_md}})
    if (auto w = write_file_atomically(out_dir / name, std::string_view(*bytes), {.mode = 0644});
        !w)
      return w;
  return {};
}

}  // namespace sichtbar::hub
