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
// The decoded value of the query parameter `name` (the first one, names
// compared without case; '+' reads as a space), or empty.
std::string query_value(std::string_view url, std::string_view name);
// Where the query starts (its '?'), or npos: a '?' after the '#' is the
// fragment's.
std::size_t query_start(std::string_view url);

// Lower-case host of an absolute http(s) URL, or empty.
std::string host(std::string_view url);
// Host without a leading "www.", for display as an item's source.
std::string display_host(std::string_view url);

// True when `s` looks like a bare domain name such as "arxiv.org" (spaces that
// machine translation inserts around its dots, "sourceful . us", are
// tolerated; words are not one, "by Jane Doe. Summary").
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
// Whether a URL runs or embeds content where a reader expects a link:
// javascript:, vbscript:, file: and data: (but the image types is_safe
// accepts for images). Schemes is_safe does not know (irc:, ssh:) are not.
bool is_dangerous(std::string_view url);
// Percent-encodes what must not appear raw in an attribute (as cmark does) and
// escapes it for HTML. Merge tags (see is_placeholder) inside the URL are kept
// as written, so the sending platform still finds them.
void escape_href(std::string& out, std::string_view url);

// Whether the whole URL is a sending platform's merge tag: {{unsubscribe_url}},
// {% … %}, *|UNSUB|* or %unsubscribe_url%. Such a URL reaches every output as
// written: never resolved, tagged or encoded.
bool is_placeholder(std::string_view url);
// cmark percent-encodes the braces and bars of merge tags in an href
// ("%7B%7Bx%7D%7D"); this gives them back ("{{x}}"), leaving the rest as is,
// and a tag whose escapes would decode to invalid UTF-8 or a NUL encoded.
std::string restore_placeholders(std::string_view href);

// Whether the URL names a scheme, so that it means the same in any document.
bool is_absolute(std::string_view url);
// `reference` resolved against `base` (RFC 3986, section 5.2) when `base` is an
// absolute http(s) URL and `reference` is relative; otherwise `reference`.
std::string resolve(std::string_view base, std::string_view reference);

// Campaign parameters that an email adds to its outbound links.
struct Tracking {
  std::string source;    // utm_source
  std::string medium;    // utm_medium
  std::string campaign;  // utm_campaign
};
// An http(s) URL with the campaign's utm_* parameters: its own tracking
// parameters are dropped first (see canonical), so tagging twice changes
// nothing, and the rest of its query and its fragment are kept. Empty values
// are left out; with none set this is canonical(url). Any other URL (mailto:,
// relative, a merge tag) is returned as it is.
std::string with_tracking(std::string_view url, const Tracking& tracking);

// "arXiv:2108.05887" for arxiv.org/abs|pdf links, "doi:10.…" for doi.org
// links, else empty.
std::string paper_id_from_url(std::string_view url);
// "arXiv:2108.05887" for "2108.05887", "arXiv:2108.05887v2", "hep-th/9901001",
// "doi:10.1000/xyz" for "10.1000/xyz"; empty when `id` is none of these.
std::string normalise_paper_id(std::string_view id);

}  // namespace composer::url
