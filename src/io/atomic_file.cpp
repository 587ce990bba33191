#include "gramvec/io/atomic_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace gramvec::io {

AtomicFileWriter::~AtomicFileWriter() {
  if (file_ != nullptr && !to_stdout_) std::fclose(file_);
  if (!committed_ && !temp_path_.empty()) std::remove(temp_path_.c_str());
}

Status AtomicFileWriter::open(const std::string& path) {
  path_ = path;
  if (path == "-") {
    to_stdout_ = true;
    file_ = stdout;
    return Status::ok();
  }
  // A device or pipe (e.g. /dev/null) is written in place: renaming over it would replace it.
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    if (S_ISDIR(existing.st_mode)) return Status::error(fmt::format("{}: is a directory", path));
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) return Status::error(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
    in_place_ = true;
    return Status::ok();
  }
  std::string pattern = path + ".tmp.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int descriptor = ::mkstemp(name.data());
  if (descriptor < 0) {
    return Status::error(fmt::format("{}: cannot create output file: {}", path, std::strerror(errno)));
  }
  temp_path_ = name.data();
  file_ = ::fdopen(descriptor, "wb");
  if (file_ == nullptr) {
    ::close(descriptor);
    return Status::error(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  }
  ::fchmod(descriptor, 0644);
  return Status::ok();
}

void AtomicFileWriter::write(std::string_view bytes) {
  if (file_ == nullptr || write_failed_) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) write_failed_ = true;
}

Status AtomicFileWriter::commit() {
  if (file_ == nullptr) return Status::error(fmt::format("{}: output was not opened", path_));
  if (std::fflush(file_) != 0) write_failed_ = true;
  if (to_stdout_) {
    committed_ = true;
    if (write_failed_) return Status::error("<stdout>: write error");
    return Status::ok();
  }
  int close_result = std::fclose(file_);
  file_ = nullptr;
  if (write_failed_ || close_result != 0) {
    return Status::error(fmt::format("{}: write error (disk full?): {}", path_, std::strerror(errno)));
  }
  if (in_place_) {
    committed_ = true;
    return Status::ok();
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    return Status::error(fmt::format("{}: cannot rename temporary file into place: {}", path_, std::strerror(errno)));
  }
  committed_ = true;
  return Status::ok();
}

}  // namespace gramvec::io
