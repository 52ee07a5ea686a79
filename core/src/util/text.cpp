#include "util/text.hpp"

#include <algorithm>

namespace composer::text {

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  const auto begin = s.find_first_not_of(ws);
  if (begin == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(ws);
  return s.substr(begin, end - begin + 1);
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower_ascii(s[i]) != lower_ascii(prefix[i])) return false;
  }
  return true;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && starts_with_ignoring_case(a, b);
}

char32_t decode_utf8(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  int length = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || pos + length > s.size()) {
    ++pos;
    return 0xFFFD;
  }
  char32_t cp = length == 1 ? b0 : length == 2 ? (b0 & 0x1F) : length == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int i = 1; i < length; ++i) {
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  pos += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string repair_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t run = 0;  // start of the valid bytes not yet written
  for (std::size_t pos = 0; pos < s.size();) {
    if (s[pos] != '\0' && static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const std::size_t n = s[pos] == '\0' ? 0 : valid_utf8_length(s, pos);
    if (n > 0) {
      pos += n;
      continue;
    }
    out.append(s.data() + run, pos - run);
    out += "\xEF\xBF\xBD";
    run = ++pos;
  }
  out.append(s.data() + run, s.size() - run);
  return out;
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) ||   // Hangul Jamo
         (cp >= 0x2E80 && cp <= 0x303F) ||   // CJK radicals, punctuation
         (cp >= 0x3040 && cp <= 0x30FF) ||   // Hiragana, Katakana
         (cp >= 0x3100 && cp <= 0x31FF) ||   // Bopomofo, Hangul compat, Katakana ext
         (cp >= 0x3400 && cp <= 0x4DBF) ||   // CJK ext A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||   // CJK unified
         (cp >= 0xAC00 && cp <= 0xD7AF) ||   // Hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||   // CJK compatibility
         (cp >= 0xFF00 && cp <= 0xFFEF) ||   // full-width forms
         (cp >= 0x20000 && cp <= 0x3FFFF);   // CJK ext B and later
}

bool is_unicode_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
         cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0xFEFF;
}

bool is_separator_char(char32_t cp) {
  return cp == '-' || cp == '|' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
         cp == 0x2014 || cp == 0x2015 || cp == 0x2500 || cp == 0x30FC || cp == 0xFF5C || cp == 0xFF0D ||
         cp == 0x00B7 || cp == 0x2022 || cp == 0x30FB;
}

std::size_t codepoint_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size(); ++n) decode_utf8(s, pos);
  return n;
}

std::string_view trim_codepoints(std::string_view s, bool (*strip)(char32_t), bool front, bool back) {
  std::size_t begin = 0;
  while (front && begin < s.size()) {
    std::size_t next = begin;
    if (!strip(decode_utf8(s, next))) break;
    begin = next;
  }
  std::size_t end = s.size();
  while (back && end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t probe = start;
    if (!strip(decode_utf8(s, probe))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t run = std::string_view::npos;  // start of the word being read
  const auto flush = [&](std::size_t end) {
    if (run == std::string_view::npos) return;
    if (!out.empty()) out += ' ';
    out.append(s.data() + run, end - run);
    run = std::string_view::npos;
  };
  for (std::size_t pos = 0; pos < s.size();) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    const std::size_t start = pos;
    bool space;
    if (byte < 0x80) {
      ++pos;
      space = byte == ' ' || (byte >= '\t' && byte <= '\r');
    } else if (byte != 0xC2 && byte != 0xE2 && byte != 0xE3 && byte != 0xEF) {
      // No Unicode space starts with any other lead byte: skip the character.
      pos += byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
      pos = std::min(pos, s.size());
      space = false;
    } else {
      space = is_unicode_space(decode_utf8(s, pos));
    }
    if (space) flush(start);
    else if (run == std::string_view::npos) run = start;
  }
  flush(s.size());
  return out;
}

void escape_html(std::string& out, std::string_view s) {
  std::size_t run = 0;  // start of the bytes not yet written
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char* entity;
    switch (s[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#39;"; break;
      default: continue;
    }
    out.append(s.data() + run, i - run);
    out += entity;
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
}

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  escape_html(out, s);
  return out;
}

}  // namespace composer::text
