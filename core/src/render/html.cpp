// The blog version: a clean semantic fragment of the whole issue. Safe by
// construction: text is escaped, URLs pass an allowlist, and Markdown
// fragments were rendered by cmark in safe mode (raw HTML omitted).
#include <string>

#include "render/render.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::render {
namespace {

using text::escape_html;

class HtmlWriter {
 public:
  explicit HtmlWriter(const Issue& issue) : issue_(issue) {}

  std::string write() {
    out_ += "<article class=\"issue\">\n";
    header();
    opening();
    int index = 0;
    for (const Section& s : issue_.sections) section(s, ++index);
    out_ += "</article>\n";
    return std::move(out_);
  }

 private:
  void line_attr(const Range& range) {
    out_ += " data-line=\"" + std::to_string(range.start.line) + "\"";
  }

  void href(std::string_view url, bool image) {
    // An unsafe URL is dropped, as cmark does in safe mode.
    if (url::is_safe(url, image)) url::escape_href(out_, url);
  }

  void header() {
    out_ += "<header class=\"issue-header\">\n";
    if (!issue_.newsletter.empty() && issue_.newsletter != issue_.title) {
      out_ += "<p class=\"issue-newsletter\">";
      escape_html(out_, issue_.newsletter);
      out_ += "</p>\n";
    }
    if (!issue_.title.empty()) {
      out_ += "<h1 class=\"issue-title\"";
      if (issue_.title_range) line_attr(*issue_.title_range);
      out_ += ">";
      escape_html(out_, issue_.title);
      out_ += "</h1>\n";
    }
    if (issue_.number || !issue_.date.empty()) {
      out_ += "<p class=\"issue-meta\">";
      if (issue_.number) out_ += "<span class=\"issue-number\">#" + std::to_string(*issue_.number) + "</span>";
      if (issue_.number && !issue_.date.empty()) out_ += " · ";
      if (!issue_.date.empty()) {
        out_ += "<time>";
        escape_html(out_, issue_.date);
        out_ += "</time>";
      }
      out_ += "</p>\n";
    }
    out_ += "</header>\n";
  }

  // Intro notes, highlights and the table of contents, in source order.
  void opening() {
    const std::size_t never = static_cast<std::size_t>(-1);
    const std::size_t highlights_at = issue_.highlights.empty() ? never : issue_.highlights.front().content.range.start.offset;
    const std::size_t toc_at = issue_.toc ? issue_.toc->range.start.offset : never;
    bool highlights_done = highlights_at == never, toc_done = toc_at == never;
    const auto flush_before = [&](std::size_t offset) {
      while (true) {
        const bool h = !highlights_done && highlights_at <= offset && (toc_done || highlights_at <= toc_at);
        const bool t = !toc_done && toc_at <= offset && !h;
        if (h) {
          highlights();
          highlights_done = true;
        } else if (t) {
          contents();
          toc_done = true;
        } else {
          return;
        }
      }
    };
    for (const Fragment& f : issue_.intro) {
      flush_before(f.range.start.offset);
      out_ += f.html;
    }
    flush_before(never);
  }

  void highlights() {
    if (issue_.highlights.empty()) return;
    out_ += "<ul class=\"issue-highlights\">\n";
    for (const Highlight& h : issue_.highlights) {
      out_ += "<li";
      line_attr(h.content.range);
      out_ += ">";
      out_ += h.content.html;
      out_ += "</li>\n";
    }
    out_ += "</ul>\n";
  }

  // The table of contents is generated from the sections, so it always
  // matches them, whatever the source's own list says.
  void contents() {
    if (!issue_.toc) return;
    out_ += "<nav class=\"issue-toc\"";
    line_attr(issue_.toc->range);
    out_ += "><ol>\n";
    int index = 0;
    for (const Section& s : issue_.sections) {
      ++index;
      if (!s.number) continue;
      out_ += "<li><a href=\"#section-" + std::to_string(index) + "\">";
      escape_html(out_, s.title);
      out_ += "</a></li>\n";
    }
    out_ += "</ol></nav>\n";
  }

  void section(const Section& s, int index) {
    out_ += "<section class=\"issue-section\" id=\"section-" + std::to_string(index) + "\"";
    line_attr(s.range);
    out_ += ">\n";
    if (s.level > 0) {
      out_ += "<h2 class=\"section-title\">";
      if (s.number) out_ += "<span class=\"section-number\">" + std::to_string(*s.number) + ".</span> ";
      escape_html(out_, s.title);
      out_ += "</h2>\n";
    }
    // Items and notes in source order.
    std::size_t item = 0, note = 0;
    while (item < s.items.size() || note < s.notes.size()) {
      const bool take_item = note >= s.notes.size() ||
                             (item < s.items.size() && s.items[item].range.start.offset <= s.notes[note].range.start.offset);
      if (take_item) {
        write_item(s.items[item++]);
      } else {
        out_ += "<div class=\"section-note\"";
        line_attr(s.notes[note].range);
        out_ += ">\n" + s.notes[note++].html + "</div>\n";
      }
    }
    out_ += "</section>\n";
  }

  void write_item(const Item& item) {
    out_ += item.link_card ? "<article class=\"issue-item link-card\"" : "<article class=\"issue-item\"";
    line_attr(item.range);
    out_ += ">\n<h3 class=\"item-title\">";
    // The web version links to the page itself, without tracking parameters.
    const bool linked = !item.canonical_url.empty() && url::is_safe(item.canonical_url, false);
    if (linked) {
      out_ += "<a href=\"";
      href(item.canonical_url, false);
      out_ += "\">";
    }
    escape_html(out_, item.title.empty() ? item.url : item.title);
    if (linked) out_ += "</a>";
    out_ += "</h3>\n";
    if (!item.source.empty() || !item.paper_id.empty()) {
      out_ += "<p class=\"item-meta\">";
      if (!item.source.empty()) {
        out_ += "<span class=\"item-source\">";
        escape_html(out_, item.source);
        out_ += "</span>";
      }
      if (!item.source.empty() && !item.paper_id.empty()) out_ += " · ";
      if (!item.paper_id.empty()) {
        out_ += "<span class=\"item-paper\">";
        escape_html(out_, item.paper_id);
        out_ += "</span>";
      }
      out_ += "</p>\n";
    }
    if (item.image && url::is_safe(item.image->src, true)) {
      out_ += "<figure class=\"item-image\"><img src=\"";
      href(item.image->src, true);
      out_ += "\" alt=\"";
      escape_html(out_, item.image->alt);
      out_ += "\" loading=\"lazy\">";
      if (!item.image->alt.empty()) {
        out_ += "<figcaption>";
        escape_html(out_, item.image->alt);
        out_ += "</figcaption>";
      }
      out_ += "</figure>\n";
    }
    if (!item.card_teaser.empty()) {
      out_ += "<p class=\"item-teaser\">";
      escape_html(out_, item.card_teaser);
      out_ += "</p>\n";
    }
    if (!item.summary.html.empty()) out_ += "<div class=\"item-summary\">\n" + item.summary.html + "</div>\n";
    out_ += "</article>\n";
  }

  const Issue& issue_;
  std::string out_;
};

}  // namespace

std::string html(const Issue& issue) { return HtmlWriter(issue).write(); }

}  // namespace composer::render
