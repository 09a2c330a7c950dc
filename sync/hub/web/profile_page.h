// The pages a person sees from their QR link: their profile, the neutral "on its way" page
// (before their kiosk synced, and for any link the hub does not know or that was erased: the
// same bytes, so the page tells nobody whether a link ever existed), the erasure confirmation
// and its result, and the "too many requests" page. Pure functions from a record, the form
// version it names and the catalogues to HTML: no store, no HTTP, so they are tested on their own.
//
// Language: the record's locale, or the one the link or the language switch asks for (?lang=);
// an unknown one is German. Labels carry German alongside for office staff and employers.
// Right to left (dir="rtl") for Arabic, Farsi and Pashto; the stylesheet uses logical
// properties, so the layout mirrors by itself.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/error.h"
#include "domain/catalogue.h"
#include "domain/form_library.h"
#include "domain/occupations.h"
#include "domain/recognition.h"

namespace sichtbar::hub::web {

// Every UI language's catalogue, loaded once at start.
class PageTexts {
 public:
  // assets/i18n; every language of kUiLanguages must have its catalogue.
  static Result<PageTexts> load(const std::filesystem::path& i18n_dir);
  // The text of key in lang (a UI language), else in German, else the key itself (so a
  // missing text shows, and tests catch it).
  const std::string& text(std::string_view lang, std::string_view key) const;

 private:
  std::map<std::string, Catalogue, std::less<>> catalogues_;
  mutable std::map<std::string, std::string, std::less<>> missing_;
};

// requested if it is a UI language, else fallback if it is one, else German.
std::string_view page_language(std::string_view requested, std::string_view fallback);

struct PageContext {
  // Every version of the form: a record is shown with the version it was made with (the newest
  // if the hub no longer has that one: what it cannot label, it shows as recorded).
  const FormLibrary& forms;
  const PageTexts& texts;
  // Names the occupation codes people chose; without it the page shows the codes.
  const OccupationList* occupations = nullptr;
  // The way to recognition per occupation entered; without it the page has no such section.
  const RecognitionMap* recognition = nullptr;
};

// The profile of one record (its JSON as stored). token: the link's token, already checked to
// be base64url; it appears only in the links to the erasure step.
std::string render_profile_page(const PageContext& context, const nlohmann::json& record,
                                std::string_view lang, std::string_view token);
// What both the person's page and the office's view of a record show: the heading with the
// person's name and event, the answered sections and the consent given. No page frame, no links.
std::string render_profile_content(const PageContext& context, const nlohmann::json& record,
                                   std::string_view lang);
// Before sync, unknown, erased: one page per language, whatever the token.
std::string render_pending_page(const PageTexts& texts, std::string_view lang);
// "Delete your profile?" with a POST form carrying the erasure nonce (see erase_nonce.h).
std::string render_erase_confirm_page(const PageTexts& texts, std::string_view lang,
                                      std::string_view token, std::string_view nonce);
// others_remain: the office holds other profiles of the person (staff linked them, maybe
// wrongly): the page says only this profile is deleted, names none of the others, and gives the
// office's contact (office_contact, as the office typed it) to ask for everything to be erased.
std::string render_erased_page(const PageTexts& texts, std::string_view lang,
                               bool others_remain = false, std::string_view office_contact = {});
std::string render_erase_refused_page(const PageTexts& texts, std::string_view lang);
std::string render_too_many_requests_page(const PageTexts& texts, std::string_view lang);

}  // namespace sichtbar::hub::web
