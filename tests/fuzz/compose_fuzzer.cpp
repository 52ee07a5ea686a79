// libFuzzer entry over compose(), built with ASan and UBSan by scripts/fuzz.
// The first two bytes choose the options, the rest is the source:
//   byte 0: bit 0-4 the formats json, html, email, text, markdown; bit 5
//           standalone; bit 6 campaign values; bit 7 every rule an error
//   byte 1: 0 the default limits, else max_input_bytes = byte * 61 (cuts
//           land inside lines, characters and front matter) and
//           summary_max_words = byte
// Beyond the sanitizers, every input must keep these properties (a broken
// one aborts, so libFuzzer keeps the input): no internal error, every output
// UTF-8 without NUL bytes and within the core's size bound, no active content
// in any HTML output (nor in the Markdown output rendered with raw HTML
// allowed), canonical Markdown that renders to itself and reads back as the
// same issue, JSON that parses.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "../support/properties.hpp"
#include "composer/compose.hpp"
#include "util/text.hpp"

namespace {

using namespace composer;

[[noreturn]] void broken(const char* property, const std::string& detail) {
  std::fprintf(stderr, "\nPROPERTY BROKEN: %s\n%s\n", property, detail.substr(0, 2000).c_str());
  std::abort();
}

Options decode_options(std::uint8_t choice, std::uint8_t limits) {
  Options options;
  const auto& formats = output_formats();  // json, html, email, text, markdown
  for (std::size_t i = 0; i < formats.size(); ++i) {
    if (choice & (1u << i)) options.formats.push_back(formats[i]);
  }
  options.standalone = choice & 0x20;
  if (choice & 0x40) options.utm = {"fuzz", "email", "issue-1"};
  if (choice & 0x80) {
    static const nlohmann::ordered_json rules = meta()["rules"];
    for (const auto& rule : rules) options.rule_levels[rule["id"].get<std::string>()] = "error";
  }
  if (limits) {
    options.max_input_bytes = limits * 61u;
    options.summary_max_words = limits;
  }
  return options;
}

void check_html(const char* what, const std::string& html) {
  const auto problems = test_properties::html_problems(html);
  if (!problems.empty()) broken(what, problems.front());
}

void check_markdown(const std::string& markdown, const Result& first, const Options& options) {
  const GfmOptions unsafe{{"table", "strikethrough", "autolink", "tasklist", "footnotes"}, true};
  check_html("the Markdown output, rendered with raw HTML allowed, is inert", render_gfm(markdown, unsafe));
  Options again = options;
  again.formats = {"markdown"};
  const Result second = compose(markdown, again);
  const auto rendered = second.outputs.find("markdown");
  if (rendered != second.outputs.end() && rendered->second != markdown) {
    broken("the Markdown output renders to itself", markdown + "\n---- then ----\n" + rendered->second);
  }
  // An item without an address that can be written (a script one), in an
  // unnumbered section or before any section heading, is written as a
  // paragraph (markdown.cpp), and reads back as a note or a summary.
  for (const Section& section : first.issue.sections) {
    if (section.number) continue;
    for (const Item& item : section.items) {
      if (item.url.empty() || url::is_dangerous(item.url)) return;
    }
  }
  const std::string before = test_properties::outline(first.issue);
  const std::string after = test_properties::outline(second.issue);
  if (after != before) broken("the Markdown output reads back as the same issue", before + "\n---- then ----\n" + after);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const Options options = decode_options(data[0], data[1]);
  const std::string_view source(reinterpret_cast<const char*>(data) + 2, size - 2);
  const Result result = compose(source, options);

  for (const Diagnostic& d : result.diagnostics) {
    if (d.rule == "internal/error") broken("no internal error", d.message);
  }
  for (const auto& [format, text] : result.outputs) {
    if (text::repair_utf8(text) != text) broken("every output is UTF-8 without NUL bytes", format);
    if (text.size() > output_size_limit(format, source.size())) {
      broken("outputs stay within their size bound", format + ": " + std::to_string(text.size()) + " bytes");
    }
    if (format == "html" || format == "email") check_html("no active content in the HTML outputs", text);
    if (format == "text") {
      const auto problems = test_properties::text_problems(text, source);
      if (!problems.empty()) broken("no script address in the text output", problems.front());
    }
    // Both rounds within the size limit: the output can be the longer (a NUL
    // byte becomes U+FFFD, three bytes), and the next round reads only that much.
    if (format == "markdown" && source.size() <= options.max_input_bytes && text.size() <= options.max_input_bytes) {
      check_markdown(text, result, options);
    }
    if (format == "json" && !nlohmann::json::accept(text)) broken("the JSON output parses", text);
  }
  return 0;
}
