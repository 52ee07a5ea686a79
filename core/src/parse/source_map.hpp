#pragma once
// Maps positions in the text cmark parses back to the writer's source. The
// parser repairs and trims the source before cmark sees it (invalid UTF-8,
// front matter, link cards); every diagnostic and range still points at the
// exact bytes the writer typed.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "composer/diagnostic.hpp"

namespace composer::parse {

// Offsets of line starts; lines end at \n, \r\n or \r, as in cmark.
std::vector<std::size_t> line_starts(std::string_view s);

class SourceMap {
 public:
  // Builds `text` from `source` piece by piece.
  explicit SourceMap(std::string_view source);
  void copy(std::size_t source_begin, std::size_t source_end);
  void replace(std::size_t source_begin, std::size_t source_end, std::string_view with);
  void skip(std::size_t source_begin, std::size_t source_end);  // drop bytes from the text
  void finish();  // call once all pieces are in

  const std::string& text() const { return text_; }
  std::string_view source() const { return source_; }
  // Offsets of the source's line starts (line_starts(source())).
  const std::vector<std::size_t>& source_lines() const { return source_lines_; }

  std::size_t source_offset(std::size_t text_offset) const;
  Position position(std::size_t source_offset) const;
  Range range(std::size_t source_begin, std::size_t source_end) const;
  // The source range of text bytes [begin, end), without trailing white space.
  Range text_range(std::size_t text_begin, std::size_t text_end) const;
  // 1-based line of a text offset, as cmark counts lines.
  int text_line(std::size_t text_offset) const;
  // Text offset of a cmark (line, column) position.
  std::size_t text_offset(int line, int column) const;

 private:
  struct Anchor {
    std::size_t text_offset;
    std::size_t source_offset;
    bool copied;  // bytes map one to one from here to the next anchor
  };
  std::string_view source_;
  std::string text_;
  std::vector<Anchor> anchors_;
  std::vector<std::size_t> source_lines_;
  mutable std::size_t line_hint_ = 0;  // index in source_lines_ of the last position()
  mutable std::size_t anchor_hint_ = 0;  // index in anchors_ of the last source_offset()
  std::vector<std::size_t> text_lines_;
};

}  // namespace composer::parse
