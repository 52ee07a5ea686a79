#include "parse/blocks.hpp"

#include <algorithm>

#include "parse/inventory.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::parse {

bool is_marker_or_separator_text(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const char32_t cp = text::decode_utf8(s, pos);
    if (!(text::is_unicode_space(cp) || text::is_separator_char(cp) || cp == '*' || cp == '_' || cp == '~' ||
          cp == ':' || cp == 0xFF1A)) {
      return false;
    }
  }
  return true;
}

namespace {

constexpr std::size_t kTextPrefix = 256;
// Classifying a paragraph reads no further into its collapsed text than this:
// a separator line is shorter, a paper marker closes sooner.
constexpr std::size_t kOpening = kTextPrefix / 2;


struct Token {
  enum Type { text, link, image } type;
  std::string content;  // text, or the link's plain text
  std::string url;
};

// An e-mail address that GFM's autolink extension links in text, as it
// does every one (the extension's links have no source position).
bool bare_mailbox(cmark_node* link) {
  return cmark_node_get_start_line(link) == 0 && text::starts_with(cmark_node_get_url(link), "mailto:");
}

// A link that shows a picture and no text: "[![Logo](src)](url)".
bool linked_picture(cmark_node* link) {
  return cmark_node_get_type(link) == CMARK_NODE_LINK && holds_image(link) && text::trim(plain_text(link)).empty();
}

// Inline tokens of the first line of `paragraph`; emphasis is transparent.
// Returns false when the first line ends inside emphasis (it cannot be split).
// `canonical`: a bare e-mail address is text, no link (the canonical writer
// writes one so in the title of an item that links nowhere, where GFM would
// link it whatever the escaping).
bool first_line_tokens(cmark_node* paragraph, bool canonical, std::vector<Token>& out, cmark_node*& line_break) {
  bool ok = true;
  int inside = 0;  // within a link or an image, whose own text is one token
  cmark_iter* iter = cmark_iter_new(paragraph);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    const auto type = cmark_node_get_type(node);
    if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      if (ev == CMARK_EVENT_ENTER && inside == 0) {
        if (type == CMARK_NODE_LINK && canonical && bare_mailbox(node)) {
          out.push_back({Token::text, plain_text(node), {}});
        } else {
          // (A linked picture is a picture: no empty title link, whose text
          // would be the line's.)
          const bool picture = type == CMARK_NODE_IMAGE || linked_picture(node);
          out.push_back({picture ? Token::image : Token::link,
                         type == CMARK_NODE_LINK ? text::collapse_space(plain_text(node)) : std::string(),
                         cmark_node_get_url(node)});
        }
      }
      inside += ev == CMARK_EVENT_ENTER ? 1 : -1;
      continue;
    }
    if (ev != CMARK_EVENT_ENTER || inside > 0) continue;
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      out.push_back({Token::text, cmark_node_get_literal(node), {}});
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      if (cmark_node_parent(node) == paragraph) line_break = node;
      else ok = false;
      break;
    }
  }
  cmark_iter_free(iter);
  return ok;
}

// Whether a link with a URL appears before the first line break: a cheap
// filter before the full title-line analysis.
bool first_line_has_link(cmark_node* paragraph) {
  bool found = false;
  cmark_iter* iter = cmark_iter_new(paragraph);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (ev != CMARK_EVENT_ENTER) continue;
    const auto type = cmark_node_get_type(node);
    if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) break;
    if (type == CMARK_NODE_LINK) {
      const char* url = cmark_node_get_url(node);
      if (url && *url) {
        found = true;
        break;
      }
    }
  }
  cmark_iter_free(iter);
  return found;
}

bool is_punctuation_text(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const char32_t cp = text::decode_utf8(s, pos);
    if (!text::is_markdown_punctuation(cp) && !text::is_unicode_space(cp)) return false;
  }
  return true;
}

// The title written around an empty link: what stands before it, and what
// follows when that is more than punctuation ("Title [](url) more words").
std::string text_around(const std::string& before, const std::string& after) {
  if (before.empty()) return after;
  return is_punctuation_text(after) ? before : before + " " + after;
}

