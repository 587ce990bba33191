// Reads a file (or stdin for "-") line by line in large blocks; gzip, xz and zstd data is
// decompressed on the fly (see CompressedInput).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"
#include "io/compressed_input.hpp"

namespace gramvec::io {

// Name used in messages for a path: "<stdin>" for "-".
std::string display_name(std::string_view path);

// A UTF-8 byte-order mark at the very start of a file is a signature (Windows editors write
// one), not text: the readers of text files drop it.
inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Removes a byte-order mark that starts `line` (the first line of a file); whether it did.
inline bool strip_byte_order_mark(std::string_view& line) {
  if (!line.starts_with(kByteOrderMark)) return false;
  line.remove_prefix(kByteOrderMark.size());
  return true;
}

class LineReader {
 public:
  LineReader() = default;
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Opens `path` ("-" is stdin) and detects its compression. Error names the file and the reason.
  Status open(const std::string& path);
  // Opens the lines of the plain (uncompressed) regular file `path` that start in [begin, end),
  // `begin` being a line start (see io::split_at_line_starts). line_number() counts from the
  // range's first line; line_offset() and bytes_read() are offsets in the file. Compressed data
  // cannot be read from the middle: an error naming the file and the format.
  Status open_range(const std::string& path, std::uint64_t begin, std::uint64_t end);

  // Next line without its '\n' (a trailing '\r' is kept). Returns false at end of input or on a
  // read error or corrupt compressed data (then status() is not ok). The view is valid until the
  // next call.
  bool next(std::string_view& line);

  Status status() const { return status_; }
  // Lines, offsets and bytes count the decompressed data.
  // 1-based number of the line last returned.
  std::uint64_t line_number() const { return line_number_; }
  // Byte offset in the file of the start of the line last returned.
  std::uint64_t line_offset() const { return line_offset_; }
  // Bytes consumed so far, and the file's size (0 when unknown, e.g. a pipe).
  std::uint64_t bytes_read() const { return next_offset_; }
  std::uint64_t file_size() const { return input_.file_size(); }
  // Bytes of the file (compressed bytes for compressed data) read so far: progress against
  // file_size().
  std::uint64_t file_position() const {
    return input_.compression() == Compression::none ? next_offset_ : input_.file_position();
  }
  Compression compression() const { return input_.compression(); }
  const std::string& name() const { return name_; }

 private:
  bool fill();
  bool next_line(std::string_view& line);

  CompressedInput input_;
  bool opened_ = false;
  bool eof_ = false;
  std::string name_;
  Status status_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // start of unread data in buffer_
  std::size_t end_ = 0;    // end of valid data in buffer_
  std::uint64_t line_number_ = 0;
  std::uint64_t line_offset_ = 0;
  std::uint64_t next_offset_ = 0;
  std::uint64_t range_end_ = UINT64_MAX;
};

// The number of lines that end in the first `end` bytes of the plain (uncompressed) file `path`
// (its '\n' characters; the bytes on disk, no decompression).
Result<std::uint64_t> count_lines(const std::string& path, std::uint64_t end);

// Reads a whole file ("-" is stdin) into memory, as it is (no decompression).
Result<std::string> read_file(const std::string& path);

}  // namespace gramvec::io
