#pragma once
// Properties every output must have, shared by the unit tests and the fuzzer
// (tests/fuzz): no Catch2 here, only checks that return what they found.
#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "composer/compose.hpp"
#include "util/html_tags.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace test_properties {

using namespace composer;

inline std::string words(const std::string& s) {
  std::istringstream in(s);
  std::string out, word;
  while (in >> word) out += (out.empty() ? "" : " ") + word;
  return out;
}

// What the canonical form must keep of an issue. Fragments compare by their
// words: their line breaks are Markdown's to choose. A card's teaser becomes
// the first paragraph of its summary, as Markdown has no cards; an unsafe
// address is dropped; an untitled item (`### [](url)`) is written titled
// with its address, the canonical one as every link is written. The notes of the items before
// any section heading count with the opening: Markdown writes a section's
// notes before its items (an item takes the paragraphs after it), and there
// they read back as the opening.
inline std::string outline(const Issue& issue) {
  std::ostringstream out;
  out << "title=" << issue.title << "|number=" << (issue.number ? *issue.number : -1) << "|date=" << issue.date
      << "|newsletter=" << issue.newsletter << "|meta=" << issue.meta.dump() << "\n";
  for (const auto& h : issue.highlights) out << "highlight=" << words(h.content.text) << "\n";
  for (const auto& f : issue.intro) {
    if (!words(f.text).empty()) out << "intro=" << words(f.text) << "\n";
  }
  for (const auto& s : issue.sections) {
    if (s.level != 0) continue;
    for (const auto& note : s.notes) {
      if (!words(note.text).empty()) out << "intro=" << words(note.text) << "\n";
    }
  }
  for (const auto& s : issue.sections) {
    // (A linked heading's link, unless a script one or on an empty title,
    // which no output writes.)
    const bool linked = !s.title.empty() && !s.url.empty() && !url::is_dangerous(s.url);
    const std::string section_url = linked ? url::canonical(s.url) : "";
    out << "section=" << (s.number ? *s.number : -1) << " " << s.title << "|" << (linked && section_url.empty() ? s.url : section_url) << "\n";
    for (const auto& item : s.items) {
      const std::string summary = words(item.card_teaser + " " + item.summary.text);
      // An untitled item is titled with its address, as a title reads
      // (a script one is written as a heading of that text).
      const std::string untitled = item.canonical_url.empty() ? item.url : item.canonical_url;
      const std::string title = !item.title.empty() ? item.title : text::title_text(untitled);
      // (A script address is not written, nor is the source beside it.)
      const bool script = url::is_dangerous(item.url);
      out << "  item=" << title << "|" << (script ? "" : item.canonical_url) << "|" << (script ? "" : item.source) << "|"
          << item.paper_id << "|"
          << (item.image && !url::is_dangerous(item.image->src) ? item.image->src + " " + item.image->alt : "") << "|"
          << summary << "\n";
    }
    if (s.level == 0) continue;
    for (const auto& note : s.notes) {
      if (!words(note.text).empty()) out << "  note=" << words(note.text) << "\n";
    }
  }
  return out.str();
}

// The scheme of an address as a browser reads it: entities decoded, controls
// and white space ignored, lower case.
inline std::string browser_scheme(std::string_view value) {
  std::string cleaned;
  for (const char c : html::decode(value)) {
    if (static_cast<unsigned char>(c) > 0x20) cleaned += c;
  }
  return url::scheme(cleaned);
}

// The corpus's oracle, on an HTML document: no active element, no on*
// attribute, no address with a script or data scheme (images may be data:
// pictures).
inline std::vector<std::string> html_problems(const std::string& document) {
  std::vector<std::string> problems;
  html::Reader reader(document);
  html::Token token;
  while (reader.next(token)) {
    if (token.kind != html::Token::start_tag) continue;
    const std::string name = text::to_lower_ascii(token.name);
    for (const char* banned : {"script", "iframe", "object", "embed", "base", "form", "frame", "svg", "math"}) {
      if (name == banned) problems.push_back("element <" + name + ">");
    }
    if (name == "link" && !(token.attribute("rel") && *token.attribute("rel") == "canonical")) {
      problems.push_back("element <link>");
    }
    for (std::size_t i = 0; i < token.attribute_count; ++i) {
      const std::string attribute = text::to_lower_ascii(token.attributes[i].name);
      if (text::starts_with(attribute, "on")) problems.push_back("attribute " + attribute);
      if (attribute == "href" || attribute == "src" || attribute == "action" || attribute == "formaction" ||
          attribute == "xlink:href" || attribute == "background" || attribute == "poster") {
        const std::string scheme = browser_scheme(token.attributes[i].value);
        const bool picture = name == "img" && attribute == "src" && url::is_safe(html::decode(token.attributes[i].value), true);
        if (scheme == "javascript" || scheme == "vbscript" || (scheme == "data" && !picture)) {
          problems.push_back(attribute + "=" + std::string(token.attributes[i].value));
        }
      }
    }
  }
  return problems;
}

// Runs of white space as one space: text as the plain-text output wraps it.
inline std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

// Plain text has no markup: what matters are the addresses it writes out, as
// a reference ("[3] https://…") or labelled ("Unsubscribe: https://…"). A
// line the writer copied from the source's own text ("[1] javascript:…" as a
// paragraph's words, inert in plain text) is the writer's to keep.
inline std::vector<std::string> text_problems(const std::string& text, std::string_view source = {}) {
  // (As the outputs have it: NUL bytes and invalid UTF-8 repaired; and
  // without the characters that Markdown reads as markup or escapes.)
  const auto plain = [](std::string_view s) {
    std::string out = collapse_spaces(composer::text::repair_utf8(s));
    out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return std::string_view("\\*_~`").find(c) != std::string_view::npos; }), out.end());
    return out;
  };
  const std::string words = plain(source);
  std::vector<std::string> problems;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    // "[3] https://…": a bracketed number, then the address.
    const std::size_t digits = line.find_first_not_of("0123456789", 1);
    const bool reference = line.size() > 1 && line.front() == '[' && digits > 1 && digits != std::string::npos &&
                           line.compare(digits, 2, "] ") == 0;
    const bool labelled = line.find(": ") != std::string::npos && line.find(": ") < 30;
    if (!reference && !labelled) continue;
    const std::string address = line.substr(line.find(reference ? "] " : ": ") + 2);
    // (An address the writer writes out holds no space: words that follow
    // a title's reference or a colon, "[6] … : data:text/html,x 2) café",
    // are text.)
    if (address.find(' ') != std::string::npos) continue;
    if (url::is_dangerous(address) && words.find(plain(line)) == std::string::npos) problems.push_back(line);
  }
  return problems;
}

}  // namespace test_properties
