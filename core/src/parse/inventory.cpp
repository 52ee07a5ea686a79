#include "parse/inventory.hpp"

#include <algorithm>
#include <cstring>


namespace composer::parse {
namespace {

bool escaped(const std::string& t, std::size_t at) {
  std::size_t backslashes = 0;
  while (at > backslashes && t[at - 1 - backslashes] == '\\') ++backslashes;
  return backslashes % 2 == 1;
}

// Where the last "](" at or before `from` starts, as t.rfind("](", from)
// finds it, but without a string compare at every position.
std::size_t last_destination_open(std::string_view t, std::size_t from) {
  if (t.size() < 2) return std::string::npos;
  for (std::size_t p = std::min(from, t.size() - 2) + 1; p-- > 0;) {
    if (t[p] == ']' && t[p + 1] == '(') return p;
  }
  return std::string::npos;
}

// From the ')' that closes an inline link back to its '[' (or "![").
std::optional<std::size_t> inline_link_start(const std::string& t, std::size_t close, std::size_t floor) {
  int depth = 0;
  std::size_t p = close;
  for (;; --p) {
    if (t[p] == ')' && !escaped(t, p)) ++depth;
    else if (t[p] == '(' && !escaped(t, p) && --depth == 0) break;
    if (p == floor) return std::nullopt;
  }
  if (p == floor || t[p - 1] != ']') return std::nullopt;
  depth = 0;
  for (std::size_t q = p - 1;; --q) {
    if (t[q] == ']' && !escaped(t, q)) ++depth;
    else if (t[q] == '[' && !escaped(t, q) && --depth == 0) return q;
    if (q == floor) return std::nullopt;
  }
}

// From the ']' that closes a reference link ("[text][ref]", "[text][]",
// "[ref]") back to its first '['.
std::optional<std::size_t> reference_link_start(const std::string& t, std::size_t close, std::size_t floor) {
  const auto matching_open = [&](std::size_t at) -> std::optional<std::size_t> {
    int depth = 0;
    for (std::size_t q = at;; --q) {
      if (t[q] == ']' && !escaped(t, q)) ++depth;
      else if (t[q] == '[' && !escaped(t, q) && --depth == 0) return q;
      if (q == floor) return std::nullopt;
    }
  };
  auto open = matching_open(close);
  if (open && *open > floor && t[*open - 1] == ']') {
    if (auto text_open = matching_open(*open - 1)) return text_open;
  }
  return open;
}

// Where the destination of "[text](dest "title")" is written.
std::optional<TextSpan> destination(const std::string& t, std::size_t begin, std::size_t end) {
  // The last "](" at depth 0 opens the destination.
  const std::size_t open = last_destination_open(t, end);
  if (open == std::string::npos || open < begin) return std::nullopt;
  std::size_t p = open + 2;
  while (p < end && (t[p] == ' ' || t[p] == '\t' || t[p] == '\n' || t[p] == '\r')) ++p;
  if (p < end && t[p] == '<') {
    const std::size_t close = t.find('>', p);
    if (close == std::string::npos || close >= end) return std::nullopt;
    return TextSpan{p + 1, close};
  }
  std::size_t q = p;
  int depth = 0;
  while (q < end) {
    const char c = t[q];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
    if (c == '(' && !escaped(t, q)) ++depth;
    if (c == ')' && !escaped(t, q) && depth-- == 0) break;
    ++q;
  }
  return TextSpan{p, q};
}


// Marks the delimiters of the emphasis cmark found; returns false when the
// node's positions do not point at delimiters (the block is then not judged).
// Which bytes of one block are not literal text: emphasis delimiters, code, URLs.
class Consumed {
 public:
  Consumed(TextSpan block, std::size_t text_size)
      : base_(block.begin), flags_(std::min(block.end, text_size) - std::min(block.begin, std::min(block.end, text_size)), 0) {}
  std::size_t end() const { return base_ + flags_.size(); }
  bool operator[](std::size_t i) const { return i >= base_ && i < end() && flags_[i - base_]; }
  void set(std::size_t i) {
    if (i >= base_ && i < end()) flags_[i - base_] = 1;
  }
  void set(TextSpan span) {
    const std::size_t begin = std::max(span.begin, base_), end = std::min(span.end, this->end());
    if (begin < end) std::fill(flags_.begin() + (begin - base_), flags_.begin() + (end - base_), 1);
  }

