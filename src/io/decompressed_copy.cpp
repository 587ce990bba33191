#include "io/decompressed_copy.hpp"
#include "io/temporary_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "util/progress.hpp"

namespace gramvec::io {

namespace {

constexpr std::size_t kBlockSize = 1 << 20;

bool write_all(int descriptor, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t written = ::write(descriptor, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

}  // namespace

DecompressedCopy::File::~File() {
  if (!named_path.empty()) ::unlink(named_path.c_str());
  if (descriptor >= 0) ::close(descriptor);
}

Result<DecompressedCopy> DecompressedCopy::create(CompressedInput& input, bool show_progress) {
  const std::string directory = temporary_directory();
  std::string pattern = directory + "/gramvec-decompressed.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  DecompressedCopy copy;
  copy.file_ = std::make_unique<File>();
  File& file = *copy.file_;
  file.descriptor = ::mkostemp(name.data(), O_CLOEXEC);
  if (file.descriptor < 0) {
    return Status::error(fmt::format("{}: cannot create a temporary file in {} for its decompressed copy: {}",
                                     input.name(), directory, std::strerror(errno)));
  }
  file.named_path = name.data();
  copy.path_ = file.named_path;
  // Drop the name at once when the open descriptor can be reopened by path.
  std::string by_descriptor = fmt::format("/proc/self/fd/{}", file.descriptor);
  if (::access(by_descriptor.c_str(), R_OK) == 0 && ::unlink(file.named_path.c_str()) == 0) {
    file.named_path.clear();
    copy.path_ = by_descriptor;
  }

  util::Progress progress("decompressing", input.file_size(), show_progress);
  std::vector<char> block(kBlockSize);
  while (std::size_t got = input.read(block.data(), block.size())) {
    if (!write_all(file.descriptor, block.data(), got)) {
      return Status::error(fmt::format("{}: cannot write its decompressed copy to {}: {}", input.name(), directory,
                                       std::strerror(errno)));
    }
    copy.size_ += got;
    progress.update(input.file_position());
  }
  GRAMVEC_TRY(input.status());
  progress.finish();
  return copy;
}

}  // namespace gramvec::io
