#include "rules/registry.hpp"

namespace composer::rules {

const std::vector<RuleInfo>& registry() {
  static const std::vector<RuleInfo> rules{
      {"input/too-large", Severity::error, "The source is larger than the size limit; only its beginning is read.", false},
      {"input/invalid-utf8", Severity::error, "The source contains bytes that are not valid UTF-8.", false},
      {"input/nul-byte", Severity::error, "The source contains NUL bytes.", false},
      {"input/binary", Severity::error, "The source looks like a binary file rather than Markdown text.", false},
      {"front-matter/unclosed", Severity::error, "The front matter block is opened with '---' but never closed.", false},
      {"front-matter/malformed", Severity::warning, "A front-matter line is not a 'key: value' pair.", false},
      {"front-matter/duplicate-key", Severity::warning, "A front-matter key is set more than once.", false},
      {"front-matter/invalid-number", Severity::error, "The issue number in the front matter is not a whole number.", false},
      {"options/invalid", Severity::warning, "An option passed to compose is unknown or has a wrong value.", false},
      {"internal/error", Severity::error, "The composer failed on this input; the message says where.", false},
  };
  return rules;
}

}  // namespace composer::rules
