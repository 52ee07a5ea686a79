// The email: a complete HTML document that survives Gmail, Apple Mail and
// Outlook. What email clients need, and why:
// - layout in tables, 600 px wide and fluid below that (Outlook's Word engine
//   knows no max-width, so a conditional "ghost" table holds it at 600 px);
// - every style inline on its element (Gmail drops classes in some views), a
//   small <style> only for the phone layout and dark mode;
// - no script, no external CSS, no position, flex or grid;
// - images with alt, a width attribute (Outlook) and max-width:100%;
// - every link absolute and tagged with the campaign (render/settings.hpp);
// - colours chosen to stay readable when a client darkens the message.
// Safe by construction, as the html output: text is escaped, URLs pass
// outbound_url(), and Markdown fragments come from cmark's safe HTML, whose
// tags are rebuilt here rather than copied.
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

constexpr int kWidth = 600;
constexpr int kPadding = 32;
constexpr int kContentWidth = kWidth - 2 * kPadding;
constexpr int kBoxPadding = 16;

// The palette: light values inline, dark ones in the <style> (see dark_css).
constexpr std::string_view kPageBackground = "#f3f4f6";
constexpr std::string_view kCardBackground = "#ffffff";
constexpr std::string_view kBoxBackground = "#f6f8fa";
constexpr std::string_view kText = "#1f2328";
constexpr std::string_view kHeading = "#111418";
constexpr std::string_view kMuted = "#5b6470";
constexpr std::string_view kBorder = "#e3e6ea";
constexpr std::string_view kCodeBackground = "#f0f2f4";

constexpr std::string_view kFont =
    "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC',"
    "'Hiragino Sans','Microsoft YaHei',sans-serif;";
constexpr std::string_view kMonospace = "font-family:SFMono-Regular,Menlo,Consolas,'Courier New',monospace;";

// What a preheader is padded with, so that the client's preview shows the
// preheader alone rather than the start of the body after it.
constexpr std::string_view kPreheaderFiller = "&#847;&zwnj;&nbsp;";
constexpr int kPreheaderFillerCount = 60;

std::string dark_css(const Colours& colours) {
  const std::string dark_background(kDarkBackground);
  return "@media (prefers-color-scheme:dark){"
         ".em-body{background-color:#0b0c0e!important}"
         ".em-card{background-color:" + dark_background + "!important}"
         ".em-box{background-color:#1b1e22!important;border-color:#2c3036!important}"
         ".em-card h1,.em-card h2,.em-card h3,.em-card h4,.em-card h5,.em-card h6,.em-card h2 a,.em-card h3 a{color:#f2f3f5!important}"
         ".em-card p,.em-card li,.em-card td,.em-card th,.em-card blockquote,.em-card pre{color:#e6e8eb!important}"
         ".em-card a,.em-card .em-accent{color:" + colours.accent_dark + "!important}"
         ".em-card .em-muted,.em-body .em-muted,.em-card .em-muted a,.em-body .em-muted a{color:#a3abb5!important}"
         ".em-card code,.em-card pre{background-color:#1d2025!important}"
         ".em-card .em-rule,.em-card th,.em-card td.em-cell{border-color:#2c3036!important}}"
         // Outlook.com marks the elements it darkens with data-ogsc/data-ogsb.
         "[data-ogsc] .em-card a{color:" + colours.accent_dark + "!important}";
}

constexpr std::string_view kPhoneCss =
    "@media only screen and (max-width:620px){"
    ".em-outer{padding:0!important}"
    ".em-container{width:100%!important;max-width:100%!important}"
    ".em-pad{padding-left:16px!important;padding-right:16px!important}"
    ".em-title{font-size:24px!important;line-height:1.25!important}}";

class EmailWriter {
 public:
  EmailWriter(const Issue& issue, const Options& options)
      : issue_(issue), settings_(read_settings(issue, options)), words_(labels(settings_.lang)) {}

