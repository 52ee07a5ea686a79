#pragma once
// The issue model: what a newsletter issue is, read from its Markdown. Every
// part carries its exact source range. Renderers and rules see only this.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "composer/diagnostic.hpp"

namespace composer {

struct Link {
  std::string text;  // plain text
  std::string url;   // as written
  Range range;
};

struct Image {
  std::string src;
  std::string alt;
  Range range;
};

// A piece of Markdown kept as written, with its plain text and a safe HTML
// rendering prepared by the parser (renderers never see cmark).
struct Fragment {
  std::string text;      // plain text, markers stripped
  std::string markdown;  // the Markdown as written (invalid bytes repaired)
  std::string html;      // safe HTML (not part of the JSON contract)
  Range range;
};

struct Highlight {
  Fragment content;
  std::vector<Link> links;
};

struct Item {
  std::string title;
  std::string url;            // as written
  std::string canonical_url;  // without tracking parameters
  std::string source;         // domain, or the writer's source label
  std::optional<Image> image;
  std::string paper_id;       // "arXiv:2108.05887", "doi:…", or empty
  Fragment summary;
  bool link_card = false;     // came from a Medium-style link card
  std::string card_teaser;    // the card's teaser line, if any
  std::string card_title;     // the card's own title, which may differ from the item's
  bool list_entry = false;    // an entry of a list of links (no summary expected)
  bool titled_by_link = true; // its title is its link's text (not a sentence holding the link)
  // The safe inline HTML of a title that is a sentence holding links (a list
  // entry's sentence, a heading with several links), its links and code
  // kept; empty when the title is its link's text. `url` is its first link.
  std::string title_html;
  std::string paper_line_id;  // the id its "[id]" line names, if it has one
  std::optional<Range> paper_line_range;
  Range range;
  Range title_range;
};

struct Section {
  std::optional<int> number;
  std::string title;
  std::string url;  // the address its heading links to ("### [RFCs](url)"), or empty
  std::string title_html;  // safe inline HTML of a title holding several links, or empty
  int level = 0;  // heading level as written; 0 for items before any heading
  Range range;          // heading to the end of the section's content
  Range heading_range;
  std::vector<Item> items;
  std::vector<Fragment> notes;  // content that is not an item, in order
};

struct TableOfContents {
  std::vector<std::string> entries;
  Range range;
};

// What the source holds as written, for the rules: every link and image with
// its exact range, and the markup a careful editor notices. Not part of the
// JSON contract.
struct SourceLink {
  std::string text;  // plain text; the alt text of an image
  std::string url;   // the destination as cmark read it
  Range range;       // the whole link as written
  std::optional<Range> url_range;  // the destination as written, for inline links
  bool image = false;
  bool autolink = false;  // <url> or a bare URL
  bool exact = true;      // false when only the enclosing block could be located
  bool before_card = false;  // the empty "[](url)" Medium writes before a link card
};

struct SourceHeading {
  int level = 0;
  std::string text;
  Range range;
};

struct Inventory {
  std::vector<SourceLink> links;  // links and images, in source order
  std::vector<Range> marker_runs;     // runs of '*' shown as literal asterisks
  std::vector<Range> raw_html;        // raw HTML, inline or block
  std::vector<Range> separator_lines; // hand-typed separators such as "— — —"
  std::vector<SourceHeading> headings;
};

struct Issue {
  std::string title;
  std::optional<Range> title_range;
  std::string title_url;  // the address its heading links to ("# [Weekly 12](url)"), or empty
  std::optional<int> number;
  std::string date;
  std::string newsletter;
  nlohmann::ordered_json meta = nlohmann::ordered_json::object();  // front matter, as read
  std::vector<Highlight> highlights;
  std::optional<TableOfContents> toc;
  std::vector<Fragment> intro;  // text before the first section that is not a highlight
  std::vector<Section> sections;
  Inventory inventory;
};

}  // namespace composer
