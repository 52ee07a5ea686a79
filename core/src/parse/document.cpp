#include "parse/document.hpp"

#include <cmark-gfm-core-extensions.h>

#include <algorithm>
#include <cstring>

namespace composer::parse {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Whether nothing but a line's start (or end: `after`) is before (after) an
// inline node: it is its block's first (last) or a line break is next to it.
bool opens_line(cmark_node* node, bool after) {
  // Inside emphasis, a link or a strikethrough, their markers are next to it.
  cmark_node* parent = cmark_node_parent(node);
  if (!parent || (cmark_node_get_type(parent) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) return false;
  cmark_node* next = after ? cmark_node_next(node) : cmark_node_previous(node);
  if (!next) return true;
  const auto type = cmark_node_get_type(next);
  return type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK;
}

bool has_visible_content(cmark_node* node) {
  for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
    const auto type = cmark_node_get_type(child);
    if (type == CMARK_NODE_TEXT) {
      const char* literal = cmark_node_get_literal(child);
      for (const char* p = literal; p && *p; ++p) {
        if (!is_space(*p)) return true;
      }
    } else if (type != CMARK_NODE_SOFTBREAK && type != CMARK_NODE_LINEBREAK && type != CMARK_NODE_HTML_INLINE) {
      return true;  // (raw HTML is left out of every output: it shows nothing)
    }
  }
  return false;
}

// Iterative, like every walk here: pathological input nests thousands deep.
bool contains_break(cmark_node* node) {
  bool found = false;
  cmark_iter* iter = cmark_iter_new(node);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE && !found; ev = cmark_iter_next(iter)) {
    const auto type = cmark_node_get_type(cmark_iter_get_node(iter));
    found = type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK;
  }
  cmark_iter_free(iter);
  return found;
}

// Bold around a whole multi-line paragraph is an export artefact, not emphasis
// a writer chose.
bool wraps_whole_paragraph(cmark_node* node) {
  cmark_node* parent = cmark_node_parent(node);
  if (!parent || cmark_node_get_type(parent) != CMARK_NODE_PARAGRAPH || cmark_node_get_type(node) != CMARK_NODE_STRONG) {
    return false;
  }
  for (cmark_node* sibling = cmark_node_first_child(parent); sibling; sibling = cmark_node_next(sibling)) {
    if (sibling == node) continue;
    if (cmark_node_get_type(sibling) != CMARK_NODE_TEXT) return false;
    for (const char* p = cmark_node_get_literal(sibling); p && *p; ++p) {
      if (!is_space(*p)) return false;
    }
  }
  return contains_break(node);
}

void collect_text(cmark_node* root, std::string& out, std::size_t limit) {
  cmark_iter* iter = cmark_iter_new(root);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE && out.size() < limit; ev = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    const auto type = cmark_node_get_type(node);
    // An image's own alt text is its plain text; a code block's is its code.
    if (node == root && type != CMARK_NODE_CODE_BLOCK) continue;
    // The text of an image inside is not shown: it is passed over whole, not
    // walked, since images nest in images and each one's text is read
    // ("![a![a![a…]()]()]()" would take quadratic time).
    if (type == CMARK_NODE_IMAGE) {
      if (ev == CMARK_EVENT_ENTER) cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
      continue;
    }
    if (ev != CMARK_EVENT_ENTER) continue;
    // Blocks start on a line of their own; a code block is one too.
    if (!out.empty() && (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK && out.back() != '\n') out += '\n';
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK:
        out += cmark_node_get_literal(node);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out += '\n';
        break;
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_HTML_BLOCK:
        break;
      default:
        break;
    }
  }
  cmark_iter_free(iter);
}

}  // namespace

const std::vector<std::string>& default_extensions() {
  static const std::vector<std::string> names{"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
  return names;
}

Document::Document(const std::string& text, int options, const std::vector<std::string>& extensions)
    : parser_(cmark_parser_new_with_mem(options, Arena::mem())) {
  cmark_gfm_core_extensions_ensure_registered();
  for (const auto& name : extensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name.c_str())) {
      cmark_parser_attach_syntax_extension(parser_, ext);
    }
  }
  cmark_parser_feed(parser_, text.data(), text.size());
  root_ = cmark_parser_finish(parser_);
}

cmark_llist* Document::extensions() const { return cmark_parser_get_syntax_extensions(parser_); }

std::string Document::html(cmark_node* node) const {
  // Rendered in the arena too: the latest block, so freeing it right away
  // gives its bytes back.
  char* html = cmark_render_html(node, CMARK_OPT_DEFAULT, extensions());
  std::string out = html ? html : "";
  mem()->free(html);
  return out;
}

