#include "io/line_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace gramvec::io {

namespace {
constexpr std::size_t kBlockSize = 1 << 20;
}

std::string display_name(std::string_view path) {
  return path == "-" ? std::string("<stdin>") : std::string(path);
}

Status LineReader::open(const std::string& path) {
  name_ = display_name(path);
  status_ = input_.open(path);
  GRAMVEC_TRY(status_);
  opened_ = true;
  buffer_.resize(kBlockSize);
  return Status::ok();
}

Status LineReader::open_range(const std::string& path, std::uint64_t begin, std::uint64_t end) {
  GRAMVEC_TRY(open(path));
  if (input_.compression() != Compression::none) {
    return status_ = Status::error(fmt::format("{}: {} compressed data cannot be read in byte ranges", name_,
                                               compression_name(input_.compression())));
  }
  // Also at 0: the bytes read to detect the format are read again.
  status_ = input_.seek(begin);
  GRAMVEC_TRY(status_);
  next_offset_ = begin;
  range_end_ = end;
  return Status::ok();
}

bool LineReader::fill() {
  if (eof_) return false;
  // Move the unread tail to the front, grow if a single line fills the buffer.
  std::size_t pending = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, pending);
    begin_ = 0;
    end_ = pending;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  std::size_t got = input_.read(buffer_.data() + end_, buffer_.size() - end_);
  if (got == 0) {
    status_ = input_.status();
    eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

bool LineReader::next(std::string_view& line) {
  if (!next_line(line)) return false;
  if (line_offset_ == 0 && strip_byte_order_mark(line)) line_offset_ = kByteOrderMark.size();
  return true;
}

bool LineReader::next_line(std::string_view& line) {
  if (!opened_ || !status_.is_ok() || next_offset_ >= range_end_) return false;
  std::size_t search_from = begin_;
  for (;;) {
    const char* start = buffer_.data() + search_from;
    const void* newline = std::memchr(start, '\n', end_ - search_from);
    if (newline != nullptr) {
      std::size_t stop = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
      line = std::string_view(buffer_.data() + begin_, stop - begin_);
      line_offset_ = next_offset_;
      next_offset_ += stop - begin_ + 1;
      ++line_number_;
      begin_ = stop + 1;
      return true;
    }
    std::size_t scanned = end_ - begin_;
    if (!fill()) {
      if (!status_.is_ok() || begin_ == end_) return false;
      // Last line without a trailing newline.
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);
      line_offset_ = next_offset_;
      next_offset_ += end_ - begin_;
      ++line_number_;
      begin_ = end_;
      return true;
    }
    search_from = begin_ + scanned;
  }
}

Result<std::uint64_t> count_lines(const std::string& path, std::uint64_t end) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Status::error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::vector<char> block(kBlockSize);
  std::uint64_t lines = 0;
  std::uint64_t position = 0;
  while (position < end) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), end - position));
    std::size_t got = std::fread(block.data(), 1, want, file);
    if (got == 0) break;
    lines += static_cast<std::uint64_t>(std::count(block.data(), block.data() + got, '\n'));
    position += got;
  }
  bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return Status::error(fmt::format("{}: read error", path));
  return lines;
}

Result<std::string> read_file(const std::string& path) {
  std::string name = display_name(path);
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Status::error(fmt::format("{}: cannot open: {}", name, std::strerror(errno)));
  }
  std::string content;
  std::vector<char> block(kBlockSize);
  std::size_t got = 0;
  while ((got = std::fread(block.data(), 1, block.size(), file)) > 0) content.append(block.data(), got);
  bool failed = std::ferror(file) != 0;
  if (file != stdin) std::fclose(file);
  if (failed) return Status::error(fmt::format("{}: read error", name));
  return content;
}

}  // namespace gramvec::io
