#include "util/text.hpp"

#include <algorithm>

namespace composer::text {

std::string_view trim(std::string_view s) {
  // A byte test rather than find_first_not_of(" \t\r\n\f\v"), which
  // looks each byte up in the set with a call.
  const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  std::size_t begin = 0, end = s.size();
  while (begin < end && space(s[begin])) ++begin;
  while (end > begin && space(s[end - 1])) --end;
  return s.substr(begin, end - begin);
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

std::size_t next_to_repair(std::string_view s, std::size_t from) {
  for (std::size_t pos = from; pos < s.size();) {
    if (s[pos] != '\0' && static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const std::size_t n = s[pos] == '\0' ? 0 : valid_utf8_length(s, pos);
    if (n == 0) return pos;
    pos += n;
  }
  return std::string_view::npos;
}

std::string repair_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t run = 0;  // start of the valid bytes not yet written
  for (std::size_t bad = next_to_repair(s, 0); bad != std::string_view::npos; bad = next_to_repair(s, run)) {
    out.append(s.data() + run, bad - run);
    out += "\xEF\xBF\xBD";
    run = bad + 1;
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

// CommonMark's punctuation as cmark-gfm 0.29 tells it (ASCII punctuation
// and Unicode's P* classes; its utf8.c, whose table this is): what decides,
// beside white space, whether a run of '*', '_' or '~' opens or closes.
bool is_markdown_punctuation(char32_t cp) {
  const auto uc = static_cast<std::uint32_t>(cp);
  if (uc < 128) return (uc >= 33 && uc <= 47) || (uc >= 58 && uc <= 64) || (uc >= 91 && uc <= 96) ||
                        (uc >= 123 && uc <= 126);
  return uc == 161 || uc == 167 || uc == 171 || uc == 182 || uc == 183 || uc == 187 || uc == 191 || uc == 894 ||
         uc == 903 || (uc >= 1370 && uc <= 1375) || uc == 1417 || uc == 1418 || uc == 1470 || uc == 1472 ||
         uc == 1475 || uc == 1478 || uc == 1523 || uc == 1524 || uc == 1545 || uc == 1546 || uc == 1548 ||
         uc == 1549 || uc == 1563 || uc == 1566 || uc == 1567 || (uc >= 1642 && uc <= 1645) || uc == 1748 ||
         (uc >= 1792 && uc <= 1805) || (uc >= 2039 && uc <= 2041) || (uc >= 2096 && uc <= 2110) || uc == 2142 ||
         uc == 2404 || uc == 2405 || uc == 2416 || uc == 2800 || uc == 3572 || uc == 3663 || uc == 3674 ||
         uc == 3675 || (uc >= 3844 && uc <= 3858) || uc == 3860 || (uc >= 3898 && uc <= 3901) || uc == 3973 ||
         (uc >= 4048 && uc <= 4052) || uc == 4057 || uc == 4058 || (uc >= 4170 && uc <= 4175) || uc == 4347 ||
         (uc >= 4960 && uc <= 4968) || uc == 5120 || uc == 5741 || uc == 5742 || uc == 5787 || uc == 5788 ||
         (uc >= 5867 && uc <= 5869) || uc == 5941 || uc == 5942 || (uc >= 6100 && uc <= 6102) ||
         (uc >= 6104 && uc <= 6106) || (uc >= 6144 && uc <= 6154) || uc == 6468 || uc == 6469 || uc == 6686 ||
         uc == 6687 || (uc >= 6816 && uc <= 6822) || (uc >= 6824 && uc <= 6829) || (uc >= 7002 && uc <= 7008) ||
         (uc >= 7164 && uc <= 7167) || (uc >= 7227 && uc <= 7231) || uc == 7294 || uc == 7295 ||
         (uc >= 7360 && uc <= 7367) || uc == 7379 || (uc >= 8208 && uc <= 8231) || (uc >= 8240 && uc <= 8259) ||
         (uc >= 8261 && uc <= 8273) || (uc >= 8275 && uc <= 8286) || uc == 8317 || uc == 8318 || uc == 8333 ||
         uc == 8334 || (uc >= 8968 && uc <= 8971) || uc == 9001 || uc == 9002 || (uc >= 10088 && uc <= 10101) ||
         uc == 10181 || uc == 10182 || (uc >= 10214 && uc <= 10223) || (uc >= 10627 && uc <= 10648) ||
         (uc >= 10712 && uc <= 10715) || uc == 10748 || uc == 10749 || (uc >= 11513 && uc <= 11516) || uc == 11518 ||
         uc == 11519 || uc == 11632 || (uc >= 11776 && uc <= 11822) || (uc >= 11824 && uc <= 11842) ||
         (uc >= 12289 && uc <= 12291) || (uc >= 12296 && uc <= 12305) || (uc >= 12308 && uc <= 12319) ||
         uc == 12336 || uc == 12349 || uc == 12448 || uc == 12539 || uc == 42238 || uc == 42239 ||
         (uc >= 42509 && uc <= 42511) || uc == 42611 || uc == 42622 || (uc >= 42738 && uc <= 42743) ||
         (uc >= 43124 && uc <= 43127) || uc == 43214 || uc == 43215 || (uc >= 43256 && uc <= 43258) || uc == 43310 ||
         uc == 43311 || uc == 43359 || (uc >= 43457 && uc <= 43469) || uc == 43486 || uc == 43487 ||
         (uc >= 43612 && uc <= 43615) || uc == 43742 || uc == 43743 || uc == 43760 || uc == 43761 || uc == 44011 ||
         uc == 64830 || uc == 64831 || (uc >= 65040 && uc <= 65049) || (uc >= 65072 && uc <= 65106) ||
         (uc >= 65108 && uc <= 65121) || uc == 65123 || uc == 65128 || uc == 65130 || uc == 65131 ||
         (uc >= 65281 && uc <= 65283) || (uc >= 65285 && uc <= 65290) || (uc >= 65292 && uc <= 65295) ||
         uc == 65306 || uc == 65307 || uc == 65311 || uc == 65312 || (uc >= 65339 && uc <= 65341) || uc == 65343 ||
         uc == 65371 || uc == 65373 || (uc >= 65375 && uc <= 65381) || (uc >= 65792 && uc <= 65794) || uc == 66463 ||
         uc == 66512 || uc == 66927 || uc == 67671 || uc == 67871 || uc == 67903 || (uc >= 68176 && uc <= 68184) ||
         uc == 68223 || (uc >= 68336 && uc <= 68342) || (uc >= 68409 && uc <= 68415) ||
         (uc >= 68505 && uc <= 68508) || (uc >= 69703 && uc <= 69709) || uc == 69819 || uc == 69820 ||
         (uc >= 69822 && uc <= 69825) || (uc >= 69952 && uc <= 69955) || uc == 70004 || uc == 70005 ||
         (uc >= 70085 && uc <= 70088) || uc == 70093 || (uc >= 70200 && uc <= 70205) || uc == 70854 ||
         (uc >= 71105 && uc <= 71113) || (uc >= 71233 && uc <= 71235) || (uc >= 74864 && uc <= 74868) ||
         uc == 92782 || uc == 92783 || uc == 92917 || (uc >= 92983 && uc <= 92987) || uc == 92996 || uc == 113823;
}

// CommonMark's white space as cmark-gfm 0.29 tells it around emphasis.
bool is_markdown_space(char32_t cp) {
  return cp == 9 || cp == 10 || cp == 12 || cp == 13 || cp == 32 || cp == 160 || cp == 5760 ||
         (cp >= 8192 && cp <= 8202) || cp == 8239 || cp == 8287 || cp == 12288;
}

bool is_separator_char(char32_t cp) {
  return cp == '-' || cp == '|' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
         cp == 0x2014 || cp == 0x2015 || cp == 0x2500 || cp == 0x30FC || cp == 0xFF5C || cp == 0xFF0D ||
         cp == 0x00B7 || cp == 0x2022 || cp == 0x30FB;
}

bool is_title_decoration(char32_t cp) {
  return is_separator_char(cp) || is_unicode_space(cp) || cp == '*' || cp == '_';
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
      // No Unicode space starts with any other lead byte: skip the character,
      // no further than its continuation bytes (a bad byte is one).
      std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
      ++pos;
      while (--length > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) ++pos;
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

std::string title_text(std::string_view raw) {
  return std::string(trim_codepoints(collapse_space(raw), is_title_decoration, true, true));
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
