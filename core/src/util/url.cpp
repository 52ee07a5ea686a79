#include "util/url.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "util/text.hpp"

namespace composer::url {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// After "scheme://", the authority runs to the first '/', '?' or '#'.
std::string_view authority(std::string_view url) {
  // Right after the scheme: "http:?q=://x" has none.
  const auto sep = url.find(':');
  if (sep == std::string_view::npos || url.compare(sep, 3, "://") != 0) return {};
  std::size_t begin = sep + 3, end = begin;
  while (end < url.size() && url[end] != '/' && url[end] != '?' && url[end] != '#') ++end;
  std::string_view rest = url.substr(begin, end - begin);
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
    rest = rest.substr(0, colon);
  }
  return rest;
}

// New-style arXiv ids (YYMM.NNNN[N]) and old-style (archive/YYMMNNN), with an
// optional version; the version is dropped.
std::string arxiv_id(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == 4 && i < s.size() && s[i] == '.') {
    std::size_t j = i + 1;
    while (j < s.size() && is_digit(s[j])) ++j;
    // YYMM.NNNN until 2014, YYMM.NNNNN from 2015 on.
    const int yymm = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const int month = yymm % 100;
    const std::size_t digits = j - i - 1;
    if (month < 1 || month > 12 || yymm < 704 || digits != (yymm >= 1501 ? 5u : 4u)) return {};
    std::size_t k = j;
    if (k < s.size() && s[k] == 'v') {
      ++k;
      const std::size_t version_start = k;
      while (k < s.size() && is_digit(s[k])) ++k;
      if (k == version_start) return {};
    }
    if (k != s.size()) return {};
    return "arXiv:" + std::string(s.substr(0, j));
  }
  const auto slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0) return {};
  for (std::size_t k = 0; k < slash; ++k) {
    const char c = s[k];
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return {};
  }
  std::size_t k = slash + 1;
  const std::size_t digits_start = k;
  while (k < s.size() && is_digit(s[k])) ++k;
  if (k - digits_start != 7) return {};
  const std::size_t id_end = k;
  if (k < s.size() && s[k] == 'v') {
    ++k;
    while (k < s.size() && is_digit(s[k])) ++k;
  }
  if (k != s.size()) return {};
  return "arXiv:" + std::string(s.substr(0, id_end));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

namespace {

bool is_tracking_name(std::string_view name) {
  return text::starts_with_ignoring_case(name, "utm_") || text::equals_ignoring_case(name, "fbclid") ||
         text::equals_ignoring_case(name, "gclid") || text::equals_ignoring_case(name, "mc_cid") ||
         text::equals_ignoring_case(name, "mc_eid");
}

}  // namespace

// "%75tm_source" is utm_source to every server that reads the query.
bool is_tracking_parameter(std::string_view name) {
  return is_tracking_name(name) || (name.find('%') != std::string_view::npos && is_tracking_name(percent_decode(name)));
}

std::size_t query_start(std::string_view url) { return url.substr(0, url.find('#')).find('?'); }

std::string canonical(std::string_view url) {
  const auto start = query_start(url);
  if (start == std::string_view::npos) return std::string(url);
  const auto fragment_start = url.find('#', start);
  const auto query_end = fragment_start == std::string_view::npos ? url.size() : fragment_start;
  std::string out(url.substr(0, start));
  std::string kept;
  std::string_view query = url.substr(start + 1, query_end - start - 1);
  // Parameters are separated by '&', or by ';' as some servers take them;
  // a kept one keeps the separator written before it.
  char separator = '&';
  while (!query.empty()) {
    const auto end = query.find_first_of("&;");
    const auto param = query.substr(0, end);
    const char before = separator;
    separator = end == std::string_view::npos ? '&' : query[end];
    query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
    if (param.empty()) continue;
    if (is_tracking_parameter(param.substr(0, param.find('=')))) continue;
    if (!kept.empty()) kept += before;
    kept += param;
  }
  if (!kept.empty()) out += "?" + kept;
  if (fragment_start != std::string_view::npos) out += url.substr(fragment_start);
  return out;
}

namespace {

// The host of an absolute http(s) URL as written (any case), or empty.
std::string_view http_authority(std::string_view url) {
  // Most links start with a plain "https://": no need to read the scheme.
  if (!text::starts_with(url, "https://") && !text::starts_with(url, "http://")) {
    const std::string s = scheme(url);
    if (s != "http" && s != "https") return {};
  }
  return authority(url);
}

}  // namespace

