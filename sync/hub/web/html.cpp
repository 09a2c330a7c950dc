// HTML escaping and the builder; see html.h.
#include "hub/web/html.h"

#include <cstdint>

namespace sichtbar::hub::web {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at text[i], or 0 if it is not one (overlong forms,
// surrogates and values above U+10FFFF are invalid, as in RFC 3629).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t b0 = byte(i);
  std::size_t n = 0;
  std::uint32_t cp = 0, min = 0;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) n = 2, cp = b0 & 0x1Fu, min = 0x80;
  else if ((b0 & 0xF0) == 0xE0) n = 3, cp = b0 & 0x0Fu, min = 0x800;
  else if ((b0 & 0xF8) == 0xF0) n = 4, cp = b0 & 0x07u, min = 0x10000;
  else return 0;
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; ++i; continue;
      case '<': out += "&lt;"; ++i; continue;
      case '>': out += "&gt;"; ++i; continue;
      case '"': out += "&quot;"; ++i; continue;
      case '\'': out += "&#39;"; ++i; continue;
      default: break;
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
    const std::size_t n = utf8_length(text, i);
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

HtmlBuilder& HtmlBuilder::person_text(std::string_view text) {
  return element("bdi", text);
}

HtmlBuilder& HtmlBuilder::trusted_markup(std::string_view markup) {
  out_ += markup;
  return *this;
}

}  // namespace sichtbar::hub::web
