// Links as written: empty text, duplicates, insecure, relative, malformed or
// unsafe URLs, tracking parameters and vague link text.
#include <map>
#include <set>

#include "rules/rules.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::rules {
namespace {

// Hosts that serve every page over https.
bool https_only_host(const std::string& host) {
  static const char* const hosts[] = {"arxiv.org", "github.com", "medium.com", "twitter.com", "x.com",
                                      "youtube.com", "wikipedia.org", "doi.org", "google.com", "openai.com"};
  for (const char* h : hosts) {
    const std::string_view name(h);
    if (host == name || (host.size() > name.size() && text::ends_with(host, name) &&
                         host[host.size() - name.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

// How far before an empty link its item's title may stand and still read as
// written beside it ("Title —— [](url)").
constexpr std::size_t kTitleReach = 160;

bool is_placeholder(std::string_view url) { return url.find("{{") != std::string_view::npos; }

void check_empty_text(Report& report, const SourceLink& link) {
  if (link.image || link.autolink || !text::trim(link.text).empty() || !link.exact) return;
  const std::string_view written = report.text(link.range);
  if (!text::starts_with(written, "[]")) return;
  if (link.before_card) {
    // The card that follows links to the same page: the empty link is noise.
    std::size_t end = link.range.end.offset;
    while (end < report.source().size() && report.source()[end] == ' ') ++end;
    report.add("link/empty-text", link.range,
               "This link has no text, so readers cannot see or click it; the link card after it points to the same "
               "page. Remove it.",
               replace("Remove the empty link", report.range(link.range.start.offset, end), ""));
    return;
  }
  // The item's own title, unless it is already written beside the link; then
  // the link is a source link and its domain says what it is.
  const Item* item = report.item_at(link.range.start.offset);
  // "Title —— [](url)" reads as a source link: its domain. Otherwise an empty
  // link to the item's page is its title link: the item's title. The title
  // is looked for just before the link on its line, never along the whole
  // line: one long line of empty links must not cost its length per link.
  bool title_before = false;
  if (item && !item->title.empty()) {
    const std::size_t link_start = link.range.start.offset;
    const std::size_t line_start = link_start - (link.range.start.column - 1);
    const std::size_t reach = item->title.size() + kTitleReach;
    const std::size_t from = link_start - line_start > reach ? link_start - reach : line_start;
    const std::string_view before = report.source().substr(from, link_start - from + item->title.size() - 1);
    title_before = before.substr(0, before.find('\n', link_start - from)).find(item->title) != std::string_view::npos;
  }
  std::string label;
  if (item && !item->title.empty() && !title_before && url::canonical(link.url) == item->canonical_url) {
    label = item->title;
  } else {
    label = url::display_host(link.url);
  }
  Range brackets = link.range;
  brackets.end = report.range(link.range.start.offset + 2, link.range.start.offset + 2).end;
  std::optional<Fix> fix;
  if (!label.empty() && label.find_first_of("[]") == std::string::npos) {
    fix = replace("Use '" + label + "' as the link text", brackets, "[" + label + "]");
  }
  report.add("link/empty-text", link.range,
             "This link has no text, so readers cannot see or click it. Write what it points to between the brackets" +
                 (label.empty() ? std::string(".") : " (for example '" + label + "')."),
             std::move(fix));
}

// Whether link text could be vague (below): false when its first character
// starts none of the vague phrases, "http" or the URL itself, which most link
// text shows at once, without the collapsed, lower-cased copy.
bool may_be_vague(std::string_view text, std::string_view url) {
  const std::string_view trimmed = text::trim(text);
  if (trimmed.empty()) return true;
  const auto first = static_cast<unsigned char>(trimmed[0]);
  // A lead byte of a Unicode space (U+00A0, U+2000…, U+3000, U+FEFF), which
  // collapsing would drop: the first character is then not known yet.
  if (first == 0xC2 || first == 0xE2 || first == 0xE3 || first == 0xEF) return true;
  const char c = text::lower_ascii(trimmed[0]);
  return std::string_view("chlmrt").find(c) != std::string_view::npos ||
         (!url.empty() && c == text::lower_ascii(url[0]));
}

void check_url(Report& report, const SourceLink& link, const std::set<std::string>& https_hosts,
               std::map<std::string, std::string>& utm_seen) {
  const std::string& u = link.url;
  const std::string scheme = url::scheme(u);
  const char* kind = link.image ? "image" : "link";
  if (!url::is_safe(u, link.image) && (scheme == "javascript" || scheme == "vbscript" || scheme == "data")) {
    report.add("link/unsafe-scheme", link.range,
               std::string("This ") + kind + " uses a " + scheme + ": URL, which could run code or hide content; it is "
               "dropped from every output. Link to a web page instead.");
    return;
  }
  if (link.image || is_placeholder(u)) return;
  if (u.find(' ') != std::string::npos || u.find('\t') != std::string::npos || ((scheme == "http" || scheme == "https") && url::host(u).empty())) {
    report.add("link/malformed", link.range, "This URL is malformed ('" + u + "'). Check it for spaces and a missing host.");
    return;
  }
  if (scheme.empty() && !u.empty() && u[0] != '#') {
    report.add("link/relative", link.range,
               "This link is relative ('" + u + "'), so it breaks in email and on other sites. Write the full URL, "
               "starting with https://.");
  }
  if (scheme == "http") {
    const std::string host = url::host(u);
    if (https_hosts.count(host) || https_only_host(host)) {
      std::optional<Fix> fix;
      if (link.url_range && text::starts_with(report.text(*link.url_range), "http://")) {
        Range scheme_range = *link.url_range;
        scheme_range.end = report.range(scheme_range.start.offset + 4, scheme_range.start.offset + 4).end;
        fix = replace("Use https", scheme_range, "https");
      }
      report.add("link/insecure", link.range,
                 "This link uses http:, but " + host + " is served over https:. Use https:// so readers are not warned or "
                 "redirected.",
                 std::move(fix));
    }
  }
  const std::string canonical = url::canonical(u);
  if (canonical != u) {
    // Compare the utm values across the issue: mixed values are worth saying.
    std::string note;
    const auto query = url::query_start(u);
    std::string_view params = query == std::string::npos ? std::string_view{} : std::string_view(u).substr(query + 1);
    params = params.substr(0, params.find('#'));
    while (!params.empty()) {
      const auto amp = params.find('&');
      const auto param = params.substr(0, amp);
      params = amp == std::string_view::npos ? std::string_view{} : params.substr(amp + 1);
      const auto eq = param.find('=');
      const std::string name = text::to_lower_ascii(param.substr(0, eq));
      if (!text::starts_with(name, "utm_") || eq == std::string_view::npos) continue;
      const std::string value(param.substr(eq + 1));
      const auto [it, inserted] = utm_seen.emplace(name, value);
      if (!inserted && it->second != value && note.empty()) {
        note = " Its " + name + " ('" + value + "') also differs from another link's ('" + it->second + "').";
      }
    }
    std::optional<Fix> fix;
    if (link.url_range && report.text(*link.url_range) == u) fix = replace("Remove the tracking parameters", *link.url_range, canonical);
    report.add("link/tracking", link.range,
               "This link carries tracking parameters typed into the source." + note +
                   " Remove them: the email output adds the issue's own utm_ values to every link.",
               std::move(fix));
  }
  if (!may_be_vague(link.text, u)) return;
  const std::string words = text::to_lower_ascii(text::collapse_space(link.text));
  static const std::set<std::string> vague{"click here", "here", "link", "this link", "read more", "more", "this"};
  if (vague.count(words) || (!link.autolink && (text::equals_ignoring_case(u, words) || text::starts_with(words, "http")))) {
    report.add("link/vague-text", link.range,
               "The text of this link ('" + text::collapse_space(link.text) + "') does not say where it goes. Name the page "
               "or what the reader will find there.");
  }
}

void check_duplicates(Report& report) {
  std::map<std::string, const Item*> first;
  for (const Section& s : report.issue().sections) {
    for (const Item& item : s.items) {
      // "Someone presents at [Their Meetup](…)" entries name their link in
      // passing; only items titled by their link are the same item twice.
      if (item.canonical_url.empty() || item.canonical_url[0] == '#' || !item.titled_by_link) continue;
      const auto [it, inserted] = first.emplace(item.canonical_url, &item);
      if (inserted) continue;
      report.add("link/duplicate", item.title_range,
                 "This item links to the same page as '" + it->second->title + "' (line " +
                     std::to_string(it->second->title_range.start.line) + "). Merge the two or remove one.");
    }
  }
}

}  // namespace

void check_links(Report& report) {
  const auto& links = report.issue().inventory.links;
  std::set<std::string> https_hosts;
  for (const SourceLink& link : links) {
    if (url::scheme(link.url) == "https") https_hosts.insert(url::host(link.url));
  }
  std::map<std::string, std::string> utm_seen;
  for (const SourceLink& link : links) {
    check_empty_text(report, link);
    check_url(report, link, https_hosts, utm_seen);
  }
  check_duplicates(report);
}

}  // namespace composer::rules
