// Tests as data: every folder under tests/fixtures holds input.md and one
// golden per output (kGoldens). scripts/regen-fixtures rewrites them for
// review in the diff; tests/wasm/fixtures.test.mjs reads the same folders.
#include <algorithm>

#include "support.hpp"

namespace {

struct Golden {
  const char* format;
  const char* file;
  bool standalone;
};

// Keep in step with scripts/regen-fixtures and tests/wasm/fixtures.test.mjs.
constexpr Golden kGoldens[] = {
    {"html", "expected.html", false},         {"email", "expected.email.html", false},
    {"text", "expected.txt", false},          {"markdown", "expected.md", false},
    {"html", "expected.standalone.html", true},
};

}  // namespace

TEST_CASE("fixtures: native outputs match the goldens", "[fixtures]") {
  const auto cases = test_support::fixture_dirs();
  REQUIRE(cases.size() >= 6);
  for (const auto& dir : cases) {
    SECTION(dir.filename().string()) {
      const std::string source = test_support::read_file(dir / "input.md");
      for (const bool standalone : {false, true}) {
        composer::Options options;
        options.formats = composer::output_formats();
        options.standalone = standalone;
        const auto result = composer::compose(source, options);
        if (!standalone) CHECK(composer::result_json(result, false) == test_support::read_file(dir / "expected.json"));
        for (const Golden& golden : kGoldens) {
          if (golden.standalone != standalone) continue;
          INFO(golden.file);
          CHECK(result.outputs.at(golden.format) == test_support::read_file(dir / golden.file));
        }
      }
    }
  }
}

TEST_CASE("fixtures: a golden for every output format", "[fixtures]") {
  for (const std::string& format : composer::output_formats()) {
    if (format == "json") continue;
    CHECK(std::any_of(std::begin(kGoldens), std::end(kGoldens), [&](const Golden& g) { return g.format == format; }));
  }
}
