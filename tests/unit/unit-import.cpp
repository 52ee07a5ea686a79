// Import: a messy export becomes the canonical issue Markdown. Composing the
// result gives the same sections, items and addresses as composing the
// export; importing it again changes nothing; no word is lost without a
// diagnostic saying so. Checked on the sample, every fixture (whose
// expected.import.md is the golden) and the whole This Week in Rust corpus.
#include <algorithm>
#include <set>
#include <sstream>

#include "support.hpp"
#include "util/html_tags.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

using namespace composer;

namespace {

namespace fs = std::filesystem;

ImportResult import_of(const std::string& source) { return import_issue(source, Options{}); }

// What an item's address may become on import: tracking parameters go
// (canonical_url), the link/insecure fix upgrades http: to https:, and the
// paper/pdf-link fix points an arXiv PDF or version at the abstract page.
std::string address_key(const Item& item) {
  if (url::is_dangerous(item.url)) return "";
  const std::string paper = url::paper_id_from_url(item.url);
  if (!paper.empty()) return paper;
  std::string key = item.canonical_url;
  if (text::starts_with(key, "http://")) key.replace(0, 4, "https");
  return key;
}

// A title without asterisks: the parser removes runs of them as stray
// emphasis, so a literal "***" in a title (escaped in the source) cannot come
// back from the canonical Markdown (see unit-markdown.cpp).
std::string without_asterisks(std::string title) {
  title.erase(std::remove(title.begin(), title.end(), '*'), title.end());
  return title;
}

// The sections (number and title) and their items (title and address).
std::string outline(const Issue& issue) {
  std::ostringstream out;
  for (const Section& s : issue.sections) {
    out << "section " << (s.number ? std::to_string(*s.number) : "-") << " " << without_asterisks(s.title) << "\n";
    for (const Item& item : s.items) out << "  item " << without_asterisks(item.title) << " | " << address_key(item) << "\n";
  }
  return out.str();
}

bool is_word_char(char32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0;
  const auto within = [&](char32_t a, char32_t b) { return cp >= a && cp <= b; };
  return !(within(0x80, 0xBF) || within(0xFFF0, 0xFFFF) || within(0x2000, 0x206F) || within(0x3000, 0x303F) || within(0xFE30, 0xFE4F) ||
           within(0xFF00, 0xFF0F) || within(0xFF1A, 0xFF20) || within(0xFF3B, 0xFF40) || within(0xFF5B, 0xFF65));
}

// The words a reader sees in `source` (cmark's own rendering, tags dropped).
std::set<std::string> visible_words(const std::string& source) {
  const std::string html = render_gfm(source, {{"table", "strikethrough", "autolink", "tasklist"}, false});
  std::string visible;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] != '<') {
      visible += html[i];
      continue;
    }
    i = std::min(html.find('>', i), html.size());
    visible += ' ';
  }
  const std::string text = html::decode(visible);
  std::set<std::string> words;
  std::string word;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const char32_t cp = text::decode_utf8(text, pos);
    if (is_word_char(cp)) {
      word.append(text, start, pos - start);
    } else if (!word.empty()) {
      words.insert(word);
      word.clear();
    }
  }
  if (!word.empty()) words.insert(word);
  return words;
}

// Words of `source` missing from its import, outside what a diagnostic of the
// import names (those ranges are blanked, line ends kept).
std::vector<std::string> lost_words(std::string source, const ImportResult& imported) {
  for (const Diagnostic& d : imported.diagnostics) {
    for (std::size_t i = d.range.start.offset; i < d.range.end.offset && i < source.size(); ++i) {
      if (source[i] != '\n') source[i] = ' ';
    }
  }
  std::vector<std::string> lost;
  for (const std::string& word : visible_words(source)) {
    if (imported.markdown.find(word) == std::string::npos) lost.push_back(word);
  }
  return lost;
}

struct Verdict {
  bool same_outline = false;
  bool idempotent = false;
  std::vector<std::string> lost;
};

Verdict judge(const std::string& source, const ImportResult& imported) {
  Verdict v;
  v.same_outline = outline(test_support::compose(source).issue) == outline(test_support::compose(imported.markdown).issue);
  v.idempotent = import_of(imported.markdown).markdown == imported.markdown;
  v.lost = lost_words(source, imported);
  return v;
}

std::vector<std::string> rules_of(const ImportResult& imported) {
  std::vector<std::string> rules;
  for (const auto& d : imported.diagnostics) rules.push_back(d.rule);
  return rules;
}

}  // namespace