// "(4 minute read)", "(Sponsor)", "（PDF）": one short parenthesised note,
// which link roundups put after a title link. Nothing else, no brackets in it.
bool is_title_note(std::string_view s) {
  constexpr std::string_view kOpen = "\xEF\xBC\x88", kClose = "\xEF\xBC\x89";  // （ ）
  std::string_view inside;
  if (s.size() > 2 && s.front() == '(' && s.back() == ')') {
    inside = s.substr(1, s.size() - 2);
  } else if (text::starts_with(s, kOpen) && s.size() > kOpen.size() + kClose.size() &&
             s.substr(s.size() - kClose.size()) == kClose) {
    inside = s.substr(kOpen.size(), s.size() - kOpen.size() - kClose.size());
  } else {
    return false;
  }
  return !text::trim(inside).empty() && text::codepoint_count(inside) <= 40 &&
         inside.find_first_of("()[]") == std::string_view::npos && inside.find(kOpen) == std::string_view::npos &&
         inside.find(kClose) == std::string_view::npos;
}

std::optional<TitleLine> analyse_title_line(cmark_node* node, bool heading, bool canonical) {
  if (!first_line_has_link(node)) return std::nullopt;
  std::vector<Token> tokens;
  cmark_node* line_break = nullptr;
  if (!first_line_tokens(node, canonical, tokens, line_break)) return std::nullopt;
  TitleLine line;

  std::size_t first_link = tokens.size();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].type == Token::image) return std::nullopt;
    if (tokens[i].type == Token::link && first_link == tokens.size() && !tokens[i].url.empty()) first_link = i;
  }
  if (first_link == tokens.size()) return std::nullopt;

  // Text before the first link: a domain label, separators and, when the link
  // is empty, the title itself.
  std::string before;
  for (std::size_t i = 0; i < first_link; ++i) {
    if (tokens[i].type == Token::link) return std::nullopt;  // an empty-URL link first: not a title line
    before += tokens[i].content;
  }
  if (std::string label = take_domain_label(before); !label.empty()) line.source = label;
  if (is_marker_or_separator_text(before)) before.clear();

  Token& link = tokens[first_link];
  std::string link_text = link.content;
  if (std::string label = take_domain_label(link_text); !label.empty() && line.source.empty()) line.source = label;
  line.url = link.url;
  std::optional<std::string> title_canonical;  // computed when first needed

  // What follows the title link: separators, the source link (a domain, empty,
  // or the same page), and for an empty title link the stray title text.
  std::string after;
  for (std::size_t i = first_link + 1; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.type == Token::link) {
      const bool domain = !t.content.empty() && url::looks_like_domain(t.content);
      if (!t.content.empty() && !domain) {
        if (!title_canonical) title_canonical = url::canonical(link.url);
        if (url::canonical(t.url) != *title_canonical) return std::nullopt;
      }
      if (line.source.empty() && domain) line.source = url::normalise_domain(t.content);
      continue;
    }
    if (is_marker_or_separator_text(t.content)) continue;
    std::string rest = t.content;
    if (std::string label = take_domain_label(rest); !label.empty() && line.source.empty()) line.source = label;
    if (!is_marker_or_separator_text(rest)) after += rest;
  }

  if (!before.empty() && url::looks_like_domain(link_text) && text::codepoint_count(before) <= 300) {
    // "Title —— [example.org](url)": the title is the text, the link its source.
    // Words after the source make it a sentence ("…subscribed at
    // [example.org](url). Unsubscribe…"), which a title line would drop.
    if (!text::trim(after).empty()) return std::nullopt;
    if (line.source.empty()) line.source = url::normalise_domain(link_text);
    line.title = text::title_text(before);
  } else if (!link_text.empty() && !is_marker_or_separator_text(link_text)) {
    if (!before.empty()) return std::nullopt;  // "Thanks to [someone](url) for…": a sentence
    std::string note;
    if (!text::trim(after).empty() && text::title_text(after) != text::title_text(link_text)) {
      // Only a short source label, a short note in parentheses (kept in the
      // title: it is the writer's text), the title again or, in a heading,
      // up to three characters may follow a named title link: a word
      // ("ok") is kept in the title too, a stray mark (",") is not.
      const std::string rest = text::collapse_space(after);
      const bool domain = url::looks_like_domain(rest);
      const bool short_rest = heading && !domain && text::codepoint_count(rest) <= 3;
      if (is_title_note(rest) || (short_rest && !is_punctuation_text(rest))) {
        note = rest;
      } else if (!domain && !short_rest) {
        return std::nullopt;
      }
      if (line.source.empty() && url::looks_like_domain(rest)) line.source = url::normalise_domain(rest);
    }
    line.title = text::title_text(link_text);
    // (Trimmed again: a short word may end with a separator, "C#|".)
    if (!note.empty()) line.title = text::title_text(line.title + (line.title.empty() ? "" : " ") + note);
  } else {
    // An empty title link: the title is the text around it, on both sides
    // when it has words on both, a domain label at its start taken as in a
    // link's text ("[](url) [arxiv.org] Title").
    if (text::codepoint_count(before) > 300 || text::codepoint_count(after) > 300) return std::nullopt;
    line.title = text::title_text(text_around(text::title_text(before), text::title_text(after)));
    if (std::string label = take_domain_label(line.title); !label.empty()) {
      if (line.source.empty()) line.source = label;
      line.title = text::title_text(line.title);
    }
  }
  return line;
}

}  // namespace

