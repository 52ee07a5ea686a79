#pragma once
// The one walk over the model that every renderer shares: the parts of the
// opening (intro notes, highlights, table of contents) and of each section
// (items and notes) come back in source order, so every output keeps the
// order the writer chose.
#include <cstddef>

#include "composer/issue.hpp"

namespace composer::render {

// Calls intro(fragment) for each intro note, highlights() once before the
// first note that follows the highlights, contents() likewise for the table
// of contents. Neither of the latter is called when the issue has none.
template <typename Intro, typename Highlights, typename Contents>
void walk_opening(const Issue& issue, Intro&& intro, Highlights&& highlights, Contents&& contents) {
  constexpr std::size_t never = static_cast<std::size_t>(-1);
  const std::size_t highlights_at = issue.highlights.empty() ? never : issue.highlights.front().content.range.start.offset;
  const std::size_t toc_at = issue.toc ? issue.toc->range.start.offset : never;
  bool highlights_done = highlights_at == never;
  bool toc_done = toc_at == never;
  const auto flush_before = [&](std::size_t offset) {
    while (true) {
      const bool h = !highlights_done && highlights_at <= offset && (toc_done || highlights_at <= toc_at);
      const bool t = !toc_done && toc_at <= offset && !h;
      if (h) {
        highlights();
        highlights_done = true;
      } else if (t) {
        contents();
        toc_done = true;
      } else {
        return;
      }
    }
  };
  for (const Fragment& f : issue.intro) {
    flush_before(f.range.start.offset);
    intro(f);
  }
  flush_before(never);
}

// Calls item(item) and note(fragment) for a section's items and notes, in
// source order.
template <typename ItemVisitor, typename NoteVisitor>
void walk_section(const Section& section, ItemVisitor&& item, NoteVisitor&& note) {
  std::size_t i = 0, n = 0;
  while (i < section.items.size() || n < section.notes.size()) {
    const bool take_item = n >= section.notes.size() ||
                           (i < section.items.size() &&
                            section.items[i].range.start.offset <= section.notes[n].range.start.offset);
    if (take_item) item(section.items[i++]);
    else note(section.notes[n++]);
  }
}

}  // namespace composer::render
