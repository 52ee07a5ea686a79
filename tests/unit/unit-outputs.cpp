// What holds for every output: the options that shape them, determinism, and
// safety against the XSS corpus of ../shared/security/xss-cases.txt.
#include <algorithm>
#include <sstream>

#include "render/settings.hpp"
#include "../support/properties.hpp"
#include "support.hpp"
#include "util/html_tags.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

using namespace composer;
using test_properties::html_problems;
using test_properties::text_problems;

namespace {

struct XssCase {
  std::string id;
  std::string payload;
};

// Blocks between "----" lines; "@@ " lines are metadata; a block without
// payload is a comment.
std::vector<XssCase> read_xss_cases(const std::string& text) {
  std::vector<XssCase> cases;
  XssCase current;
  std::vector<std::string> lines;
  const auto finish = [&] {
    if (!lines.empty()) {
      for (std::size_t i = 0; i < lines.size(); ++i) current.payload += (i ? "\n" : "") + lines[i];
      cases.push_back(current);
    }
    current = {};
    lines.clear();
  };
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line == "----") {
      finish();
    } else if (text::starts_with(line, "@@ ")) {
      if (text::starts_with(line, "@@ id: ")) current.id = line.substr(7);
    } else {
      lines.push_back(line);
    }
  }
  finish();
  return cases;
}

const GfmOptions kUnsafeGfm{{"table", "strikethrough", "autolink", "tasklist"}, true};

}  // namespace

TEST_CASE("the XSS corpus: no output carries a script, a handler or a script address", "[outputs][security]") {
  const auto shared = test_support::shared_dir();
  if (!shared) return;
  const auto cases = read_xss_cases(test_support::read_file(*shared / "security" / "xss-cases.txt"));
  REQUIRE(cases.size() > 20);
  for (const XssCase& c : cases) {
    // Each payload as written, as an item's summary, and as a note.
    for (const std::string& source : {c.payload, "# T\n\n## 1. S\n### [Item](https://a.org)\n" + c.payload + "\n",
                                      "# T\n\n## 1. S\n\n" + c.payload + "\n\n## Tail\n\n" + c.payload + "\n"}) {
      for (const bool standalone : {false, true}) {
        INFO("case " << c.id << (standalone ? " (standalone)" : ""));
        Options options;
        options.formats = output_formats();
        options.standalone = standalone;
        const Result result = composer::compose(source, options);
        CHECK(html_problems(result.outputs.at("html")).empty());
        if (standalone) continue;
        CHECK(html_problems(result.outputs.at("email")).empty());
        // Whoever renders the Markdown, even with raw HTML allowed, gets nothing active.
        CHECK(html_problems(render_gfm(result.outputs.at("markdown"), kUnsafeGfm)).empty());
        CHECK(text_problems(result.outputs.at("text")).empty());
      }
    }
  }
}

// The text output's oracle, shared with the fuzzer: an address the writer
// wrote is a problem; a line of the source's own words, markup read, is not.
TEST_CASE("the text output's oracle tells written addresses from the source's words", "[outputs][security]") {
  CHECK(text_problems("Read\n\n[1] javascript:alert(1)\n", "[Read](javascript:alert(1))").size() == 1);
  CHECK(text_problems("Note: javascript:alert(1)\n").size() == 1);
  CHECK(text_problems("the [6] model : data:text/html,x 2) caf\xC3\xA9\n").empty());  // words, no address
  CHECK(text_problems("Note: javascript:alert(1)\n", "Note: *javascript:alert(1)*").empty());
  CHECK(text_problems("[bar\\go)]r: javascript:_\xEF\xBF\xBD>/\n", std::string_view("[bar\\\\go)]r:\njavascript:_\0>/*", 29)).empty());
}

TEST_CASE("a link that shows nothing refers to nothing in the text output", "[outputs][text]") {
  // Its " [1]" would open the line as a reference does: "[1] javascript:…"
  // read as the address of reference 1.
  const auto r = test_support::compose("# T\n\n## 2. S\n\n[](https://x.org/p) [javascript:alert(1)]() words\n", {"text"});
  const std::string& text = r.outputs.at("text");
  CHECK(text.find("javascript:alert(1) words") != std::string::npos);
  CHECK(text.find("[1]") == std::string::npos);
  CHECK(text.find("https://x.org/p") == std::string::npos);
}

