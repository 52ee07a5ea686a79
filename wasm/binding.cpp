// The WebAssembly edge of the core: UTF-8 bytes in, UTF-8 text out (and, in
// compose's reply, the diagnostics as numbers).
//
// Every export returns a pointer to its reply, held in one static string and
// valid until the next call; composer_reply_size() gives its length, so JS
// never scans for a terminator. Nothing throws across this boundary: an error
// of any kind, running out of memory included, comes back as
// {"error":{"message":"…"}}, except a trap or an abort, which leaves the
// module's memory undefined and reaches JS as a crash. No successful reply
// starts with '{"error":', so JS tells the two apart by the first bytes.
//
// composer_compose replies in parts, so that large outputs are never escaped
// into JSON and JS decodes only what it uses:
//   "compose <n>:<n>:<n>…\n" then the parts back to back: the diagnostics
//   (as diagnostics_words() lays them out), the issue JSON, then for each
//   output its format name and its text. The issue part is empty when a
//   json output is there: the model is in it, and is sent once. With the
//   option "issue": "outline" it is the model's outline (outline_json()).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "composer/compose.hpp"

namespace {

std::string g_reply;
// What the last call returned: g_reply's text, or a constant when there was no
// memory to build one. composer_reply_size() measures this, not g_reply.
std::string_view g_last_reply;

// Needs no allocation, for when there is no memory left to build an envelope.
constexpr std::string_view kOutOfMemoryReply = R"({"error":{"message":"out of memory"}})";

const char* answer(std::string_view reply) {
  g_last_reply = reply;
  return reply.data();
}

const char* error_reply(const char* message) noexcept {
  try {
    const nlohmann::ordered_json envelope = {{"error", {{"message", message}}}};
    g_reply = envelope.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return answer(g_reply);
  } catch (...) {
    return answer(kOutOfMemoryReply);
  }
}

// Runs `make_reply` and keeps its text; a C++ exception becomes an envelope.
// Deliberately no catch (...) and no noexcept: with WebAssembly exceptions
// those also catch the JS exception of Emscripten's abort() (cmark-gfm aborts
// when its calloc fails), and handling that inside the dead module recurses
// through std::terminate. Left alone, it reaches JS, which reports a crash.
template <typename MakeReply>
const char* guarded(MakeReply&& make_reply) {
  std::string().swap(g_reply);  // free the previous reply before the next job
  try {
    g_reply = make_reply();
    return answer(g_reply);
  } catch (const std::bad_alloc&) {
    return answer(kOutOfMemoryReply);
  } catch (const std::exception& error) {
    return error_reply(error.what());
  }
}

struct BadOptions : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Options arrive as JSON text; NULL or "" means none.
nlohmann::ordered_json parse_options(const char* options_json) {
  if (options_json == nullptr || *options_json == '\0') return nlohmann::ordered_json::object();
  nlohmann::ordered_json options = nlohmann::ordered_json::parse(options_json, nullptr, /*allow_exceptions=*/false);
  if (options.is_discarded()) throw BadOptions("options are not valid JSON");
  return options;
}

// How compose's reply carries the model (its option "issue", which the core
// does not know): "full", or "outline" for outline_json().
enum class IssuePart { full, outline };

IssuePart take_issue_part(nlohmann::ordered_json& options, std::vector<composer::Diagnostic>& problems) {
  if (!options.is_object()) return IssuePart::full;
  const auto found = options.find("issue");
  if (found == options.end()) return IssuePart::full;
  const std::string value = found->is_string() ? found->get<std::string>() : std::string();
  options.erase(found);
  if (value == "outline") return IssuePart::outline;
  if (value != "full") {
    problems.push_back({"options/invalid", composer::Severity::warning, "'issue' must be \"full\" or \"outline\".",
                        composer::Range{}, std::nullopt});
  }
  return IssuePart::full;
}

composer::Result compose_with(const char* source, std::size_t length, nlohmann::ordered_json options_json,
                              std::vector<composer::Diagnostic> problems = {}) {
  const composer::Options options = composer::options_from_json(options_json, problems);
  composer::Result result = composer::compose(std::string_view(source, length), options);
  result.diagnostics.insert(result.diagnostics.begin(), problems.begin(), problems.end());
  return result;
}

composer::GfmOptions gfm_options_from(const nlohmann::ordered_json& json) {
  if (!json.is_object()) throw BadOptions("GFM options must be an object");
  composer::GfmOptions options;
  options.extensions = json.value("extensions", std::vector<std::string>{});
  options.unsafe = json.value("unsafe", false);
  return options;
}

// The diagnostics for composer.mjs, which builds the same objects as
// diagnostics_json() describes from them several times faster than JSON.parse
// reads that JSON (a megabyte issue has thousands of problems sharing a few
// dozen messages). Little-endian 32-bit words, then text:
//   word count, diagnostic count, string count, each string's byte length;
//   per diagnostic: rule, severity and message (string numbers), its range
//   (start line, column, offset, end line, column, offset), then 0 when it
//   has no fix, else 1 + its edit count, the fix's title, and per edit its
//   range and text;
//   then each distinct string's UTF-8 bytes, back to back.
std::string diagnostics_words(const std::vector<composer::Diagnostic>& diagnostics) {
  std::vector<std::uint32_t> words{0, static_cast<std::uint32_t>(diagnostics.size()), 0};
  std::vector<std::string_view> strings;
  std::unordered_map<std::string_view, std::uint32_t> numbers;
  const auto string = [&](std::string_view text) {
    const auto [at, added] = numbers.try_emplace(text, static_cast<std::uint32_t>(strings.size()));
    if (added) strings.push_back(text);
    return at->second;
  };
  std::vector<std::uint32_t> records;
  records.reserve(diagnostics.size() * 10);
  const auto range = [&](const composer::Range& r) {
    for (const composer::Position& p : {r.start, r.end}) {
      records.insert(records.end(), {static_cast<std::uint32_t>(p.line), static_cast<std::uint32_t>(p.column),
                                     static_cast<std::uint32_t>(p.offset)});
    }
  };
  for (const composer::Diagnostic& d : diagnostics) {
    records.insert(records.end(), {string(d.rule), string(composer::severity_name(d.severity)), string(d.message)});
    range(d.range);
    if (!d.fix) {
      records.push_back(0);
      continue;
    }
    records.insert(records.end(), {static_cast<std::uint32_t>(1 + d.fix->edits.size()), string(d.fix->title)});
    for (const composer::TextEdit& edit : d.fix->edits) {
      range(edit.range);
      records.push_back(string(edit.text));
    }
  }
  words[2] = static_cast<std::uint32_t>(strings.size());
  for (const std::string_view text : strings) words.push_back(static_cast<std::uint32_t>(text.size()));
  words.insert(words.end(), records.begin(), records.end());
  words[0] = static_cast<std::uint32_t>(words.size());
  std::size_t text_size = 0;
  for (const std::string_view text : strings) text_size += text.size();
  std::string out(words.size() * sizeof(std::uint32_t), '\0');
  std::memcpy(out.data(), words.data(), out.size());  // WebAssembly is little-endian
  out.reserve(out.size() + text_size);
  for (const std::string_view text : strings) out += text;
  return out;
}

}  // namespace

