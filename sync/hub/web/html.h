// HTML for the hub's pages: escaping and a small builder that makes every piece of text go
// through the escaper. Tag and attribute names are literals in our code; everything a person
// typed (names, notes, option values, even codes) is text or an attribute value and is escaped
// here, so no page can carry markup, script or a URL a person smuggled in.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace sichtbar::hub::web {

// Text between tags: & < > " ' become entities; control characters other than tab and newline,
// and invalid UTF-8, become U+FFFD (a NUL or a lone byte must never reach a browser's parser).
std::string escape_text(std::string_view text);
// A double-quoted attribute value: the same escaping (quotes included), so a value can neither
// close its quotes nor open a tag.
std::string escape_attribute(std::string_view value);

struct Attribute {
  std::string_view name;   // a literal of ours, e.g. "class"
  std::string_view value;  // escaped when written
};

// Builds a document in order. Only open/close/void_element take names, and those must be
// literals; text() and attribute values are always escaped. trusted_markup() exists for markup
// this program itself made with another HtmlBuilder.
class HtmlBuilder {
 public:
  HtmlBuilder& open(std::string_view tag, std::initializer_list<Attribute> attributes = {});
  HtmlBuilder& close(std::string_view tag);
  HtmlBuilder& void_element(std::string_view tag, std::initializer_list<Attribute> attributes);
  HtmlBuilder& text(std::string_view text);
  // <tag attributes>text</tag>
  HtmlBuilder& element(std::string_view tag, std::string_view text,
                       std::initializer_list<Attribute> attributes = {});
  // Text a person typed, in <bdi>: its direction is worked out on its own and cannot flip the
  // layout around it (a right-to-left override inside ends at the bdi).
  HtmlBuilder& person_text(std::string_view text);
  // A table's column headings: <thead><tr> with a <th scope="col"> each, then <tbody> opened
  // for the rows. Every column has words, the buttons' too ("office.col.actions"): a screen
  // reader reads the heading with each cell, and an empty one as nothing.
  HtmlBuilder& column_heads(std::span<const std::string_view> headings);
  HtmlBuilder& column_heads(std::initializer_list<std::string_view> headings) {
    return column_heads(std::span<const std::string_view>(headings.begin(), headings.size()));
  }
  HtmlBuilder& trusted_markup(std::string_view markup);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void attributes(std::initializer_list<Attribute> attributes);
  std::string out_;
};

// <!DOCTYPE html>, <html lang dir>, and a <head> with what every page of the hub has (charset,
// viewport, no referrer, not indexed); the caller adds the title and stylesheet and closes head.
void open_document(HtmlBuilder& html, std::string_view lang, std::string_view dir);

}  // namespace sichtbar::hub::web
