#pragma once
#include <string_view>
#include <vector>

#include "composer/diagnostic.hpp"
#include "composer/issue.hpp"
#include "composer/options.hpp"

namespace composer::parse {

// Reads an issue from its Markdown source, the way a human editor reads it:
// heading levels, bold markers and blank lines are evidence, not law.
Issue parse_issue(std::string_view source, const Options& options, std::vector<Diagnostic>& diagnostics);

}  // namespace composer::parse
