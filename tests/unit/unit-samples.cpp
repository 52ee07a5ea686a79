// Real issues from ../shared: the Akira sample and the This Week in Rust corpus.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <regex>

#include "support.hpp"

using test_support::read_file;
using test_support::shared_dir;
using test_support::slice;

TEST_CASE("the Akira sample: number, five numbered sections, items and papers", "[samples]") {
  const auto shared = shared_dir();
  if (!shared) return;
  const std::string source = read_file(*shared / "samples" / "akira-ml-news-27.zh.md");
  const auto r = test_support::compose(source, {"html"});
  const auto& issue = r.issue;
  CHECK(issue.number == 27);
  CHECK(issue.highlights.size() == 2);
  REQUIRE(issue.toc);
  CHECK(issue.toc->entries.size() == 5);

  std::vector<const composer::Section*> numbered;
  for (const auto& s : issue.sections) {
    if (s.number) numbered.push_back(&s);
  }
  REQUIRE(numbered.size() == 5);
  const std::vector<std::size_t> counts{2, 2, 7, 2, 1};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(numbered[i]->number == static_cast<int>(i + 1));
    CHECK(numbered[i]->items.size() == counts[i]);
  }
  // Tail sections (subscribe, other posts, about) are unnumbered.
  CHECK(issue.sections.size() == 8);
  CHECK_FALSE(issue.sections.back().number.has_value());

  const std::vector<std::string> urls{
      "https://arxiv.org/abs/2108.05887",
      "https://arxiv.org/abs/2108.11950",
      "https://spectrum.ieee.org/can-ai-make-a-better-fusion-reactor#toggle-gdpr",
      "https://www.wired.com/story/opioid-drug-addiction-algorithm-chronic-pain/",
      "https://arxiv.org/abs/2106.03650",
      "https://arxiv.org/abs/2106.09018",
      "https://arxiv.org/abs/2107.14795",
      "https://arxiv.org/abs/2108.07258",
      "https://arxiv.org/abs/2104.05623",
      "https://arxiv.org/abs/2105.08128",
      "https://openaccess.thecvf.com/content/CVPR2021/html/Song_Tree-Like_Decision_Distillation_CVPR_2021_paper.html",
      "https://www.theverge.com/2021/6/29/22555777/github-openai-ai-tool-autocomplete-code",
      "https://cacm.acm.org/magazines/2021/7/253464-deep-learning-for-ai/fulltext",
      "https://sourceful.us/doc/935/introduction-to-vqganclip",
  };
  std::vector<std::string> got_urls, papers;
  for (const auto* s : numbered) {
    for (const auto& item : s->items) {
      got_urls.push_back(item.canonical_url);
      if (!item.paper_id.empty()) papers.push_back(item.paper_id);
      CHECK(!item.title.empty());
      CHECK(item.title.find('*') == std::string::npos);
      // Every item's range starts at its title line and covers its own text.
      CHECK(slice(source, item.range).find(item.url) != std::string::npos);
      CHECK(item.range.start.column == 1);
    }
  }
  CHECK(got_urls == urls);
  CHECK(papers == std::vector<std::string>{"arXiv:2108.05887", "arXiv:2108.11950", "arXiv:2106.03650", "arXiv:2106.09018",
                                           "arXiv:2107.14795", "arXiv:2108.07258", "arXiv:2104.05623", "arXiv:2105.08128"});
  const std::string& html = r.outputs.at("html");
  CHECK(html.find("****") == std::string::npos);
  CHECK(html.find("utm_") == std::string::npos);  // the web version links without tracking
}

namespace {

// An independent reading of a This Week in Rust issue with cmark itself:
// the headings in order, and the list entries that hold a link with the
// paragraphs that open with one before a dash or a colon.
struct Expected {
  std::vector<std::string> headings;
  int linked_entries = 0;
};

std::string collapse(const std::string& s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string node_text(cmark_node* node) {
  std::string out;
  cmark_iter* iter = cmark_iter_new(node);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* n = cmark_iter_get_node(iter);
    if (ev != CMARK_EVENT_ENTER) continue;
    const auto type = cmark_node_get_type(n);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) out += cmark_node_get_literal(n);
    if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) out += ' ';
  }
  cmark_iter_free(iter);
  return collapse(out);
}

bool own_link(cmark_node* item) {
  for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
    if (cmark_node_get_type(c) != CMARK_NODE_PARAGRAPH && cmark_node_get_type(c) != CMARK_NODE_HEADING) continue;
    cmark_iter* iter = cmark_iter_new(c);
    bool found = false;
    for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE && !found; ev = cmark_iter_next(iter)) {
      cmark_node* n = cmark_iter_get_node(iter);
      found = ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_LINK && *cmark_node_get_url(n);
    }
    cmark_iter_free(iter);
    if (found) return true;
  }
  return false;
}

