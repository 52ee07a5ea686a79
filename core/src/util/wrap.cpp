#include "util/wrap.hpp"

#include <algorithm>
#include <iterator>
#include <optional>

#include "util/text.hpp"

namespace composer::text {
namespace {

struct CodeRange {
  char32_t first, last;
};

// East Asian Width W and F (Unicode 15, EastAsianWidth.txt), merged into runs.
constexpr CodeRange kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F202},
    {0x1F210, 0x1F23B}, {0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
    {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC},
    {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596},
    {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
    {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

// Combining marks, zero-width characters and format controls: no column.
constexpr CodeRange kZeroWidth[] = {
    {0x0300, 0x036F},   {0x0483, 0x0489},   {0x0591, 0x05BD},   {0x05BF, 0x05BF},   {0x05C1, 0x05C2},
    {0x05C4, 0x05C5},   {0x05C7, 0x05C7},   {0x0610, 0x061A},   {0x064B, 0x065F},   {0x0670, 0x0670},
    {0x06D6, 0x06DC},   {0x06DF, 0x06E4},   {0x06E7, 0x06E8},   {0x06EA, 0x06ED},   {0x0E31, 0x0E31},
    {0x0E34, 0x0E3A},   {0x0E47, 0x0E4E},   {0x1160, 0x11FF},   {0x200B, 0x200F},   {0x202A, 0x202E},
    {0x2060, 0x2064},   {0x20D0, 0x20FF},   {0x302A, 0x302D},   {0x3099, 0x309A},   {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F},   {0xFEFF, 0xFEFF},   {0x1F3FB, 0x1F3FF}, {0xE0000, 0xE0FFF},
};

template <std::size_t N>
bool in(const CodeRange (&ranges)[N], char32_t cp) {
  const auto it = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                                   [](char32_t c, const CodeRange& r) { return c < r.first; });
  return it != std::begin(ranges) && cp <= std::prev(it)->last;
}

// Kinsoku: what may not start a line, and what may not end one.
bool is_closing(char32_t cp) {
  switch (cp) {
    case '.': case ',': case ';': case ':': case '!': case '?': case ')': case ']': case '}': case '%':
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF1F: case 0xFF01:
    case 0xFF09: case 0xFF3D: case 0xFF5D: case 0x300D: case 0x300F: case 0x3011: case 0x3015: case 0x3009:
    case 0x300B: case 0x3017: case 0x3019: case 0x301F: case 0x2019: case 0x201D: case 0x30FC: case 0x3005:
    case 0x309D: case 0x309E: case 0x30FB: case 0x2026: case 0x2025:
    case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049: case 0x3063: case 0x3083: case 0x3085:
    case 0x3087: case 0x308E: case 0x30A1: case 0x30A3: case 0x30A5: case 0x30A7: case 0x30A9: case 0x30C3:
    case 0x30E3: case 0x30E5: case 0x30E7: case 0x30EE: case 0x30F5: case 0x30F6:
      return true;
    default:
      return false;
  }
}

bool is_opening(char32_t cp) {
  switch (cp) {
    case '(': case '[': case '{':
    case 0xFF08: case 0xFF3B: case 0xFF5B: case 0x300C: case 0x300E: case 0x3010: case 0x3014: case 0x3008:
    case 0x300A: case 0x3016: case 0x3018: case 0x301D: case 0x2018: case 0x201C:
      return true;
    default:
      return false;
  }
}

// A piece of a line that is never broken: a word, or one wide character with
// the punctuation that must stay with it.
struct Piece {
  std::size_t begin = 0, end = 0;  // bytes of the text
  std::size_t width = 0;
  bool space_before = false;      // white space separated it from the piece before
  bool breakable_before = false;  // a line may end just before it
};

// Greedy line filling, one piece at a time. Pieces that follow each other in
// the text, alone or one space apart, are copied as one run.
class LineFiller {
 public:
  LineFiller(std::string& out, std::string_view text, std::size_t width, std::string_view rest_prefix,
             std::size_t used)
      : out_(out), text_(text), width_(width), rest_prefix_(rest_prefix), rest_width_(column_width(rest_prefix)),
        used_(used) {}

  void place(const Piece& piece) {
    const bool space = piece.space_before && !line_empty_;
    const std::size_t needed = (space ? 1 : 0) + piece.width;
    if (!line_empty_ && piece.breakable_before && used_ + needed > width_) {
      flush();
      out_ += '\n';
      out_ += rest_prefix_;
      used_ = rest_width_;
      line_empty_ = true;
      run_begin_ = run_end_ = piece.begin;
    } else if (space) {
      if (!(piece.begin == run_end_ + 1 && text_[run_end_] == ' ')) {
        flush();
        out_ += ' ';
        run_begin_ = run_end_ = piece.begin;
      }
      ++used_;
    } else if (piece.begin != run_end_) {
      flush();
      run_begin_ = run_end_ = piece.begin;
    }
    run_end_ = piece.end;
    used_ += piece.width;
    line_empty_ = false;
  }

  void flush() {
    out_.append(text_.data() + run_begin_, run_end_ - run_begin_);
    run_begin_ = run_end_;
  }

 private:
  std::string& out_;
  std::string_view text_;
  std::size_t width_;
  std::string_view rest_prefix_;
  std::size_t rest_width_;
  std::size_t used_;
  bool line_empty_ = true;
  std::size_t run_begin_ = 0, run_end_ = 0;  // bytes of the text waiting to be copied
};

// "[12]", "[12]." or "[12])": a link's reference number, or a footnote's,
// which stays on the line of the word before it: a line that started with it
// would read as an entry of a list of references.
bool is_reference_mark(std::string_view piece) {
  std::size_t i = 1;
  while (i < piece.size() && piece[i] >= '0' && piece[i] <= '9') ++i;
  if (piece.empty() || piece[0] != '[' || i == 1 || i >= piece.size() || piece[i] != ']') return false;
  for (++i; i < piece.size(); ++i) {
    if (piece[i] < 0x20 || piece[i] >= 0x7F || !is_closing(static_cast<char32_t>(piece[i]))) return false;
  }
  return true;
}

// Places each piece once the next is known: a reference mark one space after
// a word joins it, and the two go to the next line together.
class MarkJoiner {
 public:
  MarkJoiner(LineFiller& filler, std::string_view text) : filler_(filler), text_(text) {}

  void add(const Piece& piece) {
    if (held_ && piece.space_before && piece.begin == held_->end + 1 && text_[held_->end] == ' ' &&
        text_[piece.begin] == '[' && is_reference_mark(text_.substr(piece.begin, piece.end - piece.begin))) {
      held_->end = piece.end;
      held_->width += 1 + piece.width;
      return;
    }
    if (held_) filler_.place(*held_);
    held_ = piece;
  }

  void finish() {
    if (held_) filler_.place(*held_);
    held_.reset();
  }

 private:
  LineFiller& filler_;
  std::string_view text_;
  std::optional<Piece> held_;
};

}  // namespace

int column_width(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
  if (cp < 0x300) return cp == 0xAD ? 0 : 1;
  // CJK ideographs and CJK punctuation, most of any CJK text.
  if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x3029) || (cp >= 0xFF01 && cp <= 0xFF60)) return 2;
  if (in(kZeroWidth, cp)) return 0;
  return in(kWide, cp) ? 2 : 1;
}

