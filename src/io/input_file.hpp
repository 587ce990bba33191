// Opening a file for reading, or stdin, with the errors every reader reports the same way.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "gramvec/status.hpp"

namespace gramvec::io {

struct InputFile {
  std::FILE* file = nullptr;
  bool owned = false;      // false for stdin
  std::uint64_t size = 0;  // a regular file's size; 0 otherwise
};

// Opens `path` ("-": stdin); `name` is how messages call it. A directory or a file that cannot
// be opened is a one-line error.
Result<InputFile> open_input_file(const std::string& path, const std::string& name);

}  // namespace gramvec::io
