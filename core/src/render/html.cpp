// The blog version: a clean semantic fragment of the whole issue, or with
// Options::standalone a whole page around it. Safe by construction: text is
// escaped, URLs pass an allowlist, and Markdown fragments were rendered by
// cmark in safe mode (raw HTML omitted). Links are canonical: the web version
// carries no tracking parameters.
#include <string>

#include "render/render.hpp"
#include "render/settings.hpp"
#include "render/walk.hpp"
#include "util/html_tags.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::render {
namespace {

using text::escape_html;

// Copies cmark's fragment HTML with every link made canonical.
void append_canonical_links(std::string& out, std::string_view fragment) {
  if (fragment.find("<a ") == std::string_view::npos) {
    out += fragment;
    return;
  }
  html::Reader reader(fragment);
  html::Token token;
  while (reader.next(token)) {
    const std::string_view* href = token.kind == html::Token::start_tag && token.is("a") ? token.attribute("href") : nullptr;
    if (!href) {
      out += token.raw;
      continue;
    }
    out += "<a href=\"";
    url::escape_href(out, url::canonical(url::restore_placeholders(html::decode(*href))));
    out += '"';
    if (const std::string_view* title = token.attribute("title")) {
      out += " title=\"";
      out += *title;
      out += '"';
    }
    out += '>';
  }
}

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
    out_ += " data-line=\"";
    text::append_number(out_, range.start.line);
    out_ += '"';
  }

  void href(std::string_view url, bool image) {
    // An unsafe URL is dropped, as cmark does in safe mode.
    if (url::is_safe(url, image)) url::escape_href(out_, url);
  }

  // A heading's title, linked to `url` (canonical) unless that is empty or
  // unsafe: an item's, and a section's whose heading links a page.
  void linked_title(const std::string& url, std::string_view title) {
    const bool linked = !url.empty() && url::is_safe(url, false);
    if (linked) {
      out_ += "<a href=\"";
      url::escape_href(out_, url);
      out_ += "\">";
    }
    escape_html(out_, title);
    if (linked) out_ += "</a>";
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
      linked_title(issue_.title_url.empty() ? std::string() : url::canonical(issue_.title_url), issue_.title);
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
    walk_opening(
        issue_, [&](const Fragment& f) { append_canonical_links(out_, f.html); }, [&] { highlights(); },
        [&] { contents(); });
  }

  void highlights() {
    out_ += "<ul class=\"issue-highlights\">\n";
    for (const Highlight& h : issue_.highlights) {
      out_ += "<li";
      line_attr(h.content.range);
      out_ += ">";
      append_canonical_links(out_, h.content.html);
      out_ += "</li>\n";
    }
    out_ += "</ul>\n";
  }

  // The table of contents is generated from the sections, so it always
  // matches them, whatever the source's own list says.
  void contents() {
    out_ += "<nav class=\"issue-toc\"";
    line_attr(issue_.toc->range);
    out_ += "><ol>\n";
    int index = 0;
    for (const Section& s : issue_.sections) {
      ++index;
      if (!s.number) continue;
      out_ += "<li><a href=\"#section-";
      text::append_number(out_, index);
      out_ += "\">";
      escape_html(out_, s.title);
      out_ += "</a></li>\n";
    }
    out_ += "</ol></nav>\n";
  }

  void section(const Section& s, int index) {
    out_ += "<section class=\"issue-section\" id=\"section-";
    text::append_number(out_, index);
    out_ += '"';
    line_attr(s.range);
    out_ += ">\n";
    if (s.level > 0) {
      // (A title with links of its own shows them as links.)
      out_ += s.title_html.empty() ? "<h2 class=\"section-title\">" : "<h2 class=\"section-title has-links\">";
      if (s.number) {
        out_ += "<span class=\"section-number\">";
        text::append_number(out_, *s.number);
        out_ += ".</span> ";
      }
      // A linked heading links its title, to the page itself as an item does;
      // one with several links keeps them.
      if (!s.title_html.empty()) append_canonical_links(out_, s.title_html);
      else linked_title(s.url.empty() || s.title.empty() ? std::string() : url::canonical(s.url), s.title);
      out_ += "</h2>\n";
    }
    walk_section(
        s, [&](const Item& item) { write_item(item); },
        [&](const Fragment& note) {
          out_ += "<div class=\"section-note\"";
          line_attr(note.range);
          out_ += ">\n";
          append_canonical_links(out_, note.html);
          out_ += "</div>\n";
        });
    out_ += "</section>\n";
  }

  void write_item(const Item& item) {
    out_ += item.link_card ? "<article class=\"issue-item link-card\"" : "<article class=\"issue-item\"";
    line_attr(item.range);
    out_ += item.title_html.empty() ? ">\n<h3 class=\"item-title\">" : ">\n<h3 class=\"item-title has-links\">";
    // The web version links to the page itself, without tracking parameters;
    // a title that is a sentence keeps its own links.
    if (!item.title_html.empty()) append_canonical_links(out_, item.title_html);
    else linked_title(item.canonical_url, item.title.empty() ? item.url : item.title);
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
    if (!item.summary.html.empty()) {
      out_ += "<div class=\"item-summary\">\n";
      append_canonical_links(out_, item.summary.html);
      out_ += "</div>\n";
    }
    out_ += "</article>\n";
  }

  const Issue& issue_;
  std::string out_;
};

