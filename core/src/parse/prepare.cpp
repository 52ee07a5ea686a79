#include "parse/prepare.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <unordered_map>

#include "parse/document.hpp"
#include "parse/tables.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::parse {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
// Cells a table may have, at least; more when the source is larger, one per
// byte (filled cells take two bytes or more: only a table mostly of empty
// cells can reach it). See parse/tables.hpp.
constexpr std::size_t kMinTableCells = 10000;

std::string megabytes(std::size_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buffer;
}

// Where the readable part of an oversized input ends: the last line break
// before the limit.
std::size_t cut_point(std::string_view source, std::size_t limit) {
  if (source.size() <= limit) return source.size();
  const auto newline = source.rfind('\n', limit - 1);
  if (newline != std::string_view::npos && newline > limit / 2) return newline + 1;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(source[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

// Whether all eight bytes at `p` lie in 0x20..0x7F: none has its high bit
// set, and none is below 0x20 (each less 0x20 would borrow).
bool printable_ascii(const char* p) {
  const std::uint64_t word = text::load_word(p);
  return (text::bytes_below(word, 0x20) | (word & 0x8080808080808080u)) == 0;
}

struct Span {
  std::size_t begin, end;
};

// The fenced code blocks of [begin, end): from the line that opens one
// ("```", "~~~", after up to three spaces, inside quotes and list entries
// too) to the end of the line that closes it, or to `end`.
std::vector<Span> find_fenced_code(std::string_view s, std::size_t begin, std::size_t end) {
  std::vector<Span> spans;
  char fence = 0;
  std::size_t fence_length = 0, opened = 0;
  for (std::size_t line = begin; line < end;) {
    std::size_t line_end = s.find('\n', line);
    line_end = line_end == std::string_view::npos || line_end > end ? end : line_end;
    std::size_t i = line;
    // Quote marks and list markers before the fence (each with its space).
    while (true) {
      std::size_t j = i;
      while (j < line_end && j - i < 3 && s[j] == ' ') ++j;
      if (j < line_end && s[j] == '>') {
        i = j + 1;
      } else if (j + 1 < line_end && (s[j] == '-' || s[j] == '*' || s[j] == '+') && s[j + 1] == ' ') {
        i = j + 2;
      } else {
        std::size_t digits = j;
        while (digits < line_end && digits - j < 9 && s[digits] >= '0' && s[digits] <= '9') ++digits;
        if (digits == j || digits + 1 >= line_end || (s[digits] != '.' && s[digits] != ')') || s[digits + 1] != ' ') {
          i = j;
          break;
        }
        i = digits + 2;
      }
    }
    const char c = i < line_end ? s[i] : 0;
    std::size_t run = i;
    while (run < line_end && s[run] == c) ++run;
    const std::string_view rest = s.substr(run, line_end - run);
    if (fence == 0) {
      if ((c == '`' || c == '~') && run - i >= 3 && (c == '~' || rest.find('`') == std::string_view::npos)) {
        fence = c;
        fence_length = run - i;
        opened = line;
      }
    } else if (c == fence && run - i >= fence_length && text::trim(rest).empty()) {
      spans.push_back({opened, line_end});
      fence = 0;
    }
    line = line_end + 1;
  }
  if (fence) spans.push_back({opened, end});
  return spans;
}

// The inline code spans of [begin, end) outside `fenced` (sorted), paired
// as cmark pairs backtick runs: a run opens a span that the next run of the
// same length closes, within one paragraph (a blank line or fenced code
// ends it; other block boundaries are not seen, which a real card never
// has near it), and an opening run after an odd run of backslashes gives
// its first backtick to the escape. Linear: each stretch's runs are listed
// once, and the next run of a length is found by a cursor that only moves
// forward.
std::vector<Span> find_code_spans(std::string_view s, std::size_t begin, std::size_t end,
                                  const std::vector<Span>& fenced) {
  std::vector<Span> spans;
  struct Runs {
    std::vector<std::size_t> at;  // where each run of this length starts
    std::size_t next = 0;
  };
  std::unordered_map<std::size_t, Runs> by_length;
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // (start, length), in order
  const auto pair_up = [&](std::size_t from) {
    std::size_t outside = from;  // code spans end before this
    for (auto [at, length] : runs) {
      if (at < outside) continue;
      std::size_t backslashes = 0;
      while (at - backslashes > outside && s[at - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 1) {
        ++at;
        --length;
      }
      if (length == 0) continue;
      auto found = by_length.find(length);
      if (found == by_length.end()) continue;
      Runs& same = found->second;
      while (same.next < same.at.size() && same.at[same.next] < at + length) ++same.next;
      if (same.next == same.at.size()) continue;  // never closed: the backticks are text
      outside = same.at[same.next] + length;
      spans.push_back({at, outside});
    }
    runs.clear();
    by_length.clear();
  };
  std::size_t fence = 0;
  std::size_t stretch = begin;  // where the current paragraph began
  for (std::size_t line = begin; line < end;) {
    while (fence < fenced.size() && fenced[fence].end <= line) ++fence;
    if (fence < fenced.size() && fenced[fence].begin <= line) {
      pair_up(stretch);
      line = stretch = fenced[fence].end;
      continue;
    }
    // (cmark ends a line at "\n", "\r" or "\r\n".)
    std::size_t line_end = std::min(text::line_end(s, line), end);
    if (fence < fenced.size() && fenced[fence].begin < line_end) line_end = fenced[fence].begin;
    if (std::min(s.find_first_not_of(" \t", line), end) >= line_end) {
      pair_up(stretch);
      stretch = line_end;
    }
    const std::string_view upto_end = s.substr(0, line_end);
    for (std::size_t i = std::min(upto_end.find('`', line), line_end); i < line_end;) {
      std::size_t j = i;
      while (j < line_end && s[j] == '`') ++j;
      runs.emplace_back(i, j - i);
      by_length[j - i].at.push_back(i);
      i = std::min(upto_end.find('`', j), line_end);
    }
    line = line_end + (line_end < end && s[line_end] == '\r' && line_end + 1 < end && s[line_end + 1] == '\n' ? 2 : 1);
  }
  pair_up(stretch);
  return spans;
}

// The lines of a link card written on one line, "## title ### teaser
// domain": split before each later mark of two to six '#' (a lone '#' is
// too common in titles: "Issue # 5"), and the domain apart at the end. None
// unless such a mark is there.
std::vector<std::string_view> flattened_card_lines(std::string_view body) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 1; i + 1 < body.size(); ++i) {
    if (body[i] != '#' || (body[i - 1] != ' ' && body[i - 1] != '\t')) continue;
    std::size_t marks = i;
    while (marks < body.size() && body[marks] == '#') ++marks;
    if (marks - i < 2 || marks - i > 6 || marks >= body.size() || body[marks] != ' ') continue;
    lines.push_back(text::trim(body.substr(start, i - start)));
    start = i;
    i = marks;
  }
  if (lines.empty()) return lines;
  std::string_view last = text::trim(body.substr(start));
  const std::size_t space = last.find_last_of(" \t");
  if (space != std::string_view::npos && url::looks_like_domain(last.substr(space + 1))) {
    lines.push_back(text::trim(last.substr(0, space)));
    lines.push_back(last.substr(space + 1));
  } else {
    lines.push_back(last);
  }
  return lines;
}

// The address of a card and of the empty link before it: when they name one
// page, the absolute one. Medium writes the card's own relative to its site
// ("/tidy/older"), which no reader elsewhere can follow.
std::string card_address(const std::string& card_url, std::string_view empty_link_url) {
  const std::string_view absolute = text::trim(empty_link_url);
  const bool same_page = !url::is_absolute(card_url) && !url::is_dangerous(absolute) &&
                         url::canonical(url::resolve(absolute, card_url)) == url::canonical(absolute);
  return same_page ? std::string(absolute) : card_url;
}

// Finds link cards in [begin, end): "[## title" … "domain](url)", optionally
// preceded by the empty link "[](url) " that Medium exports put before them;
// none in a fenced code block, nor across one.
std::vector<LinkCard> find_cards(std::string_view s, std::size_t begin, std::size_t end) {
  std::vector<LinkCard> cards;
  constexpr std::size_t kMaxCardBytes = 4096;
  std::size_t pos = begin;
  std::vector<Span> code;  // found with the first "[#"
  std::vector<Span> inline_code;
  bool code_found = false;
  std::size_t next_code = 0, next_inline = 0;
  while (pos < end) {
    const auto open = s.find("[#", pos);
    if (open == std::string_view::npos || open >= end) break;
    if (!code_found) {
      code = find_fenced_code(s, begin, end);
      inline_code = find_code_spans(s, begin, end, code);
      code_found = true;
    }
    while (next_code < code.size() && code[next_code].end <= open) ++next_code;
    if (next_code < code.size() && code[next_code].begin <= open) {
      pos = code[next_code].end;
      continue;
    }
    // "`[## …`" is code (cmark reads code spans before links).
    while (next_inline < inline_code.size() && inline_code[next_inline].end <= open) ++next_inline;
    if (next_inline < inline_code.size() && inline_code[next_inline].begin <= open) {
      pos = inline_code[next_inline].end;
      continue;
    }
    std::size_t hashes = open + 1;
    while (hashes < end && s[hashes] == '#') ++hashes;
    // "\[## …" is a bracket, written so as not to open a card (an odd run of
    // backslashes escapes it).
    std::size_t backslashes = 0;
    while (open - backslashes > begin && s[open - backslashes - 1] == '\\') ++backslashes;
    if (hashes - open - 1 > 6 || hashes >= end || s[hashes] != ' ' || backslashes % 2 == 1) {
      pos = open + 2;
      continue;
    }
    // The card closes at the "]" that closes its "[" (brackets inside it in
    // pairs, as in a link's text), followed by "(", within a bounded distance
    // and before another card opens. Each scan ends where the next could
    // start, so that the whole search stays linear.
    const std::size_t limit = std::min(end, open + kMaxCardBytes);
    std::size_t close = std::string_view::npos;
    std::size_t stop = hashes;
    for (int depth = 1; stop < limit; ++stop) {
      const char c = s[stop];
      if (c == '\\') {
        ++stop;
      } else if (c == '[') {
        if (stop + 1 < end && s[stop + 1] == '#') break;
        ++depth;
      } else if (c == ']' && --depth == 0) {
        close = stop;
        break;
      }
    }
    if (close == std::string_view::npos || close + 1 >= limit || s[close + 1] != '(') {
      pos = std::max(stop, hashes);
      continue;
    }
    const auto url_end = s.substr(0, limit).find(')', close + 2);
    if (url_end == std::string_view::npos) {
      pos = close + 1;
      continue;
    }
    const std::string_view url = text::trim(s.substr(close + 2, url_end - close - 2));
    if (url.empty() || url.find_first_of(" \n\r\t") != std::string_view::npos) {
      pos = hashes;
      continue;
    }
    if (next_code < code.size() && code[next_code].begin < url_end) {
      pos = hashes;
      continue;
    }
    const std::string_view body = s.substr(open + 1, close - open - 1);
    // Lines of the body: "## title", "### teaser", and the last one, the domain.
    std::vector<std::string_view> lines;
    if (body.find('\n') == std::string_view::npos && body.find('\r') == std::string_view::npos) {
      // A one-line "[## title](url)" is an ordinary link; cmark reads it. With
      // a second heading mark, "[## title ### teaser domain](url)", it is a
      // card whose line breaks were lost.
      lines = flattened_card_lines(body);
      if (lines.empty()) {
        pos = hashes;
        continue;
      }
    } else {
      std::size_t line_start = 0;
      for (std::size_t i = 0; i <= body.size(); ++i) {
        if (i == body.size() || body[i] == '\n' || body[i] == '\r') {
          const auto line = text::trim(body.substr(line_start, i - line_start));
          if (!line.empty()) lines.push_back(line);
          line_start = i + 1;
        }
      }
    }
    LinkCard card;
    card.url = std::string(url);
    card.begin = open;
    card.end = url_end + 1;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string_view line = lines[i];
      std::size_t level = 0;
      while (level < line.size() && line[level] == '#') ++level;
      const std::string value = text::collapse_space(line.substr(level));
      if (value.empty()) continue;  // a line of only '#' says nothing
      if (level > 0 && card.title.empty()) card.title = value;
      else if (level > 0 && card.teaser.empty()) card.teaser = value;
      else if (i + 1 == lines.size() && level == 0) card.domain = value;
      else {
        std::string& to = card.teaser.empty() ? card.title : card.teaser;
        if (!to.empty()) to += ' ';
        to += value;
      }
    }
    // Medium puts an empty link to the same page right before the card.
    std::size_t before = open;
    while (before > begin && (s[before - 1] == ' ' || s[before - 1] == '\t')) --before;
    if (before >= 4 && s[before - 1] == ')') {
      // (On the card's line, after the last card.)
      std::size_t line = cards.empty() ? begin : std::max(begin, cards.back().end);
      std::string_view before_card = s.substr(line, before - line);
      if (const auto newline = before_card.rfind('\n'); newline != std::string_view::npos) {
        line += newline + 1;
        before_card.remove_prefix(newline + 1);
      }
      if (const auto empty_open = before_card.rfind("[]("); empty_open != std::string_view::npos) {
        card.begin = line + empty_open;
        card.url = card_address(card.url, before_card.substr(empty_open + 3, before_card.size() - empty_open - 4));
      }
    }
    cards.push_back(std::move(card));
    pos = url_end + 1;
  }
  return cards;
}

}  // namespace

