// Markdown written back from cmark's safe HTML: cmark must read it back to
// the same HTML (so writing it again gives the same bytes), and nothing
// unsafe survives.
#include <algorithm>
#include <random>

#include "support.hpp"
#include "util/html_markdown.hpp"

using namespace composer;

namespace {

const GfmOptions kGfm{{"table", "strikethrough", "autolink", "tagfilter", "tasklist"}, false};

std::string markdown_of(const std::string& html) {
  html::ListContext context;
  return html::to_markdown(html, context);
}

// Markdown -> HTML -> Markdown -> HTML: the two HTMLs must agree.
void check_round_trip(const std::string& source) {
  INFO("source: " << source);
  const std::string html = render_gfm(source, kGfm);
  const std::string markdown = markdown_of(html);
  INFO("markdown: " << markdown);
  CHECK(render_gfm(markdown, kGfm) == html);
}

// HTML -> Markdown -> HTML -> Markdown: the Markdown is written again as it is.
void check_written_again(const std::string& html) {
  INFO("html: " << html);
  const std::string once = markdown_of(html);
  CHECK(markdown_of(render_gfm(once, kGfm)) == once);
}

}  // namespace

TEST_CASE("Markdown from HTML reads back to the same HTML", "[html-markdown]") {
  for (const char* source : {
           "Plain text with *emphasis*, **strong**, ***both***, ~~struck~~ and `code`.",
           "**_strong around emphasis_** and *__emphasis around strong__*",
           "Text with characters that are markup: * _ ` [ ] < > # ! & | ~ \\\\ and 1. or 2)",
           "snake_case_name and _leading and trailing_ underscores",
           "A line\nand a soft break, a hard  \nbreak and a backslash\\\nbreak.",
           "- one\n- two\n  - nested\n- three",
           "1. one\n2. two\n\n\n3) another list",
           "7. starts at seven\n8. eight",
           "- loose\n\n- list\n\n  with two paragraphs",
           "- a\n- b\n\n* c\n* d",
           "> quote\n> - with a list\n>\n> > nested quote",
           "```rust\nfn main() {}\n```\n\n~~~\n```inside```\n~~~\n\n~~~ ~`info`\ncode\n~~~",
           "    indented code\n    keeps lines",
           "# H1\n\n## H2 with `code` #\n\n###### H6 ending with #",
           "---\n\n***\n\n___",
           "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 \\| 3 | |\n| x |",
           "- [ ] open task\n- [x] done task",
           "[link](https://a.org/path?q=1&r=(2) \"title \\\"q\\\"\") and ![img](i.png \"t\")",
           "<https://a.org/x> and <someone@example.org> and www.example.org and https://b.org/auto",
           "GFM links foo@.a.org and x@a-.org in text, where <foo@.a.org> is no autolink",
           "[link with `code` and *em*](https://a.org/)",
           "Code with backticks: `` a ` b `` and ` `` ` and `  `",
           "&copy; &amp;amp; &#42; AT&T",
           "#5 is not a heading, +1 is not a list, - neither",
           "1986\\. A great year.\n1986\\) Another.",
           "中文段落，包含**强调**和[链接](https://example.org/中文)。",
           "[ref]\n\n[ref]: https://a.org/ref",
           "a carriage&#13;return, &#13;at a line's start and at its end&#13;",
           "[see https://a.org&#13;x](https://c.org) and *www.a.org&#13;*",
       }) {
    check_round_trip(source);
  }
}

