// Canonical Markdown: rendering it again gives the same bytes, and reading it
// gives the same issue (sections, items, addresses, summaries).
#include <algorithm>
#include <sstream>

#include "../support/properties.hpp"
#include "support.hpp"

using namespace composer;
using test_properties::outline;

namespace {

std::string markdown_of(const std::string& source) {
  return test_support::compose(source, {"markdown"}).outputs.at("markdown");
}

struct Check {
  bool idempotent;
  bool same_model;
};

Check check_canonical(const std::string& source) {
  const auto first = test_support::compose(source, {"markdown"});
  const std::string once = first.outputs.at("markdown");
  const auto second = test_support::compose(once, {"markdown"});
  return {second.outputs.at("markdown") == once, outline(second.issue) == outline(first.issue)};
}

std::vector<std::filesystem::path> fixture_inputs() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(test_support::source_dir() / "tests" / "fixtures")) {
    if (std::filesystem::exists(entry.path() / "input.md")) files.push_back(entry.path() / "input.md");
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("canonical Markdown of the fixtures and the sample: idempotent, model kept", "[markdown]") {
  auto files = fixture_inputs();
  if (const auto shared = test_support::shared_dir()) files.push_back(*shared / "samples" / "akira-ml-news-27.zh.md");
  for (const auto& file : files) {
    INFO(file.string());
    const auto first = test_support::compose(test_support::read_file(file), {"markdown"});
    const std::string once = first.outputs.at("markdown");
    const auto second = test_support::compose(once, {"markdown"});
    CHECK(second.outputs.at("markdown") == once);
    CHECK(outline(second.issue) == outline(first.issue));
  }
}

TEST_CASE("canonical Markdown of the corpus: idempotent, model kept", "[markdown][corpus]") {
  const auto shared = test_support::shared_dir();
  if (!shared) return;
  std::vector<std::string> failing;
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(*shared / "corpus")) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".md" && ext != ".markdown")) continue;
    const std::string source = test_support::read_file(entry.path());
    ++count;
    const Check check = check_canonical(source);
    if (!check.idempotent || !check.same_model) failing.push_back(entry.path().filename().string());
  }
  INFO(failing.size() << " of " << count << " issues, first: " << (failing.empty() ? "" : failing.front()));
  CHECK(failing.empty());
  CHECK(count > 600);
}

// The fuzzer's finds (tests/fuzz/regressions/markdown-*: two option bytes,
// then a source; from cmark's spec examples), each read and written again.
TEST_CASE("the fuzzer's Markdown finds render to themselves and read back as the same issue", "[markdown][regression]") {
  std::size_t count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(test_support::source_dir() / "tests" / "fuzz" / "regressions")) {
    if (entry.path().filename().string().rfind("markdown-", 0) != 0) continue;
    ++count;
    const std::string source = test_support::read_file(entry.path()).substr(2);
    INFO(entry.path().filename().string() << ": " << source);
    const Check check = check_canonical(source);
    CHECK(check.idempotent);
    CHECK(check.same_model);
  }
  CHECK(count >= 5);
}

const std::string kMarker = "<!-- issue-composer: canonical -->\n\n";

// The parser reads a list of links before any section heading as the
// opening, so items there stay headings (markdown-list-entry-*, -relative-*),
// after a thematic break in an issue without a title (below).
TEST_CASE("items before any section heading stay headings", "[markdown][regression]") {
  const std::string web = "[a](https://a.org/1)\n\n[b](https://a.org/2)\n";
  CHECK(markdown_of(web) == kMarker + "***\n\n### [a](https://a.org/1)\n\n### [b](https://a.org/2)\n");
  CHECK(markdown_of("# T\n\n" + web) == kMarker + "# T\n\n### [a](https://a.org/1)\n\n### [b](https://a.org/2)\n");
  CHECK(check_canonical(web).same_model);
  // One whose only address is a script one is written without it
  // (regressions/script-item-before-sections, -in-unnumbered-section).
  CHECK(markdown_of("[a](javascript:alert(1))\n") == kMarker + "***\n\n### a\n");
  CHECK(check_canonical("[a](javascript:alert(1))\n").idempotent);
  const std::string unnumbered = "# T\n\n## Links\n\n### [a](javascript:alert(1))\n\n[b](https://b.org) too\n";
  CHECK(markdown_of(unnumbered) == kMarker + "# T\n\n## Links\n\n### a\n\n[b](https://b.org) too\n");
  CHECK(check_canonical(unnumbered).idempotent);
  CHECK(check_canonical(unnumbered).same_model);
}

