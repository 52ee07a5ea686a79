#include <catch2/catch.hpp>

#include "util/url.hpp"

using namespace composer;

TEST_CASE("canonical URLs drop tracking parameters and keep the rest", "[url]") {
  CHECK(url::canonical("https://a.org/x?utm_source=n&id=3&utm_medium=email#frag") == "https://a.org/x?id=3#frag");
  CHECK(url::canonical("https://a.org/x?utm_campaign=Akira%27s&utm_medium=email") == "https://a.org/x");
  CHECK(url::canonical("https://a.org/x?fbclid=abc") == "https://a.org/x");
  CHECK(url::canonical("https://a.org/x?q=utm_source") == "https://a.org/x?q=utm_source");
  // Written another way, a tracking parameter is one still: percent-encoded,
  // or after a ';', which some servers take as '&' (the separators kept).
  CHECK(url::canonical("https://a.org/x?%75tm_source=x&id=3") == "https://a.org/x?id=3");
  CHECK(url::canonical("https://a.org/x?a=1;utm_source=z;b=2&c=3") == "https://a.org/x?a=1;b=2&c=3");
  CHECK(url::canonical("https://a.org/x?utm_source=z;b=2") == "https://a.org/x?b=2");
  CHECK(url::canonical("https://a.org/x?%zz=1&%=2") == "https://a.org/x?%zz=1&%=2");
  CHECK(url::with_tracking("https://a.org/x?a=1;utm_source=z", {"news", "email", "spring"}) ==
        "https://a.org/x?a=1&utm_source=news&utm_medium=email&utm_campaign=spring");
  // A '?' in the fragment is the fragment's: nothing there is a parameter.
  CHECK(url::canonical("http://o?#?utm_x=1") == "http://o#?utm_x=1");
  CHECK(url::canonical("http://o#?utm_x=1") == "http://o#?utm_x=1");
  CHECK(url::query_value("https://a.org/#x?utm_source=n", "utm_source").empty());
  CHECK(url::canonical("/relative/path") == "/relative/path");
}

TEST_CASE("hosts and domain labels", "[url]") {
  CHECK(url::host("https://WWW.Example.org:8080/a") == "www.example.org");
  CHECK(url::display_host("https://www.wired.com/story/") == "wired.com");
  CHECK(url::host("/analytics-vidhya/x").empty());
  // The authority follows the scheme, or there is none.
  CHECK(url::host("http:?utm_://c").empty());
  CHECK(url::host("https:/x?next=https://a.org").empty());
  CHECK(url::looks_like_domain("arxiv.org"));
  CHECK(url::looks_like_domain("sourceful . us"));
  CHECK(url::normalise_domain("sourceful . us") == "sourceful.us");
  CHECK_FALSE(url::looks_like_domain("Read more"));
  CHECK_FALSE(url::looks_like_domain("v1.2"));
}

TEST_CASE("paper ids from links and [id] lines", "[url]") {
  CHECK(url::paper_id_from_url("https://arxiv.org/abs/2108.05887") == "arXiv:2108.05887");
  CHECK(url::paper_id_from_url("https://arxiv.org/pdf/2108.05887v2.pdf") == "arXiv:2108.05887");
  CHECK(url::paper_id_from_url("https://arxiv.org/abs/hep-th/9901001") == "arXiv:hep-th/9901001");
  CHECK(url::paper_id_from_url("https://doi.org/10.1145/3448250") == "doi:10.1145/3448250");
  CHECK(url::paper_id_from_url("https://example.org/abs/2108.05887").empty());
  CHECK(url::normalise_paper_id("2108.05887") == "arXiv:2108.05887");
  CHECK(url::normalise_paper_id("arXiv:2108.05887v3") == "arXiv:2108.05887");
  CHECK(url::normalise_paper_id("doi:10.1000/xyz") == "doi:10.1000/xyz");
  CHECK(url::normalise_paper_id("CVPR2021 tree distillation").empty());
  CHECK(url::normalise_paper_id("2108.587").empty());
  CHECK(url::normalise_paper_id("0704.0001") == "arXiv:0704.0001");
}

TEST_CASE("only safe URL schemes reach an href or a src", "[url][security]") {
  CHECK(url::is_safe("https://a.org", false));
  CHECK(url::is_safe("/relative", false));
  CHECK(url::is_safe("mailto:x@y.org", false));
  CHECK_FALSE(url::is_safe("javascript:alert(1)", false));
  CHECK_FALSE(url::is_safe("JaVaScRiPt:alert(1)", false));
  CHECK_FALSE(url::is_safe(" \x01javascript:alert(1)", false));
  CHECK_FALSE(url::is_safe("java\tscript:alert(1)", false));
  CHECK_FALSE(url::is_safe("vbscript:msgbox(1)", false));
  CHECK_FALSE(url::is_safe("data:text/html;base64,PHNjcmlwdD4=", false));
  CHECK_FALSE(url::is_safe("data:image/png;base64,iVBOR", false));
  CHECK(url::is_safe("data:image/png;base64,iVBOR", true));
  CHECK_FALSE(url::is_safe("data:image/svg+xml;base64,PHN2Zz4=", true));
  CHECK_FALSE(url::is_safe("file:///etc/passwd", false));
}

