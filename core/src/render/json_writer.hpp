#pragma once
// A streaming JSON writer: the result of a 1 MB issue is written straight into
// one string, without building a tree first. Pretty output is laid out as
// nlohmann::json's dump(2) lays it out; compact output has no white space.
// Strings must be valid UTF-8: the parser repairs everything it reads.
//
// Each call gathers what it writes (separator, indentation, key, value) in a
// small buffer and appends it to `out` in one piece when it returns: `out`
// holds the whole text so far between calls, and a document of thousands of
// keys and short strings costs one append each, not four or five.
#include <cstring>
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
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object() { call([&] { open('{'); }); }
  void end_object() { call([&] { close('}'); }); }
  void begin_array() { call([&] { open('['); }); }
  void end_array() { call([&] { close(']'); }); }
  // A plain ASCII name, written as is.
  void key(std::string_view name) { call([&] { write_key(name); }); }
  // Any other name (front-matter keys).
  void escaped_key(std::string_view name) { call([&] { write_escaped_key(name); }); }

  template <typename T>
  void value(const T& v) {
    call([&] { write_value(v); });
  }
  void null() { call([&] { write_null(); }); }
  // A value already written as JSON text (on one line in either layout).
  void formatted_value(std::string_view json) {
    call([&] {
      before_value();
      put(json);
    });
  }
  bool pretty() const { return pretty_; }

  // `"name": value` in one call.
  template <typename T>
  void member(std::string_view name, const T& v) {
    call([&] {
      write_key(name);
      write_value(v);
    });
  }
  void null_member(std::string_view name) {
    call([&] {
      write_key(name);
      write_null();
    });
  }

 private:
  static constexpr std::size_t kStage = 512;

  // Runs one public call's writing, then appends what it gathered.
  template <typename Write>
  void call(Write&& write) {
    write();
    flush();
  }
  void flush() {
    out_.append(stage_, staged_);
    staged_ = 0;
  }
  void put(char c) {
    if (staged_ == kStage) flush();
    stage_[staged_++] = c;
  }
  void put(std::string_view s) {
    if (s.size() > kStage - staged_) {
      flush();
      if (s.size() > kStage / 2) {
        out_.append(s.data(), s.size());
        return;
      }
    }
    std::memcpy(stage_ + staged_, s.data(), s.size());
    staged_ += s.size();
  }

  void open(char bracket);
  void close(char bracket);
  void before_value();
  void newline_indent();
  void string(std::string_view s);
  void write_key(std::string_view name);
  void write_escaped_key(std::string_view name);
  void write_null();
  void write_value(std::string_view s);
  void write_value(const char* s) { write_value(std::string_view(s)); }
  void write_value(const std::string& s) { write_value(std::string_view(s)); }
  void write_value(long long n);
  void write_value(int n) { write_value(static_cast<long long>(n)); }
  void write_value(std::size_t n) { write_value(static_cast<long long>(n)); }
  void write_value(bool b);
  void write_value(const nlohmann::ordered_json& json);

  std::string& out_;
  bool pretty_;
  std::size_t limit_;
  std::vector<int> counts_;  // members written so far, per open container
  std::string indent_ = "\n";  // a newline and spaces, at least as many as needed
  bool after_key_ = false;
  char stage_[kStage];
  std::size_t staged_ = 0;
};

}  // namespace composer::render
