#pragma once
// One renderer per file, each a pure function of the issue model.
#include <string>
#include <vector>

#include "composer/diagnostic.hpp"
#include "composer/issue.hpp"
#include "render/json_writer.hpp"

namespace composer::render {

// The JSON contract, written by JsonWriter.
void write_issue(JsonWriter& writer, const Issue& issue);
void write_diagnostics(JsonWriter& writer, const std::vector<Diagnostic>& diagnostics);
void write_range(JsonWriter& writer, const Range& range);

// The semantic HTML fragment of the whole issue (the blog version).
std::string html(const Issue& issue);

// The output `format` (one of output_formats() other than json).
std::string render(const std::string& format, const Issue& issue);

}  // namespace composer::render
