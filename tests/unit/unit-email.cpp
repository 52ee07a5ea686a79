// The email: a whole document that mail clients render as written. The
// browser checks (widths, overflow, screenshots) live in tests/web/email.test.mjs.
#include <regex>

#include "support.hpp"
#include "util/html_tags.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

using namespace composer;

namespace {

std::string email_of(const std::string& source, composer::Options options = {}) {
  options.formats = {"email"};
  return composer::compose(source, options).outputs.at("email");
}

const std::string kIssue =
    "---\n"
    "newsletter: Digest\nnumber: 3\ndate: 2021-01-02\n"
    "utm_source: digest\nutm_medium: email\nutm_campaign: issue-3\n"
    "preheader: What is inside, in one line.\n"
    "web_url: https://digest.example.org/3\n"
    "subscribe_url: https://digest.example.org/subscribe\n"
    "unsubscribe_url: \"{{unsubscribe_url}}\"\n"
    "footer_text: Digest, 1 Main St\n"
    "---\n"
    "# Digest #3\n\n- A [highlight](https://h.org/a?utm_source=x#frag)\n\n"
    "## 1. News\n"
    "### [Item](https://a.org/x?utm_source=mail&id=1)\n"
    "![Alt text](https://a.org/i.png)\n"
    "Summary with a [link](https://l.org), a [mail](mailto:me@a.org), a [survey]({{survey_url}}),\n"
    "a [relative one](/archive) and `code`.\n";

// Every start tag of the document, for checks over all of them.
std::vector<composer::html::Token> start_tags(const std::string& html) {
  std::vector<composer::html::Token> tags;
  composer::html::Reader reader(html);
  composer::html::Token token;
  while (reader.next(token)) {
    if (token.kind == composer::html::Token::start_tag) tags.push_back(token);
  }
  return tags;
}

}  // namespace