std::string host(std::string_view url) { return text::to_lower_ascii(http_authority(url)); }

std::string display_host(std::string_view url) {
  std::string h = host(url);
  if (text::starts_with(h, "www.")) h.erase(0, 4);
  return h;
}

std::string normalise_domain(std::string_view s) {
  std::string out;
  for (const char c : text::trim(s)) {
    if (c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool looks_like_domain(std::string_view s) {
  // normalise_domain(s) read as it is made, without making it: callers pass
  // whole titles and paragraphs, which fail within their first hundred
  // characters.
  std::size_t size = 0;
  std::size_t tld = 0;  // characters since the last dot
  bool dot = false, tld_letters = true, spaced = false;
  char previous = '.';
  for (const char raw : text::trim(s)) {
    if (raw == ' ') {
      spaced = true;
      continue;
    }
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(raw)));
    // Machine translation spaces a domain around its dots only: a space
    // between two other characters parts words ("by Jane Doe. Summary").
    if (spaced && previous != '.' && c != '.') return false;
    spaced = false;
    if (++size > 100) return false;
    if (c == '.') {
      if (previous == '.' || previous == '-') return false;
      dot = true;
      tld = 0;
      tld_letters = true;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') {
      ++tld;
      tld_letters = tld_letters && std::isalpha(static_cast<unsigned char>(c));
    } else {
      return false;
    }
    previous = c;
  }
  return size >= 4 && dot && previous != '.' && tld_letters && tld >= 2;
}

std::string scheme(std::string_view url) {
  // Most links start with a plain "https://" or "http://".
  if (text::starts_with(url, "https:")) return "https";
  if (text::starts_with(url, "http:")) return "http";
  // The scheme's characters, once leading controls and white space are
  // skipped; tabs and line breaks inside it are ignored too.
  std::string cleaned;
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20) {
      if (cleaned.empty() || c == '\t' || c == '\n' || c == '\r') continue;
      break;
    }
    if (c == ':') return cleaned;
    if (c >= 'A' && c <= 'Z') {
      cleaned += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      cleaned += c;
    } else {
      return {};
    }
  }
  return {};
}

bool is_safe(std::string_view url, bool image) {
  const std::string s = scheme(url);
  if (s.empty()) {
    // A scheme-less URL is relative unless the browser would still find a
    // scheme in it after dropping controls, which scheme() already mirrors.
    return true;
  }
  if (s == "http" || s == "https" || s == "mailto" || s == "tel" || s == "ftp") return !image || s != "mailto";
  if (image && s == "data") {
    const std::string lower = text::to_lower_ascii(url.substr(0, 32));
    const auto body = lower.substr(lower.find(':') + 1);
    return text::starts_with(body, "image/png") || text::starts_with(body, "image/gif") ||
           text::starts_with(body, "image/jpeg") || text::starts_with(body, "image/webp");
  }
  return false;
}

bool is_dangerous(std::string_view url) {
  const std::string s = scheme(url);
  if (s == "data") return !is_safe(url, true);
  return s == "javascript" || s == "vbscript" || s == "file";
}

namespace {

// The length of the merge tag that starts at `pos`, or 0.
std::size_t placeholder_length(std::string_view s, std::size_t pos) {
  const auto enclosed = [&](std::string_view open, std::string_view close) -> std::size_t {
    if (s.compare(pos, open.size(), open) != 0) return 0;
    const auto end = s.find(close, pos + open.size());
    return end == std::string_view::npos ? 0 : end + close.size() - pos;
  };
  if (const std::size_t n = enclosed("{{", "}}")) return n;
  if (const std::size_t n = enclosed("{%", "%}")) return n;
  return enclosed("*|", "|*");
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

void append_encoded_value(std::string& out, std::string_view value) {
  static const char* hex = "0123456789ABCDEF";
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xF];
    }
  }
}

// RFC 3986, section 5.2.4.
std::string remove_dot_segments(std::string_view path) {
  std::string out;
  while (!path.empty()) {
    if (text::starts_with(path, "../")) {
      path.remove_prefix(3);
    } else if (text::starts_with(path, "./")) {
      path.remove_prefix(2);
    } else if (text::starts_with(path, "/./")) {
      path.remove_prefix(2);
    } else if (path == "/.") {
      path = "/";
    } else if (text::starts_with(path, "/../") || path == "/..") {
      path = path.size() == 3 ? std::string_view("/") : path.substr(3);
      const auto slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (path == "." || path == "..") {
      path = {};
    } else {
      const auto next = path.find('/', 1);
      const auto segment = path.substr(0, next);
      out += segment;
      path.remove_prefix(segment.size());
    }
  }
  return out;
}

}  // namespace

