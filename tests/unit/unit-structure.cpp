// How the parser reads an issue's structure, on small hand-written issues.
#include "support.hpp"
#include "util/canonical.hpp"

using test_support::compose;
using test_support::slice;

namespace {

const std::string kCanonical = R"(---
newsletter: Weekly ML Digest
number: 27
date: 2021-08-29
utm_source: weekly
tags: [ml, papers]
---
# Weekly ML Digest — #27

- Highlight one, with a [link](https://arxiv.org/abs/2108.05887).
- Highlight two.

## 1. Featured this week
### [Billion-scale pretraining](https://arxiv.org/abs/2108.05887?utm_source=x)
![Figure 1](https://example.org/fig1.png)
[2108.05887] A single transformer trained on *1.3 billion* images.

### [Second item](https://example.org/post)
A summary with `code`.

More summary.

## 2. Use cases
### [Third](https://www.wired.com/story/a/)
Text.
)";

}  // namespace

TEST_CASE("the canonical shape is read completely", "[structure]") {
  const auto r = compose(kCanonical);
  const auto& issue = r.issue;
  CHECK(test_support::reading_problems(r).empty());
  CHECK(issue.title == "Weekly ML Digest — #27");
  CHECK(issue.number == 27);
  CHECK(issue.date == "2021-08-29");
  CHECK(issue.newsletter == "Weekly ML Digest");
  CHECK(issue.meta["utm_source"] == "weekly");
  CHECK(issue.meta["tags"] == nlohmann::ordered_json::array({"ml", "papers"}));
  REQUIRE(issue.highlights.size() == 2);
  CHECK(issue.highlights[0].links.size() == 1);
  CHECK(issue.highlights[0].links[0].url == "https://arxiv.org/abs/2108.05887");
  CHECK(slice(kCanonical, issue.highlights[0].links[0].range) == "[link](https://arxiv.org/abs/2108.05887)");
  REQUIRE(issue.sections.size() == 2);
  CHECK(issue.sections[0].number == 1);
  CHECK(issue.sections[0].title == "Featured this week");
  REQUIRE(issue.sections[0].items.size() == 2);
  const auto& first = issue.sections[0].items[0];
  CHECK(first.title == "Billion-scale pretraining");
  CHECK(first.url == "https://arxiv.org/abs/2108.05887?utm_source=x");
  CHECK(first.canonical_url == "https://arxiv.org/abs/2108.05887");
  CHECK(first.source == "arxiv.org");
  CHECK(first.paper_id == "arXiv:2108.05887");
  REQUIRE(first.image);
  CHECK(first.image->src == "https://example.org/fig1.png");
  CHECK(first.image->alt == "Figure 1");
  CHECK(first.summary.text == "A single transformer trained on 1.3 billion images.");
  CHECK(first.summary.markdown == "[2108.05887] A single transformer trained on *1.3 billion* images.");  // as written
  CHECK(first.summary.html == "<p>A single transformer trained on <em>1.3 billion</em> images.</p>\n");
  const auto& second = issue.sections[0].items[1];
  CHECK(second.summary.text == "A summary with code.\n\nMore summary.");
  CHECK(second.paper_id.empty());
  CHECK(issue.sections[1].items.at(0).source == "wired.com");
}

TEST_CASE("item and section ranges are exact", "[structure][ranges]") {
  const auto r = compose(kCanonical);
  const auto& s = r.issue.sections[0];
  CHECK(slice(kCanonical, s.heading_range) == "## 1. Featured this week");
  const auto& item = s.items[0];
  CHECK(item.range.start.line == 14);
  CHECK(item.range.start.column == 1);
  CHECK(item.range.end.line == 16);
  const std::string text = slice(kCanonical, item.range);
  CHECK(text.rfind("### [Billion-scale", 0) == 0);
  CHECK(text.substr(text.size() - 7) == "images.");
  CHECK(slice(kCanonical, s.items[1].range) == "### [Second item](https://example.org/post)\nA summary with `code`.\n\nMore summary.");
  CHECK(slice(kCanonical, r.issue.sections[1].range).rfind("## 2. Use cases", 0) == 0);
}

// cmark starts a link or image whose text runs over several lines on its
// last line when it sits in a list entry: the ranges come from the brackets.
TEST_CASE("links and images over several lines in list entries start at their bracket", "[structure][ranges]") {
  const std::string source =
      "# Digest #4\n\n- [Architecting Servo: Pipelines\n  (tikue)](https://air.example.org/kuehn/)\n\n"
      "## 1. News\n\n- [B](https://b.org)\n\n  ![A chart of\n  the results](https://b.org/y.png)\n";
  const auto r = compose(source);
  REQUIRE(r.issue.highlights.size() == 1);
  REQUIRE(r.issue.highlights[0].links.size() == 1);
  CHECK(slice(source, r.issue.highlights[0].links[0].range) ==
        "[Architecting Servo: Pipelines\n  (tikue)](https://air.example.org/kuehn/)");
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  const auto& image = r.issue.sections[0].items[0].image;
  REQUIRE(image);
  CHECK(slice(source, image->range) == "![A chart of\n  the results](https://b.org/y.png)");
}

TEST_CASE("ranges count UTF-8 bytes and survive CRLF and a byte-order mark", "[structure][ranges]") {
  const std::string source = "\xEF\xBB\xBF# 周刊 #3\r\n\r\n## 1、新闻\r\n\r\n**[标题](https://a.org/x)**——[a.org](https://a.org/x)\r\n摘要。\r\n";
  const auto r = compose(source);
  REQUIRE(r.issue.sections.size() == 1);
  CHECK(r.issue.number == 3);
  CHECK(r.issue.sections[0].number == 1);
  CHECK(r.issue.sections[0].title == "新闻");
  REQUIRE(r.issue.sections[0].items.size() == 1);
  const auto& item = r.issue.sections[0].items[0];
  CHECK(item.title == "标题");
  CHECK(item.source == "a.org");
  CHECK(item.summary.text == "摘要。");
  CHECK(item.range.start.line == 5);
  CHECK(slice(source, item.range) == "**[标题](https://a.org/x)**——[a.org](https://a.org/x)\r\n摘要。");
}

TEST_CASE("issue numbers come from front matter, header lines or the title", "[structure][number]") {
  CHECK(compose("# Digest #27\n").issue.number == 27);
  CHECK(compose("# Digest No. 12\n").issue.number == 12);
  CHECK(compose("# Digest — Issue 5\n").issue.number == 5);
  CHECK(compose("# 机器学习周刊 第 30 期\n").issue.number == 30);
  CHECK(compose("# 机器学习周刊第30期\n").issue.number == 30);
  CHECK(compose("# This Week in Rust 298\n").issue.number == 298);
  CHECK_FALSE(compose("# The best of 2021\n").issue.number.has_value());
  CHECK_FALSE(compose("# Top 10 models\n").issue.number.has_value());
  const auto pelican = compose("Title: This Week in Rust 298\nNumber: 298\nDate: 2019-08-06\n\nHello.\n");
  CHECK(pelican.issue.number == 298);
  CHECK(pelican.issue.title == "This Week in Rust 298");
  CHECK(pelican.issue.date == "2019-08-06");
  CHECK(pelican.issue.newsletter == "This Week in Rust");
  CHECK(compose("---\nnumber: \"#41\"\n---\n# X\n").issue.number == 41);
  // Japanese, Chinese and Korean counters, and fullwidth digits.
  CHECK(compose("# 機械学習ニュース 第２８号\n").issue.number == 28);
  CHECK(compose("# 週刊AI 第28回\n").issue.number == 28);
  CHECK(compose("# AI 週報 第 7 號\n").issue.number == 7);
  CHECK(compose("# AI 뉴스 제 30 호\n").issue.number == 30);
  CHECK(compose("# 第一 第30期\n").issue.number == 30);  // the first 第 counts nothing
  CHECK(compose("# Digest ＃２７\n").issue.number == 27);
  CHECK(compose("# Digest No.１２\n").issue.newsletter == "Digest");
  const auto akira = compose("# Akira's Machine Learning News — Issue #28\n");
  CHECK(akira.issue.number == 28);
  CHECK(akira.issue.newsletter == "Akira's Machine Learning News");
  CHECK(compose("---\nnumber: ２７\n---\n# X\n").issue.number == 27);
}

namespace {

// Each section as "number title" ("- title" when it has no number).
std::vector<std::string> numbered_titles(const composer::Result& r) {
  std::vector<std::string> out;
  for (const auto& s : r.issue.sections) out.push_back((s.number ? std::to_string(*s.number) : "-") + " " + s.title);
  return out;
}

}  // namespace

TEST_CASE("section numbers in their many spellings", "[structure]") {
  CHECK(numbered_titles(compose("# T\n\n# 1.First\n\n## 2) Second\n\n**3、Third**\n\n# 4：Fourth\n\n# 5. 1.5x faster\n")) ==
        std::vector<std::string>{"1 First", "2 Second", "3 Third", "4 Fourth", "5 1.5x faster"});
  // Fullwidth digits, as Japanese and Chinese text often has them.
  CHECK(numbered_titles(compose("# T\n\n# ****１．注目論文****\n\n# **２、应用**\n\n## １２） 其他\n\n# ３．５倍\n")) ==
        std::vector<std::string>{"1 注目論文", "2 应用", "12 其他", "- ３．５倍"});
}

TEST_CASE("a table of contents is recognised, not read as sections or items", "[structure][toc]") {
  const auto r = compose("# T #1\n\nIn this issue:\n\n1. News\n2. Papers\n\n## 1. News\n[A](https://a.org) —— [a.org](https://a.org)\n\n## 2. Papers\n[B](https://b.org)\n");
  REQUIRE(r.issue.toc);
  CHECK(r.issue.toc->entries == std::vector<std::string>{"News", "Papers"});
  REQUIRE(r.issue.sections.size() == 2);
  CHECK(r.issue.sections[0].items.size() == 1);
  CHECK(r.issue.sections[1].items.size() == 1);
  CHECK(r.issue.highlights.empty());
}

TEST_CASE("list-entry newsletters: one item per linked entry, notes kept", "[structure][list]") {
  const std::string source =
      "Title: Weekly 9\nNumber: 9\n\nIntro with a [link](https://x.org).\n\n"
      "# News\n\n* [One](https://one.org) - first.\n* [Two](https://two.org).\n* no link here\n\n"
      "Some closing words with [a link](https://c.org).\n\n"
      "### [RFCs](https://github.com/rfcs)\n\n*No RFCs this week.*\n\n"
      "# Jobs\n\n* Someone fixed [#123](https://gh.org/123) in the parser.\n  * [Nested](https://n.org)\n";
  const auto r = compose(source);
  REQUIRE(r.issue.sections.size() == 3);
  CHECK(r.issue.sections[0].title == "News");
  CHECK(r.issue.sections[1].title == "RFCs");
  CHECK(r.issue.sections[2].title == "Jobs");
  REQUIRE(r.issue.sections[0].items.size() == 2);
  CHECK(r.issue.sections[0].items[0].title == "One");
  CHECK(r.issue.sections[0].items[0].summary.text == "first.");
  CHECK(r.issue.sections[0].notes.size() == 2);
  CHECK(r.issue.sections[1].items.empty());
  REQUIRE(r.issue.sections[2].items.size() == 2);
  CHECK(r.issue.sections[2].items[0].title == "Someone fixed #123 in the parser.");
  CHECK(r.issue.sections[2].items[0].url == "https://gh.org/123");
  CHECK(r.issue.sections[2].items[1].title == "Nested");
  CHECK(r.issue.intro.size() == 1);
  CHECK(r.issue.highlights.empty());
}

TEST_CASE("a bold title link leaves no empty emphasis in its entry's summary", "[structure][list]") {
  const auto r = compose(
      "# T\n\n## 1. A\n\n- **[Node 24](https://nodejs.org/24)** — A new permission model. _Rafael_\n"
      "- ***[Deno 3](https://deno.com/3)*** - Faster.\n- **[Bun](https://bun.sh) and friends** — three runtimes.\n",
      {"html", "markdown"});
  const auto& items = r.issue.sections.at(0).items;
  REQUIRE(items.size() == 3);
  CHECK(items[0].title == "Node 24");
  CHECK(items[0].summary.text == "A new permission model. Rafael");
  CHECK(items[0].summary.markdown.find("**") == std::string::npos);
  CHECK(items[1].title == "Deno 3");
  CHECK(items[1].summary.text == "Faster.");
  // The emphasis holds more than the link: it stays, with the rest of its text.
  CHECK(items[2].title == "Bun");
  CHECK(items[2].summary.text == "and friends — three runtimes.");
  const std::string& html = r.outputs.at("html");
  CHECK(html.find("<strong></strong>") == std::string::npos);
  CHECK(html.find("<em></em>") == std::string::npos);
  CHECK(html.find("<strong> and friends</strong>") != std::string::npos);
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}

TEST_CASE("a domain label opening a title is its source, in a list entry as in a heading", "[structure][list]") {
  const auto listed = compose(
      "# T\n\n## News\n\n* [[arxiv.org] Paper one](https://example.org/1)\n"
      "* [【arxiv.org】Paper two](https://example.org/2)\n* [Not.a label, but the title](https://example.org/3)\n");
  REQUIRE(listed.issue.sections.size() == 1);
  const auto& items = listed.issue.sections[0].items;
  REQUIRE(items.size() == 3);
  CHECK(items[0].title == "Paper one");
  CHECK(items[0].source == "arxiv.org");
  CHECK(items[1].title == "Paper two");
  CHECK(items[1].source == "arxiv.org");
  CHECK(items[2].title == "Not.a label, but the title");
  CHECK(items[2].source == "example.org");
  const auto headed = compose("# T\n\n## 1. News\n\n### [[arxiv.org] Paper three](https://example.org/4)\n");
  REQUIRE(headed.issue.sections.size() == 1);
  REQUIRE(headed.issue.sections[0].items.size() == 1);
  CHECK(headed.issue.sections[0].items[0].title == "Paper three");
  CHECK(headed.issue.sections[0].items[0].source == "arxiv.org");
}

TEST_CASE("a paper id after a list entry's title link names its paper, as a paper line does", "[structure][list]") {
  const auto r = compose(
      "# T\n\n## News\n\n* [One](https://example.org/1) [2405.01234] A summary.\n"
      "* [Two](https://example.org/2) - see [2405.01234] below.\n"
      "* [Three](https://example.org/3)\n\n  \u30102108.05887\u3011 In its own paragraph.\n",
      {"markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  const auto& items = r.issue.sections[0].items;
  REQUIRE(items.size() == 3);
  CHECK(items[0].paper_id == "arXiv:2405.01234");
  CHECK(items[0].summary.text == "A summary.");
  CHECK(items[1].paper_id.empty());  // named in passing, not opening the summary
  CHECK(items[1].summary.text == "see [2405.01234] below.");
  CHECK(items[2].paper_id == "arXiv:2108.05887");
  CHECK(items[2].summary.text == "In its own paragraph.");
  // Written in the canonical shape and read again, it is the same issue.
  const auto again = compose(r.outputs.at("markdown"));
  REQUIRE(again.issue.sections.size() == 1);
  REQUIRE(again.issue.sections[0].items.size() == 3);
  for (std::size_t i = 0; i < items.size(); ++i) {
    CHECK(again.issue.sections[0].items[i].paper_id == items[i].paper_id);
    CHECK(again.issue.sections[0].items[i].summary.text == items[i].summary.text);
  }
}

TEST_CASE("Medium link cards spread over lines become items or attach to theirs", "[structure][cards]") {
  const std::string source =
      "# T #2\n\n# 1. Articles\n\n**[Title](https://a.org/p?utm_source=x)**——[**a.org**](https://a.org/p)\n\n"
      "**[](https://a.org/p) [## Card title\n\n### Teaser line…\n\na.org](https://a.org/p) \n\nSummary.**\n\n"
      "# Other posts\n\n[](https://b.org/q) [## Other post\n\n### Its teaser\n\nmedium.com](/relative/q) \n";
  const auto r = compose(source);
  REQUIRE(r.issue.sections.size() == 2);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  const auto& item = r.issue.sections[0].items[0];
  CHECK(item.title == "Title");
  CHECK(item.card_teaser == "Card title — Teaser line…");  // the card's own title, which names the page too
  CHECK(item.summary.text == "Summary.");
  CHECK(slice(source, item.range).substr(slice(source, item.range).size() - 10) == "Summary.**");
  CHECK(r.issue.sections[1].number == std::nullopt);
  REQUIRE(r.issue.sections[1].items.size() == 1);
  const auto& card = r.issue.sections[1].items[0];
  CHECK(card.link_card);
  CHECK(card.title == "Other post");
  CHECK(card.url == "/relative/q");
  CHECK(card.source == "medium.com");
  CHECK(slice(source, card.range) == "[](https://b.org/q) [## Other post\n\n### Its teaser\n\nmedium.com](/relative/q)");
}

// Medium writes a link's preview as its title, then its site on a line of
// its own: that line is the item's source, no summary and no item.
TEST_CASE("a line naming the site of an item's address is its source", "[structure]") {
  const std::string source =
      "# T #2\n\n# 1. News\n\n[**A title**](https://arxiv.org/abs/2108.05887)\n\narxiv.org\n\n[2108.05887] Summary A.\n\n"
      "### [B](https://www.wired.com/story/b)\n\nwww.wired.com\n\nSummary B.\n\n"
      "### [C](https://c.org/x)\n\nother.org\n\n### [D](https://d.org/x)\n\nSummary D.\n\nd.org\n";
  const auto r = compose(source);
  REQUIRE(r.issue.sections.size() == 1);
  const auto& items = r.issue.sections[0].items;
  REQUIRE(items.size() == 4);
  CHECK(items[0].source == "arxiv.org");
  CHECK(items[0].summary.text == "Summary A.");
  CHECK(items[0].paper_id == "arXiv:2108.05887");
  CHECK(items[1].title == "B");
  CHECK(items[1].source == "wired.com");
  CHECK(items[1].summary.text == "Summary B.");
  CHECK(slice(source, items[1].range).find("www.wired.com\n\nSummary B.") != std::string::npos);
  CHECK(items[2].summary.text == "other.org");  // another site: a summary
  CHECK(items[3].summary.text == "Summary D.\n\nd.org");  // after the summary: part of it
}

// The link names the paper when both do, even when it comes last: a card
// after the paper line gives an untitled-link item its address.
TEST_CASE("a card after the paper line gives the item the link that names its paper", "[structure][cards]") {
  const auto r = compose(
      "# T #1\n\n## 1. S\n\n### Title\n\n[2105.08128] Summary.\n\n"
      "[](https://arxiv.org/abs/2107.11950) [## Title\n\n### teaser\n\narxiv.org](https://arxiv.org/abs/2107.11950)\n");
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  const auto& item = r.issue.sections[0].items[0];
  CHECK(item.url == "https://arxiv.org/abs/2107.11950");
  CHECK(item.paper_id == "arXiv:2107.11950");
  CHECK(item.paper_line_id == "arXiv:2105.08128");
}

// An export that lost the card's line breaks writes it on one line; a
// second heading mark tells it from a link whose text opens with "## ".
TEST_CASE("a Medium link card flattened onto one line is a card", "[structure][cards]") {
  const std::string source =
      "# T #2\n\n# 1. Articles\n\n[](https://a.org/p) [## Card title ### Its teaser… a.org](https://a.org/p)\n\n"
      "[## Another card ### with no domain](https://b.org/q)\n\n[## Issue # 5](https://c.org/r)\n";
  const auto r = compose(source);
  REQUIRE(r.issue.sections.size() == 1);
  const auto& items = r.issue.sections[0].items;
  REQUIRE(items.size() == 3);
  CHECK(items[0].link_card);
  CHECK(items[0].title == "Card title");
  CHECK(items[0].card_teaser == "Its teaser…");
  CHECK(items[0].source == "a.org");
  CHECK(slice(source, items[0].range) == "[](https://a.org/p) [## Card title ### Its teaser… a.org](https://a.org/p)");
  CHECK(items[1].link_card);
  CHECK(items[1].title == "Another card");
  CHECK(items[1].card_teaser == "with no domain");
  CHECK_FALSE(items[2].link_card);  // a lone '#' is no heading mark
  CHECK(items[2].title == "## Issue # 5");
}

TEST_CASE("a link card shown in a fenced code block, or across one, is code", "[structure][cards]") {
  const std::string card = "[## Card title\n\n### Teaser\n\nmedium.com](https://m.org/p)";
  for (const std::string& source : std::vector<std::string>{"# T\n\n## 1. News\n\n```markdown\n" + card + "\n```\n",
                                    "# T\n\n## 1. News\n\n> - ~~~~\n>   [## Card title\n>\n>   medium.com](https://m.org/p)\n",
                                    "# T\n\n## 1. News\n\n[## Card\n\n```\nmedium.com](https://m.org/p)\n```\n"}) {
    INFO(source);
    const auto r = compose(source);
    REQUIRE(r.issue.sections.size() == 1);
    CHECK(r.issue.sections[0].items.empty());
    REQUIRE(!r.issue.sections[0].notes.empty());
    CHECK(r.issue.sections[0].notes.back().html.find("<code") != std::string::npos);
  }
  // After the block closes, a card is a card again.
  const auto after = compose("# T\n\n## 1. News\n\n```\n[## x\n```\n\n" + card + "\n");
  REQUIRE(after.issue.sections.size() == 1);
  REQUIRE(after.issue.sections[0].items.size() == 1);
  CHECK(after.issue.sections[0].items[0].link_card);
  CHECK(after.issue.sections[0].items[0].title == "Card title");
}

// cmark reads code spans before links: a card's "[#" inside one is code,
// wherever the span's other backtick is
// (markdown-card-opener-in-code-span-escaped-bracket-after).
TEST_CASE("a link card opening inside a code span is code", "[structure][cards]") {
  for (const std::string& source : std::vector<std::string>{
           "# T\n\n## 1. News\n\n`[# `\\]\n`](https://m.org/p)`\n",
           "# T\n\n## 1. News\n\nSee `x\n[## Card title` and\n\nmedium.com](https://m.org/p)\n",
           "# T\n\n## 1. News\n\n``a ` [## Card\rmedium.com](https://m.org/p)``\n"}) {
    INFO(source);
    const auto r = compose(source);
    REQUIRE(r.issue.sections.size() == 1);
    CHECK(r.issue.sections[0].items.empty());
  }
  // A backtick that closes no span leaves the card a card, and so does an
  // escaped one before it.
  for (const std::string& source : std::vector<std::string>{
           "# T\n\n## 1. News\n\n`` [## Card title\n### Teaser\nmedium.com](https://m.org/p)\n",
           "# T\n\n## 1. News\n\n\\` [## Card title\n### Teaser\nmedium.com](https://m.org/p) `\n",
           "# T\n\n## 1. News\n\n`a`\n\n[## Card title\n### Teaser\nmedium.com](https://m.org/p) `\n"}) {
    INFO(source);
    const auto r = compose(source);
    REQUIRE(r.issue.sections.size() == 1);
    REQUIRE(r.issue.sections[0].items.size() == 1);
    CHECK(r.issue.sections[0].items[0].link_card);
    CHECK(r.issue.sections[0].items[0].title == "Card title");
  }
}

TEST_CASE("a link card's ']' closes its '[', brackets inside it in pairs", "[structure][cards]") {
  // "[# `" in a code span, then a link: the link's "](" closes the link's own "[".
  const auto code = compose("# T\n\n## 1. News\n\nSee `[# x`\nand [this](https://a.org/p).\n");
  REQUIRE(code.issue.sections.size() == 1);
  for (const auto& item : code.issue.sections[0].items) CHECK_FALSE(item.link_card);
  // A title holding a pair of brackets is still a card's.
  const auto paired = compose("# T\n\n## 1. News\n\n[## [Paper] Card title\n\n### Teaser\n\nmedium.com](https://m.org/p)\n");
  REQUIRE(paired.issue.sections.size() == 1);
  REQUIRE(paired.issue.sections[0].items.size() == 1);
  CHECK(paired.issue.sections[0].items[0].link_card);
  CHECK(paired.issue.sections[0].items[0].title == "[Paper] Card title");
}

TEST_CASE("runaway bold markers never reach titles or summaries", "[structure][markup]") {
  const auto r = compose("# T\n\n# ****1.News****\n\n****[**A title**](https://a.org)****——**[**a.org**](https://a.org)****\n\n****[2108.05887]Paper title\nSummary text.****\n");
  REQUIRE(r.issue.sections.size() == 1);
  CHECK(r.issue.sections[0].title == "News");
  REQUIRE(r.issue.sections[0].items.size() == 1);
  const auto& item = r.issue.sections[0].items[0];
  CHECK(item.title == "A title");
  CHECK(item.paper_id == "arXiv:2108.05887");
  CHECK(item.summary.text == "Paper title\nSummary text.");
  CHECK(item.summary.html.find('*') == std::string::npos);
  CHECK(item.summary.html.find("<strong>") == std::string::npos);
}

// Markers that only meet once empty emphasis is gone are stray too; a text
// with the canonical marker is read as written (the Markdown output escapes
// such a run, and it comes back).
TEST_CASE("runaway markers that meet after empty emphasis goes, and canonical text", "[structure][markup]") {
  const auto messy = compose("a *b**_***_*.\n");
  REQUIRE(messy.issue.intro.size() == 1);
  CHECK(messy.issue.intro[0].html == "<p>a <em>b</em>.</p>\n");
  const auto canonical = compose("<!-- issue-composer: canonical -->\n\nUse \\*\\*kwargs.\n");
  REQUIRE(canonical.issue.intro.size() == 1);
  CHECK(canonical.issue.intro[0].text == "Use **kwargs.");
}

TEST_CASE("empty title links take the title from the text beside them", "[structure]") {
  const auto r = compose("# T\n\n## 1. A\n\n【arxiv.org】**Plain title**——[](https://arxiv.org/abs/2106.03650)\n\n"
                         "[](https://arxiv.org/abs/2106.09018)——[arxiv.org](https://arxiv.org/abs/2106.09018) trailing title\n");
  REQUIRE(r.issue.sections.at(0).items.size() == 2);
  CHECK(r.issue.sections[0].items[0].title == "Plain title");
  CHECK(r.issue.sections[0].items[0].source == "arxiv.org");
  CHECK(r.issue.sections[0].items[0].paper_id == "arXiv:2106.03650");
  CHECK(r.issue.sections[0].items[1].title == "trailing title");
}

TEST_CASE("a short note in parentheses after a title link stays in the title", "[structure]") {
  // TLDR's shape: a bold title link, its reading time, then the summary.
  const auto r = compose(
      "# T\n\n## 1. A\n\n**[Ships o5](https://openai.com/o5)** (4 minute read)\n\nIt is cheaper.\n\n"
      "**[Tops the arena](https://deepmind.google/g3) (6 minute read)**\n\nIt won.\n\n"
      "[A guide](https://example.org/guide) (Sponsor)\n\n[論文](https://example.org/paper) （PDF）\n\n"
      "[Someone](https://s.org) (and others) said so.\n\n[Two](https://t.org) (a) (b)\n\n"
      "[Linked](https://u.org) (see [this](https://v.org))\n",
      {"markdown"});
  const auto& items = r.issue.sections.at(0).items;
  REQUIRE(items.size() == 4);
  CHECK(items[0].title == "Ships o5 (4 minute read)");
  CHECK(items[0].summary.text == "It is cheaper.");
  CHECK(items[1].title == "Tops the arena (6 minute read)");
  CHECK(items[1].summary.text == "It won.");
  CHECK(items[2].title == "A guide (Sponsor)");
  CHECK(items[3].title == "論文 （PDF）");
  // A sentence, two notes, a note holding a link: the item above's summary.
  CHECK(items[3].summary.markdown.find("said so") != std::string::npos);
  CHECK(items[3].summary.markdown.find("(a) (b)") != std::string::npos);
  CHECK(items[3].summary.markdown.find("see [this]") != std::string::npos);
  // The Markdown output writes the note inside the link, and reads back the same.
  const std::string markdown = r.outputs.at("markdown");
  CHECK(markdown.find("[Ships o5 (4 minute read)](https://openai.com/o5)") != std::string::npos);
  const auto again = compose(markdown, {"markdown"});
  REQUIRE(again.issue.sections.at(0).items.size() == 4);
  CHECK(again.issue.sections[0].items[0].title == "Ships o5 (4 minute read)");
  CHECK(again.outputs.at("markdown") == markdown);
}

TEST_CASE("a paragraph that opens with its title link and a dash goes on with the summary", "[structure]") {
  // The Cooperpress weeklies' shape: "**[Title](url)** — summary", on one line.
  const auto r = compose(
      "# T\n\n## 1. A\n\n**[Node 24](https://nodejs.org/24)** — A new permission\nmodel. _Rafael_\n\n"
      "[Deno 3](https://deno.com/3): faster installs.\n\n[Bun 2](https://bun.sh/2) - Windows support.\n\n"
      "[Vite 6](https://vite.dev/6) by the Vite team. A new environment API.\n\n"
      "## 2. B\n\n[Tight](https://t.org)-no space, no item.\n\n**[Bold and](https://b.org) more** — no item.\n\n"
      "Mentions [a link](https://m.org) — no item.\n",
      {"html", "markdown"});
  const auto& items = r.issue.sections.at(0).items;
  REQUIRE(items.size() == 4);
  CHECK(items[0].title == "Node 24");
  CHECK(items[0].url == "https://nodejs.org/24");
  CHECK(items[0].summary.text == "A new permission\nmodel. Rafael");
  CHECK(items[1].title == "Deno 3");
  CHECK(items[1].summary.text == "faster installs.");
  CHECK(items[2].title == "Bun 2");
  CHECK(items[2].summary.text == "Windows support.");
  // A byline after the link opens the summary, as in a list entry.
  CHECK(items[3].title == "Vite 6");
  CHECK(items[3].url == "https://vite.dev/6");
  CHECK(items[3].summary.text == "by the Vite team. A new environment API.");
  // The summary's Markdown, as its text, starts after the separator.
  CHECK(items[0].summary.markdown == "A new permission\nmodel. _Rafael_");
  CHECK(items[1].summary.markdown == "faster installs.");
  CHECK(items[2].summary.markdown == "Windows support.");
  // The title's range is the link with its emphasis; the summary's starts after it.
  const std::string source = "# T\n\n## 1. A\n\n**[Node 24](https://nodejs.org/24)** — A new permission\nmodel. _Rafael_\n\n";
  CHECK(source.substr(items[0].title_range.start.offset, items[0].title_range.end.offset - items[0].title_range.start.offset) ==
        "**[Node 24](https://nodejs.org/24)**");
  CHECK(r.issue.sections.at(1).items.empty());
  CHECK(r.issue.sections[1].notes.size() == 3);
  CHECK(r.outputs.at("html").find("<strong></strong>") == std::string::npos);
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  REQUIRE(again.issue.sections.at(0).items.size() == 4);
  CHECK(again.issue.sections[0].items[0].summary.text == "A new permission\nmodel. Rafael");
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}

TEST_CASE("after a paragraph's title link and dash, a picture or a paper line reads as in a list entry", "[structure]") {
  // (A campaign's find: the picture stayed in the summary, and the Markdown
  // output's image line read back as the item's picture.)
  const auto r = compose("# T\n\n## 1. S\n\n*[h](https://l.org)* - ![Figure](https://m.org/f.png)\n\n"
                         "**[g](https://g.org)** \xE2\x80\x94 [2108.05887] A summary.\n", {"markdown"});
  const auto& items = r.issue.sections.at(0).items;
  REQUIRE(items.size() == 2);
  REQUIRE(items[0].image);
  CHECK(items[0].image->src == "https://m.org/f.png");
  CHECK(items[0].summary.text.empty());
  CHECK(items[1].paper_id == "arXiv:2108.05887");
  CHECK(items[1].summary.text == "A summary.");
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  REQUIRE(again.issue.sections.at(0).items.size() == 2);
  CHECK(again.issue.sections[0].items[0].image->src == "https://m.org/f.png");
  CHECK(again.issue.sections[0].items[1].paper_id == "arXiv:2108.05887");
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}

TEST_CASE("sentences that merely contain links are not items", "[structure]") {
  const auto r = compose("# T\n\n## 1. A\n\nThanks to [someone](https://s.org) for the suggestion!\n");
  REQUIRE(r.issue.sections.size() == 1);
  CHECK(r.issue.sections[0].items.empty());
  CHECK(r.issue.sections[0].notes.size() == 1);
}

TEST_CASE("a separator line is one with an empty link in it too", "[structure]") {
  // "[](url)" shows nothing: "— — —[](url)" shows a separator line, as the
  // Markdown output writes it.
  const auto r = compose("# T\n\n[](p)|||\n\n## 1. A\n\n— — —[](https://x.org)\n\n### [Item](https://x.org/1)\n");
  CHECK(r.issue.intro.empty());
  REQUIRE(r.issue.sections.size() == 1);
  CHECK(r.issue.sections[0].notes.empty());
  REQUIRE(r.issue.sections[0].items.size() == 1);
  CHECK(r.issue.sections[0].items[0].title == "Item");
}

TEST_CASE("a link in an image's description is its text, no item's link", "[structure]") {
  const auto r = compose("# T\n\n## 1. A\n\n- ![[a](https://a.org)](https://a.org/i.png)\n- [B](https://b.org)\n");
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  CHECK(r.issue.sections[0].items[0].url == "https://b.org");
}

TEST_CASE("a code block's text starts on a line of its own, whatever came before it", "[structure]") {
  // In a quote, a paragraph, an empty quote and a code block; without the
  // empty quote, as the canonical writer leaves it, the text is the same.
  for (const std::string source : {">1\n>>\n>     t\n", "> 1\n>\n> ```\n> t\n> ```\n"}) {
    const auto r = compose(source);
    REQUIRE(r.issue.intro.size() == 1);
    CHECK(r.issue.intro[0].text == "1\nt");
  }
}

TEST_CASE("a paper line after a character reference for white space keeps whole characters", "[structure]") {
  // "&#13;" is a carriage return, which the marker's trim takes as white space.
  const auto r = compose("# T\n\n## 1. S\n\n### [a](https://x.org)\n\n&#13; \xE3\x80\x90" "2108.07258\xE3\x80\x91 | rest\n");
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 1);
  CHECK(r.issue.sections[0].items[0].paper_id == "arXiv:2108.07258");
  CHECK(r.issue.sections[0].items[0].summary.text == "| rest");
}

TEST_CASE("a marker whose bracket is escaped or a reference is text, no paper line", "[structure]") {
  const std::string head = "# T\n\n## 1. S\n\n### [a](https://x.org)\n\n";
  for (const std::string line : {"\\[2108.05887\\] text", "&#x3010;2108.05887\xE3\x80\x91 text", "&#91;2108.05887] text",
                                 "*&#x3010;2108.05887\xE3\x80\x91 text*"}) {
    INFO(line);
    const auto r = compose(head + line + "\n", {"markdown"});
    REQUIRE(r.issue.sections.size() == 1);
    REQUIRE(r.issue.sections[0].items.size() == 1);
    const auto& item = r.issue.sections[0].items[0];
    CHECK(item.paper_id.empty());
    CHECK(item.summary.text.find("2108.05887") != std::string::npos);
    // The canonical Markdown writes it so again, and reads back the same.
    const auto again = compose(r.outputs.at("markdown"), {"markdown"});
    CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
    CHECK(again.issue.sections.at(0).items.at(0).paper_id.empty());
  }
  // Markup before a typed bracket is passed over: still a paper line.
  const auto bold = compose(head + "**[2108.05887] text\n");
  CHECK(bold.issue.sections.at(0).items.at(0).paper_id == "arXiv:2108.05887");
}

TEST_CASE("a title that looks numbered stays the title through the canonical Markdown", "[structure]") {
  const auto r = compose("---\ntitle: 2) Highlights\n---\n# 1. News\n\n### [a](https://a.org)\n", {"markdown"});
  CHECK(r.issue.title == "2) Highlights");
  REQUIRE(r.issue.sections.size() == 1);
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.issue.title == "2) Highlights");
  REQUIRE(again.issue.sections.size() == 1);
  CHECK(again.issue.sections[0].number == 1);
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}

TEST_CASE("in the canonical shape a heading or a paragraph of dashes is no separator", "[structure]") {
  const std::string canonical = "<!-- issue-composer: canonical -->\n\n# T\n\n## 1. News\n\n### [a](https://a.org)\n\n## \xE2\x80\x93 \xE2\x80\x94\n\nA note.\n";
  const auto r = compose(canonical);
  REQUIRE(r.issue.sections.size() == 2);
  CHECK(r.issue.sections[1].title == "\xE2\x80\x93 \xE2\x80\x94");
  // So is a paragraph of dashes: a note, which the writer wrote.
  const auto note = compose("<!-- issue-composer: canonical -->\n\n# T\n\n## 1. News\n\n\xE2\x80\x94 \xE2\x80\x94\n\n### [a](https://a.org)\n");
  REQUIRE(note.issue.sections.size() == 1);
  CHECK(note.issue.sections[0].notes.size() == 1);
  // Elsewhere it is a hand-typed separator.
  CHECK(compose("# T\n\n## 1. News\n\n### [a](https://a.org)\n\n## \xE2\x80\x93 \xE2\x80\x94\n\nA note.\n").issue.sections.size() == 1);
}

TEST_CASE("an item that links nowhere keeps an e-mail address in its title as text", "[structure]") {
  // Its script address is left out; GFM links the address in the heading
  // whatever the escaping, and the canonical shape reads a bare one as text.
  const auto r = compose("# T\n\n## 1. S\n\n### [someone@example.org](javascript:alert(1))\n\nSummary.\n", {"markdown"});
  REQUIRE(r.issue.sections.at(0).items.size() == 1);
  CHECK(r.outputs.at("markdown").find("### someone@example.org\n") != std::string::npos);
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  REQUIRE(again.issue.sections.at(0).items.size() == 1);
  CHECK(again.issue.sections[0].items[0].url.empty());
  CHECK(again.issue.sections[0].items[0].title == "someone@example.org");
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
  // Outside the canonical shape, such a heading links to the mailbox.
  CHECK(compose("# T\n\n## 1. S\n\n### someone@example.org\n").issue.sections.at(0).items.at(0).url ==
        "mailto:someone@example.org");
}

TEST_CASE("bold around a whole paragraph of lines is an export's, but canonical text keeps it", "[structure]") {
  const std::string item = "# T\n\n## 1. S\n\n### [a](https://a.org)\n\n**Second paper\nIts summary.**\n";
  CHECK(compose(item, {"html"}).outputs.at("html").find("<strong>") == std::string::npos);
  const auto canonical = compose("<!-- issue-composer: canonical -->\n\n" + item, {"html"});
  CHECK(canonical.outputs.at("html").find("<strong>Second paper\nIts summary.</strong>") != std::string::npos);
}

TEST_CASE("a linked item whose title says nothing is untitled, as its link reads", "[structure]") {
  const auto r = compose("# T\n\n## News\n\n- [](https://www.wired.com/p?x=1)  |  :\n- [A](https://a.org)\n", {"markdown"});
  REQUIRE(r.issue.sections.size() == 1);
  REQUIRE(r.issue.sections[0].items.size() == 2);
  CHECK(r.issue.sections[0].items[0].title.empty());
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}

TEST_CASE("canonical text keeps a heading's run of stars: a title of \"**\" stays the title", "[structure]") {
  const auto r = compose("---\ntitle: \"**\"\n---\n## 3. News\n\n### [a](https://a.org)\n", {"markdown"});
  CHECK(r.issue.title == "**");
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.issue.title == "**");
  CHECK(again.issue.sections.size() == 1);
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}

