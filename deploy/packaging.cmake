# What gets installed, and the Debian packages CPack makes of it (`deploy/sichtbar package`):
#   sichtbar-kiosk          /usr/bin/sichtbar-kiosk (component kiosk)
#   sichtbar-hub            /usr/bin/sichtbar-hub, its unit and config (component hub)
#   sichtbar-kiosk-session  the locked session under cage (component kiosk-session)
#   sichtbar-data           /usr/share/sichtbar: forms, catalogues, reference data, the pages'
#                           stylesheet; Architecture: all, shared by kiosk and hub, which both
#                           read every part of it (component data)
# The programs find the assets at <bin>/../share/sichtbar (sync/base/asset_lookup.h), so the same
# tree works under /usr and extracted anywhere (dpkg -x, tests/install).
include(GNUInstallDirs)
# The packages install under /usr, and GNUInstallDirs makes /etc of the configuration folder only
# for that prefix (configure time): the presets set it, and another one would put the hub's
# config in <prefix>/etc, a package lintian refuses.
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(WARNING "CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}: the Debian packages need /usr "
                  "(cmake --preset dev or release set it)")
endif()

install(TARGETS sichtbar-kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
install(TARGETS sichtbar-hub RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT hub)
# The demo profile is the quick start's input, and the READMEs are for translators.
install(DIRECTORY ${SICHTBAR_ASSET_DIR}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/sichtbar
        COMPONENT data PATTERN demo EXCLUDE PATTERN README.md EXCLUDE)

# Manual pages from the programs' own --help (CLI11's, generated from the options), so they never
# drift from the command line; help2man (Debian's) is needed only for packages, and a build
# without it has no manual pages.
find_program(SICHTBAR_HELP2MAN help2man)
if(SICHTBAR_HELP2MAN)
  set(SICHTBAR_MAN_PAGES sichtbar-kiosk "touch-screen kiosk that makes migrants' skills visible"
      kiosk sichtbar-hub "office hub for Sichtbar's skills profiles" hub)
  while(SICHTBAR_MAN_PAGES)
    list(POP_FRONT SICHTBAR_MAN_PAGES program summary component)
    set(page ${CMAKE_BINARY_DIR}/man/${program}.1.gz)
    add_custom_command(OUTPUT ${page}
      COMMAND ${SICHTBAR_HELP2MAN} --no-info --no-discard-stderr
              --version-string=${PROJECT_VERSION} --name=${summary}
              --output=${CMAKE_BINARY_DIR}/man/${program}.1 $<TARGET_FILE:${program}>
      COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/man/${program}.1
      DEPENDS ${program} VERBATIM)
    add_custom_target(${program}-man ALL DEPENDS ${page})
    install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
  endwhile()
endif()

set(SICHTBAR_DEB_DIR ${CMAKE_CURRENT_LIST_DIR}/debian)
set(SICHTBAR_PACKAGES kiosk sichtbar-kiosk hub sichtbar-hub data sichtbar-data)
set(SICHTBAR_COMPONENTS kiosk hub data)
# A kiosk-session package needs the session's files from deploy/units.cmake; a tree without
# them packages the rest.
get_cmake_property(SICHTBAR_INSTALLED_COMPONENTS COMPONENTS)
if(kiosk-session IN_LIST SICHTBAR_INSTALLED_COMPONENTS)
  list(APPEND SICHTBAR_PACKAGES kiosk-session sichtbar-kiosk-session)
  list(APPEND SICHTBAR_COMPONENTS kiosk-session)
endif()

# Debian wants in every package: the copyright (machine-readable, with ESCO's attribution for
# the occupation data), a compressed changelog (gzip -n: no timestamp; its date is
# $SOURCE_DATE_EPOCH's when set, for reproducible packages) and the lintian overrides with their
# reasons.
string(TIMESTAMP SICHTBAR_BUILD_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(SICHTBAR_DEB_MAINTAINER "Sichtbar team <team@sichtbar.invalid>")
while(SICHTBAR_PACKAGES)
  list(POP_FRONT SICHTBAR_PACKAGES component package)
  set(doc ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package})
  install(FILES ${SICHTBAR_DEB_DIR}/copyright DESTINATION ${doc} COMPONENT ${component})
  # The units name the README as their documentation: how to install, configure and back up.
  if(component MATCHES "^(hub|kiosk-session)$")
    install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${doc} COMPONENT ${component})
  endif()
  set(SICHTBAR_DEB_PACKAGE ${package})
  configure_file(${SICHTBAR_DEB_DIR}/changelog.in ${CMAKE_BINARY_DIR}/deb/${package}/changelog.Debian
                 @ONLY)
  execute_process(COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/deb/${package}/changelog.Debian)
  install(FILES ${CMAKE_BINARY_DIR}/deb/${package}/changelog.Debian.gz DESTINATION ${doc}
          COMPONENT ${component})
  if(EXISTS ${SICHTBAR_DEB_DIR}/${package}/lintian-overrides)
    install(FILES ${SICHTBAR_DEB_DIR}/${package}/lintian-overrides
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides RENAME ${package}
            COMPONENT ${component})
  endif()
