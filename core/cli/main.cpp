// issuec: the command-line adapter over composer::compose. It reads bytes,
// chooses what to print and sets the exit code; every decision about the issue
// itself belongs to the core. The same file builds natively and, with
// -sNODERAWFS, for Node, and both must print the same bytes.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "composer/compose.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFoundErrors = 1;  // `check` found at least one error
constexpr int kExitTrouble = 2;      // bad usage, or a file that could not be read or written

constexpr std::string_view kStdin = "-";

// Gmail clips a message whose HTML passes about 102 KB and hides the rest
// behind "[Message clipped]", unsubscribe link included.
constexpr std::size_t kGmailClipBytes = 102 * 1024;

void complain(const std::string& message) {
  std::fprintf(stderr, "issuec: %s\n", message.c_str());
}

int usage_error(const std::string& message) {
  complain(message + " (see 'issuec --help')");
  return kExitTrouble;
}

std::string formats_list() {
  std::string list = "json";
  for (const std::string& format : composer::output_formats()) {
    if (format != "json") list += ", " + format;
  }
  return list;
}

void print_help() {
  std::printf(
      "issuec - compose a newsletter issue written in Markdown\n"
      "\n"
      "Usage:\n"
      "  issuec render FILE|- [--format FORMAT] [OPTIONS] [-o OUT]\n"
      "  issuec render FILE... --format FORMAT [OPTIONS] -o DIR\n"
      "  issuec check FILE|-... [--format text|json|sarif] [--rule RULE=LEVEL]...\n"
      "  issuec fix FILE|- [--write] [--rule RULE=LEVEL]...\n"
      "  issuec import FILE|- [-o OUT | --write] [--rule RULE=LEVEL]...\n"
      "  issuec meta\n"
      "  issuec --help | --version\n"
      "\n"
      "render  prints the issue as FORMAT (default json; one of: %s).\n"
      "        json is the issue model and its diagnostics, exactly as the\n"
      "        WASM API's composeJson() returns it; html the blog fragment;\n"
      "        email a complete HTML email, whose size against Gmail's 102 KB\n"
      "        clipping limit goes to standard error; text its plain-text\n"
      "        alternative; markdown canonical Markdown. With several FILEs, -o\n"
      "        names an existing directory and each FILE is written to\n"
      "        DIR/NAME.FORMAT, NAME being the FILE's own name.\n"
      "        OPTIONS:\n"
      "          --standalone        html: a whole page with a default stylesheet\n"
      "          --utm-source S, --utm-medium M, --utm-campaign C\n"
      "                              email, text: the campaign values added to\n"
      "                              links (default: the front matter's utm_*)\n"
      "check   prints each diagnostic as 'path:line:column: severity: message\n"
      "        [rule]' and a summary line per FILE (columns count bytes); with\n"
      "        --format json the diagnostics array (an object of arrays by path\n"
      "        for several FILEs); with --format sarif a SARIF 2.1.0 log.\n"
      "        --rule RULE=LEVEL sets a rule to off, error, warning or info.\n"
      "fix     applies every safe fix and prints the result, or with --write\n"
      "        rewrites FILE in place; running it again changes nothing.\n"
      "import  turns an export (Medium, Revue, hand-edited Markdown) into the\n"
      "        canonical issue Markdown: front matter filled in, numbered\n"
      "        sections, one item per entry, safe fixes applied. Prints it, or\n"
      "        writes it to OUT, or with --write replaces FILE. What it leaves\n"
      "        out, and problems reading FILE, go to standard error as 'path:\n"
      "        line:column: severity: message [rule]'. Importing the result\n"
      "        again changes nothing.\n"
      "meta    prints the version, output formats and rules as JSON.\n"
      "\n"
      "'-' reads standard input. Exit status: 0 done, 1 check found errors,\n"
      "2 bad usage or a file that could not be read or written.\n",
      formats_list().c_str());
}

// Reads a whole file, or standard input for "-", as bytes.
bool read_input(const std::string& path, std::string& text) {
  std::FILE* file = path == kStdin ? stdin : std::fopen(path.c_str(), "rb");
  if (!file) {
    complain("cannot read '" + path + "': " + std::strerror(errno));
    return false;
  }
  char buffer[1 << 16];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, count);
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  if (file != stdin) std::fclose(file);
  if (failed) complain("cannot read '" + path + "': " + std::strerror(error));
  return !failed;
}

