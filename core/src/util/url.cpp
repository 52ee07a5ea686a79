#include "util/url.hpp"

#include <cctype>

#include "util/text.hpp"

namespace composer::url {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// After "scheme://", the authority runs to the first '/', '?' or '#'.
std::string_view authority(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return {};
  auto rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
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
    if (j - i - 1 < 4 || j - i - 1 > 5) return {};
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

}  // namespace

bool is_tracking_parameter(std::string_view name) {
  const std::string lower = text::to_lower_ascii(name);
  return text::starts_with(lower, "utm_") || lower == "fbclid" || lower == "gclid" || lower == "mc_cid" ||
         lower == "mc_eid";
}

std::string canonical(std::string_view url) {
  const auto query_start = url.find('?');
  if (query_start == std::string_view::npos) return std::string(url);
  const auto fragment_start = url.find('#', query_start);
  const auto query_end = fragment_start == std::string_view::npos ? url.size() : fragment_start;
  std::string out(url.substr(0, query_start));
  std::string kept;
  std::string_view query = url.substr(query_start + 1, query_end - query_start - 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (param.empty()) continue;
    if (is_tracking_parameter(param.substr(0, param.find('=')))) continue;
    kept += kept.empty() ? "" : "&";
    kept += param;
  }
  if (!kept.empty()) out += "?" + kept;
  if (fragment_start != std::string_view::npos) out += url.substr(fragment_start);
  return out;
}

std::string host(std::string_view url) {
  const std::string s = scheme(url);
  if (s != "http" && s != "https") return {};
  return text::to_lower_ascii(authority(url));
}

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
  const std::string d = normalise_domain(s);
  if (d.size() < 4 || d.size() > 100) return false;
  bool dot = false;
  char previous = '.';
  for (const char c : d) {
    if (c == '.') {
      if (previous == '.' || previous == '-') return false;
      dot = true;
    } else if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) {
      return false;
    }
    previous = c;
  }
  if (!dot || previous == '.') return false;
  const auto tld = d.substr(d.rfind('.') + 1);
  for (const char c : tld) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  }
  return tld.size() >= 2;
}

std::string scheme(std::string_view url) {
  std::string cleaned;
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20) {
      if (cleaned.empty() || c == '\t' || c == '\n' || c == '\r') continue;
      break;
    }
    if (c == ':') {
      if (cleaned.empty()) return {};
      return text::to_lower_ascii(cleaned);
    }
    if (!(std::isalnum(u) || c == '+' || c == '-' || c == '.')) return {};
    cleaned += c;
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

void escape_href(std::string& out, std::string_view url) {
  static const char* hex = "0123456789ABCDEF";
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '&') {
      out += "&amp;";
    } else if (c == '\'') {
      out += "&#x27;";
    } else if (std::isalnum(u) || std::string_view("-_.+!*(),%#@?=;:/,$~").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xF];
    }
  }
}

std::string paper_id_from_url(std::string_view url) {
  const std::string h = host(url);
  const auto after_host = [&]() -> std::string_view {
    const auto sep = url.find("://");
    const auto path_start = url.find('/', sep + 3);
    if (path_start == std::string_view::npos) return {};
    auto path = url.substr(path_start);
    return path.substr(0, path.find_first_of("?#"));
  };
  if (h == "arxiv.org" || h == "www.arxiv.org" || h == "export.arxiv.org") {
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
  if (h == "doi.org" || h == "dx.doi.org" || h == "www.doi.org") {
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