TEST_CASE("import: the fixtures give their golden, keep their outline and words, and import again unchanged", "[import]") {
  const auto dirs = test_support::fixture_dirs();
  REQUIRE(dirs.size() >= 6);
  for (const auto& dir : dirs) {
    INFO(dir.filename().string());
    const std::string source = test_support::read_file(dir / "input.md");
    const ImportResult imported = import_of(source);
    CHECK(imported.markdown == test_support::read_file(dir / "expected.import.md"));
    const Verdict v = judge(source, imported);
    CHECK(v.same_outline);
    CHECK(v.idempotent);
    CHECK(v.lost == std::vector<std::string>{});
  }
}

TEST_CASE("import: the Akira sample becomes a clean canonical issue", "[import]") {
  const auto shared = test_support::shared_dir();
  if (!shared) return;
  const std::string source = test_support::read_file(*shared / "samples" / "akira-ml-news-27.zh.md");
  const ImportResult imported = import_of(source);
  CHECK(imported.diagnostics.empty());
  const Verdict v = judge(source, imported);
  CHECK(v.same_outline);
  CHECK(v.idempotent);
  CHECK(v.lost == std::vector<std::string>{});

  const auto result = test_support::compose(imported.markdown, {"email"});
  const Issue& issue = result.issue;
  CHECK(issue.meta.dump() ==
        R"({"newsletter":"Akira 的机器学习新闻","number":27,"utm_source":"Revue newsletter","utm_medium":"email",)"
        R"("utm_campaign":"Akira's Machine Learning News"})");
  CHECK(issue.number == 27);
  REQUIRE(issue.sections.size() == 8);
  CHECK(issue.sections[2].title == "报纸");
  CHECK(issue.sections[2].items.size() == 7);
  // Canonical shape: numbered sections, item headings, paper lines, no leftovers.
  CHECK(imported.markdown.find("\n## 3. 报纸\n") != std::string::npos);
  CHECK(imported.markdown.find("\n### [变压器在工业中的应用](https://arxiv.org/abs/2108.05887)\n\n"
                               "![](img/dac5b254594ea7b2602ee2c7ae6b3232.png)\n\n[2108.05887] ") != std::string::npos);
  // No stray markers: the opening's heading, written bold, is the only bold text.
  const std::string bold_heading = "\n**本周特稿/新闻。**\n";
  CHECK(imported.markdown.find("**") == imported.markdown.find(bold_heading) + 1);
  CHECK(imported.markdown.find("**", imported.markdown.find(bold_heading) + bold_heading.size()) == std::string::npos);
  CHECK(imported.markdown.find("— —") == std::string::npos);
  CHECK(imported.markdown.find("utm_") == imported.markdown.find("utm_source:"));
  CHECK(imported.markdown.find(" [](") == std::string::npos);
  CHECK(imported.markdown.find("\n[](") == std::string::npos);
  // A card's own title, which differs from its item's, leads the summary.
  CHECK(imported.markdown.find("\nAI 能做出更好的聚变反应堆吗？ — 今天，仍然在谷歌") != std::string::npos);
  // What check still says: relative links and images (the export's own
  // paths, which nothing can resolve), images without alt text, a bare URL
  // as link text, long summaries and the missing preheader.
  std::set<std::string> remaining;
  for (const auto& d : result.diagnostics) {
    CHECK(d.severity != Severity::error);
    CHECK_FALSE(d.fix.has_value());
    remaining.insert(d.rule);
  }
  CHECK(remaining == std::set<std::string>{"image/no-alt", "image/relative", "link/relative", "link/vague-text",
                                           "email/no-preheader", "structure/summary-too-long"});
}

TEST_CASE("import: the whole This Week in Rust corpus keeps its outline and words, and imports again unchanged",
          "[import][corpus]") {
  const auto shared = test_support::shared_dir();
  if (!shared) return;
  std::vector<std::string> differ, moved, lost;
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(*shared / "corpus")) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".md" && ext != ".markdown")) continue;
    ++count;
    const std::string source = test_support::read_file(entry.path());
    const ImportResult imported = import_of(source);
    const Verdict v = judge(source, imported);
    const std::string name = entry.path().filename().string();
    if (!v.same_outline) differ.push_back(name);
    if (!v.same_outline) WARN("outline differs: " << name);
    if (!v.idempotent) moved.push_back(name);
    if (!v.lost.empty()) lost.push_back(name + ": " + v.lost.front());
  }
  INFO("outline differs: " << differ.size() << (differ.empty() ? "" : ", first " + differ.front()));
  INFO("import again changes: " << moved.size() << (moved.empty() ? "" : ", first " + moved.front()));
  INFO("words lost: " << lost.size() << (lost.empty() ? "" : ", first " + lost.front()));
  CHECK(count > 600);
  CHECK(differ.empty());
  CHECK(moved.empty());
  CHECK(lost.empty());
}

