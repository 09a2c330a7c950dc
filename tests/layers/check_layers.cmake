# The layer rules of ARCHITECTURE.md, checked on every #include of the product's sources:
#   cmake -DROOT=<a tree with sync/ and kiosk/> -P check_layers.cmake
# Fails, naming file, line and rule, on the first pass that finds a forbidden include. The CTest
# "layers: a forbidden include is caught" runs it over tests/layers/bad, where each rule is broken
# once, so a rule that stops matching is noticed too.
if(NOT ROOT OR NOT IS_DIRECTORY "${ROOT}")
  message(FATAL_ERROR "check_layers: ROOT must name a source tree (got '${ROOT}')")
endif()

# Include prefixes of the kiosk's libraries (root kiosk/) and of the shared ones (root sync/).
set(kiosk_prefixes "core|text|sync|flow|platform|ui|cli")
# directory glob -> forbidden include pattern -> why
set(rules
  "sync/*|#include \"(${kiosk_prefixes})/|the shared layer and the hub never include the kiosk"
  "sync/base/*|#include \"(domain|protocol|hub)/|base knows nothing of the domain, the protocol or the hub"
  "sync/domain/*|#include \"(protocol|hub)/|the domain uses only base"
  "sync/protocol/*|#include \"(domain|hub)/|the protocol uses only base"
  "kiosk/*|#include \"hub/|the kiosk never includes the hub"
  "kiosk/core/*|#include \"(text|ui|platform|cli|sync|flow)/|kiosk/core stands under the kiosk's other libraries"
  "kiosk/text/*|#include \"(core|ui|platform|cli|sync|flow)/|kiosk/text uses only the shared layer"
  "kiosk/sync/*|#include \"(text|ui|platform|cli|flow)/|the kiosk's sync has no screens and sits under the flow"
  "kiosk/flow/*|#include \"(text|ui|platform|cli)/|the flow decides what the screens show and never draws"
  "sync/*|#include [<\"](imgui|SDL|GL/|backends/imgui)|only kiosk/platform and kiosk/ui see ImGui or SDL"
  "kiosk/core/*|#include [<\"](imgui|SDL|GL/|backends/imgui)|only kiosk/platform and kiosk/ui see ImGui or SDL"
  "kiosk/text/*|#include [<\"](imgui|SDL|GL/|backends/imgui)|only kiosk/platform and kiosk/ui see ImGui or SDL"
  "kiosk/sync/*|#include [<\"](imgui|SDL|GL/|backends/imgui)|only kiosk/platform and kiosk/ui see ImGui or SDL"
  "kiosk/flow/*|#include [<\"](imgui|SDL|GL/|backends/imgui)|only kiosk/platform and kiosk/ui see ImGui or SDL"
  "kiosk/cli/*|#include [<\"](imgui|SDL|GL/|backends/imgui)|only kiosk/platform and kiosk/ui see ImGui or SDL"
  "sync/*|#include [<\"]httplib|the hub serves through its own HTTP layer (hub/http/http.h); cpp-httplib is the kiosk's client"
)

set(broken 0)
foreach(rule IN LISTS rules)
  string(REPLACE "|" ";" parts "${rule}")
  # The pattern itself holds "|": the first field is the glob, the last the reason.
  list(GET parts 0 glob)
  list(POP_FRONT parts)
  list(POP_BACK parts why)
  string(REPLACE ";" "|" pattern "${parts}")
  file(GLOB_RECURSE files "${ROOT}/${glob}.h" "${ROOT}/${glob}.cpp")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include" "#include" normal "${line}")
      if(normal MATCHES "^${pattern}")
        file(RELATIVE_PATH rel "${ROOT}" "${file}")
        message(SEND_ERROR "${rel}: ${line}: ${why}")
        math(EXPR broken "${broken} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()

# libpq only in the hub's store.
file(GLOB_RECURSE files "${ROOT}/sync/*.h" "${ROOT}/sync/*.cpp" "${ROOT}/kiosk/*.h"
     "${ROOT}/kiosk/*.cpp")
foreach(file IN LISTS files)
  if(file MATCHES "/sync/hub/postgres_[a-z_]*\\.(h|cpp)$")
    continue()
  endif()
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](libpq|postgresql/)")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel "${ROOT}" "${file}")
    message(SEND_ERROR "${rel}: ${line}: libpq is visible only to the hub's PostgreSQL store")
    math(EXPR broken "${broken} + 1")
  endforeach()
endforeach()

# libmicrohttpd only behind the hub's HTTP layer.
foreach(file IN LISTS files)
  if(file MATCHES "/sync/hub/http/mhd_server\\.cpp$")
    continue()
  endif()
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]microhttpd")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel "${ROOT}" "${file}")
    message(SEND_ERROR "${rel}: ${line}: libmicrohttpd is visible only to sync/hub/http/mhd_server.cpp")
    math(EXPR broken "${broken} + 1")
  endforeach()
endforeach()

# libphonenumber only in the person matcher, which gives the rest E.164 strings.
foreach(file IN LISTS files)
  if(file MATCHES "/sync/domain/person_match\\.cpp$")
    continue()
  endif()
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]phonenumbers/")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel "${ROOT}" "${file}")
    message(SEND_ERROR "${rel}: ${line}: libphonenumber is visible only to sync/domain/person_match.cpp")
    math(EXPR broken "${broken} + 1")
  endforeach()
endforeach()

# libcups only in the slip printer, which takes a laid-out slip and a queue name.
foreach(file IN LISTS files)
  if(file MATCHES "/kiosk/platform/slip_printer\\.cpp$")
    continue()
  endif()
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]cups/")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel "${ROOT}" "${file}")
    message(SEND_ERROR "${rel}: ${line}: libcups is visible only to kiosk/platform/slip_printer.cpp")
    math(EXPR broken "${broken} + 1")
  endforeach()
endforeach()

if(broken GREATER 0)
  message(FATAL_ERROR "check_layers: ${broken} forbidden include(s); see ARCHITECTURE.md")
endif()
message(STATUS "check_layers: every include in ${ROOT} keeps the layer rules")
