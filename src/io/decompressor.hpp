// In-memory decompressors for gzip, xz and zstd, and detection of the format by magic bytes.
// A Decompressor is fed the compressed bytes in order, in pieces of any size; it knows nothing
// about files (see CompressedInput for that).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "gramvec/status.hpp"

namespace gramvec::io {

enum class Compression { none, gzip, xz, zstd };

// Bytes of a file's start that detect_compression needs to see (fewer when the file is shorter).
inline constexpr std::size_t kMagicBytes = 6;

// The format whose magic number `head` (the first bytes of the data) starts with: gzip 1f 8b,
// xz fd 37 7a 58 5a 00, zstd 28 b5 2f fd; none otherwise. No valid UTF-8 text starts with one
// of them.
Compression detect_compression(std::string_view head);
std::string_view compression_name(Compression format);

struct DecompressStep {
  std::size_t consumed = 0;  // bytes taken from the input
  std::size_t produced = 0;  // bytes written to the output
};

class Decompressor {
 public:
  virtual ~Decompressor() = default;

  // Decompresses a prefix of `input` into `output` and says how much in `step` (also when it
  // fails: then `step.consumed` is where in `input` the corruption was found). `last` says that
  // no input follows `input`. An error (corrupt data) carries the reason only, without file name
  // or offset. A step that neither consumes nor produces anything while `last` is set means the
  // data has ended: cleanly when complete() holds, truncated otherwise.
  virtual Status decompress(std::string_view input, std::span<char> output, bool last, DecompressStep& step) = 0;
  // True when the data decompressed so far ends exactly at the end of a gzip member, an xz stream
  // or a zstd frame (several of each may follow one another).
  virtual bool complete() const = 0;
};

// A decompressor for `format` (not none).
Result<std::unique_ptr<Decompressor>> make_decompressor(Compression format);

}  // namespace gramvec::io