TEST_CASE("what Markdown cannot say as it was is said once and then kept", "[html-markdown]") {
  // A setext heading becomes an ATX heading on one line; raw HTML, omitted
  // by cmark, disappears. From then on the Markdown is a fixed point.
  for (const char* source : {"Setext\nheading\n=======", "Text\n\n<div>raw html</div>\n\nand <span>inline</span> raw",
                             "| a |\n|---|\n| b&#10;c <span>x</span>|"}) {
    const std::string once = markdown_of(render_gfm(source, kGfm));
    CHECK(markdown_of(render_gfm(once, kGfm)) == once);
  }
  CHECK(markdown_of(render_gfm("Setext\nheading\n=======", kGfm)) == "# Setext heading");
  // A link without an address (cmark drops javascript: ones) is its text.
  CHECK(markdown_of(render_gfm("an [empty]() and a [bad *one*](javascript:x) link", kGfm)) == "an empty and a bad *one* link");
  // An '&' that would start a reference in an address or a title.
  const std::string html = "<p><a href=\"https://a.org/?q=&amp;gt;&amp;x=1\" title=\"&amp;lt;\">t</a></p>\n";
  CHECK(markdown_of(html) == "[t](https://a.org/?q=&amp;gt;&x=1 \"&amp;lt;\")");
  CHECK(render_gfm(markdown_of(html), kGfm) == html);
}

TEST_CASE("emphasis takes delimiters that read back where it stands, or is left out", "[html-markdown]") {
  // Emphasis that touches emphasis: the runs would join ("**a****b**").
  CHECK(markdown_of("<p><strong>a</strong><strong>b</strong></p>") == "**a**__b__");
  CHECK(markdown_of("<p><strong><em>x</em></strong> y</p>") == "**_x_** y");
  // Inside a word, '*' opens and closes where '_' cannot: in CJK text too.
  CHECK(markdown_of("<p>snake<em>case</em>d and 文<strong>粗体</strong>文</p>") == "snake*case*d and 文**粗体**文");
  // Nothing reads back as emphasis here: '*' beside punctuation inside a
  // word opens nothing, and '_' cannot; written plain.
  CHECK(markdown_of("<p>a<em>.b</em></p>") == "a.b");
  // Whatever was left out, the Markdown is a fixed point from the first writing.
  for (const char* html : {
           "<p>a<em>.b</em>c<strong>d</strong><strong><em>e</em>f</strong>g</p>",
           "<p><strong>a <em><strong>b</strong></em></strong></p>",
           "<p><em> spaced </em><del>x</del><del>y</del></p>",
       }) {
    check_written_again(html);
  }
}

TEST_CASE("a link without an address is its text, unless GFM would link an address in it", "[html-markdown]") {
  CHECK(markdown_of("<p><a href=\"\"><em>text</em></a></p>") == "*text*");
  // Alone, the address would be a link: the dead link keeps it text.
  CHECK(markdown_of("<p><a href=\"\"><em>mailto:me@x.org</em></a></p>") == "[*mailto:me@x.org*]()");
  check_written_again("<ul>\n<li><a href=\"\">a@b.org</a></li>\n</ul>\n");
}

TEST_CASE("unsafe links and raw HTML do not reach the Markdown", "[html-markdown][security]") {
  const std::string html =
      render_gfm("[a](javascript:alert(1)) ![b](data:text/html;base64,x) <img src=x onerror=alert(2)>\n\n"
                 "<script>alert(3)</script>\n\n[c](vbscript:x) [ok](https://ok.org)",
                 kGfm);
  const std::string markdown = markdown_of(html);
  CHECK(markdown.find("javascript") == std::string::npos);
  CHECK(markdown.find("data:text") == std::string::npos);
  CHECK(markdown.find("vbscript") == std::string::npos);
  CHECK(markdown.find("onerror") == std::string::npos);
  CHECK(markdown.find("script") == std::string::npos);
  CHECK(markdown.find("[ok](https://ok.org)") != std::string::npos);
}

TEST_CASE("links are rewritten on the way, images are not", "[html-markdown]") {
  html::ListContext context;
  html::MarkdownOptions options;
  options.rewrite_link = [](std::string_view href) { return std::string(href) + "#x"; };
  CHECK(html::to_markdown(render_gfm("[a](https://a.org) ![i](i.png)", kGfm), context, options) ==
        "[a](https://a.org#x) ![i](i.png)");
}

