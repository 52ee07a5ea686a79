#pragma once
// Small text helpers shared by the parser and the renderers.
#include <cstdint>
#include <string>
#include <string_view>

namespace composer::text {

std::string_view trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::string to_lower_ascii(std::string_view s);

// Decodes one UTF-8 code point at `pos`; returns U+FFFD and advances one byte
// on a malformed sequence. The input is assumed repaired (valid UTF-8).
char32_t decode_utf8(std::string_view s, std::size_t& pos);
void append_utf8(std::string& out, char32_t cp);

bool is_cjk(char32_t cp);
bool is_unicode_space(char32_t cp);
// Dashes and bars that writers use to separate a title from its source.
bool is_separator_char(char32_t cp);

// Collapses runs of white space to one space and trims.
std::string collapse_space(std::string_view s);

// Escapes text for HTML element content and attribute values.
void escape_html(std::string& out, std::string_view s);
std::string escape_html(std::string_view s);

}  // namespace composer::text