 private:
  std::size_t base_;
  std::vector<char> flags_;
};

void mark(Consumed& consumed, TextSpan span) { consumed.set(span); }

bool is_emphasis(cmark_node* node) {
  const auto type = node ? cmark_node_get_type(node) : CMARK_NODE_NONE;
  return type == CMARK_NODE_STRONG || type == CMARK_NODE_EMPH;
}

std::size_t delimiter_width(cmark_node* node) { return cmark_node_get_type(node) == CMARK_NODE_STRONG ? 2 : 1; }

bool mark_delimiters(cmark_node* node, const SourceMap& map, Consumed& consumed) {
  const std::string& t = map.text();
  TextSpan span = text_span(node, map);
  // cmark gives "****x****" both of its strong nodes the outer span: an inner
  // node's delimiters sit inside those of the ancestors that share its span.
  std::size_t inset = 0;
  int depth = 0;
  for (cmark_node* p = cmark_node_parent(node); is_emphasis(p); p = cmark_node_parent(p)) {
    const TextSpan outer = text_span(p, map);
    if (outer.begin != span.begin || outer.end != span.end) break;
    if (++depth > 32) return false;  // absurd nesting: do not judge this block
    inset += delimiter_width(p);
  }
  span.begin += inset;
  span.end = span.end >= inset ? span.end - inset : span.begin;
  const std::size_t width = delimiter_width(node);
  if (span.end < span.begin + 2 * width || span.end > t.size()) return false;
  const char c = t[span.begin];
  if (c != '*' && c != '_') return false;
  for (std::size_t i = 0; i < width; ++i) {
    if (t[span.begin + i] != c || t[span.end - 1 - i] != c) return false;
    consumed.set(span.begin + i);
    consumed.set(span.end - 1 - i);
  }
  return true;
}

}  // namespace

SourceLink link_of(cmark_node* node, const SourceMap& map, TextSpan block) {
  const std::string& t = map.text();
  SourceLink link;
  link.image = cmark_node_get_type(node) == CMARK_NODE_IMAGE;
  link.url = cmark_node_get_url(node) ? cmark_node_get_url(node) : "";
  link.text = plain_text(node);
  TextSpan span = text_span(node, map);
  span.begin = std::clamp(span.begin, block.begin, block.end);
  span.end = std::clamp(span.end, span.begin, block.end);
  const char first = span.begin < t.size() ? t[span.begin] : '\0';
  const char last = span.end > span.begin ? t[span.end - 1] : '\0';
  const bool bracketed = link.image ? first == '!' : first == '[';
  // An autolink's text is its URL ("<https://…>", or a bare "www.…" the
  // extension found).
  link.autolink = !link.image && shows_own_address(link.text, link.url) && !bracketed;
  bool exact = (bracketed && (last == ')' || last == ']')) || (first == '<' && last == '>');
  if (!exact && !link.autolink && (last == ')' || last == ']')) {
    // cmark's start column is off on some multi-line links: find the '[' that
    // the closing bracket belongs to.
    const auto start = last == ')' ? inline_link_start(t, span.end - 1, block.begin)
                                   : reference_link_start(t, span.end - 1, block.begin);
    if (start) {
      span.begin = link.image && *start > block.begin && t[*start - 1] == '!' ? *start - 1 : *start;
      exact = true;
    }
  }
  if (!exact && link.autolink) {
    // A bare URL the autolink extension found: locate it in its block.
    const std::string& literal = link.text.empty() ? link.url : link.text;
    const std::size_t at = t.find(literal, span.begin >= block.begin ? span.begin : block.begin);
    if (!literal.empty() && at != std::string::npos && at + literal.size() <= block.end) {
      span = {at, at + literal.size()};
      exact = true;
    }
  }
  if (!exact) span = block;
  link.exact = exact;
  link.range = map.text_range(span.begin, span.end);
  if (exact && last == ')' && !link.autolink) {
    if (auto dest = destination(t, span.begin, span.end - 1)) link.url_range = map.text_range(dest->begin, dest->end);
  }
  return link;
}

Inventory take_inventory(const Document& document, const SourceMap& map, EmphasisTidy& tidy) {
  Inventory inventory;
  const std::string& t = map.text();
  for (cmark_node* block = cmark_node_first_child(document.root()); block; block = cmark_node_next(block)) {
    const TextSpan block_span = text_span(block, map);
    const auto block_type = cmark_node_get_type(block);
    // Bytes that are not literal text: emphasis delimiters, code, URLs.
    const bool prose = block_type == CMARK_NODE_PARAGRAPH || block_type == CMARK_NODE_HEADING;
    bool reliable = prose;
    Consumed consumed(prose ? block_span : TextSpan{0, 0}, t.size());
    cmark_iter* iter = cmark_iter_new(block);
    for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
      cmark_node* node = cmark_iter_get_node(iter);
      // A link's text is read on entering it, before the tidy changes it.
      tidy.see(ev, node);
      if (ev != CMARK_EVENT_ENTER) continue;
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE: {
          SourceLink link = link_of(node, map, block_span);
          if (prose && link.url_range) {
            // The destination's bytes are not prose.
            const TextSpan span = text_span(node, map);
            const std::size_t open = last_destination_open(t, span.end);
            if (open != std::string::npos && open >= block_span.begin) mark(consumed, {open, span.end});
          }
          if (prose && link.autolink) mark(consumed, text_span(node, map));
          inventory.links.push_back(std::move(link));
          break;
        }
        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_HTML_BLOCK: {
          const TextSpan span = text_span(node, map);
          if (span.begin < t.size() && t[span.begin] == '<') inventory.raw_html.push_back(map.text_range(span.begin, span.end));
          else if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) inventory.raw_html.push_back(map.text_range(span.begin, span.end));
          if (prose) mark(consumed, span);
          break;
        }
        case CMARK_NODE_CODE:
          if (prose) {
            const TextSpan span = text_span(node, map);
            if (span.begin < t.size() && t[span.begin] == '`') mark(consumed, span);
            else reliable = false;
          }
          break;
        case CMARK_NODE_STRONG:
        case CMARK_NODE_EMPH:
          if (prose && !mark_delimiters(node, map, consumed)) reliable = false;
          break;
        default:
          break;
      }
    }
    cmark_iter_free(iter);
    if (!reliable) continue;
    // Literal runs of two or more '*' (not a spaced-out "2 ** 3").
    for (std::size_t i = block_span.begin; i < consumed.end();) {
      const void* star = std::memchr(t.data() + i, '*', consumed.end() - i);
      if (!star) break;
      i = static_cast<std::size_t>(static_cast<const char*>(star) - t.data());
      if (consumed[i] || escaped(t, i)) {
        ++i;
        continue;
      }
      // The run ends where the source has more between two of its stars (a
      // link card left out of the text cmark reads): its fix removes the run.
      std::size_t j = i + 1;
      while (j < consumed.end() && t[j] == '*' && !consumed[j] && map.source_offset(j) == map.source_offset(j - 1) + 1) ++j;
      const bool spaced = i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t') && j < t.size() && (t[j] == ' ' || t[j] == '\t');
      if (j - i >= 2 && !spaced) inventory.marker_runs.push_back(map.text_range(i, j));
      i = j;
    }
  }
  return inventory;
}

