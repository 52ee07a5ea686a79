// Picks the renderer for an output format; each renderer lives in its own file.
#include "render/render.hpp"

#include <stdexcept>

namespace composer::render {

std::string render(const std::string& format, const Issue& issue) {
  if (format == "html") return html(issue);
  throw std::invalid_argument("unknown output format '" + format + "'");
}

}  // namespace composer::render
