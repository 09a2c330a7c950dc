// One form section, whichever: its title, help and fields drawn from the form data by
// FieldEditors, the on-screen keyboard while a text field has the focus, Back and Next (which
// is also how a person skips: no field is required unless the form says so).
#pragma once

#include <string>

#include "ui/field_editors.h"
#include "ui/layout.h"
#include "ui/screen.h"

namespace sichtbar::ui {

class SectionScreen final : public KioskScreen {
 public:
  void draw(Frame& frame) override;
  void wipe() override { editors_.wipe(); }
  FieldEditors& editors() { return editors_; }

 private:
  FieldEditors editors_;
  RoomForType room_;
  const Section* shown_ = nullptr;  // the section of the last frame: the focus ends with it
};

}  // namespace sichtbar::ui
