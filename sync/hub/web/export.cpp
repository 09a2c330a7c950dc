// CSV and JSON exports of the office; see export.h.
#include "hub/web/export.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/bytes.h"
#include "base/dates.h"
#include "base/text.h"
#include "hub/record_index.h"
#include "hub/web/contact_details.h"

namespace sichtbar::hub::web {

namespace {

using nlohmann::json;

const json& member(const json& object, std::string_view key) {
  static const json null;
  if (!object.is_object()) return null;
  auto it = object.find(key);
  return it == object.end() ? null : *it;
}

std::string cell_text(const json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_array()) {
    std::string out;
    for (const json& v : value) {
      if (!out.empty()) out += ", ";
      out += cell_text(v);
    }
    return out;
  }
  return value.dump();
}

std::string granted_purposes(const json& record) {
  const json& purposes = member(member(record, "consent"), "purposes");
  std::string out;
  if (purposes.is_object())
    for (const auto& [purpose, granted] : purposes.items())
      if (granted.is_boolean() && granted.get<bool>()) out += (out.empty() ? "" : ", ") + purpose;
  return out;
}

// Adds the fields of an older version that newer ones dropped, each right after the field it
// followed there (first in the list if it followed none), so a removed field stays next to its
// neighbours; a group's items are merged the same way. The newer definition wins for a field
// both have.
void merge_fields(std::vector<Field>& into, const std::vector<Field>& older) {
  std::size_t after = 0;  // where the next field of `older` goes if `into` lacks it
  for (const Field& field : older) {
    auto it =
        std::find_if(into.begin(), into.end(), [&](const Field& f) { return f.id == field.id; });
    if (it == into.end()) {
      it = into.insert(into.begin() + static_cast<std::ptrdiff_t>(after), field);
    } else if (it->type == FieldType::Group && field.type == FieldType::Group) {
      merge_fields(it->fields, field.fields);
    }
    after = static_cast<std::size_t>(it - into.begin()) + 1;
  }
}

// The columns' form: the newest version with what older ones the records were made with add.
// Why not every version the hub has: a version no exported record uses would only add empty
// columns. Why the newest always: the office's spreadsheets keep the same columns from one export
// to the next, whichever records the filter picked.
Form columns_form(const FormLibrary& forms, const std::vector<json>& records) {
  Form merged = forms.latest();
  std::set<int> used;
  for (const json& record : records)
    if (const Form* form = forms.find_for_record(record)) used.insert(form->version);
  for (auto version = used.rbegin(); version != used.rend(); ++version) {
    const Form& older = *forms.find(forms.form_id(), *version);
    std::size_t after = 0;
    for (const Section& section : older.sections) {
      auto it = std::find_if(merged.sections.begin(), merged.sections.end(),
                             [&](const Section& s) { return s.id == section.id; });
      if (it == merged.sections.end())
        it = merged.sections.insert(merged.sections.begin() + static_cast<std::ptrdiff_t>(after),
                                    section);
      else
        merge_fields(it->fields, section.fields);
      after = static_cast<std::size_t>(it - merged.sections.begin()) + 1;
    }
  }
  return merged;
}

// A coding's German label: its ESCO name, else the URI itself.
std::string coded_label(const ExportCodings& codings, const OccupationCoding& c) {
  return codings.occupations ? codings.occupations->name(c.esco_uri, "de") : c.esco_uri;
}

// Appended, so the columns before keep their places in the office's spreadsheets.
void append_codings(CsvTable& table, const ExportCodings& codings, std::size_t items) {
  constexpr std::string_view kColumns[] = {"coded_occupation", "coded_occupation_de", "coded_by"};
  for (std::size_t k = 1; k <= items; ++k)
    for (std::string_view column : kColumns)
      table.header.push_back("work.items[" + std::to_string(k) + "]." + std::string(column));
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    std::vector<std::string> cells(items * std::size(kColumns));
    if (i < codings.per_record.size())
      for (const OccupationCoding& c : codings.per_record[i]) {
        constexpr std::string_view kPrefix = "work.items.";
        if (!c.answer_path.starts_with(kPrefix)) continue;
        const std::string_view index = std::string_view(c.answer_path).substr(kPrefix.size());
        std::size_t k = 0;
        const auto [end, ec] = std::from_chars(index.data(), index.data() + index.size(), k);
        if (ec != std::errc() || end != index.data() + index.size() || k >= items) continue;
        cells[k * 3] = c.esco_uri;
        cells[k * 3 + 1] = coded_label(codings, c);
        cells[k * 3 + 2] = c.coded_by;
      }
    table.rows[i].insert(table.rows[i].end(), cells.begin(), cells.end());
  }
}

// The tokens of an index list (" 2 7 "), sorted; bodies by their names when the map knows them.
std::vector<std::string> tokens(const std::string& list,
                                const RecognitionMap* bodies_of = nullptr) {
  std::vector<std::string> out = split_codes({list});
  if (bodies_of)
    for (std::string& token : out)
      if (const RecognitionBody* body = bodies_of->body(token)) token = body->name;
  return out;
}

// The way to recognition's columns, in the order of kWayColumns.
constexpr const char* kWayColumns[] = {"isco_major_group", "regulated", "procedure",
                                       "competent_body"};
std::vector<std::vector<std::string>> way_columns(const RecognitionTokens& t,
                                                  const RecognitionMap* map) {
  return {tokens(t.isco_majors), tokens(t.regulated), tokens(t.procedures), tokens(t.bodies, map)};
}

}  // namespace

