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
  // Tells the kernel that the bytes before `position` are no longer needed, so that reading a
  // large file once from start to end does not keep all of it in memory. Views into that part
  // must not be used afterwards.
  void release_before(const char* position);

 private:
  void release();

  std::string_view bytes_;
  void* mapping_ = nullptr;
  std::size_t mapping_size_ = 0;
  std::size_t released_ = 0;
  std::string owned_;  // used when the file could not be mapped
};

}  // namespace gramvec::io
