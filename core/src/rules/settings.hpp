#pragma once
#include <vector>

#include <nlohmann/json.hpp>

#include "composer/diagnostic.hpp"
#include "composer/options.hpp"
#include "rules/rules.hpp"

namespace composer::rules {

// The rule settings of one compose: the front matter's ("rules:" and
// "summary_max_words:"), overridden by the caller's options. Unknown rule ids
// and levels are reported (rule "options/invalid"), never fatal.
Settings settings_for(const Options& options, const nlohmann::ordered_json& meta, std::vector<Diagnostic>& problems);

}  // namespace composer::rules
