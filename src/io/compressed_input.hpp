// A file (or stdin for "-") read as a stream of bytes, decompressed on the fly when its first bytes
// are the magic number of gzip, xz or zstd; the file's name plays no part. Concatenated gzip
// members, xz streams and zstd frames are read one after another, as zcat, xzcat and zstdcat do.
// Uncompressed input is read straight into the caller's buffer, with no extra copy.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gramvec/status.hpp"
#include "io/decompressor.hpp"

namespace gramvec::io {

class CompressedInput {
 public:
  CompressedInput() = default;
  ~CompressedInput();
  CompressedInput(const CompressedInput&) = delete;
  CompressedInput& operator=(const CompressedInput&) = delete;

  // Opens `path` ("-" is stdin) and reads its first bytes to detect the format. Errors name the
  // file and the reason.
  Status open(const std::string& path);

  // Up to `size` bytes of (decompressed) data; 0 at the end of the data or on an error. Corrupt
  // or truncated compressed data is an error naming the file, the format and the compressed and
  // uncompressed byte offsets where the decompressor found the fault (to within 32 KB for zstd; a
  // fault that only a checksum catches is found at the end of its gzip member or xz block).
  std::size_t read(char* data, std::size_t size);

  // Moves to byte `offset` of uncompressed data in a regular file (the next read() starts there);
  // compressed data and stdin or pipes cannot seek: an error naming the file.
  Status seek(std::uint64_t offset);

  Status status() const { return status_; }
  Compression compression() const { return compression_; }
  const std::string& name() const { return name_; }
  // The file's size on disk (0 when unknown, e.g. a pipe).
  std::uint64_t file_size() const { return file_size_; }
  // Bytes of the file read so far (compressed bytes for compressed data): progress against
  // file_size().
  std::uint64_t file_position() const { return file_position_; }
  // Bytes of data decompressed so far: all returned by read() unless it failed.
  std::uint64_t position() const { return position_; }

 private:
  std::size_t read_file(char* data, std::size_t size);
  std::size_t read_decompressed(char* data, std::size_t size);
  bool refill();
  std::size_t fail(std::string message);

  std::FILE* file_ = nullptr;
  bool owns_file_ = false;
  bool file_ended_ = false;
  std::string name_;
  Status status_;
  Compression compression_ = Compression::none;
  std::unique_ptr<Decompressor> decompressor_;
  std::vector<char> input_;        // compressed bytes read but not yet decompressed
  std::size_t input_begin_ = 0;    // (or, uncompressed, the bytes read to detect the format)
  std::size_t input_end_ = 0;
  std::uint64_t file_size_ = 0;
  std::uint64_t file_position_ = 0;
  std::uint64_t consumed_ = 0;     // compressed bytes the decompressor has taken
  std::uint64_t position_ = 0;
};

}  // namespace gramvec::io
