// Canonical Markdown, for platforms that take Markdown (Ghost, dev.to, Hugo,
// GitHub) and for Medium's import:
//
//   ---                              every front-matter key, as read
//   <!-- issue-composer: canonical -->
//   # Title
//   - highlight                      the opening, in source order
//   1. Section title                 (the table of contents, when there is one)
//   ## 1. Section title              "## Title" for unnumbered sections
//   ### [Item title](canonical URL)
//   ![alt](image)
//   [2108.05887] Summary…
//   ***                              before a note that follows an item
//
// A marker line after the front matter (util/canonical.hpp) tells the parser
// that the text has this shape, which it then reads by the shape's grammar:
// the same model comes back, so writing it again gives the same bytes,
// markdown(markdown(x)) == markdown(x). Three choices serve that promise:
// - Headings in notes are written as bold paragraphs: headings are the
//   title, the sections and the items.
// - An issue whose items are all plain links (no image, no paper line of its
//   own) lists them as "- [Title](url) — summary" entries, as such issues are
//   written: as headings, they would swallow the notes that follow them. An
//   entry titled by the sentence around its link ("Someone fixed [#1](url)
//   and [#2](url)") keeps that sentence, with its summary as blocks of its
//   own.
// - Summaries and notes are written from cmark's safe HTML (util/
//   html_markdown), not from the source: no raw HTML and no javascript: URL
//   reaches the output, and every link is canonical.
#include <string>

#include "render/render.hpp"
#include "render/walk.hpp"
#include "util/canonical.hpp"
#include "util/html_markdown.hpp"
#include "util/html_tags.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::render {
namespace {

using html::escape_markdown;

// (An address of which canonicalising leaves nothing, "?", stays as it is.)
std::string canonical_link(std::string_view href) {
  std::string restored = url::restore_placeholders(href);
  std::string address = url::canonical(restored);
  return address.empty() ? restored : address;
}

const html::MarkdownOptions kFragmentOptions{&canonical_link, /*headings_as_bold=*/true};
const html::MarkdownOptions kHeadingOptions{&canonical_link, /*headings_as_bold=*/false};

// "## 2. [This](url) and [that](url)": a heading from a title's inline HTML,
// its links kept. `prefix` ("2.") follows the marks: the title is trimmed
// apart from it, as the parser reads it ("2. <b> [This](url)" is "2. [This](url)").
std::string rich_heading(int level, std::string_view prefix, std::string_view title_html) {
  const std::string tag = "h" + std::to_string(level);
  html::ListContext scratch;
  const std::string heading = html::to_markdown("<" + tag + ">" + std::string(title_html) + "</" + tag + ">", scratch,
                                                kHeadingOptions);
  if (prefix.empty()) return heading;
  if (heading.empty()) return html::markdown_heading(level, prefix);
  const std::size_t marks = std::min(heading.size(), static_cast<std::size_t>(level));
  return heading.substr(0, marks) + " " + std::string(text::trim(prefix)) + heading.substr(marks);
}

// Whether a title's inline HTML holds several links: the parser reads such
// a heading's links into its title (a sentence with one is its link's).
bool several_links(std::string_view title_html) {
  const std::size_t first = title_html.find("<a ");
  return first != std::string_view::npos && title_html.find("<a ", first + 1) != std::string_view::npos;
}

// ------------------------------------------------------------ front matter

// Whether a string can stand unquoted in the front matter, both for this
// project's parser and for the YAML readers of Hugo, Jekyll or Ghost: no
// indicator first, no ": " or " #" inside, nothing a reader would take for a
// number, a boolean or null. Dates stay plain, so Hugo reads them as dates.
// Nor any '<' or '[': a Markdown reader that does not know front matter
// would take them for HTML or a link (they are escaped in quotes, below).
bool is_plain_scalar(const std::string& s) {
  if (s.empty() || s != text::trim(s)) return false;
  if (s.find_first_of("<[") != std::string::npos) return false;
  if (std::string_view("#{}[]&*!|>%@`'\",?:-").find(s.front()) != std::string_view::npos) return false;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos || s.back() == ':') return false;
  if (s.find_first_of("\r\n\t") != std::string::npos) return false;
  static constexpr std::string_view reserved[] = {"~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"};
  const std::string lower = text::to_lower_ascii(s);
  for (const std::string_view word : reserved) {
    if (lower == word) return false;
  }
  // Digits (with a point or an exponent) would come back as a number; a date
  // such as 2024-05-06 is no number.
  const bool numeric = lower.find_first_not_of("0123456789+-.e_") == std::string::npos &&
                       lower.find_first_of("0123456789") != std::string::npos;
  return !numeric || lower.find('-', 1) != std::string::npos;
}

