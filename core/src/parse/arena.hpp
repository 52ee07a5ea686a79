#pragma once
// A bump allocator for one cmark-gfm document. cmark allocates every node,
// iterator and buffer through a cmark_mem, one calloc and one free at a time;
// on a 1 MB issue that was an eighth of a compose. Here allocation is a
// pointer bump, free is (almost always) nothing, and the whole document goes
// at once when its Arena is destroyed.
//
// cmark_mem's functions take no context, so they allocate from the innermost
// live Arena of this thread: an Arena must be destroyed in the reverse order
// of its creation (a scope), and nothing allocated from it may outlive it.
#include <cstddef>
#include <vector>

#include <cmark-gfm.h>

namespace composer::parse {

class Arena {
 public:
  Arena();
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // The allocator to hand to cmark: it serves the innermost live Arena.
  static cmark_mem* mem();

  // calloc, realloc and free, as cmark_mem's are. Blocks are aligned for any
  // type. Freeing the latest block gives its bytes back; reallocating it grows
  // it in place when its chunk has room. Large blocks live on the heap until
  // freed or until the arena goes.
  void* allocate(std::size_t count, std::size_t size);
  void* reallocate(void* block, std::size_t size);
  void release(void* block);

  // Bytes taken from the heap so far, chunks and large blocks.
  std::size_t reserved() const { return reserved_; }

 private:
  struct Chunk {
    unsigned char* data;
    std::size_t size;
  };
  void* bump(std::size_t size);
  void* allocate_large(std::size_t size);
  void release_large(void* block);

  std::vector<Chunk> chunks_;  // the last is the one being filled
  std::size_t used_ = 0;       // bytes used in the last chunk
  unsigned char* last_ = nullptr;  // the latest small block's header
  std::vector<void*> large_;   // headers of the live large blocks
  std::size_t reserved_ = 0;
  Arena* outer_;
};

}  // namespace composer::parse
