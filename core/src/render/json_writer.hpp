#pragma once
// A streaming JSON writer: the result of a 1 MB issue is written straight into
// one string, without building a tree first. Pretty output is laid out as
// nlohmann::json's dump(2) lays it out; compact output has no white space.
// Strings must be valid UTF-8: the parser repairs everything it reads.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace composer::render {

class JsonWriter {
 public:
  // With a `limit`, opening an object or an array once `out` holds more
  // than that throws TooLarge: a bounded output stops early instead of being
  // written whole and thrown away.
  struct TooLarge {};
  JsonWriter(std::string& out, bool pretty, std::size_t limit = std::string::npos)
      : out_(out), pretty_(pretty), limit_(limit) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view name);  // a plain ASCII name, written as is
  void escaped_key(std::string_view name);  // any other name (front-matter keys)

  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(long long n);
  void value(int n) { value(static_cast<long long>(n)); }
  void value(std::size_t n) { value(static_cast<long long>(n)); }
  void value(bool b);
  void null();
  void value(const nlohmann::ordered_json& json);
  // A value already written as JSON text (on one line in either layout).
  void formatted_value(std::string_view json);
  bool pretty() const { return pretty_; }

  // `"name": value` in one call.
  template <typename T>
  void member(std::string_view name, const T& v) {
    key(name);
    value(v);
  }
  void null_member(std::string_view name) {
    key(name);
    null();
  }

 private:
  void open(char bracket);
  void close(char bracket);
  void before_value();
  void newline_indent();
  void string(std::string_view s);

  std::string& out_;
  bool pretty_;
  std::size_t limit_;
  std::vector<int> counts_;  // members written so far, per open container
  std::string indent_ = "\n";  // a newline and spaces, at least as many as needed
  bool after_key_ = false;
};

}  // namespace composer::render
