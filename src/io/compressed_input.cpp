#include "io/compressed_input.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/line_reader.hpp"
#include "io/input_file.hpp"

namespace gramvec::io {

namespace {
// Compressed bytes read from the file at a time.
constexpr std::size_t kInputBlock = 1 << 18;
}  // namespace

CompressedInput::~CompressedInput() {
  if (owns_file_ && file_ != nullptr) std::fclose(file_);
}

Status CompressedInput::open(const std::string& path) {
  name_ = display_name(path);
  auto input = open_input_file(path, name_);
  if (!input) return status_ = input.status();
  file_ = input->file;
  owns_file_ = input->owned;
  if (input->size > 0) file_size_ = input->size;
  // The first bytes decide the format; for uncompressed data they are handed out first by read().
  input_.resize(kMagicBytes);
  input_end_ = read_file(input_.data(), input_.size());
  if (!status_.is_ok()) return status_;
  compression_ = detect_compression(std::string_view(input_.data(), input_end_));
  if (compression_ != Compression::none) {
    auto decompressor = make_decompressor(compression_);
    if (!decompressor) return status_ = Status::error(fmt::format("{}: {}", name_, decompressor.message()));
    decompressor_ = std::move(*decompressor);
    input_.resize(kInputBlock);
  }
  return Status::ok();
}

std::size_t CompressedInput::fail(std::string message) {
  status_ = Status::error(std::move(message));
  return 0;
}

std::size_t CompressedInput::read_file(char* data, std::size_t size) {
  if (file_ended_ || size == 0) return 0;
  std::size_t got = std::fread(data, 1, size, file_);
  file_position_ += got;
  if (got < size) {
    file_ended_ = true;
    if (std::ferror(file_) != 0) return fail(fmt::format("{}: read error: {}", name_, std::strerror(errno)));
  }
  return got;
}

std::size_t CompressedInput::read(char* data, std::size_t size) {
  if (file_ == nullptr || !status_.is_ok() || size == 0) return 0;
  if (compression_ != Compression::none) return read_decompressed(data, size);
  // Uncompressed: the bytes read to detect the format, then straight from the file.
  std::size_t got = std::min(size, input_end_ - input_begin_);
  std::memcpy(data, input_.data() + input_begin_, got);
  input_begin_ += got;
  got += read_file(data + got, size - got);
  if (!status_.is_ok()) return 0;
  position_ += got;
  return got;
}

Status CompressedInput::seek(std::uint64_t offset) {
  if (file_ == nullptr || !status_.is_ok()) return status_;
  if (compression_ != Compression::none) {
    return status_ = Status::error(
        fmt::format("{}: cannot seek in {} compressed data", name_, compression_name(compression_)));
  }
  if (!owns_file_ || ::fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0) {
    return status_ = Status::error(
        fmt::format("{}: cannot seek: {}", name_, owns_file_ ? std::strerror(errno) : "not a regular file"));
  }
  std::clearerr(file_);
  // The bytes read to detect the format are dropped: reading restarts at `offset`.
  input_begin_ = input_end_ = 0;
  file_ended_ = false;
  file_position_ = offset;
  position_ = offset;
  return Status::ok();
}

// Moves the unread compressed bytes to the front of the buffer and reads more after them. False
// when nothing could be added (end of the file, a read error, or a full buffer).
bool CompressedInput::refill() {
  if (input_begin_ > 0) {
    std::memmove(input_.data(), input_.data() + input_begin_, input_end_ - input_begin_);
    input_end_ -= input_begin_;
    input_begin_ = 0;
  }
  std::size_t got = read_file(input_.data() + input_end_, input_.size() - input_end_);
  input_end_ += got;
  return got > 0;
}

std::size_t CompressedInput::read_decompressed(char* data, std::size_t size) {
  const std::string_view format = compression_name(compression_);
  for (;;) {
    // Keep at least half a block of compressed bytes ahead: decompressors look at whole blocks.
    if (input_end_ - input_begin_ < kInputBlock / 2 && !file_ended_) {
      refill();
      if (!status_.is_ok()) return 0;
    }
    const bool last = file_ended_;
    DecompressStep step;
    Status decompressed = decompressor_->decompress(
        std::string_view(input_.data() + input_begin_, input_end_ - input_begin_), std::span<char>(data, size), last,
        step);
    input_begin_ += step.consumed;
    consumed_ += step.consumed;
    position_ += step.produced;
    if (!decompressed.is_ok()) {
      return fail(fmt::format("{}: corrupt {} data (found at compressed byte offset {}, uncompressed byte offset {}): {}",
                              name_, format, consumed_, position_, decompressed.message()));
    }
    if (step.produced > 0) return step.produced;
    if (step.consumed > 0) continue;
    // No progress.
    if (!last) {
      bool added = refill();
      if (!status_.is_ok()) return 0;
      if (added || file_ended_) continue;
      return fail(fmt::format("{}: corrupt {} data (found at compressed byte offset {}, uncompressed byte offset {}): "
                              "the decompressor makes no progress",
                              name_, format, consumed_, position_));
    }
    if (input_begin_ < input_end_) {
      return fail(fmt::format("{}: corrupt {} data (found at compressed byte offset {}, uncompressed byte offset {}): "
                              "undecodable bytes at the end",
                              name_, format, consumed_, position_));
    }
    if (decompressor_->complete()) return 0;
    return fail(fmt::format("{}: truncated {} data: unexpected end of file at compressed byte offset {} "
                            "(uncompressed byte offset {})",
                            name_, format, consumed_, position_));
  }
}

}  // namespace gramvec::io
