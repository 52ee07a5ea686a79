// Bad input never fails the whole document: it yields diagnostics with a
// position and as much of the issue as could be read.
#include "support.hpp"

using test_support::compose;
using test_support::diagnostic;
using test_support::has_rule;

TEST_CASE("invalid UTF-8 is reported where it is and the rest is read", "[input]") {
  const std::string source = "# Title #4\n\n## 1. News\nab\xff\xfe" "cd [x](https://x.org)\n";
  const auto r = compose(source, {"html"});
  const auto& d = diagnostic(r, "input/invalid-utf8");
  CHECK(d.severity == composer::Severity::error);
  CHECK(d.range.start.line == 4);
  CHECK(d.range.start.column == 3);
  CHECK(d.message.find("2 bad bytes") != std::string::npos);
  CHECK(r.issue.number == 4);
  REQUIRE(r.issue.sections.size() == 1);
  CHECK(r.outputs.at("html").find("ab\xEF\xBF\xBD\xEF\xBF\xBD" "cd") != std::string::npos);
  // The JSON is valid UTF-8 whatever the input.
  const std::string json = composer::result_json(r, true);
  CHECK_NOTHROW(nlohmann::json::parse(json));
}

TEST_CASE("NUL bytes and binary junk", "[input]") {
  const std::string nul("# A\0B\n", 6);
  const auto r = compose(nul);
  CHECK(diagnostic(r, "input/nul-byte").range.start.column == 4);
  CHECK(r.issue.title == "A\xEF\xBF\xBD" "B");
  // In the front matter too.
  const char front_raw[] = "---\nnewsletter: A\0B\ntags: [x\0]\n---\n# T\n";
  const std::string front(front_raw, sizeof front_raw - 1);
  const auto f = compose(front, {"html"});
  CHECK(diagnostic(f, "input/nul-byte").range.start.line == 2);
  CHECK(f.issue.newsletter == "A\xEF\xBF\xBD" "B");
  CHECK(f.issue.meta["tags"][0] == "x\xEF\xBF\xBD");
  CHECK(f.outputs.at("html").find('\0') == std::string::npos);
  // And in the Markdown of a summary, kept as the writer typed it.
  const char item_raw[] = "## 1. A\n\n### [t](https://a.org)\n\nsum\0mary\n";
  const auto i = compose(std::string(item_raw, sizeof item_raw - 1));
  REQUIRE(i.issue.sections.size() == 1);
  REQUIRE(i.issue.sections[0].items.size() == 1);
  CHECK(i.issue.sections[0].items[0].summary.markdown == "sum\xEF\xBF\xBD" "mary");
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) & 0xFF);
  const auto b = compose(junk, {"html", "json"});
  CHECK(has_rule(b, "input/binary"));
  CHECK_NOTHROW(nlohmann::json::parse(b.outputs.at("json")));
}

TEST_CASE("input over the size limit is cut at a line and reported", "[input]") {
  std::string source = "# Big #1\n\n## 1. News\n";
  for (int i = 0; i < 2000; ++i) source += "[Item " + std::to_string(i) + "](https://x.org/" + std::to_string(i) + ")\n\n";
  composer::Options options;
  options.max_input_bytes = 10000;
  const auto r = composer::compose(source, options);
  const auto& d = diagnostic(r, "input/too-large");
  CHECK(d.severity == composer::Severity::error);
  CHECK(d.range.start.column == 1);
  CHECK(d.range.start.offset <= 10000);
  CHECK(d.range.end.offset == source.size());
  REQUIRE(r.issue.sections.size() == 1);
  CHECK(r.issue.sections[0].items.size() > 100);
  CHECK(r.issue.sections[0].items.size() < 2000);
}

TEST_CASE("a 10 MB paste is read up to the limit without failing", "[input]") {
  std::string source = "# Paste #9\n\n## 1. All\n";
  const std::string chunk = "[A title](https://example.org/a) —— [example.org](https://example.org/a)\n\nSome summary text here.\n\n";
  while (source.size() < 10u * 1024 * 1024) source += chunk;
  const auto r = compose(source, {"html", "markdown"});
  CHECK(has_rule(r, "input/too-large"));
  CHECK(r.issue.sections.at(0).items.size() > 10000);
  // 4 MB of items make more than the 2 MB of html a preview may show.
  CHECK(has_rule(r, "output/too-large"));
  CHECK(r.outputs.count("html") == 0);
  CHECK(!r.outputs.at("markdown").empty());
}

