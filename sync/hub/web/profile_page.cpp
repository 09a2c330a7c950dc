// Rendering the person's pages; see profile_page.h. Every value from the record goes through
// HtmlBuilder::text or person_text (escaped); labels come from the catalogues and are escaped
// too, so a catalogue can never inject markup either.
#include "hub/web/profile_page.h"

#include <mutex>

#include "domain/names.h"
#include "domain/ui_languages.h"
#include "hub/record_index.h"
#include "hub/web/html.h"

namespace sichtbar::hub::web {

namespace {

using nlohmann::json;
constexpr std::string_view kGerman = "de";

// Writes the label in the page's language, with the German one alongside unless the page is
// German: office staff and employers read German.
void label_with_german(HtmlBuilder& html, const PageTexts& texts, std::string_view lang,
                       std::string_view key) {
  html.text(texts.text(lang, key));
  if (lang != kGerman)
    html.element("span", texts.text(kGerman, key),
                 {{"class", "de"}, {"lang", "de"}, {"dir", "ltr"}});
}

// A name from ICU in the page's language, and in German alongside.
void name_with_german(HtmlBuilder& html, std::string_view lang, std::string_view in_lang,
                      std::string_view in_german) {
  html.text(in_lang);
  if (lang != kGerman && in_german != in_lang)
    html.element("span", in_german, {{"class", "de"}, {"lang", "de"}, {"dir", "ltr"}});
}

// A catalogue text with {placeholders} whose values someone typed (the event's name): the
// template's words as text, each value isolated in its own <bdi>.
void message_with_values(HtmlBuilder& html, std::string_view text,
                         std::initializer_list<MessageValue> values) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('{', at);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    const std::string_view name = text.substr(open + 1, close - open - 1);
    const MessageValue* value = nullptr;
    for (const MessageValue& v : values)
      if (v.name == name) value = &v;
    html.text(text.substr(at, (value ? open : close + 1) - at));
    if (value) html.person_text(value->value);
    at = close + 1;
  }
  html.text(text.substr(std::min(at, text.size())));
}

const Option* find_option(const Field& field, std::string_view value) {
  for (const Option& o : field.options)
    if (o.value == value) return &o;
  return nullptr;
}

std::string scalar_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

void render_value(HtmlBuilder& html, const PageContext& ctx, std::string_view lang,
                  const Field& field, const json& value);

// The form version the record was made with, or the newest one when the hub does not hold it.
const Form& form_of(const PageContext& ctx, const json& record) {
  const Form* form = ctx.forms.find_for_record(record);
  return form != nullptr ? *form : ctx.forms.latest();
}

void render_choice(HtmlBuilder& html, const PageContext& ctx, std::string_view lang,
                   const Field& field, const json& value) {
  const std::string v = scalar_text(value);
  if (const Option* o = find_option(field, v)) {
    label_with_german(html, ctx.texts, lang, o->label_key);
  } else {
    html.person_text(v);  // not in this form version: shown as it is, escaped
  }
}

void render_fields(HtmlBuilder& html, const PageContext& ctx, std::string_view lang,
                   const std::vector<Field>& fields, const json& answers) {
  html.open("dl", {{"class", "fields"}});
  for (const Field& field : fields) {
    if (!answers.is_object() || !answers.contains(field.id)) continue;
    const json& value = answers.at(field.id);
    if (value.is_null() || (value.is_array() && value.empty()) ||
        (value.is_string() && value.get_ref<const std::string&>().empty()))
      continue;
    html.open("div", {{"class", "field"}});
    html.open("dt");
    label_with_german(html, ctx.texts, lang, field.label_key);
    html.close("dt").open("dd");
    render_value(html, ctx, lang, field, value);
    html.close("dd").close("div");
  }
  html.close("dl");
}