TEST_CASE("campaign tracking: added once, other parameters and the fragment kept", "[url][tracking]") {
  const url::Tracking campaign{"weekly", "email", "issue 27"};
  CHECK(url::with_tracking("https://a.org/x", campaign) ==
        "https://a.org/x?utm_source=weekly&utm_medium=email&utm_campaign=issue%2027");
  CHECK(url::with_tracking("https://a.org/x?id=3#part", campaign) ==
        "https://a.org/x?id=3&utm_source=weekly&utm_medium=email&utm_campaign=issue%2027#part");
  // The source's own tracking gives way to the campaign's, so tagging twice changes nothing.
  const std::string once = url::with_tracking("https://a.org/x?utm_source=twitter&fbclid=1&id=3", campaign);
  CHECK(once == "https://a.org/x?id=3&utm_source=weekly&utm_medium=email&utm_campaign=issue%2027");
  CHECK(url::with_tracking(once, campaign) == once);
  // Empty values are left out; none at all leaves the canonical URL.
  CHECK(url::with_tracking("https://a.org/?utm_medium=x", {"s", "", ""}) == "https://a.org/?utm_source=s");
  CHECK(url::with_tracking("https://a.org/?utm_medium=x&q=1", {}) == "https://a.org/?q=1");
  // Only http(s) links are tagged.
  CHECK(url::with_tracking("mailto:editor@a.org", campaign) == "mailto:editor@a.org");
  CHECK(url::with_tracking("/relative", campaign) == "/relative");
  CHECK(url::with_tracking("{{unsubscribe_url}}", campaign) == "{{unsubscribe_url}}");
}

TEST_CASE("merge tags of sending platforms are recognised and kept", "[url][placeholder]") {
  CHECK(url::is_placeholder("{{unsubscribe_url}}"));
  CHECK(url::is_placeholder(" {{ unsubscribe_url }} "));
  CHECK(url::is_placeholder("*|UNSUB|*"));
  CHECK(url::is_placeholder("{% unsubscribe_url %}"));
  CHECK(url::is_placeholder("%unsubscribe_url%"));
  CHECK_FALSE(url::is_placeholder("https://a.org/{{x}}"));
  CHECK_FALSE(url::is_placeholder("%20%"));
  CHECK_FALSE(url::is_placeholder("{{"));
  // cmark percent-encodes braces and bars in an href; they come back.
  CHECK(url::restore_placeholders("%7B%7Bunsubscribe_url%7D%7D") == "{{unsubscribe_url}}");
  CHECK(url::restore_placeholders("%7b%7B%20survey%20%7D%7d") == "{{ survey }}");
  CHECK(url::restore_placeholders("*%7CUNSUB%7C*") == "*|UNSUB|*");
  // Escapes that would decode to half a character or a NUL stay encoded.
  CHECK(url::restore_placeholders("%7B%7B%bf%7D%7D") == "%7B%7B%bf%7D%7D");
  CHECK(url::restore_placeholders("x%7B%7Ba%00b%7D%7D") == "x%7B%7Ba%00b%7D%7D");
  CHECK(url::restore_placeholders("%7B%7B%C3%A9%7D%7D") == "{{\xC3\xA9}}");
  CHECK(url::restore_placeholders("https://a.org/?e=%7B%7Bemail%7D%7D&x=%7B") == "https://a.org/?e={{email}}&x=%7B");
  std::string href;
  url::escape_href(href, "https://a.org/?e={{email}}&q=a b");
  CHECK(href == "https://a.org/?e={{email}}&amp;q=a%20b");
}

TEST_CASE("relative references resolve against an absolute http(s) base", "[url][resolve]") {
  const std::string base = "https://news.example.org/issues/12/index.html?v=2#top";
  CHECK(url::resolve(base, "img/a.png") == "https://news.example.org/issues/12/img/a.png");
  CHECK(url::resolve(base, "../11/") == "https://news.example.org/issues/11/");
  CHECK(url::resolve(base, "/about") == "https://news.example.org/about");
  CHECK(url::resolve(base, "//cdn.example.org/x.png") == "https://cdn.example.org/x.png");
  CHECK(url::resolve(base, "?page=2") == "https://news.example.org/issues/12/index.html?page=2");
  CHECK(url::resolve(base, "#section-2") == "https://news.example.org/issues/12/index.html?v=2#section-2");
  CHECK(url::resolve("https://a.org", "x") == "https://a.org/x");
  CHECK(url::resolve(base, "https://other.org/") == "https://other.org/");
  CHECK(url::resolve(base, "mailto:x@a.org") == "mailto:x@a.org");
  CHECK(url::resolve(base, "{{web_url}}") == "{{web_url}}");
  CHECK(url::resolve("", "img/a.png") == "img/a.png");
  CHECK(url::resolve("file:///etc/", "passwd") == "passwd");
}

TEST_CASE("dangerous schemes are told from merely unusual ones", "[url][security]") {
  CHECK(url::is_dangerous("javascript:alert(1)"));
  CHECK(url::is_dangerous(" JAVA\tSCRIPT:alert(1)"));
  CHECK(url::is_dangerous("vbscript:msgbox(1)"));
  CHECK(url::is_dangerous("data:text/html;base64,PHNjcmlwdD4="));
  CHECK(url::is_dangerous("file:///etc/passwd"));
  CHECK_FALSE(url::is_dangerous("data:image/png;base64,iVBOR"));
  CHECK_FALSE(url::is_dangerous("irc://irc.example.org/rust"));
  CHECK_FALSE(url::is_dangerous("https://a.org"));
  CHECK_FALSE(url::is_dangerous("relative/path"));
}
