#pragma once
// Every diagnostic the core can raise, with its stable id, default severity
// and description. meta() publishes this list so callers never hard-code it.
#include <string_view>
#include <vector>

#include "composer/diagnostic.hpp"

namespace composer::rules {

struct RuleInfo {
  std::string_view id;
  Severity severity;
  std::string_view description;
  bool fixable;
};

const std::vector<RuleInfo>& registry();
const RuleInfo* find_rule(std::string_view id);

}  // namespace composer::rules
