#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "composer/diagnostic.hpp"

namespace composer {

struct Options {
  std::vector<std::string> formats;  // output formats to render, e.g. {"html"}
  // Input past this many bytes is not read; a diagnostic says so.
  std::size_t max_input_bytes = 4u << 20;

  bool wants(std::string_view format) const {
    for (const auto& f : formats) {
      if (f == format) return true;
    }
    return false;
  }
  // Fragments carry normalised Markdown only for outputs that print it.
  bool wants_normalised_markdown() const { return wants("markdown"); }
};

// Reads options from their JSON form ({"formats": ["html"], ...}). Unknown keys
// and bad values become diagnostics (rule "options/invalid"), never exceptions.
Options options_from_json(const nlohmann::json& json, std::vector<Diagnostic>& problems);

}  // namespace composer
