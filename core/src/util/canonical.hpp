#pragma once
// The line that opens the markdown output, after its front matter: it says
// the text is in the canonical shape (render/markdown.cpp), which the parser
// then reads by that shape's grammar instead of inferring the structure:
//   "## …" a section, "### …" an item, a list of links in a section its
//   items, every other block a note or an item's summary (up to a thematic
//   break, after which blocks are notes again).
// Written and read back this way, markdown(markdown(x)) == markdown(x) holds
// by construction, whatever ambiguities the messy source had. An HTML comment,
// so that Markdown platforms show nothing of it.
#include <string_view>

namespace composer {

inline constexpr std::string_view kCanonicalMarker = "<!-- issue-composer: canonical -->";

}  // namespace composer
