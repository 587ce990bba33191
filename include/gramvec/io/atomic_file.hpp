// Output written to a temporary file and renamed into place on commit(), so that a failure
// never leaves a half-written file. "-" writes to stdout directly, and so does a path that is a
// device or pipe (such as /dev/null).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "gramvec/status.hpp"

namespace gramvec::io {

class AtomicFileWriter {
 public:
  AtomicFileWriter() = default;
  ~AtomicFileWriter();  // removes the temporary file unless committed
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  Status open(const std::string& path);
  void write(std::string_view bytes);
  // Flushes, checks for write errors and renames the temporary file to the final path.
  Status commit();

 private:
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
  bool to_stdout_ = false;
  bool in_place_ = false;  // a device or pipe, written directly
  bool committed_ = false;
  bool write_failed_ = false;
};

}  // namespace gramvec::io
