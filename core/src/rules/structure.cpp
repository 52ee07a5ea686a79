// Title, number, sections, contents, items and highlights.
#include <set>

#include "rules/rules.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::rules {
namespace {

// Words as a reader counts them: a run of letters is one word, and every CJK
// character is a word of its own.
std::size_t word_count(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (std::size_t pos = 0; pos < s.size();) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    if (byte < 0x80) {
      // ASCII, without decoding: no CJK, and white space is ' ' or \t to \r.
      ++pos;
      if (byte == ' ' || (byte >= '\t' && byte <= '\r')) {
        in_word = false;
      } else if (!in_word) {
        ++words;
        in_word = true;
      }
      continue;
    }
    const char32_t cp = text::decode_utf8(s, pos);
    if (text::is_cjk(cp)) {
      ++words;
      in_word = false;
    } else if (text::is_unicode_space(cp)) {
      in_word = false;
    } else if (!in_word) {
      ++words;
      in_word = true;
    }
  }
  return words;
}

std::string normalised(std::string_view s) { return text::to_lower_ascii(text::collapse_space(s)); }

Range start_of_document(const Report& report) { return report.range(0, 0); }

void check_title_and_number(Report& report) {
  const Issue& issue = report.issue();
  const Range at = issue.title_range ? *issue.title_range : start_of_document(report);
  if (issue.title.empty()) {
    report.add("structure/no-title", at,
               "This issue has no title. Start it with a heading such as '# Weekly Digest — #27', or set 'title:' in "
               "the front matter.");
  }
  if (!issue.number) {
    report.add("structure/no-number", at,
               "This issue has no number. Add 'number: 27' to the front matter, or put it in the title ('#27').");
  }
}

void check_section_numbers(Report& report) {
  std::optional<int> previous;
  for (const Section& s : report.issue().sections) {
    if (!s.number) continue;
    const int n = *s.number;
    const int expected = previous ? *previous + 1 : 1;
    if (n != expected) {
      std::string what;
      if (!previous) what = "The first numbered section is " + std::to_string(n) + ", not 1.";
      else if (n == *previous) what = "Section number " + std::to_string(n) + " repeats the one before it.";
      else if (n < *previous) what = "Section number " + std::to_string(n) + " goes backwards after " + std::to_string(*previous) + ".";
      else what = "Section number " + std::to_string(n) + " skips " + std::to_string(expected) +
                  (n - expected > 1 ? " to " + std::to_string(n - 1) : "") + ".";
      report.add("structure/section-numbering", s.heading_range,
                 what + " Number the sections 1, 2, 3… in order (it should be " + std::to_string(expected) + ").");
    }
    previous = n;
  }
}

void check_contents(Report& report) {
  const Issue& issue = report.issue();
  if (!issue.toc) return;
  std::vector<const Section*> numbered;
  for (const Section& s : issue.sections) {
    if (s.number) numbered.push_back(&s);
  }
  bool matches = numbered.size() == issue.toc->entries.size();
  for (std::size_t i = 0; matches && i < numbered.size(); ++i) {
    std::string entry = issue.toc->entries[i];
    matches = normalised(entry).find(normalised(numbered[i]->title)) != std::string::npos;
  }
  if (matches) return;
  std::string list;
  for (std::size_t i = 0; i < numbered.size(); ++i) {
    list += std::to_string(i + 1) + ". " + numbered[i]->title + (i + 1 < numbered.size() ? "\n" : "");
  }
  report.add("structure/toc-mismatch", issue.toc->range,
             "The table of contents lists " + std::to_string(issue.toc->entries.size()) + " entries that no longer match the " +
                 std::to_string(numbered.size()) + " numbered sections. Regenerate it from the sections.",
             numbered.empty() ? std::nullopt : std::optional<Fix>(replace("Regenerate the table of contents", issue.toc->range, list)));
}

void check_sections_and_items(Report& report) {
  const auto& sections = report.issue().sections;
  const std::size_t max_words = report.settings().summary_max_words;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const Section& s = sections[i];
    // A heading followed straight by a deeper one is a group, not an empty section.
    const bool has_subsections = i + 1 < sections.size() && sections[i + 1].level > s.level;
    if (s.level > 0 && s.items.empty() && s.notes.empty() && !has_subsections) {
      report.add("structure/empty-section", s.heading_range,
                 "The section '" + s.title + "' is empty. Add its items, or remove the heading.");
    }
    for (const Item& item : s.items) {
      if (item.url.empty()) {
        report.add("structure/item-no-link", item.title_range,
                   "The item '" + item.title + "' has no link. Make its title a link: '### [" + item.title + "](https://…)'.");
      }
      if (item.summary.text.empty() && item.card_teaser.empty() && !item.list_entry) {
        report.add("structure/item-no-summary", item.title_range,
                   "The item '" + item.title + "' has no summary. Add a sentence or two under its title saying why it matters.");
      }
      const std::size_t words = word_count(item.summary.text);
      if (words > max_words) {
        report.add("structure/summary-too-long", item.summary.range,
                   "This summary is " + std::to_string(words) + " words long; keep it under " + std::to_string(max_words) +
                       " (each CJK character counts as a word), or set 'summary_max_words' in the front matter.");
      }
    }
  }
}

void check_highlights(Report& report) {
  const Issue& issue = report.issue();
  std::set<std::string> items;
  for (const Section& s : issue.sections) {
    for (const Item& item : s.items) items.insert(item.canonical_url);
  }
  for (const Highlight& h : issue.highlights) {
    for (const Link& link : h.links) {
      if (link.url.empty() || link.url[0] == '#' || items.count(url::canonical(link.url))) continue;
      report.add("structure/highlight-unlinked", link.range,
                 "This highlight links to " + link.url + ", which no item of the issue links to. Link it to the item it "
                 "highlights, or add that item.");
    }
  }
}

}  // namespace

void check_structure(Report& report) {
  check_title_and_number(report);
  check_section_numbers(report);
  check_contents(report);
  check_sections_and_items(report);
  check_highlights(report);
}

}  // namespace composer::rules
