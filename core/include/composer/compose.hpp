#pragma once
// The one pure function at the centre: source and options in, a result out.
// No I/O, no clock, no globals: the same input gives the same bytes, natively
// and in WASM. Nothing throws out of it.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "composer/diagnostic.hpp"
#include "composer/issue.hpp"
#include "composer/options.hpp"

namespace composer {

struct Result {
  Issue issue;
  std::vector<Diagnostic> diagnostics;
  std::map<std::string, std::string> outputs;  // format -> rendered text
};

Result compose(std::string_view source, const Options& options);

// The most bytes the output `format` may have for a source of `source_bytes`:
// the html output (what a preview shows) at most 2 MB, any output at most 50
// times its source (never less than 256 KB; the email has its own, softer
// size rule for Gmail's clipping). A larger output is left out of Result::outputs
// and an "output/too-large" error says so: a hostile source that multiplies
// its markup (a table with many columns and short rows, deep nesting) cannot
// stall or exhaust whoever previews it.
std::size_t output_size_limit(std::string_view format, std::size_t source_bytes);

// The JSON contract shared by the CLI, the WASM API and the tests:
// {"issue": …, "diagnostics": […]} plus "outputs" when `with_outputs`, keys
// in a stable order. Pretty output is indented by two spaces and ends with a
// newline; compact output has no white space. Invalid UTF-8 is replaced.
std::string result_json(const Result& result, bool with_outputs, bool pretty = true);
// Its two parts alone, compact, for callers that ship them separately.
std::string issue_json(const Issue& issue);
// The issue's outline in the same form: issue_json() with only the keys an
// editor's outline and scroll sync read (title, number, newsletter, toc's
// range; each section's number, title, level, range, heading_range and
// items' title, url and range). A megabyte issue's model is two megabytes of
// JSON; its outline, a fifth of that.
std::string outline_json(const Issue& issue);
std::string diagnostics_json(const std::vector<Diagnostic>& diagnostics);
// Any other JSON value (meta) in the same pretty layout.
std::string dump_json(const nlohmann::ordered_json& json);

// Applies the fixes of `diagnostics` to `source`: edits are taken in source
// order, and an edit that overlaps one already taken is left for a later
// round. Text outside the edits is kept byte for byte.
std::string apply_fixes(std::string_view source, const std::vector<Diagnostic>& diagnostics);

// Composes and applies every safe fix until none is left (at most a few
// rounds): the result composes with no fixable diagnostic, and fixing it again
// changes nothing.
struct FixResult {
  std::string text;
  std::size_t applied = 0;  // fixes applied over all rounds
};
FixResult fix(std::string_view source, const Options& options);

// Turns a messy export (Medium, Revue, machine translation, hand-edited
// Markdown) into the canonical issue Markdown that the markdown output writes:
// front matter filled from what the issue says (newsletter and number, and
// the most common utm_source, utm_medium and utm_campaign of its links), safe
// fixes applied, and read, written and fixed again until nothing changes, so
// importing the result gives the same bytes. Composing it gives the same
// sections and items as composing `source`. What it cannot carry over (raw
// HTML, unsafe addresses, contents entries that name no section) and the
// problems found reading `source` come back as diagnostics at their range in
// `source`; everything else, words included, is kept.
struct ImportResult {
  std::string markdown;
  std::vector<Diagnostic> diagnostics;
};
ImportResult import_issue(std::string_view source, const Options& options);

// Version, output formats and rule ids with their defaults, so callers never
// hard-code them.
nlohmann::ordered_json meta();
const std::vector<std::string>& output_formats();

// Plain cmark-gfm, for conformance tests and benchmarks: Markdown to HTML with
// the named GFM extensions, exactly as the cmark-gfm program renders it.
struct GfmOptions {
  std::vector<std::string> extensions;
  bool unsafe = false;
};
std::string render_gfm(std::string_view source, const GfmOptions& options);

}  // namespace composer
