// Markup: runaway emphasis, raw HTML, hand-typed separators, heading jumps.
#include "rules/rules.hpp"
#include "util/text.hpp"

namespace composer::rules {

void check_markup(Report& report) {
  const Inventory& inventory = report.issue().inventory;
  for (const Range& run : inventory.marker_runs) {
    report.add("markup/runaway-emphasis", run,
               "These '" + std::string(report.text(run)) + "' markers open or close no emphasis, so they show as literal "
               "asterisks. Remove them.",
               replace("Remove the stray markers", run, ""));
  }
  for (const Range& html : inventory.raw_html) {
    // An HTML comment ("<!-- more -->") shows nowhere and harms nothing.
    if (text::starts_with(report.text(html), "<!--")) continue;
    report.add("markup/raw-html", html,
               "Raw HTML is left out of every output, since email clients and blogs treat it differently. Write it as "
               "Markdown instead.");
  }
  for (const Range& line : inventory.separator_lines) {
    report.add("markup/hand-separator", line,
               "This separator is typed by hand. Write '---' on its own line, which every output renders as a rule.",
               replace("Write '---'", line, "---"));
  }
  int previous = 0;
  for (const SourceHeading& h : inventory.headings) {
    if (previous > 0 && h.level > previous + 1) {
      report.add("markup/heading-jump", h.range,
                 "This heading jumps from level " + std::to_string(previous) + " to level " + std::to_string(h.level) +
                     ". Use level " + std::to_string(previous + 1) + " so the outline stays readable.");
    }
    previous = h.level;
  }
}

}  // namespace composer::rules