TEST_CASE("a list entry's note opens after the punctuation and empty links that follow its title link", "[structure][list]") {
  const auto r = compose("# T\n\n## News\n\n- [A](https://a.org) [](https://b.org) &#13; \xE2\x80\x94 the note.\n- [B](https://b.org)\n", {"markdown"});
  REQUIRE(r.issue.sections.at(0).items.size() == 2);
  CHECK(r.issue.sections[0].items[0].summary.text == "the note.");
  const auto b = compose("# T\n\n## News\n\n- **[A](https://a.org)** \xE2\x80\x94 the note.\n- [B](https://b.org).\n");
  CHECK(b.issue.sections.at(0).items.at(0).summary.markdown == "the note.");  // as its text, past the dash
  CHECK(b.issue.sections[0].items.at(1).summary.markdown.empty());
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}

TEST_CASE("a paper line that holds only an image gives the item its image", "[structure]") {
  const auto r = compose("# T\n\n## 1. S\n\n### [a](https://a.org)\n\n**[2108.05887]![Figure](https://x.org/f.png)**\n\nSummary.\n", {"markdown"});
  const auto& item = r.issue.sections.at(0).items.at(0);
  CHECK(item.paper_id == "arXiv:2108.05887");
  REQUIRE(item.image);
  CHECK(item.image->src == "https://x.org/f.png");
  CHECK(item.summary.text == "Summary.");
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}

