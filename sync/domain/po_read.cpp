// Reading a gettext PO file with libgettextpo: problems come through callbacks, a fatal one
// jumps back to the reader.
#include "domain/po_read.h"

#include <csetjmp>
#include <cstdlib>

namespace sichtbar::po {

namespace {

// libgettextpo reports problems through callbacks, and a fatal one must not return: we jump back
// to the reader with the first message kept. The reader runs on one thread at a time per call.
thread_local std::jmp_buf* t_fatal_jump = nullptr;
thread_local std::string t_first_problem;

void note_problem(int severity, const char* filename, size_t lineno, const char* text) {
  if (t_first_problem.empty() && severity != PO_SEVERITY_WARNING) {
    t_first_problem = filename ? filename : "";
    if (filename && lineno != static_cast<size_t>(-1))
      t_first_problem += ":" + std::to_string(lineno);
    t_first_problem += std::string(t_first_problem.empty() ? "" : ": ") + (text ? text : "");
    while (!t_first_problem.empty() && t_first_problem.back() == '\n') t_first_problem.pop_back();
  }
  if (severity == PO_SEVERITY_FATAL_ERROR && t_fatal_jump) std::longjmp(*t_fatal_jump, 1);
}

void on_xerror(int severity, po_message_t, const char* filename, size_t lineno, size_t, int,
               const char* text) {
  note_problem(severity, filename, lineno, text);
}

void on_xerror2(int severity, po_message_t, const char* filename1, size_t lineno1, size_t, int,
                const char* text1, po_message_t, const char*, size_t, size_t, int, const char*) {
  note_problem(severity, filename1, lineno1, text1);
}

const po_xerror_handler kHandler = {on_xerror, on_xerror2};

// Kept free of C++ objects with destructors: longjmp may leave it.
po_file_t read_po(const char* filename) {
  std::jmp_buf jump;
  t_fatal_jump = &jump;
  po_file_t file = nullptr;
  if (setjmp(jump) == 0) file = po_file_read(filename, &kHandler);
  t_fatal_jump = nullptr;
  return file;
}

}  // namespace

po_file_t read(const std::filesystem::path& file, std::string& problem) {
  t_first_problem.clear();
  po_file_t po = read_po(file.c_str());
  problem = t_first_problem;
  if (po && !problem.empty()) {
    po_file_free(po);
    po = nullptr;
  }
  return po;
}

std::string header_field(po_file_t file, const char* field) {
  std::string out;
  if (const char* header = po_file_domain_header(file, nullptr)) {
    if (char* value = po_header_field(header, field)) {
      out = value;
      std::free(value);
    }
  }
  return out;
}

}  // namespace sichtbar::po