// An empty entry shows nothing; written, "-" under text would be a setext
// underline, and "- - -" a thematic break.
TEST_CASE("a paragraph or a heading as bold opens with what shows something", "[html-markdown]") {
  // "[](url) text" would read back as an item's title line; emphasis around
  // nothing but empty links writes nothing either.
  CHECK(markdown_of("<p><a href=\"https://a.org\"></a> text</p>") == "text");
  CHECK(markdown_of("<p><strong></strong> <a href=\"https://a.org\"></a> text</p>") == "text");
  CHECK(markdown_of("<p><em><a href=\"https://a.org\"></a></em> text <a href=\"https://b.org\"></a></p>") ==
        "text [](https://b.org)");
  CHECK(markdown_of("<p><a href=\"\">\r</a> <strong>x</strong></p>") == "**x**");  // a link of white space
  CHECK(markdown_of("<p><a href=\"\">\r <strong>50%</strong></a> x</p>") == "**50%** x");  // a link without address
  // Inside emphasis that opens it too, which may be left out ("**" before a
  // line break opens nothing).
  CHECK(markdown_of("<p><strong>\n<a href=\"https://a.org\"></a> 2) x</strong></p>") == "**2) x**");
  // White space that opens the first text goes before it is written,
  // carriage returns too: "www." then opens the paragraph, and is guarded.
  CHECK(markdown_of("<p>\rwww.example.org x</p>") == "www\\.example.org x");
  const html::MarkdownOptions as_bold{nullptr, /*headings_as_bold=*/true};
  html::ListContext context;
  CHECK(html::to_markdown("<h2><a href=\"https://a.org\"></a> a|b</h2>", context, as_bold) == "**a\\|b**");
}

TEST_CASE("list entries that show nothing are left out", "[html-markdown]") {
  CHECK(markdown_of("<ul>\n<li>baz\n<ul>\n<li></li>\n</ul>\n</li>\n</ul>\n") == "- baz");
  CHECK(markdown_of("<ul>\n<li>\n<ul>\n<li>\n<ul>\n<li></li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n").empty());
  CHECK(markdown_of("<ol>\n<li>a</li>\n<li></li>\n<li>b</li>\n</ol>\n") == "1. a\n2. b");
  CHECK(markdown_of("<ul>\n<li><input type=\"checkbox\" disabled=\"\" /> </li>\n</ul>\n") == "- [ ] ");
}

TEST_CASE("a list after a list takes another marker", "[html-markdown]") {
  html::ListContext context;
  CHECK(html::to_markdown("<ul>\n<li>a</li>\n</ul>\n", context) == "- a");
  CHECK(context.last_marker == '-');
  CHECK(html::to_markdown("<ul>\n<li>b</li>\n</ul>\n", context) == "* b");
  CHECK(html::to_markdown("<p>text</p>\n", context) == "text");
  CHECK(context.last_marker == 0);
  // A rule opening a "*" entry: "* ***" would be one thematic break.
  CHECK(html::to_markdown("<ul>\n<li>c</li>\n</ul>\n", context) == "- c");
  const std::string rule = "<ul>\n<li>\n<hr />\n</li>\n</ul>\n";
  CHECK(html::to_markdown(rule, context) == "* ___");
  CHECK(render_gfm("* ___\n", kGfm) == rule);
}

// Whether a '_' needs its escape is settled once the emphasis around it is:
// a mark written beside it is a delimiter, one left out is nothing.
TEST_CASE("code spans with nothing written between them are written as one", "[html-markdown]") {
  CHECK(markdown_of("<p><code>a</code><code>`</code></p>") == "`` a` ``");
  // An empty link, or emphasis around nothing, writes nothing.
  CHECK(markdown_of("<p><code>c</code><a href=\"\"></a><code>`</code>x</p>") == "`` c` ``x");
  CHECK(markdown_of("<p><code>c</code><em></em><code>d</code> <code>e</code></p>") == "`cd` `e`");
  for (const char* html : {"<p><code>`</code><del></del><code>c</code>+<a href=\"\"></a>(</p>",
                           "<p>[<del>~<code>c</code><del><code>`</code><code>c</code>ftp/</del></del></p>"}) {
    check_written_again(html);
  }
}