// A paragraph that opens with its title link and goes on with the summary
// after a dash or a colon, as the Cooperpress weeklies write it: an item in
// an issue whose other sections list their links (README, "Items").
bool dash_titled(cmark_node* paragraph) {
  cmark_node* link = cmark_node_first_child(paragraph);
  if (!link || cmark_node_get_type(link) != CMARK_NODE_LINK || !*cmark_node_get_url(link)) return false;
  cmark_node* after = cmark_node_next(link);
  if (!after || cmark_node_get_type(after) != CMARK_NODE_TEXT) return false;
  const std::string_view text = cmark_node_get_literal(after);
  for (const std::string_view opening : {" - ", " \u2014 ", " \u2013 ", ": "}) {
    if (text.substr(0, opening.size()) == opening) return true;
  }
  return false;
}

Expected expected_of(const std::string& body) {
  Expected e;
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter", "tasklist"}) {
    cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name));
  }
  cmark_parser_feed(parser, body.data(), body.size());
  cmark_node* doc = cmark_parser_finish(parser);
  bool after_heading = false;
  for (cmark_node* block = cmark_node_first_child(doc); block; block = cmark_node_next(block)) {
    if (cmark_node_get_type(block) == CMARK_NODE_HEADING) {
      after_heading = true;
      e.headings.push_back(node_text(block));
    }
    if (after_heading && cmark_node_get_type(block) == CMARK_NODE_PARAGRAPH && dash_titled(block)) ++e.linked_entries;
    if (!after_heading || cmark_node_get_type(block) != CMARK_NODE_LIST) continue;
    cmark_iter* iter = cmark_iter_new(block);
    for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
      cmark_node* n = cmark_iter_get_node(iter);
      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_ITEM && own_link(n)) ++e.linked_entries;
    }
    cmark_iter_free(iter);
  }
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return e;
}

}  // namespace

TEST_CASE("This Week in Rust: every issue yields its number, sections and items", "[samples][corpus]") {
  const auto shared = shared_dir();
  if (!shared) return;
  const auto dir = *shared / "corpus" / "this-week-in-rust";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if ((ext == ".md" || ext == ".markdown") && entry.path().filename().string().find("LICENSE") == std::string::npos) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 667);
  const std::regex number_line(R"(^Number:\s*(\d+))", std::regex::multiline);
  int checked_numbers = 0;
  for (const auto& path : files) {
    INFO(path.filename().string());
    const std::string source = read_file(path);
    const auto r = test_support::compose(source);
    std::smatch m;
    if (std::regex_search(source, m, number_line)) {
      CHECK(r.issue.number == std::stoi(m[1]));
      ++checked_numbers;
    }
    CHECK(!r.issue.title.empty());
    const auto body_start = source.find("\n\n");
    const Expected expected = expected_of(source.substr(body_start == std::string::npos ? 0 : body_start));
    std::vector<std::string> titles;
    int items = 0;
    for (const auto& s : r.issue.sections) {
      titles.push_back(collapse(s.title));
      items += static_cast<int>(s.items.size());
    }
    CHECK(titles == expected.headings);
    CHECK(items == expected.linked_entries);
    for (const auto& d : r.diagnostics) CHECK(d.severity != composer::Severity::error);
  }
  CHECK(checked_numbers == 574);
}

TEST_CASE("the Akira sample: fix() leaves an issue with no error and the same structure", "[samples][fix]") {
  const auto shared = shared_dir();
  if (!shared) return;
  const std::string source = read_file(*shared / "samples" / "akira-ml-news-27.zh.md");
  const composer::FixResult fixed = composer::fix(source, {});
  CHECK(fixed.applied > 30);
  const auto before = test_support::compose(source);
  const auto after = test_support::compose(fixed.text);
  for (const auto& d : after.diagnostics) {
    CHECK(d.severity != composer::Severity::error);
    CHECK_FALSE(d.fix.has_value());
  }
  REQUIRE(after.issue.sections.size() == before.issue.sections.size());
  for (std::size_t i = 0; i < before.issue.sections.size(); ++i) {
    const auto& a = before.issue.sections[i];
    const auto& b = after.issue.sections[i];
    CHECK(a.title == b.title);
    REQUIRE(a.items.size() == b.items.size());
    for (std::size_t j = 0; j < a.items.size(); ++j) CHECK(a.items[j].canonical_url == b.items[j].canonical_url);
  }
  CHECK(composer::fix(fixed.text, {}).text == fixed.text);
}
