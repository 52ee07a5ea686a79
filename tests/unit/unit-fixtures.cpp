// Tests as data: every folder under tests/fixtures holds input.md and the
// expected outputs (expected.json, expected.html). scripts/regen-fixtures
// rewrites them for review in the diff; the WASM tests read the same folders.
#include <algorithm>

#include "support.hpp"

TEST_CASE("fixtures: native outputs match the goldens", "[fixtures]") {
  const auto root = test_support::source_dir() / "tests" / "fixtures";
  std::vector<std::filesystem::path> cases;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "input.md")) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 4);
  for (const auto& dir : cases) {
    SECTION(dir.filename().string()) {
      const std::string source = test_support::read_file(dir / "input.md");
      const auto result = test_support::compose(source, {"html"});
      const std::string json = composer::result_json(result, false);
      CHECK(json == test_support::read_file(dir / "expected.json"));
      CHECK(result.outputs.at("html") == test_support::read_file(dir / "expected.html"));
    }
  }
}
