#include "ngram/format/binary_format.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gramvec::ngram {

std::uint64_t SectionWriter::append(std::string_view bytes) {
  static constexpr std::array<char, kBinaryAlignment> zeros{};
  std::uint64_t start = (offset_ + kBinaryAlignment - 1) / kBinaryAlignment * kBinaryAlignment;
  while (offset_ < start) write(as_bytes(zeros.data(), std::min<std::uint64_t>(start - offset_, zeros.size())));
  write(bytes);
  return start;
}

void SectionWriter::write(std::string_view bytes) {
  if (out_ != nullptr) out_->write(bytes);
  checksum_.update(bytes);
  offset_ += bytes.size();
}

bool BinaryFileView::section(std::uint64_t offset, std::uint64_t size, std::string_view& out, bool aligned) const {
  if (offset < kBinaryHeaderBytes || (aligned && offset % kBinaryAlignment != 0) || offset > bytes_.size() ||
      size > bytes_.size() - offset) {
    return false;
  }
  out = bytes_.substr(offset, size);
  return true;
}

Status BinaryFileView::corrupt(std::string_view what) const {
  return Status::error(fmt::format("{}: corrupt gramvec binary model: {}", name_, what));
}

}  // namespace gramvec::ngram
