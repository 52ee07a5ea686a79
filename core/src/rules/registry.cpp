#include "rules/registry.hpp"

#include <unordered_map>

namespace composer::rules {

const std::vector<RuleInfo>& registry() {
  using S = Severity;
  static const std::vector<RuleInfo> rules{
      // Reading the input (raised by the parser).
      {"input/too-large", S::error, "The source is larger than the size limit; only its beginning is read.", false},
      {"input/invalid-utf8", S::error, "The source contains bytes that are not valid UTF-8.", false},
      {"input/nul-byte", S::error, "The source contains NUL bytes.", false},
      {"input/binary", S::error, "The source looks like a binary file rather than Markdown text.", false},
      {"input/table-too-large", S::warning, "A table has too many cells, mostly empty, to lay out; it is shown as plain text.", false},
      {"front-matter/unclosed", S::error, "The front matter block is opened with '---' but never closed.", false},
      {"front-matter/malformed", S::warning, "A front-matter line is not a 'key: value' pair.", false},
      {"front-matter/duplicate-key", S::warning, "A front-matter key is set more than once.", false},
      {"front-matter/invalid-number", S::error, "The issue number in the front matter is not a whole number.", false},
      {"front-matter/comment-in-value", S::warning, "A front-matter value has ' #…' after it, which YAML reads as a comment and leaves out.", true},
      {"options/invalid", S::warning, "An option or rule setting is unknown or has a wrong value.", false},
      {"output/too-large", S::error, "An output is too large to preview (html over 2 MB, or any output over 50 times the source); it is left out.", false},
      {"internal/error", S::error, "The composer failed on this input; the message says where.", false},
      // Structure.
      {"structure/no-title", S::error, "The issue has no title.", false},
      {"structure/no-number", S::warning, "The issue has no number.", false},
      {"structure/section-numbering", S::warning, "Section numbers skip, repeat or go backwards.", false},
      {"structure/toc-mismatch", S::warning, "The table of contents no longer matches the sections.", true},
      {"structure/empty-section", S::warning, "A section has no content.", false},
      {"structure/item-no-link", S::warning, "An item has no link.", false},
      {"structure/item-no-summary", S::info, "An item has no summary.", false},
      {"structure/summary-too-long", S::info, "A summary is longer than the configured number of words.", false},
      {"structure/highlight-unlinked", S::warning, "A highlight links to nothing in the issue.", false},
      // Links.
      {"link/empty-text", S::warning, "A link has no text: '[](url)'.", true},
      {"link/duplicate", S::warning, "Two items link to the same page.", false},
      {"link/insecure", S::warning, "A link uses http: where https: exists.", true},
      {"link/relative", S::warning, "A relative link breaks in email.", false},
      {"link/malformed", S::error, "A link's URL is malformed.", false},
      {"link/unsafe-scheme", S::error, "A link uses a javascript:, vbscript: or data: URL.", false},
      {"link/tracking", S::warning, "A link carries tracking parameters typed into the source.", true},
      {"link/vague-text", S::info, "A link's text is 'click here' or a bare URL.", false},
      // Papers.
      {"paper/id-mismatch", S::error, "An [id] line names another paper than the item's arXiv link.", false},
      {"paper/pdf-link", S::warning, "An arXiv link points at a PDF or a version instead of the abstract page.", true},
      {"paper/malformed-id", S::warning, "An [id] line holds a malformed arXiv id.", false},
      // Images.
      {"image/no-alt", S::warning, "An image has no alt text.", false},
      {"image/relative", S::warning, "An image path is relative and will not load in email.", false},
      {"image/outside-item", S::info, "An image stands outside any item.", false},
      // Markup.
      {"markup/runaway-emphasis", S::warning, "Runaway emphasis markers show as literal asterisks.", true},
      {"markup/raw-html", S::warning, "Raw HTML is left out of every output.", false},
      {"markup/hand-separator", S::info, "A separator line is typed by hand instead of '---'.", true},
      {"markup/heading-jump", S::info, "A heading level jumps by more than one.", false},
      // Email.
      {"email/too-large", S::warning, "The rendered email is larger than Gmail's clipping limit (~102 KB).", false},
      {"email/no-preheader", S::info, "The front matter has no preheader for the email.", false},
      {"email/long-subject", S::info, "The title is longer than a subject line should be.", false},
      // Text.
      {"text/placeholder", S::warning, "A placeholder (TK, TODO, XXX, lorem ipsum) is left in.", false},
  };
  return rules;
}

const RuleInfo* find_rule(std::string_view id) {
  // Every diagnostic looks up its rule: an index of the fixed table, made once.
  static const std::unordered_map<std::string_view, const RuleInfo*> index = [] {
    std::unordered_map<std::string_view, const RuleInfo*> ids;
    for (const RuleInfo& rule : registry()) ids.emplace(rule.id, &rule);
    return ids;
  }();
  const auto it = index.find(id);
  return it == index.end() ? nullptr : it->second;
}

}  // namespace composer::rules
