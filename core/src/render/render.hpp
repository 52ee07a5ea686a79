#pragma once
// One renderer per file, each a pure function of the issue model.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "composer/diagnostic.hpp"
#include "composer/issue.hpp"

namespace composer::render {

nlohmann::ordered_json issue_json(const Issue& issue);
nlohmann::ordered_json diagnostics_json(const std::vector<Diagnostic>& diagnostics);
nlohmann::ordered_json range_json(const Range& range);

// The semantic HTML fragment of the whole issue (the blog version).
std::string html(const Issue& issue);

}  // namespace composer::render