// Writes to a file, or to standard output for "-".
bool write_output(const std::string& path, const std::string& text) {
  if (path == kStdin) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return true;  // a failing stdout is reported once, at exit
  }
  std::FILE* file = std::fopen(path.c_str(), "wb");
  bool ok = file != nullptr && std::fwrite(text.data(), 1, text.size(), file) == text.size();
  int error = errno;
  if (file != nullptr && std::fclose(file) != 0 && ok) {
    ok = false;
    error = errno;
  }
  if (!ok) complain("cannot write '" + path + "': " + std::strerror(error));
  return ok;
}

std::string file_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct Arguments {
  std::vector<std::string> files;
  std::string format = "json";
  std::string output;  // empty: standard output
  composer::Options options;  // what the render options say; formats are set later
  bool any_render_option = false;
  bool format_given = false;
  bool write = false;  // fix: in place
};

// The value-taking options: "--name VALUE" or "--name=VALUE".
std::string* option_value(Arguments& parsed, const std::string& name) {
  if (name == "--format" || name == "-f") return &parsed.format;
  if (name == "--output" || name == "-o") return &parsed.output;
  if (name == "--utm-source") return &parsed.options.utm.source;
  if (name == "--utm-medium") return &parsed.options.utm.medium;
  if (name == "--utm-campaign") return &parsed.options.utm.campaign;
  return nullptr;
}

// Splits a command's arguments into files and options.
bool parse_arguments(const std::vector<std::string>& args, Arguments& parsed, std::string& problem) {
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg == kStdin || arg.empty() || arg[0] != '-') {
      parsed.files.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    if (arg == "--standalone") {
      parsed.options.standalone = true;
      parsed.any_render_option = true;
      continue;
    }
    if (arg == "--write") {
      parsed.write = true;
      continue;
    }
    const std::size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    if (name == "--rule") {
      // --rule ID=LEVEL, as often as needed.
      std::string setting = equals != std::string::npos ? arg.substr(equals + 1) : i + 1 < args.size() ? args[++i] : "";
      const std::size_t split = setting.find('=');
      if (split == std::string::npos) {
        problem = "'--rule' takes RULE=LEVEL, such as link/empty-text=off";
        return false;
      }
      parsed.options.rule_levels[setting.substr(0, split)] = setting.substr(split + 1);
      continue;
    }
    if (name == "--format" || name == "-f") parsed.format_given = true;
    std::string* value = option_value(parsed, name);
    if (!value) {
      problem = "unknown option '" + arg + "'";
      return false;
    }
    if (equals != std::string::npos) {
      *value = arg.substr(equals + 1);
    } else if (i + 1 == args.size()) {
      problem = "'" + arg + "' needs a value";
      return false;
    } else {
      *value = args[++i];
    }
    if (name.rfind("--utm-", 0) == 0) parsed.any_render_option = true;
  }
  return true;
}

bool is_known_format(const std::string& format) {
  const std::vector<std::string>& formats = composer::output_formats();
  return format == "json" || std::find(formats.begin(), formats.end(), format) != formats.end();
}

// The bytes `render` prints for one source, or false if the core made none
// (`why` then holds the core's reason, when it gave one).
bool render(const std::string& source, const std::string& format, composer::Options options, std::string& rendered,
            std::string& why) {
  options.formats.clear();
  if (format != "json") options.formats = {format};
  const composer::Result result = composer::compose(source, options);
  if (format == "json") {
    rendered = composer::result_json(result, false);
    return true;
  }
  const auto output = result.outputs.find(format);
  if (output == result.outputs.end()) {
    for (const composer::Diagnostic& d : result.diagnostics) {
      if (d.rule == "output/too-large" || d.rule == "internal/error") why = d.message + " [" + d.rule + "]";
    }
    return false;
  }
  rendered = output->second;
  return true;
}

// "issuec: NAME: email is 45.2 KB, under Gmail's 102 KB clipping limit".
void report_email_size(const std::string& file, std::size_t bytes) {
  const std::string shown = file == kStdin ? "<stdin>" : file;
  char kilobytes[32];
  std::snprintf(kilobytes, sizeof kilobytes, "%.1f", static_cast<double>(bytes) / 1024.0);
  const bool clipped = bytes > kGmailClipBytes;
  complain(shown + ": email is " + kilobytes + " KB (" + std::to_string(bytes) + " bytes), " +
           (clipped ? "over Gmail's 102 KB clipping limit: Gmail will clip it and hide the rest"
                    : "under Gmail's 102 KB clipping limit"));
}

