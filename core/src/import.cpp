// Import: a messy export in, the canonical issue Markdown out. No second
// parser and no second writer: the export is read by the parser (which copes
// with real exports), written by the markdown output, and repaired by the
// rules' safe fixes. What this file adds is what an import knows and an
// ordinary compose does not: the front matter worth filling in, the words a
// link card brings that Markdown has no place for, and what is left behind.
#include <algorithm>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "composer/compose.hpp"
#include "render/render.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer {
namespace {

constexpr const char* kLeftOut = "import/left-out";

bool has_key(const nlohmann::ordered_json& meta, std::string_view key) {
  for (auto it = meta.begin(); it != meta.end(); ++it) {
    if (text::to_lower_ascii(it.key()) == key) return true;
  }
  return false;
}

// The most common value of a utm_ parameter over the issue's links (the first
// seen wins a tie), or empty.
std::string most_common_value(const std::vector<SourceLink>& links, std::string_view parameter) {
  std::vector<std::pair<std::string, int>> counts;  // in the order first seen
  for (const SourceLink& link : links) {
    if (link.image) continue;
    const std::string value(text::trim(url::query_value(link.url, parameter)));
    if (value.empty()) continue;
    const auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == value; });
    if (it == counts.end()) counts.emplace_back(value, 1);
    else ++it->second;
  }
  const auto best = std::max_element(counts.begin(), counts.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  return best == counts.end() ? std::string() : best->first;
}

// Keys the writer already set (a date among them, which only the front
// matter or a Pelican header gives) are kept as they are; the others are
// added in the order of the README's canonical shape.
void fill_front_matter(Issue& issue, const std::vector<SourceLink>& links) {
  const auto add = [&](std::string_view key, nlohmann::ordered_json value) {
    if (!has_key(issue.meta, key)) issue.meta[std::string(key)] = std::move(value);
  };
  if (!issue.newsletter.empty()) add("newsletter", issue.newsletter);
  if (issue.number) add("number", *issue.number);
  for (const std::string_view parameter : {"utm_source", "utm_medium", "utm_campaign"}) {
    const std::string value = most_common_value(links, parameter);
    if (!value.empty()) add(parameter, value);
  }
}

std::string write(Issue issue, const std::vector<SourceLink>& links, const Options& options) {
  fill_front_matter(issue, links);
  return render::markdown(issue, options);
}

Diagnostic left_out(const Range& range, std::string message) {
  return {kLeftOut, Severity::warning, std::move(message), range, std::nullopt};
}

// Contents entries that name none of the numbered sections: the table of
// contents is written again from the sections, so these would vanish.
std::vector<std::string> unmatched_contents(const Issue& issue) {
  std::vector<std::string> unmatched;
  if (!issue.toc) return unmatched;
  for (const std::string& entry : issue.toc->entries) {
    const std::string words = text::collapse_space(entry);
    const bool named = std::any_of(issue.sections.begin(), issue.sections.end(), [&](const Section& s) {
      const std::string title = text::collapse_space(s.title);
      return s.number && !title.empty() && words.find(title) != std::string::npos;
    });
    if (!named) unmatched.push_back(words);
  }
  return unmatched;
}

// What the canonical Markdown cannot hold, and the problems of reading the
// source, at their ranges in the source.
void report_left_out(const Result& original, std::vector<Diagnostic>& out) {
  for (const Diagnostic& d : original.diagnostics) {
    if (text::starts_with(d.rule, "input/") || text::starts_with(d.rule, "front-matter/")) out.push_back(d);
  }
  const Issue& issue = original.issue;
  for (const Range& html : issue.inventory.raw_html) {
    out.push_back(left_out(html, "This raw HTML is left out of the imported issue, as of every output (it is unsafe in "
                                 "email). Write what it says in Markdown."));
  }
  for (const SourceLink& link : issue.inventory.links) {
    if (!url::is_dangerous(link.url)) continue;
    const std::string scheme = url::scheme(link.url);
    out.push_back(left_out(link.range, link.image ? "This image's " + scheme + ": address is left out of the imported "
                                                    "issue. Use the https:// address of an image file instead."
                                                  : "This link's " + scheme + ": address is left out of the imported "
                                                    "issue; its text is kept. Link to a web page instead."));
  }
  const std::vector<std::string> unmatched = unmatched_contents(issue);
  if (!unmatched.empty()) {
    std::string names;
    for (const std::string& entry : unmatched) names += (names.empty() ? "'" : ", '") + entry + "'";
    out.push_back(left_out(issue.toc->range, "The table of contents is written again from the numbered sections; its "
                                             "entries " + names + " name no section and are left out."));
  }
}

}  // namespace

ImportResult import_issue(std::string_view source, const Options& options) {
  ImportResult result;
  Options reading = options;
  reading.formats.clear();
  try {
    const Result original = compose(source, reading);
    report_left_out(original, result.diagnostics);
    const std::vector<SourceLink>& links = original.issue.inventory.links;
    std::string text = write(original.issue, links, reading);
    // The fixes go to the canonical Markdown, never to the export itself:
    // there, what they repair ("[](url)" before a link card, scrambled titles)
    // is the evidence the parser reads the structure from. A fix may change
    // what the next reading sees, so read, write and fix until nothing moves.
    for (int round = 0; round < 4; ++round) {
      const std::string fixed = fix(text, reading).text;
      std::string next = write(compose(fixed, reading).issue, links, reading);
      if (next == text) break;
      text = std::move(next);
    }
    result.markdown = std::move(text);
  } catch (const std::exception& e) {
    result.diagnostics.push_back({"internal/error", Severity::error,
                                  std::string("Internal error while importing this issue: ") + e.what(), Range{},
                                  std::nullopt});
  }
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.range.start.offset < b.range.start.offset;
  });
  return result;
}

}  // namespace composer
