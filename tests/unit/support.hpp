#pragma once
// Helpers shared by the unit tests: files, ../shared, and a compose shortcut.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "composer/compose.hpp"

namespace test_support {

inline std::filesystem::path source_dir() {
  const char* dir = std::getenv("COMPOSER_SOURCE_DIR");
  return dir ? std::filesystem::path(dir) : std::filesystem::current_path();
}

// The fixture cases: every folder of tests/fixtures with an input.md, sorted.
inline std::vector<std::filesystem::path> fixture_dirs() {
  std::vector<std::filesystem::path> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "tests" / "fixtures")) {
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "input.md")) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ../shared beside the checkout. Absent: a visible skip, except under CI=true,
// where its absence fails the test.
inline std::optional<std::filesystem::path> shared_dir() {
  const auto dir = source_dir().parent_path() / "shared";
  if (std::filesystem::is_directory(dir)) return dir;
  const char* ci = std::getenv("CI");
  if (ci && std::string(ci) == "true") FAIL("../shared is missing, and CI=true requires it");
  WARN("SKIPPED: ../shared is not beside the checkout (" << dir.string() << ")");
  return std::nullopt;
}

inline composer::Result compose(const std::string& source, std::vector<std::string> formats = {}) {
  composer::Options options;
  options.formats = std::move(formats);
  return composer::compose(source, options);
}

// The source text a range covers.
inline std::string slice(const std::string& source, const composer::Range& range) {
  return source.substr(range.start.offset, range.end.offset - range.start.offset);
}

// Diagnostics about reading the input (not the newsletter rules).
inline std::vector<composer::Diagnostic> reading_problems(const composer::Result& result) {
  std::vector<composer::Diagnostic> found;
  for (const auto& d : result.diagnostics) {
    if (d.rule.rfind("input/", 0) == 0 || d.rule.rfind("front-matter/", 0) == 0) found.push_back(d);
  }
  return found;
}

inline bool has_rule(const composer::Result& result, const std::string& rule) {
  for (const auto& d : result.diagnostics) {
    if (d.rule == rule) return true;
  }
  return false;
}

inline const composer::Diagnostic& diagnostic(const composer::Result& result, const std::string& rule) {
  for (const auto& d : result.diagnostics) {
    if (d.rule == rule) return d;
  }
  FAIL("no diagnostic " << rule);
  throw std::logic_error("unreachable");
}

}  // namespace test_support
