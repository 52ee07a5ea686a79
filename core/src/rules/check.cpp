#include <algorithm>

#include "rules/registry.hpp"
#include "rules/rules.hpp"

namespace composer::rules {

Report::Report(std::string_view source, const Issue& issue, const Settings& settings,
               const std::map<std::string, std::string>& outputs, std::vector<Diagnostic>& out)
    : source_(source), issue_(issue), settings_(settings), outputs_(outputs), out_(out), positions_(source) {
  for (const Section& s : issue.sections) {
    for (const Item& item : s.items) {
      if (!items_.empty() && items_.back()->range.end.offset > item.range.start.offset) items_sorted_ = false;
      if (item.range.start.offset > item.range.end.offset) items_sorted_ = false;
      items_.push_back(&item);
    }
  }
}

void Report::add(std::string_view rule, const Range& range, std::string message, std::optional<Fix> fix) {
  const RuleInfo* info = find_rule(rule);
  Severity severity = info ? info->severity : Severity::warning;
  if (const auto it = settings_.levels.find(rule); it != settings_.levels.end()) {
    if (!it->second) return;  // turned off
    severity = *it->second;
  }
  out_.push_back({std::string(rule), severity, std::move(message), range, std::move(fix)});
}

const Item* Report::item_at(std::size_t offset) const {
  const auto holds = [offset](const Item* item) {
    return item->range.start.offset <= offset && offset < item->range.end.offset;
  };
  if (!items_sorted_) {
    const auto it = std::find_if(items_.begin(), items_.end(), holds);
    return it == items_.end() ? nullptr : *it;
  }
  // The last item starting at or before `offset` is the only one that can hold it.
  const auto after = std::upper_bound(items_.begin(), items_.end(), offset, [](std::size_t o, const Item* item) {
    return o < item->range.start.offset;
  });
  if (after == items_.begin()) return nullptr;
  return holds(*(after - 1)) ? *(after - 1) : nullptr;
}

Fix replace(std::string title, const Range& range, std::string text) {
  Fix fix;
  fix.title = std::move(title);
  fix.edits.push_back({range, std::move(text)});
  return fix;
}

void check(std::string_view source, const Issue& issue, const Settings& settings,
           const std::map<std::string, std::string>& outputs, std::vector<Diagnostic>& out) {
  Report report(source, issue, settings, outputs, out);
  check_structure(report);
  check_links(report);
  check_papers(report);
  check_images(report);
  check_markup(report);
  check_email(report);
  check_text(report);
}

}  // namespace composer::rules
