#pragma once
// A tag-level reader for the safe HTML that cmark renders for Markdown
// fragments. cmark's output is regular: lower-case tags, double-quoted
// attributes, text with &amp; &lt; &gt; &quot; escaped, and raw HTML already
// replaced by "<!-- raw HTML omitted -->". Renderers use this reader to
// restyle tags, rewrite links or turn the HTML into text or Markdown, without
// a parser of their own and without ever seeing cmark.
#include <cstddef>
#include <string>
#include <string_view>

namespace composer::html {

struct Attribute {
  std::string_view name;
  std::string_view value;  // as written: entities not decoded
};

struct Token {
  enum Kind { text, start_tag, end_tag, comment };
  Kind kind = text;
  std::string_view raw;   // the token's bytes as written
  std::string_view name;  // tags: the element name, as written
  bool self_closing = false;
  static constexpr std::size_t kMaxAttributes = 8;  // cmark writes at most 4
  Attribute attributes[kMaxAttributes];
  std::size_t attribute_count = 0;

  bool is(std::string_view element) const { return name == element; }
  // The attribute's value as written, or nullptr when it has none.
  const std::string_view* attribute(std::string_view attribute_name) const;
};

// Reads `html` token by token: text between tags, tags and comments.
class Reader {
 public:
  explicit Reader(std::string_view html) : html_(html) {}
  bool next(Token& token);

 private:
  std::string_view html_;
  std::size_t pos_ = 0;
};

// Text or an attribute value with its character references decoded: the named
// ones cmark writes (amp, lt, gt, quot, apos, nbsp) and numeric ones.
std::string decode(std::string_view escaped);
void decode(std::string& out, std::string_view escaped);

// Whether `name` is an element that never has content (br, hr, img, input).
bool is_void_element(std::string_view name);

}  // namespace composer::html