TEST_CASE("the json output stops at its limit: empty headings make a large model", "[input]") {
  // 400 KB of "#" lines: 200,000 empty sections, each a JSON object of some
  // 400 bytes, and a diagnostic each: the json output would be 200 times the
  // source. It is left out, and written no further than its limit.
  std::string source;
  while (source.size() < 400u * 1024) source += "#\n";
  const auto r = compose(source, {"json", "markdown"});
  CHECK(r.issue.sections.size() == source.size() / 2);
  CHECK(r.outputs.count("json") == 0);
  const auto& d = diagnostic(r, "output/too-large");
  CHECK(d.message.find("The json output would be over its limit of 19.5 MB from 400 KB of Markdown") == 0);
  CHECK(r.outputs.count("markdown") == 1);
  // Under the limit, the json output is the whole result.
  const auto small = compose("#\n#\n", {"json"});
  CHECK(small.outputs.at("json") == composer::result_json(small, false));
}

namespace {
// A header of `columns` cells, its delimiter row, then `rows` one-cell rows.
std::string sparse_table(std::size_t columns, std::size_t rows, const std::string& prefix = "",
                         const std::string& eol = "\n") {
  std::string header = prefix + "|", delimiter = prefix + "|";
  for (std::size_t i = 0; i < columns; ++i) {
    header += "x|";
    delimiter += "-|";
  }
  std::string table = header + eol + delimiter + eol;
  for (std::size_t i = 0; i < rows; ++i) table += prefix + "a" + eol;
  return table;
}
}  // namespace

TEST_CASE("a table of millions of empty cells is read as text, with a warning at its delimiter row", "[input]") {
  const std::string lead = "# Tables #3\n\n## 1. News\n\n";
  const std::string source = lead + sparse_table(1000, 1000) + "\nAfter the table.\n";
  const auto r = compose(source, {"html"});
  const auto& d = diagnostic(r, "input/table-too-large");
  CHECK(d.severity == composer::Severity::warning);
  CHECK(d.message.find("1000 columns and 1000 rows") != std::string::npos);
  CHECK(d.range.start.line == 6);
  CHECK(d.range.start.column == 1);
  CHECK(d.range.end.line == 6);
  CHECK(d.range.end.column == 2002);
  const std::string& html = r.outputs.at("html");
  CHECK(html.find("<table") == std::string::npos);
  CHECK(html.find("|-|-|-|") != std::string::npos);  // shown as written, the escape unseen
  CHECK(html.find("After the table.") != std::string::npos);
  CHECK_FALSE(has_rule(r, "output/too-large"));
  CHECK(r.issue.number == 3);

  // In a quote, in a list entry, with CRLF or CR line ends alike.
  for (const auto& [prefix, eol] : std::vector<std::pair<std::string, std::string>>{
           {"> ", "\n"}, {"- ", "\n"}, {"", "\r\n"}, {"", "\r"}, {"  > 1. ", "\n"}}) {
    CAPTURE(prefix, eol);
    const auto quoted = compose(lead + sparse_table(1000, 1000, prefix, eol), {"html"});
    CHECK(has_rule(quoted, "input/table-too-large"));
    CHECK(quoted.outputs.at("html").find("<table") == std::string::npos);
  }
}

TEST_CASE("tables that are tables stay tables", "[input]") {
  // Sparse but small; large but filled; a header that does not match; pipes
  // escaped in the header; a delimiter-like line with no header.
  std::string filled = "| a | b | c |\n|:--|:-:|--:|\n";
  for (int i = 0; i < 20000; ++i) filled += "| 1 | 2 | 3 |\n";
  for (const std::string& source :
       {sparse_table(90, 100), filled, "|x|y|\n|-|-|-|\n" + std::string(30000, 'a') + "\n",
        sparse_table(100, 1000).replace(0, 3, "|x\\|")}) {
    const auto r = compose(source, {"html"});
    CHECK_FALSE(has_rule(r, "input/table-too-large"));
  }
  CHECK(compose(sparse_table(90, 100), {"html"}).outputs.at("html").find("<table") != std::string::npos);
  CHECK(compose(filled, {"html"}).outputs.at("html").find("<table") != std::string::npos);
  CHECK_FALSE(has_rule(compose("\n|-|-|\n" + std::string(5000, '\n'), {"html"}), "input/table-too-large"));
}

TEST_CASE("front matter: values, lists, quotes and comments", "[front-matter]") {
  const auto r = compose("---\n# comment\nnewsletter: \"Quoted: name\"\nnumber: 12\nflag: true\nempty:\nauthors:\n  - Ada\n  - Lin\nnote: it's # not a comment\ncomment: plain # comment\n---\n# T\n");
  CHECK(test_support::reading_problems(r).empty());
  const auto& meta = r.issue.meta;
  CHECK(meta["newsletter"] == "Quoted: name");
  CHECK(meta["number"] == 12);
  CHECK(meta["flag"] == true);
  CHECK(meta["empty"].is_null());
  CHECK(meta["authors"] == nlohmann::ordered_json::array({"Ada", "Lin"}));
  CHECK(meta["comment"] == "plain");
  CHECK(r.issue.newsletter == "Quoted: name");
  CHECK(r.issue.number == 12);
}