std::string take_domain_label(std::string& s) {
  const std::string_view trimmed = text::trim(s);
  std::string_view open, close;
  if (text::starts_with(trimmed, "\xE3\x80\x90")) {  // 【
    open = "\xE3\x80\x90";
    close = "\xE3\x80\x91";  // 】
  } else if (text::starts_with(trimmed, "[")) {
    open = "[";
    close = "]";
  } else {
    return {};
  }
  const auto end = trimmed.find(close);
  if (end == std::string_view::npos) return {};
  const std::string_view inside = trimmed.substr(open.size(), end - open.size());
  if (!url::looks_like_domain(inside)) return {};
  std::string domain = url::normalise_domain(inside);
  s = std::string(trimmed.substr(end + close.size()));
  return domain;
}

cmark_node* title_with_emphasis(cmark_node* link, cmark_node* paragraph) {
  cmark_node* title = link;
  for (cmark_node* parent = cmark_node_parent(title); parent && parent != paragraph; parent = cmark_node_parent(title)) {
    const auto type = cmark_node_get_type(parent);
    const bool emphasis = type == CMARK_NODE_STRONG || type == CMARK_NODE_EMPH;
    if (!emphasis || cmark_node_first_child(parent) != title || cmark_node_last_child(parent) != title) break;
    title = parent;
  }
  return title;
}

cmark_node* lead_title_link(cmark_node* paragraph) {
  cmark_node* first = cmark_node_first_child(paragraph);
  cmark_node* link = first;
  while (link && (cmark_node_get_type(link) == CMARK_NODE_STRONG || cmark_node_get_type(link) == CMARK_NODE_EMPH)) {
    link = cmark_node_first_child(link);
  }
  if (!link || cmark_node_get_type(link) != CMARK_NODE_LINK || title_with_emphasis(link, paragraph) != first) return nullptr;
  const char* url = cmark_node_get_url(link);
  if (!url || !*url || is_marker_or_separator_text(plain_text(link))) return nullptr;
  cmark_node* next = cmark_node_next(first);
  if (!next || cmark_node_get_type(next) != CMARK_NODE_TEXT) return nullptr;
  const std::string_view literal = cmark_node_get_literal(next);
  std::string_view rest = literal.substr(std::min(literal.size(), literal.find_first_not_of(' ')));
  const bool spaced = rest.size() < literal.size();
  if (text::starts_with(rest, "\xE2\x80\x94") || text::starts_with(rest, "\xE2\x80\x93")) {  // — –
    rest.remove_prefix(3);
  } else if (spaced && text::starts_with(rest, "- ")) {
    rest.remove_prefix(1);
  } else if (!spaced && text::starts_with(rest, ": ")) {
    rest.remove_prefix(1);
  } else if (spaced && (text::starts_with(rest, "by ") || text::starts_with(rest, "By "))) {
    // "[Title](url) by Jane Doe. Summary…": the byline opens the summary.
  } else {
    return nullptr;
  }
  // The summary starts on this line: after the separator, more than markers.
  if (!is_marker_or_separator_text(rest)) return link;
  cmark_node* after = cmark_node_next(next);
  const auto type = after ? cmark_node_get_type(after) : CMARK_NODE_NONE;
  return after && type != CMARK_NODE_SOFTBREAK && type != CMARK_NODE_LINEBREAK ? link : nullptr;
}