TEST_CASE("the email is a complete document with language, charset and preheader", "[email]") {
  const std::string email = email_of(kIssue);
  CHECK(email.rfind("<!DOCTYPE html>\n<html lang=\"en\"", 0) == 0);
  CHECK(email.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(email.find("<meta name=\"color-scheme\" content=\"light dark\">") != std::string::npos);
  CHECK(email.find("<title>Digest #3</title>") != std::string::npos);
  CHECK(email.find("display:none") != std::string::npos);
  CHECK(email.find(">What is inside, in one line.&#847;") != std::string::npos);
  CHECK(email.find("<!--[if mso]>") != std::string::npos);
  CHECK(email.find("width=\"600\"") != std::string::npos);
  CHECK(email.size() < 102 * 1024);
  CHECK(text::ends_with(email, "</html>\n"));
}

TEST_CASE("every outbound link carries the campaign, once", "[email][tracking]") {
  const std::string email = email_of(kIssue);
  CHECK(email.find("href=\"https://a.org/x?id=1&amp;utm_source=digest&amp;utm_medium=email&amp;utm_campaign=issue-3\"") !=
        std::string::npos);
  CHECK(email.find("href=\"https://h.org/a?utm_source=digest&amp;utm_medium=email&amp;utm_campaign=issue-3#frag\"") !=
        std::string::npos);
  CHECK(email.find("utm_source=mail") == std::string::npos);
  CHECK(email.find("utm_source=x") == std::string::npos);
  CHECK(email.find("href=\"mailto:me@a.org\"") != std::string::npos);
  CHECK(email.find("href=\"{{survey_url}}\"") != std::string::npos);
  CHECK(email.find("href=\"{{unsubscribe_url}}\"") != std::string::npos);
  // The relative link resolves against the web version's address.
  CHECK(email.find("href=\"https://digest.example.org/archive?utm_source=digest") != std::string::npos);
  // Options override the front matter.
  composer::Options options;
  options.utm.campaign = "spring sale";
  CHECK(email_of(kIssue, options).find("utm_campaign=spring%20sale") != std::string::npos);
}

TEST_CASE("email links are absolute or merge tags; relative ones without a base lose their link", "[email]") {
  const std::string email = email_of("# T\n\n## 1. S\n### [Item](/relative)\n![x](img/a.png)\nSee [there](../x) and [here](#top).\n");
  for (const auto& tag : start_tags(email)) {
    if (const auto* href = tag.attribute("href")) {
      const std::string target = composer::html::decode(*href);
      CHECK((text::starts_with(target, "https://") || text::starts_with(target, "http://") ||
             text::starts_with(target, "mailto:") || composer::url::is_placeholder(target)));
    }
    if (tag.is("img")) FAIL("an image without an absolute address reached the email");
  }
  CHECK(email.find(">Item</h3>") != std::string::npos);
  CHECK(email.find("See there and here.") != std::string::npos);
}

TEST_CASE("inline styles on every element, nothing email clients refuse", "[email]") {
  const std::string email = email_of(test_support::read_file(test_support::source_dir() / "tests/fixtures/every-element/input.md"));
  for (const auto& tag : start_tags(email)) {
    INFO(tag.raw);
    CHECK_FALSE((tag.is("script") || tag.is("link") || tag.is("iframe") || tag.is("form") || tag.is("input")));
    for (std::size_t i = 0; i < tag.attribute_count; ++i) CHECK_FALSE(text::starts_with(tag.attributes[i].name, "on"));
    if (const auto* style = tag.attribute("style")) {
      CHECK(style->find("position") == std::string_view::npos);
      CHECK(style->find("flex") == std::string_view::npos);
      CHECK(style->find("grid") == std::string_view::npos);
    }
    if (tag.is("img")) {
      CHECK(tag.attribute("alt"));
      CHECK(tag.attribute("width"));
      REQUIRE(tag.attribute("style"));
      CHECK(tag.attribute("style")->find("max-width:") != std::string_view::npos);
    }
    static const std::regex styled("p|h[1-6]|a|li|ul|ol|blockquote|pre|code|table|th|td|em|strong|del");
    if (std::regex_match(std::string(tag.name), styled)) CHECK(tag.attribute("style"));
  }
  // The one <style> holds media queries (phones, dark mode) and nothing else.
  const auto style_start = email.find("<style>\n");
  REQUIRE(style_start != std::string::npos);
  const std::string style = email.substr(style_start, email.find("</style>", style_start) - style_start);
  CHECK(style.find("@media only screen and (max-width:620px)") != std::string::npos);
  CHECK(style.find("@media (prefers-color-scheme:dark)") != std::string::npos);
  CHECK(style.find("position") == std::string::npos);
  CHECK(style.find("flex") == std::string::npos);
  CHECK(style.find("grid") == std::string::npos);
  CHECK(email.find("@import") == std::string::npos);
}

TEST_CASE("branding from the front matter, validated", "[email][branding]") {
  const std::string branded = email_of(
      "---\nbrand_name: Acme Letters\naccent_color: \"#ffd700\"\nlogo_url: https://acme.example.org/logo.png\n"
      "footer_text: Acme, 2 Side St\n---\n# Issue 1\n");
  CHECK(branded.find("<img src=\"https://acme.example.org/logo.png\" alt=\"Acme Letters\"") != std::string::npos);
  CHECK(branded.find("Acme, 2 Side St") != std::string::npos);
  // Gold is unreadable on white: inline, the accent is darkened until it
  // reads; on the dark background it stays as it is.
  CHECK(branded.find("color:#ffd700;") == std::string::npos);
  CHECK(branded.find("color:#ffd700!important") != std::string::npos);
  // A colour that is not one never reaches a style attribute.
  const std::string hostile = email_of("---\naccent_color: \"red;background:url(https://evil.org/x)\"\n---\n# T\n");
  CHECK(hostile.find("evil.org") == std::string::npos);
  CHECK(hostile.find("#2457d6") != std::string::npos);
  // A logo that is not an absolute http(s) address is not shown.
  CHECK(email_of("---\nlogo_url: javascript:alert(1)\n---\n# T\n").find("javascript") == std::string::npos);
}

TEST_CASE("the email's language follows the front matter, else the title's script", "[email]") {
  CHECK(email_of("---\nlang: pt-BR\n---\n# Boletim\n").find("<html lang=\"pt-BR\"") != std::string::npos);
  CHECK(email_of("# 机器学习周报\n").find("<html lang=\"zh\"") != std::string::npos);
  CHECK(email_of("# 機械学習ニュース\n").find("<html lang=\"ja\"") != std::string::npos);
  CHECK(email_of("---\nlang: \"en\\\"><script>\"\n---\n# T\n").find("<html lang=\"en\"") != std::string::npos);
}