int run_render(const std::vector<std::string>& args) {
  Arguments parsed;
  std::string problem;
  if (!parse_arguments(args, parsed, problem)) return usage_error(problem);
  if (parsed.files.empty()) return usage_error("render needs a FILE, or '-' for standard input");
  if (!is_known_format(parsed.format)) {
    return usage_error("unknown format '" + parsed.format + "' (one of: " + formats_list() + ")");
  }
  const bool batch = parsed.files.size() > 1;
  std::map<std::string, std::string> destinations;  // input -> output path
  for (const std::string& file : parsed.files) {
    if (!batch) {
      destinations[file] = parsed.output.empty() ? std::string(kStdin) : parsed.output;
      continue;
    }
    if (parsed.output.empty()) return usage_error("rendering several files needs '-o DIR'");
    if (file == kStdin) return usage_error("'-' cannot be one of several files");
    const std::string destination = parsed.output + "/" + file_name(file) + "." + parsed.format;
    for (const auto& [other, taken] : destinations) {
      if (taken == destination) return usage_error("'" + other + "' and '" + file + "' would both write '" + destination + "'");
    }
    destinations[file] = destination;
  }

  int status = kExitOk;
  for (const std::string& file : parsed.files) {
    std::string source;
    std::string rendered;
    std::string why;
    if (!read_input(file, source)) {
      status = kExitTrouble;
    } else if (!render(source, parsed.format, parsed.options, rendered, why)) {
      complain("the core rendered no '" + parsed.format + "' output for '" + file + "'" + (why.empty() ? "" : ": " + why));
      status = kExitTrouble;
    } else if (!write_output(destinations[file], rendered)) {
      status = kExitTrouble;
    } else if (parsed.format == "email") {
      report_email_size(file, rendered.size());
    }
  }
  return status;
}

