// Picks the renderer for an output format; each renderer lives in its own file.
#include "render/render.hpp"

#include <stdexcept>

namespace composer::render {

std::size_t output_estimate(const Issue& issue, std::size_t base, std::size_t per_section, std::size_t per_item) {
  std::size_t bytes = base + issue.sections.size() * per_section;
  for (const Section& s : issue.sections) bytes += s.items.size() * per_item;
  return bytes;
}

std::string render(const std::string& format, const Issue& issue, const Options& options) {
  if (format == "html") return html(issue, options);
  if (format == "email") return email(issue, options);
  if (format == "text") return text(issue, options);
  if (format == "markdown") return markdown(issue, options);
  throw std::invalid_argument("unknown output format '" + format + "'");
}

}  // namespace composer::render
