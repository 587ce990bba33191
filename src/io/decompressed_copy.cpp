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

DecompressedCopy::~DecompressedCopy() { release(); }

DecompressedCopy::DecompressedCopy(DecompressedCopy&& other) noexcept { *this = std::move(other); }

DecompressedCopy& DecompressedCopy::operator=(DecompressedCopy&& other) noexcept {
  if (this == &other) return *this;
  release();
  descriptor_ = other.descriptor_;
  path_ = std::move(other.path_);
  named_path_ = std::move(other.named_path_);
  size_ = other.size_;
  other.descriptor_ = -1;
  other.path_.clear();
  other.named_path_.clear();
  other.size_ = 0;
  return *this;
}

void DecompressedCopy::release() {
  if (!named_path_.empty()) ::unlink(named_path_.c_str());
  if (descriptor_ >= 0) ::close(descriptor_);
  descriptor_ = -1;
  named_path_.clear();
  path_.clear();
}

Result<DecompressedCopy> DecompressedCopy::create(CompressedInput& input, bool show_progress) {
  const std::string directory = temporary_directory();
  std::string pattern = directory + "/gramvec-decompressed.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  DecompressedCopy copy;
  copy.descriptor_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (copy.descriptor_ < 0) {
    return Status::error(fmt::format("{}: cannot create a temporary file in {} for its decompressed copy: {}",
                                     input.name(), directory, std::strerror(errno)));
  }
  copy.named_path_ = name.data();
  copy.path_ = copy.named_path_;
  // Drop the name at once when the open descriptor can be reopened by path.
  std::string by_descriptor = fmt::format("/proc/self/fd/{}", copy.descriptor_);
  if (::access(by_descriptor.c_str(), R_OK) == 0 && ::unlink(copy.named_path_.c_str()) == 0) {
    copy.named_path_.clear();
    copy.path_ = by_descriptor;
  }

  util::Progress progress("decompressing", input.file_size(), show_progress);
  std::vector<char> block(kBlockSize);
  while (std::size_t got = input.read(block.data(), block.size())) {
    if (!write_all(copy.descriptor_, block.data(), got)) {
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
