#include "io/decompressed_copy.hpp"
#include "io/temporary_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
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
  if (descriptor >= 0) ::close(descriptor);
  // `name`, if the copy has one, removes it.
}

Result<DecompressedCopy> DecompressedCopy::create(CompressedInput& input, bool show_progress) {
  const std::string directory = temporary_directory();
  DecompressedCopy copy;
  copy.file_ = std::make_unique<File>();
  File& file = *copy.file_;
  TemporaryFile temporary =
      create_temporary_file(directory, directory + "/gramvec-decompressed.", TemporaryUse::reopened);
  if (temporary.descriptor < 0) {
    return Status::error(fmt::format("{}: cannot create a temporary file in {} for its decompressed copy: {}",
                                     input.name(), directory, std::strerror(errno)));
  }
  file.descriptor = temporary.descriptor;
  file.name = std::move(temporary.name);
  copy.path_ = file.name.empty() ? path_of(file.descriptor) : std::string(file.name.path());

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
