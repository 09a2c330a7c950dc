# The service and session files and where the packages put them (issue #18; the names are the
# install contract's). Included from the top-level CMakeLists.txt before packaging.cmake, which
# turns the components into packages: hub -> sichtbar-hub, kiosk-session -> sichtbar-kiosk-session.
include(GNUInstallDirs)

# systemd looks in /usr/lib/systemd/system whatever the libdir (lib/x86_64-linux-gnu on Debian).
set(SICHTBAR_SYSTEMD_UNIT_DIR "lib/systemd/system")
# /etc/sichtbar whatever the prefix: the units name /etc/sichtbar/hub.json and
# /etc/sichtbar/kiosk-session.conf, and the packages' prefix (/usr) is set when CPack installs,
# after the configure step has fixed GNUInstallDirs' full paths.
set(SICHTBAR_CONFIG_DIR "/etc/sichtbar")

# The hub: its unit, the sample config (a conffile: an edited one survives upgrades) and the
# reverse-proxy samples an administrator copies.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/systemd/sichtbar-hub.service
        DESTINATION ${SICHTBAR_SYSTEMD_UNIT_DIR} COMPONENT hub)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/hub.json DESTINATION ${SICHTBAR_CONFIG_DIR}
        COMPONENT hub)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/proxy/nginx-sichtbar.conf
              ${CMAKE_CURRENT_LIST_DIR}/proxy/Caddyfile
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/sichtbar-hub/examples COMPONENT hub)

# The locked kiosk session: cage on tty1 as the user sichtbar-kiosk, the script it runs (which
# restarts the kiosk, never a shell), and the one file for rotation and screen.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/kiosk-session/sichtbar-kiosk-session.service
        DESTINATION ${SICHTBAR_SYSTEMD_UNIT_DIR} COMPONENT kiosk-session)
install(PROGRAMS ${CMAKE_CURRENT_LIST_DIR}/kiosk-session/sichtbar-kiosk-session
        DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/sichtbar COMPONENT kiosk-session)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/kiosk-session/kiosk-session.conf
        DESTINATION ${SICHTBAR_CONFIG_DIR} COMPONENT kiosk-session)
# USB sticks for the session, which has no desktop to mount them: a udev rule (udev reads
# /usr/lib/udev/rules.d whatever the libdir) that has systemd automount each stick at
# /media/sichtbar-kiosk/<UUID>.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/kiosk-session/90-sichtbar-kiosk-usb.rules
        DESTINATION lib/udev/rules.d COMPONENT kiosk-session)
