#pragma once
// URL helpers: canonical form, host, safety and paper ids. Pure string work,
// no network and no full URL parser: newsletters link to ordinary web pages.
#include <string>
#include <string_view>

namespace composer::url {

// The URL without tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid);
// the rest of the query and the fragment are kept as written.
std::string canonical(std::string_view url);
bool is_tracking_parameter(std::string_view name);

// Lower-case host of an absolute http(s) URL, or empty.
std::string host(std::string_view url);
// Host without a leading "www.", for display as an item's source.
std::string display_host(std::string_view url);

// True when `s` looks like a bare domain name such as "arxiv.org" (spaces that
// machine translation inserts, "sourceful . us", are tolerated).
bool looks_like_domain(std::string_view s);
std::string normalise_domain(std::string_view s);

// Scheme of the URL as a browser would read it (lower case, C0 controls and
// white space ignored), or empty for a relative URL.
std::string scheme(std::string_view url);
// Whether a URL may appear in an href (or, with `image`, in an img src):
// relative URLs and http, https, mailto, tel and ftp; for images also
// data:image/png|gif|jpeg|webp. Everything else (javascript:, vbscript:,
// data:text/html, file:, …) is refused.
bool is_safe(std::string_view url, bool image);
// Percent-encodes what must not appear raw in an attribute (as cmark does) and
// escapes it for HTML.
void escape_href(std::string& out, std::string_view url);

// "arXiv:2108.05887" for arxiv.org/abs|pdf links, "doi:10.…" for doi.org
// links, else empty.
std::string paper_id_from_url(std::string_view url);
// "arXiv:2108.05887" for "2108.05887", "arXiv:2108.05887v2", "hep-th/9901001",
// "doi:10.1000/xyz" for "10.1000/xyz"; empty when `id` is none of these.
std::string normalise_paper_id(std::string_view id);

}  // namespace composer::url