std::string csv_cell(std::string_view raw) {
  // Second line behind strict ingest: a control or bidi character a spreadsheet would obey (NUL,
  // ESC, U+202E) is shown as U+FFFD; a note's line breaks stay.
  const std::string value = neutralise_hidden_text(raw, true);
  std::string out = "\"";
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                         value[0] == '\t' || value[0] == '\r'))
    out += '\'';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

CsvTable records_table(const FormLibrary& forms, std::span<const RecordSummary> records,
                       const RecognitionMap* map, const ExportCodings& codings) {
  std::vector<json> parsed;
  parsed.reserve(records.size());
  for (const RecordSummary& r : records) {
    json j = json::parse(r.record_json, nullptr, false);
    parsed.push_back(j.is_discarded() ? json::object() : as_staff_see_it(j));
  }
  const Form form = columns_form(forms, parsed);
  // The most items any record has in each repeatable group.
  std::map<std::string, std::size_t> most;
  for (const json& record : parsed)
    for (const Section& section : form.sections)
      for (const Field& field : section.fields)
        if (field.type == FieldType::Group) {
          const json& items = member(member(member(record, "answers"), section.id), field.id);
          std::size_t& m = most[section.id + "." + field.id];
          if (items.is_array()) m = std::max(m, items.size());
        }

  CsvTable table;
  table.header = {"record_id",  "received_at", "device_id", "event.id",    "event.name",
                  "event.date", "event.kind",  "locale",    "finished_at", "consent"};
  for (const Section& section : form.sections) {
    if (section.id == "consent") continue;  // the granted purposes are the "consent" column
    for (const Field& field : section.fields) {
      const std::string name = section.id + "." + field.id;
      if (field.type != FieldType::Group) {
        table.header.push_back(name);
        continue;
      }
      for (std::size_t k = 1; k <= most[name]; ++k)
        for (const Field& sub : field.fields)
          table.header.push_back(name + "[" + std::to_string(k) + "]." + sub.id);
    }
  }
  table.header.insert(table.header.end(), std::begin(kWayColumns), std::end(kWayColumns));
  for (std::size_t i = 0; i < records.size(); ++i) {
    const json& record = parsed[i];
    const json& event = member(record, "event");
    std::vector<std::string> row = {to_hex(records[i].record_id),
                                    rfc3339_utc_of_unix_ms(records[i].received_at_ms),
                                    to_hex(records[i].device_id),
                                    cell_text(member(event, "id")),
                                    cell_text(member(event, "name")),
                                    cell_text(member(event, "date")),
                                    cell_text(member(event, "kind")),
                                    cell_text(member(record, "locale")),
                                    cell_text(member(record, "finished_at")),
                                    granted_purposes(record)};
    const json& answers = member(record, "answers");
    for (const Section& section : form.sections) {
      if (section.id == "consent") continue;
      const json& values = member(answers, section.id);
      for (const Field& field : section.fields) {
        const json& value = member(values, field.id);
        if (field.type != FieldType::Group) {
          row.push_back(cell_text(value));
          continue;
        }
        for (std::size_t k = 0; k < most[section.id + "." + field.id]; ++k) {
          const json& item = value.is_array() && k < value.size() ? value[k] : json();
          for (const Field& sub : field.fields) row.push_back(cell_text(member(item, sub.id)));
        }
      }
    }
    for (const auto& values : way_columns(records[i].recognition, map))
      row.push_back(cell_text(json(values)));
    table.rows.push_back(std::move(row));
  }
  if (!codings.per_record.empty()) append_codings(table, codings, most["work.items"]);
  return table;
}

std::string records_csv(const FormLibrary& forms, std::span<const RecordSummary> records,
                        const RecognitionMap* map, const ExportCodings& codings) {
  const CsvTable table = records_table(forms, records, map, codings);
  std::string out(kUtf8Bom);
  const auto write_row = [&](const std::vector<std::string>& cells) {
    for (std::size_t k = 0; k < cells.size(); ++k) {
      if (k) out += ';';
      out += csv_cell(cells[k]);
    }
    out += "\r\n";
  };
  write_row(table.header);
  for (const auto& row : table.rows) write_row(row);
  return out;
}

std::string records_json(std::span<const RecordSummary> records, const RecognitionMap* map,
                         const ExportCodings& codings) {
  json out = json::array();
  for (std::size_t i = 0; i < records.size(); ++i) {
    const RecordSummary& r = records[i];
    json record = json::parse(r.record_json, nullptr, false);
    json item = {{"record_id", to_hex(r.record_id)},
                 {"device_id", to_hex(r.device_id)},
                 {"received_at", rfc3339_utc_of_unix_ms(r.received_at_ms)},
                 {"record", record.is_discarded() ? json() : as_staff_see_it(record)}};
    const auto ways = way_columns(r.recognition, map);
    for (std::size_t k = 0; k < ways.size(); ++k) item[kWayColumns[k]] = ways[k];
    if (!codings.per_record.empty()) {
      json coded = json::array();
      if (i < codings.per_record.size())
        for (const OccupationCoding& c : codings.per_record[i])
          coded.push_back({{"answer_path", c.answer_path},
                           {"esco_uri", c.esco_uri},
                           {"label_de", coded_label(codings, c)},
                           {"coded_by", c.coded_by},
                           {"coded_at", rfc3339_utc_of_unix_ms(c.coded_at_ms)}});
      item["codings"] = std::move(coded);
    }
    out.push_back(std::move(item));
  }
  return out.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace sichtbar::hub::web
