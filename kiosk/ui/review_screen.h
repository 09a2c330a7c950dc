// Review: every section shown with what was answered, an Edit button to each, and the button
// that finishes the profile (the session checks every section first).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "ui/screen.h"

namespace sichtbar::ui {

class ReviewScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
};

// An answer as the person reads it: option labels, names of countries, "Yes", entries line by
// line. Empty when unanswered.
std::string answer_summary(Frame& frame, const Field& field, const nlohmann::json& value);

}  // namespace sichtbar::ui
