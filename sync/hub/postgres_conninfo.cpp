// Reading PostgreSQL connection strings with libpq's own parser, and redacting passwords.
#include "hub/postgres_conninfo.h"

#include <libpq-fe.h>

#include <cctype>
#include <string_view>

namespace sichtbar::hub {

namespace {

// libpq's parse errors quote the piece they stumbled on, which can be the whole URL with its
// password ("invalid percent-encoded token: "postgresql://u:pw%zz@..."""). Keeps the reason,
// drops every quoted piece longer than one character (a quoted "=" or ":" says what is missing).
std::string without_quoted_parts(std::string_view reason) {
  std::string out;
  for (std::size_t i = 0; i < reason.size(); ++i) {
    if (reason[i] != '"') {
      out += reason[i] == '\n' ? ' ' : reason[i];
      continue;
    }
    const std::size_t close = reason.find('"', i + 1);
    const std::size_t length =
        close == std::string_view::npos ? reason.size() - i - 1 : close - i - 1;
    out += length <= 1 ? std::string(reason.substr(i, length + 2)) : std::string("\"...\"");
    i = close == std::string_view::npos ? reason.size() : close;
  }
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out;
}

}  // namespace

Result<std::vector<std::string>> conninfo_passwords(const std::string& conninfo) {
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &parse_error);
  if (!options) {
    const std::string reason = without_quoted_parts(parse_error ? parse_error : "out of memory");
    PQfreemem(parse_error);
    return fail(
        "hub_store.bad_address",
        "The hub's database address is not a valid PostgreSQL connection string: " + reason +
            ". Write it like postgresql://user@host:5432/database (a password is better "
            "kept in ~/.pgpass than in the address).");
  }
  std::vector<std::string> passwords;
  for (PQconninfoOption* o = options; o->keyword; ++o)
    if (std::string_view(o->keyword) == "password" && o->val && *o->val)
      passwords.emplace_back(o->val);
  PQconninfoFree(options);
  return passwords;
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + 3))
      text.replace(at, secret.size(), "***");
  }
  return text;
}

}  // namespace sichtbar::hub
