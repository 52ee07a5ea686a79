#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "composer/diagnostic.hpp"

namespace composer {

// Campaign values for the utm_* parameters that the email and text outputs add
// to every outbound http(s) link. A value set here overrides the front
// matter's utm_source, utm_medium or utm_campaign; an empty one does not.
struct Utm {
  std::string source;
  std::string medium;
  std::string campaign;
};

struct Options {
  std::vector<std::string> formats;  // output formats to render, e.g. {"html"}
  // Input past this many bytes is not read; a diagnostic says so.
  std::size_t max_input_bytes = 4u << 20;
  // The html output as a whole page (head, default stylesheet, branding)
  // rather than the fragment a blog engine embeds.
  bool standalone = false;
  Utm utm;
  // Rule id -> "off", "error", "warning" or "info"; these override the front
  // matter's "rules:" settings, which override the defaults.
  std::map<std::string, std::string> rule_levels;
  // Longest summary, in words (a CJK character is a word); 0: the front
  // matter's "summary_max_words:", or 120.
  std::size_t summary_max_words = 0;
  // false: compose without running the rules; the diagnostics are then only
  // what reading the input reports (size, encoding, front matter).
  bool check = true;

  bool wants(std::string_view format) const {
    for (const auto& f : formats) {
      if (f == format) return true;
    }
    return false;
  }
};

// Reads options from their JSON form ({"formats": ["html"], ...}). Unknown keys
// and bad values become diagnostics (rule "options/invalid"), never exceptions.
Options options_from_json(const nlohmann::ordered_json& json, std::vector<Diagnostic>& problems);

}  // namespace composer
