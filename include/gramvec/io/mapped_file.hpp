// A whole file's bytes: memory-mapped when it is a regular file, read into memory otherwise
// (stdin, pipes).
#pragma once

#include <string>
#include <string_view>

#include "gramvec/status.hpp"

namespace gramvec::io {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Opens `path` ("-" is stdin).
  static Result<MappedFile> open(const std::string& path);
  std::string_view bytes() const { return bytes_; }

 private:
  void release();

  std::string_view bytes_;
  void* mapping_ = nullptr;
  std::size_t mapping_size_ = 0;
  std::string owned_;  // used when the file could not be mapped
};

}  // namespace gramvec::io
