// The bump allocator behind each cmark-gfm document: zeroed, aligned blocks,
// in-place growth of the latest block, large blocks on the heap, nesting, and
// cmark itself running on it.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>

#include "parse/arena.hpp"
#include "parse/document.hpp"

using composer::parse::Arena;

namespace {

bool aligned(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % alignof(std::max_align_t) == 0; }

bool all_zero(const void* p, std::size_t n) {
  const auto* bytes = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i) {
    if (bytes[i] != 0) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("arena blocks are zeroed, aligned and distinct", "[arena]") {
  Arena arena;
  auto* a = static_cast<char*>(arena.allocate(3, 7));
  auto* b = static_cast<char*>(arena.allocate(1, 100));
  REQUIRE(a);
  REQUIRE(b);
  CHECK(aligned(a));
  CHECK(aligned(b));
  CHECK(all_zero(a, 21));
  CHECK(all_zero(b, 100));
  std::memset(a, 'a', 21);
  CHECK(all_zero(b, 100));  // writing one block never touches the next
  CHECK(arena.allocate(SIZE_MAX / 2, 4) == nullptr);  // count * size overflows
}

TEST_CASE("arena gives the latest block back and grows it in place", "[arena]") {
  Arena arena;
  void* keep = arena.allocate(1, 32);
  void* latest = arena.allocate(1, 32);
  arena.release(latest);
  void* again = arena.allocate(1, 48);
  CHECK(again == latest);  // freed bytes reused
  CHECK(all_zero(again, 48));

  std::memcpy(again, "hello", 6);
  void* grown = arena.reallocate(again, 4000);
  CHECK(grown == again);  // the latest block grows where it is
  CHECK(std::string(static_cast<char*>(grown)) == "hello");

  // An older block moves, keeping its bytes.
  std::memcpy(keep, "kept", 5);
  void* moved = arena.reallocate(keep, 1000);
  CHECK(moved != keep);
  CHECK(std::string(static_cast<char*>(moved)) == "kept");
  arena.release(keep);  // not the latest: nothing happens
}

TEST_CASE("arena serves large blocks from the heap and frees them early", "[arena]") {
  Arena arena;
  auto* big = static_cast<unsigned char*>(arena.allocate(1, 1 << 20));
  REQUIRE(big);
  CHECK(aligned(big));
  CHECK(all_zero(big, 1 << 20));
  big[(1 << 20) - 1] = 7;
  auto* bigger = static_cast<unsigned char*>(arena.reallocate(big, 2 << 20));
  REQUIRE(bigger);
  CHECK(bigger[(1 << 20) - 1] == 7);
  arena.release(bigger);
  // Many chunks' worth of small blocks: the arena keeps taking more.
  for (int i = 0; i < 20000; ++i) REQUIRE(arena.allocate(1, 500));
  CHECK(arena.reserved() >= 20000u * 500u);
}

TEST_CASE("cmark allocates from the innermost live arena, the heap otherwise", "[arena]") {
  cmark_mem* mem = Arena::mem();
  void* outside = mem->calloc(1, 64);  // no arena: a heap block
  REQUIRE(outside);
  outside = mem->realloc(outside, 128);
  mem->free(outside);
  Arena outer;
  const std::size_t before = outer.reserved();
  {
    Arena inner;
    void* p = mem->calloc(1, 64);
    CHECK(inner.reserved() > 0);
    CHECK(outer.reserved() == before);
    mem->free(p);
  }
  void* q = mem->calloc(1, 64);
  CHECK(outer.reserved() > before);
  mem->free(q);
}

TEST_CASE("a document parses, edits and renders on its arena", "[arena]") {
  composer::parse::Document doc("# Title\n\nSome *text* with a [link](https://example.org).\n", CMARK_OPT_SOURCEPOS,
                                composer::parse::default_extensions());
  cmark_node* paragraph = cmark_node_next(cmark_node_first_child(doc.root()));
  cmark_node* text = cmark_node_first_child(paragraph);
  cmark_node_set_literal(text, "Other ");
  cmark_node* extra = cmark_node_new_with_mem(CMARK_NODE_PARAGRAPH, doc.mem());
  cmark_node_insert_after(paragraph, extra);
  CHECK(doc.html(paragraph) == "<p>Other <em>text</em> with a <a href=\"https://example.org\">link</a>.</p>\n");
  CHECK(doc.html(doc.root()) ==
        "<h1>Title</h1>\n<p>Other <em>text</em> with a <a href=\"https://example.org\">link</a>.</p>\n<p></p>\n");
}
