// Text: placeholders left in (TK, TODO, XXX, lorem ipsum), outside code.
#include <array>
#include <cctype>
#include <cstdint>

#include "rules/rules.hpp"
#include "util/text.hpp"

namespace composer::rules {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The bytes the scan stops at: a code span's backtick, and the first letters
// of TODO, TK, XXX and lorem ipsum (no placeholder starts otherwise).
constexpr std::array<bool, 256> scan_stops() {
  std::array<bool, 256> stops{};
  for (const char c : {'`', 'T', 'X', 'l', 'L'}) stops[static_cast<unsigned char>(c)] = true;
  return stops;
}
constexpr std::array<bool, 256> kScanStops = scan_stops();

// Whether any of the eight bytes of `word` is a scan stop ('l' and 'L' differ
// in the bit 0x20 alone, so one test finds both): most of a text has none.
bool may_stop(std::uint64_t word) {
  constexpr std::uint64_t case_bit = 0x2020202020202020u;
  return (text::bytes_equal(word, '`') | text::bytes_equal(word, 'T') | text::bytes_equal(word, 'X') |
          text::bytes_equal(word | case_bit, 'l')) != 0;
}

}  // namespace

void check_text(Report& report) {
  const std::string_view source = report.source();
  const auto lorem_at = [&](std::size_t at) {
    return text::starts_with_ignoring_case(source.substr(at), "lorem ipsum");
  };
  bool fenced = false;
  for (std::size_t line = 0; line < source.size();) {
    std::size_t end = source.find('\n', line);
    if (end == std::string_view::npos) end = source.size();
    const std::string_view text = source.substr(line, end - line);
    const std::string_view trimmed = text::trim(text);
    if (text::starts_with(trimmed, "```") || text::starts_with(trimmed, "~~~")) {
      fenced = !fenced;
    } else if (!fenced && !text::starts_with(text, "    ")) {
      bool in_code = false;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (i + 8 <= text.size() && !may_stop(text::load_word(text.data() + i))) {
          i += 7;
          continue;
        }
        const char c = text[i];
        if (!kScanStops[static_cast<unsigned char>(c)]) continue;
        if (c == '`') {
          in_code = !in_code;
          continue;
        }
        if (in_code || (i > 0 && word_char(text[i - 1]))) continue;
        std::size_t length = 0;
        for (const std::string_view marker : {"TODO", "TK", "XXX"}) {
          if (text.compare(i, marker.size(), marker) == 0 &&
              (i + marker.size() >= text.size() || !word_char(text[i + marker.size()]))) {
            length = marker.size();
          }
        }
        if (length == 0 && lorem_at(line + i)) length = 11;
        if (length == 0) continue;
        const std::string found(text.substr(i, length));
        report.add("text/placeholder", report.range(line + i, line + i + length),
                   "'" + found + "' is a placeholder left in the text. Replace it with the real words before sending.");
        i += length - 1;
      }
    }
    line = end + 1;
  }
}

}  // namespace composer::rules
