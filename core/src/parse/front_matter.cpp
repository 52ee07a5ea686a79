#include "parse/front_matter.hpp"

#include <cctype>
#include <string>
#include <unordered_map>

#include "util/text.hpp"

namespace composer::parse {
namespace {

struct Line {
  std::size_t begin;
  std::size_t end;       // without the line break
  std::size_t next;      // start of the next line
  std::string_view text;
};

Line line_at(std::string_view source, std::size_t begin) {
  std::size_t end = begin;
  while (end < source.size() && source[end] != '\n' && source[end] != '\r') ++end;
  std::size_t next = end;
  if (next < source.size() && source[next] == '\r') ++next;
  if (next < source.size() && source[next] == '\n' && (next == end || source[next - 1] == '\r')) ++next;
  if (next == end && end < source.size()) ++next;
  return {begin, end, next, source.substr(begin, end - begin)};
}

bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// "key: value" → key length, or 0 when the line is not a key line.
std::size_t key_length(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && is_key_char(line[i])) ++i;
  if (i == 0 || i >= line.size() || line[i] != ':') return 0;
  if (i + 1 < line.size() && line[i + 1] != ' ' && line[i + 1] != '\t') return 0;
  return i;
}

bool is_delimiter(std::string_view line, std::string_view marker) {
  return text::trim(line) == marker && text::starts_with(line, marker);
}

// The value of a 4-digit hexadecimal escape ("\u003c"), or -1.
long hex4(std::string_view s) {
  if (s.size() < 4) return -1;
  long value = 0;
  for (const char c : s.substr(0, 4)) {
    const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

std::string unquote_double(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      const long code = c == 'u' ? hex4(s.substr(i + 1)) : -1;
      if (code >= 0 && code < 0x80) {  // the ASCII escapes the Markdown output writes
        out += static_cast<char>(code);
        i += 4;
        continue;
      }
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool is_integer(std::string_view s) {
  if (s.empty() || s.size() > 15) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// A plain scalar's trailing " # comment" is not part of its value.
std::string_view strip_comment(std::string_view s) {
  const auto hash = s.find(" #");
  return text::trim(hash == std::string_view::npos ? s : s.substr(0, hash));
}

// Where a plain value's " #" comment starts when the '#' touches what follows
// ("title: Weekly Digest #4", "tags: ml #ai"): YAML leaves it out, which a
// writer rarely means. npos for a quoted or listed value, or a "# comment".
std::size_t tag_like_comment(std::string_view value) {
  if (value.empty() || value.front() == '"' || value.front() == '\'' || value.front() == '[') return std::string_view::npos;
  const auto hash = value.find(" #");
  if (hash == std::string_view::npos || hash + 2 >= value.size()) return std::string_view::npos;
  const char next = value[hash + 2];
  return next == ' ' || next == '\t' || next == '#' ? std::string_view::npos : hash;
}

std::string double_quoted(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

nlohmann::ordered_json scalar(std::string_view raw, bool& ok) {
  ok = true;
  const std::string_view s = text::trim(raw);
  if (s.size() >= 2 && s.front() == '"') {
    const auto close = s.rfind('"');
    if (close == 0) {
      ok = false;
      return std::string(s);
    }
    return unquote_double(s.substr(1, close - 1));
  }
  if (s.size() >= 2 && s.front() == '\'') {
    const auto close = s.rfind('\'');
    if (close == 0) {
      ok = false;
      return std::string(s);
    }
    std::string out;
    const auto inner = s.substr(1, close - 1);
    for (std::size_t i = 0; i < inner.size(); ++i) {
      out += inner[i];
      if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') ++i;
    }
    return out;
  }
  if (!s.empty() && s.front() == '[') {
    if (s.back() != ']') {
      ok = false;
      return std::string(s);
    }
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    std::string_view inner = s.substr(1, s.size() - 2);
    while (!text::trim(inner).empty()) {
      const auto comma = inner.find(',');
      bool item_ok = true;
      list.push_back(scalar(inner.substr(0, comma), item_ok));
      if (comma == std::string_view::npos) break;
      inner = inner.substr(comma + 1);
    }
    return list;
  }
  const std::string_view plain = strip_comment(s);
  if (plain.empty() || plain == "~" || plain == "null") return nullptr;
  if (plain == "true") return true;
  if (plain == "false") return false;
  if (is_integer(plain)) return std::stoll(std::string(plain));
  return std::string(plain);
}

// "|" or ">" after a key, perhaps with a chomping indicator ("|-", ">+") or
// an indentation one ("|2"), and a comment: a block scalar, whose value is
// the indented lines below, as Jekyll and Hugo front matter write long
// descriptions.
bool is_block_scalar(std::string_view raw) {
  const std::string_view s = strip_comment(raw);
  if (s.empty() || s.size() > 3 || (s.front() != '|' && s.front() != '>')) return false;
  return s.find_first_not_of("-+123456789", 1) == std::string_view::npos;
}

// The value of a block scalar whose indicator is `raw`, from its lines at
// `pos`; `pos` is moved past them. "|" keeps the lines, ">" folds them into
// one (a blank line is a line break); a final line break is kept once ("-":
// none, "+": all of them).
std::string block_scalar(std::string_view source, std::size_t& pos, std::string_view raw) {
  const std::string_view indicator = strip_comment(raw);
  const bool literal = indicator.front() == '|';
  const char chomp = indicator.find('-') != std::string_view::npos   ? '-'
                     : indicator.find('+') != std::string_view::npos ? '+'
                                                                      : ' ';
  std::size_t indent = std::string_view::npos;
  std::string value;
  std::size_t breaks = 0;  // line breaks owed before the next line's text
  bool text_seen = false;
  while (pos < source.size()) {
    const Line line = line_at(source, pos);
    const std::size_t first = line.text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
      ++breaks;
      pos = line.next;
      continue;
    }
    if (first == 0 || (indent != std::string_view::npos && first < indent)) break;
    if (indent == std::string_view::npos) indent = first;
    if (text_seen) {
      if (literal) value.append(breaks + 1, '\n');
      else if (breaks > 0) value.append(breaks, '\n');
      else value += ' ';
    } else {
      value.append(breaks, '\n');
    }
    breaks = 0;
    text_seen = true;
    value += line.text.substr(indent);
    pos = line.next;
  }
  if (text_seen && chomp != '-') value.append(chomp == '+' ? breaks + 1 : 1, '\n');
  return value;
}

const char* const kHeaderKeys[] = {"title", "number", "date", "category", "tags", "author", "authors", "slug",
                                   "summary", "subtitle", "newsletter", "issue", "modified", "status", "lang"};

bool is_header_key(std::string_view key) {
  const std::string lower = text::to_lower_ascii(key);
  for (const char* known : kHeaderKeys) {
    if (lower == known) return true;
  }
  return false;
}

void add_diagnostic(std::vector<Diagnostic>& diagnostics, const SourceMap& map, const char* rule, Severity severity,
                    std::string message, std::size_t begin, std::size_t end) {
  diagnostics.push_back({rule, severity, std::move(message), map.range(begin, end), std::nullopt});
}

// Front matter is read from the raw source: its strings are repaired here so
// that everything in the model is valid UTF-8, with a NUL byte shown as
// U+FFFD as in the body (input/nul-byte reports both).
nlohmann::ordered_json repaired(const nlohmann::ordered_json& value) {
  if (value.is_string()) return text::repair_utf8(value.get_ref<const std::string&>());
  if (value.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& element : value) out.push_back(repaired(element));
    return out;
  }
  return value;
}

// The values read, each found by its key at once: ordered_json looks a key up
// by walking its keys, which a front matter of many keys made quadratic.
class Values {
 public:
  explicit Values(nlohmann::ordered_json& values) : object_(values.get_ref<nlohmann::ordered_json::object_t&>()) {}

  nlohmann::ordered_json* find(const std::string& key) {
    const auto at = index_.find(key);
    return at == index_.end() ? nullptr : &(object_.begin() + at->second)->second;
  }

  void set(const std::string& key, nlohmann::ordered_json value) {
    if (nlohmann::ordered_json* existing = find(key)) {
      *existing = std::move(value);
      return;
    }
    index_.emplace(key, object_.size());
    object_.emplace_back(key, std::move(value));  // a new key: no need to look for it
  }

 private:
  nlohmann::ordered_json::object_t& object_;
  std::unordered_map<std::string, std::size_t> index_;
};

void set_value(Values& values, const SourceMap& map, std::vector<Diagnostic>& diagnostics, const std::string& raw_key,
               nlohmann::ordered_json value, const Line& line) {
  const std::string key = text::repair_utf8(raw_key);
  if (values.find(key)) {
    add_diagnostic(diagnostics, map, "front-matter/duplicate-key", Severity::warning,
                   "The front matter sets '" + key + "' twice; the last value is used. Remove one of them.",
                   line.begin, line.begin + raw_key.size());
  }
  values.set(key, repaired(value));
}

// Pelican-style header: known "Key: value" lines from the first line to the
// first blank line, all of them key lines.
FrontMatter read_header(std::string_view source, std::size_t begin, const SourceMap& map,
                        std::vector<Diagnostic>& diagnostics) {
  FrontMatter none{begin, nlohmann::ordered_json::object()};
  const Line first = line_at(source, begin);
  const std::size_t first_key = key_length(first.text);
  if (first_key == 0 || !is_header_key(first.text.substr(0, first_key))) return none;
  std::vector<Line> lines;
  std::size_t pos = begin;
  while (pos < source.size()) {
    const Line line = line_at(source, pos);
    if (text::trim(line.text).empty()) break;
    if (key_length(line.text) == 0) return none;
    lines.push_back(line);
    pos = line.next;
  }
  FrontMatter fm{pos, nlohmann::ordered_json::object()};
  Values values(fm.values);
  for (const Line& line : lines) {
    const std::size_t k = key_length(line.text);
    const std::string key(line.text.substr(0, k));
    bool ok = true;
    const std::string_view raw = text::trim(line.text.substr(k + 1));
    auto value = scalar(raw, ok);
    // Header values are plain text, with no comments: keep strings such as
    // dates, and "Title: Digest #4", as written.
    if (value.is_array() || value.is_boolean() || (value.is_string() && raw.find(" #") != std::string_view::npos)) {
      value = std::string(raw);
    }
    set_value(values, map, diagnostics, key, std::move(value), line);
  }
  return fm;
}

// Hugo's TOML front matter between "+++" lines: "key = value" lines, whose
// values read as in YAML's flat subset ("quoted", 'quoted', [a, b], numbers,
// booleans, plain dates). A "[table]" or any other line is reported and
// ignored. Unclosed, it is no front matter: the text is read as written.
FrontMatter read_toml(std::string_view source, const Line& opening, const SourceMap& map,
                      std::vector<Diagnostic>& diagnostics) {
  std::vector<Line> lines;
  std::size_t pos = opening.next;
  for (;;) {
    if (pos >= source.size()) return {opening.begin, nlohmann::ordered_json::object()};
    const Line line = line_at(source, pos);
    pos = line.next;
    if (is_delimiter(line.text, "+++")) break;
    lines.push_back(line);
  }
  FrontMatter fm{pos, nlohmann::ordered_json::object()};
  Values values(fm.values);
  for (const Line& line : lines) {
    const std::string_view trimmed = text::trim(line.text);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    std::size_t k = 0;
    while (k < trimmed.size() && is_key_char(trimmed[k])) ++k;
    std::size_t equals = k;
    while (equals < trimmed.size() && (trimmed[equals] == ' ' || trimmed[equals] == '\t')) ++equals;
    if (k == 0 || equals >= trimmed.size() || trimmed[equals] != '=') {
      add_diagnostic(diagnostics, map, "front-matter/malformed", Severity::warning,
                     "This front-matter line is not 'key = value'; it is ignored. Write it as 'key = value' or remove it.",
                     line.begin, line.end);
      continue;
    }
    bool ok = true;
    auto value = scalar(trimmed.substr(equals + 1), ok);
    if (!ok) {
      add_diagnostic(diagnostics, map, "front-matter/malformed", Severity::warning,
                     "The value of '" + std::string(trimmed.substr(0, k)) +
                         "' has an unclosed quote or bracket; it is read as plain text.",
                     line.begin, line.end);
    }
    set_value(values, map, diagnostics, std::string(trimmed.substr(0, k)), std::move(value),
              {static_cast<std::size_t>(trimmed.data() - source.data()), line.end, line.next, trimmed});
  }
  return fm;
}

}  // namespace

FrontMatter read_front_matter(std::string_view source, std::size_t begin, const SourceMap& map,
                              std::vector<Diagnostic>& diagnostics) {
  const Line opening = line_at(source, begin);
  if (is_delimiter(opening.text, "+++")) return read_toml(source, opening, map, diagnostics);
  if (!is_delimiter(opening.text, "---")) return read_header(source, begin, map, diagnostics);

  FrontMatter fm{begin, nlohmann::ordered_json::object()};
  Values values(fm.values);
  std::string list_key;  // key whose value is being filled by "- item" lines
  // Where the run of lines after a line that is no "key: value" ends (a blank
  // line, a closing line, or the end), and whether a closing line ends it:
  // found once for the run.
  std::size_t run_end = 0;
  bool run_closes = false;
  std::size_t pos = opening.next;
  std::size_t last_good = opening.next;
  bool closed = false;
  bool any_key = false;
  while (pos < source.size()) {
    const Line line = line_at(source, pos);
    if (is_delimiter(line.text, "---") || is_delimiter(line.text, "...")) {
      closed = true;
      pos = line.next;
      break;
    }
    const std::string_view trimmed = text::trim(line.text);
    if (trimmed.empty() || trimmed.front() == '#') {
      pos = line.next;
      continue;
    }
    const bool indented = line.text.front() == ' ' || line.text.front() == '\t';
    if (indented && !list_key.empty() && text::starts_with(trimmed, "- ")) {
      bool ok = true;
      values.find(text::repair_utf8(list_key))->push_back(repaired(scalar(trimmed.substr(2), ok)));
      last_good = pos = line.next;
      continue;
    }
    const std::size_t k = indented ? 0 : key_length(line.text);
    if (k == 0) {
      // Without a closing line, the first line that is not front matter ends it.
      if (!any_key) break;
      if (line.next > run_end) {
        run_closes = false;
        for (run_end = line.next; run_end < source.size();) {
          const Line l = line_at(source, run_end);
          if (is_delimiter(l.text, "---") || is_delimiter(l.text, "...")) {
            run_closes = true;
            break;
          }
          if (text::trim(l.text).empty()) break;
          run_end = l.next;
        }
      }
      if (!run_closes) break;
      add_diagnostic(diagnostics, map, "front-matter/malformed", Severity::warning,
                     "This front-matter line is not 'key: value'; it is ignored. Write it as 'key: value' or remove it.",
                     line.begin, line.end);
      pos = line.next;
      continue;
    }
    any_key = true;
    const std::string key(line.text.substr(0, k));
    const std::string_view raw = text::trim(line.text.substr(k + 1));
    if (is_block_scalar(raw)) {
      list_key.clear();
      std::size_t end = line.next;
      std::string value = block_scalar(source, end, raw);
      set_value(values, map, diagnostics, key, std::move(value), line);
      last_good = pos = end;
      continue;
    }
    if (raw.empty()) {
      list_key = key;
      set_value(values, map, diagnostics, key, nlohmann::ordered_json::array(), line);
    } else {
      list_key.clear();
      bool ok = true;
      auto value = scalar(raw, ok);
      const std::size_t at = line.begin + (raw.data() - line.text.data());
      if (!ok) {
        add_diagnostic(diagnostics, map, "front-matter/malformed", Severity::warning,
                       "The value of '" + key + "' has an unclosed quote or bracket; it is read as plain text.",
                       at, line.end);
      }
      if (const auto hash = tag_like_comment(raw); hash != std::string_view::npos) {
        const std::string_view comment = raw.substr(hash + 1);
        const std::string kept = value.is_string() ? value.get<std::string>() : std::string(text::trim(raw.substr(0, hash)));
        Fix fix{"Quote the value", {{map.range(at, at + raw.size()), double_quoted(raw)}}};
        diagnostics.push_back({"front-matter/comment-in-value", Severity::warning,
                               "YAML reads '" + std::string(comment) + "' after this value as a comment, so '" + key +
                                   "' is '" + kept + "' without it. Put the value in double quotes to keep it all.",
                               map.range(at + hash + 1, at + raw.size()), std::move(fix)});
      }
      set_value(values, map, diagnostics, key, std::move(value), line);
    }
    last_good = pos = line.next;
  }
  if (!closed) {
    if (!any_key) return {begin, nlohmann::ordered_json::object()};
    add_diagnostic(diagnostics, map, "front-matter/unclosed", Severity::error,
                   "The front matter opened here is never closed. Add a line with '---' after its last key.",
                   opening.begin, opening.end);
    pos = last_good;
  }
  // An empty "key:" that never received "- item" lines holds no value.
  for (auto& entry : fm.values.items()) {
    if (entry.value().is_array() && entry.value().empty()) entry.value() = nullptr;
  }
  fm.end = pos;
  return fm;
}

}  // namespace composer::parse