std::string query_value(std::string_view url, std::string_view name) {
  const auto start = query_start(url);
  if (start == std::string_view::npos) return {};
  std::string_view query = url.substr(start + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto equals = param.find('=');
    if (equals == std::string_view::npos || !text::equals_ignoring_case(param.substr(0, equals), name)) continue;
    std::string value(param.substr(equals + 1));
    std::replace(value.begin(), value.end(), '+', ' ');
    return percent_decode(value);
  }
  return {};
}

void escape_href(std::string& out, std::string_view url) {
  // The bytes an href keeps as they are (cmark's HREF_SAFE): letters, digits
  // and -_.+!*(),%#@?=;:/$~.
  static const auto safe = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) table[c] = std::isalnum(c) != 0;
    for (const char c : std::string_view("-_.+!*(),%#@?=;:/$~")) table[static_cast<unsigned char>(c)] = true;
    return table;
  }();
  static const char* hex = "0123456789ABCDEF";
  std::size_t run = 0;  // start of the bytes not yet written
  for (std::size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    const auto u = static_cast<unsigned char>(c);
    if (safe[u] && c != '*') continue;
    if (c == '*' || c == '{') {
      if (const std::size_t n = placeholder_length(url, i)) {
        out.append(url.data() + run, i - run);
        text::escape_html(out, url.substr(i, n));
        i += n - 1;
        run = i + 1;
        continue;
      }
      if (c == '*') continue;
    }
    out.append(url.data() + run, i - run);
    run = i + 1;
    if (c == '&') {
      out += "&amp;";
    } else if (c == '\'') {
      out += "&#x27;";
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xF];
    }
  }
  out.append(url.data() + run, url.size() - run);
}

