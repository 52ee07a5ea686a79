#pragma once
// cmark-gfm, held in RAII handles. Nothing outside core/src/parse includes
// this file: rules and renderers see the issue model only.
#include <string>
#include <string_view>
#include <vector>

#include <cmark-gfm.h>

#include "composer/diagnostic.hpp"
#include "parse/arena.hpp"
#include "parse/source_map.hpp"

namespace composer::parse {

// A parsed document with the GFM extensions newsletters use. cmark allocates
// all of it, and every node or text made for it later, from the document's
// arena: nothing is freed one by one, all of it goes with the document. Live
// documents nest like scopes (see Arena).
class Document {
 public:
  Document(const std::string& text, int options, const std::vector<std::string>& extensions);
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  cmark_node* root() const { return root_; }
  cmark_llist* extensions() const;
  // For nodes made for this document (cmark_node_new_with_mem).
  cmark_mem* mem() const { return Arena::mem(); }
  // Safe HTML: raw HTML omitted, unsafe URLs dropped.
  std::string html(cmark_node* node) const;

 private:
  Arena arena_;  // first: it outlives the parser and the tree
  cmark_parser* parser_;
  cmark_node* root_;
};

const std::vector<std::string>& default_extensions();

// Turns each inline "<br>" tag ("<br/>", "<BR />") into a hard line break:
// exports from Google Docs, Notion and Substack break lines so, and as raw
// HTML, which every output leaves out, it glued the words on either side
// together. (In a heading or a table's cell, which Markdown writes on one
// line, it is a space.)
void read_br_tags(const Document& document);

// Drops runs of two or more '*' that are not a spaced-out operator ("2 ** 3")
// from a text; `open_start` and `open_end` when it starts or ends a line.
std::string strip_star_runs(const std::string& s, bool open_start, bool open_end);

// Removes what Medium and Revue exports leave behind: runs of literal '*'
// that show as asterisks and bold around a whole paragraph of more than one
// line (with `drop_star_runs`: canonical text, which the Markdown output
// wrote, is read as written), emphasis that wraps nothing, bold nested in
// bold. It rides on a walk over the whole tree made for
// something else (the inventory's): see() takes every event of it, the
// root's children one after the other, and apply() unwraps the emphasis once
// the walk is over.
class EmphasisTidy {
 public:
  explicit EmphasisTidy(bool drop_star_runs) : drop_star_runs_(drop_star_runs) {}
  void see(cmark_event_type event, cmark_node* node);
  void apply();

 private:
  void unwrap(cmark_node* node) const;
  void merge_texts(cmark_node* first, cmark_node* stop) const;

  bool drop_star_runs_;
  std::vector<cmark_node*> emphasis_;  // children before parents
  int depth_ = 1;                      // the root's: the walk starts below it
};

// Plain text of a node: markers gone, soft breaks as '\n', images as nothing.
// With a limit, collecting stops once that many bytes are in.
std::string plain_text(cmark_node* node, std::size_t limit = std::string::npos);

// Whether a link's text is its own address, as in an autolink ("<https://…>",
// or a bare "www.x.org" or "me@x.org" that GFM's extension links).
bool shows_own_address(std::string_view text, std::string_view url);

// A node's bytes in the text cmark parsed; cmark's inclusive end made
// exclusive, and an HTML block's end where cmark misplaces it.
struct TextSpan {
  std::size_t begin, end;
};
TextSpan text_span(cmark_node* node, const SourceMap& map);

// The source range of a node's bytes, without trailing white space.
Range node_range(cmark_node* node, const SourceMap& map);

}  // namespace composer::parse