Prepared prepare(std::string_view source, const Options& options, std::vector<Diagnostic>& diagnostics) {
  Prepared prepared(source);
  SourceMap& map = prepared.map;
  // map.range gives source positions even before the map is complete.

  const std::size_t readable = cut_point(source, options.max_input_bytes);
  if (readable < source.size()) {
    diagnostics.push_back({"input/too-large", Severity::error,
                           "This issue is " + megabytes(source.size()) + "; only the first " +
                               megabytes(options.max_input_bytes) +
                               " are read. Split it, or remove pasted material that does not belong in it.",
                           map.range(readable, source.size()), std::nullopt});
  }

  std::size_t begin = 0;
  if (text::starts_with(source, "\xEF\xBB\xBF")) {
    map.skip(0, 3);
    begin = 3;
  }
  prepared.front_matter = read_front_matter(source.substr(0, readable), begin, map, diagnostics);
  if (prepared.front_matter.end > begin) map.skip(begin, prepared.front_matter.end);
  const std::size_t body = prepared.front_matter.end;
  prepared.cards = find_cards(source, body, readable);
  std::vector<OversizedTable> tables = find_oversized_tables(source, map.source_lines(), body, readable,
                                                              std::max(kMinTableCells, readable - body));
  tables.erase(std::remove_if(tables.begin(), tables.end(),
                              [&](const OversizedTable& table) {
                                return std::any_of(prepared.cards.begin(), prepared.cards.end(), [&](const LinkCard& card) {
                                  return card.begin <= table.delimiter && table.delimiter < card.end;
                                });
                              }),
               tables.end());

  // Check every byte (front matter included) and copy the body, dropping
  // cards and repairing bytes cmark would otherwise repair itself (which
  // would shift its columns).
  std::size_t invalid = 0, nul = 0, control = 0;
  std::size_t first_invalid = std::string_view::npos, first_nul = std::string_view::npos;
  std::size_t run_start = body;
  std::size_t card_index = 0, table_index = 0;
  std::size_t pos = begin;
  // A byte to repair: a NUL, or one that is not valid UTF-8.
  const auto count_bad = [&](std::size_t at) {
    if (source[at] == '\0') {
      if (nul++ == 0) first_nul = at;
    } else if (invalid++ == 0) {
      first_invalid = at;
    }
  };
  const auto repair = [&](std::size_t at) {
    if (at < body) return;  // front matter is not copied; its strings are repaired where read
    map.copy(run_start, at);
    map.replace(at, at + 1, kReplacement);
    run_start = at + 1;
  };
  while (pos < readable) {
    // Printable ASCII and valid UTF-8 need nothing: skip them in a tight loop
    // up to the next card or oversized table.
    std::size_t stop = card_index < prepared.cards.size() ? std::min(readable, prepared.cards[card_index].begin) : readable;
    if (table_index < tables.size()) stop = std::min(stop, tables[table_index].delimiter);
    while (pos < stop) {
      const auto byte = static_cast<unsigned char>(source[pos]);
      if (static_cast<unsigned char>(byte - 0x20) < 0x60) {
        ++pos;
        // More printable ASCII is likely: eight bytes at a time.
        while (pos + 8 <= stop && printable_ascii(source.data() + pos)) pos += 8;
        continue;
      }
      const std::size_t n = byte < 0x80 ? 0 : text::valid_utf8_length(source, pos);
      if (n == 0) break;
      pos += n;
    }
    if (pos >= readable) break;
    if (card_index < prepared.cards.size() && pos == prepared.cards[card_index].begin) {
      // Left out of the text cmark reads, but its bytes are checked too.
      const std::string_view card = source.substr(0, prepared.cards[card_index].end);
      for (std::size_t at = text::next_to_repair(card, pos); at != std::string_view::npos;
           at = text::next_to_repair(card, at + 1)) {
        count_bad(at);
      }
      map.copy(run_start, pos);
      map.skip(pos, prepared.cards[card_index].end);
      pos = run_start = prepared.cards[card_index].end;
      ++card_index;
      continue;
    }
    if (table_index < tables.size() && pos == tables[table_index].delimiter) {
      // An escaped first mark: the row no longer reads as a delimiter row,
      // and the table as a paragraph.
      map.copy(run_start, pos);
      map.replace(pos, pos + 1, std::string{'\\', source[pos]});
      run_start = ++pos;
      ++table_index;
      continue;
    }
    const auto c = static_cast<unsigned char>(source[pos]);
    if (c == 0) {
      count_bad(pos);
      repair(pos++);
      continue;
    }
    if (c < 0x20) {
      if (c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
      ++pos;
      continue;
    }
    const std::size_t n = text::valid_utf8_length(source, pos);
    if (n == 0) {
      count_bad(pos);
      repair(pos++);
      continue;
    }
    pos += n;
  }
  map.copy(run_start, readable);
  map.finish();
  prepared.valid_utf8 = invalid == 0 && nul == 0 && readable == source.size();
  // The cards were read from the source as it came: their text is repaired
  // like the rest (a NUL or a bad byte in a teaser is U+FFFD too), and their
  // stray '**' go as the emphasis tidy removes them from text cmark reads.
  for (LinkCard& card : prepared.cards) {
    if (!prepared.valid_utf8) {
      for (std::string* field : {&card.title, &card.teaser, &card.domain, &card.url}) *field = text::repair_utf8(*field);
    }
    for (std::string* field : {&card.title, &card.teaser}) {
      if (field->find("**") != std::string::npos) *field = std::string(text::trim(strip_star_runs(*field, true, true)));
    }
  }

  const auto plural = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  if (invalid > 0) {
    diagnostics.push_back({"input/invalid-utf8", Severity::error,
                           "The text is not valid UTF-8 here (" + plural(invalid, "bad byte", "bad bytes") +
                               " in all, shown as \xEF\xBF\xBD). Save the file as UTF-8.",
                           map.range(first_invalid, first_invalid + 1), std::nullopt});
  }
  if (nul > 0) {
    diagnostics.push_back({"input/nul-byte", Severity::error,
                           "The text contains " + plural(nul, "NUL byte", "NUL bytes") +
                               ", which cannot appear in an issue; they are shown as \xEF\xBF\xBD. Remove them.",
                           map.range(first_nul, first_nul + 1), std::nullopt});
  }
  for (const OversizedTable& table : tables) {
    diagnostics.push_back({"input/table-too-large", Severity::warning,
                           "This table has " + std::to_string(table.columns) + " columns and " +
                               plural(table.rows, "row", "rows") + ", " +
                               std::to_string(static_cast<std::uint64_t>(table.columns) * (table.rows + 1)) +
                               " cells, mostly empty: too many to lay out, so it is shown as plain text. "
                               "Give each row its cells, or split the table.",
                           map.range(table.delimiter, std::min(source.find_first_of("\r\n", table.delimiter), readable)), std::nullopt});
  }
  const std::size_t size = readable - begin;
  if (size > 0 && (nul + control + invalid) * 20 > size && nul + control + invalid >= 8) {
    diagnostics.push_back({"input/binary", Severity::error,
                           "This looks like a binary file, not Markdown text; what could be read is shown.",
                           map.range(begin, begin), std::nullopt});
  }
  return prepared;
}

}  // namespace composer::parse