void yaml_scalar(std::string& out, const nlohmann::ordered_json& value) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (is_plain_scalar(s)) {
      out += s;
      return;
    }
    out += '"';
    for (const char c : s) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': break;
        // YAML escapes, plain text to a Markdown reader: no tag, no link.
        case '<': out += "\\u003c"; break;
        case '[': out += "\\u005b"; break;
        default: out += c;
      }
    }
    out += '"';
  } else if (value.is_null()) {
    out += "null";
  } else if (value.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i) out += ", ";
      yaml_scalar(out, value[i]);
    }
    out += ']';
  } else {
    out += value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
}

// The front matter in the flat YAML subset that the parser reads: scalars,
// quoted where a plain one would read back differently, and lists as "- item"
// lines.
void front_matter(std::string& out, const nlohmann::ordered_json& meta) {
  if (!meta.is_object() || meta.empty()) return;
  out += "---\n";
  for (auto it = meta.begin(); it != meta.end(); ++it) {
    out += it.key();
    out += ':';
    if (it.value().is_array() && !it.value().empty()) {
      for (const auto& element : it.value()) {
        out += "\n  - ";
        yaml_scalar(out, element);
      }
    } else {
      out += ' ';
      yaml_scalar(out, it.value());
    }
    out += '\n';
  }
  out += "---\n";
}

// ------------------------------------------------------------ items

// "2108.05887" for arXiv ids, "doi:10.…" otherwise: what a "[…]" line holds.
std::string paper_marker(const std::string& paper_id) {
  return "[" + (text::starts_with(paper_id, "arXiv:") ? paper_id.substr(6) : paper_id) + "]";
}

bool has_linkable_url(const Item& item) { return !item.url.empty() && !url::is_dangerous(item.url); }

// The address a link is written with: the canonical one (no tracking), or
// the link's own when nothing would be left ("?").
std::string written_address(const std::string& url) {
  std::string address = url::canonical(url);
  return address.empty() ? url : address;
}
std::string written_address(const Item& item) { return written_address(item.url); }

// "## [Title](url)", or "## Title" without an address that can be written.
std::string linked_heading(int level, const std::string& title, const std::string& address) {
  if (address.empty() || url::is_dangerous(address)) return html::markdown_heading(level, title);
  std::string linked = std::string(static_cast<std::size_t>(level), '#') + " [" + escape_markdown(title, false, true) + "](";
  html::write_destination(linked, written_address(address));
  return linked + ")";
}

// An untitled item's link text: its address as written (canonical), as
// every output titles it, unless the parser would read that back as another
// title, its decoration trimmed ("-h", "*x_"), its white space collapsed (a
// form feed) or its opening taken for a domain label ("[a.org]"): the link
// then stays empty, as it was.
std::string untitled_link_text(const std::string& address) {
  const bool changed = text::title_text(address) != address || text::starts_with(address, "[") ||
                       text::starts_with(address, "\xE3\x80\x90");
  return changed ? std::string() : address;
}

// An image that can be written: a script one is left out.
bool has_image(const Item& item) { return item.image && !url::is_dangerous(item.image->src); }

// A source label that the item's link does not give ("www.wired.com" for a
// link elsewhere), which a heading item writes as a link of its own.
bool has_own_source(const Item& item) {
  return !item.source.empty() && item.source != url::display_host(item.url) && url::looks_like_domain(item.source);
}

// Whether the summary, written, holds a list: a list whose entries all show
// nothing is left out.
bool summary_writes_list(const std::string& summary) {
  if (summary.find("<ul") == std::string::npos && summary.find("<ol") == std::string::npos) return false;
  html::ListContext context;
  html::Written written;
  html::to_markdown(summary, context, kFragmentOptions, &written);
  return written.list;
}

