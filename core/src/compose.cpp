#include "composer/compose.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <numeric>

#include "parse/parser.hpp"
#include "render/render.hpp"
#include "rules/registry.hpp"
#include "rules/rules.hpp"
#include "rules/settings.hpp"
#include "util/text.hpp"

namespace composer {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

const std::vector<std::string>& output_formats() {
  static const std::vector<std::string> formats{"json", "html", "email", "text", "markdown"};
  return formats;
}

namespace {

constexpr std::size_t kMaxHtmlOutputBytes = 2u << 20;
constexpr std::size_t kMaxOutputGrowth = 50;
constexpr std::size_t kOutputGrowthFloor = 256u << 10;

std::string size_text(std::size_t bytes) {
  char text[32];
  if (bytes >= (1u << 20)) std::snprintf(text, sizeof text, "%.1f MB", bytes / 1048576.0);
  else std::snprintf(text, sizeof text, "%.0f KB", bytes / 1024.0);
  return text;
}

// `bytes`: the output's size, when it was written whole.
Diagnostic output_too_large(const std::string& format, std::optional<std::size_t> bytes, std::size_t source_bytes) {
  const std::string limit = size_text(output_size_limit(format, source_bytes));
  const std::string source = size_text(source_bytes) + " of Markdown";
  return {"output/too-large", Severity::error,
          "The " + format + " output would be " +
              (bytes ? size_text(*bytes) + " from " + source + ", over its limit of " + limit
                     : "over its limit of " + limit + " from " + source) +
              ": too large to preview, so it is left out. Something in the issue multiplies its markup (a table "
              "with many columns and short rows, deep nesting, thousands of links); remove it or split the issue.",
          Range{}, std::nullopt};
}

// The result as JSON; past `limit` bytes, JsonWriter::TooLarge.
std::string write_result_json(const Result& result, bool with_outputs, bool pretty, std::size_t limit) {
  std::string out;
  const std::size_t estimate = render::output_estimate(result.issue, 4096, 256, 1536) + result.diagnostics.size() * 512;
  out.reserve(std::min(limit, estimate));
  render::JsonWriter w(out, pretty, limit);
  w.begin_object();
  w.key("issue");
  render::write_issue(w, result.issue);
  w.key("diagnostics");
  render::write_diagnostics(w, result.diagnostics);
  if (with_outputs) {
    w.key("outputs");
    w.begin_object();
    for (const auto& [format, text] : result.outputs) w.member(format, text);
    w.end_object();
  }
  w.end_object();
  if (pretty) out += '\n';
  return out;
}

Diagnostic option_problem(std::string message) {
  return {"options/invalid", Severity::warning, std::move(message), Range{}, std::nullopt};
}

std::string known_formats() {
  std::string list;
  const auto& formats = output_formats();
  for (std::size_t i = 0; i < formats.size(); ++i) {
    list += i == 0 ? "" : i + 1 == formats.size() ? " and " : ", ";
    list += formats[i];
  }
  return list;
}

// {"source": …, "medium": …, "campaign": …}: each a string.
void read_utm(const nlohmann::ordered_json& value, Utm& utm, std::vector<Diagnostic>& problems) {
  if (!value.is_object()) {
    problems.push_back(option_problem("'utm' must be an object such as {\"source\": \"newsletter\"}."));
    return;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    std::string* field = it.key() == "source" ? &utm.source : it.key() == "medium" ? &utm.medium
                       : it.key() == "campaign" ? &utm.campaign : nullptr;
    if (!field) {
      problems.push_back(option_problem("Unknown 'utm' key '" + it.key() + "'; known keys are source, medium and campaign."));
    } else if (!it.value().is_string()) {
      problems.push_back(option_problem("'utm." + it.key() + "' must be a string."));
    } else {
      *field = it.value().get<std::string>();
    }
  }
}

// Messages and fixes quote the source, which may hold bad bytes or NULs:
// repaired, as every output is UTF-8 without NUL.
void repair_text(Diagnostic& diagnostic) {
  const auto repair = [](std::string& s) {
    if (text::next_to_repair(s, 0) != std::string_view::npos) s = text::repair_utf8(s);
  };
  repair(diagnostic.message);
  if (!diagnostic.fix) return;
  repair(diagnostic.fix->title);
  for (TextEdit& edit : diagnostic.fix->edits) repair(edit.text);
}

// Diagnostics in source order; ties keep the order they were raised in. A
// Diagnostic is large, so the order is found on indices and each one is
// moved once.
void sort_by_position(std::vector<Diagnostic>& diagnostics) {
  std::vector<std::size_t> order(diagnostics.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return diagnostics[a].range.start.offset < diagnostics[b].range.start.offset;
  });
  std::vector<Diagnostic> sorted;
  sorted.reserve(diagnostics.size());
  for (const std::size_t i : order) sorted.push_back(std::move(diagnostics[i]));
  diagnostics = std::move(sorted);
}

}  // namespace

