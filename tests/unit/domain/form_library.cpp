// The library of a form's published versions (domain/form_library.h): every version in the
// form's folder loads, the kiosk gets the newest, the hub finds the one a record names, and a
// folder that does not say what its files say is refused naming the file and what to fix.
#include "domain/form_library.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support/temp_dir.h"

using namespace sichtbar;
namespace fs = std::filesystem;

namespace {

const std::string kVersion1 = test::read_file(test::asset("forms/skills-profile/1.json"));
// Version 2 of the tests' upgrade: a field added (about.district), a label changed
// (about.place_of_residence).
const std::string kVersion2 = test::read_file(test::fixture("forms/skills-profile-2.json"));

// A form's folder under a temporary assets folder, holding the given files.
struct FormFolder {
  test::TempDir assets;
  fs::path folder = form_folder(assets.path(), kProfileFormId);
  FormFolder() { fs::create_directories(folder); }
  FormFolder& with(const std::string& name, const std::string& text) {
    test::write_file(folder / name, text);
    return *this;
  }
};

// The file's text with its "version" changed.
std::string as_version(std::string text, int version) {
  const std::string from = "\"version\": 2,";
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), "\"version\": " + std::to_string(version) + ",");
}

// Loads the folder and expects it refused with `code`; returns the message.
std::string refused(const FormFolder& f, const std::string& code) {
  auto library = FormLibrary::load(f.folder);
  REQUIRE_FALSE(library.has_value());
  INFO(library.error().message);
  CHECK(library.error().code == code);
  return library.error().message;
}

}  // namespace

TEST_CASE("the published form folder loads, and the kiosk's form is its newest version") {
  auto library = FormLibrary::load(form_folder(test::asset(""), kProfileFormId));
  INFO((library ? "" : library.error().message));
  REQUIRE(library);
  CHECK(library->form_id() == "skills-profile");
  REQUIRE_FALSE(library->versions().empty());
  int previous = 0;
  for (const Form& form : library->versions()) {
    CHECK(form.version > previous);  // oldest first, each once
    previous = form.version;
  }
  CHECK(library->latest().version == previous);
  const Form* first = library->find("skills-profile", 1);
  REQUIRE(first != nullptr);
  CHECK(first->schema() == "skills-profile@1");
}

TEST_CASE("a library holds every version: the newest for the kiosk, each by its number") {
  FormFolder f;
  f.with("1.json", kVersion1).with("2.json", kVersion2);
  auto library = FormLibrary::load(f.folder);
  INFO((library ? "" : library.error().message));
  REQUIRE(library);
  REQUIRE(library->versions().size() == 2);
  CHECK(library->latest().version == 2);
  CHECK(library->latest().find_field("about", "district") != nullptr);

  const Form* v1 = library->find("skills-profile", 1);
  const Form* v2 = library->find("skills-profile", 2);
  REQUIRE(v1 != nullptr);
  REQUIRE(v2 != nullptr);
  CHECK(v1->find_field("about", "district") == nullptr);
  CHECK(v1->find_field("about", "place_of_residence")->label_key ==
        "about.place_of_residence.label");
  CHECK(v2->find_field("about", "place_of_residence")->label_key ==
        "about.place_of_residence.help");
  CHECK(library->find("skills-profile", 3) == nullptr);
  CHECK(library->find("other-form", 1) == nullptr);

  // A stored record names its version in "form".
  nlohmann::json record = {{"form", {{"id", "skills-profile"}, {"version", 1}}}};
  CHECK(library->find_for_record(record) == v1);
  record["form"]["version"] = 2;
  CHECK(library->find_for_record(record) == v2);
  record["form"]["version"] = 7;
  CHECK(library->find_for_record(record) == nullptr);
  CHECK(library->find_for_record(nlohmann::json::object()) == nullptr);
  CHECK(library->find_for_record({{"form", "skills-profile@1"}}) == nullptr);
}

TEST_CASE("versions need not follow each other without a gap") {
  FormFolder f;
  f.with("1.json", kVersion1).with("3.json", as_version(kVersion2, 3));
  auto library = FormLibrary::load(f.folder);
  REQUIRE(library);
  CHECK(library->latest().version == 3);
  CHECK(library->find("skills-profile", 2) == nullptr);
}