void add_card_inventory(const Prepared& prepared, Inventory& inventory) {
  const SourceMap& map = prepared.map;
  const std::string_view s = map.source();
  const std::size_t cmark_links = inventory.links.size();
  for (const LinkCard& card : prepared.cards) {
    const std::size_t card_open = s.find("[#", card.begin);
    if (card_open > card.begin) {
      // "[](url) " before the card itself.
      const std::size_t close = s.find(')', card.begin);
      SourceLink empty;
      empty.url = std::string(s.substr(card.begin + 3, close - card.begin - 3));
      empty.range = map.range(card.begin, close + 1);
      empty.url_range = map.range(card.begin + 3, close);
      empty.before_card = true;
      inventory.links.push_back(std::move(empty));
    }
    SourceLink link;
    link.text = card.title;
    link.url = card.url;
    link.range = map.range(card_open, card.end);
    const std::size_t url_begin = last_destination_open(s, card.end) + 2;
    link.url_range = map.range(url_begin, card.end - 1);
    inventory.links.push_back(std::move(link));
  }
  // Both runs are in source order (almost always): merging them is what the
  // stable sort would do, in linear time.
  const auto before = [](const SourceLink& a, const SourceLink& b) { return a.range.start.offset < b.range.start.offset; };
  const auto middle = inventory.links.begin() + static_cast<std::ptrdiff_t>(cmark_links);
  if (std::is_sorted(inventory.links.begin(), middle, before) && std::is_sorted(middle, inventory.links.end(), before)) {
    std::inplace_merge(inventory.links.begin(), middle, inventory.links.end(), before);
  } else {
    std::stable_sort(inventory.links.begin(), inventory.links.end(), before);
  }
}

void add_block_inventory(const std::vector<Block>& blocks, Inventory& inventory) {
  for (const Block& b : blocks) {
    if (b.kind == BlockKind::heading) inventory.headings.push_back({b.level, b.text, b.range});
    // A thematic break ("---", "***") is the right way to write a separator;
    // a paragraph of dashes is a hand-typed one.
    if (b.kind == BlockKind::separator && b.node && cmark_node_get_type(b.node) == CMARK_NODE_PARAGRAPH &&
        !b.text.empty()) {
      inventory.separator_lines.push_back(b.range);
    }
  }
}

}  // namespace composer::parse