std::optional<std::pair<int, std::string>> section_number(const std::string& heading) {
  // "1. Title", "1.Title", "1、标题", "2) Title", "3：标题", "１．标题"
  std::size_t pos = 0;
  int number = 0;
  int digits = 0;
  char32_t delimiter = 0;
  while (pos < heading.size()) {
    delimiter = text::decode_utf8(heading, pos);
    const int digit = text::digit_value(delimiter);
    if (digit < 0) break;
    if (++digits > 3) return std::nullopt;
    number = number * 10 + digit;
  }
  if (digits == 0 || text::digit_value(delimiter) >= 0) return std::nullopt;
  if (!(delimiter == '.' || delimiter == ')' || delimiter == ':' || delimiter == 0x3001 || delimiter == 0xFF0E ||
        delimiter == 0xFF09 || delimiter == 0xFF1A || delimiter == 0x3002)) {
    return std::nullopt;
  }
  // "1.5x faster" is a title, not section 1.
  if (std::size_t next = pos; next < heading.size() && text::digit_value(text::decode_utf8(heading, next)) >= 0) {
    return std::nullopt;
  }
  const std::string rest(text::trim(heading.substr(pos)));
  if (rest.empty()) return std::nullopt;
  return std::make_pair(number, rest);
}

namespace {

// Whether `s` opens with a character reference to "[" or "【" ("&#91;",
// "&#x3010;", "&lsqb;").
bool bracket_reference(std::string_view s) {
  if (!text::starts_with(s, "&")) return false;
  const auto semicolon = s.find(';');
  if (semicolon == std::string_view::npos || semicolon > 12) return false;
  const std::string name = text::to_lower_ascii(s.substr(1, semicolon - 1));
  if (name == "lsqb" || name == "lbrack") return true;
  if (name.size() < 2 || name[0] != '#') return false;
  const bool hex = name[1] == 'x';
  const std::string digits = name.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 7 ||
      digits.find_first_not_of(hex ? "0123456789abcdef" : "0123456789") != std::string::npos) {
    return false;
  }
  const unsigned long code = std::stoul(digits, nullptr, hex ? 16 : 10);
  return code == 0x5B || code == 0x3010;
}

// "[2108.05887]" or "【2108.07258】" opening a paragraph: the id inside.
std::optional<std::pair<std::string, std::size_t>> paper_marker(std::string_view s) {
  s = text::trim(s);
  std::string_view close;
  std::size_t open_size;
  if (text::starts_with(s, "[")) {
    close = "]";
    open_size = 1;
  } else if (text::starts_with(s, "\xE3\x80\x90")) {
    close = "\xE3\x80\x91";
    open_size = 3;
  } else {
    return std::nullopt;
  }
  const auto end = s.find(close);
  if (end == std::string_view::npos || end > 120) return std::nullopt;
  std::string id = url::normalise_paper_id(s.substr(open_size, end - open_size));
  if (id.empty()) return std::nullopt;
  return std::make_pair(id, end + close.size());
}