// The default look of the standalone page: readable type, a measure of about
// 70 characters, the accent for links, and a dark scheme of its own.
constexpr std::string_view kPageStyle =
    "*,*::before,*::after{box-sizing:border-box}"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}"
    "body{margin:0;background:#f6f7f9;color:#1f2328;font:17px/1.65 -apple-system,BlinkMacSystemFont,'Segoe UI',"
    "Roboto,'Helvetica Neue',Arial,'PingFang SC','Hiragino Sans','Microsoft YaHei',sans-serif}"
    "a{color:var(--accent)}a:hover{text-decoration-thickness:2px}"
    ".site-header,.site-footer{padding:20px 24px}.site-inner{max-width:720px;margin:0 auto}"
    ".site-header{border-top:4px solid var(--accent)}"
    ".site-name{font-weight:700;letter-spacing:.02em;color:var(--accent)}.site-logo{display:block;max-height:48px;width:auto}"
    ".site-main{max-width:720px;margin:0 auto;padding:32px 24px;background:#fff;border-radius:8px}"
    ".site-footer{color:#5b6470;font-size:14px;text-align:center}.site-footer p{margin:.4em 0}"
    ".issue-header{margin-bottom:28px}.issue-newsletter{margin:0;color:var(--accent);font-weight:600}"
    ".issue-title{margin:.15em 0 .2em;font-size:2em;line-height:1.2}.issue-meta{margin:0;color:#5b6470}"
    ".issue-highlights{margin:0 0 28px;padding:16px 20px 16px 40px;background:#f6f8fa;border-radius:6px}"
    ".issue-highlights li{margin:.3em 0}.issue-toc ol{margin:0 0 28px}"
    ".issue-section{margin-top:40px}.section-title{margin:0 0 16px;padding-top:16px;border-top:1px solid #e3e6ea;"
    "font-size:1.45em;line-height:1.3}.section-number{color:var(--accent)}"
    ".issue-item{margin:0 0 32px}.item-title{margin:0 0 4px;font-size:1.2em;line-height:1.35}"
    ".item-title a,.section-title a{color:inherit;text-decoration:none}.item-title a:hover,.section-title a:hover{color:var(--accent)}"
    ".has-links a{color:var(--accent);text-decoration:underline}"
    ".item-meta{margin:0 0 12px;color:#5b6470;font-size:.85em}"
    ".item-image{margin:0 0 12px}.item-image img{display:block;max-width:100%;height:auto;border-radius:4px}"
    ".item-image figcaption{margin-top:6px;color:#5b6470;font-size:.85em}"
    ".link-card{padding:16px;border:1px solid #e3e6ea;border-radius:6px;background:#f6f8fa}"
    ".item-teaser{margin:0 0 12px;color:#5b6470}"
    "img{max-width:100%;height:auto}"
    "pre{overflow-x:auto;padding:12px 14px;background:#f3f4f6;border-radius:4px;font-size:.85em}"
    "code{font-family:SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}"
    "blockquote{margin:0 0 1em;padding-left:14px;border-left:3px solid #d0d5db;color:#5b6470}"
    "table{border-collapse:collapse;margin:0 0 1em}th,td{border:1px solid #e3e6ea;padding:6px 8px}"
    "@media (max-width:600px){.site-main{padding:24px 16px;border-radius:0}.issue-title{font-size:1.6em}}"
    "@media (prefers-color-scheme:dark){body{background:#0b0c0e;color:#e6e8eb}a{color:var(--accent-dark)}"
    ".site-main{background:#121417}.site-name,.issue-newsletter,.section-number{color:var(--accent-dark)}"
    ".site-header{border-top-color:var(--accent-dark)}"
    ".issue-meta,.item-meta,.item-teaser,.site-footer,.item-image figcaption,blockquote{color:#a3abb5}"
    ".issue-highlights,.link-card{background:#1b1e22}.link-card,.section-title,th,td{border-color:#2c3036}"
    "pre{background:#1d2025}}";