extern "C" {

// The result in parts (see the top of this file): the formats named in the options.
const char* composer_compose(const char* source, std::size_t length, const char* options_json) {
  return guarded([&] {
    nlohmann::ordered_json options = parse_options(options_json);
    std::vector<composer::Diagnostic> problems;
    const IssuePart issue_part = take_issue_part(options, problems);
    const composer::Result result = compose_with(source, length, std::move(options), std::move(problems));
    const std::string diagnostics = diagnostics_words(result.diagnostics);
    const std::string issue = result.outputs.count("json")        ? std::string()
                              : issue_part == IssuePart::outline ? composer::outline_json(result.issue)
                                                                 : composer::issue_json(result.issue);
    std::vector<std::string_view> parts{diagnostics, issue};
    for (const auto& [format, text] : result.outputs) {
      parts.push_back(format);
      parts.push_back(text);
    }
    std::string reply = "compose ";
    std::size_t size = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      reply += (i ? ":" : "") + std::to_string(parts[i].size());
      size += parts[i].size();
    }
    reply += '\n';
    reply.reserve(reply.size() + size);
    for (const std::string_view part : parts) reply += part;
    return reply;
  });
}

// Exactly the bytes `issuec render --format json` prints for the same source.
const char* composer_compose_json(const char* source, std::size_t length, const char* options_json) {
  return guarded([&] {
    return composer::result_json(compose_with(source, length, parse_options(options_json)), false);
  });
}

// {"markdown": "…", "diagnostics": […]}: the canonical Markdown of an export,
// and what it left out (see composer::import_issue).
const char* composer_import(const char* source, std::size_t length, const char* options_json) {
  return guarded([&] {
    std::vector<composer::Diagnostic> problems;
    const composer::Options options = composer::options_from_json(parse_options(options_json), problems);
    composer::ImportResult imported = composer::import_issue(std::string_view(source, length), options);
    imported.diagnostics.insert(imported.diagnostics.begin(), problems.begin(), problems.end());
    const std::string markdown =
        nlohmann::ordered_json(imported.markdown).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return "{\"markdown\":" + markdown + ",\"diagnostics\":" + composer::diagnostics_json(imported.diagnostics) + "}";
  });
}

const char* composer_meta() {
  return guarded([] { return composer::dump_json(composer::meta()); });
}

// The HTML itself: plain cmark-gfm, options {"extensions": [...], "unsafe": bool}.
const char* composer_render_gfm(const char* source, std::size_t length, const char* options_json) {
  return guarded([&] {
    const composer::GfmOptions options = gfm_options_from(parse_options(options_json));
    return composer::render_gfm(std::string_view(source, length), options);
  });
}

std::size_t composer_reply_size() { return g_last_reply.size(); }

}  // extern "C"