TEST_CASE("an image in a list entry is its item's picture, as an image line is", "[structure][list]") {
  const auto r = compose("# T\n\n## News\n\n- ![the](https://x.org/f.png) [A](https://a.org) \xE2\x80\x94\n- [B](https://b.org) - a note.\n", {"markdown"});
  REQUIRE(r.issue.sections.at(0).items.size() == 2);
  const auto& item = r.issue.sections[0].items[0];
  REQUIRE(item.image);
  CHECK(item.image->src == "https://x.org/f.png");
  CHECK(item.summary.text.empty());
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}

TEST_CASE("an image line whose description GFM links inside is still an image line", "[structure]") {
  // The autolink extension links "me@x.org" inside the image's description.
  const auto r = compose("# T\n\n## 1. S\n\n### [a](https://a.org)\n\n![write to me@x.org](https://i.org/a.png)\n\nSummary.\n");
  const auto& item = r.issue.sections.at(0).items.at(0);
  REQUIRE(item.image);
  CHECK(item.image->alt == "write to me@x.org");
  CHECK(item.summary.text == "Summary.");
}

TEST_CASE("pictures side by side are a note, no separator; a picture in a description is its text", "[structure]") {
  const auto r = compose("# T\n\n## 1. S\n\n![a](https://i.org/a.png)  ![b](https://i.org/b.png)\n\n### [x](https://x.org)\n\n"
                         "![F# ![](https://i.org/c.png) 1.](https://i.org/d.png)\n");
  REQUIRE(r.issue.sections.size() == 1);
  CHECK(r.issue.sections[0].notes.size() == 1);
  const auto& item = r.issue.sections[0].items.at(0);
  REQUIRE(item.image);
  CHECK(item.image->src == "https://i.org/d.png");
}