// Whether the item reads back from a list entry: a link, no image, no source
// but its link's, no paper id but the one its link gives, and no list in its
// summary (the parser reads an entry's nested lists as entries of their own),
// nor an image or a rule (an entry's blocks without text are left out); and a
// title, or an address that titles it. A heading's sentence stays one: an
// entry that opens with its link or bold text is titled by that alone.
bool fits_list_entry(const Item& item) {
  if (!item.title_html.empty() && !item.list_entry) return false;
  const std::string& summary = item.summary.html;
  // (An entry's empty link takes the text after it for its title.)
  const bool titled = !item.title.empty() || !untitled_link_text(written_address(item)).empty();
  return has_linkable_url(item) && titled && !has_image(item) && !has_own_source(item) &&
         (item.paper_id.empty() || item.paper_id == url::paper_id_from_url(item.url)) &&
         summary.find("<img") == std::string::npos && summary.find("<hr") == std::string::npos &&
         !summary_writes_list(summary);
}

// Only when every item is under a section heading: the parser reads a list
// of links before any section as the opening (notes or highlights), so items
// before any heading (the untitled section) stay headings, which it reads as
// items there.
bool list_form(const Issue& issue) {
  bool any = false;
  for (const Section& s : issue.sections) {
    for (const Item& item : s.items) {
      if (!fits_list_entry(item) || s.level == 0) return false;
      any = true;
    }
  }
  return any;
}

// The parser drops these from the start of what follows an entry's link.
bool starts_with_separator(std::string_view text) {
  if (text.empty()) return false;
  std::size_t pos = 0;
  const char32_t cp = text::decode_utf8(text, pos);
  return text::is_unicode_space(cp) || text::is_separator_char(cp) || cp == '.' || cp == ',' || cp == ';' ||
         cp == ':' || cp == '!' || cp == 0x3002 || cp == 0xFF0C || cp == 0xFF1A;
}

class MarkdownWriter {
 public:
  explicit MarkdownWriter(const Issue& issue) : issue_(issue), list_form_(list_form(issue)) {}

  std::string write() {
    out_.reserve(output_estimate(issue_, 8192, 64, 1024));
    front_matter(out_, issue_.meta);
    const std::size_t marker_at = out_.size();
    block(std::string(kCanonicalMarker));
    const std::size_t marked = out_.size();
    // "# [Weekly 12](url)", which the canonical shape reads as its title.
    if (!issue_.title.empty()) block(linked_heading(1, issue_.title, issue_.title_url));
    const std::size_t body = out_.size();
    // The parser takes the first list before any section heading (in the
    // opening's notes or the untitled section's) for the highlights: a
    // thematic break first says that there are none (see fragment()).
    if (issue_.highlights.empty()) no_highlights_at_ = body;
    walk_opening(
        issue_, [&](const Fragment& f) { fragment(f.html); }, [&] { highlights(); }, [&] { contents(); });
    for (const Section& s : issue_.sections) {
      if (s.level > 0) no_highlights_at_ = std::string::npos;
      section(s);
    }
    // The parser takes a heading that opens the issue for its title: in an
    // issue without one, a thematic break first keeps a section's or an
    // item's heading what it was.
    const std::size_t first = out_.find_first_not_of('\n', body);
    if (issue_.title.empty() && first != std::string::npos && out_[first] == '#') out_.insert(first, "***\n\n");
    // Nothing to read by the shape: the front matter, if any, reads alike.
    if (out_.find_first_not_of('\n', marked) == std::string::npos) out_.resize(marker_at);
    if (!out_.empty() && out_.back() != '\n') out_ += '\n';
    return std::move(out_);
  }

 private:
  // Appends a block after a blank line; `marker` says which list it is, so
  // the next list takes another marker and CommonMark keeps the two apart.
  void block(const std::string& text, char marker = 0) {
    if (text.empty()) return;
    separate();
    out_ += text;
    list_.last_marker = marker;
  }

  void separate() {
    if (out_.empty()) return;
    if (out_.back() != '\n') out_ += '\n';
    out_ += '\n';
  }

  void fragment(const std::string& html) {
    const std::string markdown = html::to_markdown(html, list_, kFragmentOptions);
    const bool list = text::starts_with(html, "<ul") || text::starts_with(html, "<ol");
    if (list && !markdown.empty() && no_highlights_at_ != std::string::npos) {
      out_.insert(no_highlights_at_, "\n\n***");
      no_highlights_at_ = std::string::npos;
    }
    append(markdown);
  }

  void append(const std::string& markdown) {
    if (markdown.empty()) return;
    separate();
    out_ += markdown;
  }

