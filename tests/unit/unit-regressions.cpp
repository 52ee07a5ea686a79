// Bugs found by reviewing the core with inputs its authors had not tried: one
// test case per bug, which failed before its fix.
#include <chrono>

#include "support.hpp"

using test_support::compose;

TEST_CASE("images nested in images are read in linear time", "[regression][pathological]") {
  // "![a![a![a…]()]()]()": each image's text used to be read by walking
  // every image inside it, 20,000 levels took seconds, 50,000 minutes.
  constexpr int depth = 20000;
  std::string source = "# T #1\n\n";
  for (int i = 0; i < depth; ++i) source += "![a";
  for (int i = 0; i < depth; ++i) source += "]()";
  source += "\n";
  const auto start = std::chrono::steady_clock::now();
  const auto r = compose(source, {"html", "markdown", "text"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 3.0);
  CHECK(r.outputs.count("html") == 1);
}
