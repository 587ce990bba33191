#include "io/corpus_ranges.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/line_reader.hpp"

namespace gramvec::io {

Result<std::vector<CorpusFile>> describe_corpus(const std::vector<std::string>& paths, std::string_view purpose) {
  std::vector<CorpusFile> files;
  std::uint64_t offset = 0;
  for (const auto& path : paths) {
    struct stat info {};
    if (path == "-") {
      return Status::error(fmt::format("{} and cannot read it from stdin: give a file", purpose));
    }
    if (::stat(path.c_str(), &info) != 0) {
      return Status::error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    }
    if (!S_ISREG(info.st_mode)) {
      return Status::error(fmt::format("{}: not a regular file ({})", path, purpose));
    }
    files.push_back({path, path, static_cast<std::uint64_t>(info.st_size), offset});
    offset += static_cast<std::uint64_t>(info.st_size);
  }
  return files;
}

std::uint64_t corpus_bytes(const std::vector<CorpusFile>& files) {
  return files.empty() ? 0 : files.back().offset + files.back().size;
}

namespace {

// Offset just after the first '\n' at or after `from` - 1 in `file` (so `from` itself when it
// starts a line), or the file's size when there is none.
Result<std::uint64_t> next_line_start(std::FILE* file, const CorpusFile& corpus_file, std::uint64_t from) {
  std::uint64_t position = from - 1;
  if (std::fseek(file, static_cast<long>(position), SEEK_SET) != 0) {
    return Status::error(fmt::format("{}: cannot seek: {}", corpus_file.path, std::strerror(errno)));
  }
  std::vector<char> block(1 << 16);
  while (position < corpus_file.size) {
    std::size_t got = std::fread(block.data(), 1, block.size(), file);
    if (got == 0) {
      if (std::ferror(file) != 0) {
        return Status::error(fmt::format("{}: read error: {}", corpus_file.path, std::strerror(errno)));
      }
      break;  // the file shrank: its end is the last line's end
    }
    if (const void* newline = std::memchr(block.data(), '\n', got)) {
      return position + static_cast<std::uint64_t>(static_cast<const char*>(newline) - block.data()) + 1;
    }
    position += got;
  }
  return corpus_file.size;
}

}  // namespace

Result<std::vector<LineRange>> split_at_line_starts(const std::vector<CorpusFile>& files, std::uint64_t target_bytes) {
  target_bytes = std::max<std::uint64_t>(target_bytes, 1);
  std::vector<LineRange> ranges;
  for (std::size_t index = 0; index < files.size(); ++index) {
    const CorpusFile& corpus_file = files[index];
    if (corpus_file.size == 0) continue;
    std::FILE* file = std::fopen(corpus_file.path.c_str(), "rb");
    if (file == nullptr) {
      return Status::error(fmt::format("{}: cannot open: {}", corpus_file.path, std::strerror(errno)));
    }
    std::uint64_t begin = 0;
    while (begin < corpus_file.size) {
      std::uint64_t end = corpus_file.size;
      if (corpus_file.size - begin > target_bytes) {
        auto cut = next_line_start(file, corpus_file, begin + target_bytes);
        if (!cut) {
          std::fclose(file);
          return cut.status();
        }
        end = *cut;
      }
      ranges.push_back({index, begin, end});
      begin = end;
    }
    std::fclose(file);
  }
  return ranges;
}

RangeReader::RangeReader(std::vector<CorpusFile> files, std::uint64_t begin, std::uint64_t end)
    : files_(std::move(files)), begin_(begin), end_(end), buffer_(2 * kMaxPiece) {
  rewind();
}

RangeReader::~RangeReader() { close(); }

void RangeReader::close() {
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
}

void RangeReader::rewind() {
  close();
  file_index_ = 0;
  file_done_ = true;
  bytes_done_ = 0;
}

const std::string& RangeReader::file_name() const {
  return files_[std::min(file_index_ > 0 ? file_index_ - 1 : 0, files_.size() - 1)].name;
}

bool RangeReader::fill() {
  if (start_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + start_, stop_ - start_);
    buffer_offset_ += start_;
    stop_ -= start_;
    start_ = 0;
  }
  std::size_t got = std::fread(buffer_.data() + stop_, 1, buffer_.size() - stop_, file_);
  if (got == 0) {
    if (std::ferror(file_) != 0) {
      status_ = Status::error(fmt::format("{}: read error: {}", files_[file_index_ - 1].name, std::strerror(errno)));
    }
    eof_ = true;
    return false;
  }
  stop_ += got;
  return true;
}