// Iterative: emphasis can nest as deep as the source is long.
cmark_node* first_text(cmark_node* node) {
  cmark_node* child = cmark_node_first_child(node);
  while (child) {
    const auto type = cmark_node_get_type(child);
    if (type == CMARK_NODE_TEXT) {
      // (A text the tidying emptied, "**" before "*[id]*", shows nothing.)
      const std::string_view literal = cmark_node_get_literal(child);
      if (literal.find_first_not_of(" \t") != std::string_view::npos) return child;
      child = cmark_node_next(child);
    } else if (type == CMARK_NODE_STRONG || type == CMARK_NODE_EMPH) {
      child = cmark_node_first_child(child);
    } else if (type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      // (Nor does a line that showed only such a text.)
      child = cmark_node_next(child);
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

int count_linked_entries(cmark_node* list) {
  int count = 0;
  cmark_iter* iter = cmark_iter_new(list);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_ITEM && entry_has_link(node)) ++count;
  }
  cmark_iter_free(iter);
  return count;
}

// collapse_space(plain_text(paragraph, kTextPrefix)), or a prefix of it at
// least kOpening bytes long: a long first text node is collapsed only as far
// as classifying reads.
std::string opening_text(cmark_node* paragraph) {
  const std::string raw = plain_text(paragraph, kTextPrefix);
  std::size_t cut = kOpening + 16;  // room for some white space to collapse
  if (cut < raw.size()) {
    while (cut < raw.size() && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80) ++cut;
    std::string opening = text::collapse_space(std::string_view(raw).substr(0, cut));
    if (opening.size() >= kOpening) return opening;
  }
  return text::collapse_space(raw);
}

// `canonical`: the text declares the canonical shape, whose headings and
// paragraphs are what they are whatever they say (its separators are "***").
void classify(Block& b, const SourceMap& map, bool canonical) {
  cmark_node* node = b.node;
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_HEADING: {
      // "# — — —" is a separator line too, as its paragraph is.
      if (!canonical && b.text.size() < kOpening && is_marker_or_separator_text(b.text) &&
          text::codepoint_count(b.text) >= 3 && !has_link(node)) {
        b.kind = BlockKind::separator;
        break;
      }
      b.kind = BlockKind::heading;
      b.heading_like = true;
      b.level = cmark_node_get_heading_level(node);
      b.title_line = analyse_title_line(node, true, canonical);
      if (auto numbered = section_number(b.text)) {
        b.number = numbered->first;
        b.heading_title = numbered->second;
      } else {
        b.heading_title = b.text;
      }
      break;
    }
    case CMARK_NODE_PARAGRAPH: {
      b.kind = BlockKind::paragraph;
      if ((b.image = lone_image(node, map))) {
        b.image->range = b.range;
        break;
      }
      const bool whole_text = b.text.size() < kOpening;  // a separator line is never long
      // (Pictures side by side show something: no separator, a note.)
      if ((b.text.empty() && !holds_image(node)) ||
          (!canonical && whole_text && is_marker_or_separator_text(b.text) && text::codepoint_count(b.text) >= 3 &&
           !has_link(node, true))) {
        b.kind = BlockKind::separator;
        break;
      }
      if (auto id = paper_line_id(node, b.text, map.source().substr(b.range.start.offset))) {
        b.paper_line = true;
        b.paper_id = *id;
        break;
      }
      b.title_line = analyse_title_line(node, false, canonical);
      if (!b.title_line && !canonical) b.lead_link = lead_title_link(node);
      // A short bold line such as "**2. Use cases**" is a heading in all but name.
      cmark_node* only = cmark_node_first_child(node);
      if (!b.title_line && only && cmark_node_next(only) == nullptr && cmark_node_get_type(only) == CMARK_NODE_STRONG) {
        const std::string whole =
            b.text.size() < kOpening ? b.text : text::collapse_space(plain_text(node, kTextPrefix));
        const auto numbered = text::codepoint_count(whole) <= 80 ? section_number(whole) : std::nullopt;
        if (numbered) {
          b.heading_like = true;
          b.level = 2;
          b.number = numbered->first;
          b.heading_title = numbered->second;
        }
      }
      break;
    }
    case CMARK_NODE_LIST:
      b.kind = BlockKind::list;
      b.linked_entries = count_linked_entries(node);
      break;
    case CMARK_NODE_THEMATIC_BREAK:
      b.kind = BlockKind::separator;
      break;
    default:
      b.kind = BlockKind::other;
  }
}

// Calls `visit(link, url)` for each link with an address in `node`, in order,
// until it returns false. A link in an image's description is text: the
// image's alt.
template <typename Visit>
void visit_links(cmark_node* node, Visit visit) {
  int in_image = 0;
  cmark_iter* iter = cmark_iter_new(node);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* n = cmark_iter_get_node(iter);
    const auto type = cmark_node_get_type(n);
    if (type == CMARK_NODE_IMAGE) {
      in_image += ev == CMARK_EVENT_ENTER ? 1 : -1;
    } else if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_LINK && in_image == 0) {
      const char* url = cmark_node_get_url(n);
      if (url && *url && !visit(n, url)) break;
    }
  }
  cmark_iter_free(iter);
}

}  // namespace