// The fragment inside a whole page: head, stylesheet, the brand above it and
// the footer below.
std::string standalone_page(const Issue& issue, const Options& options, const std::string& fragment) {
  const Settings settings = read_settings(issue, options);
  const Labels& words = labels(settings.lang);
  std::string out;
  out.reserve(fragment.size() + 6000);
  out += "<!DOCTYPE html>\n<html lang=\"";
  escape_html(out, settings.lang);
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  escape_html(out, issue.title.empty() ? settings.brand_name : issue.title);
  out += "</title>\n";
  if (!settings.preheader.empty()) {
    out += "<meta name=\"description\" content=\"";
    escape_html(out, settings.preheader);
    out += "\">\n";
  }
  const std::string web_scheme = url::scheme(settings.web_url);
  if (web_scheme == "http" || web_scheme == "https") {
    out += "<link rel=\"canonical\" href=\"";
    url::escape_href(out, url::canonical(settings.web_url));
    out += "\">\n";
  }
  out += "<style>:root{color-scheme:light dark;--accent:" + settings.colours.accent +
         ";--accent-dark:" + settings.colours.accent_dark + "}";
  out += kPageStyle;
  out += "</style>\n</head>\n<body>\n<header class=\"site-header\"><div class=\"site-inner\">";
  if (!settings.logo_url.empty()) {
    out += "<img class=\"site-logo\" src=\"";
    url::escape_href(out, settings.logo_url);
    out += "\" alt=\"";
    escape_html(out, settings.brand_name);
    out += "\">";
  } else if (!settings.brand_name.empty()) {
    out += "<span class=\"site-name\">";
    escape_html(out, settings.brand_name);
    out += "</span>";
  }
  out += "</div></header>\n<main class=\"site-main\">\n";
  out += fragment;
  out += "</main>\n<footer class=\"site-footer\"><div class=\"site-inner\">\n";
  if (!settings.footer_text.empty()) {
    out += "<p>";
    escape_html(out, settings.footer_text);
    out += "</p>\n";
  }
  const std::string subscribe_scheme = url::scheme(settings.subscribe_url);
  if (subscribe_scheme == "http" || subscribe_scheme == "https" || url::is_placeholder(settings.subscribe_url)) {
    out += "<p><a href=\"";
    url::escape_href(out, url::canonical(settings.subscribe_url));
    out += "\">";
    escape_html(out, words.subscribe);
    out += "</a></p>\n";
  }
  out += "</div></footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace

std::string html(const Issue& issue, const Options& options) {
  std::string fragment = HtmlWriter(issue).write();
  return options.standalone ? standalone_page(issue, options, fragment) : fragment;
}

}  // namespace composer::render
