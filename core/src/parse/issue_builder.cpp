// Infers the issue's structure from the flat block sequence: title, number,
// highlights, table of contents, sections and items.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "parse/blocks.hpp"
#include "parse/inventory.hpp"
#include "parse/parser.hpp"
#include "util/canonical.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::parse {
namespace {

// Whether `text` is the host of `url`, "www." or not ("arxiv.org" for
// https://arxiv.org/abs/…).
bool names_site(std::string_view text, std::string_view url) {
  if (!url::looks_like_domain(text)) return false;
  std::string domain = url::normalise_domain(text);
  if (text::starts_with(domain, "www.")) domain.erase(0, 4);
  return !domain.empty() && domain == url::display_host(url);
}

// ---------------------------------------------------------------- numbers

// `s` with fullwidth digits and "＃" as ASCII ones ("第３０期", "＃２７"); in
// `origin`, for each byte of the result and for its end, where it is in `s`.
std::string ascii_digits(std::string_view s, std::vector<std::size_t>* origin = nullptr) {
  std::string out;
  if (origin) origin->clear();
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t at = pos;
    const char32_t cp = text::decode_utf8(s, pos);
    if (cp >= 0x80 && (text::digit_value(cp) >= 0 || cp == 0xFF03)) {
      out += static_cast<char>(cp == 0xFF03 ? '#' : '0' + text::digit_value(cp));
      if (origin) origin->push_back(at);
    } else {
      out.append(s.substr(at, pos - at));
      if (origin) for (std::size_t i = at; i < pos; ++i) origin->push_back(i);
    }
  }
  if (origin) origin->push_back(s.size());
  return out;
}

