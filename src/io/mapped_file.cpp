#include "gramvec/io/mapped_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/line_reader.hpp"

namespace gramvec::io {

MappedFile::~MappedFile() { release(); }

MappedFile::MappedFile(MappedFile&& other) noexcept { *this = std::move(other); }

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this == &other) return *this;
  release();
  mapping_ = other.mapping_;
  mapping_size_ = other.mapping_size_;
  released_ = other.released_;
  owned_ = std::move(other.owned_);
  bytes_ = mapping_ != nullptr ? std::string_view(static_cast<const char*>(mapping_), mapping_size_)
                               : std::string_view(owned_);
  other.mapping_ = nullptr;
  other.mapping_size_ = 0;
  other.bytes_ = {};
  return *this;
}

void MappedFile::release_before(const char* position) {
  if (mapping_ == nullptr) return;
  auto offset = static_cast<std::size_t>(position - static_cast<const char*>(mapping_));
  std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t aligned = offset / page * page;
  if (aligned <= released_ || aligned > mapping_size_) return;
  ::madvise(static_cast<char*>(mapping_) + released_, aligned - released_, MADV_DONTNEED);
  released_ = aligned;
}

void MappedFile::release() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
  mapping_ = nullptr;
  mapping_size_ = 0;
}

Result<MappedFile> MappedFile::open(const std::string& path) {
  MappedFile file;
  if (path != "-") {
    int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
      return Status::error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    }
    struct stat info {};
    if (::fstat(descriptor, &info) == 0 && S_ISDIR(info.st_mode)) {
      ::close(descriptor);
      return Status::error(fmt::format("{}: is a directory", path));
    }
    if (S_ISREG(info.st_mode) && info.st_size > 0) {
      auto size = static_cast<std::size_t>(info.st_size);
      void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, descriptor, 0);
      ::close(descriptor);
      if (mapping != MAP_FAILED) {
        ::madvise(mapping, size, MADV_SEQUENTIAL);
        file.mapping_ = mapping;
        file.mapping_size_ = size;
        file.bytes_ = std::string_view(static_cast<const char*>(mapping), size);
        return file;
      }
    } else {
      ::close(descriptor);
    }
  }
  auto content = read_file(path);
  if (!content) return content.status();
  file.owned_ = std::move(*content);
  file.bytes_ = file.owned_;
  return file;
}

}  // namespace gramvec::io
