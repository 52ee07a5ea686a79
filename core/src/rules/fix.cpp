#include <algorithm>

#include "composer/compose.hpp"

namespace composer {

std::string apply_fixes(std::string_view source, const std::vector<Diagnostic>& diagnostics) {
  std::vector<const TextEdit*> edits;
  for (const Diagnostic& d : diagnostics) {
    if (!d.fix) continue;
    for (const TextEdit& e : d.fix->edits) edits.push_back(&e);
  }
  std::stable_sort(edits.begin(), edits.end(), [](const TextEdit* a, const TextEdit* b) {
    return a->range.start.offset < b->range.start.offset;
  });
  std::string out;
  out.reserve(source.size());
  std::size_t copied = 0;  // source bytes before this are in `out`
  for (const TextEdit* e : edits) {
    const std::size_t begin = e->range.start.offset, end = e->range.end.offset;
    if (begin < copied || end < begin || end > source.size()) continue;  // overlaps: next round
    out.append(source.substr(copied, begin - copied));
    out += e->text;
    copied = end;
  }
  out.append(source.substr(std::min(copied, source.size())));
  return out;
}

FixResult fix(std::string_view source, const Options& options) {
  FixResult result{std::string(source), 0};
  Options check_only = options;
  check_only.formats.clear();
  // Each round applies the fixes that do not overlap; a handful of rounds
  // settles any real issue, and the bound keeps a pathological one finite.
  for (int round = 0; round < 8; ++round) {
    const Result composed = compose(result.text, check_only);
    std::size_t fixes = 0;
    for (const Diagnostic& d : composed.diagnostics) fixes += d.fix ? 1 : 0;
    if (fixes == 0) break;
    std::string next = apply_fixes(result.text, composed.diagnostics);
    if (next == result.text) break;
    result.text = std::move(next);
    result.applied += fixes;
  }
  return result;
}

}  // namespace composer
