#include "render/json_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "util/text.hpp"

namespace composer::render {

void JsonWriter::newline_indent() {
  if (!pretty_) return;
  // One append of a newline and the spaces, from a line kept long enough.
  const std::size_t width = 1 + counts_.size() * 2;
  if (indent_.size() < width) indent_.resize(width + 32, ' ');
  out_.append(indent_.data(), width);
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (counts_.empty()) return;
  if (counts_.back()++ > 0) out_ += ',';
  newline_indent();
}

void JsonWriter::open(char bracket) {
  if (out_.size() > limit_) throw TooLarge{};
  before_value();
  out_ += bracket;
  counts_.push_back(0);
}

void JsonWriter::close(char bracket) {
  const int count = counts_.back();
  counts_.pop_back();
  if (count > 0) newline_indent();
  out_ += bracket;
}

void JsonWriter::key(std::string_view name) {
  // The contract's own keys are plain ASCII: no escaping needed. Short ones
  // (all of them) go out in one append.
  before_value();
  const std::string_view tail = pretty_ ? "\": " : "\":";
  char buffer[64];
  if (name.size() + 1 + tail.size() <= sizeof buffer) {
    buffer[0] = '"';
    std::memcpy(buffer + 1, name.data(), name.size());
    std::memcpy(buffer + 1 + name.size(), tail.data(), tail.size());
    out_.append(buffer, 1 + name.size() + tail.size());
  } else {
    out_ += '"';
    out_ += name;
    out_ += tail;
  }
  after_key_ = true;
}

void JsonWriter::formatted_value(std::string_view json) {
  before_value();
  out_ += json;
}

void JsonWriter::escaped_key(std::string_view name) {
  before_value();
  string(name);
  out_ += pretty_ ? ": " : ":";
  after_key_ = true;
}

void JsonWriter::value(std::string_view s) {
  before_value();
  string(s);
}

void JsonWriter::value(long long n) {
  before_value();
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, n).ptr;
  out_.append(buffer, end);
}

void JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::value(const nlohmann::ordered_json& json) {
  switch (json.type()) {
    case nlohmann::ordered_json::value_t::object:
      begin_object();
      for (auto it = json.begin(); it != json.end(); ++it) {
        escaped_key(it.key());
        value(it.value());
      }
      end_object();
      break;
    case nlohmann::ordered_json::value_t::array:
      begin_array();
      for (const auto& element : json) value(element);
      end_array();
      break;
    case nlohmann::ordered_json::value_t::string:
      value(std::string_view(json.get_ref<const std::string&>()));
      break;
    case nlohmann::ordered_json::value_t::boolean:
      value(json.get<bool>());
      break;
    case nlohmann::ordered_json::value_t::null:
    case nlohmann::ordered_json::value_t::discarded:
      null();
      break;
    default:  // numbers, printed as nlohmann prints them
      before_value();
      out_ += json.dump();
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
  out_ += '"';
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
      out_.append(s.data() + run, i - run);
      out_ += '\\';
      if (escape == 'u') {
        out_ += "u00";
        out_ += hex[c >> 4];
        out_ += hex[c & 0xF];
      } else {
        out_ += escape;
      }
      run = i + 1;
    }
  }
  out_.append(s.data() + run, s.size() - run);
  out_ += '"';
}

}  // namespace composer::render
