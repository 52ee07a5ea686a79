#pragma once
// Small text helpers shared by the parser and the renderers.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace composer::text {

std::string_view trim(std::string_view s);
// Inline: called for nearly every line, link and tag.
inline bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}
inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
inline char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string to_lower_ascii(std::string_view s);
// ASCII case-insensitive comparisons, without copies.
bool equals_ignoring_case(std::string_view a, std::string_view b);
bool starts_with_ignoring_case(std::string_view s, std::string_view prefix);

// Decodes one UTF-8 code point at `pos`; returns U+FFFD and advances one byte
// on a malformed sequence. The input is assumed repaired (valid UTF-8).
char32_t decode_utf8(std::string_view s, std::size_t& pos);
void append_utf8(std::string& out, char32_t cp);

// Length of the valid UTF-8 sequence at `pos`, or 0 when it is not valid.
inline std::size_t valid_utf8_length(std::string_view s, std::size_t pos) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(pos);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) { n = 3; lo = 0xA0; }
  else if (c >= 0xE1 && c <= 0xEC) n = 3;
  else if (c == 0xED) { n = 3; hi = 0x9F; }
  else if (c >= 0xEE && c <= 0xEF) n = 3;
  else if (c == 0xF0) { n = 4; lo = 0x90; }
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  else if (c == 0xF4) { n = 4; hi = 0x8F; }
  else return 0;
  if (pos + n > s.size()) return 0;
  if (b(pos + 1) < lo || b(pos + 1) > hi) return 0;
  for (std::size_t i = 2; i < n; ++i) {
    if ((b(pos + i) & 0xC0) != 0x80) return 0;
  }
  return n;
}
// Replaces every invalid UTF-8 sequence, and every NUL byte (as CommonMark
// does in the body), with U+FFFD.
std::string repair_utf8(std::string_view s);
// The offset of the first byte at or after `from` that repair_utf8 replaces,
// or npos.
std::size_t next_to_repair(std::string_view s, std::size_t from);

// The value of an ASCII or fullwidth ("１") digit, or -1: Japanese and Chinese
// text often writes numbers fullwidth.
inline int digit_value(char32_t cp) {
  if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<int>(cp - 0xFF10);
  return -1;
}

bool is_cjk(char32_t cp);
bool is_unicode_space(char32_t cp);
// Dashes and bars that writers use to separate a title from its source.
bool is_separator_char(char32_t cp);
// What an item's title is trimmed of: separators, white space, stray '*' and '_'.
bool is_title_decoration(char32_t cp);
// What cmark-gfm counts as punctuation and white space beside emphasis markers.
bool is_markdown_punctuation(char32_t cp);
bool is_markdown_space(char32_t cp);

std::size_t codepoint_count(std::string_view s);

// `s` without the code points that `strip` accepts at its start (when
// `front`) and at its end (when `back`).
std::string_view trim_codepoints(std::string_view s, bool (*strip)(char32_t), bool front, bool back);

// Collapses runs of white space to one space and trims.
std::string collapse_space(std::string_view s);

// An item's title from the text that names it: white space collapsed, the
// decoration around it gone ("Title ——"). The parser reads every title so;
// a writer checks with it what a title will read back as.
std::string title_text(std::string_view raw);

// Eight bytes at a time ("Bit Twiddling Hacks"): the word at `p`, and masks
// whose high bits mark its bytes equal to `c`, or below `c` (at most 0x80).
// A mask may mark more bytes than the first that matches, but is zero only
// when none does: ask "any byte?" of it, or of several OR-ed, not "which?".
inline std::uint64_t load_word(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}
inline std::uint64_t bytes_below(std::uint64_t word, unsigned char c) {
  constexpr std::uint64_t ones = 0x0101010101010101u;
  return (word - ones * c) & ~word & (ones * 0x80);
}
inline std::uint64_t bytes_equal(std::uint64_t word, unsigned char c) {
  constexpr std::uint64_t ones = 0x0101010101010101u;
  return bytes_below(word ^ (ones * c), 1);
}

// Where the line holding `from` ends: the first '\n' or '\r' at or after
// `from`, or s.size(). (find_first_of("\r\n") looks each byte up in the
// set, one call per byte.)
inline std::size_t line_end(std::string_view s, std::size_t from) {
  std::size_t i = from;
  for (; i + 8 <= s.size(); i += 8) {
    const std::uint64_t word = load_word(s.data() + i);
    if ((bytes_equal(word, '\n') | bytes_equal(word, '\r')) != 0) break;
  }
  while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
  return std::min(i, s.size());
}

// Appends the decimal digits of `n`, without a temporary string: renderers
// write a line number or a width for every item.
inline void append_number(std::string& out, long long n) {
  char digits[24];
  out.append(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, n).ptr - digits));
}

// Escapes text for HTML element content and attribute values.
void escape_html(std::string& out, std::string_view s);
std::string escape_html(std::string_view s);

}  // namespace composer::text
