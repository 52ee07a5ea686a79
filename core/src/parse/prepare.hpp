#pragma once
// Everything done to the source before cmark sees it: a size limit, UTF-8
// repair, front matter, and Medium-style link cards (`[## title ### teaser
// domain](url)` spread over several lines, which no Markdown parser can read
// as one link). The result keeps a map back to the source.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "composer/diagnostic.hpp"
#include "composer/options.hpp"
#include "parse/front_matter.hpp"
#include "parse/source_map.hpp"

namespace composer::parse {

struct LinkCard {
  std::string title;
  std::string teaser;
  std::string domain;
  std::string url;
  std::size_t begin = 0;  // source offsets of the whole card
  std::size_t end = 0;
};

struct Prepared {
  explicit Prepared(std::string_view source) : map(source) {}
  SourceMap map;
  FrontMatter front_matter;
  std::vector<LinkCard> cards;
  bool valid_utf8 = false;  // the whole source is valid UTF-8 without NUL: nothing to repair
};

Prepared prepare(std::string_view source, const Options& options, std::vector<Diagnostic>& diagnostics);

}  // namespace composer::parse