// Opens files_[index] positioned at the first line that starts in the range; false if the
// range holds none of this file.
bool RangeReader::open_file(std::size_t index) {
  const CorpusFile& corpus_file = files_[index];
  std::uint64_t file_end = corpus_file.offset + corpus_file.size;
  if (end_ <= corpus_file.offset || begin_ >= file_end) return false;
  std::uint64_t local_begin = std::max(begin_, corpus_file.offset) - corpus_file.offset;
  local_end_ = std::min(end_, file_end) - corpus_file.offset;
  close();
  file_ = std::fopen(corpus_file.path.c_str(), "rb");
  if (file_ == nullptr) {
    status_ = Status::error(fmt::format("{}: cannot open: {}", corpus_file.name, std::strerror(errno)));
    return false;
  }
  start_ = stop_ = 0;
  eof_ = false;
  buffer_offset_ = local_begin > 0 ? local_begin - 1 : 0;
  if (local_begin == 0) return true;
  if (std::fseek(file_, static_cast<long>(buffer_offset_), SEEK_SET) != 0) {
    status_ = Status::error(fmt::format("{}: cannot seek: {}", corpus_file.name, std::strerror(errno)));
    return false;
  }
  // Skip through the first '\n' at or after local_begin - 1 (so a range starting right after a
  // line break begins there); after kMaxPiece bytes without one, through the next whitespace.
  std::size_t skipped = 0;
  while (true) {
    if (start_ == stop_ && !fill()) return status_.is_ok();
    char character = buffer_[start_++];
    ++skipped;
    if (character == '\n') break;
    if (skipped > kMaxPiece && (character == ' ' || character == '\t')) break;
  }
  bytes_done_ += skipped > 0 ? skipped - 1 : 0;
  return true;
}

bool RangeReader::next(std::string_view& line) {
  while (true) {
    if (!status_.is_ok()) return false;
    if (file_done_) {
      bool opened = false;
      while (!opened && file_index_ < files_.size()) {
        opened = open_file(file_index_++);
        if (!status_.is_ok()) return false;
      }
      if (!opened) return false;
      file_done_ = false;
    }
    if (buffer_offset_ + start_ >= local_end_) {
      file_done_ = true;
      close();
      continue;
    }
    const char* begin = buffer_.data() + start_;
    const void* newline = std::memchr(begin, '\n', stop_ - start_);
    std::size_t length = 0;
    std::size_t consumed = 0;
    if (newline != nullptr) {
      length = static_cast<std::size_t>(static_cast<const char*>(newline) - begin);
      consumed = length + 1;
    } else if (stop_ - start_ > kMaxPiece) {
      // A long line: cut at the last whitespace of the piece, else at a UTF-8 boundary.
      std::size_t cut = kMaxPiece;
      while (cut > 0 && begin[cut - 1] != ' ' && begin[cut - 1] != '\t') --cut;
      if (cut > 0) {
        length = cut - 1;
        consumed = cut;
      } else {
        cut = kMaxPiece;
        while (cut > 1 && (static_cast<unsigned char>(begin[cut]) & 0xc0) == 0x80) --cut;
        length = consumed = cut;
      }
    } else if (!eof_) {
      fill();
      if (!status_.is_ok()) return false;
      continue;
    } else if (start_ < stop_) {
      length = consumed = stop_ - start_;
    } else {
      file_done_ = true;
      close();
      continue;
    }
    line = std::string_view(buffer_.data() + start_, length);
    if (buffer_offset_ + start_ == 0) strip_byte_order_mark(line);
    start_ += consumed;
    bytes_done_ += consumed;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  }
}

}  // namespace gramvec::io
