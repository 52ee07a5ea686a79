#pragma once
// cmark-gfm, held in RAII handles. Nothing outside core/src/parse includes
// this file: rules and renderers see the issue model only.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <cmark-gfm.h>

#include "composer/diagnostic.hpp"
#include "parse/source_map.hpp"

namespace composer::parse {

struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;

// A parsed document with the GFM extensions newsletters use.
class Document {
 public:
  Document(const std::string& text, int options, const std::vector<std::string>& extensions);
  cmark_node* root() const { return root_.get(); }
  cmark_llist* extensions() const;
  // Safe HTML: raw HTML omitted, unsafe URLs dropped.
  std::string html(cmark_node* node) const;
  // Keeps a node created outside the tree alive as long as the document.
  cmark_node* adopt(cmark_node* node);

 private:
  ParserPtr parser_;
  NodePtr root_;
  std::vector<NodePtr> adopted_;
};

const std::vector<std::string>& default_extensions();

// Removes what Medium and Revue exports leave behind: runs of literal '*'
// that show as asterisks, emphasis that wraps nothing, bold nested in bold.
void tidy_emphasis(cmark_node* root);

// Plain text of a node: markers gone, soft breaks as '\n', images as nothing.
// With a limit, collecting stops once that many bytes are in.
std::string plain_text(cmark_node* node, std::size_t limit = std::string::npos);

Range node_range(cmark_node* node, const SourceMap& map);

// A node's bytes in the text cmark parsed; cmark's inclusive end made exclusive.
struct TextSpan {
  std::size_t begin, end;
};
TextSpan text_span(cmark_node* node, const SourceMap& map);

}  // namespace composer::parse
