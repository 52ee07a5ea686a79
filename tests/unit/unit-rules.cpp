// Rules as data: tests/rules/<rule>/ ("/" written "--") holds fail.md, which
// must raise the rule at the ranges listed in expected.txt, and pass.md, which
// must not raise it. A fixable rule's folder also holds fixed.md: fail.md with
// the rule's fixes applied. REGEN_RULE_FIXTURES=1 rewrites expected.txt and
// fixed.md (scripts/regen-fixtures does it) for review in the diff.
#include <algorithm>
#include <set>

#include "rules/registry.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kRules = test_support::source_dir() / "tests" / "rules";

std::vector<composer::Diagnostic> of_rule(const composer::Result& result, std::string_view rule) {
  std::vector<composer::Diagnostic> found;
  for (const auto& d : result.diagnostics) {
    if (d.rule == rule) found.push_back(d);
  }
  return found;
}

std::string ranges_text(const std::vector<composer::Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    out += std::to_string(d.range.start.line) + ":" + std::to_string(d.range.start.column) + "-" +
           std::to_string(d.range.end.line) + ":" + std::to_string(d.range.end.column) + "\n";
  }
  return out;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Rules whose cases are tested elsewhere, since a folder cannot hold them.
const std::set<std::string> kTestedElsewhere{
    "input/too-large",   // needs more than 4 MB: unit-input.cpp
    "email/too-large",   // needs a 100 KB email: below
    "options/invalid",   // comes from options, not a source: unit-input.cpp
    "internal/error",    // raised only when the core itself fails
};

}  // namespace

TEST_CASE("rules: a clean, well-formed issue raises nothing", "[rules]") {
  const auto result = test_support::compose(test_support::read_file(kRules / "clean.md"), {"email"});
  for (const auto& d : result.diagnostics) FAIL_CHECK(d.rule << " at " << d.range.start.line << ": " << d.message);
}

TEST_CASE("rules: every rule fails on its failing fixture and passes its passing one", "[rules]") {
  const bool regenerate = std::getenv("REGEN_RULE_FIXTURES") != nullptr;
  for (const auto& rule : composer::rules::registry()) {
    const std::string id(rule.id);
    std::string folder = id;
    folder.replace(folder.find('/'), 1, "--");
    const fs::path dir = kRules / folder;
    if (kTestedElsewhere.count(id)) continue;
    INFO(id);
    REQUIRE(fs::is_directory(dir));
    const std::string fail = test_support::read_file(dir / "fail.md");
    const auto failing = of_rule(test_support::compose(fail, {"email"}), id);
    CHECK(!failing.empty());
    CHECK(of_rule(test_support::compose(test_support::read_file(dir / "pass.md"), {"email"}), id).empty());
    if (regenerate) write_file(dir / "expected.txt", ranges_text(failing));
    CHECK(ranges_text(failing) == test_support::read_file(dir / "expected.txt"));
    for (const auto& d : failing) {
      CHECK(d.fix.has_value() == rule.fixable);
      CHECK(d.severity == rule.severity);
      CHECK(!d.message.empty());
    }
    if (!rule.fixable) continue;
    const std::string fixed = composer::apply_fixes(fail, failing);
    if (regenerate) write_file(dir / "fixed.md", fixed);
    CHECK(fixed == test_support::read_file(dir / "fixed.md"));
    // The fix removes the problem, and a second round changes nothing.
    const auto after = test_support::compose(fixed, {"email"});
    CHECK(of_rule(after, id).empty());
    CHECK(composer::apply_fixes(fixed, of_rule(after, id)) == fixed);
    // Text outside each edit is kept byte for byte.
    for (const auto& d : failing) {
      for (const auto& e : d.fix->edits) {
        const std::string once = composer::apply_fixes(fail, {composer::Diagnostic{id, d.severity, "", d.range, composer::Fix{"", {e}}}});
        CHECK(once.substr(0, e.range.start.offset) == fail.substr(0, e.range.start.offset));
        CHECK(once.substr(once.size() - (fail.size() - e.range.end.offset)) == fail.substr(e.range.end.offset));
      }
    }
  }
}

TEST_CASE("rules: an email over Gmail's clipping limit is reported", "[rules]") {
  std::string source = test_support::read_file(kRules / "clean.md");
  for (int i = 0; i < 400; ++i) {
    source += "\n### [Item " + std::to_string(i) + "](https://example.org/items/" + std::to_string(i) + ")\n" +
              "A summary long enough to fill the email a little more with every single item that is added.\n";
  }
  const auto result = test_support::compose(source, {"email"});
  REQUIRE(result.outputs.at("email").size() > 102 * 1024);
  CHECK(!of_rule(result, "email/too-large").empty());
  CHECK(of_rule(test_support::compose(source, {}), "email/too-large").empty());  // only measured when rendered
}

TEST_CASE("rules: with check off no rule runs, and the issue is the same", "[rules][options]") {
  const std::string source = test_support::read_file(kRules / "link--empty-text" / "fail.md") + "\n\xFF\n";
  composer::Options unchecked;
  unchecked.check = false;
  const auto checked = composer::compose(source, {});
  const auto plain = composer::compose(source, unchecked);
  REQUIRE(!of_rule(checked, "link/empty-text").empty());
  CHECK(of_rule(plain, "link/empty-text").empty());
  REQUIRE(plain.diagnostics.size() == 1);  // reading the input still reports its problems
  CHECK(plain.diagnostics[0].rule == "input/invalid-utf8");
  CHECK(composer::issue_json(plain.issue) == composer::issue_json(checked.issue));
}

TEST_CASE("rules: fix() reaches a fixed point", "[rules][fix]") {
  const std::string source = test_support::read_file(kRules / "markup--runaway-emphasis" / "fail.md") +
                             "\n— — — —\n\n### [Third](https://example.com/3?utm_source=x)\nThird summary.\n";
  const composer::FixResult fixed = composer::fix(source, {});
  CHECK(fixed.applied >= 3);
  const composer::FixResult again = composer::fix(fixed.text, {});
  CHECK(again.applied == 0);
  CHECK(again.text == fixed.text);
  for (const auto& d : test_support::compose(fixed.text, {}).diagnostics) CHECK_FALSE(d.fix.has_value());
}

// cmark ends an HTML block closed by its end condition on the line before the
// closing one: a one-line comment ended before it began, and was reported
// over nothing, where comments are not to be reported at all.
TEST_CASE("rules: raw HTML is reported over every line of its block, comments not at all", "[rules]") {
  // Each source goes below a title line and a blank line: it starts on line 3.
  const std::vector<std::pair<std::string, std::string>> cases{
      {"<pre>\nx\n</pre>\n\npara\n", "3:1-5:7\n"},
      {"<pre>\nx\n</pre>", "3:1-5:7\n"},  // no line ending at the end
      {"<pre>\r\nx\r\n</pre>\r\n\r\npara\r\n", "3:1-5:7\n"},
      {"<pre>\rx\r</pre>\r\rpara\r", "3:1-5:7\n"},
      {"> <pre>\n> x\n> </pre>\n", "3:3-5:9\n"},
      {"- <?php echo 1; ?>\n- b\n", "3:3-3:19\n"},
      {"<div>\n\n<!-- a -->\n<!--\nb\n-->\n</div>\n", "3:1-3:6\n9:1-9:7\n"},
  };
  for (const auto& [source, ranges] : cases) {
    INFO(source);
    CHECK(ranges_text(of_rule(composer::compose("# T\n\n" + source, {}), "markup/raw-html")) == ranges);
  }
}