TEST_CASE("an underscore after punctuation opens emphasis, CJK punctuation too", "[html-markdown]") {
  // "，" (U+FF0C) is punctuation: "，_a_，" reads as emphasis; "中_a_中" not.
  CHECK(markdown_of("<p>\xEF\xBC\x8C_under_\xEF\xBC\x8C x</p>") == "\xEF\xBC\x8C\\_under\\_\xEF\xBC\x8C x");
  CHECK(markdown_of("<p>\xE4\xB8\xAD_a_\xE4\xB8\xAD</p>") == "\xE4\xB8\xAD_a_\xE4\xB8\xAD");
}

TEST_CASE("an underscore beside emphasis or another element", "[html-markdown]") {
  CHECK(markdown_of("<p><strong>a</strong>_b</p>") == "**a**\\_b");
  CHECK(markdown_of("<p>x_<a href=\"https://u.org\">y</a></p>") == "x\\_[y](https://u.org)");
  CHECK(markdown_of("<p>snake_case and a_</p>") == "snake_case and a\\_");
  CHECK(html::escape_markdown("a_b a_", false) == "a_b a\\_");
  // Bold in bold is written plain: the parser unwraps it.
  CHECK(markdown_of("<p><strong>a <strong>b</strong></strong></p>") == "**a b**");
}

// A destination holds no control character, nor a line ending in brackets.
TEST_CASE("control characters in a destination are written as references", "[html-markdown]") {
  std::string out;
  html::write_destination(out, "a\tb\nc");
  CHECK(out == "a&#9;b&#10;c");
  out.clear();
  html::write_destination(out, "a b\r");
  CHECK(out == "<a b&#13;>");
}

// A break that ends a paragraph shows nothing, and its '\' would be text.
TEST_CASE("a line break in a heading or a table cell is a space: they are one line", "[html-markdown]") {
  // (A setext heading can hold one: "a\\\nb\n===".)
  CHECK(markdown_of(render_gfm("a\\\nb\n===\n", kGfm)) == "# a b");
  CHECK(markdown_of("<table>\n<thead>\n<tr>\n<th>r<br />\ns</th>\n</tr>\n</thead>\n</table>\n") ==
        "| r s |\n| --- |");
}

TEST_CASE("a line break at the end of a paragraph is left out", "[html-markdown]") {
  CHECK(markdown_of("<p>a<br />\n</p>") == "a");
  CHECK(markdown_of("<p>a<br />\n<br />\n</p>") == "a");
  CHECK(markdown_of("<p><br />\n</p>").empty());
  CHECK(markdown_of("<p>a\\<br />\n</p>") == "a\\\\");
  CHECK(markdown_of("<p>a<br />\nb</p>") == "a\\\nb");
}

// "[## title ## …](url)" on one line is a Medium card flattened by an export
// (parse/prepare.cpp): a link's or an image's text that opens with '#' is
// written so that it cannot read as one.
TEST_CASE("a link's text opening with '#' is escaped, lest it read as a link card", "[html-markdown]") {
  CHECK(markdown_of("<p>See <a href=\"https://a.org/x\">## a ## b</a>.</p>") == "See [\\## a ## b](https://a.org/x).");
  CHECK(markdown_of("<p><img src=\"https://a.org/x.png\" alt=\"## a ## b\"></p>") == "![\\## a ## b](https://a.org/x.png)");
  CHECK(markdown_of("<p>C# and <a href=\"https://a.org/x\">F#</a></p>") == "C# and [F#](https://a.org/x)");
  CHECK(markdown_of("<p>Fixed <a href=\"https://a.org/x\">#123</a></p>") == "Fixed [#123](https://a.org/x)");
  check_written_again("<p>See <a href=\"https://a.org/x\">## a ## b</a>.</p>");
}

