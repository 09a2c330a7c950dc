// Errors that a user, a volunteer or a file can cause are values, not exceptions: each has a
// stable code for logs and tests, and a message a volunteer can act on.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace sichtbar {

struct Error {
  std::string code;     // stable, machine-readable, e.g. "form.duplicate_id"
  std::string message;  // one or two sentences a volunteer can act on
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string code, std::string message) {
  return std::unexpected<Error>(Error{std::move(code), std::move(message)});
}

}  // namespace sichtbar
