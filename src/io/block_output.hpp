// Output gathered in a string and written in large blocks, for writers that format it piece by
// piece.
#pragma once

#include <cstddef>
#include <string>

#include "gramvec/io/atomic_file.hpp"

namespace gramvec::io {

// Writes `block` to `out` and empties it once it holds more than `limit` bytes. The caller
// appends to `block`, calls this after each piece and writes what is left at the end.
inline void write_if_full(AtomicFileWriter& out, std::string& block, std::size_t limit) {
  if (block.size() > limit) {
    out.write(block);
    block.clear();
  }
}

}  // namespace gramvec::io
