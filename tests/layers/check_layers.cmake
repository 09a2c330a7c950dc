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

# A library visible to one place only: an include of it anywhere else (ALLOWED: a regex of the
# paths that may) is an error with WHY.
function(only_in allowed include why)
  foreach(file IN LISTS files)
    if(file MATCHES "${allowed}")
      continue()
    endif()
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]${include}")
    foreach(line IN LISTS lines)
      file(RELATIVE_PATH rel "${ROOT}" "${file}")
      message(SEND_ERROR "${rel}: ${line}: ${why}")
      math(EXPR broken "${broken} + 1")
    endforeach()
  endforeach()
  set(broken ${broken} PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE files "${ROOT}/sync/*.h" "${ROOT}/sync/*.cpp" "${ROOT}/kiosk/*.h"
     "${ROOT}/kiosk/*.cpp")
only_in("/sync/hub/postgres_[a-z_]*\\.(h|cpp)$" "(libpq|postgresql/)"
        "libpq is visible only to the hub's PostgreSQL store")
only_in("/sync/hub/http/mhd_server\\.cpp$" "microhttpd"
        "libmicrohttpd is visible only to sync/hub/http/mhd_server.cpp")
# The person matcher gives the rest E.164 strings.
only_in("/sync/domain/person_match\\.cpp$" "phonenumbers/"
        "libphonenumber is visible only to sync/domain/person_match.cpp")
# The slip printer takes a laid-out slip and a queue name.
only_in("/kiosk/platform/slip_printer\\.cpp$" "cups/"
        "libcups is visible only to kiosk/platform/slip_printer.cpp")

if(broken GREATER 0)
  message(FATAL_ERROR "check_layers: ${broken} forbidden include(s); see ARCHITECTURE.md")
endif()
message(STATUS "check_layers: every include in ${ROOT} keeps the layer rules")