TEST_CASE("import: the front matter takes the most common utm values and keeps the writer's keys", "[import]") {
  const std::string source =
      "---\nnumber: 9\n---\n# Digest — #9\n\n## 1. News\n\n"
      "### [A](https://a.org/1?utm_source=one+list&utm_medium=email&utm_campaign=spring%20)\nFirst.\n\n"
      "### [B](https://a.org/2?utm_source=two&utm_campaign=autumn)\nSecond.\n\n"
      "### [C](https://a.org/3?UTM_SOURCE=two&utm_campaign=spring)\nThird.\n";
  const ImportResult imported = import_of(source);
  CHECK(imported.markdown ==
        "---\nnumber: 9\nnewsletter: Digest\nutm_source: two\nutm_medium: email\nutm_campaign: spring\n---\n\n"
        "<!-- issue-composer: canonical -->\n\n# Digest — #9\n\n## 1. News\n\n- [A](https://a.org/1) — First.\n- [B](https://a.org/2) — Second.\n"
        "- [C](https://a.org/3) — Third.\n");
  CHECK(imported.diagnostics.empty());
  CHECK(import_of(imported.markdown).markdown == imported.markdown);
}

TEST_CASE("import: safe fixes are applied to the canonical Markdown", "[import]") {
  const std::string source =
      "# Weekly — #4\n\n## 1. Papers\n\n### [A paper](https://arxiv.org/pdf/2108.05887v2.pdf)\nWhy it matters, see "
      "[](https://example.org/more) and [the code](http://github.com/x/y).\n\n— — —\n\n## 2. Tools\n\n"
      "### [A tool](https://github.com/x/y)\nIt helps.\n";
  const ImportResult imported = import_of(source);
  CHECK(imported.markdown.find("- [A paper](https://arxiv.org/abs/2108.05887) — Why") != std::string::npos);
  CHECK(imported.markdown.find("[example.org](https://example.org/more)") != std::string::npos);
  CHECK(imported.markdown.find("[the code](https://github.com/x/y)") != std::string::npos);
  CHECK(imported.markdown.find("— —") == std::string::npos);
  for (const auto& d : test_support::compose(imported.markdown).diagnostics) CHECK_FALSE(d.fix.has_value());
  const Verdict v = judge(source, imported);
  CHECK(v.same_outline);
  CHECK(v.idempotent);
}

TEST_CASE("import: what cannot be carried over is reported at its range, never dropped silently", "[import]") {
  const std::string source =
      "# Digest #2\n\n1. Old section\n2. News\n\n## 1. News\n\n### [A](https://a.org/)\nSee <b>this</b>.\n\n"
      "<div>Sponsored</div>\n\n[Run me](javascript:alert(1)) now.\n\n## 2. Tools\n\nA tool, \xff.\n";
  const ImportResult imported = import_of(source);
  CHECK(rules_of(imported) == std::vector<std::string>{"import/left-out", "import/left-out", "import/left-out",
                                                       "import/left-out", "import/left-out", "input/invalid-utf8"});
  const auto at = [&](std::size_t i) { return test_support::slice(source, imported.diagnostics[i].range); };
  CHECK(at(0) == "1. Old section\n2. News");
  CHECK(imported.diagnostics[0].message.find("'Old section'") != std::string::npos);
  CHECK(at(1) == "<b>");
  CHECK(at(2) == "</b>");
  CHECK(at(3).rfind("<div>Sponsored</div>", 0) == 0);
  CHECK(at(4) == "[Run me](javascript:alert(1))");
  CHECK(imported.diagnostics[5].range.start.line == 17);
  CHECK(imported.markdown.find("javascript") == std::string::npos);
  CHECK(imported.markdown.find("Run me") != std::string::npos);
  CHECK(imported.markdown.find("See this.") != std::string::npos);
  CHECK(imported.markdown.find("1. News\n2. Tools\n") != std::string::npos);
}

TEST_CASE("import: empty and binary input come back as Markdown and diagnostics, never a crash", "[import]") {
  CHECK(import_of("").markdown.empty());
  CHECK(import_of("").diagnostics.empty());
  const ImportResult binary = import_of(std::string("\x00\x01\x02 PNG \x89\xff", 10));
  CHECK(rules_of(binary) == std::vector<std::string>{"input/nul-byte", "input/invalid-utf8"});
  CHECK(import_of(binary.markdown).markdown == binary.markdown);
}
