// Bugs found by reviewing the core with inputs its authors had not tried: one
// test case per bug, which failed before its fix.
#include <chrono>

#include "support.hpp"
#include "util/url.hpp"

using test_support::compose;

TEST_CASE("images nested in images are read in linear time", "[regression][pathological]") {
  // "![a![a![a…]()]()]()": each image's text used to be read by walking
  // every image inside it, 20,000 levels took seconds, 50,000 minutes.
  constexpr int depth = 20000;
  std::string source = "# T #1\n\n";
  for (int i = 0; i < depth; ++i) source += "![a";
  for (int i = 0; i < depth; ++i) source += "]()";
  source += "\n";
  const auto start = std::chrono::steady_clock::now();
  const auto r = compose(source, {"html", "markdown", "text"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 3.0);
  CHECK(r.outputs.count("html") == 1);
}

TEST_CASE("words after a title link are no domain label because one ends in a dot", "[regression][parser]") {
  // "by Jane Doe. Summary" read without its spaces is "byjanedoe.summary",
  // which was taken for the item's source: the byline and the summary were
  // in no output.
  const auto r = compose("# Weekly #6\n\n## 1. Reads\n\n[Title](https://tl.com/1) by Jane Doe. Summary of it\n",
                         {"text", "html", "markdown"});
  CHECK_FALSE(composer::url::looks_like_domain("by Jane Doe. Summary"));
  CHECK(composer::url::looks_like_domain("spectrum. ieee .org"));
  REQUIRE(r.issue.sections.size() == 1);
  for (const auto& item : r.issue.sections[0].items) CHECK(item.source != "byjanedoe.summaryofit");
  for (const char* format : {"text", "html", "markdown"}) {
    INFO(format);
    CHECK(r.outputs.at(format).find("Jane Doe") != std::string::npos);
    CHECK(r.outputs.at(format).find("Summary of it") != std::string::npos);
  }
}

TEST_CASE("a picture that links elsewhere keeps its link", "[regression][parser]") {
  // "[![Sponsor](banner)](url)" under an item became the item's picture,
  // which links nowhere: the sponsor's address was in no output. Read as a
  // title line instead, its link titled an item of no title.
  const std::string source =
      "# T #1\n\n## 1. S\n\n### [Item](https://a.com)\nSummary.\n\n"
      "[![Sponsor: Acme widgets](https://img.com/b.png)](https://sponsor.com/x)\n";
  const auto r = compose(source, {"html", "markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  const auto& item = r.issue.sections[0].items[0];
  CHECK_FALSE(item.image);
  CHECK(item.summary.markdown.find("(https://sponsor.com/x)") != std::string::npos);
  CHECK(r.outputs.at("html").find("<a href=\"https://sponsor.com/x\"><img src=\"https://img.com/b.png\" alt=\"Sponsor: Acme widgets\"") !=
        std::string::npos);
  CHECK(r.outputs.at("markdown").find("[![Sponsor: Acme widgets](https://img.com/b.png)](https://sponsor.com/x)") !=
        std::string::npos);
  // A picture linked to itself (a full-size view) is still the item's.
  const auto own = compose("# T #1\n\n## 1. S\n\n### [Item](https://a.com)\n[![Chart](https://img.com/c.png)](https://img.com/c.png)\nSummary.\n");
  REQUIRE(own.issue.sections.size() == 1);
  REQUIRE(own.issue.sections[0].items.size() == 1);
  REQUIRE(own.issue.sections[0].items[0].image);
  CHECK(own.issue.sections[0].items[0].image->alt == "Chart");
}

TEST_CASE("a list entry's picture is the item's, not lost with its sentence", "[regression][parser]") {
  // "- [![Zed logo](src)](url) Zed, a fast editor": the sentence titles the
  // entry and was taken out of its text whole, picture included: the logo
  // was in no output.
  const auto r = compose("# T #1\n\n## 1. Tools\n\n- [![Zed logo](https://i.com/zed.png)](https://zed.dev) Zed, a fast editor\n"
                         "- [Helix](https://helix.dev) a modal editor\n",
                         {"html", "markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 2);
  const auto& item = r.issue.sections[0].items[0];
  CHECK(item.title == "Zed, a fast editor");
  REQUIRE(item.image);
  CHECK(item.image->src == "https://i.com/zed.png");
  CHECK(item.image->alt == "Zed logo");
  CHECK(test_support::slice("# T #1\n\n## 1. Tools\n\n- [![Zed logo](https://i.com/zed.png)](https://zed.dev) Zed, a fast editor\n",
                            item.image->range) == "![Zed logo](https://i.com/zed.png)");
  CHECK(r.outputs.at("html").find("alt=\"Zed logo\"") != std::string::npos);
  CHECK(r.outputs.at("markdown").find("![Zed logo](https://i.com/zed.png)") != std::string::npos);
}

TEST_CASE("a linked picture keeps its link in the plain text", "[regression][text]") {
  // The text output leaves pictures out, and with them the link around one:
  // "[![Sponsor](banner)](url)" left no word and no address in the text.
  const auto r = compose("# T #1\n\n## 1. S\n\n### [Item](https://a.com)\nSummary.\n\n"
                         "[![Sponsor: Acme widgets](https://img.com/b.png)](https://sponsor.com/x)\n\n"
                         "Or [![](https://img.com/c.png)](https://shop.example/y).\n",
                         {"text"});
  const std::string& text = r.outputs.at("text");
  CHECK(text.find("Sponsor: Acme widgets [2]") != std::string::npos);
  CHECK(text.find("[2] https://sponsor.com/x") != std::string::npos);
  CHECK(text.find("Or https://shop.example/y.") != std::string::npos);
}

TEST_CASE("front matter: block scalars are read as YAML reads them", "[regression][front-matter]") {
  // "preheader: >" and its indented lines, as Jekyll and Hugo write long
  // values: the preheader was ">", the inbox's preview line, and each of its
  // lines a malformed-line warning.
  const auto r = compose(
      "---\npreheader: >\n  Transformers in industry,\n  cheap labels.\n\n  And more.\nsummary: |-\n  line one\n"
      "    indented two\nnumber: 3\n---\n# Weekly #3\n\nText.\n",
      {"email", "markdown"});
  CHECK(test_support::reading_problems(r).empty());
  CHECK(r.issue.meta["preheader"] == "Transformers in industry, cheap labels.\nAnd more.\n");
  CHECK(r.issue.meta["summary"] == "line one\n  indented two");
  CHECK(r.issue.number == 3);
  CHECK(r.outputs.at("email").find("Transformers in industry, cheap labels.") != std::string::npos);
  // Written back quoted, it reads the same.
  const auto again = compose(r.outputs.at("markdown"));
  CHECK(again.issue.meta == r.issue.meta);
}

TEST_CASE("a title line's paragraph that \"---\" underlines keeps its summary", "[regression][parser]") {
  // "---" right under a paragraph makes it a setext heading: the heading's
  // first line titled an item and the lines after it were in no output.
  const std::string source =
      "# Issue #1\n\n## 1. News\n\n**[Big launch](https://a.com)** (5 minute read)\n"
      "The company launched a thing that matters.\n---\n\n**[Other](https://b.com)** (2 minute read)\nAnother one.\n";
  const auto r = compose(source, {"text", "html", "markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 2);
  const auto& item = r.issue.sections[0].items[0];
  CHECK(item.title == "Big launch (5 minute read)");
  CHECK(item.summary.text == "The company launched a thing that matters.");
  CHECK(test_support::slice(source, item.summary.range) == "The company launched a thing that matters.");
  for (const char* format : {"text", "html", "markdown"}) {
    INFO(format);
    CHECK(r.outputs.at(format).find("The company launched a thing that matters.") != std::string::npos);
  }
}

TEST_CASE("a <br> tag breaks the line instead of gluing words together", "[regression][parser]") {
  // Raw HTML is left out of every output, and "First line<br>second line"
  // came out as "First linesecond line", in the canonical Markdown too.
  const auto r = compose("# T #1\n\n## 1. S\n\n### [Item](https://a.com)\nFirst line<br>second line<BR />third.\n\n"
                         "| a | b |\n|---|---|\n| x<br/>y | z |\n",
                         {"text", "html", "markdown"});
  CHECK_FALSE(test_support::has_rule(r, "markup/raw-html"));
  CHECK(r.outputs.at("text").find("First line\nsecond line\nthird.") != std::string::npos);
  CHECK(r.outputs.at("html").find("First line<br />\nsecond line<br />\nthird.") != std::string::npos);
  CHECK(r.outputs.at("markdown").find("First line\\\n  second line\\\n  third.") != std::string::npos);
  // In a table's cell, which Markdown writes on one line, it is a space.
  CHECK(r.outputs.at("markdown").find("| x y | z |") != std::string::npos);
}

TEST_CASE("a heading that links a word of it keeps the link", "[regression][parser]") {
  // A heading is a section's or an item's title, linked only when the link
  // was the whole title: "## Sponsored by [Acme](url)" and "### [Tool](url) —
  // a fast editor" lost their addresses in every output.
  const auto r = compose("# T #1\n\n## 1. S\n\n### [Tool](https://a.com) — a fast editor\n\nSummary.\n\n"
                         "## Sponsored by [Acme](https://acme.com)\n\nThanks.\n",
                         {"html", "text", "markdown"});
  REQUIRE(r.issue.sections.size() == 2);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  CHECK(r.issue.sections[0].items[0].title == "Tool — a fast editor");
  CHECK(r.issue.sections[0].items[0].url == "https://a.com");
  CHECK(r.issue.sections[1].title == "Sponsored by Acme");
  CHECK(r.issue.sections[1].url == "https://acme.com");
  for (const char* format : {"html", "text", "markdown"}) {
    INFO(format);
    CHECK(r.outputs.at(format).find("https://a.com") != std::string::npos);
    CHECK(r.outputs.at(format).find("https://acme.com") != std::string::npos);
  }
}

TEST_CASE("an entry's own site in parentheses leaves the space after it", "[regression][parser]") {
  // "- [Delta](url) (d.com) — with *emph*": taking the site out trimmed the
  // text after it at both ends, and the summary read "withemph".
  const auto r = compose("# T #1\n\n## 1. S\n\n- [Delta](https://d.com) (d.com) — with *emph* and `code`\n", {"text", "html"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  const auto& item = r.issue.sections[0].items[0];
  CHECK(item.source == "d.com");
  CHECK(item.summary.text == "with emph and code");
  CHECK(r.outputs.at("text").find("with emph and code") != std::string::npos);
  CHECK(r.outputs.at("html").find("with <em>emph</em>") != std::string::npos);
}

TEST_CASE("front matter: Hugo's TOML between +++ lines", "[regression][front-matter]") {
  // "+++", "title = …", "+++" was read as a paragraph opening the issue: its
  // lines were text in every output and the title heading under it was none.
  const auto r = compose("+++\ntitle = \"Toml issue\"\nnumber = 9\ntags = [\"a\", \"b\"]\n+++\n# Toml issue\n\n## 1. Sec\n\n"
                         "### [Item](https://a.com)\nSummary.\n",
                         {"text", "markdown"});
  CHECK(test_support::reading_problems(r).empty());
  CHECK(r.issue.title == "Toml issue");
  CHECK(r.issue.number == 9);
  CHECK(r.issue.meta.value("tags", nlohmann::ordered_json()) == nlohmann::ordered_json::array({"a", "b"}));
  CHECK(r.outputs.at("text").find("title =") == std::string::npos);
  CHECK(test_support::compose(r.outputs.at("markdown")).issue.meta == r.issue.meta);
  // Unclosed, it is no front matter: its lines stay text.
  const auto open = compose("+++\ntitle = \"X\"\n\n# T\n", {"text"});
  CHECK(open.outputs.at("text").find("title = \"X\"") != std::string::npos);
}

TEST_CASE("a title holding several links keeps each of them in every output", "[regression][parser][render]") {
  // "- Someone fixed [#123](…/1) and [#456](…/2)" linked its whole title to
  // …/1 in the html, email and text outputs: …/2 was in the Markdown alone.
  // A heading with two links ("### [A](…) and [B](…)", "## 2. [A](…) and
  // [B](…)") lost both, and its item was reported as having no link.
  const std::string list_source =
      "# Weekly #7\n\n## 1. Updates\n\n"
      "- [Plain entry](https://example.com/plain) — a summary\n"
      "- Someone fixed [#123](https://github.com/a/b/pull/1) and\n  [#456](https://github.com/a/b/pull/2)\n";
  const std::string heading_source =
      "# Weekly #7\n\n## 1. [Rust](https://rust.example/one) and [Go](https://go.example/two)\n\n"
      "### [Tokio](https://tokio.example/three) meets [Axum](https://axum.example/four)\n\nWhy it matters.\n";
  const std::vector<std::string> formats = {"html", "email", "text", "markdown"};
  for (const auto& [source, urls] :
       {std::pair<std::string, std::vector<std::string>>{list_source, {"github.com/a/b/pull/1", "github.com/a/b/pull/2"}},
        {heading_source, {"rust.example/one", "go.example/two", "tokio.example/three", "axum.example/four"}}}) {
    const auto r = compose(source, formats);
    for (const std::string& format : formats) {
      for (const std::string& address : urls) {
        INFO(format << ": " << address << "\n" << r.outputs.at(format));
        CHECK(r.outputs.at(format).find(address) != std::string::npos);
      }
    }
    for (const auto& d : r.diagnostics) CHECK(d.rule != "structure/item-no-link");
    // The Markdown reads back as the same issue, and writes itself again.
    const auto again = compose(r.outputs.at("markdown"), formats);
    CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
    REQUIRE(again.issue.sections.size() == r.issue.sections.size());
    for (std::size_t i = 0; i < r.issue.sections.size(); ++i) {
      const auto& before = r.issue.sections[i];
      const auto& after = again.issue.sections[i];
      CHECK(after.title_html == before.title_html);
      REQUIRE(after.items.size() == before.items.size());
      for (std::size_t j = 0; j < before.items.size(); ++j) {
        CHECK(after.items[j].title == before.items[j].title);
        CHECK(after.items[j].url == before.items[j].url);
        CHECK(after.items[j].title_html == before.items[j].title_html);
      }
    }
  }
  const auto list = compose(list_source, {"html", "markdown"});
  const auto& entry = list.issue.sections.at(0).items.at(1);
  CHECK(entry.url == "https://github.com/a/b/pull/1");
  CHECK(entry.title == "Someone fixed #123 and #456");
  // The list stays a list, its entry the sentence as written.
  CHECK(list.outputs.at("markdown").find("- Someone fixed [#123](https://github.com/a/b/pull/1) and") != std::string::npos);
  CHECK(list.outputs.at("html").find("<h3 class=\"item-title has-links\">Someone fixed <a href=\"https://github.com/a/b/pull/1\">#123</a>") !=
        std::string::npos);
  const auto headings = compose(heading_source, {"html", "text"});
  const auto& section = headings.issue.sections.at(0);
  CHECK(section.number == 1);
  CHECK(section.title == "Rust and Go");
  CHECK(section.items.at(0).url == "https://tokio.example/three");
  CHECK(headings.outputs.at("html").find("<h2 class=\"section-title has-links\"><span class=\"section-number\">1.</span> <a href=\"https://rust.example/one\">Rust</a> and") !=
        std::string::npos);
  CHECK(headings.outputs.at("text").find("1. Rust [1] and Go [2]") != std::string::npos);
}

TEST_CASE("a linked title heading is the issue's title, its link in every output", "[regression][parser][render]") {
  // "# [Weekly 12](url)", as exports link the title to the web version, was
  // read as an item: "This issue has no title", and the address was lost.
  const std::string source = "# [Weekly 12](https://weekly.example/12)\n\n## 1. News\n\n### [Item](https://a.example/1)\n\nWhy.\n";
  const auto r = compose(source, {"html", "email", "text", "markdown", "json"});
  CHECK(r.issue.title == "Weekly 12");
  CHECK(r.outputs.at("json").find("\"url\": \"https://weekly.example/12\"") != std::string::npos);
  CHECK(r.issue.title_url == "https://weekly.example/12");
  REQUIRE(r.issue.sections.size() == 1);
  CHECK(r.issue.sections[0].items.size() == 1);
  for (const auto& d : r.diagnostics) CHECK(d.rule != "structure/no-title");
  CHECK(r.outputs.at("html").find("<h1 class=\"issue-title\" data-line=\"1\"><a href=\"https://weekly.example/12\">Weekly 12</a></h1>") !=
        std::string::npos);
  CHECK(r.outputs.at("email").find("href=\"https://weekly.example/12\"") != std::string::npos);
  CHECK(r.outputs.at("text").find("Weekly 12 [1]\n\n[1] https://weekly.example/12\n") == 0);
  CHECK(r.outputs.at("markdown").find("\n# [Weekly 12](https://weekly.example/12)\n") != std::string::npos);
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.issue.title_url == "https://weekly.example/12");
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
  // A digest whose "#" headings are all linked keeps them as its items.
  const auto digest = compose("# [One](https://a.example/1)\n\nFirst.\n\n# [Two](https://a.example/2)\n\nSecond.\n");
  CHECK(digest.issue.title.empty());
  std::size_t items = 0;
  for (const auto& s : digest.issue.sections) items += s.items.size();
  CHECK(items == 2);
}

TEST_CASE("a heading made of a linked picture names an item with its link and picture", "[regression][parser]") {
  // "### [![Logo](src)](url)" gave an item with no title, no link and no
  // picture: both addresses were in no output.
  const auto r = compose("# T #1\n\n## 1. S\n\n### [![Acme logo](https://img.example/l.png)](https://acme.example/x)\n\nSummary.\n",
                         {"html", "markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  const auto& item = r.issue.sections[0].items[0];
  CHECK(item.url == "https://acme.example/x");
  REQUIRE(item.image);
  CHECK(item.image->src == "https://img.example/l.png");
  CHECK(item.image->alt == "Acme logo");
  for (const auto& d : r.diagnostics) CHECK(d.rule != "structure/item-no-link");
  for (const char* format : {"html", "markdown"}) {
    INFO(format);
    CHECK(r.outputs.at(format).find("https://acme.example/x") != std::string::npos);
    CHECK(r.outputs.at(format).find("https://img.example/l.png") != std::string::npos);
  }
}

TEST_CASE("words after a domain link are no title line", "[regression][parser]") {
  // "…subscribed at [brief.example](url). Unsubscribe here." was read as a
  // title line "Title —— [domain](url)": the item was titled by the text
  // before the link and the sentence after it was in no output.
  const std::string source =
      "# B 1\n\n**[One](https://one.example/)** — first.\n\n**[Two](https://two.example/)** — second.\n\n"
      "You subscribed at [brief.example](https://brief.example). Reply to unsubscribe.\n";
  const auto r = compose(source, {"html", "email", "text", "markdown"});
  for (const char* format : {"html", "email", "text", "markdown"}) {
    INFO(format);
    CHECK(r.outputs.at(format).find("Reply to unsubscribe.") != std::string::npos);
  }
  // The title line it was made for keeps its source.
  const auto line = compose("# B 1\n\n## 1. S\n\nA title —— [arxiv.org](https://arxiv.org/abs/2108.05887)\n\nSummary.\n");
  REQUIRE(line.issue.sections.size() == 1);
  REQUIRE(line.issue.sections[0].items.size() == 1);
  CHECK(line.issue.sections[0].items[0].title == "A title");
  CHECK(line.issue.sections[0].items[0].source == "arxiv.org");
}

TEST_CASE("a card linked relative to its site takes the empty link's address", "[regression][parser]") {
  // Medium writes "[](https://medium.com/x) [## Title … medium.com](/x)": the
  // card took its own relative address, which the email and the text cannot
  // resolve (they showed the title unlinked), and the absolute one was lost.
  const std::string source =
      "# T #1\n\n# Other posts\n\n[](https://medium.com/tidy/older) [## An older post\n\n### Its teaser…\n\n"
      "medium.com](/tidy/older)\n";
  const auto r = compose(source, {"html", "email", "text", "markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  CHECK(r.issue.sections[0].items[0].url == "https://medium.com/tidy/older");
  for (const char* format : {"html", "email", "text", "markdown"}) {
    INFO(format);
    CHECK(r.outputs.at(format).find("https://medium.com/tidy/older") != std::string::npos);
  }
}

TEST_CASE("a card that repeats an item keeps its own title in every output", "[regression][parser]") {
  // A Medium card under the item it repeats gave the item its teaser, but its
  // title, the page's own (here a second translation), was in no output:
  // only import wrote it, in front of the teaser.
  const std::string source =
      "# T #1\n\n## 1. S\n\n### [Algorithms block drugs](https://wired.example/story)\n\n"
      "[](https://wired.example/story) [## Drug risk scores and chronic pain\n\n### One night in July…\n\n"
      "wired.example](https://wired.example/story)\n\nSummary.\n";
  const auto r = compose(source, {"html", "email", "text", "markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  CHECK(r.issue.sections[0].items[0].title == "Algorithms block drugs");
  for (const char* format : {"html", "email", "text", "markdown"}) {
    INFO(format);
    CHECK(r.outputs.at(format).find("Drug risk scores and chronic pain") != std::string::npos);
    CHECK(r.outputs.at(format).find("One night in July") != std::string::npos);
  }
}

TEST_CASE("a short word after a heading's title link stays in its title", "[regression][parser]") {
  // "### [Two words](url) ok": up to three characters after the link were
  // taken for a stray mark and dropped from every output.
  const auto r = compose("# T #1\n\n## 1. S\n\n### [Two words](https://a.example/d) ok\n\nSummary.\n",
                         {"html", "email", "text", "markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  CHECK(r.issue.sections[0].items[0].title == "Two words ok");
  CHECK(r.issue.sections[0].items[0].url == "https://a.example/d");
  for (const char* format : {"html", "email", "text", "markdown"}) {
    INFO(format);
    CHECK(r.outputs.at(format).find("Two words ok") != std::string::npos);
  }
  // A comma after the link, as in a list of headings, is no word.
  const auto comma = compose("# T #1\n\n## 1. S\n\n### [Rust RFCs](https://a.example/r),\n\nSummary.\n");
  REQUIRE(comma.issue.sections.size() == 1);
  REQUIRE(comma.issue.sections[0].items.size() == 1);
  CHECK(comma.issue.sections[0].items[0].title == "Rust RFCs");
}

TEST_CASE("a title around an empty link keeps the words on both sides", "[regression][parser]") {
  // "Another title [](url) trailing words": the title was the text before
  // the link only, and the words after it were in no output.
  const auto r = compose("# T #1\n\n## 1. Papers\n\nAnother title [](https://arxiv.org/abs/2401.44444) trailing words\n\nSummary.\n",
                         {"html", "email", "text", "markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  CHECK(r.issue.sections[0].items[0].title == "Another title trailing words");
  for (const char* format : {"html", "email", "text", "markdown"}) {
    INFO(format);
    CHECK(r.outputs.at(format).find("trailing words") != std::string::npos);
  }
}

TEST_CASE("a picture inside a title link is its item's picture", "[regression][parser]") {
  // "[![Chart](src) Chart of the week](url)": the title line took the link's
  // text for the title, and the picture beside it was in no output.
  for (const std::string line : {"[![Chart](https://img.example/c.png) Chart of the week](https://rents.example/)",
                                 "### [Chart of the week ![Chart](https://img.example/c.png)](https://rents.example/)"}) {
    INFO(line);
    const auto r = compose("# T 1\n\n## 1. Pictures\n\n" + line + "\n\nText under it.\n", {"html", "email", "markdown"});
    REQUIRE(r.issue.sections.size() == 1);
    REQUIRE(r.issue.sections[0].items.size() == 1);
    const auto& item = r.issue.sections[0].items[0];
    CHECK(item.title == "Chart of the week");
    REQUIRE(item.image);
    CHECK(item.image->src == "https://img.example/c.png");
    for (const char* format : {"html", "email", "markdown"}) {
      INFO(format);
      CHECK(r.outputs.at(format).find("https://img.example/c.png") != std::string::npos);
    }
  }
}

TEST_CASE("a title that keeps its links keeps its pictures, shown once", "[regression][render]") {
  // "### [A](…) and [B](…) ![icon](…)" kept the picture in the title's markup
  // and took it for the item's picture too: the html showed it twice, and the
  // Markdown output wrote it again after the heading at each round (found by
  // the fuzzer's smoke pass).
  for (const std::string source :
       {"# T #1\n\n## 1. S\n\n### [A](https://a.example/1) and [B](https://b.example/2) ![icon](https://i.example/i.png)\n\nWhy.\n",
        "# T #1\n\n## 1. S\n\n- Fixed ![bug](https://i.example/b.png) [#1](https://a.example/1) and [#2](https://a.example/2)\n"}) {
    const auto r = compose(source, {"html", "markdown"});
    const auto& item = r.issue.sections.at(0).items.at(0);
    CHECK_FALSE(item.image);
    const std::string& html = r.outputs.at("html");
    const std::size_t first = html.find("<img");
    REQUIRE(first != std::string::npos);
    CHECK(html.find("<img", first + 1) == std::string::npos);
    const auto again = compose(r.outputs.at("markdown"), {"markdown"});
    CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
  }
}