void render_value(HtmlBuilder& html, const PageContext& ctx, std::string_view lang,
                  const Field& field, const json& value) {
  const PageTexts& texts = ctx.texts;
  switch (field.type) {
    case FieldType::Text:
      html.person_text(scalar_text(value));
      return;
    case FieldType::LongText:
      html.open("bdi", {{"class", "long"}}).text(scalar_text(value)).close("bdi");
      return;
    case FieldType::Year:
    case FieldType::Number:
      if (value.is_number())
        html.text(value.dump());
      else
        html.person_text(scalar_text(value));
      return;
    case FieldType::YesNo:
      if (value.is_boolean())
        label_with_german(html, texts, lang, value.get<bool>() ? "answer.yes" : "answer.no");
      else
        html.person_text(scalar_text(value));
      return;
    case FieldType::SingleChoice:
    case FieldType::LanguageLevel:
      render_choice(html, ctx, lang, field, value);
      return;
    case FieldType::MultiChoice:
    case FieldType::Consent:
      if (!value.is_array()) return render_choice(html, ctx, lang, field, value);
      html.open("ul", {{"class", "choices"}});
      for (const json& v : value) {
        html.open("li");
        render_choice(html, ctx, lang, field, v);
        html.close("li");
      }
      html.close("ul");
      return;
    case FieldType::Taxonomy: {
      const std::string code = scalar_text(value);
      if (field.taxonomy == "country") {
        name_with_german(html, lang, script::country_name(code, lang),
                         script::country_name(code, kGerman));
      } else if (field.taxonomy == "language") {
        name_with_german(html, lang, script::language_name(code, lang),
                         script::language_name(code, kGerman));
      } else if (auto named =
                     ctx.occupations ? ctx.occupations->find_name(code, lang) : std::nullopt) {
        // An ESCO occupation or an old ISCO code by its name in the person's language, German
        // alongside (occupations.h says which names stand in); the ISCO unit for the office.
        name_with_german(html, lang, *named, ctx.occupations->name(code, kGerman));
        html.text(" ")
            .open("code", {{"dir", "ltr"}, {"class", "code"}})
            .text(ctx.occupations->isco_unit(code))
            .close("code");
      } else {
        // A code this hub's data does not have (an ESCO URI from a kiosk with newer data): the
        // code, and a note saying what it is.
        html.open("code", {{"dir", "ltr"}}).text(code).close("code");
        html.open("small", {{"class", "note"}});
        label_with_german(html, texts, lang, "page.occupation_code");
        html.close("small");
      }
      return;
    }
    case FieldType::Group: {
      if (!value.is_array()) return html.person_text(scalar_text(value)), void();
      html.open("ol", {{"class", "items"}});
      for (const json& item : value) {
        html.open("li");
        render_fields(html, ctx, lang, field.fields, item);
        html.close("li");
      }
      html.close("ol");
      return;
    }
  }
}

// The language switch: every UI language by its own name, with the German name alongside.
// Relative links (?lang=xx) keep the page's path, so no token is written into them.
std::string language_switch_markup(const PageTexts& texts, std::string_view lang) {
  HtmlBuilder html;
  html.open("nav", {{"class", "languages"}, {"aria-label", texts.text(lang, "ui.nav.language")}});
  html.open("ul");
  for (std::string_view code : kUiLanguages) {
    const std::string href = "?lang=" + std::string(code);
    const std::string autonym = script::language_autonym(code);
    html.open("li");
    if (code == lang)
      html.open("a",
                {{"href", href}, {"hreflang", code}, {"lang", code}, {"aria-current", "page"}});
    else
      html.open("a", {{"href", href}, {"hreflang", code}, {"lang", code}});
    html.text(autonym);
    html.close("a");
    if (code != kGerman)
      html.element("span", script::language_name(code, kGerman),
                   {{"class", "de"}, {"lang", "de"}, {"dir", "ltr"}});
    html.close("li");
  }
  html.close("ul").close("nav");
  return html.take();
}

// The switch is the same for every page of a language, and its 23 ICU names cost more than the
// rest of a page: made once per language (the benchmark's profile page went from about 0.1 of
// the static file's throughput up). Keyed by language alone: a process has one set of
// catalogues (the hub's assets).
void render_language_switch(HtmlBuilder& html, const PageTexts& texts, std::string_view lang) {
  static std::mutex mutex;
  static std::map<std::string, std::string, std::less<>> made;
  std::lock_guard lock(mutex);
  auto it = made.find(lang);
  if (it == made.end())
    it = made.emplace(std::string(lang), language_switch_markup(texts, lang)).first;
  html.trusted_markup(it->second);
}

