#include "base/wipe.h"

#include <nlohmann/json.hpp>

namespace sichtbar {

void wipe_string(std::string& s) {
  sodium_memzero(s.data(), s.size());
  s.clear();
}

void wipe_json(nlohmann::json& value) {
  if (value.is_string()) {
    auto& s = value.get_ref<std::string&>();
    sodium_memzero(s.data(), s.size());
  } else if (value.is_structured()) {
    for (auto& v : value) wipe_json(v);
  }
  value = nullptr;
}

}  // namespace sichtbar
