// The web fragment: semantic, complete, and safe by construction.
#include "support.hpp"

using test_support::compose;

namespace {
std::string html_of(const std::string& source) { return compose(source, {"html"}).outputs.at("html"); }
}  // namespace

TEST_CASE("the fragment holds title, highlights, sections and items", "[html]") {
  const std::string html = html_of(
      "---\nnewsletter: Digest\nnumber: 3\ndate: 2021-01-02\n---\n# Digest #3\n\n- A [highlight](https://h.org)\n\n"
      "## 1. News\n### [Item](https://a.org/x?utm_source=mail&id=1)\n![Alt text](https://a.org/i.png)\n"
      "[2108.05887] Summary with **bold**, `code` and a [link](https://l.org).\n");
  CHECK(html.find("<h1 class=\"issue-title\" data-line=\"6\">Digest #3</h1>") != std::string::npos);
  CHECK(html.find("<span class=\"issue-number\">#3</span> · <time>2021-01-02</time>") != std::string::npos);
  CHECK(html.find("<ul class=\"issue-highlights\">") != std::string::npos);
  CHECK(html.find("<span class=\"section-number\">1.</span> News") != std::string::npos);
  CHECK(html.find("<a href=\"https://a.org/x?id=1\">Item</a>") != std::string::npos);
  CHECK(html.find("<img src=\"https://a.org/i.png\" alt=\"Alt text\"") != std::string::npos);
  CHECK(html.find("<figcaption>Alt text</figcaption>") != std::string::npos);
  CHECK(html.find("<span class=\"item-paper\">arXiv:2108.05887</span>") != std::string::npos);
  CHECK(html.find("<strong>bold</strong>, <code>code</code> and a <a href=\"https://l.org\">link</a>") != std::string::npos);
}

TEST_CASE("no script URL, raw HTML or event handler reaches the output", "[html][security]") {
  const std::string html = html_of(
      "# T\n\n## 1. S\n### [Bad](javascript:alert(1))\n![x](javascript:alert(2))\n"
      "Text <img src=x onerror=alert(3)> and <script>alert(4)</script> and [d](data:text/html;base64,PHNjcmlwdD4=)\n\n"
      "<iframe src=\"https://evil.org\"></iframe>\n\n"
      "[v](vbscript:msgbox(1)) [ok](https://ok.org) ![png](data:image/png;base64,iVBORw0KGgo=)\n");
  CHECK(html.find("javascript:") == std::string::npos);
  CHECK(html.find("vbscript:") == std::string::npos);
  CHECK(html.find("data:text") == std::string::npos);
  CHECK(html.find("onerror") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<iframe") == std::string::npos);
  CHECK(html.find("<img src=x") == std::string::npos);
  CHECK(html.find("https://ok.org") != std::string::npos);
  CHECK(html.find("data:image/png;base64,iVBORw0KGgo=") != std::string::npos);
  CHECK(html.find("<h3 class=\"item-title\">Bad</h3>") != std::string::npos);
}

TEST_CASE("text is escaped everywhere", "[html][security]") {
  const std::string html = html_of("---\nnewsletter: \"<b>x</b>\"\ndate: \"\\\"><script>\"\n---\n# A < B & \"q\"\n\n## 1. <S>\n### [<i>](https://a.org/\"onmouseover=\")\n");
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("A &lt; B &amp; &quot;q&quot;") != std::string::npos);
  CHECK(html.find("\"onmouseover") == std::string::npos);
}

TEST_CASE("the generated table of contents follows the sections", "[html][toc]") {
  const std::string html = html_of("# T #1\n\n1. One\n2. Two\n\n## 1. One\n\n## 2. Two\n");
  CHECK(html.find("<nav class=\"issue-toc\"") != std::string::npos);
  CHECK(html.find("<li><a href=\"#section-2\">Two</a></li>") != std::string::npos);
}

TEST_CASE("the same input gives the same bytes", "[html][determinism]") {
  const std::string source = "# T #1\n\n## 1. A\n### [x](https://x.org)\ny\n";
  CHECK(html_of(source) == html_of(source));
}
