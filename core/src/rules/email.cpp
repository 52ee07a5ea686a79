// Email: Gmail's clipping limit, the preheader, the subject line.
#include <cstdio>

#include "rules/rules.hpp"
#include "util/text.hpp"

namespace composer::rules {

void check_email(Report& report) {
  const Issue& issue = report.issue();
  const Range top = issue.title_range ? *issue.title_range : report.range(0, 0);
  if (const auto email = report.outputs().find("email"); email != report.outputs().end()) {
    constexpr std::size_t kGmailClip = 102 * 1024;
    if (email->second.size() > kGmailClip) {
      char size[32];
      std::snprintf(size, sizeof size, "%.1f KB", static_cast<double>(email->second.size()) / 1024.0);
      report.add("email/too-large", top,
                 std::string("The email is ") + size + ", over Gmail's ~102 KB limit: Gmail will clip it and hide the "
                 "rest behind 'View entire message'. Shorten the summaries or move items to the web version.");
    }
  }
  const auto preheader = issue.meta.find("preheader");
  if (preheader == issue.meta.end() || !preheader->is_string() || text::trim(preheader->get<std::string>()).empty()) {
    report.add("email/no-preheader", top,
               "The front matter has no 'preheader:', so inboxes show the first words of the email instead. Add a "
               "one-line teaser.");
  }
  const std::size_t characters = text::codepoint_count(issue.title);
  if (characters > report.settings().subject_max_chars) {
    report.add("email/long-subject", top,
               "The title is " + std::to_string(characters) + " characters long; inboxes cut subject lines after about " +
                   std::to_string(report.settings().subject_max_chars) + ". Shorten it.");
  }
}

}  // namespace composer::rules