// A list among the untitled section's notes, where the parser would take it
// for the highlights, stays a note: after the item it follows, behind the
// thematic break that ends the item (markdown-opening-list-that-is-no-highlight).
TEST_CASE("an opening list that is no highlight stays a note", "[markdown][regression]") {
  const std::string source = "# [Intro link](https://h.org)\n\n#\n\n- A note\n\n# 1. S\n";
  const auto first = test_support::compose(source, {"markdown"});
  CHECK(first.issue.highlights.empty());
  CHECK(first.outputs.at("markdown").find("### [Intro link](https://h.org)\n\n***\n\n- A note\n") != std::string::npos);
  const auto again = test_support::compose(first.outputs.at("markdown"), {"markdown"});
  CHECK(again.issue.highlights.empty());
  REQUIRE(again.issue.sections.size() == 2);
  REQUIRE(again.issue.sections[0].notes.size() == 1);
  CHECK(again.issue.sections[0].notes[0].text == "A note");
  CHECK(check_canonical(source).idempotent);
  CHECK(check_canonical(source).same_model);
}

// The link that opens an entry's paragraph titles it, in its first paragraph
// or a later one: written, the link comes first (markdown-entry-link-after-a-paragraph).
TEST_CASE("an entry's link opening a later paragraph titles it", "[markdown][regression]") {
  const std::string source = "# T\n\n## 1. S\n\n- Why it matters\n\n  [Title](https://a.org) and more\n- [B](https://b.org)\n";
  const auto first = test_support::compose(source, {"markdown"});
  REQUIRE(first.issue.sections.size() == 1);
  REQUIRE(first.issue.sections[0].items.size() == 2);
  CHECK(first.issue.sections[0].items[0].title == "Title");
  CHECK(first.issue.sections[0].items[0].summary.text == "Why it matters\n\nand more");
  CHECK(check_canonical(source).idempotent);
  CHECK(check_canonical(source).same_model);
}

// A title keeps a run of '*' that a code span held: canonical text is read
// as written, and no run of '*' is dropped from it (markdown-star-run-in-code-title).
TEST_CASE("a title's run of asterisks comes back", "[markdown][regression]") {
  const std::string source = "# T\n\n## 1. Python\n\n### [Use `**kwargs`](https://a.org/k)\n\nWhy.\n";
  const auto first = test_support::compose(source, {"markdown"});
  REQUIRE(first.issue.sections.size() == 1);
  REQUIRE(first.issue.sections[0].items.size() == 1);
  CHECK(first.issue.sections[0].items[0].title == "Use **kwargs");
  CHECK(first.outputs.at("markdown").find("[Use \\*\\*kwargs](https://a.org/k)") != std::string::npos);
  CHECK(check_canonical(source).idempotent);
  const auto again = test_support::compose(first.outputs.at("markdown"), {"markdown"});
  CHECK(again.issue.sections[0].items[0].title == "Use **kwargs");
}

// It takes a heading that opens the issue for the title: without a title, a
// thematic break goes first (markdown-untitled-section-heading).
// cmark-gfm ticks a task whose box's line holds "[x]" or "[X]" anywhere
// (tasklist.c): a code span that spanned lines, written on one, is broken
// again before it (markdown-task-code-span-carrying-a-tick).
TEST_CASE("an open task stays open when a code span brings a [x] up to its line", "[markdown][regression]") {
  const std::string source = "- [ ] a `b\nc [x]` d\n- [ ] `e\n-[X]`\n- [ ] `f [x]` g\n";
  const std::string once = markdown_of(source);
  CHECK(once == kMarker + "***\n\n- [ ] a `b c\n  [x]` d\n- [ ] `e\n  -[X]`\n- [x] `f [x]` g\n");
  const auto html = test_support::compose(once, {"html"}).outputs.at("html");
  CHECK(html.find("<input type=\"checkbox\" disabled=\"\" /> a <code>b c [x]</code> d") != std::string::npos);
  CHECK(html.find("<input type=\"checkbox\" disabled=\"\" /> <code>e -[X]</code>") != std::string::npos);
  CHECK(check_canonical(source).idempotent);
  CHECK(check_canonical(source).same_model);
}

