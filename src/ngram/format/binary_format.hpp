// The container of gramvec's binary language models (.gvlm), shared by the layouts: the header,
// sections aligned to 64 bytes, the checksums, and bounds-checked access for the readers. Each
// layout (search/hash, search/trie) writes and reads its own sections; binary_model.hpp
// documents the whole file.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "gramvec/io/atomic_file.hpp"
#include "gramvec/ngram/options.hpp"
#include "gramvec/status.hpp"
#include "util/checksum.hpp"

namespace gramvec::ngram {

inline constexpr std::size_t kBinaryHeaderBytes = 512;
inline constexpr std::size_t kBinaryAlignment = 64;

struct BinaryHeader {
  std::array<char, 8> magic{};
  std::uint32_t version = 0;
  std::uint32_t byte_order = 0;
  std::uint32_t layout = 0;
  std::uint32_t order = 0;
  std::uint32_t quantize_bits = 0;
  std::uint32_t header_bytes = 0;
  std::uint64_t file_bytes = 0;
  std::uint64_t info_offset = 0;
  std::uint64_t info_bytes = 0;
  std::uint64_t words_offset = 0;
  std::uint64_t words_bytes = 0;
  std::array<std::uint64_t, kMaxOrder> counts{};
  std::array<std::uint64_t, kMaxOrder> slot_counts{};    // hash layout
  std::array<std::uint64_t, kMaxOrder> table_offsets{};  // hash layout
  std::uint64_t body_checksum = 0;
  std::uint64_t header_checksum = 0;
  std::uint64_t directory_offset = 0;  // trie layout
  std::uint64_t directory_bytes = 0;   // trie layout
};
static_assert(sizeof(BinaryHeader) <= kBinaryHeaderBytes);

inline std::string_view as_bytes(const void* data, std::size_t size) {
  return {static_cast<const char*>(data), size};
}

// Builds the file's sections in order, tracking offsets and the body checksum.
class SectionWriter {
 public:
  // Without `out`, only the offsets and checksum are computed.
  explicit SectionWriter(io::AtomicFileWriter* out) : out_(out) {}
  // Appends `bytes` at the next aligned offset, which it returns.
  std::uint64_t append(std::string_view bytes);
  std::uint64_t offset() const { return offset_; }
  std::uint64_t checksum() const { return checksum_.value(); }

 private:
  void write(std::string_view bytes);
  io::AtomicFileWriter* out_;
  util::Checksum checksum_;
  std::uint64_t offset_ = kBinaryHeaderBytes;
};

// A binary model file whose header has been checked, for the layouts' readers.
class BinaryFileView {
 public:
  BinaryFileView(std::string_view bytes, const std::string& name) : bytes_(bytes), name_(name) {}
  // The section [offset, offset + size) when it lies after the header, within the file, and
  // (with `aligned`) at an aligned offset.
  bool section(std::uint64_t offset, std::uint64_t size, std::string_view& out, bool aligned = true) const;
  Status corrupt(std::string_view what) const;
  std::string_view bytes() const { return bytes_; }
  const std::string& name() const { return name_; }

 private:
  std::string_view bytes_;
  const std::string& name_;
};

}  // namespace gramvec::ngram
