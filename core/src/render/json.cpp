// The JSON contract: the issue model with stable key order. Internal fields
// (prepared HTML of fragments) are not part of it.
#include "render/render.hpp"

namespace composer::render {
namespace {

using json = nlohmann::ordered_json;

json position_json(const Position& p) {
  json j;
  j["line"] = p.line;
  j["column"] = p.column;
  j["offset"] = p.offset;
  return j;
}

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json fragment_json(const Fragment& f) {
  json j;
  j["text"] = f.text;
  j["markdown"] = f.markdown;
  j["range"] = range_json(f.range);
  return j;
}

json link_json(const Link& link) {
  json j;
  j["text"] = link.text;
  j["url"] = link.url;
  j["range"] = range_json(link.range);
  return j;
}

json item_json(const Item& item) {
  json j;
  j["title"] = item.title;
  j["url"] = item.url;
  j["canonical_url"] = item.canonical_url;
  j["source"] = item.source;
  if (item.image) {
    json image;
    image["src"] = item.image->src;
    image["alt"] = item.image->alt;
    image["range"] = range_json(item.image->range);
    j["image"] = std::move(image);
  } else {
    j["image"] = nullptr;
  }
  j["paper_id"] = or_null(item.paper_id);
  j["summary"] = item.summary.text;
  j["summary_markdown"] = item.summary.markdown;
  j["link_card"] = item.link_card;
  j["card_teaser"] = or_null(item.card_teaser);
  j["range"] = range_json(item.range);
  j["title_range"] = range_json(item.title_range);
  return j;
}

json section_json(const Section& section) {
  json j;
  j["number"] = section.number ? json(*section.number) : json(nullptr);
  j["title"] = section.title;
  j["level"] = section.level;
  j["range"] = range_json(section.range);
  j["heading_range"] = section.level > 0 ? range_json(section.heading_range) : json(nullptr);
  json items = json::array();
  for (const Item& item : section.items) items.push_back(item_json(item));
  j["items"] = std::move(items);
  json notes = json::array();
  for (const Fragment& note : section.notes) notes.push_back(fragment_json(note));
  j["notes"] = std::move(notes);
  return j;
}

}  // namespace

json range_json(const Range& range) {
  json j;
  j["start"] = position_json(range.start);
  j["end"] = position_json(range.end);
  return j;
}

json issue_json(const Issue& issue) {
  json j;
  j["title"] = issue.title;
  j["title_range"] = issue.title_range ? range_json(*issue.title_range) : json(nullptr);
  j["number"] = issue.number ? json(*issue.number) : json(nullptr);
  j["date"] = or_null(issue.date);
  j["newsletter"] = or_null(issue.newsletter);
  j["meta"] = issue.meta;
  json highlights = json::array();
  for (const Highlight& h : issue.highlights) {
    json hj;
    hj["text"] = h.content.text;
    hj["markdown"] = h.content.markdown;
    json links = json::array();
    for (const Link& link : h.links) links.push_back(link_json(link));
    hj["links"] = std::move(links);
    hj["range"] = range_json(h.content.range);
    highlights.push_back(std::move(hj));
  }
  j["highlights"] = std::move(highlights);
  if (issue.toc) {
    json toc;
    toc["entries"] = issue.toc->entries;
    toc["range"] = range_json(issue.toc->range);
    j["toc"] = std::move(toc);
  } else {
    j["toc"] = nullptr;
  }
  json intro = json::array();
  for (const Fragment& f : issue.intro) intro.push_back(fragment_json(f));
  j["intro"] = std::move(intro);
  json sections = json::array();
  for (const Section& s : issue.sections) sections.push_back(section_json(s));
  j["sections"] = std::move(sections);
  return j;
}

json diagnostics_json(const std::vector<Diagnostic>& diagnostics) {
  json list = json::array();
  for (const Diagnostic& d : diagnostics) {
    json j;
    j["rule"] = d.rule;
    j["severity"] = severity_name(d.severity);
    j["message"] = d.message;
    j["range"] = range_json(d.range);
    if (d.fix) {
      json fix;
      fix["title"] = d.fix->title;
      json edits = json::array();
      for (const TextEdit& e : d.fix->edits) {
        json ej;
        ej["range"] = range_json(e.range);
        ej["text"] = e.text;
        edits.push_back(std::move(ej));
      }
      fix["edits"] = std::move(edits);
      j["fix"] = std::move(fix);
    }
    list.push_back(std::move(j));
  }
  return list;
}

}  // namespace composer::render