// "<?@x>" is an e-mail autolink inside a line, but "<?" opening a line opens
// an HTML block (a processing instruction), as "<!a" does (a declaration).
TEST_CASE("an e-mail address opening with '?' or '!' is linked with its text, not in angle brackets", "[html-markdown]") {
  CHECK(markdown_of("<p><a href=\"mailto:?@qable\">?@qable</a> x</p>") == "[?@qable](mailto:?@qable) x");
  CHECK(markdown_of("<p><a href=\"mailto:!a@x.org\">!a@x.org</a></p>") == "[!a@x.org](mailto:!a@x.org)");
  CHECK(markdown_of("<p><a href=\"mailto:a@x.org\">a@x.org</a></p>") == "<a@x.org>");
  check_written_again("<p><a href=\"mailto:?@qable\">?@qable</a> x</p>");
}

TEST_CASE("escaping plain text and headings", "[html-markdown]") {
  CHECK(html::escape_markdown("1. Not a list *or* [link]", true) == "1\\. Not a list \\*or\\* \\[link\\]");
  CHECK(html::escape_markdown("1. Inline", false) == "1. Inline");
  CHECK(html::markdown_heading(2, "C# and F#") == "## C# and F#");
  CHECK(html::markdown_heading(3, "Issue #") == "### Issue \\#");
  CHECK(html::markdown_heading(3, "Issue\t#") == "### Issue\t\\#");  // a tab before it too
  CHECK(html::markdown_heading(1, "#hashtag") == "# #hashtag");
  CHECK(html::list_entry("-", "a\n\nb") == "- a\n\n  b");
}

