// HTML escaping and the builder; see html.h.
#include "hub/web/html.h"

#include <cstdint>

#include "base/text.h"

namespace sichtbar::hub::web {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    switch (c) {
      case '&':
        out += "&amp;";
        ++i;
        continue;
      case '<':
        out += "&lt;";
        ++i;
        continue;
      case '>':
        out += "&gt;";
        ++i;
        continue;
      case '"':
        out += "&quot;";
        ++i;
        continue;
      case '\'':
        out += "&#39;";
        ++i;
        continue;
      default:
        break;
    }
    const auto b = static_cast<std::uint8_t>(c);
    if (b < 0x20 && c != '\n' && c != '\t') {
      out += kReplacement;
      ++i;
      continue;
    }
    if (b == 0x7F) {
      out += kReplacement;
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::string escape_text(std::string_view text) { return escape(text); }
std::string escape_attribute(std::string_view value) { return escape(value); }

void HtmlBuilder::attributes(std::initializer_list<Attribute> attributes) {
  for (const Attribute& a : attributes) {
    out_ += ' ';
    out_ += a.name;
    out_ += "=\"";
    out_ += escape_attribute(a.value);
    out_ += '"';
  }
}

HtmlBuilder& HtmlBuilder::open(std::string_view tag, std::initializer_list<Attribute> attrs) {
  out_ += '<';
  out_ += tag;
  attributes(attrs);
  out_ += '>';
  return *this;
}

HtmlBuilder& HtmlBuilder::close(std::string_view tag) {
  out_ += "</";
  out_ += tag;
  out_ += '>';
  return *this;
}

HtmlBuilder& HtmlBuilder::void_element(std::string_view tag,
                                       std::initializer_list<Attribute> attrs) {
  return open(tag, attrs);
}

HtmlBuilder& HtmlBuilder::text(std::string_view text) {
  out_ += escape_text(text);
  return *this;
}

HtmlBuilder& HtmlBuilder::element(std::string_view tag, std::string_view text,
                                  std::initializer_list<Attribute> attrs) {
  return open(tag, attrs).text(text).close(tag);
}

HtmlBuilder& HtmlBuilder::person_text(std::string_view text) { return element("bdi", text); }

HtmlBuilder& HtmlBuilder::column_heads(std::span<const std::string_view> headings) {
  open("thead").open("tr");
  for (std::string_view h : headings) element("th", h, {{"scope", "col"}});
  return close("tr").close("thead").open("tbody");
}

HtmlBuilder& HtmlBuilder::trusted_markup(std::string_view markup) {
  out_ += markup;
  return *this;
}

void open_document(HtmlBuilder& html, std::string_view lang, std::string_view dir) {
  html.trusted_markup("<!DOCTYPE html>\n");
  html.open("html", {{"lang", lang}, {"dir", dir}});
  html.open("head");
  html.void_element("meta", {{"charset", "utf-8"}});
  html.void_element("meta",
                    {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
  html.void_element("meta", {{"name", "referrer"}, {"content", "no-referrer"}});
  html.void_element("meta", {{"name", "robots"}, {"content", "noindex, nofollow"}});
}

}  // namespace sichtbar::hub::web