Options options_from_json(const nlohmann::ordered_json& json, std::vector<Diagnostic>& problems) {
  Options options;
  if (json.is_null()) return options;
  if (!json.is_object()) {
    problems.push_back(option_problem("Options must be a JSON object."));
    return options;
  }
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string& key = it.key();
    const auto& value = it.value();
    if (key == "formats") {
      if (!value.is_array()) {
        problems.push_back(option_problem("'formats' must be a list of format names."));
        continue;
      }
      for (const auto& f : value) {
        const auto& known = output_formats();
        if (f.is_string() && std::find(known.begin(), known.end(), f.get<std::string>()) != known.end()) {
          options.formats.push_back(f.get<std::string>());
        } else {
          problems.push_back(option_problem("Unknown output format " + f.dump() + "; known formats are " + known_formats() + "."));
        }
      }
    } else if (key == "max_input_bytes") {
      if (value.is_number_unsigned() && value.get<std::uint64_t>() > 0) {
        options.max_input_bytes = static_cast<std::size_t>(value.get<std::uint64_t>());
      } else {
        problems.push_back(option_problem("'max_input_bytes' must be a positive whole number."));
      }
    } else if (key == "rules") {
      if (!value.is_object()) {
        problems.push_back(option_problem("'rules' must map rule ids to off, error, warning or info."));
        continue;
      }
      for (auto rule = value.begin(); rule != value.end(); ++rule) {
        if (rule.value().is_string()) options.rule_levels[rule.key()] = rule.value().get<std::string>();
        else problems.push_back(option_problem("'rules." + rule.key() + "' must be off, error, warning or info."));
      }
    } else if (key == "summary_max_words") {
      if (value.is_number_unsigned() && value.get<std::uint64_t>() > 0) {
        options.summary_max_words = static_cast<std::size_t>(value.get<std::uint64_t>());
      } else {
        problems.push_back(option_problem("'summary_max_words' must be a positive whole number."));
      }
    } else if (key == "check") {
      if (value.is_boolean()) options.check = value.get<bool>();
      else problems.push_back(option_problem("'check' must be true or false."));
    } else if (key == "standalone") {
      if (value.is_boolean()) options.standalone = value.get<bool>();
      else problems.push_back(option_problem("'standalone' must be true or false."));
    } else if (key == "utm") {
      read_utm(value, options.utm, problems);
    } else {
      problems.push_back(option_problem("Unknown option '" + key + "'."));
    }
  }
  return options;
}

Result compose(std::string_view source, const Options& options) {
  Result result;
  const auto internal_error = [&](const char* what) {
    // The one place where an internal failure becomes data.
    result.diagnostics.push_back({"internal/error", Severity::error,
                                  std::string("Internal error while composing this issue: ") + what, Range{},
                                  std::nullopt});
  };
  try {
    result.issue = parse::parse_issue(source, options, result.diagnostics);
    // Every output but json first: the rules measure some of them (the email's size).
    for (const std::string& format : options.formats) {
      if (format == "json") continue;
      std::string text = render::render(format, result.issue, options);
      if (text.size() > output_size_limit(format, source.size())) {
        result.diagnostics.push_back(output_too_large(format, text.size(), source.size()));
      } else {
        result.outputs[format] = std::move(text);
      }
    }
    if (options.check) {
      const rules::Settings settings = rules::settings_for(options, result.issue.meta, result.diagnostics);
      rules::check(source, result.issue, settings, result.outputs, result.diagnostics);
    }
  } catch (const std::exception& e) {
    internal_error(e.what());
  }
  sort_by_position(result.diagnostics);
  for (Diagnostic& diagnostic : result.diagnostics) repair_text(diagnostic);
  if (options.wants("json")) {
    const std::size_t limit = output_size_limit("json", source.size());
    try {
      result.outputs["json"] = write_result_json(result, false, true, limit);
    } catch (const render::JsonWriter::TooLarge&) {
      result.diagnostics.push_back(output_too_large("json", std::nullopt, source.size()));
      sort_by_position(result.diagnostics);
    }
  }
  return result;
}

std::size_t output_size_limit(std::string_view format, std::size_t source_bytes) {
  const std::size_t growth = std::max(kOutputGrowthFloor, source_bytes * kMaxOutputGrowth);
  return format == "html" ? std::min(kMaxHtmlOutputBytes, growth) : growth;
}

std::string result_json(const Result& result, bool with_outputs, bool pretty) {
  return write_result_json(result, with_outputs, pretty, std::string::npos);
}
std::string dump_json(const nlohmann::ordered_json& json) {
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

nlohmann::ordered_json meta() {
  nlohmann::ordered_json j;
  j["version"] = COMPOSER_VERSION;
  j["cmark_gfm"] = CMARK_GFM_VERSION_STRING;
  j["formats"] = output_formats();
  j["columns"] = "utf8-bytes";
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const auto& rule : rules::registry()) {
    nlohmann::ordered_json r;
    r["id"] = rule.id;
    r["severity"] = severity_name(rule.severity);
    r["description"] = rule.description;
    r["fixable"] = rule.fixable;
    rules.push_back(std::move(r));
  }
  j["rules"] = std::move(rules);
  return j;
}

std::string render_gfm(std::string_view source, const GfmOptions& options) {
  cmark_gfm_core_extensions_ensure_registered();
  int flags = CMARK_OPT_DEFAULT;
  if (options.unsafe) flags |= CMARK_OPT_UNSAFE;
  // Mirrors cmark-gfm's own program: footnotes are a parse option there.
  const bool footnotes = std::find(options.extensions.begin(), options.extensions.end(), "footnotes") != options.extensions.end();
  if (footnotes) flags |= CMARK_OPT_FOOTNOTES;
  std::unique_ptr<cmark_parser, void (*)(cmark_parser*)> parser(cmark_parser_new(flags), cmark_parser_free);
  for (const auto& name : options.extensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name.c_str())) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), source.data(), source.size());
  std::unique_ptr<cmark_node, void (*)(cmark_node*)> root(cmark_parser_finish(parser.get()), cmark_node_free);
  char* html = cmark_render_html(root.get(), flags, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html ? html : "");
  std::free(html);
  return out;
}

}  // namespace composer
