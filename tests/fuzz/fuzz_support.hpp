// What the fuzz targets share: the input as a file (the parsers the CLI uses take paths), a
// private scratch directory, and the "reseal" step of the checksummed formats.
//
// A fuzzer cannot forge a checksum, so without resealing nearly every mutation of a .gvlm,
// .counts or .state file stops at the checksum check and the parser behind it is never reached.
// reseal_* recompute the checksum of the mutated bytes from the format's documented layout, as an
// attacker could; the production check itself is unchanged.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "ngram/format/binary_format.hpp"
#include "util/checksum.hpp"

namespace gramvec::fuzz {

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The bytes as an anonymous in-memory file, named by its /proc/self/fd path: the code under
// test opens, maps or reads it like any file, and nothing is left on disk. Closed on destruction.
class MemoryFile {
 public:
  explicit MemoryFile(std::string_view bytes) {
    fd_ = memfd_create("gramvec-fuzz", MFD_CLOEXEC);
    if (fd_ < 0) std::abort();
    std::size_t written = 0;
    while (written < bytes.size()) {
      ssize_t got = ::write(fd_, bytes.data() + written, bytes.size() - written);
      if (got <= 0) std::abort();
      written += static_cast<std::size_t>(got);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// A directory of this process's own for outputs (made once, removed at exit).
const std::string& scratch_directory();

// .gvlm (ngram/format/binary_model.hpp): the header's file size set to the real size, the body
// checksum (XXH3-64 of the bytes after the 512-byte header) and the header checksum (of the
// header with that field 0) recomputed. Shorter inputs are left alone.
inline void reseal_binary_model(std::string& bytes) {
  using ngram::BinaryHeader;
  if (bytes.size() < ngram::kBinaryHeaderBytes) return;
  BinaryHeader header;
  std::memcpy(&header, bytes.data(), sizeof header);
  header.file_bytes = bytes.size();
  header.body_checksum = util::Checksum::of(std::string_view(bytes).substr(ngram::kBinaryHeaderBytes));
  header.header_checksum = 0;
  std::array<char, ngram::kBinaryHeaderBytes> image{};
  std::memcpy(image.data(), &header, sizeof header);
  header.header_checksum = util::Checksum::of(std::string_view(image.data(), image.size()));
  std::memcpy(bytes.data(), &header, sizeof header);
}

// .counts (gramvec/ngram/count_file.hpp) and training states (gramvec/embed/training_state.hpp)
// both end with the XXH3-64 of every byte before it.
inline void reseal_trailing_checksum(std::string& bytes) {
  if (bytes.size() < 8) return;
  std::uint64_t checksum = util::Checksum::of(std::string_view(bytes).substr(0, bytes.size() - 8));
  std::memcpy(bytes.data() + bytes.size() - 8, &checksum, sizeof checksum);
}

}  // namespace gramvec::fuzz
