// Compressed corpora (gzip, xz, zstd; recognised by their first bytes) read line by line through
// LineReader, as every command that reads a corpus does. Decompressed output is read up to a
// bound: a small input may legitimately expand a thousandfold, which is no fault.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "io/line_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::uint64_t kMaxOutputBytes = std::uint64_t{16} << 20;
  gramvec::fuzz::MemoryFile file(gramvec::fuzz::as_view(data, size));
  gramvec::io::LineReader reader;
  if (!reader.open(file.path())) return 0;
  std::string_view line;
  std::uint64_t previous_offset = 0;
  while (reader.bytes_read() < kMaxOutputBytes && reader.next(line)) {
    if (line.find('\n') != std::string_view::npos || reader.line_offset() < previous_offset) __builtin_trap();
    previous_offset = reader.line_offset();
  }
  return 0;
}