// The whole document around a page's main content.
std::string document(const PageTexts& texts, std::string_view lang, std::string_view title,
                     std::string_view main_markup, bool language_switch) {
  HtmlBuilder html;
  open_document(html, lang, is_right_to_left(lang) ? "rtl" : "ltr");
  html.element("title", title);
  html.void_element("link", {{"rel", "stylesheet"}, {"href", "/assets/style.css"}});
  html.close("head");
  html.open("body");
  if (language_switch) render_language_switch(html, texts, lang);
  html.open("main").trusted_markup(main_markup).close("main");
  html.open("footer");
  html.element("p", texts.text(lang, "ui.qr.keep_private"));
  html.element("p", texts.text(lang, "page.print_hint"), {{"class", "screen-only"}});
  html.element("p", "Sichtbar", {{"class", "brand"}, {"lang", "de"}});
  html.close("footer");
  html.close("body").close("html");
  return html.take();
}

// A page with a heading and one paragraph, German alongside (the neutral and result pages).
// after: a text someone typed (an office's contact), shown below the message, its lines kept.
std::string message_page(const PageTexts& texts, std::string_view lang, std::string_view title_key,
                         std::string_view text_key, bool language_switch,
                         std::string_view after = {}) {
  HtmlBuilder main;
  main.open("section", {{"class", "message"}});
  main.open("h1");
  label_with_german(main, texts, lang, title_key);
  main.close("h1");
  main.element("p", texts.text(lang, text_key));
  if (lang != kGerman)
    main.element("p", texts.text(kGerman, text_key),
                 {{"class", "de"}, {"lang", "de"}, {"dir", "ltr"}});
  if (!after.empty()) main.element("bdi", after, {{"class", "long"}});
  main.close("section");
  return document(texts, lang, texts.text(lang, title_key), main.str(), language_switch);
}

// --- "Your way to recognition" (issue #15) ------------------------------------------------

// The occupations the person entered (work experience, wished occupation): every answer of a
// taxonomy field of kind "occupation", with the field's label.
void collect_occupations(const std::vector<Field>& fields, const json& answers,
                         std::vector<std::pair<const Field*, std::string>>& out) {
  if (!answers.is_object()) return;
  for (const Field& field : fields) {
    if (!answers.contains(field.id)) continue;
    const json& value = answers.at(field.id);
    if (field.type == FieldType::Group && value.is_array()) {
      for (const json& item : value) collect_occupations(field.fields, item, out);
    } else if (field.type == FieldType::Taxonomy && field.taxonomy == "occupation" &&
               value.is_string() && !value.get_ref<const std::string&>().empty()) {
      out.emplace_back(&field, value.get<std::string>());
    }
  }
}

// Who decides, or the counselling: the body's name (a German proper name), its web address and
// postal address.
void render_body(HtmlBuilder& html, const RecognitionBody& body) {
  html.open("p", {{"class", "body"}});
  html.element("strong", body.name, {{"lang", "de"}, {"dir", "ltr"}});
  // As text, not a link: the person's page refers to nothing outside the hub (its browser test
  // checks that), and on paper the address is what counts.
  html.element("span", body.url, {{"class", "url"}, {"dir", "ltr"}});
  if (!body.address.empty())
    html.element("span", body.address, {{"class", "address"}, {"lang", "de"}, {"dir", "ltr"}});
  html.close("p");
}

void render_counselling(HtmlBuilder& html, const PageContext& ctx, std::string_view lang,
                        const RecognitionMap& map, bool asked) {
  const PageTexts& texts = ctx.texts;
  html.open("div", {{"class", asked ? "counselling asked" : "counselling"}});
  html.open("h3");
  label_with_german(html, texts, lang, "recognition.counselling.title");
  html.close("h3");
  if (asked) html.element("p", texts.text(lang, "recognition.counselling.asked"));
  html.element("p", texts.text(lang, "recognition.counselling.text"));
  render_body(html, map.counselling());
  html.close("div");
}

void render_field_row(HtmlBuilder& html, const PageTexts& texts, std::string_view lang,
                      std::string_view label_key, std::string_view value_key) {
  html.open("div", {{"class", "field"}}).open("dt");
  label_with_german(html, texts, lang, label_key);
  html.close("dt").open("dd");
  label_with_german(html, texts, lang, value_key);
  html.close("dd").close("div");
}