TEST_CASE("a digest's plain headings under a section heading are items, linked by their body's one page", "[structure][headlines]") {
  // Substack's and beehiiv's shape: "## Section", then "### Headline" over a
  // blurb and its "Read more" link.
  const std::string digest =
      "# Digest\n\n## Top stories\n\n### Model A ships\n\nIt plans. [Read more](https://a.org/news)\n\n"
      "### Model B\n\nSmall.\n\n[Try it](https://b.org)\n\n[Also: the docs](https://b.org)\n\n"
      "### [Model C](https://c.org)\n\nLinked already.\n\n## Tools\n\nNothing this week.\n";
  const auto r = compose(digest, {"markdown"});
  REQUIRE(r.issue.sections.size() == 2);
  const auto& items = r.issue.sections[0].items;
  REQUIRE(items.size() == 3);
  CHECK(items[0].title == "Model A ships");
  CHECK(items[0].url == "https://a.org/news");
  CHECK(items[0].source == "a.org");
  CHECK(items[0].summary.text == "It plans. Read more");
  CHECK(items[1].url == "https://b.org");  // its lone-link paragraphs are its summary, no items
  CHECK(items[1].summary.text == "Small.\n\nTry it\n\nAlso: the docs");
  CHECK(items[2].url == "https://c.org");
  CHECK(r.issue.sections[1].items.empty());
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
  CHECK(again.issue.sections.at(0).items.size() == 3);

  // Sub-sections stay sections: one heading alone; a body linking to two
  // pages, or to none; a list of links under a heading (This Week in Rust).
  const auto titles = [](const std::string& source) {
    std::vector<std::string> out;
    for (const auto& s : compose(source).issue.sections) out.push_back(s.title + ":" + std::to_string(s.items.size()));
    return out;
  };
  CHECK(titles("# D\n\n## S\n\n### Only one\n\n[Read more](https://a.org)\n") ==
        std::vector<std::string>{"S:0", "Only one:1"});
  CHECK(titles("# D\n\n## S\n\n### A\n\n[x](https://a.org) and [y](https://b.org)\n\n### B\n\n[Read more](https://c.org)\n") ==
        std::vector<std::string>{"S:0", "A:0", "B:1"});
  CHECK(titles("# D\n\n## S\n\n### A\n\nNo link.\n\n### B\n\n[Read more](https://c.org)\n") ==
        std::vector<std::string>{"S:0", "A:0", "B:1"});
  CHECK(titles("# D\n\n## S\n\n### A\n\n[Read more](https://a.org)\n\n### Official\n\n- [x](https://x.org)\n- [y](https://y.org)\n") ==
        std::vector<std::string>{"S:0", "A:0", "Official:2"});
  // In a digest (a section with two headlines or more), a section may hold
  // one; alone in an issue, one is a sub-section (as above).
  CHECK(titles("# D\n\n## S\n\n### A\n\n[Read more](https://a.org)\n\n### B\n\n[Read more](https://b.org)\n\n"
               "## T\n\n### C\n\n[Read more](https://c.org)\n") == std::vector<std::string>{"S:2", "T:1"});
  // Linked headings go with headlines but do not make a digest: This Week in
  // Rust's "### [RFCs](url)" sub-sections.
  CHECK(titles("# D\n\n## S\n\n### [A](https://a.org)\n\nNone.\n\n### [B](https://b.org)\n\nNone.\n\n"
               "## T\n\n### C\n\n[Read more](https://c.org)\n") ==
        std::vector<std::string>{"S:2", "T:0", "C:1"});
  // Items before the headlines stay items of their own.
  const auto opening = compose("# D\n\n## S\n\n[A](https://a.org) \xE2\x80\x94 one.\n\n[B](https://b.org) \xE2\x80\x94 two.\n\n"
                               "### C\n\n[Read more](https://c.org)\n\n### D\n\n[Read more](https://d.org)\n");
  CHECK(opening.issue.sections.at(0).items.size() == 4);
  // Numbered sections read their deeper plain headings as items already, and
  // now link them the same way; the canonical shape takes them as written.
  const auto numbered = compose("# D\n\n## 1. S\n\n### A\n\n[Read more](https://a.org)\n");
  CHECK(numbered.issue.sections.at(0).items.at(0).url == "https://a.org");
  const auto canonical = compose(std::string(composer::kCanonicalMarker) + "\n\n# D\n\n## S\n\n### A\n\n[Read more](https://a.org)\n");
  CHECK(canonical.issue.sections.at(0).items.at(0).url.empty());
}