// "27", "#27", "２７" as a number.
std::optional<int> parse_int(std::string_view value) {
  const std::string folded = ascii_digits(value);
  std::string_view s = text::trim(folded);
  if (!s.empty() && s.front() == '#') s.remove_prefix(1);
  if (s.empty() || s.size() > 9) return std::nullopt;
  int n = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// Issue number in a title: "#27", "No. 27", "Nº 27", "Issue 27", "第 30 期"
// ("第28号", "第28回", "제 30 호"), in ASCII or fullwidth digits, or a trailing
// number after the newsletter's name ("This Week in Rust 298"). Returns the
// number and the title without it (the newsletter's name).
std::optional<std::pair<int, std::string>> number_in_title(const std::string& original) {
  std::vector<std::size_t> origin;
  const std::string title = ascii_digits(original, &origin);
  const auto digits_at = [&](std::size_t pos, std::size_t& end) -> std::optional<int> {
    end = pos;
    while (end < title.size() && std::isdigit(static_cast<unsigned char>(title[end]))) ++end;
    if (end == pos || end - pos > 6) return std::nullopt;
    if (end < title.size() && (std::isalnum(static_cast<unsigned char>(title[end])) || title[end] == '.')) {
      return std::nullopt;
    }
    return std::stoi(title.substr(pos, end - pos));
  };
  // The newsletter's name before the number, without trailing separators:
  // "Akira's News — #27", "Weekly: Issue 3".
  const auto name_before = [&](std::size_t pos) {
    const auto separator = [](char32_t cp) {
      return text::is_separator_char(cp) || text::is_unicode_space(cp) || cp == ':' || cp == ',' || cp == 0xFF1A;
    };
    return std::string(
        text::trim_codepoints(text::trim(std::string_view(original).substr(0, origin[pos])), separator, false, true));
  };
  const std::string lower = text::to_lower_ascii(title);
  std::size_t end = 0;
  // "第 30 期" / "第30期" / "第28号" / "第28回" / "제 30 호": an ordinal
  // before the number, a counter word after it.
  struct Counter {
    std::string_view before;
    std::vector<std::string_view> after;
  };
  static const Counter kCounters[] = {
      {"\xE7\xAC\xAC", {"\xE6\x9C\x9F", "\xE5\x8F\xB7", "\xE5\x9B\x9E", "\xE8\x99\x9F"}},  // 第: 期 号 回 號
      {"\xEC\xA0\x9C", {"\xED\x98\xB8"}},                                                      // 제: 호
  };
  for (const Counter& counter : kCounters) {
    for (std::size_t di = title.find(counter.before); di != std::string::npos;
         di = title.find(counter.before, di + counter.before.size())) {
      std::size_t p = di + counter.before.size();
      while (p < title.size() && title[p] == ' ') ++p;
      if (auto n = digits_at(p, end)) {
        std::size_t q = end;
        while (q < title.size() && title[q] == ' ') ++q;
        for (const std::string_view word : counter.after) {
          if (title.compare(q, word.size(), word) == 0) return std::make_pair(*n, name_before(di));
        }
      }
    }
  }
  // (The longer markers first: "Issue #28" names "News", not "News — Issue".)
  for (const std::string_view marker : {"issue #", "issue no.", "issue ", "#", "no.", "no ", "n\xc2\xba", "nr.", "vol."}) {
    std::size_t from = 0;
    while ((from = lower.find(marker, from)) != std::string::npos) {
      std::size_t p = from + marker.size();
      while (p < title.size() && title[p] == ' ') ++p;
      const bool word_start = from == 0 || !std::isalnum(static_cast<unsigned char>(lower[from - 1]));
      if (word_start) {
        if (auto n = digits_at(p, end)) {
          if (marker == "vol.") break;  // a volume is not the issue number
          return std::make_pair(*n, name_before(from));
        }
      }
      from += marker.size();
    }
  }
  // "This Week in Rust 298": a final number after at least two words.
  std::size_t p = title.size();
  while (p > 0 && std::isdigit(static_cast<unsigned char>(title[p - 1]))) --p;
  if (p < title.size() && p > 0 && title[p - 1] == ' ' && title.size() - p <= 5) {
    const std::string name = name_before(p);
    const int n = std::stoi(title.substr(p));
    const bool looks_like_year = title.size() - p == 4 && n >= 1900 && n <= 2100;
    if (!looks_like_year && std::count(name.begin(), name.end(), ' ') >= 1) return std::make_pair(n, name);
  }
  return std::nullopt;
}

const nlohmann::ordered_json* meta_value(const nlohmann::ordered_json& meta, std::string_view key) {
  for (auto it = meta.begin(); it != meta.end(); ++it) {
    if (text::equals_ignoring_case(it.key(), key) && !it.value().is_null()) return &*it;
  }
  return nullptr;
}

std::string meta_string(const nlohmann::ordered_json& meta, std::string_view key) {
  const auto* v = meta_value(meta, key);
  if (!v) return {};
  if (v->is_string()) return std::string(text::trim(v->get<std::string>()));
  if (v->is_number_integer()) return std::to_string(v->get<long long>());
  return {};
}

// "[Title](url) …" or "[label] [Title](url) …": the entry opens with its link.
bool leads_with(const std::string& entry_text, const std::string& link_text) {
  std::string_view rest = entry_text;
  if (text::starts_with(rest, "[")) {
    const auto close = rest.find(']');
    if (close != std::string_view::npos && close < 60) rest = text::trim(rest.substr(close + 1));
  }
  return text::starts_with(rest, link_text) || text::starts_with(entry_text, link_text);
}

// What may stand between a title link and the text after it.
bool is_lead_punctuation(char32_t cp) {
  return text::is_unicode_space(cp) || text::is_separator_char(cp) || cp == '.' || cp == ',' || cp == ';' ||
         cp == ':' || cp == '!' || cp == 0x3002 || cp == 0xFF0C || cp == 0xFF1A;
}

// Where the text after a title link starts in the source: past the spaces
// and punctuation at `from` that drop_leading_punctuation drops from the
// text (as typed: "&mdash;" stays), and no further than `limit`.
Position past_lead_punctuation(const SourceMap& map, Position from, std::size_t limit) {
  const std::string_view source = map.source().substr(0, std::min(limit, map.source().size()));
  std::size_t pos = from.offset;
  while (pos < source.size()) {
    std::size_t next = pos;
    if (!is_lead_punctuation(text::decode_utf8(source, next))) break;
    pos = next;
  }
  return pos == from.offset ? from : map.position(pos);
}

// What is left of an entry once its title link is taken: " - note." → "note.";
// a lone "." → nothing. A "[label]" before the link stays, as summary.
void drop_leading_punctuation(cmark_node* paragraph) {
  for (cmark_node* node = cmark_node_first_child(paragraph); node;) {
    cmark_node* next = cmark_node_next(node);
    // (A link that shows nothing, "[](url)", is passed over: it is written
    // as nothing, and what follows it opens the note.)
    if (cmark_node_get_type(node) == CMARK_NODE_LINK && text::trim(plain_text(node)).empty()) {
      node = next;
      continue;
    }
    if (cmark_node_get_type(node) != CMARK_NODE_TEXT) return;
    const std::string literal = cmark_node_get_literal(node);
    std::size_t pos = 0, keep = 0;
    while (pos < literal.size()) {
      const std::size_t start = pos;
      if (!is_lead_punctuation(text::decode_utf8(literal, pos))) {
        keep = start;
        break;
      }
      keep = pos;
    }
    if (keep < literal.size()) {
      cmark_node_set_literal(node, literal.substr(keep).c_str());
      return;
    }
    cmark_node_free(node);
    node = next;
  }
}

// Takes a paragraph's title link (or bold title) out, with the emphasis that
// holds only it ("**[Title](url)**", or an empty "****" would open the rest)
// and the punctuation after it. Returns the range the title was written over.
Range take_title_link(cmark_node* link, cmark_node* paragraph, const SourceMap& map) {
  cmark_node* title = title_with_emphasis(link, paragraph);
  const Range range = node_range(title, map);
  // The sentence's full stop after a title that ends the entry goes with it:
  // "[disposition: merge] [Title](url)." leaves "[disposition: merge]".
  cmark_node* after = cmark_node_next(title);
  cmark_node* before = cmark_node_previous(title);
  if (before && after && !cmark_node_next(after) && cmark_node_get_type(after) == CMARK_NODE_TEXT &&
      text::trim(cmark_node_get_literal(after)).find_first_not_of(".,;!?") == std::string_view::npos) {
    cmark_node_free(after);
    if (cmark_node_get_type(before) == CMARK_NODE_TEXT) {
      std::string kept = cmark_node_get_literal(before);
      while (!kept.empty() && (kept.back() == ' ' || kept.back() == '\t')) kept.pop_back();
      if (!kept.empty()) cmark_node_set_literal(before, kept.c_str());
    }
  }
  cmark_node_unlink(title);  // it stays in the document's arena
  drop_leading_punctuation(paragraph);
  return range;
}

// ---------------------------------------------------------------- fragments

class Builder {
 public:
  // canonical: the text declares the canonical shape (util/canonical.hpp).
  Builder(Document& document, const Prepared& prepared, std::vector<Diagnostic>& diagnostics, bool canonical)
      : doc_(document), map_(prepared.map), prepared_(prepared), diagnostics_(diagnostics), canonical_(canonical) {}

  Issue build(std::vector<Block>& blocks);

 private:
  Fragment fragment(const std::vector<cmark_node*>& nodes, Range range) const;
  Fragment block_fragment(const Block& b) const { return fragment({b.node}, b.range); }
  std::string inline_html(cmark_node* block) const;
  void add_note(const Block& b);
  bool take_paper_line(cmark_node* paragraph, const std::string& id, Range range);
  bool site_line(const Block& b) const;
  bool take_image(std::optional<Image> image, Range range);
  bool take_picture_or_paper(cmark_node* paragraph, Range rest);
  void read_front_matter(Issue& issue);
  void read_title_and_number(Issue& issue, const std::vector<Block>& blocks, std::size_t& next);
  bool is_section_heading(const std::vector<Block>& blocks, std::size_t i) const;
  bool is_headline(const std::vector<Block>& blocks, std::size_t i) const;
  bool is_toc(const Block& b, const std::vector<Block>& blocks) const;
  void read_highlights(const Block& b, Issue& issue);
  void start_item(Item item, const Block& b);
  void start_lead_link_item(const Block& b);
  void close_item();
  void attach(const Block& b);
  void add_list_items(cmark_node* list);
  void add_card(const Block& b);
  Section& section();

  Document& doc_;
  const SourceMap& map_;
  const Prepared& prepared_;
  std::vector<Diagnostic>& diagnostics_;
  const bool canonical_;
  Issue* issue_ = nullptr;
  bool has_numbered_ = false;
  int numbered_level_ = 0;
  bool paragraph_items_ = true;
  // The issue is a digest (headlines_under), and the plain headings below the
  // current section's heading name items: its headlines.
  bool digest_ = false;
  bool headline_items_ = false;
  bool headline_open_ = false;  // the open item is such a headline

  // The item being read and the blocks of its summary.
  std::optional<Item> item_;
  bool item_absorbs_ = false;  // list entries do not take the blocks after them
  bool item_has_card_ = false;
  std::vector<cmark_node*> summary_nodes_;
  std::optional<Range> summary_range_;
};

Range span(const Range& a, const Range& b) {
  Range r;
  r.start = a.start.offset <= b.start.offset ? a.start : b.start;
  r.end = a.end.offset >= b.end.offset ? a.end : b.end;
  return r;
}

Fragment Builder::fragment(const std::vector<cmark_node*>& nodes, Range range) const {
  Fragment f;
  f.range = range;
  // The Markdown as the writer typed it (bad bytes repaired); normalised
  // Markdown is a renderer's job.
  const std::string_view source = map_.source();
  const std::string_view written = text::trim(source.substr(range.start.offset, range.end.offset - range.start.offset));
  // Whole characters of a valid source need no repair.
  const auto boundary = [&](std::size_t at) {
    return at >= source.size() || (static_cast<unsigned char>(source[at]) & 0xC0) != 0x80;
  };
  const std::size_t at = static_cast<std::size_t>(written.data() - source.data());
  f.markdown = prepared_.valid_utf8 && boundary(at) && boundary(at + written.size()) ? std::string(written)
                                                                                     : text::repair_utf8(written);
  // A tight list entry's paragraphs render without <p>: two of them would
  // run together ("a" and "b" as "ab"), so each is wrapped.
  const auto tight_paragraph = [](cmark_node* node) {
    cmark_node* item = cmark_node_parent(node);
    cmark_node* list = item ? cmark_node_parent(item) : nullptr;
    return cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH && list && cmark_node_get_type(list) == CMARK_NODE_LIST &&
           cmark_node_get_list_tight(list);
  };
  const bool wrap = std::count_if(nodes.begin(), nodes.end(), tight_paragraph) > 1;
  for (cmark_node* node : nodes) {
    std::string t(text::trim(plain_text(node)));
    if (!t.empty()) {
      if (!f.text.empty()) f.text += "\n\n";
      f.text += t;
    }
    if (wrap && tight_paragraph(node)) f.html += "<p>" + doc_.html(node) + "</p>\n";
    else f.html += doc_.html(node);
  }
  return f;
}

// How many of `links` (links_in(node)) stand side by side: a link inside
// another (which Markdown cannot write) counts with it.
std::size_t side_by_side(const std::vector<LinkRef>& links, cmark_node* node) {
  std::size_t count = 0;
  for (const LinkRef& link : links) {
    bool nested = false;
    for (cmark_node* up = cmark_node_parent(link.node); up && up != node && !nested; up = cmark_node_parent(up)) {
      nested = cmark_node_get_type(up) == CMARK_NODE_LINK;
    }
    if (!nested) ++count;
  }
  return count;
}

// The safe HTML of a paragraph's or a heading's text, without the block's
// own tag: a title that is a sentence keeps its links and code.
std::string Builder::inline_html(cmark_node* block) const {
  std::string html = doc_.html(block);
  while (!html.empty() && html.back() == '\n') html.pop_back();
  // "<p>…</p>" or "<h3>…</h3>" (a tight list's paragraph has no tag).
  const std::size_t open = html.find('>');
  if (html.empty() || html[0] != '<' || open == std::string::npos) return html;
  const std::string tag = html.substr(1, open - 1);
  const bool block_tag = tag == "p" || (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6');
  const std::string close = "</" + tag + ">";
  if (!block_tag || !text::ends_with(html, close)) return html;
  return html.substr(open + 1, html.size() - open - 1 - close.size());
}

Section& Builder::section() {
  if (issue_->sections.empty()) {
    // Items before any section heading live in an untitled section.
    Section s;
    issue_->sections.push_back(std::move(s));
  }
  return issue_->sections.back();
}

void Builder::add_note(const Block& b) {
  if (!b.node) return;
  Fragment f = block_fragment(b);
  if (f.text.empty() && f.html.empty()) return;
  if (issue_->sections.empty()) {
    issue_->intro.push_back(std::move(f));
  } else {
    Section& s = issue_->sections.back();
    s.range = span(s.range, b.range);
    s.notes.push_back(std::move(f));
  }
}

void Builder::start_item(Item item, const Block& b) {
  close_item();
  item.range = span(b.range, b.range);
  item.title_range = b.range;
  item_ = std::move(item);
  item_absorbs_ = true;
  item_has_card_ = false;
  headline_open_ = false;
}

// "**[Title](url)** — summary": the link (with its emphasis) is the title,
// the rest of the paragraph the summary, as in a list entry.
void Builder::start_lead_link_item(const Block& b) {
  Item item;
  item.title = text::title_text(text::collapse_space(plain_text(b.lead_link)));
  item.url = cmark_node_get_url(b.lead_link);
  start_item(std::move(item), b);
  item_->title_range = take_title_link(b.lead_link, b.node, map_);
  Range rest = b.range;
  rest.start = past_lead_punctuation(map_, item_->title_range.end, b.range.end.offset);
  if (take_picture_or_paper(b.node, rest)) return;
  summary_nodes_.push_back(b.node);
  summary_range_ = rest;
}

// What is left of a paragraph once its title link is taken (`rest` of the
// source) reads as an item's own lines do: "[Title](url) [2108.05887] …"
// names the paper, "[Title](url) — ![Figure](src)" shows the picture.
// Returns whether nothing is left for the summary.
bool Builder::take_picture_or_paper(cmark_node* paragraph, Range rest) {
  if (take_image(lone_image(paragraph, map_), rest)) return true;
  const auto id = paper_line_id(paragraph, plain_text(paragraph), map_.source().substr(rest.start.offset));
  return id && take_paper_line(paragraph, *id, rest);
}

void Builder::close_item() {
  if (!item_) return;
  Item item = std::move(*item_);
  item_.reset();
  if (!summary_nodes_.empty()) item.summary = fragment(summary_nodes_, *summary_range_);
  summary_nodes_.clear();
  summary_range_.reset();
  // "[arxiv.org] Title" names its source first, as a title line's link
  // does: no linked title opens with such a label, which a heading's link
  // written with it would give to the source.
  const bool linked = !item.url.empty() && !url::is_dangerous(item.url);
  for (std::string label; linked && !(label = take_domain_label(item.title)).empty();) {
    if (item.source.empty()) item.source = label;
    item.title = text::title_text(item.title);
  }
  // A title that says nothing (":", "— |") is none: a title link with such
  // text reads as an empty one.
  if (linked && is_marker_or_separator_text(item.title)) item.title.clear();
  item.canonical_url = url::canonical(item.url);
  if (item.source.empty()) item.source = url::display_host(item.url);
  // The link is the better witness when both name a paper (a rule reports a
  // disagreement); the "[id]" line serves items that link elsewhere. Asked
  // once the item is whole: a card after the line can bring its link.
  if (std::string from_link = url::paper_id_from_url(item.url); !from_link.empty()) item.paper_id = std::move(from_link);
  Section& s = section();
  s.range = s.items.empty() && s.notes.empty() && s.heading_range.end.offset == 0 ? item.range : span(s.range, item.range);
  s.items.push_back(std::move(item));
}

void Builder::attach(const Block& b) {
  if (!item_ || !item_absorbs_) {
    add_note(b);
    return;
  }
  item_->range = span(item_->range, b.range);
  // An image line with a script address shows nothing in any output: it is
  // no picture of the item (the next image is), nor part of its summary.
  if (b.image && url::is_dangerous(b.image->src)) return;
  // (An image without an address, "![x]()", is no picture of the item: one
  // whose address the outputs leave out, written again, would become one.)
  if (take_image(b.image, b.range)) return;
  if (b.paper_line && take_paper_line(b.node, b.paper_id, b.range)) return;
  if (!b.node) return;
  summary_nodes_.push_back(b.node);
  summary_range_ = summary_range_ ? span(*summary_range_, b.range) : b.range;
}

// "arxiv.org" (or "www.wired.com", which GFM links) alone under an item's
// title, before its summary, as Medium writes a link's preview: it names the
// site of the item's address, which is the item's source already.
bool Builder::site_line(const Block& b) const {
  if (!item_ || !item_absorbs_ || !summary_nodes_.empty() || !b.node || !names_site(b.text, item_->url)) return false;
  const auto links = links_in(b.node);
  return links.empty() || (links.size() == 1 && text::collapse_space(links[0].text) == b.text);
}

// "[2108.05887] …" opening a paragraph of the open item's: its paper.
// Returns whether the rest of the paragraph is the item's image
// ("[2108.05887] ![Figure](url)"), as it reads once the canonical writer
// puts the marker on the summary's line and the image on its own.
bool Builder::take_paper_line(cmark_node* paragraph, const std::string& id, Range range) {
  item_->paper_line_id = id;
  item_->paper_line_range = range;
  if (item_->paper_id.empty()) item_->paper_id = id;  // the first line's (close_item prefers the link)
  strip_paper_marker(paragraph);
  return take_image(lone_image(paragraph, map_), range);
}

// A paragraph's lone image as the open item's picture, when it has none yet
// and the image has an address to show: whether it took it.
bool Builder::take_image(std::optional<Image> image, Range range) {
  if (!image || item_->image || image->src.empty() || url::is_dangerous(image->src)) return false;
  image->range = range;
  item_->image = std::move(image);
  return true;
}

// A card that repeats an item names the page in its own words (often the
// page's real title), which no output would show otherwise: that title leads
// the teaser, which every output writes.
std::string teaser_with_card_title(const LinkCard& card, const std::string& item_title) {
  const std::string title = text::collapse_space(card.title);
  if (title.empty() || title == text::collapse_space(item_title)) return card.teaser;
  return card.teaser.empty() ? title : title + " — " + card.teaser;
}

void Builder::add_card(const Block& b) {
  const LinkCard& card = *b.card;
  const bool same_page = item_ && url::canonical(item_->url) == url::canonical(card.url);
  if (item_ && item_absorbs_ && !item_has_card_ && (same_page || item_->url.empty() || summary_nodes_.empty())) {
    item_->range = span(item_->range, b.range);
    if (item_->url.empty()) item_->url = card.url;
    if (item_->title.empty()) item_->title = text::title_text(card.title);
    if (item_->source.empty() && url::looks_like_domain(card.domain)) item_->source = url::normalise_domain(card.domain);
    item_->card_teaser = teaser_with_card_title(card, item_->title);
    item_->card_title = card.title;
    item_has_card_ = true;
    return;
  }
  Item item;
  item.title = text::title_text(card.title);
  item.url = card.url;
  if (url::looks_like_domain(card.domain)) item.source = url::normalise_domain(card.domain);
  item.card_teaser = card.teaser;
  item.card_title = card.title;
  item.link_card = true;
  start_item(std::move(item), b);
  item_has_card_ = true;
}

bool is_arrow(char32_t c) { return c >= 0x2190 && c <= 0x21FF; }

// Punctuation, spaces and arrows, as may follow a paragraph's last link
// ("… [Bloomberg](url).", "… https://zed.dev/blog)").
bool trailing_punctuation(char32_t c) {
  return c < 0x80 ? !std::isalnum(static_cast<int>(c))
                  : is_arrow(c) || c == 0xBB || c == 0x203A || text::is_unicode_space(c) || text::is_separator_char(c) ||
                        c == 0xFF1A;  // ：
}

// The inline that ends a paragraph, past punctuation and arrows after it
// (and raw HTML, which no output shows) and inside the emphasis around it;
// null when it ends with other text.
cmark_node* last_inline(cmark_node* paragraph) {
  cmark_node* last = cmark_node_last_child(paragraph);
  while (last && (cmark_node_get_type(last) == CMARK_NODE_TEXT || cmark_node_get_type(last) == CMARK_NODE_HTML_INLINE)) {
    const std::string_view literal = cmark_node_get_literal(last);
    if (cmark_node_get_type(last) == CMARK_NODE_TEXT && !text::trim_codepoints(literal, trailing_punctuation, false, true).empty()) {
      return nullptr;
    }
    last = cmark_node_previous(last);
  }
  while (last && (cmark_node_get_type(last) == CMARK_NODE_STRONG || cmark_node_get_type(last) == CMARK_NODE_EMPH)) {
    last = cmark_node_last_child(last);
  }
  return last;
}

// "Zed 1.0 — the editor hits 1.0: https://zed.dev/blog/1.0" or "**Warp**
// https://warp.dev": the text before a bare web address that ends a list
// entry's paragraph, its only link, which the text then titles; else empty.
std::string text_before_address(cmark_node* paragraph, const LinkRef& link, const std::string& entry_text) {
  if (!shows_own_address(link.text, link.url) || (!text::starts_with(link.url, "https://") && !text::starts_with(link.url, "http://")) ||
      last_inline(paragraph) != link.node || links_in(paragraph).size() != 1) {
    return std::string();
  }
  const std::size_t at = entry_text.rfind(link.text);
  if (at == std::string::npos) return std::string();
  // "Title: https://…", "Title → https://…", "Title (https://…)".
  const auto lead_in = [](char32_t c) {
    return text::is_title_decoration(c) || c == ':' || c == 0xFF1A || c == '(' || c == '<' || is_arrow(c);
  };
  return text::title_text(text::trim_codepoints(std::string_view(entry_text).substr(0, at), lead_in, false, true));
}

// "[Ghostty 2](url) (ghostty.org)", as Hacker News and the digests copied
// from it write a link's site: once the title link is taken out of the
// entry's paragraph (which then opens with "(ghostty.org)"), the site in
// parentheses that names the link's own host or its domain, as written from
// `from` in the source. Takes it out too; returns where the rest of the
// entry starts, or `from` when there is no such site.
std::size_t take_own_site(cmark_node* paragraph, const std::string& url, const SourceMap& map, std::size_t from) {
  cmark_node* first = cmark_node_first_child(paragraph);
  if (!first || cmark_node_get_type(first) != CMARK_NODE_TEXT) return from;
  const std::string literal = cmark_node_get_literal(first);
  const std::size_t close = literal.find(')');
  if (literal.empty() || literal[0] != '(' || close == std::string::npos) return from;
  const std::string label = literal.substr(1, close - 1);
  // (Hacker News names the registrable domain: "(example.net)" for a link
  // to blog.example.net, whose host the item's source shows.)
  const std::string host = url::display_host(url);
  const std::string site = url::looks_like_domain(label) ? url::normalise_domain(label) : std::string();
  if (site.empty() || host.empty() || (site != host && !text::ends_with(host, "." + site))) return from;
  // As written (no escapes or references in it), after the title's spaces.
  const std::string_view source = map.source();
  std::size_t at = from;
  while (at < source.size() && (source[at] == ' ' || source[at] == '\t')) ++at;
  if (source.compare(at, close + 1, literal, 0, close + 1) != 0) return from;
  // (Its end stays: a space there parts the text from what follows it, as
  // in "(d.com) — with *emphasis*".)
  std::string rest = literal.substr(close + 1);
  rest.erase(0, std::min(rest.size(), rest.find_first_not_of(" \t")));
  if (text::trim(rest).empty()) {
    cmark_node_free(first);
  } else {
    cmark_node_set_literal(first, rest.c_str());
  }
  drop_leading_punctuation(paragraph);
  return at + close + 1;
}

// A bold title's text, and whether it ends with a colon ("**Title:**"),
// which it then drops.
std::string bold_title_text(cmark_node* bold, bool* had_colon = nullptr) {
  std::string title = text::collapse_space(plain_text(bold));
  bool colon = false;
  for (const std::string_view mark : {":", "\xEF\xBC\x9A"}) {  // : ：
    if (!colon && text::ends_with(title, mark)) {
      title.resize(title.size() - mark.size());
      colon = true;
    }
  }
  if (had_colon) *had_colon = colon;
  return title;
}

// "**Title**: what it is. [Link](url)" or "**Title** — …": the bold text that
// opens a list entry's paragraph, holding no link, before a colon or a dash
// and more text; or null.
cmark_node* bold_title(cmark_node* paragraph) {
  cmark_node* bold = cmark_node_first_child(paragraph);
  if (!bold || cmark_node_get_type(bold) != CMARK_NODE_STRONG || has_link(bold)) return nullptr;
  cmark_node* after = cmark_node_next(bold);
  bool colon = false;
  if (!after || text::title_text(bold_title_text(bold, &colon)).empty()) return nullptr;
  if (colon) return bold;  // "**Title:** text"
  if (cmark_node_get_type(after) != CMARK_NODE_TEXT) return nullptr;
  const std::string_view rest = text::trim(cmark_node_get_literal(after));
  for (const std::string_view separator : {":", "\xE2\x80\x94", "\xE2\x80\x93", "- "}) {
    if (text::starts_with(rest, separator) && (rest.size() > separator.size() || cmark_node_next(after))) return bold;
  }
  return nullptr;
}

// Each list entry whose own text holds a link is an item; nested lists too.
void Builder::add_list_items(cmark_node* list) {
  for (cmark_node* entry = cmark_node_first_child(list); entry; entry = cmark_node_next(entry)) {
    std::vector<cmark_node*> own;  // the entry's blocks other than nested lists
    std::vector<cmark_node*> nested;
    cmark_node* linked = nullptr;  // its first block that holds a link
    for (cmark_node* child = cmark_node_first_child(entry); child; child = cmark_node_next(child)) {
      const auto type = cmark_node_get_type(child);
      (type == CMARK_NODE_LIST ? nested : own).push_back(child);
      if (!linked && (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING) && has_link(child)) {
        linked = child;
      }
    }
    Block b;
    b.node = entry;
    b.range = node_range(entry, map_);
    // An entry with nested entries ends where its own text does.
    if (!nested.empty() && !own.empty()) b.range.end = node_range(own.back(), map_).end;
    if (linked) {
      const LinkRef link = links_in(linked).front();
      const std::string entry_text = text::collapse_space(plain_text(linked));
      // "[Title](url) - note": the link is the title. "Someone fixed [#123](url)":
      // the whole sentence is.
      const bool leads = !link.text.empty() && leads_with(entry_text, link.text);
      // What titles the entry and is taken out of its text: the link, or
      // bold text before the link; else the whole sentence is the title.
      cmark_node* title = leads ? link.node : bold_title(linked);
      const std::string before_address = title ? std::string() : text_before_address(linked, link, entry_text);
      Item item;
      item.url = link.url;
      item.title = text::title_text(leads                    ? link.text
                                    : title                  ? bold_title_text(title)
                                    : before_address.empty() ? entry_text
                                                             : before_address);
      item.list_entry = true;
      item.titled_by_link = title != nullptr || !before_address.empty();
      // (A sentence that opens with an empty link, "[](url) text", would lose
      // it when written: its title is its text, as a title line's is.)
      if (!title && before_address.empty() && !link.text.empty()) item.title_html = inline_html(linked);
      Position title_start, title_end;
      start_item(std::move(item), b);
      // A sentence that titles the entry is written as its text: a picture
      // in it ("[![Zed logo](src)](url) Zed, a fast editor") is the item's,
      // unless the title keeps its markup (title_html), pictures included.
      if (!title && item_->title_html.empty()) {
        if (auto image = first_image(linked, map_)) take_image(image, image->range);
      }
      if (title) {
        const Range whole = node_range(linked, map_);
        const Range taken = take_title_link(title, linked, map_);
        title_start = taken.start;
        title_end = taken.end;
        if (leads) {
          const std::size_t site_end = take_own_site(linked, item_->url, map_, title_end.offset);
          if (site_end != title_end.offset) title_end = map_.position(site_end);
        }
        title_end = past_lead_punctuation(map_, title_end, whole.end.offset);
        // "[arxiv.org] [Title](url).": a label before the title that names a
        // site, and nothing else, is the item's source, as on a title line.
        cmark_node* rest = cmark_node_first_child(linked);
        if (title_start.offset > whole.start.offset && rest && !cmark_node_next(rest) &&
            cmark_node_get_type(rest) == CMARK_NODE_TEXT) {
          std::string text = cmark_node_get_literal(rest);
          std::string label = take_domain_label(text);
          if (!label.empty() && text::trim(text).empty()) {
            item_->source = std::move(label);
            cmark_node_free(rest);
          }
        }
      }
      // The rest of the entry's own text is its summary; it starts after the
      // title when the title opens the entry.
      for (cmark_node* node : own) {
        if (node == linked && !title) continue;
        Range r = node_range(node, map_);
        if (node == linked && title_end.offset > r.start.offset) {
          // A label before a title that ends the entry ("[disposition: merge]
          // [Title](url).") is what is left of it: the summary's text.
          if (title_end.offset >= r.end.offset && title_start.offset > r.start.offset) r.end = title_start;
          else r.start = title_end;
        }
        if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH && take_picture_or_paper(node, r)) continue;
        if (text::trim(plain_text(node)).empty()) continue;
        summary_nodes_.push_back(node);
        summary_range_ = summary_range_ ? span(*summary_range_, r) : r;
      }
      close_item();
    } else {
      for (cmark_node* node : own) {
        // (A rule is a separator, as it is outside a list: no note.)
        if (cmark_node_get_type(node) == CMARK_NODE_THEMATIC_BREAK) continue;
        Block note;
        note.node = node;
        note.range = node_range(node, map_);
        add_note(note);
      }
    }
    for (cmark_node* list_node : nested) add_list_items(list_node);
  }
}

// ---------------------------------------------------------------- structure

void Builder::read_front_matter(Issue& issue) {
  issue.meta = prepared_.front_matter.values;
  issue.newsletter = meta_string(issue.meta, "newsletter");
  issue.date = meta_string(issue.meta, "date");
  issue.title = meta_string(issue.meta, "title");
  for (const char* key : {"number", "issue"}) {
    const auto* v = meta_value(issue.meta, key);
    if (!v) continue;
    std::optional<int> n;
    if (v->is_number_integer() && v->get<long long>() >= 0 && v->get<long long>() < 1000000000) {
      n = static_cast<int>(v->get<long long>());
    } else if (v->is_string()) {
      n = parse_int(v->get<std::string>());
    }
    if (n) {
      issue.number = n;
      break;
    }
    // Find the line of the key to point at it.
    const std::string_view src = map_.source().substr(0, prepared_.front_matter.end);
    std::size_t at = 0;
    for (std::size_t pos = 0; pos < src.size();) {
      const auto eol = src.find('\n', pos);
      const auto line = src.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
      if (text::to_lower_ascii(line.substr(0, std::min(line.size(), std::strlen(key) + 1))) == std::string(key) + ":") {
        at = pos;
        break;
      }
      if (eol == std::string_view::npos) break;
      pos = eol + 1;
    }
    const auto line_end = src.find_first_of("\r\n", at);
    diagnostics_.push_back({"front-matter/invalid-number", Severity::error,
                            std::string("The issue number '") + key + "' must be a whole number such as 27.",
                            map_.range(at, line_end == std::string_view::npos ? src.size() : line_end), std::nullopt});
    break;
  }
}

// "[![Chart](src) Chart of the week](url)": the picture inside a title
// link, which the title, its text, leaves out.
std::optional<Image> title_link_picture(const Block& b, const SourceMap& map) {
  for (const LinkRef& link : links_in(b.node)) {
    if (link.url == b.title_line->url) return holds_image(link.node) ? first_image(link.node, map) : std::nullopt;
  }
  return std::nullopt;
}

// The address a heading links to: its one link, a heading made of it
// ("### [RFCs](url)", "## [2. News](url)"), its title after the number
// ("## 2. [News](url)") or a word of it ("## Sponsored by [Acme](url)"), which
// would be in no output otherwise; else none. The outputs link the title to
// it. An address written bare ("## someone@example.org", which GFM links) is
// the title's text, no link.
std::string heading_link(const Block& b) {
  if (b.kind != BlockKind::heading || !b.node) return std::string();
  const std::vector<LinkRef> links = links_in(b.node);
  if (links.size() != 1) return std::string();
  const LinkRef& link = links[0];
  if (shows_own_address(link.text, link.url) || link.text.empty()) return std::string();
  return link.url;
}

void Builder::read_title_and_number(Issue& issue, const std::vector<Block>& blocks, std::size_t& next) {
  next = 0;
  // The title heading is the first block, when it is a heading that names
  // neither a section nor an item; in the canonical shape, any "#" heading
  // there (its writer puts a thematic break before a section's), numbered
  // or linked: a title that holds an address is written as its link. When
  // the front matter names the title, a deeper heading there is the first
  // section's or item's ("## Apple delays Siri"), unless it says the same.
  const bool canonical_title = canonical_ && !blocks.empty() && blocks[0].level == 1;
  const bool titled = issue.title.empty() || (!blocks.empty() && (blocks[0].level == 1 || blocks[0].text == issue.title));
  // "# [Weekly 12](url)", as an export links the title to the web version: a
  // linked "#" heading is the title when no other heading is at its level
  // (a digest's linked "#" headings are its items).
  const auto linked_title = [&] {
    if (blocks.empty() || blocks[0].level != 1) return false;
    return std::none_of(blocks.begin() + 1, blocks.end(),
                        [](const Block& b) { return b.kind == BlockKind::heading && b.level == 1; });
  };
  if (!blocks.empty() && blocks[0].kind == BlockKind::heading && (!blocks[0].number || canonical_title) &&
      (!blocks[0].title_line || canonical_title || linked_title()) && !blocks[0].text.empty() && titled) {
    if (issue.title.empty()) issue.title = blocks[0].text;
    if (issue.title == blocks[0].text) issue.title_url = heading_link(blocks[0]);
    issue.title_range = blocks[0].range;
    next = 1;
  }
  if (issue.title.empty()) return;
  const auto from_title = number_in_title(issue.title);
  if (!issue.number && from_title) issue.number = from_title->first;
  if (issue.newsletter.empty()) {
    issue.newsletter = meta_string(issue.meta, "category");
    if (issue.newsletter.empty() && from_title && !from_title->second.empty()) issue.newsletter = from_title->second;
  }
}

bool Builder::is_section_heading(const std::vector<Block>& blocks, std::size_t i) const {
  const Block& b = blocks[i];
  // The canonical shape: "#" or "##" names a section, whatever it says.
  if (canonical_) return b.kind == BlockKind::heading && b.level <= 2;
  if (!b.heading_like) return false;
  if (b.number) {
    // A linked heading below the heading of the section it is in names an
    // item, numbered title or not ("### [2. News](url)").
    const bool item = b.kind == BlockKind::heading && b.title_line && !issue_->sections.empty() &&
                      issue_->sections.back().level > 0 && b.level > issue_->sections.back().level;
    return !item;
  }
  if (b.kind != BlockKind::heading) return false;
  if (b.title_line) {
    // A linked heading names an item in an issue whose items are titled
    // paragraphs or headings, and a section in one whose items are list
    // entries (before the first numbered section, the opening's, as below),
    // or when a list of links follows it.
    if (!paragraph_items_) return !has_numbered_ || !issue_->sections.empty();
    for (std::size_t j = i + 1; j < blocks.size() && !blocks[j].heading_like; ++j) {
      if (blocks[j].kind == BlockKind::list && blocks[j].linked_entries > 0) return true;
      if (blocks[j].kind != BlockKind::separator) return false;
    }
    return false;
  }
  if (!has_numbered_) return !is_headline(blocks, i);
  // Before the first numbered section, plain headings belong to the opening
  // (a highlights heading); between numbered sections a deeper plain heading
  // names an item; after them (subscribe, other posts, about), headings are
  // unnumbered sections.
  if (issue_->sections.empty()) return false;
  const bool in_numbered = issue_->sections.back().number.has_value();
  return !(in_numbered && b.level > numbered_level_);
}

// Where the body under the heading at `heading` ends: at the next heading or
// thematic break.
std::size_t body_end(const std::vector<Block>& blocks, std::size_t heading) {
  std::size_t end = heading + 1;
  while (end < blocks.size() && !blocks[end].heading_like && blocks[end].kind != BlockKind::separator) ++end;
  return end;
}

// The page an unlinked heading item links to, from the paragraphs under the
// heading at `heading` (up to the next heading or thematic break): the one
// page all their links go to ("It plans. [Read more](url)"), or, when they
// link several, the page of a lone link that ends them, the digest's call to
// read on ("… via [The Verge](a) and [the paper](b).", then "[Read more
// →](url)"). Else none.
std::string headline_link(const std::vector<Block>& blocks, std::size_t heading) {
  std::string url;
  bool several = false;
  const Block* last = nullptr;  // the last paragraph
  for (std::size_t j = heading + 1, end = body_end(blocks, heading); j < end; ++j) {
    if (blocks[j].kind != BlockKind::paragraph || !blocks[j].node) continue;
    last = &blocks[j];
    for (const LinkRef& link : links_in(blocks[j].node)) {
      if (!cmark_node_first_child(link.node)) continue;  // "[](url)" shows nothing
      several = several || (!url.empty() && url != link.url);
      url = link.url;
    }
  }
  if (!several) return url;
  const std::vector<LinkRef> links = links_in(last->node);
  const auto bare = [](std::string_view text) { return text::trim_codepoints(text, trailing_punctuation, true, true); };
  const bool lone = links.size() == 1 && !links[0].text.empty() &&
                    bare(text::collapse_space(plain_text(last->node))) == bare(text::collapse_space(links[0].text));
  return lone ? links[0].url : std::string();
}

// Whether the blocks under the heading at `heading` (up to the next heading
// or thematic break) hold a list of links: "### Official" over This Week in
// Rust's list, "## Quick links".
bool over_links(const std::vector<Block>& blocks, std::size_t heading) {
  for (std::size_t j = heading + 1, end = body_end(blocks, heading); j < end; ++j) {
    if (blocks[j].kind == BlockKind::list && blocks[j].linked_entries > 0) return true;
  }
  return false;
}

// Whether a paragraph under the heading at `heading` (as headline_link reads
// them) ends with a link, with at most punctuation or an arrow after it: a
// digest's "… [Bloomberg](url)." or "[Read more →](url)", where an essay links
// inside its sentences ("I worked at [Acme](url) for ten years.").
bool ends_with_link(const std::vector<Block>& blocks, std::size_t heading) {
  for (std::size_t j = heading + 1, end = body_end(blocks, heading); j < end; ++j) {
    if (blocks[j].kind != BlockKind::paragraph || !blocks[j].node) continue;
    cmark_node* last = last_inline(blocks[j].node);
    if (last && cmark_node_get_type(last) == CMARK_NODE_LINK && cmark_node_first_child(last)) return true;
  }
  return false;
}

// An issue without numbered sections whose sections hold headlines rather
// than sub-sections, as Substack and beehiiv digests are written:
//   ## Top stories
//   ### OpenAI ships a new model
//   It thinks longer before it answers. [Read more](https://openai.com/…)
// The plain headings from `begin` on that are deeper than `level` (up to the
// next heading at `level` or above) name items when each of them is linked or
// has a body (up to the next heading or thematic break) that links its page
// (headline_link), and none is over a list of links: a heading over a list of
// links, as This Week in Rust writes "### Official", or over prose linking to
// several pages and not ending with a lone link, names a sub-section.
// Returns how many plain headings there are, or 0 when they name
// sub-sections. An issue is such a digest when one of its
// sections has two or more of them; in a digest, a section may hold just one
// (the writer moved the others away).
//
// With `level` 0, the issue's own headings, under no section heading: they
// are an untitled section's headlines when two or more open it, each ending
// a paragraph with its link (prose that links one page per heading is an
// essay's), up to the first heading over a list of links ("## Quick links"),
// which opens a section as before.
int headlines_under(const std::vector<Block>& blocks, std::size_t begin, int level) {
  int headlines = 0;
  for (std::size_t j = begin; j < blocks.size(); ++j) {
    const Block& b = blocks[j];
    if (!b.heading_like) continue;
    if (b.level <= level) break;
    if (b.kind != BlockKind::heading) return 0;
    if (over_links(blocks, j)) return level == 0 ? headlines : 0;
    if (b.title_line) continue;  // a linked heading is linked already
    if (headline_link(blocks, j).empty() || (level == 0 && !ends_with_link(blocks, j))) return 0;
    ++headlines;
  }
  return headlines;
}

// A plain heading below the current section's, in a section of headlines.
bool Builder::is_headline(const std::vector<Block>& blocks, std::size_t i) const {
  const Block& b = blocks[i];
  return headline_items_ && !b.title_line && b.kind == BlockKind::heading &&
         (issue_->sections.empty() || b.level > issue_->sections.back().level) && !over_links(blocks, i);
}

bool Builder::is_toc(const Block& b, const std::vector<Block>& blocks) const {
  if (b.kind != BlockKind::list) return false;
  if (canonical_) {
    // The shape's contents: an ordered list of the numbered sections' titles,
    // each in its place (with the links a title's e-mail address makes).
    if (cmark_node_get_list_type(b.node) != CMARK_ORDERED_LIST) return false;
    cmark_node* entry = cmark_node_first_child(b.node);
    int entries = 0;
    for (const Block& h : blocks) {
      if (h.kind != BlockKind::heading || h.level > 2 || !h.number) continue;
      if (!entry || text::collapse_space(plain_text(entry)) != h.heading_title) return false;
      entry = cmark_node_next(entry);
      ++entries;
    }
    return entry == nullptr && entries >= 2;
  }
  if (b.linked_entries > 0) return false;
  std::vector<std::string> titles;
  for (const Block& h : blocks) {
    if (h.heading_like && (h.number || !has_numbered_)) titles.push_back(text::to_lower_ascii(h.heading_title));
  }
  int entries = 0, matched = 0;
  for (cmark_node* entry = cmark_node_first_child(b.node); entry; entry = cmark_node_next(entry)) {
    ++entries;
    std::string t = text::to_lower_ascii(text::collapse_space(plain_text(entry)));
    if (auto numbered = section_number(t)) t = numbered->second;
    // One holds the other; a part of a few bytes ("a") says nothing.
    constexpr std::size_t kShortest = 4;
    for (const auto& title : titles) {
      if (!t.empty() && !title.empty() &&
          (t == title || (t.size() >= kShortest && title.find(t) != std::string::npos) ||
           (title.size() >= kShortest && t.find(title) != std::string::npos))) {
        ++matched;
        break;
      }
    }
  }
  // At least half: a stale table of contents is still one (a rule says so).
  return entries >= 2 && matched * 2 >= entries;
}

void Builder::read_highlights(const Block& b, Issue& issue) {
  for (cmark_node* entry = cmark_node_first_child(b.node); entry; entry = cmark_node_next(entry)) {
    Highlight h;
    std::vector<cmark_node*> nodes;
    for (cmark_node* child = cmark_node_first_child(entry); child; child = cmark_node_next(child)) nodes.push_back(child);
    h.content = fragment(nodes, node_range(entry, map_));
    const TextSpan entry_span = text_span(entry, map_);
    for (const LinkRef& link : links_in(entry)) {
      h.links.push_back({link.text, link.url, link_of(link.node, map_, entry_span).range});
    }
    issue.highlights.push_back(std::move(h));
  }
}

Issue Builder::build(std::vector<Block>& blocks) {
  Issue issue;
  issue_ = &issue;
  read_front_matter(issue);
  std::size_t i = 0;
  read_title_and_number(issue, blocks, i);

  for (const Block& b : blocks) {
    if (b.heading_like && b.number) {
      numbered_level_ = has_numbered_ ? std::min(numbered_level_, b.level) : b.level;
      has_numbered_ = true;
    }
  }
  // Newsletters list their items either as paragraphs or headings that open
  // with a title link, or as list entries; whichever the issue uses more is
  // the item form.
  int titled_blocks = 0, linked_entries = 0;
  bool after_first_heading = false;
  for (const Block& b : blocks) {
    after_first_heading = after_first_heading || (b.heading_like && &b != &blocks[0]);
    if (!after_first_heading) continue;
    if ((b.title_line || b.lead_link) && (b.kind == BlockKind::paragraph || b.kind == BlockKind::heading)) ++titled_blocks;
    if (b.kind == BlockKind::list) linked_entries += b.linked_entries;
  }
  paragraph_items_ = titled_blocks >= linked_entries;
  for (std::size_t h = i; h < blocks.size() && !canonical_ && !has_numbered_ && !digest_; ++h) {
    digest_ = blocks[h].kind == BlockKind::heading && headlines_under(blocks, h + 1, blocks[h].level) >= 2;
  }
  // Headlines with no section heading above them: items of the untitled section.
  if (!canonical_ && !has_numbered_ && !digest_) digest_ = headline_items_ = headlines_under(blocks, i, 0) >= 2;

  bool highlights_read = false;
  for (; i < blocks.size(); ++i) {
    Block& b = blocks[i];
    if (is_section_heading(blocks, i)) {
      close_item();
      Section s;
      s.number = b.number;
      s.title = b.heading_title;
      s.url = heading_link(b);
      // "## 2. [This](url) and [that](url)": the title keeps its links, the
      // number aside.
      if (b.kind == BlockKind::heading && side_by_side(links_in(b.node), b.node) > 1) {
        const std::string html = inline_html(b.node);
        const auto numbered = b.number ? section_number(html) : std::nullopt;
        if (!b.number) s.title_html = html;
        else if (numbered && numbered->first == *b.number) s.title_html = numbered->second;
      }
      s.level = b.level;
      s.heading_range = b.range;
      s.range = b.range;
      issue.sections.push_back(std::move(s));
      headline_items_ = digest_ && b.kind == BlockKind::heading && headlines_under(blocks, i + 1, b.level) > 0;
      continue;
    }
    const bool in_intro = issue.sections.empty();
    // Contents come before the first section heading, after the items of
    // the untitled section (those before any heading) too.
    const bool before_headings = in_intro || (issue.sections.size() == 1 && issue.sections[0].level == 0);
    if (before_headings && !issue.toc && is_toc(b, blocks)) {
      TableOfContents toc;
      for (cmark_node* entry = cmark_node_first_child(b.node); entry; entry = cmark_node_next(entry)) {
        toc.entries.push_back(text::collapse_space(plain_text(entry)));
      }
      toc.range = b.range;
      issue.toc = std::move(toc);
      continue;
    }
    // The canonical shape says that its opening has no highlights, when it
    // holds a list, with a thematic break before it.
    if (canonical_ && in_intro && b.kind == BlockKind::separator) highlights_read = true;
    if (in_intro && b.kind == BlockKind::list && !highlights_read) {
      // The opening list, before any section, is the issue's highlights: it
      // is checked once, so the scan for a section after it stays linear.
      highlights_read = true;
      bool any_heading_after = false;
      for (std::size_t j = i + 1; j < blocks.size() && !any_heading_after; ++j) any_heading_after = is_section_heading(blocks, j);
      if (any_heading_after) {
        read_highlights(b, issue);
        continue;
      }
    }
    switch (b.kind) {
      case BlockKind::separator:
        // A headline's body ends there (a footer may follow), as does any
        // item's in the canonical shape (the notes after it follow one).
        if (headline_open_ || canonical_) close_item();
        break;
      case BlockKind::card:
        if (in_intro && has_numbered_) add_note(b);
        else add_card(b);
        break;
      case BlockKind::heading: {
        // (The canonical shape's items are "###" headings; deeper ones are notes.)
        const bool headline = is_headline(blocks, i);
        if (canonical_ ? b.level == 3 : b.title_line || (!in_intro && has_numbered_) || headline) {
          Item item;
          if (b.title_line) {
            item.title = b.title_line->title;
            item.url = b.title_line->url;
            item.source = b.title_line->source;
          } else {
            item.title = text::title_text(b.text);
            // (A heading that links a word of it, "### Read [the paper](url)",
            // links that page; the canonical shape's link is as written.)
            item.url = heading_link(b);
            const std::vector<LinkRef> links = links_in(b.node);
            if (side_by_side(links, b.node) > 1) {
              // "### [This](url) and [that](url)": its first link is the
              // item's, and the title keeps them all.
              item.url = links[0].url;
              item.title_html = inline_html(b.node);
              item.titled_by_link = false;
            } else if (item.url.empty() && links.size() == 1 && links[0].text.empty() && holds_image(links[0].node)) {
              // "### [![Logo](src)](url)": a heading made of a linked picture
              // names the item of that link, the picture its image.
              item.url = links[0].url;
            }
            if (item.url.empty() && !canonical_) item.url = headline_link(blocks, i);
          }
          start_item(std::move(item), b);
          // (A title that keeps its markup keeps its pictures.)
          if (item_->title_html.empty()) {
            take_image(b.title_line ? title_link_picture(b, map_) : first_image(b.node, map_), b.range);
          }
          headline_open_ = headline;
        } else {
          close_item();
          add_note(b);
        }
        break;
      }
      case BlockKind::paragraph:
        if (site_line(b)) {
          item_->range = span(item_->range, b.range);
        } else if (item_ && headline_open_) {
          attach(b);  // a headline's body links to its page alone ("[Try it](url)")
        } else if (b.title_line && paragraph_items_ && !canonical_ && !(in_intro && has_numbered_)) {
          Item item;
          item.title = b.title_line->title;
          item.url = b.title_line->url;
          item.source = b.title_line->source;
          start_item(std::move(item), b);
          take_image(title_link_picture(b, map_), b.range);
        } else if (b.lead_link && !canonical_ && !(in_intro && has_numbered_)) {
          start_lead_link_item(b);
        } else {
          attach(b);
        }
        break;
      case BlockKind::list:
        if (b.linked_entries > 0 && !in_intro) {
          close_item();
          add_list_items(b.node);
        } else {
          attach(b);
        }
        break;
      case BlockKind::other:
        attach(b);
        break;
    }
  }
  close_item();
  return issue;
}

}  // namespace

