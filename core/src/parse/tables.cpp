#include "parse/tables.hpp"

#include <algorithm>
#include <cstdint>

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

std::vector<OversizedTable> find_oversized_tables(std::string_view s, const std::vector<std::size_t>& lines,
                                                  std::size_t begin, std::size_t end, std::size_t max_cells) {
  std::vector<OversizedTable> tables;
  const auto line = [&](std::size_t k) {
    const std::size_t to = k + 1 < lines.size() ? std::min(lines[k + 1], end) : end;
    return s.substr(lines[k], to - lines[k]);
  };
  const auto blank = [](std::string_view text) {
    const std::size_t content = content_start(text);
    return content >= text.size() || text[content] == '\n';
  };
  const std::size_t first = std::lower_bound(lines.begin(), lines.end(), begin) - lines.begin();
  for (std::size_t k = first; k < lines.size() && lines[k] < end;) {
    const std::string_view text = line(k);
    const std::size_t start = content_start(text);
    const char mark = start < text.size() ? text[start] : '\n';
    if (k > first && (mark == '|' || mark == '-' || mark == ':') && is_delimiter_row(text.substr(start))) {
      const std::string_view header = line(k - 1);
      const std::size_t columns = count_cells(text.substr(start));
      if (!blank(header) && count_cells(header.substr(content_start(header))) == columns) {
        // The rows run to the next blank line; none of them starts another
        // table, so the search goes on after them.
        std::size_t row = k + 1;
        while (row < lines.size() && lines[row] < end && !blank(line(row))) ++row;
        const std::size_t rows = row - k - 1;
        // 64 bits: in WebAssembly size_t has 32, and both can be millions.
        if (static_cast<std::uint64_t>(columns) * (rows + 1) > max_cells) tables.push_back({lines[k] + start, columns, rows});
        k = row;
        continue;
      }
    }
    ++k;
  }
  return tables;
}

}  // namespace composer::parse