// A loose entry whose only paragraph shows nothing ("**") is written without
// it: read back, the list has no <p> and is tight, so it is written tight
// from the start (markdown-loose-list-whose-only-paragraph-shows-nothing).
TEST_CASE("a loose list whose paragraphs show nothing is written tight", "[markdown][regression]") {
  const std::string source = "*\n  * $\n\n  ***\n  **";
  CHECK(markdown_of(source) == kMarker + "***\n\n- - $\n  ***\n");
  CHECK(check_canonical(source).idempotent);
  CHECK(check_canonical(source).same_model);
  // One paragraph written keeps the list loose.
  const std::string written = "*\n  * $\n\n  ***\n\n  text";
  CHECK(markdown_of(written) == kMarker + "***\n\n- - $\n\n  ***\n\n  text\n");
  CHECK(check_canonical(written).idempotent);
}

// An item's title, an image's description or a source label written as a
// link's text: "[# ## I](r)" would open a Medium card flattened onto one line
// on the next read (markdown-item-title-opening-with-a-card-mark).
TEST_CASE("a link's text opening with a run of '#' and a space is escaped", "[markdown][regression]") {
  const std::string source = "[](r)#\v## I";
  CHECK(markdown_of(source) == kMarker + "***\n\n### [\\# ## I](r)\n");
  for (const std::string& s : {source, std::string("# T\n\n## 1. A\n\n### [](https://x.org/a) ## Card-like title ### teaser\n"),
                               std::string("# T\n\n## 1. A\n\n### [x](https://x.org/a)\n![## b ## c](https://x.org/i.png)\n")}) {
    INFO(s);
    CHECK(check_canonical(s).idempotent);
    CHECK(check_canonical(s).same_model);
  }
  // "[#123](…)" is no such run, and stays as written.
  CHECK(markdown_of("# T\n\n## 1. A\n\n### [#123 fixed](https://x.org/123)\n").find("[#123 fixed]") != std::string::npos);
}

// A task whose first block is no paragraph has it on the next line: on the
// box's line, "- [ ] - [" is a task whose text is "- [" (markdown-task-holding-a-list).
TEST_CASE("a task holding a list, a quote or a rule keeps it under the box", "[markdown][regression]") {
  CHECK(markdown_of("- [ ] \n  - [") == kMarker + "***\n\n- [ ] \n  - \\[\n");
  for (const std::string& source : {"- [ ] \n  - [", "- [x] \n  > q\n", "- [ ] \n  ***\n", "- [ ] a\n  - b\n"}) {
    INFO(source);
    CHECK(check_canonical(source).idempotent);
    CHECK(check_canonical(source).same_model);
  }
}

TEST_CASE("an issue without a title keeps its first heading a section", "[markdown][regression]") {
  const std::string untitled = "***\n## News\n\nA note.\n";
  CHECK(markdown_of(untitled) == kMarker + "***\n\n## News\n\nA note.\n");
  const auto again = test_support::compose(markdown_of(untitled), {"markdown"});
  CHECK(again.issue.title.empty());
  REQUIRE(again.issue.sections.size() == 1);
  CHECK(again.issue.sections[0].title == "News");
}

TEST_CASE("the canonical shape", "[markdown]") {
  const std::string md = markdown_of(
      "---\nnewsletter: Digest\nnumber: 3\ntags: [a, b]\nnote: \"x: y\"\n---\n# Digest #3\n\n- One *highlight*\n\n"
      "## 1. News\n### [Item](https://a.org/x?utm_source=mail&id=1)\n![Alt](https://a.org/i.png)\n"
      "[2108.05887] Summary with a [link](https://l.org/?utm_medium=x&q=1).\n\n## Subscribe\n\nA note.\n");
  CHECK(md ==
        "---\nnewsletter: Digest\nnumber: 3\ntags:\n  - a\n  - b\nnote: \"x: y\"\n---\n\n" + kMarker + "# Digest #3\n\n"
        "- One *highlight*\n\n## 1. News\n\n### [Item](https://a.org/x?id=1)\n\n![Alt](https://a.org/i.png)\n\n"
        "[2108.05887] Summary with a [link](https://l.org/?q=1).\n\n## Subscribe\n\nA note.\n");
  // Nothing to mark: nothing, or the front matter alone.
  CHECK(markdown_of("").empty());
  CHECK(markdown_of("---\nnumber: 3\n---\n") == "---\nnumber: 3\n---\n");
}

