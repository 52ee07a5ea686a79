#include "parse/arena.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

// Under AddressSanitizer (scripts/fuzz), bytes of the arena that no live block
// holds, headers included, are poisoned: an overrun of a cmark block still
// stops the fuzzer as it would with malloc.
#if defined(__SANITIZE_ADDRESS__)
#define COMPOSER_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COMPOSER_ARENA_ASAN 1
#endif
#endif
#ifdef COMPOSER_ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace composer::parse {
namespace {

// Every block starts after a header of its size and kind, which keeps the
// block aligned for any type.
constexpr std::size_t kAlign = alignof(std::max_align_t) < 2 * sizeof(std::size_t) ? 2 * sizeof(std::size_t)
                                                                                   : alignof(std::max_align_t);
constexpr std::size_t kHeader = kAlign;
constexpr std::size_t kFirstChunk = 64u << 10;
constexpr std::size_t kMaxChunk = 4u << 20;
// Larger blocks (a long paragraph's text, a rendered fragment) get their own
// heap block, so that growing them never leaves copies behind.
constexpr std::size_t kLargeBlock = 16u << 10;

enum Kind : std::size_t { small = 0, large = 1, heap = 2 };

thread_local Arena* g_current = nullptr;

// Headers are read with the poison lifted for that one read.
std::size_t& size_of(unsigned char* header) { return reinterpret_cast<std::size_t*>(header)[0]; }
std::size_t& kind_of(unsigned char* header) { return reinterpret_cast<std::size_t*>(header)[1]; }
#ifdef COMPOSER_ARENA_ASAN
std::size_t read_size(unsigned char* header) {
  UNPOISON(header, kHeader);
  const std::size_t size = size_of(header);
  const std::size_t kind = kind_of(header);
  if (kind == 0) POISON(header, kHeader);
  return size;
}
std::size_t read_kind(unsigned char* header) {
  UNPOISON(header, kHeader);
  const std::size_t kind = kind_of(header);
  if (kind == 0) POISON(header, kHeader);
  return kind;
}
#else
std::size_t read_size(unsigned char* header) { return size_of(header); }
std::size_t read_kind(unsigned char* header) { return kind_of(header); }
#endif
unsigned char* header_of(void* block) { return static_cast<unsigned char*>(block) - kHeader; }
std::size_t rounded(std::size_t size) { return kHeader + (size + kAlign - 1) / kAlign * kAlign; }

// A block of the heap with a header: for large blocks, and for cmark calls
// made while no arena is live.
void* heap_block(std::size_t size, Kind kind, bool zeroed) {
  if (size > SIZE_MAX - kHeader) return nullptr;
  void* raw = zeroed ? std::calloc(1, kHeader + size) : std::malloc(kHeader + size);
  if (!raw) return nullptr;
  auto* header = static_cast<unsigned char*>(raw);
  size_of(header) = size;
  kind_of(header) = kind;
  return header + kHeader;
}

// cmark never checks what its allocator returns: like cmark's own allocator,
// these stop the program when memory runs out (the WASM glue reads the
// message and reports "out of memory"), and never let an exception into C.
[[noreturn]] void out_of_memory(const char* call) {
  std::fprintf(stderr, "[cmark] %s returned null pointer, aborting\n", call);
  std::abort();
}

void* checked(void* block, const char* call) {
  if (!block) out_of_memory(call);
  return block;
}

void* mem_calloc(std::size_t count, std::size_t size) {
  if (!g_current) {
    if (size != 0 && count > SIZE_MAX / size) out_of_memory("calloc");
    return checked(heap_block(count * size, heap, true), "calloc");
  }
  try {
    return checked(g_current->allocate(count, size), "calloc");
  } catch (const std::bad_alloc&) {
    out_of_memory("calloc");
  }
}

void* mem_realloc(void* block, std::size_t size) {
  if (g_current) {
    try {
      return checked(g_current->reallocate(block, size), "realloc");
    } catch (const std::bad_alloc&) {
      out_of_memory("realloc");
    }
  }
  if (!block) return checked(heap_block(size, heap, false), "realloc");
  unsigned char* header = header_of(block);
  if (read_kind(header) != heap) {
    // An arena's block after its arena is gone: a bug in the caller.
    std::abort();
  }
  void* raw = checked(std::realloc(header, kHeader + size), "realloc");
  size_of(static_cast<unsigned char*>(raw)) = size;
  return static_cast<unsigned char*>(raw) + kHeader;
}

void mem_free(void* block) {
  if (g_current) return g_current->release(block);
  if (block && read_kind(header_of(block)) == heap) std::free(header_of(block));
}

cmark_mem g_mem = {mem_calloc, mem_realloc, mem_free};

// Room for one more entry, taken before the heap block it will hold: a
// failure throws here, never with a block that nothing would free.
template <typename T>
void make_room(std::vector<T>& v) {
  if (v.size() == v.capacity()) v.reserve(2 * v.size() + 8);
}

}  // namespace

