// Papers: "[id]" lines that disagree with the item's arXiv link, arXiv PDF or
// versioned links, malformed ids.
#include <regex>

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
  static const std::regex marker(R"(^[ \t*_]*(?:\[|【)\s*(?:arXiv:)?(\d{3,5}\.\d{2,6}(?:v\d+)?)\s*(?:\]|】))");
  const std::string_view source = report.source();
  for (std::size_t line = 0; line < source.size();) {
    std::size_t end = source.find('\n', line);
    if (end == std::string_view::npos) end = source.size();
    const std::string text(source.substr(line, std::min<std::size_t>(end - line, 64)));
    std::smatch m;
    if (!text.empty() && (text[0] == '[' || text[0] == '*' || text[0] == '_' || text[0] == ' ' || text[0] == '\xE3') &&
        std::regex_search(text, m, marker) && url::normalise_paper_id(m[1].str()).empty()) {
      const std::size_t at = line + static_cast<std::size_t>(m.position(1));
      report.add("paper/malformed-id", report.range(at, at + m[1].length()),
                 "'" + m[1].str() + "' is not a valid arXiv id (YYMM.NNNNN, such as 2108.05887). Check it against the paper.");
    }
    line = end + 1;
  }
}

}  // namespace composer::rules
