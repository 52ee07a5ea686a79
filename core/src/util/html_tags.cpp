#include "util/html_tags.hpp"

#include "util/text.hpp"

namespace composer::html {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':' ||
         c == '_';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Reads the attributes of a tag from `pos` up to its '>'; returns the
// position just after the '>' (or the end of the input).
std::size_t read_attributes(std::string_view html, std::size_t pos, Token& token) {
  while (pos < html.size()) {
    while (pos < html.size() && is_space(html[pos])) ++pos;
    if (pos >= html.size()) break;
    if (html[pos] == '>') return pos + 1;
    if (html[pos] == '/') {
      token.self_closing = true;
      ++pos;
      continue;
    }
    const std::size_t name_start = pos;
    while (pos < html.size() && !is_space(html[pos]) && html[pos] != '=' && html[pos] != '>' && html[pos] != '/') {
      ++pos;
    }
    Attribute attribute{html.substr(name_start, pos - name_start), {}};
    if (pos < html.size() && html[pos] == '=') {
      ++pos;
      if (pos < html.size() && (html[pos] == '"' || html[pos] == '\'')) {
        const char quote = html[pos++];
        const std::size_t value_end = std::min(html.find(quote, pos), html.size());
        attribute.value = html.substr(pos, value_end - pos);
        pos = value_end + 1;
      } else {
        const std::size_t value_start = pos;
        while (pos < html.size() && !is_space(html[pos]) && html[pos] != '>') ++pos;
        attribute.value = html.substr(value_start, pos - value_start);
      }
    }
    if (attribute.name.empty()) {
      ++pos;  // a stray character: skip it rather than loop
      continue;
    }
    if (token.attribute_count < Token::kMaxAttributes) token.attributes[token.attribute_count++] = attribute;
  }
  return html.size();
}

}  // namespace

const std::string_view* Token::attribute(std::string_view attribute_name) const {
  for (std::size_t i = 0; i < attribute_count; ++i) {
    if (attributes[i].name == attribute_name) return &attributes[i].value;
  }
  return nullptr;
}

bool Reader::next(Token& token) {
  if (pos_ >= html_.size()) return false;
  token = Token{};
  const std::size_t start = pos_;
  const auto tag_at = [&](std::size_t at) {
    if (html_[at] != '<' || at + 1 >= html_.size()) return false;
    const char c = html_[at + 1];
    return c == '/' || c == '!' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (!tag_at(pos_)) {
    std::size_t end = pos_ + 1;
    while (end < html_.size() && !tag_at(end)) end = std::min(html_.find('<', end + 1), html_.size());
    token.kind = Token::text;
    token.raw = html_.substr(start, end - start);
    pos_ = end;
    return true;
  }
  if (html_.compare(pos_, 4, "<!--") == 0) {
    const auto end = html_.find("-->", pos_ + 4);
    pos_ = end == std::string_view::npos ? html_.size() : end + 3;
    token.kind = Token::comment;
    token.raw = html_.substr(start, pos_ - start);
    return true;
  }
  std::size_t pos = pos_ + 1;
  token.kind = Token::start_tag;
  if (html_[pos] == '/') {
    token.kind = Token::end_tag;
    ++pos;
  } else if (html_[pos] == '!') {
    // A declaration such as <!DOCTYPE>: cmark never writes one inside a
    // fragment, but it must not be read as text.
    token.kind = Token::comment;
  }
  const std::size_t name_start = pos;
  while (pos < html_.size() && is_name_char(html_[pos])) ++pos;
  token.name = html_.substr(name_start, pos - name_start);
  pos_ = read_attributes(html_, pos, token);
  token.raw = html_.substr(start, pos_ - start);
  return true;
}

void decode(std::string& out, std::string_view escaped) {
  std::size_t pos = 0;
  while (pos < escaped.size()) {
    const auto amp = escaped.find('&', pos);
    if (amp == std::string_view::npos) break;
    out.append(escaped.data() + pos, amp - pos);
    const auto semicolon = escaped.find(';', amp);
    const std::string_view entity =
        semicolon == std::string_view::npos || semicolon - amp > 10 ? std::string_view{} : escaped.substr(amp + 1, semicolon - amp - 1);
    char32_t cp = 0;
    if (entity == "amp") cp = '&';
    else if (entity == "lt") cp = '<';
    else if (entity == "gt") cp = '>';
    else if (entity == "quot") cp = '"';
    else if (entity == "apos") cp = '\'';
    else if (entity == "nbsp") cp = 0xA0;
    else if (entity.size() >= 2 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      char32_t value = 0;
      bool digits = entity.size() > (hex ? 2u : 1u);
      for (std::size_t i = hex ? 2 : 1; i < entity.size() && digits; ++i) {
        const char c = entity[i];
        int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                                              : -1;
        if (d < 0 || value > 0x10FFFF) digits = false;
        else value = value * (hex ? 16 : 10) + static_cast<char32_t>(d);
      }
      if (digits) cp = value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) ? 0xFFFD : value;
    }
    if (cp == 0) {
      out += '&';
      pos = amp + 1;
    } else {
      text::append_utf8(out, cp);
      pos = semicolon + 1;
    }
  }
  out.append(escaped.data() + pos, escaped.size() - pos);
}

std::string decode(std::string_view escaped) {
  std::string out;
  out.reserve(escaped.size());
  decode(out, escaped);
  return out;
}

bool is_void_element(std::string_view name) {
  return name == "br" || name == "hr" || name == "img" || name == "input";
}

}  // namespace composer::html
