#include "io/input_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace gramvec::io {

Result<InputFile> open_input_file(const std::string& path, const std::string& name) {
  InputFile input;
  if (path == "-") {
    input.file = stdin;
    return input;
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    return Status::error(fmt::format("{}: is a directory", name));
  }
  input.file = std::fopen(path.c_str(), "rb");
  if (input.file == nullptr) return Status::error(fmt::format("{}: cannot open: {}", name, std::strerror(errno)));
  input.owned = true;
  if (S_ISREG(info.st_mode)) input.size = static_cast<std::uint64_t>(info.st_size);
  return input;
}

}  // namespace gramvec::io
