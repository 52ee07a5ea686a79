#pragma once
// CommonMark (with GFM tables, strikethrough and task lists) written back from
// the safe HTML that cmark renders for a Markdown fragment.
//
// Why from the HTML and not from the source: the HTML is already safe (raw
// HTML omitted, javascript:, vbscript: and data:text URLs dropped), so the
// Markdown written from it is safe too, whatever the source held. And the
// Markdown is faithful: cmark renders it back to the same HTML, which makes
// writing it again a fixed point (markdown(markdown(x)) == markdown(x)).
// Text is escaped where CommonMark would read it as markup, and nowhere else.
#include <string>
#include <string_view>

namespace composer::html {

struct MarkdownOptions {
  // Rewrites a link's href (already decoded) before it is written; nullptr
  // writes it as it is. Image sources are never rewritten.
  std::string (*rewrite_link)(std::string_view href) = nullptr;
  // Headings are written as bold paragraphs: the canonical shape keeps its
  // heading levels for the title, the sections and the items.
  bool headings_as_bold = false;
};

// What a document's last top-level block was, so that a list written next
// uses another marker and CommonMark does not join the two into one list.
struct ListContext {
  char last_marker = 0;  // '-', '*', '+', '.', ')' or 0 when not a list
  // The marker for a new bullet ('-', '*', '+') or ordered ('.', ')') list.
  char bullet() const { return last_marker == '-' ? '*' : '-'; }
  char ordered_delimiter() const { return last_marker == '.' ? ')' : '.'; }
};

// What a fragment's Markdown turned out to hold.
struct Written {
  bool starts_with_paragraph = false;  // its first block is a paragraph, or a heading written as one
  bool list = false;                   // a list (one whose entries all showed nothing is left out)
};

// Blocks separated by blank lines, without a final newline; empty when the
// fragment holds nothing that Markdown can say. `context` is read for the
// first block and updated after the last one; `written`, when given, tells
// what the blocks hold.
std::string to_markdown(std::string_view html, ListContext& context, const MarkdownOptions& options = {},
                        Written* written = nullptr);

// Plain text escaped so that CommonMark reads it back as the same text: in
// the middle of a line, or also at the start of one (`line_start`); with no
// address in it read back as a link (GFM's autolinks), except in a link's
// text (`in_link`), where none can start.
std::string escape_markdown(std::string_view text, bool line_start, bool in_link = false);
// A paragraph of Markdown that opens with "【2108.05887】" reads back as an
// item's paper line: its bracket is written as a reference ("&#x3010;"),
// which the parser reads as text. ("[" is escaped anyway.)
void unmark_paper_line(std::string& paragraph);
// "## text", with text escaped so that no closing '#' sequence is lost.
// With `bare_addresses`, e-mail addresses are written as text (GFM links
// them all the same; the parser reads the canonical shape's so as text).
std::string markdown_heading(int level, std::string_view text, bool bare_addresses = false);
// "<https://…>" or "<someone@example.org>": a link to `href` whose text is
// `text`, when CommonMark reads that form back as it; else empty.
std::string autolink(std::string_view text, std::string_view href);

// A link destination, written so that CommonMark reads back the same URL.
void write_destination(std::string& out, std::string_view url);
// `content` as one list entry: `marker` and a space before its first line,
// its other lines indented to match (empty lines stay empty).
std::string list_entry(std::string_view marker, std::string_view content);

}  // namespace composer::html
