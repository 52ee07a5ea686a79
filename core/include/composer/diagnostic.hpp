#pragma once
// Diagnostics are data: a stable rule id, a severity, a message a writer
// understands, an exact source range and an optional fix as text edits.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace composer {

// Lines and columns are 1-based; columns count UTF-8 bytes (as cmark does), so
// a position converts to an editor offset in one place, at the editor. `offset`
// is the 0-based byte offset of the same point.
struct Position {
  int line = 1;
  int column = 1;
  std::size_t offset = 0;
};

// `end` is exclusive: the position just after the last byte of the range.
struct Range {
  Position start;
  Position end;
};

enum class Severity { error, warning, info };
const char* severity_name(Severity severity);

struct TextEdit {
  Range range;
  std::string text;  // replaces the bytes of `range`
};

struct Fix {
  std::string title;
  std::vector<TextEdit> edits;
};

struct Diagnostic {
  std::string rule;  // stable id, e.g. "input/invalid-utf8"
  Severity severity = Severity::warning;
  std::string message;
  Range range;
  std::optional<Fix> fix;
};

}  // namespace composer