std::string count_of(int count, const char* singular, const char* plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

// "path:line:column: severity: message [rule]", one line per diagnostic.
std::string diagnostic_lines(const std::string& shown_path, const std::vector<composer::Diagnostic>& diagnostics) {
  std::string lines;
  for (const composer::Diagnostic& diagnostic : diagnostics) {
    lines += shown_path + ":" + std::to_string(diagnostic.range.start.line) + ":" +
             std::to_string(diagnostic.range.start.column) + ": " + composer::severity_name(diagnostic.severity) + ": " +
             diagnostic.message + " [" + diagnostic.rule + "]\n";
  }
  return lines;
}

// Prints one file's diagnostics and summary; true if any is an error.
bool print_check(const std::string& shown_path, const std::vector<composer::Diagnostic>& diagnostics) {
  int counts[3] = {0, 0, 0};  // indexed by Severity
  for (const composer::Diagnostic& diagnostic : diagnostics) ++counts[static_cast<int>(diagnostic.severity)];
  std::string report = diagnostic_lines(shown_path, diagnostics);
  const int errors = counts[static_cast<int>(composer::Severity::error)];
  const int warnings = counts[static_cast<int>(composer::Severity::warning)];
  const int infos = counts[static_cast<int>(composer::Severity::info)];
  report += shown_path + ": ";
  report += diagnostics.empty() ? std::string("no problems")
                                : count_of(errors, "error", "errors") + ", " +
                                      count_of(warnings, "warning", "warnings") + ", " +
                                      std::to_string(infos) + " info";
  report += "\n";
  std::fwrite(report.data(), 1, report.size(), stdout);
  return errors > 0;
}

// A byte column as a count of Unicode code points, which SARIF understands.
int code_point_column(std::string_view source, const composer::Position& p) {
  const std::size_t line_start = p.offset - static_cast<std::size_t>(p.column - 1);
  int column = 1;
  for (std::size_t i = line_start; i < p.offset && i < source.size(); ++i) {
    if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

using Json = nlohmann::ordered_json;

Json sarif_region(std::string_view source, const composer::Range& range) {
  Json region = Json::object();
  region["startLine"] = range.start.line;
  region["startColumn"] = code_point_column(source, range.start);
  region["endLine"] = range.end.line;
  region["endColumn"] = code_point_column(source, range.end);
  return region;
}

Json text_object(const std::string& text) {
  Json object = Json::object();
  object["text"] = text;
  return object;
}

std::string sarif_level(const std::string& severity) { return severity == "info" ? "note" : severity; }

// One SARIF 2.1.0 run for every checked file, so code-scanning tools show them.
class SarifLog {
 public:
  SarifLog() {
    const Json meta = composer::meta();
    Json rules = Json::array();
    for (const auto& rule : meta["rules"]) {
      Json entry = Json::object();
      entry["id"] = rule["id"];
      entry["shortDescription"] = text_object(rule["description"].get<std::string>());
      entry["defaultConfiguration"]["level"] = sarif_level(rule["severity"].get<std::string>());
      rules.push_back(std::move(entry));
    }
    Json driver = Json::object();
    driver["name"] = "issuec";
    driver["version"] = meta["version"];
    driver["rules"] = std::move(rules);
    run_["tool"]["driver"] = std::move(driver);
    run_["columnKind"] = "unicodeCodePoints";
    run_["results"] = Json::array();
  }

  void add(const std::string& uri, std::string_view source, const std::vector<composer::Diagnostic>& diagnostics) {
    for (const composer::Diagnostic& d : diagnostics) {
      Json location = Json::object();
      location["physicalLocation"]["artifactLocation"]["uri"] = uri;
      location["physicalLocation"]["region"] = sarif_region(source, d.range);
      Json result = Json::object();
      result["ruleId"] = d.rule;
      result["level"] = sarif_level(composer::severity_name(d.severity));
      result["message"] = text_object(d.message);
      result["locations"] = Json::array({location});
      if (d.fix) {
        Json change = Json::object();
        change["artifactLocation"]["uri"] = uri;
        change["replacements"] = Json::array();
        for (const auto& edit : d.fix->edits) {
          Json replacement = Json::object();
          replacement["deletedRegion"] = sarif_region(source, edit.range);
          replacement["insertedContent"] = text_object(edit.text);
          change["replacements"].push_back(std::move(replacement));
        }
        Json fix = Json::object();
        fix["description"] = text_object(d.fix->title);
        fix["artifactChanges"] = Json::array({change});
        result["fixes"] = Json::array({fix});
      }
      run_["results"].push_back(std::move(result));
    }
  }

  std::string text() const {
    Json log = Json::object();
    log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    log["version"] = "2.1.0";
    log["runs"] = Json::array({run_});
    return composer::dump_json(log);
  }

 private:
  Json run_ = Json::object();
};

int run_check(const std::vector<std::string>& args) {
  Arguments parsed;
  std::string problem;
  if (!parse_arguments(args, parsed, problem)) return usage_error(problem);
  const std::string format = parsed.format_given ? parsed.format : "text";
  if (format != "text" && format != "json" && format != "sarif") {
    return usage_error("check prints --format text, json or sarif, not '" + format + "'");
  }
  if (!parsed.output.empty() || parsed.any_render_option || parsed.write) {
    return usage_error("check takes files, --format and --rule");
  }
  if (parsed.files.empty()) return usage_error("check needs a FILE, or '-' for standard input");

  composer::Options options = parsed.options;
  options.formats = {"email"};  // so that its size is checked too
  bool trouble = false;
  bool found_errors = false;
  SarifLog sarif;
  Json by_file = Json::object();
  for (const std::string& file : parsed.files) {
    std::string source;
    if (!read_input(file, source)) {
      trouble = true;
      continue;
    }
    const composer::Result result = composer::compose(source, options);
    const std::string shown_path = file == kStdin ? "<stdin>" : file;
    for (const auto& d : result.diagnostics) found_errors = found_errors || d.severity == composer::Severity::error;
    if (format == "text") print_check(shown_path, result.diagnostics);
    else if (format == "sarif") sarif.add(shown_path, source, result.diagnostics);
    else by_file[shown_path] = Json::parse(composer::diagnostics_json(result.diagnostics));
  }
  std::string out;
  if (format == "sarif") out = sarif.text();
  // One file: its diagnostics array; several: an object of arrays by path.
  if (format == "json") out = composer::dump_json(by_file.size() == 1 ? by_file.begin().value() : by_file);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return trouble ? kExitTrouble : found_errors ? kExitFoundErrors : kExitOk;
}

// Writes `text` to `path` through a temporary file, so a failed write never
// leaves half a file behind.
bool write_atomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".issuec-tmp";
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (!file) {
    complain("cannot write '" + temporary + "': " + std::strerror(errno));
    return false;
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed || std::rename(temporary.c_str(), path.c_str()) != 0) {
    complain("cannot write '" + path + "': " + std::strerror(errno));
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

int run_fix(const std::vector<std::string>& args) {
  Arguments parsed;
  std::string problem;
  if (!parse_arguments(args, parsed, problem)) return usage_error(problem);
  if (parsed.files.size() != 1) return usage_error("fix takes one FILE");
  if (parsed.format_given || !parsed.output.empty() || parsed.any_render_option) {
    return usage_error("fix takes a FILE, --write and --rule");
  }
  const std::string& file = parsed.files[0];
  if (parsed.write && file == kStdin) return usage_error("fix --write needs a file, not standard input");
  std::string source;
  if (!read_input(file, source)) return kExitTrouble;
  const composer::FixResult fixed = composer::fix(source, parsed.options);
  const std::string shown = file == kStdin ? "<stdin>" : file;
  if (parsed.write) {
    if (fixed.text != source && !write_atomically(file, fixed.text)) return kExitTrouble;
  } else {
    std::fwrite(fixed.text.data(), 1, fixed.text.size(), stdout);
  }
  complain(shown + ": " + count_of(static_cast<int>(fixed.applied), "fix", "fixes") + " applied" +
           (parsed.write && fixed.text != source ? ", written" : ""));
  return kExitOk;
}

int run_import(const std::vector<std::string>& args) {
  Arguments parsed;
  std::string problem;
  if (!parse_arguments(args, parsed, problem)) return usage_error(problem);
  if (parsed.files.size() != 1) return usage_error("import takes one FILE");
  if (parsed.format_given || parsed.any_render_option) return usage_error("import takes a FILE, -o OUT or --write, and --rule");
  if (parsed.write && !parsed.output.empty()) return usage_error("import writes either to -o OUT or, with --write, to FILE");
  const std::string& file = parsed.files[0];
  if (parsed.write && file == kStdin) return usage_error("import --write needs a file, not standard input");
  std::string source;
  if (!read_input(file, source)) return kExitTrouble;
  const composer::ImportResult imported = composer::import_issue(source, parsed.options);
  const std::string shown = file == kStdin ? "<stdin>" : file;
  const std::string report = diagnostic_lines(shown, imported.diagnostics);
  std::fwrite(report.data(), 1, report.size(), stderr);
  std::string written;
  if (parsed.write) {
    if (imported.markdown != source && !write_atomically(file, imported.markdown)) return kExitTrouble;
    written = imported.markdown != source ? ", written" : ", unchanged";
  } else if (!parsed.output.empty()) {
    if (!write_output(parsed.output, imported.markdown)) return kExitTrouble;
    written = parsed.output == kStdin ? "" : ", written to " + parsed.output;
  } else {
    std::fwrite(imported.markdown.data(), 1, imported.markdown.size(), stdout);
  }
  const int reported = static_cast<int>(imported.diagnostics.size());
  complain(shown + ": imported" + written +
           (reported == 0 ? "" : "; " + count_of(reported, "diagnostic", "diagnostics") + " above"));
  return kExitOk;
}

int run(const std::vector<std::string>& args) {
  if (args.empty()) return usage_error("no command given");
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    print_help();
    return kExitOk;
  }
  if (command == "--version") {
    std::printf("issuec %s\n", composer::meta().value("version", "").c_str());
    return kExitOk;
  }
  if (command == "meta") {
    if (!rest.empty()) return usage_error("meta takes no arguments");
    const std::string json = composer::dump_json(composer::meta());
    std::fwrite(json.data(), 1, json.size(), stdout);
    return kExitOk;
  }
  if (command == "render") return run_render(rest);
  if (command == "check") return run_check(rest);
  if (command == "fix") return run_fix(rest);
  if (command == "import") return run_import(rest);
  return usage_error("unknown command '" + command + "'");
}

}  // namespace

int main(int argc, char** argv) {
  int status = kExitTrouble;
  try {
    status = run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& error) {  // the core promises not to throw; memory can still run out
    complain(std::string("internal error: ") + error.what());
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    complain(std::string("cannot write to standard output: ") + std::strerror(errno));
    status = kExitTrouble;
  }
  return status;
}