// Drops runs of two or more '*' that are not a spaced-out operator ("2 ** 3").
// `open_start` and `open_end`: the text starts or ends a line, where the
// white space next to it goes when the Markdown output is written and read
// again; a run that it left spaced there would then be unspaced, and
// dropped on that reading: it goes now.
std::string strip_star_runs(const std::string& s, bool open_start, bool open_end) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '*') {
      out += s[i++];
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && s[j] == '*') ++j;
    const bool spaced = i > 0 && is_space(s[i - 1]) && j < s.size() && is_space(s[j]);
    if (j - i == 1 || spaced) out.append(s, i, j - i);
    i = j;
  }
  // Runs of '*' at either edge, past white space, until none is left there.
  while (open_end) {
    const std::size_t last = out.find_last_not_of(" \t\n\r");
    if (last == std::string::npos || out[last] != '*' || last == 0 || out[last - 1] != '*') break;
    std::size_t start = last;
    while (start > 0 && out[start - 1] == '*') --start;
    out.erase(start);
  }
  std::size_t begin = 0;
  while (open_start) {
    const std::size_t first = out.find_first_not_of(" \t\n\r", begin);
    if (first == std::string::npos || out.compare(first, 2, "**") != 0) break;
    begin = out.find_first_not_of('*', first);
    if (begin == std::string::npos) begin = out.size();
  }
  return begin == 0 ? out : out.substr(begin);
}

void EmphasisTidy::see(cmark_event_type event, cmark_node* node) {
  // cmark checks a moved node against all its new ancestors, so unwrapping
  // deep inside pathological nesting would take quadratic time: emphasis
  // that deep is left as cmark read it.
  constexpr int kMaxDepth = 64;
  const auto type = cmark_node_get_type(node);
  const bool leaf = cmark_node_first_child(node) == nullptr && event == CMARK_EVENT_ENTER &&
                    (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_SOFTBREAK ||
                     type == CMARK_NODE_LINEBREAK || type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_THEMATIC_BREAK ||
                     type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK);
  if (!leaf) depth_ += event == CMARK_EVENT_ENTER ? 1 : event == CMARK_EVENT_EXIT ? -1 : 0;
  if (drop_star_runs_ && event == CMARK_EVENT_ENTER && type == CMARK_NODE_TEXT) {
    const char* literal = cmark_node_get_literal(node);
    if (literal && std::string_view(literal).find("**") != std::string_view::npos) {
      cmark_node_set_literal(node, strip_star_runs(literal, opens_line(node, false), opens_line(node, true)).c_str());
    }
  } else if (event == CMARK_EVENT_EXIT && (type == CMARK_NODE_STRONG || type == CMARK_NODE_EMPH) && depth_ < kMaxDepth) {
    emphasis_.push_back(node);  // children before parents
  }
}