Issue parse_issue(std::string_view source, const Options& options, std::vector<Diagnostic>& diagnostics) {
  Prepared prepared = prepare(source, options, diagnostics);
  Document document(prepared.map.text(), CMARK_OPT_SOURCEPOS, default_extensions());
  // The canonical marker opens the text (after any front matter): it is no
  // note, and no raw HTML to report.
  cmark_node* first = cmark_node_first_child(document.root());
  const char* literal = first && cmark_node_get_type(first) == CMARK_NODE_HTML_BLOCK ? cmark_node_get_literal(first) : nullptr;
  const bool canonical = literal && text::trim(literal) == kCanonicalMarker;
  read_br_tags(document);
  EmphasisTidy tidy(!canonical);
  Inventory inventory = take_inventory(document, prepared.map, tidy);
  add_card_inventory(prepared, inventory);
  tidy.apply();
  std::vector<Block> blocks = read_blocks(document, prepared, canonical);
  add_block_inventory(blocks, inventory);
  const auto marker = canonical ? std::find_if(blocks.begin(), blocks.end(), [&](const Block& b) { return b.node == first; })
                                : blocks.end();
  if (marker != blocks.end()) {
    const std::size_t at = marker->range.start.offset;
    auto& raw = inventory.raw_html;
    raw.erase(std::remove_if(raw.begin(), raw.end(), [&](const Range& r) { return r.start.offset == at; }), raw.end());
    blocks.erase(marker);
  }
  Builder builder(document, prepared, diagnostics, canonical);
  Issue issue = builder.build(blocks);
  issue.inventory = std::move(inventory);
  return issue;
}

}  // namespace composer::parse
