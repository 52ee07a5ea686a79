// Papers: "[id]" lines that disagree with the item's arXiv link, arXiv PDF or
// versioned links, malformed ids.
#include <optional>
#include <utility>

#include "rules/rules.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::rules {
namespace {

// The abstract page of an arXiv PDF or versioned abstract link, else empty.
std::string abstract_page(const std::string& u) {
  const std::string id = url::paper_id_from_url(u);
  if (!text::starts_with(id, "arXiv:")) return {};
  const std::string page = "https://arxiv.org/abs/" + id.substr(6);
  const std::string canonical = url::canonical(u);
  return canonical == page ? std::string() : page;
}

// A line opening with "[1234.5678]" or "【1234.5678】" (after markers): where
// the id-like text starts in the line, and its length.
std::optional<std::pair<std::size_t, std::size_t>> id_like_marker(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '*' || line[i] == '_')) ++i;
  std::string_view close;
  if (text::starts_with(line.substr(i), "[")) {
    ++i;
    close = "]";
  } else if (text::starts_with(line.substr(i), "\xE3\x80\x90")) {
    i += 3;
    close = "\xE3\x80\x91";
  } else {
    return std::nullopt;
  }
  while (i < line.size() && line[i] == ' ') ++i;
  if (text::starts_with(line.substr(i), "arXiv:")) i += 6;
  const std::size_t begin = i;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
    return i - from;
  };
  const std::size_t before = digits();
  if (before < 3 || before > 5 || i >= line.size() || line[i] != '.') return std::nullopt;
  ++i;
  const std::size_t after = digits();
  if (after < 2 || after > 6) return std::nullopt;
  if (i < line.size() && line[i] == 'v') {
    ++i;
    digits();
  }
  const std::size_t length = i - begin;
  while (i < line.size() && line[i] == ' ') ++i;
  if (!text::starts_with(line.substr(i), close)) return std::nullopt;
  return std::make_pair(begin, length);
}

}  // namespace

void check_papers(Report& report) {
  const Issue& issue = report.issue();
  for (const Section& s : issue.sections) {
    for (const Item& item : s.items) {
      const std::string from_link = url::paper_id_from_url(item.url);
      if (!item.paper_line_id.empty() && !from_link.empty() && from_link != item.paper_line_id && item.paper_line_range) {
        report.add("paper/id-mismatch", *item.paper_line_range,
                   "This line names " + item.paper_line_id + ", but the item links to " + from_link +
                       ". Correct whichever is wrong.");
      }
    }
  }
  for (const SourceLink& link : issue.inventory.links) {
    if (link.image) continue;
    const std::string page = abstract_page(link.url);
    if (page.empty() || page == link.url) continue;
    const bool versioned = link.url.find("/pdf/") == std::string::npos;
    std::optional<Fix> fix;
    if (link.url_range && report.text(*link.url_range) == link.url) fix = replace("Link to the abstract page", *link.url_range, page);
    report.add("paper/pdf-link", link.range,
               std::string(versioned ? "This arXiv link names one version of the paper" : "This arXiv link opens the PDF") +
                   "; readers are better served by the abstract page, " + page + ".",
               std::move(fix));
  }
  // "[2108.5887] …": brackets that look like an arXiv id but are not one.
  const std::string_view source = report.source();
  for (std::size_t line = 0; line < source.size();) {
    std::size_t end = source.find('\n', line);
    if (end == std::string_view::npos) end = source.size();
    if (const auto id = id_like_marker(source.substr(line, end - line))) {
      const std::string found(source.substr(line + id->first, id->second));
      if (url::normalise_paper_id(found).empty()) {
        report.add("paper/malformed-id", report.range(line + id->first, line + id->first + id->second),
                   "'" + found + "' is not a valid arXiv id (YYMM.NNNNN, such as 2108.05887). Check it against the paper.");
      }
    }
    line = end + 1;
  }
}

}  // namespace composer::rules