Arena::Arena() : outer_(g_current) { g_current = this; }

Arena::~Arena() {
  for (const Chunk& chunk : chunks_) {
    UNPOISON(chunk.data, chunk.size);
    std::free(chunk.data);
  }
  for (void* header : large_) std::free(header);
  g_current = outer_;
}

cmark_mem* Arena::mem() { return &g_mem; }

void* Arena::bump(std::size_t size) {
  if (size > kLargeBlock) return allocate_large(size);
  const std::size_t need = rounded(size);
  if (chunks_.empty() || used_ + need > chunks_.back().size) {
    make_room(chunks_);
    const std::size_t chunk_size = chunks_.empty() ? kFirstChunk : std::min(chunks_.back().size * 2, kMaxChunk);
    auto* data = static_cast<unsigned char*>(std::malloc(chunk_size));
    if (!data) return nullptr;
    POISON(data, chunk_size);
    chunks_.push_back({data, chunk_size});
    reserved_ += chunk_size;
    used_ = 0;
  }
  unsigned char* header = chunks_.back().data + used_;
  UNPOISON(header, kHeader + size);
  size_of(header) = size;
  kind_of(header) = small;
  POISON(header, kHeader);
  used_ += need;
  last_ = header;
  return header + kHeader;
}

void* Arena::allocate_large(std::size_t size) {
  make_room(large_);
  void* block = heap_block(size, large, false);
  if (!block) return nullptr;
  large_.push_back(header_of(block));
  reserved_ += size;
  return block;
}

void Arena::release_large(void* block) {
  const auto it = std::find(large_.rbegin(), large_.rend(), header_of(block));
  if (it == large_.rend()) return;  // an outer arena's: it goes with that arena
  std::free(*it);
  *it = large_.back();
  large_.pop_back();
}

void* Arena::allocate(std::size_t count, std::size_t size) {
  // Only a product of two factors above one can overflow: cmark's calls
  // (one node, or so many bytes) need no division.
  if (count > 1 && size > 1 && count > SIZE_MAX / size) return nullptr;
  void* block = bump(count * size);
  if (block) std::memset(block, 0, count * size);
  return block;
}

void* Arena::reallocate(void* block, std::size_t size) {
  if (!block) return bump(size);
  unsigned char* header = header_of(block);
  const std::size_t old_size = read_size(header);
  if (header == last_ && header + rounded(size) <= chunks_.back().data + chunks_.back().size) {
    // The latest block grows (or shrinks) where it is.
    used_ = static_cast<std::size_t>(header - chunks_.back().data) + rounded(size);
    POISON(header, kHeader + old_size);
    UNPOISON(header, kHeader + size);
    size_of(header) = size;
    POISON(header, kHeader);
    return block;
  }
  void* moved = bump(size);
  if (!moved) return nullptr;
  std::memcpy(moved, block, std::min(old_size, size));
  release(block);
  return moved;
}

void Arena::release(void* block) {
  if (!block) return;
  unsigned char* header = header_of(block);
  switch (read_kind(header)) {
    case small:
      if (header == last_) {  // the latest block: its bytes are free again
        used_ = static_cast<std::size_t>(header - chunks_.back().data);
        last_ = nullptr;
        POISON(block, read_size(header));
      }
      break;
    case large:
      release_large(block);
      break;
    default:
      std::free(header);
  }
}

}  // namespace composer::parse