  std::string write() {
    out_.reserve(output_estimate(issue_, 24 * 1024, 512, 2048));
    head();
    out_ += "<body class=\"em-body\" style=\"margin:0;padding:0;width:100%;background-color:";
    out_ += kPageBackground;
    out_ += ";-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%;\">\n";
    preheader();
    out_ += "<table role=\"presentation\" class=\"em-body\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
            "style=\"width:100%;border-collapse:collapse;background-color:";
    out_ += kPageBackground;
    out_ += ";\">\n<tr><td class=\"em-outer\" align=\"center\" style=\"padding:16px 8px 24px;\">\n";
    web_version();
    out_ += "<!--[if mso]><table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
            "align=\"center\"><tr><td><![endif]-->\n";
    out_ += "<table role=\"presentation\" class=\"em-container em-card\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" "
            "border=\"0\" align=\"center\" style=\"width:100%;max-width:600px;margin:0 auto;border-collapse:collapse;"
            "background-color:";
    out_ += kCardBackground;
    out_ += ";border-top:4px solid " + settings_.colours.accent + ";\">\n";
    header();
    walk_opening(
        issue_, [&](const Fragment& f) { note_row(f); }, [&] { highlights(); }, [&] { contents(); });
    for (const Section& s : issue_.sections) section(s);
    footer();
    out_ += "</table>\n<!--[if mso]></td></tr></table><![endif]-->\n</td></tr>\n</table>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  // ------------------------------------------------------------ document

  void head() {
    out_ += "<!DOCTYPE html>\n<html lang=\"";
    escape_html(out_, settings_.lang);
    out_ += "\" xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:v=\"urn:schemas-microsoft-com:vml\" "
            "xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n"
            "<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">\n"
            "<meta name=\"x-apple-disable-message-reformatting\">\n"
            "<meta name=\"format-detection\" content=\"telephone=no, date=no, address=no, email=no, url=no\">\n"
            "<meta name=\"color-scheme\" content=\"light dark\">\n"
            "<meta name=\"supported-color-schemes\" content=\"light dark\">\n<title>";
    escape_html(out_, issue_.title.empty() ? settings_.brand_name : issue_.title);
    out_ += "</title>\n"
            // Outlook on Windows: images at their real size on high-DPI screens,
            // and a font it has, since it ignores the fallbacks of a stack.
            "<!--[if mso]>\n<noscript><xml><o:OfficeDocumentSettings><o:AllowPNG/>"
            "<o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript>\n"
            "<style>table,td,th,div,p,a,li,h1,h2,h3,h4,h5,h6,blockquote{font-family:Arial,Helvetica,sans-serif!important;}"
            "</style>\n<![endif]-->\n<style>\n:root{color-scheme:light dark;supported-color-schemes:light dark;}\n";
    out_ += kPhoneCss;
    out_ += '\n';
    out_ += dark_css(settings_.colours);
    out_ += "\n</style>\n</head>\n";
  }

  void preheader() {
    if (settings_.preheader.empty()) return;
    out_ += "<div class=\"em-preheader\" style=\"display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;"
            "opacity:0;overflow:hidden;mso-hide:all;color:";
    out_ += kPageBackground;
    out_ += ";\">";
    escape_html(out_, settings_.preheader);
    for (int i = 0; i < kPreheaderFillerCount; ++i) out_ += kPreheaderFiller;
    out_ += "</div>\n";
  }

  void web_version() {
    const std::string href = outbound_url(settings_.web_url, settings_);
    if (href.empty()) return;
    out_ += "<p class=\"em-muted\" style=\"margin:0 auto 12px;max-width:600px;";
    out_ += kFont;
    out_ += "font-size:12px;line-height:1.5;text-align:right;color:";
    out_ += kMuted;
    out_ += ";\">";
    link_open(href, muted_link_);
    escape_html(out_, words_.view_in_browser);
    out_ += "</a></p>\n";
  }

  void header() {
    row_open(kPadding, 8);
    if (!settings_.logo_url.empty()) {
      out_ += "<img src=\"";
      url::escape_href(out_, settings_.logo_url);
      out_ += "\" alt=\"";
      escape_html(out_, settings_.brand_name);
      out_ += "\" width=\"160\" style=\"display:block;width:160px;max-width:100%;height:auto;border:0;margin:0 0 20px;\">\n";
    } else if (!settings_.brand_name.empty() && settings_.brand_name != issue_.title) {
      out_ += "<p class=\"em-accent\" style=\"margin:0 0 8px;font-size:13px;line-height:1.4;font-weight:bold;"
              "letter-spacing:0.04em;text-transform:uppercase;color:" + settings_.colours.accent + ";\">";
      escape_html(out_, settings_.brand_name);
      out_ += "</p>\n";
    }
    if (!issue_.title.empty()) {
      out_ += "<h1 class=\"em-title\" style=\"margin:0 0 8px;font-size:28px;line-height:1.25;font-weight:bold;color:";
      out_ += kHeading;
      out_ += ";\">";
      linked_title(outbound_url(issue_.title_url, settings_), issue_.title);
      out_ += "</h1>\n";
    }
    if (issue_.number || !issue_.date.empty()) {
      muted_open("margin:0 0 16px;font-size:14px;line-height:1.5;");
      if (issue_.number) out_ += "#" + std::to_string(*issue_.number);
      if (issue_.number && !issue_.date.empty()) out_ += " · ";
      escape_html(out_, issue_.date);
      out_ += "</p>\n";
    }
    row_close();
  }

  void highlights() {
    box_open(words_.in_this_issue);
    bullet_rows_open();
    for (const Highlight& h : issue_.highlights) {
      bullet_row_open("&#8226;");
      fragment(h.content.html, kContentWidth - 2 * kBoxPadding - 20, true);
      bullet_row_close();
    }
    out_ += "</table>\n";
    box_close();
  }

  // The table of contents, without links: an email has no address for its
  // own sections (Gmail drops anchors), so it is a list of what follows.
  void contents() {
    box_open(words_.contents);
    bullet_rows_open();
    int index = 0;
    for (const Section& s : issue_.sections) {
      if (!s.number) continue;
      bullet_row_open(std::to_string(++index) + ".");
      escape_html(out_, s.title);
      bullet_row_close();
    }
    out_ += "</table>\n";
    box_close();
  }

  void section(const Section& s) {
    if (s.level > 0) {
      row_open(24, 4);
      out_ += "<h2 class=\"em-rule\" style=\"margin:0;padding:20px 0 0;border-top:1px solid ";
      out_ += kBorder;
      out_ += ";font-size:21px;line-height:1.3;font-weight:bold;color:";
      out_ += kHeading;
      out_ += ";\">";
      if (s.number) {
        out_ += "<span class=\"em-accent\" style=\"color:";
        out_ += settings_.colours.accent;
        out_ += ";\">";
        text::append_number(out_, *s.number);
        out_ += ".</span> ";
      }
      const std::string href = s.title.empty() ? std::string() : outbound_url(s.url, settings_);
      if (!s.title_html.empty()) fragment(s.title_html, kContentWidth, true);
      else linked_title(href, s.title);
      out_ += "</h2>\n";
      row_close();
    }
    walk_section(
        s, [&](const Item& item) { write_item(item); }, [&](const Fragment& note) { note_row(note); });
  }

  void write_item(const Item& item) {
    const std::string href = outbound_url(item.url, settings_);
    const bool boxed = item.link_card || !item.card_teaser.empty();
    row_open(16, 8);
    int width = kContentWidth;
    if (boxed) {
      // A link card, as a bordered table: no flex or grid in email.
      out_ += "<table role=\"presentation\" class=\"em-box\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
              "style=\"width:100%;border-collapse:separate;border:1px solid ";
      out_ += kBorder;
      out_ += ";border-radius:6px;background-color:";
      out_ += kBoxBackground;
      out_ += ";\">\n<tr><td style=\"padding:16px;";
      out_ += kFont;
      out_ += "\">\n";
      width -= 2 * kBoxPadding + 2;
    }
    out_ += "<h3 style=\"margin:0 0 4px;font-size:18px;line-height:1.35;font-weight:bold;color:";
    out_ += kHeading;
    out_ += ";\">";
    // A sentence that titles the item keeps its own links.
    if (!item.title_html.empty()) fragment(item.title_html, width, true);
    else linked_title(href, item.title.empty() ? (href.empty() ? item.url : href) : item.title);
    out_ += "</h3>\n";
    if (!item.source.empty() || !item.paper_id.empty()) {
      muted_open("margin:0 0 12px;font-size:13px;line-height:1.4;");
      escape_html(out_, item.source);
      if (!item.source.empty() && !item.paper_id.empty()) out_ += " · ";
      escape_html(out_, item.paper_id);
      out_ += "</p>\n";
    }
    if (item.image) item_image(*item.image, href, width);
    if (!item.card_teaser.empty()) {
      muted_open("margin:0 0 12px;font-size:15px;line-height:1.55;");
      escape_html(out_, item.card_teaser);
      out_ += "</p>\n";
    }
    if (boxed) out_ += "</td></tr>\n</table>\n";
    if (!item.summary.html.empty()) {
      if (boxed) out_ += "<div style=\"height:12px;line-height:12px;font-size:12px;\">&nbsp;</div>\n";
      fragment(item.summary.html, kContentWidth, false);
    }
    row_close();
  }

  void item_image(const Image& image, const std::string& href, int width) {
    const std::string src = outbound_image(image.src, settings_);
    if (src.empty()) return;
    if (!href.empty()) link_open(href, "text-decoration:none;");
    image_tag(src, image.alt, width, "margin:0 0 12px;border-radius:4px;");
    if (!href.empty()) out_ += "</a>";
    out_ += '\n';
  }

  void note_row(const Fragment& note) {
    row_open(8, 8);
    fragment(note.html, kContentWidth, false);
    row_close();
  }

  void footer() {
    row_open(24, 32);
    out_ += "<div class=\"em-rule em-muted\" style=\"border-top:1px solid ";
    out_ += kBorder;
    out_ += ";padding-top:20px;font-size:13px;line-height:1.6;text-align:center;color:";
    out_ += kMuted;
    out_ += ";\">\n";
    const std::string& closing = settings_.footer_text.empty() ? settings_.brand_name : settings_.footer_text;
    if (!closing.empty()) {
      out_ += "<p class=\"em-muted\" style=\"margin:0 0 8px;font-size:13px;line-height:1.6;color:";
      out_ += kMuted;
      out_ += ";\">";
      // Footer text is plain text; its line breaks (a postal address) stay.
      const std::string escaped = escape_html(closing);
      for (const char c : escaped) {
        if (c == '\n') out_ += "<br>";
        else out_ += c;
      }
      out_ += "</p>\n";
    }
    bool first = true;
    for (const auto& [address, label] : {std::pair<const std::string&, std::string_view>{settings_.web_url, words_.view_in_browser},
                                         {settings_.subscribe_url, words_.subscribe},
                                         {settings_.unsubscribe_url, words_.unsubscribe}}) {
      const std::string href = outbound_url(address, settings_);
      if (href.empty()) continue;
      if (first) {
        out_ += "<p class=\"em-muted\" style=\"margin:0;font-size:13px;line-height:1.6;color:";
        out_ += kMuted;
        out_ += ";\">";
      } else {
        out_ += " &middot; ";
      }
      first = false;
      link_open(href, muted_link_);
      escape_html(out_, label);
      out_ += "</a>";
    }
    if (!first) out_ += "</p>\n";
    out_ += "</div>\n";
    row_close();
  }

  // ------------------------------------------------------------ building blocks

  void row_open(int top, int bottom) {
    out_ += "<tr><td class=\"em-pad\" style=\"padding:";
    text::append_number(out_, top);
    out_ += "px ";
    text::append_number(out_, kPadding);
    out_ += "px ";
    text::append_number(out_, bottom);
    out_ += "px;";
    out_ += kFont;
    out_ += "word-break:break-word;overflow-wrap:anywhere;\">\n";
  }
  void row_close() { out_ += "</td></tr>\n"; }

  void muted_open(std::string_view style) {
    out_ += "<p class=\"em-muted\" style=\"";
    out_ += style;
    out_ += "color:";
    out_ += kMuted;
    out_ += ";\">";
  }

  // A shaded box with a small heading, for highlights and contents.
  void box_open(std::string_view heading) {
    row_open(8, 8);
    out_ += "<table role=\"presentation\" class=\"em-box\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
            "style=\"width:100%;border-collapse:separate;border-radius:6px;background-color:";
    out_ += kBoxBackground;
    out_ += ";\">\n<tr><td style=\"padding:16px 16px 8px;";
    out_ += kFont;
    out_ += "\">\n";
    muted_open("margin:0 0 10px;font-size:12px;line-height:1.4;font-weight:bold;letter-spacing:0.06em;"
               "text-transform:uppercase;");
    escape_html(out_, heading);
    out_ += "</p>\n";
  }
  void box_close() {
    out_ += "</td></tr>\n</table>\n";
    row_close();
  }

  // Bulleted rows as a table, which Outlook lays out as written (it ignores
  // the margins of <ul>).
  void bullet_rows_open() {
    out_ += "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
            "style=\"width:100%;border-collapse:collapse;\">\n";
  }
  void bullet_row_open(std::string_view marker) {
    out_ += "<tr><td class=\"em-accent\" valign=\"top\" width=\"20\" style=\"width:20px;padding:0 0 8px;";
    out_ += kFont;
    out_ += "font-size:16px;line-height:1.6;color:";
    out_ += settings_.colours.accent;
    out_ += ";\">";
    out_ += marker;
    out_ += "</td><td valign=\"top\" style=\"padding:0 0 8px;";
    out_ += kFont;
    out_ += "font-size:16px;line-height:1.6;color:";
    out_ += kText;
    out_ += ";\">";
  }
  void bullet_row_close() { out_ += "</td></tr>\n"; }

  // A heading's title, linked to `href` (tracked already) unless it is empty.
  void linked_title(const std::string& href, std::string_view title) {
    if (!href.empty()) link_open(href, title_link_);
    escape_html(out_, title);
    if (!href.empty()) out_ += "</a>";
  }

  void link_open(const std::string& href, std::string_view style) {
    out_ += "<a href=\"";
    url::escape_href(out_, href);
    out_ += "\" target=\"_blank\" style=\"";
    out_ += style;
    out_ += "\">";
  }

  void image_tag(const std::string& src, std::string_view alt, int width, std::string_view extra_style) {
    out_ += "<img src=\"";
    url::escape_href(out_, src);
    out_ += "\" alt=\"";
    escape_html(out_, alt);
    out_ += "\" width=\"";
    text::append_number(out_, width);
    out_ += "\" style=\"display:block;width:100%;max-width:";
    text::append_number(out_, width);
    out_ += "px;height:auto;border:0;outline:none;text-decoration:none;";
    out_ += extra_style;
    out_ += "\">";
  }

  // ------------------------------------------------------------ fragments

  // cmark's safe HTML with every tag rebuilt: the styles an email needs
  // inline, links made absolute and tagged, images given a width. `compact`
  // drops the paragraph margins (a highlight is one line of a list).
  void fragment(std::string_view html, int width, bool compact) {
    html::Reader reader(html);
    html::Token token;
    bool dropped_link = false;  // an <a> without a usable address: keep its text only
    int pre_depth = 0;
    while (reader.next(token)) {
      switch (token.kind) {
        case html::Token::text:
          out_ += token.raw;
          break;
        case html::Token::comment:
          break;  // "<!-- raw HTML omitted -->"
        case html::Token::end_tag:
          if (token.is("a")) {
            if (!dropped_link) out_ += "</a>";
            dropped_link = false;
            break;
          }
          if (token.is("pre")) --pre_depth;
          if (is_known(token.name)) {
            out_ += "</";
            out_ += token.name;
            out_ += '>';
          }
          break;
        case html::Token::start_tag:
          if (token.is("a")) {
            const std::string_view* href = token.attribute("href");
            const std::string target =
                href ? outbound_url(url::restore_placeholders(html::decode(*href)), settings_) : std::string();
            dropped_link = target.empty();
            if (!dropped_link) link_open(target, text_link_);
          } else if (token.is("img")) {
            const std::string_view* src = token.attribute("src");
            const std::string_view* alt = token.attribute("alt");
            const std::string target = src ? outbound_image(html::decode(*src), settings_) : std::string();
            if (!target.empty()) image_tag(target, alt ? html::decode(*alt) : std::string(), width, "margin:0 0 12px;");
          } else if (token.is("input")) {
            out_ += token.attribute("checked") ? "&#9745; " : "&#9744; ";
          } else if (token.is("pre")) {
            ++pre_depth;
            styled_tag(token, compact, pre_depth);
          } else if (is_known(token.name)) {
            styled_tag(token, compact, pre_depth);
          }
          break;
      }
    }
  }

  static bool is_known(std::string_view name) {
    static constexpr std::string_view known[] = {"p", "em", "strong", "del", "code", "pre", "ul", "ol", "li",
                                                 "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br",
                                                 "table", "thead", "tbody", "tr", "th", "td", "sup", "sub"};
    for (const std::string_view k : known) {
      if (k == name) return true;
    }
    return false;
  }

  // The opening tags of a fragment's elements, styled once per email.
  struct FragmentTags {
    std::string p, p_compact, em, strong, del, code, code_in_pre, pre, list, list_compact, li, blockquote, hr, table;
    std::string headings[6];
  };

  static std::string opening(std::string_view name, std::string_view style) {
    return "<" + std::string(name) + " style=\"" + std::string(style) + "\">";
  }

  static FragmentTags fragment_tags() {
    const std::string text_colour = "color:" + std::string(kText) + ";";
    FragmentTags t;
    t.p = opening("p", "margin:0 0 16px;font-size:16px;line-height:1.6;" + text_colour);
    t.p_compact = opening("p", "margin:0;font-size:16px;line-height:1.6;" + text_colour);
    t.em = opening("em", "font-style:italic;");
    t.strong = opening("strong", "font-weight:bold;");
    t.del = opening("del", "text-decoration:line-through;");
    t.code = opening("code", std::string(kMonospace) + "font-size:14px;background-color:" + std::string(kCodeBackground) +
                                 ";border-radius:3px;padding:1px 4px;");
    t.code_in_pre = opening("code", std::string(kMonospace) + "font-size:13px;");
    t.pre = opening("pre", "margin:0 0 16px;padding:12px 14px;" + std::string(kMonospace) +
                               "font-size:13px;line-height:1.5;white-space:pre-wrap;word-wrap:break-word;background-color:" +
                               std::string(kCodeBackground) + ";border-radius:4px;" + text_colour);
    t.list = "margin:0 0 16px;padding:0 0 0 24px;";
    t.list_compact = "margin:4px 0 0;padding:0 0 0 22px;";
    t.li = opening("li", "margin:0 0 6px;font-size:16px;line-height:1.6;" + text_colour);
    t.blockquote = opening("blockquote", "margin:0 0 16px;padding:0 0 0 14px;border-left:3px solid #d0d5db;color:" +
                                             std::string(kMuted) + ";");
    t.hr = "<hr class=\"em-rule\" style=\"border:0;border-top:1px solid " + std::string(kBorder) + ";height:0;margin:24px 0;\">";
    t.table = "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
              "style=\"width:100%;border-collapse:collapse;margin:0 0 16px;font-size:14px;line-height:1.5;\">";
    static constexpr int sizes[] = {24, 21, 18, 16, 15, 14};
    for (int level = 0; level < 6; ++level) {
      t.headings[level] = opening("h" + std::to_string(level + 1),
                                  "margin:0 0 12px;font-size:" + std::to_string(sizes[level]) +
                                      "px;line-height:1.3;font-weight:bold;color:" + std::string(kHeading) + ";");
    }
    return t;
  }

  void styled_tag(const html::Token& token, bool compact, int pre_depth) {
    const std::string_view name = token.name;
    if (name == "p") out_ += compact ? tags_.p_compact : tags_.p;
    else if (name == "em") out_ += tags_.em;
    else if (name == "strong") out_ += tags_.strong;
    else if (name == "del") out_ += tags_.del;
    else if (name == "code") out_ += pre_depth > 0 ? tags_.code_in_pre : tags_.code;
    else if (name == "pre") out_ += tags_.pre;
    else if (name == "li") out_ += tags_.li;
    else if (name == "blockquote") out_ += tags_.blockquote;
    else if (name == "hr") out_ += tags_.hr;
    else if (name == "br") out_ += "<br>";
    else if (name == "table") out_ += tags_.table;
    else if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') out_ += tags_.headings[name[1] - '1'];
    else if (name == "ul" || name == "ol") list_tag(token, compact);
    else if (name == "th" || name == "td") cell_tag(token);
    else {
      out_ += '<';
      out_ += name;
      out_ += '>';
    }
  }

  void list_tag(const html::Token& token, bool compact) {
    out_ += '<';
    out_ += token.name;
    if (const std::string_view* start = token.attribute("start")) {
      out_ += " start=\"";
      out_ += *start;
      out_ += '"';
    }
    out_ += " style=\"";
    out_ += compact ? tags_.list_compact : tags_.list;
    out_ += "\">";
  }

  void cell_tag(const html::Token& token) {
    const std::string_view* align = token.attribute("align");
    const std::string_view side = align && (*align == "center" || *align == "right") ? *align : "left";
    out_ += '<';
    out_ += token.name;
    out_ += " class=\"em-cell\" align=\"";
    out_ += side;
    out_ += "\" style=\"border:1px solid ";
    out_ += kBorder;
    out_ += ";padding:6px 8px;text-align:";
    out_ += side;
    out_ += ";color:";
    out_ += kText;
    out_ += ';';
    if (token.is("th")) {
      out_ += "font-weight:bold;background-color:";
      out_ += kBoxBackground;
      out_ += ';';
    }
    out_ += "\">";
  }

  const Issue& issue_;
  const Settings settings_;
  const Labels& words_;
  const FragmentTags tags_ = fragment_tags();
  const std::string text_link_ = "color:" + settings_.colours.accent + ";text-decoration:underline;";
  const std::string title_link_ = "color:" + std::string(kHeading) + ";text-decoration:none;";
  const std::string muted_link_ = "color:" + std::string(kMuted) + ";text-decoration:underline;";
  std::string out_;
};

}  // namespace

std::string email(const Issue& issue, const Options& options) { return EmailWriter(issue, options).write(); }

}  // namespace composer::render
