#pragma once
// Records what the rules need from the source as written: exact ranges of
// links and images (cmark's inline positions are checked against the text and
// repaired when they are off), raw HTML, and literal runs of asterisks.
#include <vector>

#include "composer/issue.hpp"
#include "parse/blocks.hpp"
#include "parse/document.hpp"
#include "parse/prepare.hpp"
#include "parse/source_map.hpp"

namespace composer::parse {

// Its walk over the tree also feeds `tidy`, which must be applied after it:
// the inventory needs the emphasis cmark found.
Inventory take_inventory(const Document& document, const SourceMap& map, EmphasisTidy& tidy);

// A link or image node as written inside `block`: where cmark's position is
// off (the start of some links over several lines), the range is found from
// the brackets; where even that fails, it is the block's (`exact` false).
SourceLink link_of(cmark_node* node, const SourceMap& map, TextSpan block);

// Link cards (and the empty link Medium writes before each), which never
// reach cmark; keeps the links in source order.
void add_card_inventory(const Prepared& prepared, Inventory& inventory);

// Headings and separator lines, from the classified blocks.
void add_block_inventory(const std::vector<Block>& blocks, Inventory& inventory);

}  // namespace composer::parse
