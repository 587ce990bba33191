#include "io/temporary_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace gramvec::io {

TemporaryFile::~TemporaryFile() {
  if (!path_.empty()) std::remove(path_.c_str());
}

TemporaryFile::TemporaryFile(TemporaryFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TemporaryFile& TemporaryFile::operator=(TemporaryFile&& other) noexcept {
  if (this != &other) {
    if (!path_.empty()) std::remove(path_.c_str());
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

std::string temporary_directory() {
  const char* directory = std::getenv("TMPDIR");
  return directory != nullptr && directory[0] != '\0' ? std::string(directory) : std::string("/tmp");
}

Result<TemporaryFile> TemporaryFile::create(const std::string& directory, const std::string& prefix) {
  std::string base = directory.empty() ? temporary_directory() : directory;
  std::string pattern = base + "/" + prefix + "XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int descriptor = ::mkstemp(name.data());
  if (descriptor < 0) {
    return Status::error(fmt::format("{}: cannot create a temporary file: {}", base, std::strerror(errno)));
  }
  ::close(descriptor);
  TemporaryFile file;
  file.path_ = name.data();
  return file;
}

}  // namespace gramvec::io