void render_way(HtmlBuilder& html, const PageContext& ctx, std::string_view lang,
                const RecognitionMap& map, const Field& field, const std::string& answer) {
  const PageTexts& texts = ctx.texts;
  // The ESCO data gives the unit of a URI the map lacks (and so the general way, by the kind of
  // qualification the unit usually needs).
  const OccupationList* list = ctx.occupations;
  const EscoIndex esco = list ? esco_index(list->esco()) : EscoIndex{};
  const RecognitionAnswer way = map.way_for(answer, list ? &esco : nullptr);
  const RecognitionEntry& entry = *way.entry;
  html.open("article", {{"class", "way"}});
  html.open("h3");
  label_with_german(html, texts, lang, field.label_key);
  html.close("h3");
  html.open("p", {{"class", "occupation"}});
  const auto name = list ? list->find_name(answer, lang) : std::nullopt;
  if (name)
    name_with_german(html, lang, *name, list->find_name(answer, kGerman).value_or(*name));
  else
    html.open("code", {{"dir", "ltr"}}).text(answer).close("code");
  html.close("p");
  html.open("p", {{"class", "reference"}});
  html.text(texts.text(lang, "recognition.reference")).text(": ");
  html.element("span", entry.reference_de, {{"lang", "de"}, {"dir", "ltr"}, {"class", "name"}});
  html.close("p");
  if (way.match != RecognitionMatch::exact)
    html.element(
        "p",
        texts.text(lang, way.match == RecognitionMatch::unit ? "recognition.match.unit"
                                                             : "recognition.match.general"),
        {{"class", "match"}});
  html.open("dl", {{"class", "fields"}});
  render_field_row(html, texts, lang, "recognition.regulated.label",
                   "recognition.regulated." + std::string(regulated_name(entry.regulated)));
  render_field_row(html, texts, lang, "recognition.procedure.label",
                   "recognition.procedure." + std::string(procedure_name(entry.procedure)));
  html.open("div", {{"class", "field"}}).open("dt");
  label_with_german(html, texts, lang, "recognition.body.label");
  html.close("dt").open("dd");
  for (const std::string& id : entry.bodies)
    if (const RecognitionBody* body = map.body(id)) render_body(html, *body);
  html.close("dd").close("div");
  html.open("div", {{"class", "field"}}).open("dt");
  label_with_german(html, texts, lang, "recognition.bring.label");
  html.close("dt").open("dd").open("ul", {{"class", "choices"}});
  for (const std::string& key : entry.bring) {
    html.open("li");
    label_with_german(html, texts, lang, key);
    html.close("li");
  }
  html.close("ul").close("dd").close("div");
  html.close("dl");
  if (!entry.note_key.empty())
    html.element("p", texts.text(lang, entry.note_key), {{"class", "note"}});
  if (!entry.expert_checked) {
    html.open("p", {{"class", "unchecked"}});
    label_with_german(html, texts, lang, "recognition.unchecked");
    html.close("p");
  }
  html.element("small", entry.legal_source + " · " + entry.checked,
               {{"class", "source"}, {"lang", "de"}, {"dir", "ltr"}});
  html.close("article");
}

// The education entries that say where their papers are (form version 2 on), with the field
// that asks it; none for a record of a form without that question.
struct Papers {
  const Field* field = nullptr;
  std::vector<const json*> entries;
};
Papers papers_of(const Form& form, const json& answers) {
  Papers out;
  const Field* items = form.find_field("education", "items");
  if (items == nullptr) return out;
  for (const Field& f : items->fields)
    if (f.id == "documents_status") out.field = &f;
  const auto education = answers.find("education");
  if (out.field == nullptr || education == answers.end() || !education->is_object()) return out;
  const auto list = education->find("items");
  if (list == education->end() || !list->is_array()) return out;
  for (const json& entry : *list)
    if (entry.is_object() && entry.contains(out.field->id)) out.entries.push_back(&entry);
  return out;
}

// Where each qualification's papers are, beside what the ways ask to bring: without them (left
// at home, lost, never issued) there are ways too, copies sent from home or a skills analysis
// (Qualifikationsanalyse) with work samples, which the note names.
void render_papers(HtmlBuilder& html, const PageContext& ctx, std::string_view lang,
                   const Papers& papers) {
  if (papers.entries.empty()) return;
  html.open("div", {{"class", "papers"}}).open("h3");
  label_with_german(html, ctx.texts, lang, papers.field->label_key);
  html.close("h3").open("ul", {{"class", "choices"}});
  bool without = false;
  for (const json* entry : papers.entries) {
    html.open("li");
    const auto title = entry->find("title");
    if (title != entry->end() && title->is_string() && !title->get_ref<const std::string&>().empty())
      html.person_text(title->get<std::string>()).text(": ");
    const json& where = entry->at(papers.field->id);
    render_choice(html, ctx, lang, *papers.field, where);
    without = without || where != "with_me";
    html.close("li");
  }
  html.close("ul");
  if (without) {
    html.open("p", {{"class", "note"}});
    label_with_german(html, ctx.texts, lang, "recognition.papers.note");
    html.close("p");
  }
  html.close("div");
}

