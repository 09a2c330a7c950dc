// Reading a gettext PO file with libgettextpo, shared by the message catalogues and the
// occupation labels: gettext reports problems through callbacks (a fatal one must not return),
// and this turns them into the first problem's text.
#pragma once

#include <gettext-po.h>

#include <filesystem>
#include <string>

namespace sichtbar::po {

// The parsed file, or nullptr; `problem` gets "file:line: what" for the first error gettext
// reports (a file with only warnings is read). The caller frees the file with po_file_free.
po_file_t read(const std::filesystem::path& file, std::string& problem);

// A header field ("Language", "X-Sichtbar-Draft"), or "" when the header lacks it.
std::string header_field(po_file_t file, const char* field);

}  // namespace sichtbar::po
