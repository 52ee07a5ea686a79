#include "rules/settings.hpp"

#include <cstdint>

#include "rules/registry.hpp"
#include "util/text.hpp"

namespace composer::rules {
namespace {

std::optional<std::optional<Severity>> level_of(std::string_view name) {
  const std::string lower = text::to_lower_ascii(text::trim(name));
  if (lower == "off") return std::optional<Severity>{};
  if (lower == "error") return std::optional<Severity>{Severity::error};
  if (lower == "warning") return std::optional<Severity>{Severity::warning};
  if (lower == "info") return std::optional<Severity>{Severity::info};
  return std::nullopt;
}

void problem(std::vector<Diagnostic>& problems, std::string message) {
  problems.push_back({"options/invalid", Severity::warning, std::move(message), Range{}, std::nullopt});
}

void set_level(Settings& settings, std::string_view id, std::string_view level, std::string_view where,
               std::vector<Diagnostic>& problems) {
  const std::string rule(text::trim(id));
  if (!find_rule(rule)) {
    problem(problems, std::string(where) + " names an unknown rule '" + rule + "'; `issuec meta` lists the rules.");
    return;
  }
  const auto parsed = level_of(level);
  if (!parsed) {
    problem(problems, std::string(where) + " sets '" + rule + "' to '" + std::string(text::trim(level)) +
                          "'; use off, error, warning or info.");
    return;
  }
  settings.levels[rule] = *parsed;
}

// "link/empty-text: off" or "link/empty-text=off".
void read_entry(Settings& settings, std::string_view entry, std::vector<Diagnostic>& problems) {
  const auto split = entry.find_first_of(":=");
  if (split == std::string_view::npos) {
    problem(problems, "The front matter's 'rules' entry '" + std::string(entry) + "' is not 'rule-id: level'.");
    return;
  }
  set_level(settings, entry.substr(0, split), entry.substr(split + 1), "The front matter's 'rules'", problems);
}

}  // namespace

Settings settings_for(const Options& options, const nlohmann::ordered_json& meta, std::vector<Diagnostic>& problems) {
  Settings settings;
  if (const auto rules = meta.find("rules"); rules != meta.end()) {
    if (rules->is_array()) {
      for (const auto& entry : *rules) {
        if (entry.is_string()) read_entry(settings, entry.get<std::string>(), problems);
        else problem(problems, "The front matter's 'rules' entries must read 'rule-id: level'.");
      }
    } else if (rules->is_string()) {
      std::string_view list = rules->get_ref<const std::string&>();
      while (!list.empty()) {
        const auto comma = list.find(',');
        if (!text::trim(list.substr(0, comma)).empty()) read_entry(settings, list.substr(0, comma), problems);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      }
    } else if (!rules->is_null()) {
      problem(problems, "The front matter's 'rules' must be a list of 'rule-id: level' entries.");
    }
  }
  if (const auto words = meta.find("summary_max_words"); words != meta.end()) {
    // The front matter's YAML reads "80" as a signed integer.
    if (words->is_number_integer() && words->get<std::int64_t>() > 0) {
      settings.summary_max_words = static_cast<std::size_t>(words->get<std::int64_t>());
    }
    else problem(problems, "The front matter's 'summary_max_words' must be a positive whole number.");
  }
  for (const auto& [id, level] : options.rule_levels) set_level(settings, id, level, "The options", problems);
  if (options.summary_max_words > 0) settings.summary_max_words = options.summary_max_words;
  return settings;
}

}  // namespace composer::rules
