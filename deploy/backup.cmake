# The hub's nightly backup as systemd units (README "Backup and restore"; issue #18), in the hub's
# package. Included from the top-level CMakeLists.txt before packaging.cmake.
# systemd looks in /usr/lib/systemd/system whatever the libdir (lib/x86_64-linux-gnu on Debian).
install(FILES ${CMAKE_CURRENT_LIST_DIR}/systemd/sichtbar-hub-backup.service
              ${CMAKE_CURRENT_LIST_DIR}/systemd/sichtbar-hub-backup.timer
        DESTINATION lib/systemd/system COMPONENT hub)
