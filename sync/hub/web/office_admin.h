// The administrator's pages of the office UI: the logins (name, role, office; add, change,
// remove), the counselling offices with their settings as the controller (add, edit), moving a
// kiosk to another office, and the home page of the statistics role. Mounted by OfficeUi, whose
// session check (office_permissions.h) has refused everyone but administrators before a handler
// here runs; every POST carries the session's CSRF token, every change is audited with who and
// when, and bad input gets a page that says what to fix while nothing is changed.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hub/http/http.h"
#include "hub/hub_store.h"
#include "hub/ingest.h"
#include "hub/web/office_auth.h"
#include "hub/web/office_gate.h"
#include "hub/web/office_pages.h"
#include "hub/web/office_texts.h"

namespace sichtbar::hub::web {


// The administrator's routes (/office/admin/..., /office/kiosks/<id>/office). consent_book
// (may be null): an office's settings' consent texts are kept before they change.
void mount_office_admin(http::Router& routes, HubStore& store, const OfficeTexts& texts,
                        OfficeGate& gate, ConsentTextBook* consent_book);

// What an office's settings may hold: enough for an address block, not a document.
inline constexpr std::size_t kMaxOfficeName = 200, kMaxOfficeText = 1000;
inline constexpr std::int32_t kMaxRetentionDays = 3650;
// Cleans an office's texts as typed (clean_text: one line for the name, lines for the rest) and
// says what is wrong, for the office pages and the command line alike: "" when nothing, else
// "bad_text" (not UTF-8), "no_name", "too_long" or "bad_retention"
// (not 0..kMaxRetentionDays).
std::string settle_office(Office& office);

// Whether another office than except_id already has the name (names are unique: the consent
// screens must tell the controllers apart). Asked before adding or renaming, so that the answer
// says so in words whatever the database's constraint error looks like.
Result<bool> office_name_taken(HubStore& store, std::string_view name, std::int64_t except_id);

// An office's settings a kiosk's consent screens cannot do without are missing (the first
// office starts with a placeholder name and nothing else, and was never edited): the pages flag it
// until completed.
bool office_incomplete(const Office& office);
// The command that completes an incomplete office, with a flag for each setting it lacks (and
// --name while the first office's placeholder name was never set): "sichtbar-hub office set 1
// --contact \"...\" --dpo \"...\" --authority \"...\"". `sichtbar-hub enroll` and `serve`
// say it to the office's IT.
std::string office_set_command(const Office& office);

// The office's word for a role ("Beratung").
const std::string& role_label(const OfficeTexts& texts, OfficeRole role);

struct LoginsView {
  std::span<const OfficeUser> users;
  std::span<const Office> offices;
  std::string_view message;  // what was wrong with the last form ("" if nothing)
  // The add form's fields as typed, kept after a refusal (never the passwords).
  std::string_view name, role, office;
};
std::string render_logins_page(const OfficeLayout& layout, const LoginsView& view);

std::string render_offices_page(const OfficeLayout& layout, std::span<const Office> offices,
                                const Office& typed, std::string_view message);
std::string render_office_page(const OfficeLayout& layout, const Office& office,
                               std::string_view message);

// The statistics role's home: what it can see (the figures of its office) and that it sees no
// person.
std::string render_statistics_home(const OfficeLayout& layout, std::string_view office_name);

}  // namespace sichtbar::hub::web