TEST_CASE("malformed front matter is reported line by line, never fatal", "[front-matter]") {
  const auto r = compose("---\nnumber: 3\nthis line is wrong\nnumber: 4\ntitle: \"unclosed\n---\n# Body title\n\n## 1. S\n");
  const auto& malformed = diagnostic(r, "front-matter/malformed");
  CHECK(malformed.range.start.line == 3);
  CHECK(diagnostic(r, "front-matter/duplicate-key").range.start.line == 4);
  CHECK(r.issue.number == 4);
  CHECK(r.issue.sections.size() == 1);
}

TEST_CASE("unclosed front matter keeps its keys and the body", "[front-matter]") {
  const auto r = compose("---\nnumber: 5\nnewsletter: X\n\n# Title\n\n## 1. A\n");
  const auto& d = diagnostic(r, "front-matter/unclosed");
  CHECK(d.range.start.line == 1);
  CHECK(r.issue.number == 5);
  CHECK(r.issue.title == "Title");
  CHECK(r.issue.sections.size() == 1);
}

TEST_CASE("a number that is not a number is an error at its line", "[front-matter]") {
  const auto r = compose("---\nnewsletter: X\nnumber: twenty\n---\n# X #7\n");
  const auto& d = diagnostic(r, "front-matter/invalid-number");
  CHECK(d.range.start.line == 3);
  CHECK(r.issue.number == 7);  // the title still says it
}

TEST_CASE("summary_max_words in the front matter sets the summary's limit", "[front-matter][rules]") {
  const std::string body = "# X #7\n\n## 1. S\n\n### [Paper](https://example.org/p)\n\none two three four five six\n";
  const auto limited = compose("---\nsummary_max_words: 5\n---\n" + body);
  CHECK(diagnostic(limited, "structure/summary-too-long").range.start.line == 10);
  for (const auto& d : limited.diagnostics) CHECK(d.rule != "options/invalid");
  const auto roomy = compose("---\nsummary_max_words: 6\n---\n" + body);
  for (const auto& d : roomy.diagnostics) CHECK(d.rule != "structure/summary-too-long");
  for (const char* wrong : {"0", "-3", "many", "2.5"}) {
    const auto r = compose(std::string("---\nsummary_max_words: ") + wrong + "\n---\n" + body);
    CHECK(diagnostic(r, "options/invalid").message.find("summary_max_words") != std::string::npos);
  }
}

TEST_CASE("a ' #word' after a front-matter value is a comment, reported with a fix that quotes it", "[front-matter]") {
  const auto r = compose("---\ntitle: Weekly Digest #4\nnumber: 4 # the fourth\n---\n# Weekly Digest #4\n");
  CHECK(r.issue.meta["title"] == "Weekly Digest");
  const auto& d = diagnostic(r, "front-matter/comment-in-value");
  CHECK(d.range.start.line == 2);
  CHECK(d.range.start.column == 22);  // the #
  CHECK(d.message.find("'#4'") != std::string::npos);
  CHECK(d.message.find("'Weekly Digest'") != std::string::npos);
  CHECK(composer::fix("---\ntitle: Say \"hi\" #4\n---\n# X #4\n", {}).text == "---\ntitle: \"Say \\\"hi\\\" #4\"\n---\n# X #4\n");
  // A Pelican-style header has no comments: its value is the whole line.
  const auto pelican = compose("Title: Weekly Digest #4\nNumber: 4\n\nHello.\n");
  CHECK(pelican.issue.meta["Title"] == "Weekly Digest #4");
  for (const auto& p : pelican.diagnostics) CHECK(p.rule != "front-matter/comment-in-value");
}

TEST_CASE("a thematic break at the top is not front matter", "[front-matter]") {
  const auto r = compose("---\n\n# Title\n");
  CHECK(test_support::reading_problems(r).empty());
  CHECK(r.issue.meta.empty());
}

TEST_CASE("options are validated, never thrown", "[options]") {
  std::vector<composer::Diagnostic> problems;
  const auto options = composer::options_from_json(
      nlohmann::json::parse(R"({"formats": ["html", "pdf"], "max_input_bytes": -1, "colour": 1})"), problems);
  CHECK(options.formats == std::vector<std::string>{"html"});
  CHECK(problems.size() == 3);
  for (const auto& p : problems) CHECK(p.rule == "options/invalid");
}