endwhile()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sichtbar)
set(CPACK_PACKAGE_VENDOR "Sichtbar")
set(CPACK_PACKAGE_CONTACT "${SICHTBAR_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL ${SICHTBAR_COMPONENTS})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SICHTBAR_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://sichtbar.invalid")
# Dependencies on shared libraries are computed from the binaries (dpkg-shlibdeps); what they
# open by path (fonts, voices, the GL driver) and what the maintainer scripts call is added below.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_COMPONENT_KIOSK_DEPENDS data)
set(CPACK_COMPONENT_HUB_DEPENDS data)
set(CPACK_COMPONENT_KIOSK-SESSION_DEPENDS kiosk)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME sichtbar-kiosk)
set(CPACK_DEBIAN_KIOSK_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "fonts-noto-core, fonts-material-design-icons-iconfont, espeak-ng-data, libgl1-mesa-dri")
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "touch-screen kiosk that makes migrants' skills visible
Sichtbar's kiosk stands at an information evening or a football event, without
network. A person fills a short skills profile in one of twelve languages, with
read aloud, pictograms and a keyboard for their script; the answers are sealed
on the device for the office hub and synced later, and the person takes a QR
code that opens their profile.

This package holds the program sichtbar-kiosk: the touch screens (SDL2, OpenGL)
and the commands to enroll it with a hub, set up an event, fill a profile
headless and sync.")

set(CPACK_DEBIAN_HUB_PACKAGE_NAME sichtbar-hub)
set(CPACK_DEBIAN_HUB_PACKAGE_SECTION web)
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "adduser, fonts-noto-core")
# `backup` and `restore` of a PostgreSQL hub run pg_dump and pg_restore.
set(CPACK_DEBIAN_HUB_PACKAGE_RECOMMENDS "postgresql-client")
set(CPACK_DEBIAN_HUB_PACKAGE_SUGGESTS "postgresql, caddy | nginx")
set(CPACK_COMPONENT_HUB_DESCRIPTION "office hub for Sichtbar's skills profiles
The hub receives the profiles that Sichtbar kiosks sealed for it, keeps them in
SQLite or PostgreSQL, serves the page behind every profile's QR code and the
office's web interface for counsellors (work lists, duplicates, figures,
exports, erasure).

This package holds the program sichtbar-hub, its systemd unit and the sample
configuration; it runs as the system user sichtbar with its state in
/var/lib/sichtbar.")

set(CPACK_DEBIAN_KIOSK-SESSION_PACKAGE_NAME sichtbar-kiosk-session)
set(CPACK_DEBIAN_KIOSK-SESSION_PACKAGE_ARCHITECTURE all)
# udev runs the rule that has systemd (systemd-mount) mount USB sticks for the session.
set(CPACK_DEBIAN_KIOSK-SESSION_PACKAGE_DEPENDS "adduser, cage, xwayland, udev")
set(CPACK_COMPONENT_KIOSK-SESSION_DESCRIPTION "locked kiosk session for the Sichtbar kiosk
Makes a touch PC or tablet a Sichtbar kiosk: the kiosk fullscreen under the
cage compositor on tty1, logged in as the system user sichtbar-kiosk,
restarted when it exits, with no desktop or terminal to leave to. USB sticks
(FAT, exFAT, ext4) are mounted for it under /media/sichtbar-kiosk.")

set(CPACK_DEBIAN_DATA_PACKAGE_NAME sichtbar-data)
set(CPACK_DEBIAN_DATA_PACKAGE_ARCHITECTURE all)
set(CPACK_COMPONENT_DATA_DESCRIPTION "forms, languages and reference data for Sichtbar
The files both the Sichtbar kiosk and its office hub read: the skills profile
form in every published version, the twelve languages' catalogues and the
office's, the ESCO occupations (c) European Union, the way to recognition of
foreign qualifications, and the pages' stylesheet.")

# units.cmake's files under /etc, by name: hub.json (deploy/hub.json), kiosk-session.conf.
set(SICHTBAR_CONFFILES_INSTALLED)
foreach(source hub.json kiosk-session/kiosk-session.conf)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/${source})
    get_filename_component(name ${source} NAME)
    list(APPEND SICHTBAR_CONFFILES_INSTALLED ${name})
  endif()
endforeach()
foreach(component kiosk hub kiosk-session data)
  string(TOUPPER ${component} upper)
  set(package ${CPACK_DEBIAN_${upper}_PACKAGE_NAME})
  set(scripts)
  foreach(script preinst postinst prerm postrm)
    if(EXISTS ${SICHTBAR_DEB_DIR}/${package}/${script})
      list(APPEND scripts ${SICHTBAR_DEB_DIR}/${package}/${script})
    endif()
  endforeach()
  # The files under /etc are conffiles (an administrator's edits survive upgrades), listed once
  # deploy/units.cmake installs them: dpkg-deb refuses a conffile the package lacks.
  set(conffiles)
  set(listed)
  if(EXISTS ${SICHTBAR_DEB_DIR}/${package}/conffiles)
    file(STRINGS ${SICHTBAR_DEB_DIR}/${package}/conffiles listed REGEX "^/etc/")
  endif()
  foreach(conffile ${listed})
    get_filename_component(name ${conffile} NAME)
    if(name IN_LIST SICHTBAR_CONFFILES_INSTALLED)
      string(APPEND conffiles "${conffile}\n")
    endif()
  endforeach()
  if(conffiles)
    file(WRITE ${CMAKE_BINARY_DIR}/deb/${package}/conffiles "${conffiles}")
    list(APPEND scripts ${CMAKE_BINARY_DIR}/deb/${package}/conffiles)
  endif()
  set(CPACK_DEBIAN_${upper}_PACKAGE_CONTROL_EXTRA "${scripts}")
endforeach()

include(CPack)