  void highlights() {
    const char marker = list_.bullet();
    std::string list;
    for (const Highlight& h : issue_.highlights) {
      html::ListContext inner;
      const std::string content = html::to_markdown(h.content.html, inner, kFragmentOptions);
      if (!list.empty()) list += '\n';
      list += html::list_entry(std::string(1, marker), content);
    }
    block(list, marker);
  }

  // Written from the sections, like the html output's, so it always matches
  // them; it reads back as a table of contents only with two entries or more.
  void contents() {
    std::vector<const Section*> entries;
    for (const Section& s : issue_.sections) {
      if (s.number) entries.push_back(&s);
    }
    if (entries.size() < 2) return;
    const char delimiter = list_.ordered_delimiter();
    std::string list;
    int index = 0;
    for (const Section* s : entries) {
      if (!list.empty()) list += '\n';
      // (An entry opens a line of its own: "> …" would be a quote.)
      list += std::to_string(++index) + delimiter + " " + escape_markdown(s->title, true);
    }
    block(list, delimiter);
  }

  void section(const Section& s) {
    if (s.level > 0) {
      const std::string heading = s.number ? std::to_string(*s.number) + ". " + s.title : s.title;
      if (!s.title_html.empty()) {
        block(rich_heading(2, s.number ? std::to_string(*s.number) + ". " : std::string(), s.title_html));
      } else {
        // "## [2. News](url)": the number inside the link, where the parser
        // reads it from the heading's text.
        block(linked_heading(2, heading, s.title.empty() ? std::string() : s.url));
      }
    }
    if (list_form_) {
      std::vector<const Item*> run;
      walk_section(
          s, [&](const Item& item) { run.push_back(&item); },
          [&](const Fragment& note) {
            // A note that Markdown cannot say (raw HTML) does not split the list.
            html::ListContext scratch;
            if (html::to_markdown(note.html, scratch, kFragmentOptions).empty()) return;
            entries(run);
            fragment(note.html);
          });
      entries(run);
      return;
    }
    // Under a heading, an item takes every block that follows it up to a
    // thematic break: a note after an item follows one.
    bool after_item = false;
    walk_section(
        s,
        [&](const Item& item) {
          heading_item(item);
          after_item = true;
        },
        [&](const Fragment& note) {
          html::ListContext scratch;
          if (after_item && !html::to_markdown(note.html, scratch, kFragmentOptions).empty()) {
            block("***");
            after_item = false;
          }
          fragment(note.html);
        });
  }

  // A run of items as one list: "- [Title](url) — summary".
  void entries(std::vector<const Item*>& run) {
    if (run.empty()) return;
    const char marker = list_.bullet();
    std::string list;
    bool loose = false;
    std::vector<std::string> written;
    for (const Item* item : run) {
      // An entry whose title is the sentence around its link keeps that
      // sentence as written, its other links and code included.
      html::ListContext sentence;
      const bool titled_by_sentence = !item->title_html.empty();
      std::string entry = titled_by_sentence ? html::to_markdown(item->title_html, sentence, kFragmentOptions) : "";
      if (entry.empty()) entry = entry_link(*item);
      else keep_own_address(entry, *item);
      std::vector<std::string> blocks;
      if (!item->card_teaser.empty()) {
        std::string teaser = escape_markdown(item->card_teaser, true);
        html::unmark_paper_line(teaser);
        blocks.push_back(std::move(teaser));
      }
      html::ListContext inner;
      html::Written written_summary;
      const std::string summary = html::to_markdown(item->summary.html, inner, kFragmentOptions, &written_summary);
      if (!summary.empty()) blocks.push_back(summary);
      const std::string_view lead = item->card_teaser.empty() ? std::string_view(item->summary.text) : item->card_teaser;
      // (What the parser reads after the dash is the written text, where a
      // control character the model's text left out may come first.)
      std::string_view first_written = blocks.empty() ? std::string_view() : std::string_view(blocks[0]);
      if (first_written.size() > 1 && first_written[0] == '\\') first_written.remove_prefix(1);
      // A lone paragraph joins its title after a dash; anything else follows
      // as the entry's own blocks.
      if (!titled_by_sentence && blocks.size() == 1 && (item->card_teaser.empty() ? written_summary.starts_with_paragraph : true) &&
          blocks[0].find("\n\n") == std::string::npos && !starts_with_separator(lead) && !starts_with_separator(first_written)) {
        entry += " — " + blocks[0];
      } else {
        for (const std::string& b : blocks) {
          entry += "\n\n" + b;
          loose = true;
        }
      }
      written.push_back(html::list_entry(std::string(1, marker), entry));
    }
    for (const std::string& entry : written) {
      if (!list.empty()) list += loose ? "\n\n" : "\n";
      list += entry;
    }
    run.clear();
    block(list, marker);
  }

