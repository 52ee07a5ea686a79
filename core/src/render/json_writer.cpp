#include "render/json_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

#include "util/text.hpp"

namespace composer::render {

void JsonWriter::newline_indent() {
  if (!pretty_) return;
  // A newline and the spaces, from a line kept long enough.
  const std::size_t width = 1 + counts_.size() * 2;
  if (indent_.size() < width) indent_.resize(width + 32, ' ');
  put(std::string_view(indent_.data(), width));
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (counts_.empty()) return;
  if (counts_.back()++ > 0) put(',');
  newline_indent();
}

void JsonWriter::open(char bracket) {
  if (out_.size() + staged_ > limit_) throw TooLarge{};
  before_value();
  put(bracket);
  counts_.push_back(0);
}

void JsonWriter::close(char bracket) {
  const int count = counts_.back();
  counts_.pop_back();
  if (count > 0) newline_indent();
  put(bracket);
}

void JsonWriter::write_key(std::string_view name) {
  // The contract's own keys are plain ASCII: no escaping needed.
  before_value();
  put('"');
  put(name);
  put(pretty_ ? std::string_view("\": ") : std::string_view("\":"));
  after_key_ = true;
}

void JsonWriter::write_escaped_key(std::string_view name) {
  before_value();
  string(name);
  put(pretty_ ? std::string_view(": ") : std::string_view(":"));
  after_key_ = true;
}

void JsonWriter::write_value(std::string_view s) {
  before_value();
  string(s);
}

void JsonWriter::write_value(long long n) {
  before_value();
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, n).ptr;
  put(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

void JsonWriter::write_value(bool b) {
  before_value();
  put(b ? std::string_view("true") : std::string_view("false"));
}

void JsonWriter::write_null() {
  before_value();
  put(std::string_view("null"));
}

void JsonWriter::write_value(const nlohmann::ordered_json& json) {
  switch (json.type()) {
    case nlohmann::ordered_json::value_t::object:
      open('{');
      for (auto it = json.begin(); it != json.end(); ++it) {
        write_escaped_key(it.key());
        write_value(it.value());
      }
      close('}');
      break;
    case nlohmann::ordered_json::value_t::array:
      open('[');
      for (const auto& element : json) write_value(element);
      close(']');
      break;
    case nlohmann::ordered_json::value_t::string:
      write_value(std::string_view(json.get_ref<const std::string&>()));
      break;
    case nlohmann::ordered_json::value_t::boolean:
      write_value(json.get<bool>());
      break;
    case nlohmann::ordered_json::value_t::null:
    case nlohmann::ordered_json::value_t::discarded:
      write_null();
      break;
    default:  // numbers, printed as nlohmann prints them
      before_value();
      put(json.dump());
  }
}

namespace {

// What a byte becomes inside a JSON string: 0 stays as it is, 'u' is written
// as \u00XX, anything else is the letter after a backslash.
constexpr std::array<char, 256> escapes() {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 'u';
  table['"'] = '"';
  table['\\'] = '\\';
  table['\b'] = 'b';
  table['\f'] = 'f';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  return table;
}
constexpr std::array<char, 256> kEscapes = escapes();

// Whether any of the eight bytes in `word` is a control character, '"' or
// '\\'. Most strings have none, and are then scanned eight bytes a step.
bool needs_escape(std::uint64_t word) {
  return (text::bytes_below(word, 0x20) | text::bytes_equal(word, '"') | text::bytes_equal(word, '\\')) != 0;
}

}  // namespace

// Strings of the model are valid UTF-8 (the parser repairs its input), so
// bytes from 0x80 up are copied as they are.
void JsonWriter::string(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  put('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      if (!needs_escape(text::load_word(s.data() + i))) {
        i += 8;
        continue;
      }
    }
    // These (at most) eight bytes hold something to escape: byte by byte.
    for (const std::size_t end = std::min(i + 8, s.size()); i < end; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      const char escape = kEscapes[c];
      if (escape == 0) continue;
      put(s.substr(run, i - run));
      put('\\');
      if (escape == 'u') {
        put(std::string_view("u00"));
        put(hex[c >> 4]);
        put(hex[c & 0xF]);
      } else {
        put(escape);
      }
      run = i + 1;
    }
  }
  put(s.substr(run));
  put('"');
}

}  // namespace composer::render
