// The streaming JSON writer and the eight-bytes-at-a-time byte tests under
// it: whatever the bytes and wherever they fall in a word, the same text as
// nlohmann::json writes; and the outline, a projection of the model.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "composer/compose.hpp"
#include "render/json_writer.hpp"
#include "render/render.hpp"
#include "support.hpp"
#include "util/text.hpp"

namespace {

std::string written(std::string_view s, bool pretty) {
  std::string out;
  composer::render::JsonWriter w(out, pretty);
  w.begin_object();
  w.member("s", s);
  w.end_object();
  return out;
}

}  // namespace

TEST_CASE("byte tests find a byte at any place of a word, and only there", "[json]") {
  using composer::text::bytes_below;
  using composer::text::bytes_equal;
  using composer::text::load_word;
  for (int place = 0; place < 8; ++place) {
    for (int byte = 0; byte < 256; ++byte) {
      std::string word(8, 'a');
      word[place] = static_cast<char>(byte);
      const std::uint64_t w = load_word(word.data());
      CHECK((bytes_equal(w, '"') != 0) == (byte == '"'));
      CHECK((bytes_equal(w, 'a') != 0));  // the filler
      CHECK((bytes_equal(w, 'b') != 0) == (byte == 'b'));
      CHECK((bytes_below(w, 0x20) != 0) == (byte < 0x20));
    }
  }
}

TEST_CASE("strings are escaped as nlohmann::json escapes them, wherever the byte falls", "[json]") {
  for (const char special : {'"', '\\', '\n', '\t', '\x01', '\x1f', '\b', '\f', '\r'}) {
    for (std::size_t size = 1; size <= 20; ++size) {
      for (std::size_t at = 0; at < size; ++at) {
        std::string s(size, 'x');
        s[at] = special;
        if (size % 2 == 0) s += "\xE4\xB8\xAD";  // 中: UTF-8 is copied as it is
        const nlohmann::json expected = {{"s", s}};
        CHECK(written(s, false) == expected.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
    }
  }
}

TEST_CASE("ranges in both layouts, at any depth: one line when pretty", "[json]") {
  const composer::Range range{{12, 3, 456}, {7890, 12, 34567}};
  const std::string one_line =
      R"({"start": {"line": 12, "column": 3, "offset": 456}, "end": {"line": 7890, "column": 12, "offset": 34567}})";
  for (const bool pretty : {false, true}) {
    for (int depth = 0; depth < 20; ++depth) {
      std::string out;
      composer::render::JsonWriter w(out, pretty);
      nlohmann::ordered_json expected = {{"start", {{"line", 12}, {"column", 3}, {"offset", 456}}},
                                         {"end", {{"line", 7890}, {"column", 12}, {"offset", 34567}}}};
      nlohmann::ordered_json placeholder = "RANGE";
      for (int i = 0; i < depth; ++i) {
        w.begin_array();
        expected = nlohmann::ordered_json::array({expected});
        placeholder = nlohmann::ordered_json::array({placeholder});
      }
      composer::render::write_range(w, range);
      for (int i = 0; i < depth; ++i) w.end_array();
      if (pretty) {
        // The containers laid out as nlohmann lays them out, the range on one line.
        std::string laid_out = placeholder.dump(2);
        laid_out.replace(laid_out.find("\"RANGE\""), 7, one_line);
        CHECK(out == laid_out);
      } else {
        CHECK(out == expected.dump(-1));
      }
      CHECK(nlohmann::ordered_json::parse(out) == expected);
    }
  }
}

TEST_CASE("outline_json is issue_json with only the outline's keys, on every fixture", "[json]") {
  const auto project = [](const nlohmann::ordered_json& issue) {
    nlohmann::ordered_json outline = {{"title", issue["title"]},
                                      {"number", issue["number"]},
                                      {"newsletter", issue["newsletter"]},
                                      {"toc", nullptr},
                                      {"sections", nlohmann::ordered_json::array()}};
    if (!issue["toc"].is_null()) outline["toc"] = {{"range", issue["toc"]["range"]}};
    for (const auto& section : issue["sections"]) {
      nlohmann::ordered_json items = nlohmann::ordered_json::array();
      for (const auto& item : section["items"]) {
        items.push_back({{"title", item["title"]}, {"url", item["url"]}, {"range", item["range"]}});
      }
      outline["sections"].push_back({{"number", section["number"]},
                                     {"title", section["title"]},
                                     {"level", section["level"]},
                                     {"range", section["range"]},
                                     {"heading_range", section["heading_range"]},
                                     {"items", std::move(items)}});
    }
    return outline;
  };
  const auto cases = test_support::fixture_dirs();
  REQUIRE(cases.size() >= 6);
  std::size_t sections = 0;
  for (const auto& dir : cases) {
    INFO(dir.filename().string());
    const composer::Issue issue = composer::compose(test_support::read_file(dir / "input.md"), {}).issue;
    sections += issue.sections.size();
    const std::string outline = composer::outline_json(issue);
    CHECK(outline == project(nlohmann::ordered_json::parse(composer::issue_json(issue))).dump(-1));
  }
  CHECK(sections > 0);
}