  // "### [Title](url)", or "### Title" for an item whose address cannot be
  // written (a script one).
  void heading_item(const Item& item) {
    std::string heading = "### ";
    if (several_links(item.title_html)) {
      // A sentence with several links is written as it is.
      heading = rich_heading(3, "", item.title_html);
      keep_own_address(heading, item);
    } else if (has_linkable_url(item)) {
      heading += title_link(item);
      // A source label the link does not give ("www.wired.com") follows as a
      // link of its own, which the parser reads as the item's source.
      if (has_own_source(item)) {
        heading += " — [" + escape_markdown(item.source, false, true) + "](";
        html::write_destination(heading, written_address(item));
        heading += ')';
      }
    } else {
      // (An untitled one is titled with its address, as the parser reads it.
      // An e-mail address in the title is written bare: as a link it would
      // be the item's.)
      heading = html::markdown_heading(3, item.title.empty() ? text::title_text(item.url) : item.title, true);
    }
    block(heading);
    if (has_image(item)) {
      std::string image = "![" + escape_markdown(item.image->alt, false, true) + "](";
      html::write_destination(image, item.image->src);
      block(image + ")");
    }
    // (The heading's block left the list context as the teaser's would.)
    html::ListContext inner = list_;
    html::Written written_summary;
    std::string summary = html::to_markdown(item.summary.html, inner, kFragmentOptions, &written_summary);
    std::string teaser = escape_markdown(item.card_teaser, true);
    html::unmark_paper_line(teaser);
    if (!item.paper_id.empty()) {
      // The paper line opens the summary, which a teaser, read back, opens.
      const std::string marker = paper_marker(item.paper_id);
      if (!teaser.empty()) teaser = marker + " " + teaser;
      else if (written_summary.starts_with_paragraph) summary = marker + " " + summary;
      else teaser = marker;
    }
    block(teaser);
    if (!summary.empty()) {
      separate();
      out_ += summary;
      list_ = inner;
    }
  }

  // A sentence is written from its HTML, whose addresses are percent-encoded
  // ("…/wiki/%E6%9C%BA…" for "…/wiki/机器学习"): the entry's own link gets
  // its address back as the item has it, so that it reads back the same.
  static void keep_own_address(std::string& entry, const Item& item) {
    const std::string address = written_address(item);
    std::string escaped;
    url::escape_href(escaped, address);
    escaped = html::decode(escaped);
    if (escaped == address) return;
    std::string written = "](";
    html::write_destination(written, escaped);
    // Followed by the link's end, or by its title.
    std::size_t at = 0;
    while ((at = entry.find(written, at)) != std::string::npos) {
      const std::size_t after = at + written.size();
      if (after < entry.size() && (entry[after] == ')' || entry[after] == ' ')) break;
      at = after;
    }
    if (at == std::string::npos) return;
    std::string own = "](";
    html::write_destination(own, address);
    entry.replace(at, written.size(), own);
  }

  static std::string title_link(const Item& item) {
    std::string link = "[" + escape_markdown(item.title.empty() ? untitled_link_text(written_address(item)) : item.title, false, true) + "](";
    html::write_destination(link, written_address(item));
    return link + ")";
  }

  // A list entry's link as the entry's own Markdown would write it on the
  // next round: an autolink when its text is its address, so the output
  // renders to itself.
  static std::string entry_link(const Item& item) {
    const std::string address = written_address(item);
    const std::string own = html::autolink(item.title.empty() ? address : item.title, address);
    return own.empty() ? title_link(item) : own;
  }

  const Issue& issue_;
  const bool list_form_;
  std::string out_;
  // Where a thematic break goes once a list that is no highlight is written
  // before any section heading; npos when none may.
  std::size_t no_highlights_at_ = std::string::npos;
  html::ListContext list_;
};

}  // namespace

std::string markdown(const Issue& issue, const Options&) { return MarkdownWriter(issue).write(); }

}  // namespace composer::render