std::size_t column_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    if (byte >= 0x20 && byte < 0x7F) {
      ++width;
      ++pos;
      continue;
    }
    width += static_cast<std::size_t>(column_width(decode_utf8(s, pos)));
  }
  return width;
}

void wrap(std::string& out, std::string_view text, std::size_t width, std::string_view first_prefix,
          std::string_view rest_prefix) {
  out += first_prefix;
  LineFiller filler(out, text, width, rest_prefix, column_width(first_prefix));
  MarkJoiner joiner(filler, text);
  Piece piece;
  bool have_piece = false;
  bool pending_space = false;
  bool pending_newline_only = false;  // the white space was only line breaks
  bool previous_wide = false;
  bool previous_opening = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte > 0x20 && byte < 0x7F && have_piece && !pending_space && !previous_wide && !previous_opening &&
        byte != '(' && byte != '[' && byte != '{') {
      // Printable ASCII inside a word: the common case, without decoding.
      piece.end = ++pos;
      ++piece.width;
      continue;
    }
    char32_t cp;
    if (byte < 0x80) {
      cp = byte;
      ++pos;
    } else if ((byte & 0xF0) == 0xE0 && pos + 2 < text.size() && (text[pos + 1] & 0xC0) == 0x80 &&
               (text[pos + 2] & 0xC0) == 0x80) {
      // Three bytes: CJK, kana, Hangul and their punctuation, most of a CJK text.
      cp = (static_cast<char32_t>(byte & 0x0F) << 12) | (static_cast<char32_t>(text[pos + 1] & 0x3F) << 6) |
           static_cast<char32_t>(text[pos + 2] & 0x3F);
      pos += 3;
    } else {
      cp = decode_utf8(text, pos);
    }
    // No-break spaces (U+00A0, U+202F) keep their neighbours together.
    const bool space = cp < 0x80 ? (cp == ' ' || (cp >= '\t' && cp <= '\r'))
                                 : cp == 0x3000 || cp == 0xFEFF ||
                                       (cp >= 0x1680 && cp <= 0x205F && cp != 0x202F && is_unicode_space(cp));
    if (space) {
      if (!pending_space) pending_newline_only = true;
      pending_space = true;
      if (cp != '\n' && cp != '\r') pending_newline_only = false;
      continue;
    }
    const int cp_width = column_width(cp);
    const bool wide = cp_width == 2;
    const bool stays = have_piece && !pending_space &&
                       (cp_width == 0 || !(wide || previous_wide) || is_closing(cp) || previous_opening);
    if (stays) {
      // Inside a word, a combining mark, or punctuation that keeps its neighbour.
      piece.end = pos;
      piece.width += static_cast<std::size_t>(cp_width);
    } else {
      if (have_piece) joiner.add(piece);
      // A line break of the source between two wide characters is no space.
      const bool space = pending_space && !(pending_newline_only && wide && previous_wide);
      piece = Piece{start, pos, static_cast<std::size_t>(cp_width), space && have_piece, have_piece};
      have_piece = true;
    }
    pending_space = false;
    pending_newline_only = false;
    previous_wide = wide || (cp_width == 0 && previous_wide);
    previous_opening = is_opening(cp);
  }
  if (have_piece) joiner.add(piece);
  joiner.finish();
  filler.flush();
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += '\n';
}

}  // namespace composer::text