// For each occupation the person entered: regulated or not, the procedure, who decides, what to
// bring; where the papers of each qualification are; the free counselling first and highlighted
// when they asked for advice on recognition, else at the end. Nothing when the page has no map or
// the person entered neither an occupation nor where their papers are.
void render_recognition_section(HtmlBuilder& html, const PageContext& ctx, std::string_view lang,
                                const Form& form, const json& record, const json& answers) {
  if (ctx.recognition == nullptr) return;
  std::vector<std::pair<const Field*, std::string>> occupations;
  for (const Section& section : form.sections)
    if (answers.contains(section.id))
      collect_occupations(section.fields, answers[section.id], occupations);
  const Papers papers = papers_of(form, answers);
  if (occupations.empty() && papers.entries.empty()) return;
  const RecognitionMap& map = *ctx.recognition;
  // The same rule as the office's filter "wants advice" (record_index.h).
  const bool asked = index_record(record.dump()).wants_advice;
  const PageTexts& texts = ctx.texts;
  html.open("section", {{"class", "recognition"}, {"id", "recognition"}});
  html.open("h2");
  label_with_german(html, texts, lang, "recognition.title");
  html.close("h2");
  html.open("p", {{"class", "guidance"}});
  label_with_german(html, texts, lang, "recognition.guidance");
  html.close("p");
  if (asked) render_counselling(html, ctx, lang, map, true);
  for (const auto& [field, answer] : occupations) render_way(html, ctx, lang, map, *field, answer);
  render_papers(html, ctx, lang, papers);
  if (!asked) render_counselling(html, ctx, lang, map, false);
  html.close("section");
}

}  // namespace

Result<PageTexts> PageTexts::load(const std::filesystem::path& i18n_dir) {
  PageTexts texts;
  for (std::string_view lang : kUiLanguages) {
    auto c = Catalogue::load_locale(i18n_dir, lang);
    if (!c) return std::unexpected(c.error());
    texts.catalogues_.emplace(std::string(lang), std::move(*c));
  }
  return texts;
}

const std::string& PageTexts::text(std::string_view lang, std::string_view key) const {
  for (std::string_view l : {lang, kGerman}) {
    auto it = catalogues_.find(l);
    if (it == catalogues_.end()) continue;
    if (const std::string* t = it->second.find(key)) return *t;
  }
  // Only reached for a key no catalogue has: a programming error that tests catch by the key
  // showing on the page. Kept so the reference stays valid.
  auto it = missing_.find(key);
  if (it == missing_.end()) it = missing_.emplace(std::string(key), std::string(key)).first;
  return it->second;
}

std::string_view page_language(std::string_view requested, std::string_view fallback) {
  for (std::string_view l : kUiLanguages)
    if (l == requested) return l;
  for (std::string_view l : kUiLanguages)
    if (l == fallback) return l;
  return kGerman;
}

