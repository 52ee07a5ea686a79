// The tag-level reader of cmark's safe HTML.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "util/html_tags.hpp"

using namespace composer;

namespace {

std::vector<html::Token> tokens(std::string_view source) {
  std::vector<html::Token> out;
  html::Reader reader(source);
  html::Token token;
  while (reader.next(token)) out.push_back(token);
  return out;
}

}  // namespace

TEST_CASE("tokens of cmark's HTML: text, tags with attributes, comments", "[html-tags]") {
  const std::string source =
      "<p>A <a href=\"https://a.org/?x=1&amp;y=2\" title=\"T &quot;q&quot;\">link</a> and "
      "<img src=\"i.png\" alt=\"an &lt;img&gt;\" /></p>\n<!-- raw HTML omitted -->";
  const auto t = tokens(source);
  REQUIRE(t.size() == 10);
  CHECK(t[0].kind == html::Token::start_tag);
  CHECK(t[0].is("p"));
  CHECK(t[1].kind == html::Token::text);
  CHECK(t[1].raw == "A ");
  CHECK(t[2].is("a"));
  REQUIRE(t[2].attribute("href"));
  CHECK(*t[2].attribute("href") == "https://a.org/?x=1&amp;y=2");
  CHECK(html::decode(*t[2].attribute("href")) == "https://a.org/?x=1&y=2");
  CHECK(html::decode(*t[2].attribute("title")) == "T \"q\"");
  CHECK(t[3].raw == "link");
  CHECK(t[4].kind == html::Token::end_tag);
  CHECK(t[4].is("a"));
  CHECK(t[6].is("img"));
  CHECK(t[6].self_closing);
  CHECK(html::decode(*t[6].attribute("alt")) == "an <img>");
  CHECK(t[6].attribute("title") == nullptr);
  CHECK(t[7].kind == html::Token::end_tag);
  CHECK(t[8].raw == "\n");
  CHECK(t[9].kind == html::Token::comment);
  // The raw bytes of all tokens are the input again.
  std::string joined;
  for (const auto& token : t) joined += token.raw;
  CHECK(joined == source);
}

TEST_CASE("attributes without quotes or values, and a lone '<' in text", "[html-tags]") {
  const auto t = tokens("<input type=checkbox checked disabled=\"\"> 1 < 2");
  REQUIRE(t.size() == 2);
  CHECK(t[0].attribute_count == 3);
  CHECK(*t[0].attribute("type") == "checkbox");
  CHECK(t[0].attribute("checked"));
  CHECK(t[1].raw == " 1 < 2");
}

TEST_CASE("character references", "[html-tags]") {
  CHECK(html::decode("a &amp; b &lt; c &gt; d &quot;e&quot; &apos;") == "a & b < c > d \"e\" '");
  CHECK(html::decode("&#65;&#x42;&#X43;&nbsp;") == "ABC\xC2\xA0");
  CHECK(html::decode("&#0; &#xD800; &#x110000;") == "\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD");
  CHECK(html::decode("AT&T & &unknown; &#x;") == "AT&T & &unknown; &#x;");
}
