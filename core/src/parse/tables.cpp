#include "parse/tables.hpp"

#include <cstdint>
#include <cstring>

namespace composer::parse {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r'; }

// Where a line's content starts, past indentation, quote markers and list
// markers: a table can sit in a quote or a list entry.
std::size_t content_start(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size()) {
    if (is_blank(line[i]) || line[i] == '>') {
      ++i;
    } else if ((line[i] == '-' || line[i] == '+' || line[i] == '*') && i + 1 < line.size() && line[i + 1] == ' ') {
      i += 2;
    } else {
      std::size_t digits = i;
      while (digits < line.size() && digits - i < 9 && line[digits] >= '0' && line[digits] <= '9') ++digits;
      if (digits == i || digits + 1 >= line.size() || (line[digits] != '.' && line[digits] != ')') ||
          line[digits + 1] != ' ') {
        break;
      }
      i = digits + 2;
    }
  }
  return i;
}

// Cells of a table row: one more than its unescaped pipes, less the
// optional pipes at either end.
std::size_t count_cells(std::string_view row) {
  while (!row.empty() && is_blank(row.front())) row.remove_prefix(1);
  while (!row.empty() && (is_blank(row.back()) || row.back() == '\n')) row.remove_suffix(1);
  if (!row.empty() && row.front() == '|') row.remove_prefix(1);
  std::size_t cells = 1;
  bool trailing_pipe = false;
  for (std::size_t i = 0; i < row.size(); ++i) {
    trailing_pipe = false;
    if (row[i] == '\\') {
      ++i;
    } else if (row[i] == '|') {
      ++cells;
      trailing_pipe = true;
    }
  }
  return trailing_pipe ? cells - 1 : cells;
}

// A delimiter row: cells of hyphens with optional colons, and a pipe.
bool is_delimiter_row(std::string_view row) {
  bool pipe = false, hyphen = false;
  for (const char c : row) {
    if (c == '|') pipe = true;
    else if (c == '-') hyphen = true;
    else if (c != ':' && c != '\n' && !is_blank(c)) return false;
  }
  return pipe && hyphen;
}

}  // namespace

std::vector<OversizedTable> find_oversized_tables(std::string_view s, std::size_t begin, std::size_t end,
                                                  std::size_t max_cells) {
  std::vector<OversizedTable> tables;
  // Lines end at \n, \r\n or \r, as in cmark; memchr finds the first kind
  // fast, and the others are looked for only when there is a \r at all.
  const bool carriage_returns = std::memchr(s.data() + begin, '\r', end - begin) != nullptr;
  const auto next_line = [&](std::size_t at) {
    if (!carriage_returns) {
      const void* newline = std::memchr(s.data() + at, '\n', end - at);
      return newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - s.data()) + 1 : end;
    }
    while (at < end && s[at] != '\n' && s[at] != '\r') ++at;
    if (at < end && s[at] == '\r' && at + 1 < end && s[at + 1] == '\n') ++at;
    return at < end ? at + 1 : end;
  };
  std::size_t previous = begin;  // start of the previous line
  for (std::size_t line = begin; line < end;) {
    const std::size_t after = next_line(line);
    const std::string_view text = s.substr(line, after - line);
    const std::size_t start = content_start(text);
    const char first = start < text.size() ? text[start] : '\n';
    if (line > begin && (first == '|' || first == '-' || first == ':') && is_delimiter_row(text.substr(start))) {
      const std::string_view header = s.substr(previous, line - previous);
      const std::size_t columns = count_cells(text.substr(start));
      const std::size_t header_start = content_start(header);
      if (header_start < header.size() && header[header_start] != '\n' && count_cells(header.substr(header_start)) == columns) {
        // The rows run to the next blank line; none of them starts another
        // table, so the search goes on after them.
        std::size_t rows = 0, row = after;
        while (row < end) {
          const std::size_t row_end = next_line(row);
          const std::string_view body = s.substr(row, row_end - row);
          const std::size_t content = content_start(body);
          if (content >= body.size() || body[content] == '\n') break;  // a blank line
          ++rows;
          row = row_end;
        }
        // 64 bits: in WebAssembly size_t has 32, and both can be millions.
        if (static_cast<std::uint64_t>(columns) * (rows + 1) > max_cells) tables.push_back({line + start, columns, rows});
        previous = line;
        line = row;
        continue;
      }
    }
    previous = line;
    line = after;
  }
  return tables;
}

}  // namespace composer::parse