bool is_placeholder(std::string_view url) {
  url = text::trim(url);
  if (url.size() >= 3 && placeholder_length(url, 0) == url.size()) return true;
  // Mailgun-style %unsubscribe_url%: a name between two percent signs.
  if (url.size() < 3 || url.front() != '%' || url.back() != '%') return false;
  const auto name = url.substr(1, url.size() - 2);
  if (!(std::isalpha(static_cast<unsigned char>(name.front())) || name.front() == '_')) return false;
  for (const char c : name) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

std::string restore_placeholders(std::string_view href) {
  // Every encoded form holds "%7B" or "%7C": most addresses have neither.
  if (href.find("%7") == std::string_view::npos) return std::string(href);
  struct Form {
    std::string_view open_encoded, close_encoded, open, close;
  };
  static const Form forms[] = {
      {"%7B%7B", "%7D%7D", "{{", "}}"},
      {"%7B%25", "%25%7D", "{%", "%}"},
      {"*%7C", "%7C*", "*|", "|*"},
  };
  std::string out;
  std::size_t i = 0;
  while (i < href.size()) {
    bool restored = false;
    for (const Form& form : forms) {
      if (!text::starts_with_ignoring_case(href.substr(i), form.open_encoded)) continue;
      for (std::size_t end = i + form.open_encoded.size(); end + form.close_encoded.size() <= href.size(); ++end) {
        if (text::starts_with_ignoring_case(href.substr(end), form.close_encoded)) {
          // A tag whose escapes decode to bytes that are not UTF-8 text (a
          // NUL, half a character) stays encoded: no output holds such bytes.
          const std::string name = percent_decode(href.substr(i + form.open_encoded.size(), end - i - form.open_encoded.size()));
          if (text::next_to_repair(name, 0) != std::string_view::npos) break;
          out += form.open;
          out += name;
          out += form.close;
          i = end + form.close_encoded.size();
          restored = true;
          break;
        }
      }
      if (restored) break;
    }
    if (!restored) out += href[i++];
  }
  return out;
}

bool is_absolute(std::string_view url) { return !scheme(url).empty(); }

std::string resolve(std::string_view base, std::string_view reference) {
  const std::string base_scheme = scheme(base);
  if ((base_scheme != "http" && base_scheme != "https") || is_absolute(reference) || is_placeholder(reference)) {
    return std::string(reference);
  }
  // base = scheme "://" authority path [? query] [# fragment]
  const auto authority_start = base.find("://") + 3;
  const auto path_start = std::min(base.find_first_of("/?#", authority_start), base.size());
  const std::string_view origin = base.substr(0, path_start);
  const std::string_view after_origin = base.substr(path_start);
  const std::string_view base_path = after_origin.substr(0, after_origin.find_first_of("?#"));
  const std::string_view base_query = [&] {
    const auto q = query_start(after_origin);
    if (q == std::string_view::npos) return std::string_view{};
    const auto rest = after_origin.substr(q);
    return rest.substr(0, rest.find('#'));
  }();

  if (text::starts_with(reference, "//")) return base_scheme + ":" + std::string(reference);
  const auto ref_path_end = std::min(reference.find_first_of("?#"), reference.size());
  const std::string_view ref_path = reference.substr(0, ref_path_end);
  const std::string_view ref_rest = reference.substr(ref_path_end);
  std::string out(origin);
  if (ref_path.empty()) {
    out += base_path.empty() ? std::string_view("/") : base_path;
    if (ref_rest.empty() || ref_rest.front() == '#') out += base_query;
  } else if (ref_path.front() == '/') {
    out += remove_dot_segments(ref_path);
  } else {
    // Merge: the base path up to its last '/', then the reference.
    std::string merged(base_path.empty() ? std::string_view("/") : base_path.substr(0, base_path.rfind('/') + 1));
    merged += ref_path;
    out += remove_dot_segments(merged);
  }
  out += ref_rest;
  return out;
}

std::string with_tracking(std::string_view url, const Tracking& tracking) {
  const std::string s = scheme(url);
  if ((s != "http" && s != "https") || is_placeholder(url)) return std::string(url);
  std::string tagged = canonical(url);
  const auto fragment_start = tagged.find('#');
  std::string fragment;
  if (fragment_start != std::string::npos) {
    fragment = tagged.substr(fragment_start);
    tagged.erase(fragment_start);
  }
  bool has_query = tagged.find('?') != std::string::npos;
  for (const auto& [name, value] : {std::pair<std::string_view, const std::string&>{"utm_source", tracking.source},
                                    {"utm_medium", tracking.medium},
                                    {"utm_campaign", tracking.campaign}}) {
    if (value.empty()) continue;
    tagged += has_query ? '&' : '?';
    has_query = true;
    tagged += name;
    tagged += '=';
    append_encoded_value(tagged, value);
  }
  return tagged + fragment;
}

std::string paper_id_from_url(std::string_view url) {
  const std::string_view h = http_authority(url);
  const auto is = [&](std::string_view name) { return text::equals_ignoring_case(h, name); };
  const auto after_host = [&]() -> std::string_view {
    const auto sep = url.find("://");
    const auto path_start = url.find('/', sep + 3);
    if (path_start == std::string_view::npos) return {};
    auto path = url.substr(path_start);
    return path.substr(0, path.find_first_of("?#"));
  };
  if (is("arxiv.org") || is("www.arxiv.org") || is("export.arxiv.org")) {
    std::string_view path = after_host();
    for (const std::string_view prefix : {"/abs/", "/pdf/", "/html/", "/format/"}) {
      if (text::starts_with(path, prefix)) {
        std::string_view id = path.substr(prefix.size());
        if (text::ends_with(id, ".pdf")) id.remove_suffix(4);
        if (!id.empty() && id.back() == '/') id.remove_suffix(1);
        return arxiv_id(id);
      }
    }
    return {};
  }
  if (is("doi.org") || is("dx.doi.org") || is("www.doi.org")) {
    std::string_view path = after_host();
    if (path.size() > 1) return normalise_paper_id(path.substr(1));
  }
  return {};
}

std::string normalise_paper_id(std::string_view id) {
  id = text::trim(id);
  const std::string lower = text::to_lower_ascii(id.substr(0, 6));
  if (text::starts_with(lower, "arxiv:")) id.remove_prefix(6);
  else if (text::starts_with(lower, "doi:")) id.remove_prefix(4);
  id = text::trim(id);
  if (text::starts_with(id, "10.") && id.find('/') != std::string_view::npos &&
      id.find(' ') == std::string_view::npos) {
    return "doi:" + std::string(id);
  }
  return arxiv_id(id);
}

}  // namespace composer::url
