// Building a record's search index entry and the office's search SQL; see record_index.h.
#include "hub/record_index.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/fold.h"
#include "domain/person_match.h"

namespace sichtbar::hub {

namespace {

using nlohmann::json;

const json& member(const json& object, const char* key) {
  static const json null;
  if (!object.is_object()) return null;
  auto it = object.find(key);
  return it == object.end() ? null : *it;
}

const json& items(const json& answers, const char* section, const char* group) {
  return member(member(answers, section), group);
}

// Adds a token to a list like " 7411 2211 " once.
void add_token(std::string& list, std::string_view token) {
  if (token.empty()) return;
  const std::string spaced = " " + std::string(token) + " ";
  if (list.find(spaced) != std::string::npos) return;
  if (list.empty()) list = " ";
  list += std::string(token) + " ";
}

void add_code(std::string& list, const json& value) {
  if (value.is_string()) add_token(list, value.get_ref<const std::string&>());
}

void collect_text(const json& value, std::string& out) {
  if (value.is_string()) {
    out += value.get_ref<const std::string&>();
    out += '\n';
  } else if (value.is_array() || value.is_object()) {
    for (const json& v : value) collect_text(v, out);
  }
}

// LIKE's wildcards taken literally (with ESCAPE '\').
std::string like_literal(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// German umlauts as they are written without them (ä -> ae ...): office staff type "Mueller"
// for "Müller" as often as "Muller", which the fold alone finds.
std::string umlauts_spelled_out(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\xC3' && i + 1 < text.size()) {
      const char* spelled = nullptr;
      switch (text[i + 1]) {
        case '\x84':
          spelled = "Ae";
          break;
        case '\xA4':
          spelled = "ae";
          break;
        case '\x96':
          spelled = "Oe";
          break;
        case '\xB6':
          spelled = "oe";
          break;
        case '\x9C':
          spelled = "Ue";
          break;
        case '\xBC':
          spelled = "ue";
          break;
        default:
          break;
      }
      if (spelled) {
        out += spelled;
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// The occupations the index counts: answered in work and wishes, and coded by a counsellor.
std::vector<std::string> occupations_of(const json& answers,
                                        std::span<const std::string> coded_uris) {
  std::vector<std::string> out;
  const auto add = [&](const json& v) {
    if (v.is_string() && !v.get_ref<const std::string&>().empty()) out.push_back(v);
  };
  if (const json& work = items(answers, "work", "items"); work.is_array())
    for (const json& item : work) add(member(item, "occupation"));
  add(member(member(answers, "wishes"), "desired_occupation"));
  out.insert(out.end(), coded_uris.begin(), coded_uris.end());
  return out;
}

RecognitionTokens recognition_of(const json& answers, const IndexContext* context,
                                 std::span<const std::string> coded_uris) {
  RecognitionTokens t;
  const EscoIndex* esco = context ? context->esco.get() : nullptr;
  for (const std::string& occupation : occupations_of(answers, coded_uris)) {
    const std::string unit = isco_unit_of_answer(occupation, esco);
    if (!unit.empty()) add_token(t.isco_majors, unit.substr(0, 1));
    if (!context || !context->map) continue;
    const RecognitionEntry& entry = *context->map->way_for(occupation, esco).entry;
    add_token(t.regulated, regulated_name(entry.regulated));
    add_token(t.procedures, procedure_name(entry.procedure));
    for (const std::string& body : entry.bodies) add_token(t.bodies, body);
  }
  return t;
}

}  // namespace

RecognitionTokens index_recognition(std::string_view record_json, const IndexContext* context,
                                    std::span<const std::string> coded_uris) {
  const json record = json::parse(record_json, nullptr, false);
  if (record.is_discarded() || !record.is_object()) return {};
  return recognition_of(member(record, "answers"), context, coded_uris);
}

RecordIndex index_record(std::string_view record_json, const IndexContext* context,
                         std::span<const std::string> coded_uris) {
  RecordIndex index;
  const json record = json::parse(record_json, nullptr, false);
  if (record.is_discarded() || !record.is_object()) return index;
  const json& event = member(record, "event");
  if (const json& v = member(event, "id"); v.is_string()) index.event_id = v;
  if (const json& v = member(event, "name"); v.is_string()) index.event_name = v;
  if (const json& v = member(event, "date"); v.is_string()) index.event_date = v;
  const json& answers = member(record, "answers");
  if (const json& v = member(member(answers, "about"), "country_of_origin"); v.is_string())
    index.country = v;
  if (const json& work = items(answers, "work", "items"); work.is_array())
    for (const json& item : work) add_code(index.occupations, member(item, "occupation"));
  add_code(index.occupations, member(member(answers, "wishes"), "desired_occupation"));
  index.recognition = recognition_of(answers, context, coded_uris);
  if (const json& mother = items(answers, "languages", "mother_tongues"); mother.is_array())
    for (const json& item : mother) add_code(index.languages, member(item, "mother_tongue"));
  if (const json& other = items(answers, "languages", "other_languages"); other.is_array())
    for (const json& item : other) add_code(index.languages, member(item, "language"));
  if (const json& education = items(answers, "education", "items"); education.is_array())
    for (const json& item : education)
      if (const json& v = member(item, "wants_advice"); v.is_boolean() && v.get<bool>()) {
        index.wants_advice = true;
        add_token(index.wishes, "qualification_advice");
      }
  if (const json& wants = member(member(answers, "wishes"), "wants"); wants.is_array())
    for (const json& w : wants) {
      if (w == "recognition_advice") index.wants_advice = true;
      add_code(index.wishes, w);
    }
  index.match_keys = person_match_keys(answers);
  std::string text = index.event_name + "\n";
  collect_text(answers, text);
  // Words separated by single spaces, with one at each end, so a query word can be matched at
  // the start of a word as well as inside one.
  index.search_text = " " + script::fold_for_search(text) + " ";
  // With umlauts spelled out too, when there are any: "mueller" finds "Müller".
  if (const std::string spelled = umlauts_spelled_out(text); spelled != text)
    index.search_text += script::fold_for_search(spelled) + " ";
  return index;
}

std::string person_match_keys(const json& answers) {
  const json& about = member(answers, "about");
  const auto text = [&](const char* field) {
    const json& v = member(about, field);
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  std::optional<int> year;
  if (const json& v = member(about, "year_of_birth"); v.is_number_integer())
    year = static_cast<int>(std::clamp<std::int64_t>(v.get<std::int64_t>(), 0, 9999));
  return encode(person_keys(text("name"), year, text("phone"), text("email")));
}

SearchSql search_where(const RecordFilter& f, char placeholder) {
  SearchSql sql;
  std::vector<std::string> clauses;
  const auto param = [&](std::string value) {
    sql.params.push_back(std::move(value));
    return std::string(1, placeholder) + std::to_string(sql.params.size());
  };
  // The office's column is an integer: its id is compared as one (never the user's text).
  if (f.office_id) clauses.push_back("i.office_id = " + std::to_string(*f.office_id));
  if (!f.event_id.empty()) clauses.push_back("i.event_id = " + param(f.event_id));
  if (!f.date_from.empty()) clauses.push_back("i.event_date >= " + param(f.date_from));
  if (!f.date_to.empty()) clauses.push_back("i.event_date <= " + param(f.date_to));
  if (!f.country.empty()) clauses.push_back("i.country = " + param(f.country));
  // A token of a list like " 7411 2211 ".
  const auto token_in = [&](const char* column, const std::string& token) {
    if (!token.empty())
      clauses.push_back(std::string("i.") + column + " LIKE " +
                        param("% " + like_literal(token) + " %") + " ESCAPE '\\'");
  };
  token_in("occupations", f.occupation);
  token_in("languages", f.language);
  token_in("isco_majors", f.isco_major);
  token_in("regulated", f.regulated);
  token_in("procedures", f.procedure);
  token_in("bodies", f.body);
  if (f.wants_advice)
    clauses.push_back(*f.wants_advice ? "i.wants_advice = 1" : "i.wants_advice = 0");
  const std::string folded = script::fold_for_search(f.text);
  std::size_t at = 0, words = 0;
  while (at < folded.size() && words < kMaxSearchWords) {
    std::size_t end = folded.find(' ', at);
    if (end == std::string::npos) end = folded.size();
    if (end > at && ++words)
      clauses.push_back("i.search_text LIKE " +
                        param("% " + like_literal(folded.substr(at, end - at)) + "%") +
                        " ESCAPE '\\'");
    at = end + 1;
  }
  for (std::size_t k = 0; k < clauses.size(); ++k) sql.where += (k ? " AND " : "") + clauses[k];
  if (sql.where.empty()) sql.where = "1 = 1";
  return sql;
}

std::string search_rows_sql(const RecordFilter& filter, const SearchSql& where) {
  std::string sql =
      "SELECT r.record_id, r.device_id, r.received_at, r.record_json, i.isco_majors, "
      "i.regulated, i.procedures, i.bodies FROM record_index i "
      "JOIN records r ON r.record_id = i.record_id AND r.version = i.version WHERE " +
      where.where + " ORDER BY i.received_at DESC, i.record_id";
  // Numbers of ours, not the user's text: written into the statement.
  if (filter.limit > 0)
    sql += " LIMIT " + std::to_string(filter.limit) + " OFFSET " + std::to_string(filter.offset);
  return sql;
}

std::vector<std::string> split_codes(const std::vector<std::string>& lists) {
  std::set<std::string> codes;
  for (const std::string& list : lists) {
    std::size_t at = 0;
    while (at < list.size()) {
      std::size_t end = list.find(' ', at);
      if (end == std::string::npos) end = list.size();
      if (end > at) codes.insert(list.substr(at, end - at));
      at = end + 1;
    }
  }
  return {codes.begin(), codes.end()};
}

SearchSql case_where(const CaseFilter& f, char placeholder, bool event_leads) {
  SearchSql sql;
  std::vector<std::string> clauses;
  const auto param = [&](std::string value) {
    sql.params.push_back(std::move(value));
    return std::string(1, placeholder) + std::to_string(sql.params.size());
  };
  // With an event, its few people lead (by the cases' key), not the office's many cases: the
  // unary + keeps SQLite from walking the office's index instead. (PostgreSQL finds that plan
  // itself, and the + would only spoil its estimate.)
  if (f.office_id)
    clauses.push_back((event_leads && !f.event_id.empty() ? "+c.office_id = " : "c.office_id = ") +
                      std::to_string(*f.office_id));
  if (!f.assigned_to.empty()) clauses.push_back("c.assigned_to = " + param(f.assigned_to));
  if (f.stage)
    clauses.push_back("c.stage = " + param(std::string(case_stage_name(*f.stage))));
  else if (!f.include_closed)
    clauses.push_back("c.stage <> 'closed'");
  if (!f.overdue_before.empty())
    clauses.push_back("c.next_action_date > '' AND c.next_action_date < " +
                      param(f.overdue_before));
  if (!f.event_id.empty())
    clauses.push_back("c.person_id IN (SELECT e.person_id FROM record_index e WHERE e.event_id = " +
                      param(f.event_id) + ")");
  if (!f.wish.empty())
    clauses.push_back("c.wishes LIKE " + param("% " + like_literal(f.wish) + " %") +
                      " ESCAPE '\\'");
  for (std::size_t k = 0; k < clauses.size(); ++k) sql.where += (k ? " AND " : "") + clauses[k];
  if (sql.where.empty()) sql.where = "1 = 1";
  return sql;
}

std::string case_count_sql(const SearchSql& where) {
  return "SELECT count(*) FROM cases c WHERE " + where.where;
}

SearchSql case_counts_sql(const CaseFilter& f, char placeholder, bool event_leads) {
  // The tabs differ only in stage, login and day: every stage at once, the other two as sums.
  CaseFilter scope = f;
  scope.assigned_to.clear();
  scope.overdue_before.clear();
  scope.stage.reset();
  scope.include_closed = true;
  SearchSql sql = case_where(scope, placeholder, event_leads);
  const std::string p = std::string(1, placeholder);
  const std::string login = p + std::to_string(sql.params.size() + 1),
                    day = p + std::to_string(sql.params.size() + 2);
  sql.params.push_back(f.assigned_to);
  sql.params.push_back(f.overdue_before);
  sql.where = "SELECT c.stage, count(*), sum(CASE WHEN c.assigned_to = " + login +
              " AND c.assigned_to <> '' THEN 1 ELSE 0 END), sum(CASE WHEN "
              "c.next_action_date > '' AND c.next_action_date < " +
              day + " THEN 1 ELSE 0 END) FROM cases c WHERE " + sql.where + " GROUP BY c.stage";
  return sql;
}

std::string case_rows_sql(const CaseFilter& f, const SearchSql& where) {
  const std::string order = f.overdue_before.empty()
                                ? " ORDER BY c.updated_at DESC, c.person_id DESC"
                                : " ORDER BY c.next_action_date, c.person_id";
  // The page's cases first, and only for them the newest profile's JSON and the count of
  // profiles: sorting every match with its JSON made a list of thousands slow.
  std::string page = "SELECT c.* FROM cases c WHERE " + where.where + order;
  // Numbers of ours, not the user's text: written into the statement.
  if (f.limit > 0)
    page += " LIMIT " + std::to_string(f.limit) + " OFFSET " + std::to_string(f.offset);
  return "SELECT c.person_id, c.office_id, c.stage, c.assigned_to, c.next_action, "
         "c.next_action_date, c.competent_body, c.decision, c.outcome, c.opened_by, "
         "c.opened_at, c.updated_at, c.revision, r.record_id, r.device_id, r.received_at, "
         "r.record_json, (SELECT count(*) FROM record_index k WHERE k.person_id = c.person_id) "
         "FROM (" +
         page +
         ") c JOIN persons p ON p.id = c.person_id "
         "LEFT JOIN record_index n ON n.record_id = p.newest_record "
         "LEFT JOIN records r ON r.record_id = n.record_id AND r.version = n.version" +
         order;
}

std::string search_count_sql(const SearchSql& where) {
  return "SELECT count(*) FROM record_index i WHERE " + where.where;
}

}  // namespace sichtbar::hub