TEST_CASE("a form folder that does not say what its files say is refused, naming the file") {
  SECTION("no folder at all") {
    test::TempDir assets;
    auto library = FormLibrary::load(form_folder(assets.path(), kProfileFormId));
    REQUIRE_FALSE(library);
    CHECK(library.error().code == "form.unreadable");
    CHECK(library.error().message.starts_with("skills-profile: cannot list the form folder"));
    CHECK(library.error().message.find("1.json") != std::string::npos);  // what it should hold
  }
  SECTION("an empty folder") {
    FormFolder f;
    CHECK(refused(f, "form.no_versions").find("add 1.json") != std::string::npos);
  }
  SECTION("a file not named by a version number") {
    for (const std::string name : {"draft.json", "1.json.bak", "v2.json", "0.json", "2", ".json",
                                   "-1.json", "1.5.json", "99999999999.json"}) {
      CAPTURE(name);
      FormFolder f;
      f.with("1.json", kVersion1).with(name, kVersion2);
      const std::string message = refused(f, "form.bad_file_name");
      CHECK(message.starts_with("skills-profile/" + name + ": "));
      CHECK(message.find("like 1.json or 2.json") != std::string::npos);
    }
  }
  SECTION("a folder inside it") {
    FormFolder f;
    f.with("1.json", kVersion1);
    fs::create_directories(f.folder / "2.json");
    CHECK(refused(f, "form.bad_file_name").starts_with("skills-profile/2.json: "));
  }
  SECTION("a file that says another version than its name") {
    FormFolder f;
    f.with("1.json", kVersion1).with("3.json", kVersion2);
    const std::string message = refused(f, "form.wrong_version");
    CHECK(message.starts_with("skills-profile/3.json: "));
    CHECK(message.find("\"version\": 2") != std::string::npos);
    CHECK(message.find("file name says 3") != std::string::npos);
    CHECK(message.find("never edit a published one") != std::string::npos);
  }
  SECTION("two files for one version") {
    FormFolder f;
    f.with("1.json", kVersion1).with("01.json", kVersion1);
    const std::string message = refused(f, "form.duplicate_version");
    CHECK(message.starts_with("skills-profile/1.json: "));
    CHECK(message.find("skills-profile/01.json already") != std::string::npos);
    CHECK(message.find("keep one") != std::string::npos);
  }
  SECTION("a file of another form") {
    FormFolder f;
    std::string other = kVersion1;
    other.replace(other.find("\"skills-profile\""), 16, "\"other-form\"");
    f.with("1.json", other);
    const std::string message = refused(f, "form.wrong_form");
    CHECK(message.starts_with("skills-profile/1.json: "));
    CHECK(message.find("\"other-form\"") != std::string::npos);
  }
  SECTION("a broken version: the loader's message, with the folder in the file's name") {
    FormFolder f;
    std::string broken = kVersion2;
    broken.replace(broken.find("\"year\""), 6, "\"yeer\"");
    f.with("1.json", kVersion1).with("2.json", broken);
    const std::string message = refused(f, "form.unknown_type");
    CHECK(message.starts_with("skills-profile/2.json: "));
    CHECK(message.find("yeer") != std::string::npos);
  }
}

TEST_CASE("a library from forms in memory holds one form, each version once") {
  const Form v1 = *parse_form(kVersion1, "1.json");
  const Form v2 = *parse_form(kVersion2, "2.json");
  auto library = FormLibrary::from_forms({v2, v1});
  REQUIRE(library);
  CHECK(library->versions().front().version == 1);  // sorted, oldest first
  CHECK(library->latest().version == 2);

  CHECK(FormLibrary::from_forms({}).error().code == "form.no_versions");
  CHECK(FormLibrary::from_forms({v1, v1}).error().code == "form.duplicate_version");
  Form other = v2;
  other.id = "other-form";
  CHECK(FormLibrary::from_forms({v1, other}).error().code == "form.wrong_form");
}
