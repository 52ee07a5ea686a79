// The JSON contract: the issue model and its diagnostics, with stable key
// order, written straight to text. Internal fields (prepared HTML of
// fragments) are not part of it.
#include <charconv>
#include <cstring>

#include "composer/compose.hpp"
#include "render/render.hpp"

namespace composer::render {
namespace {

void string_or_null(JsonWriter& w, std::string_view name, const std::string& s) {
  if (s.empty()) w.null_member(name);
  else w.member(name, s);
}

void write_fragment(JsonWriter& w, const Fragment& f) {
  w.begin_object();
  w.member("text", f.text);
  w.member("markdown", f.markdown);
  w.key("range");
  write_range(w, f.range);
  w.end_object();
}

void write_highlight(JsonWriter& w, const Highlight& h) {
  w.begin_object();
  w.member("text", h.content.text);
  w.member("markdown", h.content.markdown);
  w.key("links");
  w.begin_array();
  for (const Link& link : h.links) {
    w.begin_object();
    w.member("text", link.text);
    w.member("url", link.url);
    w.key("range");
    write_range(w, link.range);
    w.end_object();
  }
  w.end_array();
  w.key("range");
  write_range(w, h.content.range);
  w.end_object();
}

// Items, sections and the issue as the model's JSON, or (`outline`) with only
// the keys of outline_json().
void write_item(JsonWriter& w, const Item& item, bool outline) {
  w.begin_object();
  w.member("title", item.title);
  w.member("url", item.url);
  if (!outline) {
    w.member("canonical_url", item.canonical_url);
    w.member("source", item.source);
    w.key("image");
    if (item.image) {
      w.begin_object();
      w.member("src", item.image->src);
      w.member("alt", item.image->alt);
      w.key("range");
      write_range(w, item.image->range);
      w.end_object();
    } else {
      w.null();
    }
    string_or_null(w, "paper_id", item.paper_id);
    w.member("summary", item.summary.text);
    w.member("summary_markdown", item.summary.markdown);
    w.member("link_card", item.link_card);
    string_or_null(w, "card_teaser", item.card_teaser);
  }
  w.key("range");
  write_range(w, item.range);
  if (!outline) {
    w.key("title_range");
    write_range(w, item.title_range);
  }
  w.end_object();
}

void write_section(JsonWriter& w, const Section& section, bool outline) {
  w.begin_object();
  if (section.number) w.member("number", *section.number);
  else w.null_member("number");
  w.member("title", section.title);
  if (!outline) string_or_null(w, "url", section.url);
  w.member("level", section.level);
  w.key("range");
  write_range(w, section.range);
  w.key("heading_range");
  if (section.level > 0) write_range(w, section.heading_range);
  else w.null();
  w.key("items");
  w.begin_array();
  for (const Item& item : section.items) write_item(w, item, outline);
  w.end_array();
  if (!outline) {
    w.key("notes");
    w.begin_array();
    for (const Fragment& note : section.notes) write_fragment(w, note);
    w.end_array();
  }
  w.end_object();
}

// A range's text in one buffer, for one append: every item, link and
// diagnostic has ranges, so they are most of the writing. The pretty layout
// keeps a range on one line, as
//   {"start": {"line": 7, "column": 1, "offset": 220}, "end": {…}}
// (twelve lines each would be most of the document, and say less).
template <bool Pretty>
class RangeText {
 public:
  std::string_view write(const Range& range) {
    put("{\"start\": {", "{\"start\":{");
    position(range.start);
    put(", \"end\": {", ",\"end\":{");
    position(range.end);
    put("}");
    return std::string_view(buffer_, static_cast<std::size_t>(out_ - buffer_));
  }

 private:
  // Sizes known at compile time, so each copy is a few moves, not a call.
  template <std::size_t N>
  void put(const char (&text)[N]) {
    std::memcpy(out_, text, N - 1);
    out_ += N - 1;
  }
  // Text as this layout writes it.
  template <std::size_t P, std::size_t C>
  void put(const char (&pretty)[P], const char (&compact)[C]) {
    if constexpr (Pretty) put(pretty);
    else put(compact);
  }
  void number(long long value) { out_ = std::to_chars(out_, out_ + 24, value).ptr; }
  void position(const Position& p) {
    put("\"line\": ", "\"line\":");
    number(p.line);
    put(", \"column\": ", ",\"column\":");
    number(p.column);
    put(", \"offset\": ", ",\"offset\":");
    number(static_cast<long long>(p.offset));
    put("}");
  }

  // Keys and punctuation, and six numbers of at most 20 characters.
  char buffer_[256];
  char* out_ = buffer_;
};

}  // namespace

void write_range(JsonWriter& w, const Range& range) {
  if (w.pretty()) {
    RangeText<true> text;
    w.formatted_value(text.write(range));
  } else {
    RangeText<false> text;
    w.formatted_value(text.write(range));
  }
}

void write_issue(JsonWriter& w, const Issue& issue, bool outline) {
  w.begin_object();
  w.member("title", issue.title);
  if (!outline) {
    w.key("title_range");
    if (issue.title_range) write_range(w, *issue.title_range);
    else w.null();
    string_or_null(w, "url", issue.title_url);
  }
  if (issue.number) w.member("number", *issue.number);
  else w.null_member("number");
  if (!outline) string_or_null(w, "date", issue.date);
  string_or_null(w, "newsletter", issue.newsletter);
  if (!outline) {
    w.member("meta", issue.meta);
    w.key("highlights");
    w.begin_array();
    for (const Highlight& h : issue.highlights) write_highlight(w, h);
    w.end_array();
  }
  w.key("toc");
  if (issue.toc) {
    w.begin_object();
    if (!outline) {
      w.key("entries");
      w.begin_array();
      for (const std::string& entry : issue.toc->entries) w.value(entry);
      w.end_array();
    }
    w.key("range");
    write_range(w, issue.toc->range);
    w.end_object();
  } else {
    w.null();
  }
  if (!outline) {
    w.key("intro");
    w.begin_array();
    for (const Fragment& f : issue.intro) write_fragment(w, f);
    w.end_array();
  }
  w.key("sections");
  w.begin_array();
  for (const Section& s : issue.sections) write_section(w, s, outline);
  w.end_array();
  w.end_object();
}

void write_diagnostics(JsonWriter& w, const std::vector<Diagnostic>& diagnostics) {
  w.begin_array();
  for (const Diagnostic& d : diagnostics) {
    w.begin_object();
    w.member("rule", d.rule);
    w.member("severity", severity_name(d.severity));
    w.member("message", d.message);
    w.key("range");
    write_range(w, d.range);
    if (d.fix) {
      w.key("fix");
      w.begin_object();
      w.member("title", d.fix->title);
      w.key("edits");
      w.begin_array();
      for (const TextEdit& e : d.fix->edits) {
        w.begin_object();
        w.key("range");
        write_range(w, e.range);
        w.member("text", e.text);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
}

}  // namespace composer::render

namespace composer {

std::string issue_json(const Issue& issue) {
  std::string out;
  out.reserve(render::output_estimate(issue, 4096, 256, 1536));
  render::JsonWriter w(out, false);
  render::write_issue(w, issue);
  return out;
}

std::string outline_json(const Issue& issue) {
  std::string out;
  out.reserve(render::output_estimate(issue, 1024, 128, 384));
  render::JsonWriter w(out, false);
  render::write_issue(w, issue, true);
  return out;
}

std::string diagnostics_json(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  out.reserve(64 + diagnostics.size() * 512);
  render::JsonWriter w(out, false);
  render::write_diagnostics(w, diagnostics);
  return out;
}

}  // namespace composer
