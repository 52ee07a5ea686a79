#pragma once
// Tables too large to lay out. A GFM table gives every row as many cells as
// its header, so a wide header over many short rows ("|x|x|…" then "a" lines)
// makes millions of empty cells from a few kilobytes: cmark-gfm caps them only
// at half a million (CVE-2023-37463), still far too slow and too large for a
// preview. Such a table is read as plain text instead.
#include <cstddef>
#include <string_view>
#include <vector>

namespace composer::parse {

struct OversizedTable {
  std::size_t delimiter;  // source offset of the delimiter row's first mark
  std::size_t columns;
  std::size_t rows;  // body rows, at most: the lines up to the next blank one
};

// Tables in the lines of `s` from `begin` to `end` whose cells (columns ×
// (rows + 1)) exceed `max_cells`; `lines` are the offsets of the line starts
// of `s` (line_starts in source_map.hpp).
std::vector<OversizedTable> find_oversized_tables(std::string_view s, const std::vector<std::size_t>& lines,
                                                  std::size_t begin, std::size_t end, std::size_t max_cells);

}  // namespace composer::parse
