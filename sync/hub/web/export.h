// The office's exports of a filtered set of records: CSV for spreadsheets and case tools, JSON
// for programs. CSV: UTF-8 with a byte order mark (so Excel reads the umlauts and every script
// right), ';' between cells (what Excel expects in a German office), every cell quoted as RFC
// 4180 says (a quote inside doubled, line breaks kept inside the quotes), CRLF between rows, and
// formula injection neutralised: a cell that begins with = + - @ TAB or CR gets a leading '
// so no spreadsheet runs what a person typed as a formula.
//
// Columns: the record's metadata, then one per form field ("about.name"); a repeatable group
// has one column per item and field ("work.items[2].occupation"), as many items as the record
// with the most has. Values as recorded: codes for choices and taxonomies, numbers as digits,
// yes/no as true/false, several choices separated by ", ".
//
// Last, the way to recognition the office's filters use (from the search index, under the map in
// use): "isco_major_group" (major groups, "2, 7"), "regulated" (yes, self_employment, no),
// "procedure" (procedure_name()s), "competent_body" (the bodies' names; their ids without a map).
//
// Contact details follow contact_details.h: a record whose person did not agree to be contacted
// has empty phone, e-mail and place of residence cells, and its JSON lacks them.
//
// Records made with different form versions share one table: the columns are the newest
// version's, in its order, plus those of the older versions the exported records were made with
// (a field since removed follows the field it followed in its own version). A field that a
// record's version does not have is an empty cell.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/form_library.h"
#include "domain/occupations.h"
#include "domain/recognition.h"
#include "hub/hub_store.h"

namespace sichtbar::hub::web {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One cell, neutralised and quoted.
std::string csv_cell(std::string_view value);

// Column names and, per record, the cells in that order (unquoted): what records_csv writes.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
// The office's codings of the records' typed occupations (issue #15), one list per record in the
// records' order, and what names their occupations. Given (per_record not empty), the CSV gets,
// after every other column, per work item "work.items[k].coded_occupation" (the ESCO URI),
// ".coded_occupation_de" (its German label) and ".coded_by"; the JSON a "codings" list beside
// each "record". The person's own answers stay as they are.
struct ExportCodings {
  std::span<const std::vector<OccupationCoding>> per_record;
  const OccupationList* occupations = nullptr;
};

// map: the recognition map in use, for the competent bodies' names.
CsvTable records_table(const FormLibrary& forms, std::span<const RecordSummary> records,
                       const RecognitionMap* map = nullptr, const ExportCodings& codings = {});
std::string records_csv(const FormLibrary& forms, std::span<const RecordSummary> records,
                        const RecognitionMap* map = nullptr, const ExportCodings& codings = {});

// [{"record_id": hex, "device_id": hex, "received_at": ISO time, "record": {...},
//   "isco_major_group": [...], "regulated": [...], "procedure": [...], "competent_body": [...],
//   "codings": [{"answer_path", "esco_uri", "label_de", "coded_by", "coded_at"}]}, ...]: the
// four of the way as the CSV's columns, as lists; "codings" only with codings given.
std::string records_json(std::span<const RecordSummary> records,
                         const RecognitionMap* map = nullptr, const ExportCodings& codings = {});

}  // namespace sichtbar::hub::web