std::vector<LinkRef> links_in(cmark_node* node) {
  std::vector<LinkRef> links;
  visit_links(node, [&](cmark_node* link, const char* url) {
    links.push_back({text::collapse_space(plain_text(link)), url, link});
    return true;
  });
  return links;
}

bool has_link(cmark_node* node, bool shown) {
  bool found = false;
  visit_links(node, [&](cmark_node* link, const char*) {
    found = !shown || cmark_node_first_child(link);
    return !found;
  });
  return found;
}

bool entry_has_link(cmark_node* item) {
  for (cmark_node* child = cmark_node_first_child(item); child; child = cmark_node_next(child)) {
    const auto type = cmark_node_get_type(child);
    if ((type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING) && has_link(child)) return true;
  }
  return false;
}

bool holds_image(cmark_node* node) {
  bool found = false;
  cmark_iter* iter = cmark_iter_new(node);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE && !found; ev = cmark_iter_next(iter)) {
    found = cmark_node_get_type(cmark_iter_get_node(iter)) == CMARK_NODE_IMAGE;
  }
  cmark_iter_free(iter);
  return found;
}

std::optional<Image> lone_image(cmark_node* paragraph, const SourceMap& map) {
  std::optional<Image> found;
  bool other = false;
  const char* link = nullptr;  // the address of a link around it
  int in_image = 0;  // inside its description, which may hold markup, links too
  cmark_iter* iter = cmark_iter_new(paragraph);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE && !other; ev = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    const auto type = cmark_node_get_type(node);
    if (type == CMARK_NODE_IMAGE) {
      if (ev == CMARK_EVENT_EXIT) {
        --in_image;
        continue;
      }
      // (An image in a description is part of its text.)
      if (in_image == 0) {
        if (found) {
          other = true;
        } else {
          SourceLink image = link_of(node, map, text_span(paragraph, map));  // its text is the description
          found = Image{std::move(image.url), text::collapse_space(image.text), image.range};
        }
      }
      ++in_image;
      continue;
    }
    if (ev != CMARK_EVENT_ENTER || in_image > 0) continue;
    if ((type == CMARK_NODE_TEXT && !is_marker_or_separator_text(cmark_node_get_literal(node))) ||
        type == CMARK_NODE_CODE) {
      other = true;
    }
    if (type == CMARK_NODE_LINK) link = cmark_node_get_url(node);
  }
  cmark_iter_free(iter);
  // A picture that links somewhere else ("[![Sponsor](banner.png)](url)") is
  // no item's picture, which links nowhere: its link would be lost.
  if (other || (found && link && *link && url::canonical(link) != url::canonical(found->src))) return std::nullopt;
  return found;
}

std::optional<Image> first_image(cmark_node* node, const SourceMap& map) {
  cmark_iter* iter = cmark_iter_new(node);
  std::optional<Image> found;
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* image = cmark_iter_get_node(iter);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(image) != CMARK_NODE_IMAGE) continue;
    SourceLink link = link_of(image, map, text_span(node, map));  // its text is the description
    found = Image{std::move(link.url), text::collapse_space(link.text), link.range};
    break;
  }
  cmark_iter_free(iter);
  return found;
}

std::optional<std::string> paper_line_id(cmark_node* paragraph, std::string_view text, std::string_view written) {
  auto marker = paper_marker(text);
  if (!marker || !first_text(paragraph)) return std::nullopt;
  // Its bracket typed as one: "\\[2108.05887]" or "&#x3010;…" is text that
  // only looks like a marker (the canonical writer writes such text so).
  // Markup before it ("**[2108.05887]", "- ") is passed over.
  for (std::size_t i = 0; i < std::min<std::size_t>(written.size(), 256); ++i) {
    const std::string_view rest = written.substr(i);
    if (rest[0] == '[' || text::starts_with(rest, "\xE3\x80\x90")) break;
    if (text::starts_with(rest, "\\[") || bracket_reference(rest)) return std::nullopt;
  }
  return std::move(marker->first);
}

