#pragma once
// Newsletter-aware checks over the issue model and its inventory. Each rule
// has a stable id (registry.cpp), reports at an exact source range, and offers
// a fix as text edits where the repair is mechanical.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "composer/diagnostic.hpp"
#include "composer/issue.hpp"
#include "parse/source_map.hpp"

namespace composer::rules {

struct Settings {
  // Per rule: a severity, or nullopt to turn it off. Absent: the default.
  std::map<std::string, std::optional<Severity>, std::less<>> levels;  // found by string_view
  std::size_t summary_max_words = 120;  // a CJK character counts as a word
  std::size_t subject_max_chars = 70;
};

// Everything a rule family may look at, and where it reports.
class Report {
 public:
  Report(std::string_view source, const Issue& issue, const Settings& settings,
         const std::map<std::string, std::string>& outputs, std::vector<Diagnostic>& out);

  std::string_view source() const { return source_; }
  const Issue& issue() const { return issue_; }
  const Settings& settings() const { return settings_; }
  const std::map<std::string, std::string>& outputs() const { return outputs_; }
  Range range(std::size_t begin, std::size_t end) const { return positions_.range(begin, end); }
  std::string_view text(const Range& r) const { return source_.substr(r.start.offset, r.end.offset - r.start.offset); }

  void add(std::string_view rule, const Range& range, std::string message, std::optional<Fix> fix = std::nullopt);

  // The item whose range holds `offset`, if any: the first in document order.
  const Item* item_at(std::size_t offset) const;

 private:
  std::string_view source_;
  const Issue& issue_;
  const Settings& settings_;
  const std::map<std::string, std::string>& outputs_;
  std::vector<Diagnostic>& out_;
  parse::SourceMap positions_;
  // The items in document order, when their ranges are sorted and disjoint
  // (as the parser makes them): then item_at is a binary search.
  std::vector<const Item*> items_;
  bool items_sorted_ = true;
};

// One function per family of rules, each in its own file.
void check_structure(Report& report);
void check_links(Report& report);
void check_papers(Report& report);
void check_images(Report& report);
void check_markup(Report& report);
void check_email(Report& report);
void check_text(Report& report);

// All of them.
void check(std::string_view source, const Issue& issue, const Settings& settings,
           const std::map<std::string, std::string>& outputs, std::vector<Diagnostic>& out);

// A fix made of one edit.
Fix replace(std::string title, const Range& range, std::string text);

}  // namespace composer::rules