void EmphasisTidy::apply() {
  for (cmark_node* node : emphasis_) {
    // Bold in bold, directly or with italics between: the Markdown output
    // may have to leave the italics out, and reading it would then unwrap
    // the inner bold.
    bool nested_same = false;
    for (cmark_node* up = cmark_node_parent(node); up && !nested_same; up = cmark_node_parent(up)) {
      const auto type = cmark_node_get_type(up);
      if ((type & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_INLINE) break;
      nested_same = type == cmark_node_get_type(node);
    }
    // (Canonical text, which the Markdown output wrote, keeps bold it wrote
    // around a whole paragraph.)
    if (!has_visible_content(node) || nested_same || (drop_star_runs_ && wraps_whole_paragraph(node))) unwrap(node);
  }
  emphasis_.clear();
}

// Texts next to each other, from `first` up to `stop`, become one, as cmark
// made every text of the tree, and its runs of '*' go as see() drops them:
// unwrapping emphasis can put the '*' of two texts side by side.
void EmphasisTidy::merge_texts(cmark_node* first, cmark_node* stop) const {
  const auto is_text = [stop](cmark_node* node) {
    return node && node != stop && cmark_node_get_type(node) == CMARK_NODE_TEXT;
  };
  for (cmark_node* node = first; node && node != stop; node = cmark_node_next(node)) {
    if (!is_text(node) || !is_text(cmark_node_next(node))) continue;
    std::string literal = cmark_node_get_literal(node);
    while (cmark_node* next = is_text(cmark_node_next(node)) ? cmark_node_next(node) : nullptr) {
      literal += cmark_node_get_literal(next);
      cmark_node_free(next);
    }
    if (drop_star_runs_ && literal.find("**") != std::string::npos) {
      literal = strip_star_runs(literal, opens_line(node, false), opens_line(node, true));
    }
    cmark_node_set_literal(node, literal.c_str());
  }
}

void EmphasisTidy::unwrap(cmark_node* node) const {
  cmark_node* before = cmark_node_previous(node);
  cmark_node* after = cmark_node_next(node);
  cmark_node* parent = cmark_node_parent(node);
  while (cmark_node* child = cmark_node_first_child(node)) cmark_node_insert_before(node, child);
  cmark_node_free(node);
  merge_texts(before ? before : cmark_node_first_child(parent), after ? cmark_node_next(after) : nullptr);
}

namespace {

bool is_br_tag(const char* literal) {
  if (!literal || (literal[0] != '<') || (literal[1] | 0x20) != 'b' || (literal[2] | 0x20) != 'r') return false;
  const char* c = literal + 3;
  while (*c == ' ' || *c == '\t') ++c;
  if (*c == '/') ++c;
  return c[0] == '>' && c[1] == '\0';
}

// In a heading or a table's cell, which Markdown writes on one line.
bool in_one_line(cmark_node* node) {
  for (cmark_node* p = cmark_node_parent(node); p; p = cmark_node_parent(p)) {
    if (cmark_node_get_type(p) == CMARK_NODE_HEADING || std::strcmp(cmark_node_get_type_string(p), "table_cell") == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

void read_br_tags(const Document& document) {
  std::vector<cmark_node*> tags;
  cmark_iter* iter = cmark_iter_new(document.root());
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE &&
        is_br_tag(cmark_node_get_literal(node))) {
      tags.push_back(node);
    }
  }
  cmark_iter_free(iter);
  // (A text that ends or starts with a space parts the words already.)
  const auto spaced = [](cmark_node* text, bool at_end) {
    const char* literal = text && cmark_node_get_type(text) == CMARK_NODE_TEXT ? cmark_node_get_literal(text) : nullptr;
    if (!literal || !*literal) return false;
    return is_space(at_end ? literal[std::strlen(literal) - 1] : literal[0]);
  };
  for (cmark_node* tag : tags) {
    if (!in_one_line(tag)) {
      cmark_node_insert_before(tag, cmark_node_new_with_mem(CMARK_NODE_LINEBREAK, document.mem()));
    } else if (!spaced(cmark_node_previous(tag), true) && !spaced(cmark_node_next(tag), false)) {
      cmark_node* space = cmark_node_new_with_mem(CMARK_NODE_TEXT, document.mem());
      cmark_node_set_literal(space, " ");
      cmark_node_insert_before(tag, space);
    }
    cmark_node_free(tag);
  }
}

std::string plain_text(cmark_node* node, std::size_t limit) {
  std::string out;
  collect_text(node, out, limit);
  return out;
}

bool shows_own_address(std::string_view text, std::string_view url) {
  const auto prefixed = [&](std::string_view prefix) {
    return url.size() == prefix.size() + text.size() && url.substr(0, prefix.size()) == prefix &&
           url.substr(prefix.size()) == text;
  };
  return text == url || prefixed("mailto:") || prefixed("http://");
}

namespace {

// Lines of an HTML block: its literal holds each of them with its line ending
// (but perhaps the last, at the end of the input).
int literal_lines(cmark_node* node) {
  const char* literal = cmark_node_get_literal(node);
  if (literal == nullptr || *literal == '\0') return 1;
  int lines = 0;
  const char* c = literal;
  for (; *c; ++c) {
    if (*c == '\n' || (*c == '\r' && c[1] != '\n')) ++lines;
  }
  return lines + (c[-1] != '\n' && c[-1] != '\r');
}

}  // namespace

TextSpan text_span(cmark_node* node, const SourceMap& map) {
  const int start_line = cmark_node_get_start_line(node);
  const std::size_t begin = map.text_offset(start_line, std::max(cmark_node_get_start_column(node), 1));
  std::size_t end;
  if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
    // cmark ends an HTML block that its end condition closes ("-->", "?>",
    // "</pre>"…) on the line before the closing one: a one-line comment would
    // end before it begins. It ends with its last line.
    end = map.text_offset(start_line + literal_lines(node), 1);
    const std::string& t = map.text();
    while (end > begin && (t[end - 1] == '\n' || t[end - 1] == '\r')) --end;
  } else {
    const int end_column = cmark_node_get_end_column(node);
    end = end_column <= 0 ? map.text_offset(cmark_node_get_end_line(node), 1)
                          : map.text_offset(cmark_node_get_end_line(node), end_column) + 1;
  }
  return {begin, std::max(begin, end)};
}

Range node_range(cmark_node* node, const SourceMap& map) {
  const TextSpan span = text_span(node, map);
  return map.text_range(span.begin, span.end);
}

}  // namespace composer::parse
