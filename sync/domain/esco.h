// The ESCO reference data both programs read: every ESCO occupation (its URI, ISCO-08 unit and
// German, English and French labels) and the 619 ISCO-08 groups, from the committed asset
// assets/taxonomy/esco/{occupations.tsv,isco.tsv} that `sichtbar-hub reference build` writes from
// ESCO's CSV exports. Each file is read into one buffer and every label is a string_view into
// it: 67,000 labels as separate strings would double the load time and the memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace sichtbar {

enum class EscoLanguage : std::uint8_t { de, en, fr };
// form: one gendered half of the German/French preferred label ("Elektronikerin").
enum class LabelKind : std::uint8_t { preferred, form, alternative, hidden };

class EscoReference {
 public:
  static constexpr std::string_view uri_prefix = "http://data.europa.eu/esco/occupation/";
  // The asset's format, as its first header line gives it; a loader refuses another.
  static constexpr std::string_view format = "1";

  // assets_dir/taxonomy/esco/{occupations.tsv,isco.tsv}; Error "reference.unreadable" /
  // "reference.malformed" naming file and line.
  static Result<EscoReference> load(const std::filesystem::path& assets_dir);
  // The same from the two files' contents (tests, the builder's own check); names are for errors.
  static Result<EscoReference> parse(std::string occupations_tsv, std::string isco_tsv,
                                     std::string_view occupations_name = "occupations.tsv",
                                     std::string_view isco_name = "isco.tsv");

  std::uint32_t size() const { return static_cast<std::uint32_t>(rows_.size()); }
  // A full URI or the bare UUID; nullopt when the asset does not know it.
  std::optional<std::uint32_t> find(std::string_view uri_or_uuid) const;
  std::string_view uuid(std::uint32_t row) const { return rows_[row].uuid; }
  std::string uri(std::uint32_t row) const;
  std::string_view isco(std::uint32_t row) const { return rows_[row].isco; }  // 4-digit unit
  // Empty: the occupation lacks the language (102 newer ones have German labels only).
  std::string_view preferred(std::uint32_t row, EscoLanguage language) const {
    return rows_[row].cells[cell(language, Cell::preferred)];
  }
  // f(std::string_view label, LabelKind kind) for every label of the row in the language:
  // the preferred label first, then the gendered forms, the alternatives, the hidden ones.
  template <class F>
  void for_each_label(std::uint32_t row, EscoLanguage language, F&& f) const {
    const Row& r = rows_[row];
    const std::string_view pref = r.cells[cell(language, Cell::preferred)];
    if (pref.empty()) return;
    f(pref, LabelKind::preferred);
    for (auto [c, kind] : {std::pair{Cell::forms, LabelKind::form},
                           std::pair{Cell::alternative, LabelKind::alternative},
                           std::pair{Cell::hidden, LabelKind::hidden}}) {
      const int i = cell(language, c);
      if (i < 0) continue;
      std::string_view list = r.cells[i];
      while (!list.empty()) {
        const auto bar = list.find('|');
        f(list.substr(0, bar), kind);
        list = bar == std::string_view::npos ? std::string_view{} : list.substr(bar + 1);
      }
    }
  }
  // The rows whose ISCO unit is isco_unit, in UUID order; empty for a unit without occupations.
  std::span<const std::uint32_t> rows_in_unit(std::string_view isco_unit) const;
  // Any of the 619 groups ("2", "22", "221", "2211"); empty if unknown.
  std::string_view isco_title(std::string_view code, EscoLanguage language) const;
  std::span<const std::string_view> isco_codes() const { return isco_codes_; }  // all, sorted
  // What a record stores, e.g. "esco de=1.2.0 en=1.0 fr=1.0; sichtbar 1".
  std::string_view version() const { return version_; }
  // The non-ASCII code points the labels of both files use (for the kiosk's font atlas), sorted.
  std::span<const char32_t> code_points() const { return code_points_; }

 private:
  enum class Cell : std::uint8_t { preferred, forms, alternative, hidden };
  // Column of the row's cells (after id and isco) for a language's kind of label; -1: none.
  // de: pref forms alt hidden | en: pref alt hidden | fr: pref forms alt.
  static constexpr int cell(EscoLanguage language, Cell c) {
    constexpr int table[3][4] = {{0, 1, 2, 3}, {4, -1, 5, 6}, {7, 8, 9, -1}};
    return table[static_cast<int>(language)][static_cast<int>(c)];
  }
  static constexpr int kCells = 10;
  struct Row {
    std::string_view uuid, isco;
    std::string_view cells[kCells];
  };
  struct Group {
    std::string_view code, title[3];
  };
  // The files' bytes; behind a pointer so a move keeps every view valid.
  struct Buffers {
    std::string occupations, isco;
  };
  std::unique_ptr<Buffers> buffers_;
  std::vector<Row> rows_;      // sorted by uuid
  std::vector<Group> groups_;  // sorted by code
  std::vector<std::string_view> isco_codes_;
  std::map<std::string_view, std::vector<std::uint32_t>, std::less<>> unit_rows_;
  std::vector<char32_t> code_points_;
  std::string version_;
};

}  // namespace sichtbar
