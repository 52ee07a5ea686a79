#include "parse/source_map.hpp"

#include <algorithm>
#include <cstring>

namespace composer::parse {

std::vector<std::size_t> line_starts(std::string_view s) {
  std::vector<std::size_t> starts{0};
  starts.reserve(s.size() / 32 + 1);
  const char* data = s.data();
  const std::size_t size = s.size();
  if (std::memchr(data, '\r', size) == nullptr) {
    // The common case: only \n line ends, found with memchr.
    for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\n', size - (p - data)))) != nullptr;) {
      ++p;
      starts.push_back(static_cast<std::size_t>(p - data));
    }
    return starts;
  }
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      starts.push_back(i + 1);
    } else if (data[i] == '\r') {
      if (i + 1 < size && data[i + 1] == '\n') ++i;
      starts.push_back(i + 1);
    }
  }
  return starts;
}

SourceMap::SourceMap(std::string_view source) : source_(source), source_lines_(line_starts(source)) {
  text_.reserve(source.size() + 16);
}

void SourceMap::copy(std::size_t begin, std::size_t end) {
  if (begin >= end) return;
  if (anchors_.empty() || !anchors_.back().copied ||
      anchors_.back().source_offset + (text_.size() - anchors_.back().text_offset) != begin) {
    anchors_.push_back({text_.size(), begin, true});
  }
  text_.append(source_.substr(begin, end - begin));
}

void SourceMap::replace(std::size_t begin, std::size_t end, std::string_view with) {
  anchors_.push_back({text_.size(), begin, false});
  text_.append(with);
  anchors_.push_back({text_.size(), end, true});
}

void SourceMap::skip(std::size_t begin, std::size_t end) { anchors_.push_back({text_.size(), end, true}); }

void SourceMap::finish() {
  anchors_.push_back({text_.size(), anchors_.empty() ? 0 : source_offset(text_.size()), true});
  text_lines_ = line_starts(text_);
}

std::size_t SourceMap::source_offset(std::size_t text_offset) const {
  if (anchors_.empty()) return std::min(text_offset, source_.size());
  // The last anchor at or before the offset; among anchors at the same text
  // offset (a skip followed by a copy), the later one wins. That of the last
  // call is the likeliest.
  const auto last_at_or_before = [&](std::size_t i) {
    return anchors_[i].text_offset <= text_offset && (i + 1 == anchors_.size() || text_offset < anchors_[i + 1].text_offset);
  };
  if (!last_at_or_before(anchor_hint_)) {
    auto it = std::upper_bound(anchors_.begin(), anchors_.end(), text_offset,
                               [](std::size_t offset, const Anchor& a) { return offset < a.text_offset; });
    if (it == anchors_.begin()) return std::min(text_offset, source_.size());
    anchor_hint_ = static_cast<std::size_t>(std::distance(anchors_.begin(), it)) - 1;
  }
  const Anchor& a = anchors_[anchor_hint_];
  const std::size_t mapped = a.copied ? a.source_offset + (text_offset - a.text_offset) : a.source_offset;
  return std::min(mapped, source_.size());
}

Position SourceMap::position(std::size_t offset) const {
  offset = std::min(offset, source_.size());
  // Positions are mostly asked for in source order: try the line of the last
  // answer and the few after it before searching.
  constexpr std::size_t kLinesAhead = 4;
  std::size_t line_index = line_hint_;
  const auto after_line = [&](std::size_t i) { return i + 1 < source_lines_.size() && source_lines_[i + 1] <= offset; };
  if (source_lines_[line_index] > offset) {
    line_index = source_lines_.size();
  } else {
    for (std::size_t ahead = 0; line_index < source_lines_.size() && after_line(line_index); ++ahead) {
      line_index = ahead < kLinesAhead ? line_index + 1 : source_lines_.size();
    }
  }
  if (line_index == source_lines_.size()) {
    auto it = std::upper_bound(source_lines_.begin(), source_lines_.end(), offset);
    line_index = static_cast<std::size_t>(std::distance(source_lines_.begin(), it)) - 1;
  }
  line_hint_ = line_index;
  Position p;
  p.line = static_cast<int>(line_index + 1);
  p.column = static_cast<int>(offset - source_lines_[line_index] + 1);
  p.offset = offset;
  return p;
}

Range SourceMap::range(std::size_t begin, std::size_t end) const {
  if (end < begin) end = begin;
  return {position(begin), position(end)};
}

std::size_t SourceMap::text_offset(int line, int column) const {
  if (line < 1) return 0;
  const auto index = static_cast<std::size_t>(line - 1);
  if (index >= text_lines_.size()) return text_.size();
  const std::size_t start = text_lines_[index];
  return std::min(text_.size(), start + static_cast<std::size_t>(std::max(column - 1, 0)));
}

int SourceMap::text_line(std::size_t text_offset) const {
  const auto it = std::upper_bound(text_lines_.begin(), text_lines_.end(), text_offset);
  return static_cast<int>(std::distance(text_lines_.begin(), it));
}

Range SourceMap::text_range(std::size_t begin, std::size_t end) const {
  end = std::min(end, text_.size());
  // Keep the end inside whole UTF-8 characters.
  while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r' || text_[end - 1] == ' ' ||
                         text_[end - 1] == '\t')) {
    --end;
  }
  if (end < begin) end = begin;
  // The end maps through the last byte so that a range never swallows text the
  // map skipped right after it.
  const std::size_t source_begin = source_offset(begin);
  const std::size_t source_end = end == begin ? source_begin : source_offset(end - 1) + 1;
  return range(source_begin, std::max(source_begin, source_end));
}

}  // namespace composer::parse
