// A fast 64-bit checksum of a byte stream, to tell a corrupt or truncated file from a good one
// (not cryptographic). Four independent multiply-rotate lanes over 32-byte blocks, so it runs
// at memory speed; the value depends only on the bytes, not on how they were split into
// update() calls.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace gramvec::util {

class Checksum {
 public:
  Checksum();
  void update(std::string_view bytes);
  std::uint64_t value() const;

  static std::uint64_t of(std::string_view bytes) {
    Checksum checksum;
    checksum.update(bytes);
    return checksum.value();
  }

 private:
  void consume_block(const char* block);

  std::array<std::uint64_t, 4> lanes_;
  std::array<char, 32> pending_{};
  std::size_t pending_size_ = 0;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace gramvec::util
