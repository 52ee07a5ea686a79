#pragma once
// The document as a flat sequence of top-level blocks, each with what a human
// editor notices at a glance: is it a numbered heading, a title line with a
// link, a lone image, a "[2108.05887]" paper line, a separator, a list of
// links? The issue builder infers the structure from these features.
#include <optional>
#include <string>
#include <vector>

#include "composer/issue.hpp"
#include "parse/document.hpp"
#include "parse/prepare.hpp"

namespace composer::parse {

enum class BlockKind { heading, paragraph, list, separator, card, other };

// A line that names an item: "[Title](url) —— [domain](url)", "【domain】Title
// —— [](url)", "[](url) —— [domain](url) title", or a heading made of a link.
struct TitleLine {
  std::string title;
  std::string url;
  std::string source;  // a domain label written next to the title
};

struct Block {
  BlockKind kind = BlockKind::other;
  cmark_node* node = nullptr;        // null for link cards
  const LinkCard* card = nullptr;
  Range range;
  std::size_t begin = 0;             // source offset, for ordering
  // Plain text, white space collapsed: whole for headings, for paragraphs
  // their opening, 128 bytes or more (all that classifying them needs).
  std::string text;

  // Headings, and bold one-line paragraphs that act as numbered headings.
  bool heading_like = false;
  int level = 0;
  std::optional<int> number;
  std::string heading_title;

  std::optional<TitleLine> title_line;  // paragraphs and link headings
  // A paragraph that opens with its title link, then its summary on the same
  // line: "**[Title](url)** — summary" (see lead_title_link).
  cmark_node* lead_link = nullptr;
  std::optional<Image> image;           // a paragraph that is only an image
  bool paper_line = false;              // paragraph opening with "[id]"
  std::string paper_id;

  int linked_entries = 0;  // lists: entries whose own text holds a link
};

// canonical: the text has the canonical shape (util/canonical.hpp), whose
// paragraphs are never split at a lead line.
std::vector<Block> read_blocks(const Document& document, const Prepared& prepared, bool canonical);

// Plain text of a cmark node's first link with a URL, and that URL.
struct LinkRef {
  std::string text;
  std::string url;
  cmark_node* node = nullptr;
};
std::vector<LinkRef> links_in(cmark_node* node);
// With `shown`, only a link that shows something: "[](url)" shows nothing.
bool has_link(cmark_node* node, bool shown = false);

// The title link with the emphasis around it that holds nothing else:
// "**[Title](url)**" is taken whole from `paragraph`.
cmark_node* title_with_emphasis(cmark_node* link, cmark_node* paragraph);

// "**[Title](url)** — summary", "[Title](url): summary" or "[Title](url) by
// Jane Doe. Summary": the link, when a paragraph opens with a named title
// link (its emphasis holding nothing else), then a dash, a colon or a byline
// and more text on the same line, as Cooperpress's weeklies write their items.
cmark_node* lead_title_link(cmark_node* paragraph);

// Whether a list item's own paragraphs (not its nested lists) hold a link.
bool entry_has_link(cmark_node* item);

// Only white space, separators ("—", "|") and markers ("*", "_", "~", ":"):
// text that says nothing, as a link's text too.
bool is_marker_or_separator_text(std::string_view s);

// "1. Title", "1、标题", "2) Title": the number and the title after it.
std::optional<std::pair<int, std::string>> section_number(const std::string& heading);

// "【arxiv.org】" or "[arxiv.org]" at the start of `s`: returns the domain and
// removes the label from `s`.
std::string take_domain_label(std::string& s);

// The image of a paragraph that holds one and nothing else to show (markers
// and separators aside, and a link around it only to the picture itself).
std::optional<Image> lone_image(cmark_node* paragraph, const SourceMap& map);
// The first image in `node`, wherever it stands.
std::optional<Image> first_image(cmark_node* node, const SourceMap& map);
// Whether `node` holds an image.
bool holds_image(cmark_node* node);

// The paper a paragraph names when its text (its opening will do) opens with
// "[2108.05887]" or "【2108.05887】", `written` so in the source (from where
// the paragraph starts): a paper line.
std::optional<std::string> paper_line_id(cmark_node* paragraph, std::string_view text, std::string_view written);

// Removes "[2108.05887]" from the start of a paper line's first text.
void strip_paper_marker(cmark_node* paragraph);

}  // namespace composer::parse
