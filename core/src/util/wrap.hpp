#pragma once
// Terminal columns: how wide a character is, and word wrap by that width, so
// plain text lines up in a terminal or a mail client's fixed-width font.
#include <cstddef>
#include <string>
#include <string_view>

namespace composer::text {

// Columns a code point takes: 2 for East Asian Wide and Fullwidth characters
// (CJK, Hangul, fullwidth forms, emoji shown as pictures), 0 for combining
// marks, zero-width characters and controls, 1 for everything else.
int column_width(char32_t cp);
// Columns of a UTF-8 string.
std::size_t column_width(std::string_view s);

// Wraps `text` into lines of at most `width` columns, each ending with '\n':
// the first starts with `first_prefix`, the others with `rest_prefix` (both
// count towards the width). Runs of white space and line breaks become one
// space, except between two wide characters, where a line break of the source
// disappears, as CJK text is written without spaces. Lines break at spaces and
// between wide characters, never before closing punctuation (、。」) or after
// opening punctuation (「（), nor before a reference number ("[3]") one space
// after a word: the two move to the next line together. A word longer than a
// line keeps a line to itself.
void wrap(std::string& out, std::string_view text, std::size_t width, std::string_view first_prefix,
          std::string_view rest_prefix);

}  // namespace composer::text
