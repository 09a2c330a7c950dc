// The HTTP layer's requests, responses, URL decoding and routes; see http.h.
#include <strings.h>

#include <stdexcept>

#include "hub/http/http.h"

namespace sichtbar::hub::http {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Request::get_header_value(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (same_name(key, name)) return value;
  return "";
}

std::size_t Request::get_header_value_count(std::string_view name) const {
  std::size_t n = 0;
  for (const auto& h : headers) n += same_name(h.first, name) ? 1 : 0;
  return n;
}

std::string Request::get_param_value(std::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? std::string() : it->second;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& h : headers)
    if (same_name(h.first, name)) {
      h.second = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

Params parse_urlencoded(std::string_view text) {
  Params params;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    params.emplace(percent_decode(key, true), percent_decode(value, true));
  }
  return params;
}

void Router::define(std::string name, std::string expression) {
  variables_.insert_or_assign(std::move(name), std::move(expression));
}

void Router::get(std::string pattern, Handler handler) {
  add("GET", std::move(pattern), std::move(handler), kNoBody, {});
}

void Router::post(std::string pattern, Handler handler, std::size_t max_body,
                  HeadCheck before_body) {
  add("POST", std::move(pattern), std::move(handler), max_body, std::move(before_body));
}

void Router::add(std::string method, std::string pattern, Handler handler, std::size_t max_body,
                 HeadCheck before_body) {
  // The fixed parts are matched literally, each {variable} by its expression as a group.
  std::string expression;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const std::size_t close = pattern.find('}', i);
      const std::string name = pattern.substr(i + 1, close - i - 1);
      auto it = variables_.find(name);
      if (close == std::string::npos || it == variables_.end())
        throw std::logic_error("route " + pattern + ": undefined variable " + name);
      expression += "(" + it->second + ")";
      i = close + 1;
      continue;
    }
    if (std::string_view("\\^$.|?*+()[]{}").find(pattern[i]) != std::string_view::npos)
      expression.push_back('\\');
    expression.push_back(pattern[i++]);
  }
  routes_.push_back({std::move(method), std::move(pattern), std::regex(expression),
                     std::move(handler), max_body, std::move(before_body)});
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const Route& route : routes_) out.emplace_back(route.method, route.pattern);
  return out;
}

const Route* Router::match(std::string_view method, const std::string& path,
                           std::vector<std::string>& matches) const {
  // No route of the hub is longer; and libstdc++'s std::regex recurses once per character, so
  // a path of 30 KB (the head allows it) would overflow the I/O thread's stack.
  if (path.size() > kMaxRoutePath) return nullptr;
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  for (const Route& route : routes_) {
    if (route.method != wanted) continue;
    std::smatch m;
    if (!std::regex_match(path, m, route.regex)) continue;
    matches.clear();
    for (const auto& group : m) matches.push_back(group.str());
    return &route;
  }
  return nullptr;
}

}  // namespace sichtbar::hub::http
