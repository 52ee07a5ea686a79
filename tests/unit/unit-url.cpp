#include <catch2/catch.hpp>

#include "util/url.hpp"

using namespace composer;

TEST_CASE("canonical URLs drop tracking parameters and keep the rest", "[url]") {
  CHECK(url::canonical("https://a.org/x?utm_source=n&id=3&utm_medium=email#frag") == "https://a.org/x?id=3#frag");
  CHECK(url::canonical("https://a.org/x?utm_campaign=Akira%27s&utm_medium=email") == "https://a.org/x");
  CHECK(url::canonical("https://a.org/x?fbclid=abc") == "https://a.org/x");
  CHECK(url::canonical("https://a.org/x?q=utm_source") == "https://a.org/x?q=utm_source");
  CHECK(url::canonical("/relative/path") == "/relative/path");
}

TEST_CASE("hosts and domain labels", "[url]") {
  CHECK(url::host("https://WWW.Example.org:8080/a") == "www.example.org");
  CHECK(url::display_host("https://www.wired.com/story/") == "wired.com");
  CHECK(url::host("/analytics-vidhya/x").empty());
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
