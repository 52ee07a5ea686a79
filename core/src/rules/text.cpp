// Text: placeholders left in (TK, TODO, XXX, lorem ipsum), outside code and
// addresses. A link's text names what it links to ("remove outdated TODO", a
// pull request's title): there a placeholder counts only when it opens the
// text ("[TODO](…)", "[TK: title](…)").
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

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Where a link's text shows its first word: past the white space and the
// marks that can open it.
std::size_t first_word(std::string_view s, std::size_t begin, std::size_t end) {
  while (begin < end && (space(s[begin]) || s[begin] == '*' || s[begin] == '_' || s[begin] == '~' || s[begin] == '`')) {
    ++begin;
  }
  return begin;
}

bool token_boundary(char c) { return space(c) || c == '(' || c == '<' || c == '[' || c == '"' || c == '\''; }

// Whether a placeholder found in a line is part of an address (typed
// "https://…/TODO", in a link's destination, an autolink or a reference
// definition) or of a link's text it does not open. Asked in source order,
// each line from its start: the text before a placeholder is scanned once.
class Context {
 public:
  explicit Context(const Report& report) : source_(report.source()), links_(report.issue().inventory.links) {}

  void start_line(std::size_t line) {
    token_begin_ = scanned_ = line;
    in_address_ = false;
  }

  bool excludes(std::size_t at) {
    // The token (text between spaces and brackets) the placeholder is in: an
    // address when it holds "://" before it or opens with "www.".
    for (std::size_t i = at; i > scanned_; --i) {
      if (token_boundary(source_[i - 1])) {
        token_begin_ = i;
        in_address_ = false;
        break;
      }
    }
    const std::size_t from = std::max(token_begin_, scanned_ > 2 ? scanned_ - 2 : 0);
    in_address_ = in_address_ || source_.substr(from, at - from).find("://") != std::string_view::npos ||
                  text::starts_with(source_.substr(token_begin_), "www.");
    scanned_ = at;
    if (in_address_) return true;
    while (next_ < links_.size() && links_[next_].range.end.offset <= at) {
      ++next_;
      first_word_ = kUnknown;
    }
    if (next_ == links_.size()) return false;
    const SourceLink& link = links_[next_];
    if (!link.exact || link.range.start.offset > at) return false;
    if (link.autolink) return true;
    if (first_word_ == kUnknown) {
      first_word_ = first_word(source_, link.range.start.offset + (link.image ? 2 : 1), link.range.end.offset);
    }
    return at != first_word_;
  }

 private:
  std::string_view source_;
  const std::vector<SourceLink>& links_;
  static constexpr std::size_t kUnknown = std::string_view::npos;
  std::size_t next_ = 0;
  std::size_t first_word_ = kUnknown;  // of links_[next_]'s text
  std::size_t token_begin_ = 0;
  std::size_t scanned_ = 0;
  bool in_address_ = false;
};

}  // namespace

void check_text(Report& report) {
  const std::string_view source = report.source();
  const auto lorem_at = [&](std::size_t at) {
    return text::starts_with_ignoring_case(source.substr(at), "lorem ipsum");
  };
  Context context(report);
  bool fenced = false;
  for (std::size_t line = 0; line < source.size();) {
    context.start_line(line);
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
        if (length == 0 || context.excludes(line + i)) continue;
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
