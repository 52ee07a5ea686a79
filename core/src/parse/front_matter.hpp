#pragma once
// Front matter: a YAML-style block between `---` lines at the top, Hugo's
// TOML between `+++` lines, or a Pelican-style header (`Title:`, `Number:`, `Date:` lines up to the first
// blank line). Only the flat subset newsletters use is read: scalars, quoted
// strings, `[a, b]` and `- item` lists. Anything else is reported, never fatal.
#include <cstddef>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "composer/diagnostic.hpp"
#include "parse/source_map.hpp"

namespace composer::parse {

struct FrontMatter {
  std::size_t end = 0;  // source offset where the Markdown body starts
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
};

// `begin` is where the document starts (after a byte-order mark). Returns an
// empty front matter (end == begin) when there is none.
FrontMatter read_front_matter(std::string_view source, std::size_t begin, const SourceMap& map,
                              std::vector<Diagnostic>& diagnostics);

}  // namespace composer::parse
