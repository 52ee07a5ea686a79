#pragma once
// One renderer per file, each a pure function of the issue model and the
// options: html.cpp, email.cpp, text.cpp, markdown.cpp, json.cpp.
#include <string>
#include <vector>

#include "composer/diagnostic.hpp"
#include "composer/issue.hpp"
#include "composer/options.hpp"
#include "render/json_writer.hpp"

namespace composer::render {

// The JSON contract, written by JsonWriter.
// `outline`: only the keys of outline_json().
void write_issue(JsonWriter& writer, const Issue& issue, bool outline = false);
void write_diagnostics(JsonWriter& writer, const std::vector<Diagnostic>& diagnostics);
void write_range(JsonWriter& writer, const Range& range);

// The blog version: the semantic HTML fragment of the whole issue with
// canonical links, or a whole page around it with Options::standalone.
std::string html(const Issue& issue, const Options& options);
// A complete HTML email: table layout, inline styles, tracked links.
std::string email(const Issue& issue, const Options& options);
// The plain-text alternative of the email, wrapped at 72 columns.
std::string text(const Issue& issue, const Options& options);
// Canonical Markdown of the issue: rendering it again gives the same bytes.
std::string markdown(const Issue& issue, const Options& options);

// Bytes to reserve for an output of the issue: `per_section` for each
// section and `per_item` for each item, after `base`. (Sections without
// items, 500,000 empty headings say, cost little.)
std::size_t output_estimate(const Issue& issue, std::size_t base, std::size_t per_section, std::size_t per_item);

// The output `format` (one of output_formats() other than json).
std::string render(const std::string& format, const Issue& issue, const Options& options);

}  // namespace composer::render