void strip_paper_marker(cmark_node* paragraph) {
  cmark_node* text_node = first_text(paragraph);
  if (!text_node) return;
  const std::string literal = cmark_node_get_literal(text_node);
  const auto marker = paper_marker(literal);
  if (!marker) return;
  // (The marker's size counts from where paper_marker's trim starts.)
  const std::size_t lead = static_cast<std::size_t>(text::trim(literal).data() - literal.data());
  std::string_view rest = std::string_view(literal).substr(lead + marker->second);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  cmark_node_set_literal(text_node, std::string(rest).c_str());
}

namespace {

// A paragraph's first line that stands on its own: an item's title line or a
// lone image. Returns the break that ends it, when more lines follow. Reads
// no further than it must: most paragraphs are summaries, whose first word
// already rules them out.
cmark_node* lead_line_break(const Block& b) {
  const bool title = b.title_line.has_value();
  cmark_node* line_break = nullptr;
  bool possible = true;
  int images = 0;
  int inside = 0;  // within a link or an image, whose own text does not count
  bool empty = true;  // nothing on the line yet: a break there ends no line (a card left out before it)
  cmark_iter* iter = cmark_iter_new(b.node);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE && possible; ev = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    const auto type = cmark_node_get_type(node);
    if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      if (ev == CMARK_EVENT_ENTER && inside == 0) {
        if (type == CMARK_NODE_IMAGE || linked_picture(node)) ++images;
        else possible = title;
      }
      inside += ev == CMARK_EVENT_ENTER ? 1 : -1;
      empty = false;
      continue;
    }
    if (ev != CMARK_EVENT_ENTER || inside > 0) continue;
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      possible = title || is_marker_or_separator_text(cmark_node_get_literal(node));
      empty = empty && text::trim(cmark_node_get_literal(node)).empty();
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      if (empty) continue;
      // A break inside emphasis cannot split the paragraph.
      if (cmark_node_parent(node) == b.node) line_break = node;
      break;
    }
  }
  cmark_iter_free(iter);
  if (!possible || !line_break) return nullptr;
  return title || images == 1 ? line_break : nullptr;
}

// Moves what comes before `line_break` into a new paragraph right before
// this one, which keeps the rest. (Moving the rest instead would take time
// quadratic in the lines of a paragraph of title lines.)
cmark_node* split_paragraph(const Document& document, cmark_node* paragraph, cmark_node* line_break) {
  cmark_node* head = cmark_node_new_with_mem(CMARK_NODE_PARAGRAPH, document.mem());
  cmark_node_insert_before(paragraph, head);
  for (cmark_node* first = cmark_node_first_child(paragraph); first != line_break; first = cmark_node_first_child(paragraph)) {
    cmark_node_append_child(head, first);
  }
  cmark_node_free(line_break);
  return head;
}

std::string heading_text(cmark_node* heading, bool canonical) {
  // Stars the tidy left because they sat in separate texts ("*" of an
  // unmatched delimiter, then another) are a run in the heading's text,
  // which the next read would take as one and drop. (Canonical text keeps
  // its runs, as the tidy does.)
  std::string text = text::collapse_space(plain_text(heading));
  if (!canonical && text.find("**") != std::string::npos) text = text::collapse_space(strip_star_runs(text, true, true));
  return text;
}

// A heading's break after its first line, when that line is an item's title
// and more lines follow: a setext heading of several lines, as a paragraph
// becomes when "---" follows it with no blank line before.
cmark_node* heading_title_break(const Block& b) {
  if (!b.title_line) return nullptr;
  for (cmark_node* child = cmark_node_first_child(b.node); child; child = cmark_node_next(child)) {
    const auto type = cmark_node_get_type(child);
    if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) return cmark_node_next(child) ? child : nullptr;
  }
  return nullptr;
}

// Moves what comes after `line_break` into a new paragraph right after
// `heading`, the first line's title's summary.
cmark_node* split_heading(const Document& document, cmark_node* heading, cmark_node* line_break) {
  cmark_node* rest = cmark_node_new_with_mem(CMARK_NODE_PARAGRAPH, document.mem());
  cmark_node_insert_after(heading, rest);
  while (cmark_node* next = cmark_node_next(line_break)) cmark_node_append_child(rest, next);
  cmark_node_free(line_break);
  return rest;
}

}  // namespace

