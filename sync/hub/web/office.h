// The office UI at /office on the hub's server: its routes, the login and session checks in
// front of every one of them, and the audit entries of what staff do. The pages themselves are
// office_pages.h; logins, sessions and the delay office_auth.h; exports export.h.
//
// Every /office route but the login page needs a live session: a GET without one is sent to
// the login page (303), a POST is refused (403). Every POST needs the session's CSRF token (the
// login form a nonce of its own, see erase_nonce.h). The session cookie is HttpOnly,
// SameSite=Strict, Path=/office, and Secure when the hub speaks TLS.
#pragma once

#include <memory>
#include <vector>

#include "domain/form_library.h"
#include "domain/occupations.h"
#include "hub/http/http.h"
#include "hub/hub_store.h"
#include "hub/ingest.h"
#include "hub/recognition_maps.h"
#include "hub/web/office_texts.h"
#include "hub/web/profile_page.h"
#include "protocol/keys.h"

namespace sichtbar::hub::web {

inline constexpr std::string_view kSessionCookie = "sichtbar_office";

class OfficeUi {
 public:
  // texts and occupations: the person's pages' own; office_texts: the office's words;
  // recognition: the map in use (the filters' competent bodies, the exports' body names). All
  // outlive this. ingest: how a quarantined record is checked again on Release (what it refers
  // to outlives this too). The coding page's suggestions hint at their way under the map too.
  OfficeUi(HubStore& store, const FormLibrary& forms, const PageTexts& texts,
           const OfficeTexts& office_texts, const OccupationList& occupations,
           RecognitionMapInUse& recognition, const HubKeys& keys, bool secure_cookie,
           const IngestContext& ingest, unsigned password_checks_at_once = 2);
  ~OfficeUi();
  OfficeUi(const OfficeUi&) = delete;
  OfficeUi& operator=(const OfficeUi&) = delete;

  // Adds the /office routes to the router.
  void mount(http::Router& router);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sichtbar::hub::web