// cmark-gfm's autolink extension reads a URL raw, before escapes: an escape
// inside one would come back as a literal backslash.
TEST_CASE("escaping breaks up an autolink that would swallow an escape", "[html-markdown]") {
  CHECK(html::escape_markdown("[Item](https://a.org>]", false, true) == "\\[Item\\](https\\://a.org>\\]");
  CHECK(html::escape_markdown("see www.a.org/x_*y* now", false, true) == "see www\\.a.org/x\\_\\*y\\* now");
  CHECK(html::escape_markdown("(www.a.org/a|b", false, true) == "(www\\.a.org/a\\|b");
  // In a link's text, nothing to swallow, or no autolink: written as it is.
  CHECK(html::escape_markdown("read https://a.org/x_y now *", false, true) == "read https://a.org/x_y now \\*");
  CHECK(html::escape_markdown("https://a.org <*b*>", false, true) == "https://a.org \\<\\*b\\*>");
  CHECK(html::escape_markdown("xhttps://a.org/*", false, true) == "xhttps://a.org/\\*");
  CHECK(html::escape_markdown("awww.a.org/*", false, true) == "awww.a.org/\\*");
  CHECK(html::escape_markdown("HTTP://a.org/*", false, true) == "HTTP\\://a.org/\\*");
  // Outside a link, no address may read back as a link.
  CHECK(html::escape_markdown("read https://a.org now", false) == "read https\\://a.org now");
  // Text that was no link stays no link; inside a link's text, no autolink can start.
  CHECK(markdown_of("<p>read https://a.org or www.b.org now</p>") == "read https\\://a.org or www\\.b.org now");
  CHECK(markdown_of("<p><a href=\"https://c.org\">see https://a.org</a></p>") == "[see https://a.org](https://c.org)");
  // A link, a line break or code ends the address before it: an escape after
  // them is outside it.
  CHECK(markdown_of("<p><a href=\"https://c.org\">see https://a.org</a><br />\n[x</p>") ==
        "[see https://a.org](https://c.org)\\\n\\[x");
  CHECK(markdown_of("<p><a href=\"https://c.org\">see https://a.org</a>[x</p>") == "[see https://a.org](https://c.org)\\[x");
  // Whether a scheme or a "www." starts after an emphasis mark is known once
  // the mark is written or left out: left out, "e" joins the scheme.
  CHECK(markdown_of("<p>a <em>e</em>http://a.org and <em>e</em>www.b.org</p>") ==
        "a *e*http\\://a.org and *e*www\\.b.org");
  CHECK(markdown_of("<p><strong>e</strong><em>e</em>http://a.org</p>") == "**e**ehttp://a.org");
  CHECK(markdown_of("<p><strong>e</strong><em>e</em>www.a.org</p>") == "**e**ewww.a.org");
  for (const char* html : {"<p><strong>e</strong><em>e</em>http://</p>", "<p><strong>e</strong><em>e</em>HTTPS://a</p>",
                           "<p><strong>e</strong><em>x </em>www.a.org</p>"}) {
    check_written_again(html);
  }
  // No escape keeps GFM from linking an e-mail address in text: it is
  // written as the link it becomes, exactly where GFM finds one.
  CHECK(markdown_of("<p>mail a.b@c.org. Now</p>") == "mail <a.b@c.org>. Now");
  // Texts that meet where what stood between them is left out (an empty
  // link, emphasis that cannot be written) are one text when read again: an
  // address that the first starts is written as the link it becomes.
  CHECK(markdown_of("<p>r<a href=\"\"></a>@a.org</p>") == "<r@a.org>");
  CHECK(markdown_of("<p>see a_<a href=\"\"></a>b@a.org</p>") == "see <a_b@a.org>");
  CHECK(markdown_of("<p>x\\<a href=\"\"></a>@a.org</p>") == "x\\\\@a.org");
  for (const char* html : {"<p>r<a href=\"\"></a>@.a</p>", "<p>-<a href=\"\"></a>_<a href=\"\"></a>@a.b c@d.e</p>",
                           "<p><em>r</em>@a.org</p>", "<p>1.<a href=\"\"></a>@b.org</p>",
                           "<p>see www.a<a href=\"\"></a>@b.org and http://x.y<a href=\"\"></a>@b.org *</p>"}) {
    check_written_again(html);
  }
  // Emphasis that cannot be written ("w*@a.b*" opens nothing) is written
  // plain, and the run decided again as it will be read.
  CHECK(markdown_of("<p>w<em>@a.b</em></p>") == "<w@a.b>");
  CHECK(markdown_of("<p>\\ww<strong><strong><strong>http:// </strong></strong></strong></p>") == "\\\\wwhttp://");
  // GFM's scan for addresses depends on what is before the first '@'; an
  // "&" escaped for the name after it is decided beside the link.
  CHECK(markdown_of("<p>h<a href=\"\"></a>@a.b@ww/.@.a</p>") == "h@<a.b@ww>/[.@.a](mailto:.@.a)");
  CHECK(markdown_of("<p>&amp;ww<a href=\"\"></a>@a.ba</p>") == "&<ww@a.ba>");
  for (const char* html : {"<p>http<em><strong>www<em><em>@.aa</em></em></strong></em></p>",
                           "<p>x@y.zww_www.w*+</p>", "<p>xmpp:://_www.@.a<em><del>*</del></em></p>"}) {
    check_written_again(html);
  }
  // An autolink has no escapes, and cmark decodes references in it.
  CHECK(markdown_of("<p><a href=\"http://s&amp;lt;&amp;\">http://s&amp;lt;&amp;</a></p>") ==
        "[http\\://s\\&lt;&](http://s&amp;lt;&)");
  CHECK(markdown_of("<p><a href=\"https://a.org/?a=1&amp;b=2\">https://a.org/?a=1&amp;b=2</a></p>") ==
        "<https://a.org/?a=1&b=2>");
  for (const char* html : {"<p>x@y, _d@a.b_c, c.d@e@f.g, mailto:z@w.org, xmpp:u@v.org/r, a@b.c- and 1@2.x3</p>",
                           "<p>ab@cd.ef@gh, -a@b.co.uk!, me@host.c_d.e, <em>x</em>y@z.org</p>"}) {
    check_written_again(html);
  }
}