TEST_CASE("the outputs' options: standalone and campaign values", "[outputs][options]") {
  std::vector<Diagnostic> problems;
  const Options options = options_from_json(
      nlohmann::json::parse(R"({"formats": ["email", "markdown"], "standalone": true,
                                 "utm": {"source": "s", "campaign": "c"}})"),
      problems);
  CHECK(problems.empty());
  CHECK(options.standalone);
  CHECK(options.utm.source == "s");
  CHECK(options.utm.medium.empty());
  CHECK(options.utm.campaign == "c");

  options_from_json(nlohmann::json::parse(R"({"standalone": "yes", "utm": {"source": 1, "term": "x"}})"), problems);
  CHECK(problems.size() == 3);
  for (const auto& p : problems) CHECK(p.rule == "options/invalid");
  problems.clear();
  options_from_json(nlohmann::json::parse(R"({"utm": "x", "formats": ["pdf"]})"), problems);
  REQUIRE(problems.size() == 2);
  CHECK(std::any_of(problems.begin(), problems.end(), [](const Diagnostic& p) {
    return p.message.find("json, html, email, text and markdown") != std::string::npos;
  }));
}

TEST_CASE("every format is listed in meta and rendered", "[outputs]") {
  const auto& formats = output_formats();
  CHECK(formats == std::vector<std::string>{"json", "html", "email", "text", "markdown"});
  CHECK(meta()["formats"] == nlohmann::ordered_json(formats));
  Options options;
  options.formats = formats;
  const Result result = composer::compose("# T\n\n## 1. S\n### [a](https://a.org)\nb\n", options);
  for (const auto& format : formats) CHECK_FALSE(result.outputs.at(format).empty());
}

TEST_CASE("the same input gives the same bytes in every format", "[outputs][determinism]") {
  const std::string source = test_support::read_file(test_support::source_dir() / "tests/fixtures/every-element/input.md");
  Options options;
  options.formats = output_formats();
  CHECK(composer::compose(source, options).outputs == composer::compose(source, options).outputs);
}

TEST_CASE("the standalone page wraps the fragment with the brand", "[outputs][html]") {
  Options options;
  options.formats = {"html"};
  const std::string source =
      "---\nbrand_name: Digest\naccent_color: \"#0a7\"\nweb_url: https://d.org/3?utm_source=x\n"
      "subscribe_url: https://d.org/s\nfooter_text: Bye\n---\n# Digest #3\n";
  const std::string fragment = composer::compose(source, options).outputs.at("html");
  options.standalone = true;
  const std::string page = composer::compose(source, options).outputs.at("html");
  CHECK(text::starts_with(page, "<!DOCTYPE html>\n<html lang=\"en\">"));
  CHECK(page.find("<main class=\"site-main\">\n" + fragment + "</main>") != std::string::npos);
  CHECK(page.find("<link rel=\"canonical\" href=\"https://d.org/3\">") != std::string::npos);
  CHECK(page.find("--accent:#00") != std::string::npos);
  CHECK(page.find("<span class=\"site-name\">Digest</span>") != std::string::npos);
  CHECK(page.find("<p>Bye</p>") != std::string::npos);
  CHECK(page.find("<a href=\"https://d.org/s\">Subscribe</a>") != std::string::npos);
}

TEST_CASE("the web version's links are canonical", "[outputs][html]") {
  const std::string html = test_support::compose("# T\n\nSee [x](https://a.org/?utm_source=n&q=1#f) and [u]({{unsubscribe_url}}).\n",
                                                 {"html"}).outputs.at("html");
  CHECK(html.find("<a href=\"https://a.org/?q=1#f\">x</a>") != std::string::npos);
  CHECK(html.find("<a href=\"{{unsubscribe_url}}\">u</a>") != std::string::npos);
}

TEST_CASE("branding colours stay readable and only colours get through", "[outputs][branding]") {
  CHECK(render::parse_colour("#ABC") == std::optional<std::string>("#aabbcc"));
  CHECK(render::parse_colour(" #12aB9f ") == std::optional<std::string>("#12ab9f"));
  CHECK_FALSE(render::parse_colour("red"));
  CHECK_FALSE(render::parse_colour("#12345"));
  CHECK_FALSE(render::parse_colour("#fff;x:y"));
  for (const char* accent : {"#ffd700", "#000000", "#ffffff", "#2457d6", "#e0a800", "#7f7f7f"}) {
    const render::Colours colours = render::readable_colours(accent);
    INFO(accent);
    CHECK(render::contrast_ratio(colours.accent, "#ffffff") >= 4.5);
    CHECK(render::contrast_ratio(colours.accent_dark, std::string(render::kDarkBackground)) >= 4.5);
  }
  CHECK(render::readable_colours("#2457d6").accent == "#2457d6");
}