TEST_CASE("headlines under no section heading are the untitled section's items", "[structure][headlines]") {
  // A daily brief: "## Headline", a blurb, and its "Read more" link or its
  // source's, then a footer after a thematic break.
  const std::string brief =
      "# The Brief\n\nGood morning.\n\n## Model A ships\n\nIt plans. [Read more](https://a.org/news)\n\n"
      "## Model B\n\n![B](https://i.org/b.png)\n\nSmall, says [The Verge](https://b.org/story).\n\n"
      "## Model C\n\nBig.\n\n[Read more \xE2\x86\x92](https://c.org)\n\n"
      "---\n\nThat is all. [Unsubscribe]({{unsubscribe_url}})\n";
  const auto r = compose(brief, {"markdown"});
  REQUIRE(r.issue.intro.size() == 1);
  REQUIRE(r.issue.sections.size() == 1);
  const auto& s = r.issue.sections[0];
  CHECK(s.level == 0);
  REQUIRE(s.items.size() == 3);
  CHECK(s.items[0].title == "Model A ships");
  CHECK(s.items[0].url == "https://a.org/news");
  CHECK(s.items[1].url == "https://b.org/story");
  REQUIRE(s.items[1].image);
  CHECK(s.items[1].summary.text == "Small, says The Verge.");
  CHECK(s.items[2].summary.text == "Big.\n\nRead more \xE2\x86\x92");
  // The thematic break ends the last headline: the footer is a note after it.
  REQUIRE(s.notes.size() == 1);
  CHECK(s.notes[0].text == "That is all. Unsubscribe");
  // The Markdown output keeps the footer after the items, behind a thematic
  // break that ends the last one, and reads back the same.
  const std::string& markdown = r.outputs.at("markdown");
  CHECK(markdown.find("[Read more \xE2\x86\x92](https://c.org)\n\n***\n\nThat is all.") != std::string::npos);
  const auto again = compose(markdown, {"markdown"});
  CHECK(again.outputs.at("markdown") == markdown);
  REQUIRE(again.issue.sections.size() == 1);
  CHECK(again.issue.sections[0].items.size() == 3);
  REQUIRE(again.issue.sections[0].notes.size() == 1);
  CHECK(again.issue.sections[0].notes[0].text == "That is all. Unsubscribe");

  const auto titles = [](const std::string& source) {
    std::vector<std::string> out;
    for (const auto& section : compose(source).issue.sections) {
      out.push_back(section.title + ":" + std::to_string(section.items.size()));
    }
    return out;
  };
  // A list of links under a heading opens a section after the headlines.
  CHECK(titles("# B\n\n## A\n\nIt. [Read more](https://a.org)\n\n## B\n\nIt. [Read more](https://b.org)\n\n"
               "## Quick links\n\n- [x](https://x.org)\n- [y](https://y.org)\n") ==
        std::vector<std::string>{":2", "Quick links:2"});
  // An essay links inside its sentences: its headings stay sections.
  CHECK(titles("# E\n\n## Why I left\n\nI worked at [Acme](https://a.org) for years.\n\n"
               "## Next\n\nI join [Beta](https://b.org) in March.\n") ==
        std::vector<std::string>{"Why I left:0", "Next:0"});
  // A blurb that links several pages names its page with a lone link after it.
  const auto several = compose("# B\n\n## A\n\nVia [The Verge](https://v.org/a) and [the paper](https://p.org/a).\n\n"
                               "[Read more \xE2\x86\x92](https://a.org/story)\n\n## B\n\nIt. [Read more](https://b.org)\n");
  REQUIRE(several.issue.sections.size() == 1);
  REQUIRE(several.issue.sections[0].items.size() == 2);
  CHECK(several.issue.sections[0].items[0].url == "https://a.org/story");
  CHECK(several.issue.sections[0].items[0].summary.text == "Via The Verge and the paper.\n\nRead more \xE2\x86\x92");
  // Without it, the heading names no item: the issue is no digest.
  CHECK(titles("# B\n\n## A\n\nVia [The Verge](https://v.org/a) and [the paper](https://p.org/a).\n\n"
               "## B\n\nIt. [Read more](https://b.org)\n") == std::vector<std::string>{"A:0", "B:0"});
  // One headline alone is a section, as before.
  CHECK(titles("# B\n\n## A\n\nIt. [Read more](https://a.org)\n") == std::vector<std::string>{"A:0"});
  // Under a section heading, too, a thematic break ends the last headline,
  // and a footer's own link after it does not undo the digest.
  const auto nested = compose("# D\n\n## Top\n\n### A\n\n[Read more](https://a.org)\n\n### B\n\n"
                              "[Read more](https://b.org)\n\n***\n\nFollow us on [Mastodon](https://m.org).\n");
  REQUIRE(nested.issue.sections.size() == 1);
  CHECK(nested.issue.sections[0].items.size() == 2);
  CHECK(nested.issue.sections[0].items[1].summary.text == "Read more");
  CHECK(nested.issue.sections[0].notes.size() == 1);
}