std::vector<Block> read_blocks(const Document& document, const Prepared& prepared, bool canonical) {
  const SourceMap& map = prepared.map;
  std::vector<Block> blocks;
  std::size_t count = prepared.cards.size();
  for (cmark_node* node = cmark_node_first_child(document.root()); node; node = cmark_node_next(node)) ++count;
  blocks.reserve(count + count / 8);  // split paragraphs add some
  auto card = prepared.cards.begin();
  const auto add_cards_before = [&](std::size_t offset) {
    for (; card != prepared.cards.end() && card->begin < offset; ++card) {
      Block b;
      b.kind = BlockKind::card;
      b.card = &*card;
      b.range = map.range(card->begin, card->end);
      b.begin = card->begin;
      b.text = card->title;
      blocks.push_back(std::move(b));
    }
  };
  // A paragraph split at its first line is read again as the rest, whose
  // source position is no longer the node's: its span is carried here.
  cmark_node* split_rest = nullptr;
  TextSpan split_span{0, 0};
  for (cmark_node* node = cmark_node_first_child(document.root()); node;) {
    Block b;
    b.node = node;
    TextSpan span = node == split_rest ? split_span : text_span(node, map);
    b.range = map.text_range(span.begin, span.end);
    b.begin = b.range.start.offset;
    add_cards_before(b.begin);
    const auto type = cmark_node_get_type(node);
    if (type == CMARK_NODE_HEADING) b.text = heading_text(node, canonical);
    if (type == CMARK_NODE_PARAGRAPH) b.text = opening_text(node);
    classify(b, map, canonical);
    if (b.kind == BlockKind::paragraph && !canonical) {
      if (cmark_node* line_break = lead_line_break(b)) {
        b.node = split_paragraph(document, node, line_break);
        cmark_node* first = cmark_node_first_child(node);
        const int rest_line = first && cmark_node_get_start_line(first) > 0 ? cmark_node_get_start_line(first)
                                                                            : map.text_line(span.begin) + 1;
        std::size_t rest_begin = map.text_offset(rest_line, 1);
        while (rest_begin < span.end && (map.text()[rest_begin] == ' ' || map.text()[rest_begin] == '\t')) ++rest_begin;
        split_rest = node;
        split_span = {rest_begin, span.end};
        b.range = map.text_range(span.begin, rest_begin);
        b.text = opening_text(b.node);
        b.title_line.reset();
        b.image.reset();
        classify(b, map, canonical);
      }
    }
    if (b.kind == BlockKind::heading && !canonical) {
      if (cmark_node* line_break = heading_title_break(b)) {
        // The lines after the first are read next, as a paragraph that ends
        // where the heading's text does, before its underline.
        cmark_node* first = cmark_node_next(line_break);
        const int rest_line = cmark_node_get_start_line(first) > 0 ? cmark_node_get_start_line(first)
                                                                   : map.text_line(span.begin) + 1;
        std::size_t rest_begin = map.text_offset(rest_line, 1);
        while (rest_begin < span.end && (map.text()[rest_begin] == ' ' || map.text()[rest_begin] == '\t')) ++rest_begin;
        // (cmark may end a setext heading on the blank line after it.)
        const std::string& t = map.text();
        std::size_t rest_end = std::max(rest_begin, span.end);
        while (rest_end > rest_begin && std::string_view(" \t\r\n").find(t[rest_end - 1]) != std::string_view::npos) --rest_end;
        while (rest_end > rest_begin && t[rest_end - 1] != '\n' && t[rest_end - 1] != '\r') --rest_end;
        while (rest_end > rest_begin && (t[rest_end - 1] == '\n' || t[rest_end - 1] == '\r')) --rest_end;
        split_rest = split_heading(document, node, line_break);
        split_span = {rest_begin, rest_end};
        b.range = map.text_range(span.begin, rest_begin);
        b.text = heading_text(node, canonical);
        b.title_line.reset();
        classify(b, map, canonical);
      }
    }
    const bool empty_paragraph =
        b.kind == BlockKind::separator && b.text.empty() && cmark_node_get_type(b.node) == CMARK_NODE_PARAGRAPH;
    const bool split = b.node != node;
    if (!empty_paragraph) blocks.push_back(std::move(b));
    if (!split) node = cmark_node_next(node);
  }
  add_cards_before(map.source().size() + 1);
  return blocks;
}

}  // namespace composer::parse