// Inline HTML made at random from pieces that have broken the writer
// before: texts that meet once what stood between them writes nothing (an
// empty link, emphasis that cannot be written), addresses, schemes, code
// spans, marks, line starts; in a paragraph, a heading, a list entry, a
// table cell and a quote. The Markdown written must be written again as it
// is. (Fixed seed: the same runs everywhere; no carriage return, whose text
// alone before a link, which cmark never leaves unlinked, is left out.)
TEST_CASE("random inline HTML: the Markdown written is written again as it is", "[html-markdown][random]") {
  std::mt19937 rng(20261128);
  const std::vector<std::string> pieces{
      "a", "r", "_", ".", "-", "+", "@", "@a.b", "@.a", "x@y.z", "http", "://", "http://", "www", "www.", "a.org", " ",
      "*", "\\", "e", "1", "h", "ttp", "ww", "w", ":", "/", "(", "~", "&amp;", "mailto:", "xmpp:", "&lt;", "[", "]",
      "`", "!", "\n", "  \n", "#", "1.", "|", "&amp;amp;", "&#", ";", "\u4e2d", "\u00e9", "__", "**", "~~", "x_y",
      "https://a.b/c_d*e", "\"", ")", "\n#", "\n-", "\n1)", "\n>", "\n=", "\n    x", "\t", "\n+ ", "\n***", "\n|-|",
      "\n:--", "\n~~~", "\n```", "&lt;!--", "]:", "[x]", "![", "\u3000", "\u00a0"};
  const std::vector<std::string> elements{"<code>c</code>", "<code>`</code>", "<br />\n", "<img src=\"u\" alt=\"a_b\" />",
                                          "<a href=\"mailto:x@y.z\">x@y.z</a>", "<a href=\"\"></a>"};
  const std::vector<std::pair<std::string, std::string>> blocks{
      {"<p>", "</p>\n"},
      {"<h2>", "</h2>\n"},
      {"<ul>\n<li>", "</li>\n</ul>\n"},
      {"<table>\n<thead>\n<tr>\n<th>", "</th>\n</tr>\n</thead>\n</table>\n"},
      {"<blockquote>\n<p>", "</p>\n</blockquote>\n"}};
  int failures = 0;
  for (int run = 0; run < 20000 && failures < 5; ++run) {
    const auto& [open, close] = blocks[rng() % blocks.size()];
    std::string html = open;
    std::vector<std::string> emphasis;
    for (int k = 0, pieces_in_run = 1 + static_cast<int>(rng() % 14); k < pieces_in_run; ++k) {
      switch (rng() % 8) {
        case 0: {
          const char* tags[] = {"em", "strong", "del"};
          emphasis.emplace_back(tags[rng() % 3]);
          html += "<" + emphasis.back() + ">";
          break;
        }
        case 1:
          if (!emphasis.empty()) {
            html += "</" + emphasis.back() + ">";
            emphasis.pop_back();
          }
          break;
        case 2:
          html += elements[rng() % elements.size()];
          break;
        case 3:
          html += "<a href=\"http://a.b\">" + pieces[rng() % pieces.size()] + "</a>";
          break;
        default:
          html += pieces[rng() % pieces.size()];
      }
    }
    for (; !emphasis.empty(); emphasis.pop_back()) html += "</" + emphasis.back() + ">";
    html += close;
    const std::string once = markdown_of(html);
    const std::string twice = markdown_of(render_gfm(once, kGfm));
    if (twice != once) {
      ++failures;
      FAIL_CHECK("html: " << html << "\nonce:  " << once << "\ntwice: " << twice);
    }
  }
  CHECK(failures == 0);
}

TEST_CASE("whole documents: writing the Markdown again gives the same bytes", "[html-markdown][corpus]") {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(test_support::source_dir() / "tests" / "fixtures")) {
    if (std::filesystem::exists(entry.path() / "input.md")) files.push_back(entry.path() / "input.md");
  }
  if (const auto shared = test_support::shared_dir()) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(*shared / "corpus")) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".md" || ext == ".markdown")) files.push_back(entry.path());
    }
    files.push_back(*shared / "samples" / "akira-ml-news-27.zh.md");
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> unstable;
  for (const auto& file : files) {
    const std::string once = markdown_of(render_gfm(test_support::read_file(file), kGfm));
    const std::string twice = markdown_of(render_gfm(once, kGfm));
    if (once != twice) unstable.push_back(file.filename().string());
  }
  INFO(unstable.size() << " of " << files.size() << " documents, first: " << (unstable.empty() ? "" : unstable[0]));
  CHECK(unstable.empty());
}