std::string render_profile_content(const PageContext& ctx, const json& record,
                                   std::string_view lang) {
  const PageTexts& texts = ctx.texts;
  const Form& form = form_of(ctx, record);
  const json empty = json::object();
  const json& answers =
      record.contains("answers") && record["answers"].is_object() ? record["answers"] : empty;
  HtmlBuilder main;
  main.open("header", {{"class", "profile-head"}});
  main.open("h1");
  label_with_german(main, texts, lang, form.title_key);
  main.close("h1");
  if (answers.contains("about") && answers["about"].is_object() &&
      answers["about"].contains("name") && answers["about"]["name"].is_string())
    main.open("p", {{"class", "person-name"}})
        .person_text(answers["about"]["name"].get<std::string>())
        .close("p");
  if (record.contains("event") && record["event"].is_object()) {
    const json& event = record["event"];
    const std::string name = event.value("name", std::string());
    const std::string date = event.value("date", std::string());
    main.open("p", {{"class", "event"}});
    message_with_values(main, texts.text(lang, "page.recorded_at"),
                        {{"event", name}, {"date", script::date_name(date, lang)}});
    main.close("p");
  }
  main.close("header");

  for (const Section& section : form.sections) {
    if (!answers.contains(section.id) || !answers[section.id].is_object() ||
        answers[section.id].empty())
      continue;
    main.open("section", {{"class", "answers"}});
    main.open("h2");
    label_with_german(main, texts, lang, section.title_key);
    main.close("h2");
    render_fields(main, ctx, lang, section.fields, answers[section.id]);
    main.close("section");
  }

  render_recognition_section(main, ctx, lang, form, record, answers);

  // What the person agreed to: the purposes they granted, by their labels.
  if (record.contains("consent") && record["consent"].is_object() &&
      record["consent"].contains("purposes") && record["consent"]["purposes"].is_object()) {
    const Field& consent = form.consent_field();
    main.open("section", {{"class", "consent"}});
    main.open("h2");
    label_with_german(main, texts, lang, "page.consent.title");
    main.close("h2").open("ul", {{"class", "choices"}});
    for (const Option& purpose : consent.options) {
      const json& granted = record["consent"]["purposes"];
      if (!granted.contains(purpose.value) || !granted[purpose.value].is_boolean() ||
          !granted[purpose.value].get<bool>())
        continue;
      main.open("li");
      label_with_german(main, texts, lang, purpose.label_key);
      main.close("li");
    }
    main.close("ul").close("section");
  }
  return main.take();
}

std::string render_profile_page(const PageContext& ctx, const json& record, std::string_view lang,
                                std::string_view token) {
  const PageTexts& texts = ctx.texts;
  HtmlBuilder main;
  main.trusted_markup(render_profile_content(ctx, record, lang));
  main.open("section", {{"class", "erase screen-only"}});
  main.open("a", {{"class", "button danger"},
                  {"href", "/p/" + std::string(token) + "/erase?lang=" + std::string(lang)}});
  label_with_german(main, texts, lang, "page.erase.button");
  main.close("a").close("section");
  return document(texts, lang, texts.text(lang, form_of(ctx, record).title_key), main.str(), true);
}

std::string render_pending_page(const PageTexts& texts, std::string_view lang) {
  return message_page(texts, lang, "page.pending.title", "page.pending.text", true);
}

std::string render_erase_confirm_page(const PageTexts& texts, std::string_view lang,
                                      std::string_view token, std::string_view nonce) {
  const std::string base = "/p/" + std::string(token);
  HtmlBuilder main;
  main.open("section", {{"class", "message"}});
  main.open("h1");
  label_with_german(main, texts, lang, "page.erase.title");
  main.close("h1");
  main.element("p", texts.text(lang, "page.erase.text"));
  if (lang != kGerman)
    main.element("p", texts.text(kGerman, "page.erase.text"),
                 {{"class", "de"}, {"lang", "de"}, {"dir", "ltr"}});
  main.open("form", {{"method", "post"}, {"action", base + "/erase"}, {"class", "actions"}});
  main.void_element("input", {{"type", "hidden"}, {"name", "nonce"}, {"value", nonce}});
  main.void_element("input", {{"type", "hidden"}, {"name", "lang"}, {"value", lang}});
  main.open("button", {{"type", "submit"}, {"class", "button danger"}});
  label_with_german(main, texts, lang, "page.erase.confirm");
  main.close("button");
  main.open("a", {{"class", "button"}, {"href", base + "?lang=" + std::string(lang)}});
  label_with_german(main, texts, lang, "page.erase.cancel");
  main.close("a");
  main.close("form").close("section");
  return document(texts, lang, texts.text(lang, "page.erase.title"), main.str(), false);
}

std::string render_erased_page(const PageTexts& texts, std::string_view lang, bool others_remain,
                               std::string_view office_contact) {
  if (others_remain)
    return message_page(texts, lang, "page.erased.title", "page.erased.others", false,
                        office_contact);
  return message_page(texts, lang, "page.erased.title", "page.erased.text", false);
}

std::string render_erase_refused_page(const PageTexts& texts, std::string_view lang) {
  return message_page(texts, lang, "page.erase.refused.title", "page.erase.refused.text", false);
}

std::string render_too_many_requests_page(const PageTexts& texts, std::string_view lang) {
  return message_page(texts, lang, "page.too_many.title", "page.too_many.text", false);
}

}  // namespace sichtbar::hub::web
