#include "util/checksum.hpp"

#include <cstring>

namespace gramvec::util {

namespace {

constexpr std::uint64_t kPrime1 = 0x9e3779b185ebca87ULL;
constexpr std::uint64_t kPrime2 = 0xc2b2ae3d27d4eb4fULL;
constexpr std::uint64_t kPrime3 = 0x165667b19e3779f9ULL;

std::uint64_t rotate_left(std::uint64_t value, int bits) { return (value << bits) | (value >> (64 - bits)); }

std::uint64_t lane_step(std::uint64_t lane, std::uint64_t word) {
  return rotate_left(lane + word * kPrime2, 31) * kPrime1;
}

std::uint64_t finish(std::uint64_t value) {
  value ^= value >> 33;
  value *= kPrime2;
  value ^= value >> 29;
  value *= kPrime3;
  value ^= value >> 32;
  return value;
}

}  // namespace

Checksum::Checksum() : lanes_{kPrime1 + kPrime2, kPrime2, 0, 0 - kPrime1} {}

void Checksum::consume_block(const char* block) {
  for (std::size_t lane = 0; lane < 4; ++lane) {
    std::uint64_t word;
    std::memcpy(&word, block + 8 * lane, 8);
    lanes_[lane] = lane_step(lanes_[lane], word);
  }
}

void Checksum::update(std::string_view bytes) {
  total_bytes_ += bytes.size();
  if (pending_size_ > 0) {
    std::size_t take = std::min(bytes.size(), pending_.size() - pending_size_);
    std::memcpy(pending_.data() + pending_size_, bytes.data(), take);
    pending_size_ += take;
    bytes.remove_prefix(take);
    if (pending_size_ < pending_.size()) return;
    consume_block(pending_.data());
    pending_size_ = 0;
  }
  while (bytes.size() >= 32) {
    consume_block(bytes.data());
    bytes.remove_prefix(32);
  }
  std::memcpy(pending_.data(), bytes.data(), bytes.size());
  pending_size_ = bytes.size();
}

std::uint64_t Checksum::value() const {
  std::uint64_t value = rotate_left(lanes_[0], 1) + rotate_left(lanes_[1], 7) + rotate_left(lanes_[2], 12) +
                        rotate_left(lanes_[3], 18);
  value ^= total_bytes_ * kPrime3;
  for (std::size_t position = 0; position < pending_size_; ++position) {
    value = (value ^ static_cast<unsigned char>(pending_[position])) * kPrime1;
    value = rotate_left(value, 23);
  }
  return finish(value);
}

}  // namespace gramvec::util
