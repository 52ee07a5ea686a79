// Terminal columns and word wrap: East Asian wide characters count two,
// lines break at spaces and between wide characters, punctuation stays put.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "util/wrap.hpp"

using composer::text::column_width;

namespace {

std::string wrapped(std::string_view text, std::size_t width, std::string_view first = "", std::string_view rest = "") {
  std::string out;
  composer::text::wrap(out, text, width, first, rest);
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("column widths", "[wrap]") {
  CHECK(column_width("abc") == 3);
  CHECK(column_width("中文") == 4);
  CHECK(column_width("ｶﾀｶﾅ") == 4);          // half-width katakana: narrow
  CHECK(column_width("ＡＢ") == 4);            // full-width Latin: wide
  CHECK(column_width("한국어") == 6);
  CHECK(column_width("e\xCC\x81") == 1);       // e + combining acute
  CHECK(column_width("🎉") == 2);
  CHECK(column_width("a\xE2\x80\x8B" "b") == 2);  // zero-width space
  CHECK(column_width("é—·") == 3);
}

TEST_CASE("wrapping English at a width", "[wrap]") {
  const std::string text = "The quick brown fox jumps over the lazy dog and keeps running far away.";
  const auto lines = lines_of(wrapped(text, 20));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "The quick brown fox");
  CHECK(lines[1] == "jumps over the lazy");
  for (const auto& line : lines) CHECK(column_width(line) <= 20);
  // White space and line breaks of the source collapse to one space.
  CHECK(wrapped("a  b\nc\t d", 72) == "a b c d\n");
}

TEST_CASE("prefixes count towards the width", "[wrap]") {
  const auto lines = lines_of(wrapped("one two three four five six", 12, "* ", "  "));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "* one two");
  CHECK(lines[1] == "  three four");
  CHECK(lines[2] == "  five six");
}

TEST_CASE("a word longer than the width keeps a line of its own", "[wrap]") {
  const std::string address = "https://example.org/a/very/long/address/that/cannot/be/broken";
  const auto lines = lines_of(wrapped("see " + address + " now", 20));
  REQUIRE(lines.size() == 3);
  CHECK(lines[1] == address);
}

TEST_CASE("a reference number stays with the word before it", "[wrap]") {
  // Breaking before "[1]" would start a line that reads as a reference.
  CHECK(wrapped("a linked title [1] javascript:x", 18) == "a linked title [1]\njavascript:x\n");
  CHECK(wrapped("a linked title [1] javascript:x", 17) == "a linked\ntitle [1]\njavascript:x\n");
  CHECK(wrapped("one two [12]. three", 10) == "one\ntwo [12].\nthree\n");
  CHECK(wrapped("x one [1] [2] three", 10) == "x\none [1] [2]\nthree\n");  // longer than a line: its own
  const std::string word(30, 'w');
  CHECK(wrapped("see " + word + " [3]", 20) == "see\n" + word + " [3]\n");
  // Brackets that hold more than a number break like any word.
  CHECK(wrapped("one two [x1] three", 10) == "one two\n[x1] three\n");
}

TEST_CASE("CJK text breaks between characters, never before closing punctuation", "[wrap][cjk]") {
  const std::string text = "一二三四五六七八九十。一二三四五六七八九十";
  const auto lines = lines_of(wrapped(text, 20));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "一二三四五六七八九");
  CHECK(lines[1] == "十。一二三四五六七八");  // "。" stays with the character before it
  for (const auto& line : lines) CHECK(column_width(line) <= 20);
  // An opening bracket stays with what follows it.
  const auto quoted = lines_of(wrapped("一二三四五六七八九「十」", 20));
  CHECK(quoted[0] == "一二三四五六七八九");
  CHECK(quoted[1] == "「十」");
}

TEST_CASE("a line break of the source between CJK characters is no space", "[wrap][cjk]") {
  CHECK(wrapped("中文的\n句子", 72) == "中文的句子\n");
  CHECK(wrapped("中文 and\nEnglish", 72) == "中文 and English\n");
  CHECK(wrapped("GPU 训练，速度很快", 72) == "GPU 训练，速度很快\n");
}
