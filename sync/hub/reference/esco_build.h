// `sichtbar-hub reference build`: turns ESCO's official CSV exports (a German release and an
// English/French one, joined by conceptUri) into the committed asset assets/taxonomy/esco/
// (occupations.tsv, isco.tsv, NOTICE.md) that domain/esco.h loads. Checked in full before a byte
// is written; the output depends only on the input bytes, so a fresh build can be compared with
// the committed asset.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "base/error.h"

namespace sichtbar::hub {

struct EscoAsset {
  std::string occupations_tsv, isco_tsv, notice_md;
  std::size_t occupations = 0, groups = 0, lacking_en = 0, lacking_fr = 0, left_out = 0;
};

// de_dir holds occupations_de.csv and ISCOGroups_de.csv; en_fr_dir occupations_{en,fr}.csv and
// ISCOGroups_{en,fr}.csv. The releases come from the folders' names as ESCO's downloads are
// named here ("esco-v1.2.0-de", "esco-v1.0-en-fr"). Errors name the file and what to fix:
// "reference.unreadable" (a file missing), "reference.bad_input" (a column missing, a label with
// a tab or "|", an iscoGroup not among the groups, a URI twice, a folder name without a version)
// or the CSV reader's "csv.malformed".
Result<EscoAsset> build_esco_asset(const std::filesystem::path& de_dir,
                                   const std::filesystem::path& en_fr_dir);

// Writes the three files into out_dir (created if missing), each atomically.
Result<void> write_esco_asset(const EscoAsset& asset, const std::filesystem::path& out_dir);

}  // namespace sichtbar::hub