// With the marker, the text is read by the shape's grammar, not by the
// inference that reads messy exports: the ambiguities the fuzzer found
// between the two item forms and the opening are gone
// (regressions/markdown-mode-*).
TEST_CASE("canonical Markdown is read by its shape", "[markdown]") {
  // Without the marker, a titled paragraph is an item and, in an issue of
  // list entries, a linked heading names a section.
  const std::string body =
      "# T\n\n## 1. News\n\n[Note link](https://a.org/n)\n\n### [Heading item](https://a.org/h)\n\n"
      "- [Entry one](https://a.org/1)\n- [Entry two](https://a.org/2)\n- [Entry three](https://a.org/3)\n\n"
      "## Tail\n\n## Also\n";
  const auto inferred = test_support::compose(body, {}).issue;
  const auto shaped = test_support::compose(kMarker + body, {}).issue;
  REQUIRE(inferred.sections.size() == 4);
  CHECK(inferred.sections[1].title == "Heading item");
  REQUIRE(shaped.sections.size() == 3);
  const Section& news = shaped.sections[0];
  CHECK(news.notes.size() == 1);
  CHECK(news.notes[0].text == "Note link");
  REQUIRE(news.items.size() == 4);
  CHECK(news.items[0].title == "Heading item");
  CHECK(news.items[1].title == "Entry one");
  // The marker is no raw HTML to report, and no note.
  const auto checked = test_support::compose(kMarker + body, {});
  for (const auto& d : checked.diagnostics) CHECK(d.rule != "markup/raw-html");
  CHECK(shaped.intro.empty());
  // A heading among the notes is written bold: headings are the title, the
  // sections and the items.
  const std::string opening = "# T\n\n## This week\n\nHello.\n\n## 1. News\n\n### [A](https://a.org)\n";
  CHECK(markdown_of(opening).find("# T\n\n**This week**\n\nHello.\n\n## 1. News\n") != std::string::npos);
  const Check check = check_canonical(opening);
  CHECK(check.idempotent);
  CHECK(check.same_model);
}

TEST_CASE("issues whose items are plain links keep them as list entries", "[markdown]") {
  const std::string md = markdown_of(
      "# Weekly\n\n## News\n\n* [First](https://a.org/1) - a note.\n* [Second](https://a.org/2)\n\n"
      "[Submit yours](https://a.org/submit)\n");
  CHECK(md.find("## News\n\n- [First](https://a.org/1) — a note.\n- [Second](https://a.org/2)\n\n"
                "[Submit yours](https://a.org/submit)\n") != std::string::npos);
  CHECK(check_canonical(md).idempotent);
  // An entry titled by the sentence around its link keeps the link's address
  // as written, not percent-encoded as the sentence's HTML has it
  // (regressions/markdown-sentence-entry-encoded-address).
  const std::string sentence =
      "# Weekly\n\n## News\n\n- About [the item](https://zh.wikipedia.org/wiki/机器学习?a=1&b=2) here.\n"
      "- [Other](https://a.org/2)\n";
  CHECK(markdown_of(sentence).find("- About [the item](https://zh.wikipedia.org/wiki/机器学习?a=1&b=2) here.\n") !=
        std::string::npos);
  const Check check = check_canonical(sentence);
  CHECK(check.idempotent);
  CHECK(check.same_model);
}

TEST_CASE("front-matter values cannot become HTML or links where the front matter is read as Markdown", "[markdown][security]") {
  const std::string source = "---\nbrand_name: \"<img src=x onerror=alert(1)> [a](javascript:x)\"\n---\n# T\n";
  const auto first = test_support::compose(source, {"markdown"});
  const std::string md = first.outputs.at("markdown");
  CHECK(md.find("brand_name: \"\\u003cimg src=x onerror=alert(1)> \\u005ba](javascript:x)\"\n") != std::string::npos);
  CHECK(test_properties::html_problems(render_gfm(md, {{"autolink"}, true})).empty());
  CHECK(test_support::compose(md, {}).issue.meta == first.issue.meta);
}

TEST_CASE("no script address, raw HTML or event handler in the Markdown", "[markdown][security]") {
  const std::string md = markdown_of(
      "# T\n\n## 1. S\n### [Bad](javascript:alert(1))\n![x](javascript:alert(2))\n"
      "Text <img src=x onerror=alert(3)> and [d](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:x)\n\n"
      "<script>alert(4)</script>\n");
  CHECK(md.find("javascript") == std::string::npos);
  CHECK(md.find("vbscript") == std::string::npos);
  CHECK(md.find("data:text") == std::string::npos);
  CHECK(md.find("onerror") == std::string::npos);
  CHECK(md.find("<script") == std::string::npos);
  CHECK(md.find("### Bad\n") != std::string::npos);
}