TEST_CASE("with a title in the front matter, a first heading below \"#\" is no title", "[structure]") {
  // The heading would otherwise vanish from every output.
  const auto r = compose("---\ntitle: The Brief\n---\n\n## Apple delays Siri\n\nText.\n\n## Other\n\nMore.\n", {"html"});
  CHECK(r.issue.title == "The Brief");
  REQUIRE(r.issue.sections.size() == 2);
  CHECK(r.issue.sections[0].title == "Apple delays Siri");
  CHECK(r.outputs.at("html").find("Apple delays Siri") != std::string::npos);
  // A "#" heading there, or one that says the title, is the title's.
  CHECK(compose("---\ntitle: The Brief\n---\n\n# Weekly\n\n## S\n\nText.\n").issue.sections.size() == 1);
  CHECK(compose("---\ntitle: The Brief\n---\n\n## The Brief\n\n## S\n\nText.\n").issue.sections.size() == 1);
}

TEST_CASE("a list entry ending with a bare address is titled by its text; a link's own site in parentheses is its source", "[structure][list]") {
  const auto r = compose(
      "# T\n\n## Launches\n\n- Zed 1.0 \xE2\x80\x94 the editor hits 1.0: https://zed.dev/blog/1.0\n"
      "- **Warp for Linux** https://warp.dev/linux\n- Read https://r.org/x for details\n- https://bare.org/only\n"
      "- [Ghostty 2](https://ghostty.org/2) (ghostty.org) - a terminal.\n- [NYT](https://www.nytimes.com/x) (nytimes.com)\n"
      "- [Mirror](https://archive.org/x) (nytimes.com)\n- [Escaped](https://e.org/x) \\(e.org\\)\n"
      "- [Blog post](https://blog.example.net/w) (example.net)\n",
      {"html", "markdown"});
  const auto& items = r.issue.sections.at(0).items;
  REQUIRE(items.size() == 9);
  // The text before the address that ends the entry, its only link, titles it.
  CHECK(items[0].title == "Zed 1.0 \xE2\x80\x94 the editor hits 1.0");
  CHECK(items[0].url == "https://zed.dev/blog/1.0");
  CHECK(items[0].title_html.empty());
  CHECK(items[0].summary.text.empty());
  CHECK(items[1].title == "Warp for Linux");
  // An address inside the sentence, or alone, is titled as before.
  CHECK(items[2].title == "Read https://r.org/x for details");
  CHECK(items[3].title == "https://bare.org/only");
  CHECK(r.outputs.at("html").find(">Zed 1.0 \xE2\x80\x94 the editor hits 1.0</a>") != std::string::npos);
  // "(ghostty.org)" after the link names its own host: the source, no summary.
  CHECK(items[4].source == "ghostty.org");
  CHECK(items[4].summary.text == "a terminal.");
  CHECK(items[4].summary.markdown == "a terminal.");
  CHECK(items[5].source == "nytimes.com");
  CHECK(items[5].summary.text.empty());
  // Another site, or one written with escapes, stays in the summary.
  CHECK(items[6].summary.text == "(nytimes.com)");
  CHECK(items[7].summary.text == "(e.org)");
  // Hacker News names the domain of a link to its sub-domain: the host stays the source.
  CHECK(items[8].source == "blog.example.net");
  CHECK(items[8].summary.text.empty());
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
  REQUIRE(again.issue.sections.at(0).items.size() == 9);
  for (std::size_t i = 0; i < items.size(); ++i) {
    CHECK(again.issue.sections[0].items[i].title == items[i].title);
    CHECK(again.issue.sections[0].items[i].source == items[i].source);
    CHECK(again.issue.sections[0].items[i].summary.text == items[i].summary.text);
  }
}

