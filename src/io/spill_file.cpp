#include "io/spill_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>

#include "io/temporary_file.hpp"

namespace gramvec::io {

namespace {

struct BlockHeader {
  std::uint32_t raw_bytes;
  std::uint32_t stored_bytes;
};

[[noreturn]] void fail(const std::string& directory, const char* action) {
  throw SpillError(fmt::format("{}: {} temporary data: {}", directory, action, std::strerror(errno)));
}

void write_all(const SpillFile& file, std::uint64_t offset, const void* data, std::size_t bytes) {
  const auto* cursor = static_cast<const char*>(data);
  while (bytes > 0) {
    ssize_t written = ::pwrite(file.descriptor(), cursor, bytes, static_cast<off_t>(offset));
    if (written < 0) {
      if (errno == EINTR) continue;
      fail(file.directory(), "cannot write");
    }
    cursor += written;
    offset += static_cast<std::uint64_t>(written);
    bytes -= static_cast<std::size_t>(written);
  }
}

void read_all(const SpillFile& file, std::uint64_t offset, void* data, std::size_t bytes) {
  auto* cursor = static_cast<char*>(data);
  while (bytes > 0) {
    ssize_t got = ::pread(file.descriptor(), cursor, bytes, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      fail(file.directory(), "cannot read");
    }
    if (got == 0) throw SpillError(fmt::format("{}: temporary data ended early", file.directory()));
    cursor += got;
    offset += static_cast<std::uint64_t>(got);
    bytes -= static_cast<std::size_t>(got);
  }
}

std::shared_ptr<SpillFile> create_spill_file(const SpillSettings& settings) {
  std::string base = settings.directory.empty() ? temporary_directory() : settings.directory;
  TemporaryFile file = create_temporary_file(base, base + "/gramvec-spill-", TemporaryUse::scratch);
  if (file.descriptor < 0) fail(base, "cannot create a file for");
  return std::make_shared<SpillFile>(file.descriptor, base, settings.statistics);
}

}  // namespace

void SpillStatistics::add(std::uint64_t bytes) {
  written += bytes;
  std::uint64_t now = held += bytes;
  std::uint64_t seen = peak.load();
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
}

SpillFile::~SpillFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
  if (statistics_) statistics_->remove(stored_bytes_);
}

SpillWriter::SpillWriter(const SpillSettings& settings, std::size_t record_bytes)
    : settings_(settings), file_(create_spill_file(settings)) {
  if (record_bytes == 0) record_bytes = 1;
  block_limit_ = std::max(record_bytes, settings_.block_bytes / record_bytes * record_bytes);
  block_.reserve(block_limit_);
  compressed_.resize(ZSTD_compressBound(block_limit_));
  context_ = ZSTD_createCCtx();
  if (context_ == nullptr) throw SpillError("cannot start the zstd compressor");
  ZSTD_CCtx_setParameter(static_cast<ZSTD_CCtx*>(context_), ZSTD_c_compressionLevel, settings_.compression_level);
}

SpillWriter::~SpillWriter() { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(context_)); }

void SpillWriter::write(const void* data, std::size_t bytes) {
  const auto* cursor = static_cast<const std::byte*>(data);
  while (bytes > 0) {
    std::size_t take = std::min(bytes, block_limit_ - block_.size());
    block_.insert(block_.end(), cursor, cursor + take);
    cursor += take;
    bytes -= take;
    if (block_.size() == block_limit_) flush_block();
  }
}

void SpillWriter::flush_block() {
  if (block_.empty()) return;
  auto* context = static_cast<ZSTD_CCtx*>(context_);
  std::size_t stored = ZSTD_compress2(context, compressed_.data(), compressed_.size(), block_.data(), block_.size());
  BlockHeader header{static_cast<std::uint32_t>(block_.size()), 0};
  const void* payload = compressed_.data();
  if (ZSTD_isError(stored) || stored >= block_.size()) {
    stored = block_.size();
    payload = block_.data();
  }
  header.stored_bytes = static_cast<std::uint32_t>(stored);
  write_all(*file_, file_->stored_bytes_, &header, sizeof header);
  write_all(*file_, file_->stored_bytes_ + sizeof header, payload, stored);
  file_->stored_bytes_ += sizeof header + stored;
  if (file_->statistics_) file_->statistics_->add(sizeof header + stored);
  file_->raw_bytes_ += block_.size();
  block_.clear();
}

SpillHandle SpillWriter::finish() {
  flush_block();
  return std::move(file_);
}

SpillReader::SpillReader(SpillHandle file) : file_(std::move(file)) {}

SpillReader::~SpillReader() { ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(context_)); }

SpillReader::SpillReader(SpillReader&& other) noexcept
    : file_(std::move(other.file_)),
      offset_(other.offset_),
      raw_(std::move(other.raw_)),
      stored_(std::move(other.stored_)),
      context_(other.context_) {
  other.context_ = nullptr;
}

SpillReader& SpillReader::operator=(SpillReader&& other) noexcept {
  if (this != &other) {
    ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(context_));
    file_ = std::move(other.file_);
    offset_ = other.offset_;
    raw_ = std::move(other.raw_);
    stored_ = std::move(other.stored_);
    context_ = other.context_;
    other.context_ = nullptr;
  }
  return *this;
}

std::span<const std::byte> SpillReader::next_block() {
  if (!file_ || offset_ >= file_->stored_bytes()) {
    file_.reset();
    raw_ = {};
    stored_ = {};
    return {};
  }
  BlockHeader header{};
  read_all(*file_, offset_, &header, sizeof header);
  offset_ += sizeof header;
  raw_.resize((header.raw_bytes + 7) / 8);
  auto* raw = reinterpret_cast<std::byte*>(raw_.data());
  if (header.stored_bytes == header.raw_bytes) {
    read_all(*file_, offset_, raw, header.raw_bytes);
  } else {
    stored_.resize(header.stored_bytes);
    read_all(*file_, offset_, stored_.data(), header.stored_bytes);
    if (context_ == nullptr) context_ = ZSTD_createDCtx();
    if (context_ == nullptr) throw SpillError("cannot start the zstd decompressor");
    std::size_t got = ZSTD_decompressDCtx(static_cast<ZSTD_DCtx*>(context_), raw, header.raw_bytes, stored_.data(),
                                          header.stored_bytes);
    if (ZSTD_isError(got) || got != header.raw_bytes) {
      throw SpillError(fmt::format("{}: temporary data is corrupt", file_->directory()));
    }
  }
  offset_ += header.stored_bytes;
  return {raw, header.raw_bytes};
}

std::int64_t free_disk_bytes(const std::string& directory) {
  struct statvfs info {};
  if (::statvfs(directory.c_str(), &info) != 0) return -1;
  return static_cast<std::int64_t>(info.f_bavail) * static_cast<std::int64_t>(info.f_frsize);
}

}  // namespace gramvec::io
