// A uniquely named temporary file that is removed when the object goes, whatever happened.
#pragma once

#include <string>

#include "gramvec/status.hpp"

namespace gramvec::io {

// $TMPDIR, or /tmp when it is unset or empty.
std::string temporary_directory();

class TemporaryFile {
 public:
  TemporaryFile() = default;
  ~TemporaryFile();
  TemporaryFile(TemporaryFile&& other) noexcept;
  TemporaryFile& operator=(TemporaryFile&& other) noexcept;
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  // Creates an empty file named `<directory>/<prefix>XXXXXX`; an empty directory means $TMPDIR
  // (or /tmp).
  static Result<TemporaryFile> create(const std::string& directory, const std::string& prefix);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace gramvec::io