TEST_CASE("a linked section heading keeps its link, in the model and in every output", "[structure][sections]") {
  // This Week in Rust's "### [RFCs](url)" over a list of links: a section,
  // whose link every output used to drop.
  const std::string source =
      "# T\n\n## News\n\n- [a](https://a.org) - x\n- [b](https://b.org) - y\n\n"
      "### [RFCs](https://github.com/rfcs?utm_source=twir)\n\n- [c](https://c.org) - z\n\n"
      "## someone@example.org\n\n- [e](https://e.org) - v\n\n## [Bad](javascript:alert(1))\n\n- [f](https://f.org) - u\n";
  composer::Options options;
  options.formats = {"html", "email", "text", "markdown"};
  options.utm = {"letter", "email", "issue-1"};
  const auto r = composer::compose(source, options);
  const auto& sections = r.issue.sections;
  REQUIRE(sections.size() == 4);
  CHECK(sections[0].url.empty());
  CHECK(sections[1].title == "RFCs");
  CHECK(sections[1].url == "https://github.com/rfcs?utm_source=twir");
  CHECK(sections[2].url.empty());  // a bare address is the title's text
  CHECK(sections[3].url == "javascript:alert(1)");
  const auto& out = r.outputs;
  // The web version and the Markdown link to the page itself; the email and
  // the text alternative add the issue's tracking, as for items.
  CHECK(out.at("html").find("<h2 class=\"section-title\"><a href=\"https://github.com/rfcs\">RFCs</a></h2>") != std::string::npos);
  CHECK(out.at("email").find("https://github.com/rfcs?utm_source=letter&amp;utm_medium=email&amp;utm_campaign=issue-1") != std::string::npos);
  CHECK(out.at("text").find("RFCs [3]\n") != std::string::npos);
  CHECK(out.at("text").find("[3] https://github.com/rfcs?utm_source=letter&utm_medium=email&utm_campaign=issue-1") != std::string::npos);
  CHECK(out.at("markdown").find("\n## [RFCs](https://github.com/rfcs)\n") != std::string::npos);
  // A script address is linked nowhere.
  for (const auto& [format, text] : out) CHECK(text.find("javascript:") == std::string::npos);
  CHECK(out.at("markdown").find("\n## Bad\n") != std::string::npos);
  // Read back, the Markdown gives the same links.
  const auto again = compose(out.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == out.at("markdown"));
  REQUIRE(again.issue.sections.size() == 4);
  CHECK(again.issue.sections[1].url == "https://github.com/rfcs");
  CHECK(again.issue.sections[2].url.empty());
  CHECK(again.issue.sections[3].url.empty());

  // Numbered: the link around the whole heading or around its title.
  const auto numbered = compose("# T\n\n## 1. [News](https://n.org)\n\n- [a](https://a.org) - x\n\n"
                                "## [2. Papers](https://p.org/list)\n\n- [d](https://d.org) - w\n",
                                {"html", "markdown"});
  REQUIRE(numbered.issue.sections.size() == 2);
  CHECK(numbered.issue.sections[0].number == 1);
  CHECK(numbered.issue.sections[0].url == "https://n.org");
  CHECK(numbered.issue.sections[1].title == "Papers");
  CHECK(numbered.issue.sections[1].url == "https://p.org/list");
  CHECK(numbered.outputs.at("html").find("<span class=\"section-number\">2.</span> <a href=\"https://p.org/list\">Papers</a>") !=
        std::string::npos);
  CHECK(numbered.outputs.at("markdown").find("\n## [2. Papers](https://p.org/list)\n") != std::string::npos);
  const auto numbered_again = compose(numbered.outputs.at("markdown"), {"markdown"});
  CHECK(numbered_again.outputs.at("markdown") == numbered.outputs.at("markdown"));
  REQUIRE(numbered_again.issue.sections.size() == 2);
  CHECK(numbered_again.issue.sections[0].number == 1);
  CHECK(numbered_again.issue.sections[0].url == "https://n.org");
  CHECK(numbered_again.issue.sections[1].url == "https://p.org/list");
}

