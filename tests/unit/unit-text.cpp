// The plain-text alternative: 72 columns, links written out once, tracked.
#include <algorithm>
#include <sstream>

#include "support.hpp"
#include "util/text.hpp"
#include "util/wrap.hpp"

using namespace composer;

namespace {

std::string text_of(const std::string& source) { return test_support::compose(source, {"text"}).outputs.at("text"); }

// Lines wider than 72 columns, except one that holds nothing but a short
// lead ("[3] ", "> ", "Unsubscribe: ") and one address too long for a line
// of its own: an address cannot be broken.
std::vector<std::string> overlong_lines(const std::string& text) {
  std::vector<std::string> overlong;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (text::column_width(line) <= 72) continue;
    const std::size_t last_space = line.find_last_of(' ');
    const std::string lead = last_space == std::string::npos ? "" : line.substr(0, last_space + 1);
    const std::string address = line.substr(lead.size());
    const bool is_address = address.find("://") != std::string::npos || text::starts_with(address, "mailto:");
    const bool short_lead = text::column_width(lead) <= 16 && lead.find("  ") == std::string::npos;
    if (!(is_address && short_lead && text::column_width(address) > 72 - text::column_width(lead))) {
      overlong.push_back(line);
    }
  }
  return overlong;
}

std::string flat(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

}  // namespace

TEST_CASE("the sample's text fits 72 columns", "[text]") {
  std::vector<std::filesystem::path> samples{test_support::source_dir() / "web/samples/weekly-ml-digest.md"};
  for (const auto& entry : std::filesystem::directory_iterator(test_support::source_dir() / "tests" / "fixtures")) {
    if (std::filesystem::exists(entry.path() / "input.md")) samples.push_back(entry.path() / "input.md");
  }
  if (const auto shared = test_support::shared_dir()) samples.push_back(*shared / "samples" / "akira-ml-news-27.zh.md");
  for (const auto& sample : samples) {
    INFO(sample.string());
    const std::string text = text_of(test_support::read_file(sample));
    CHECK(overlong_lines(text).empty());
    CHECK(text.find('\t') == std::string::npos);
    CHECK(text.find(" \n") == std::string::npos);
  }
}

TEST_CASE("every link is written out once, as a numbered reference", "[text]") {
  const std::string text = text_of(
      "---\nutm_source: d\n---\n# T\n\n- See [the paper](https://a.org/p) first.\n\n## 1. S\n"
      "### [The paper](https://a.org/p?utm_source=x)\nIt cites [another](https://b.org/q) and <https://c.org/>.\n"
      "Write to [me](mailto:me@a.org) or <me@a.org>.\n");
  const std::string line = flat(text);
  CHECK(line.find("See the paper [1] first.") != std::string::npos);
  CHECK(text.find("The paper [1]\n") != std::string::npos);
  CHECK(text.find("[1] https://a.org/p?utm_source=d\n") != std::string::npos);
  CHECK(line.find("another [2]") != std::string::npos);
  CHECK(text.find("[2] https://b.org/q?utm_source=d\n") != std::string::npos);
  // An autolink is its own address: written where it stands, tagged.
  CHECK(line.find("and https://c.org/?utm_source=d.") != std::string::npos);
  CHECK(line.find("me [3]") != std::string::npos);
  CHECK(text.find("[3] mailto:me@a.org") != std::string::npos);
  CHECK(line.find("or me@a.org.") != std::string::npos);
  // Each address once.
  std::size_t count = 0;
  for (auto at = text.find("https://a.org/p"); at != std::string::npos; at = text.find("https://a.org/p", at + 1)) ++count;
  CHECK(count == 1);
}

TEST_CASE("sections and items are clearly separated", "[text]") {
  const std::string text = text_of("# T\n\n## 1. One\n### [A](https://a.org)\nx\n\n### [B](https://b.org)\ny\n\n## 2. Two\n");
  const std::string rule_eq(72, '='), rule_dash(72, '-');
  CHECK(text.find(rule_eq + "\n1. One\n" + rule_eq + "\n") != std::string::npos);
  CHECK(text.find(rule_eq + "\n2. Two\n" + rule_eq + "\n") != std::string::npos);
  CHECK(text.find("\n" + rule_dash + "\n\nB [2]\n") != std::string::npos);
}

TEST_CASE("lists, quotes, code and tables in plain text", "[text]") {
  const std::string text = text_of(
      "# T\n\n## 1. S\n\n> quoted\n\n```\ncode  line\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
      "- one\n- two\n  1. nested\n\n- [x] done\n");
  CHECK(text.find("> quoted\n") != std::string::npos);
  CHECK(text.find("    code  line\n") != std::string::npos);
  CHECK(text.find("a | b\n1 | 2\n") != std::string::npos);
  CHECK(text.find("- one\n- two\n  1. nested\n") != std::string::npos);
  CHECK(text.find("- [x] done\n") != std::string::npos);
}

TEST_CASE("the footer's addresses, merge tags as they are", "[text]") {
  const std::string text = text_of(
      "---\nfooter_text: \"Digest\\n1 Main St\"\nsubscribe_url: https://d.org/s\nunsubscribe_url: \"*|UNSUB|*\"\n"
      "web_url: https://d.org/3\n---\n# T\n");
  CHECK(text.find("View in browser: https://d.org/3\n") != std::string::npos);
  CHECK(text.find("Digest\n1 Main St\n\nSubscribe: https://d.org/s\nUnsubscribe: *|UNSUB|*\n") != std::string::npos);
}

TEST_CASE("line_end finds the first \\n or \\r wherever it falls in an eight-byte word", "[text]") {
  for (std::size_t size = 0; size <= 20; ++size) {
    for (std::size_t from = 0; from <= size; ++from) {
      CHECK(text::line_end(std::string(size, 'x'), from) == size);
      for (std::size_t at = from; at < size; ++at) {
        for (const char end : {'\n', '\r'}) {
          std::string s(size, 'x');
          s[at] = end;
          if (at + 1 < size) s[at + 1] = end == '\n' ? '\r' : '\n';
          CHECK(text::line_end(s, from) == at);
        }
      }
    }
  }
  CHECK(text::line_end("ab\ncd", 3) == 5);
  CHECK(text::line_end("ab", 7) == 2);
}