TEST_CASE("a label before an entry's closing title link is its summary, or its source when it names a site", "[structure][list]") {
  // This Week in Rust's final-comment-period entries, and a site label.
  const auto r = compose("# T\n\n## S\n\n- [disposition: merge] [Stabilize let chains](https://github.com/x/pull/1).\n"
                         "- [arxiv.org] [A paper](https://arxiv.org/abs/2401.00001).\n",
                         {"markdown", "text"});
  const auto& items = r.issue.sections.at(0).items;
  REQUIRE(items.size() == 2);
  CHECK(items[0].title == "Stabilize let chains");
  CHECK(items[0].summary.text == "[disposition: merge]");  // no stray full stop
  CHECK(items[0].summary.markdown == "[disposition: merge]");
  CHECK(items[1].title == "A paper");
  CHECK(items[1].source == "arxiv.org");
  CHECK(items[1].summary.text.empty());
  CHECK(r.outputs.at("text").find("merge] .") == std::string::npos);
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
  REQUIRE(again.issue.sections.at(0).items.size() == 2);
  CHECK(again.issue.sections[0].items[0].summary.text == "[disposition: merge]");
  CHECK(again.issue.sections[0].items[1].source == "arxiv.org");
  CHECK(again.issue.sections[0].items[1].summary.text.empty());
}

TEST_CASE("paragraphs that open with a title link are items in an issue of list entries too", "[structure][list]") {
  // One section lists its links, another writes them as paragraphs: each
  // reads as written.
  const auto r = compose("# W\n\n## Articles\n\n- [A](https://a.org) - one\n- [B](https://b.org) - two\n- [C](https://c.org) - three\n\n"
                         "## Tools\n\nMentions [a link](https://m.org) in passing.\n\n"
                         "[Vite 6](https://vite.dev/6) by the Vite team. Faster builds.\n\n"
                         "[Bun 2](https://bun.sh/2) \xE2\x80\x94 a package registry.\n",
                         {"markdown"});
  REQUIRE(r.issue.sections.size() == 2);
  CHECK(r.issue.sections[0].items.size() == 3);
  const auto& tools = r.issue.sections[1];
  REQUIRE(tools.items.size() == 2);
  CHECK(tools.items[0].title == "Vite 6");
  CHECK(tools.items[0].summary.text == "by the Vite team. Faster builds.");
  CHECK(tools.items[1].summary.text == "a package registry.");
  CHECK(tools.notes.size() == 1);
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
  CHECK(again.issue.sections.at(1).items.size() == 2);
}

TEST_CASE("a list entry that opens with bold text and a colon or dash is titled by the bold text", "[structure][list]") {
  const auto r = compose(
      "# T\n\n## News\n\n- **OpenAI releases o5**: it plans first. [Link](https://openai.com/o5)\n"
      "- **Llama 5** \xE2\x80\x94 open weights ([blog](https://ai.meta.com/llama5)).\n"
      "- **Oxlint:** [a linter](https://oxc.rs) that is fast.\n"
      "- **Note** see [the docs](https://d.org) for more.\n"
      "- **[Bold link](https://b.org)**: as before.\n",
      {"markdown"});
  const auto& items = r.issue.sections.at(0).items;
  REQUIRE(items.size() == 5);
  CHECK(items[0].title == "OpenAI releases o5");
  CHECK(items[0].url == "https://openai.com/o5");
  CHECK(items[0].summary.text == "it plans first. Link");
  CHECK(items[0].summary.markdown == "it plans first. [Link](https://openai.com/o5)");
  CHECK(items[1].title == "Llama 5");
  CHECK(items[1].summary.text == "open weights (blog).");
  CHECK(items[2].title == "Oxlint");
  CHECK(items[2].url == "https://oxc.rs");
  CHECK(items[2].summary.text == "a linter that is fast.");
  // No colon or dash after the bold text: the sentence around the link titles it.
  CHECK(items[3].title == "Note see the docs for more.");
  CHECK(items[4].title == "Bold link");
  const auto again = compose(r.outputs.at("markdown"), {"markdown"});
  REQUIRE(again.issue.sections.at(0).items.size() == 5);
  for (std::size_t i = 0; i < items.size(); ++i) {
    CHECK(again.issue.sections[0].items[i].title == items[i].title);
    CHECK(again.issue.sections[0].items[i].summary.text == items[i].summary.text);
  }
  CHECK(again.outputs.at("markdown") == r.outputs.at("markdown"));
}
