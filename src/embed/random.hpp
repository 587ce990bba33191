// A small, fast pseudo-random generator (xoshiro-style state, splitmix64 seeding) whose
// sequence depends only on the seed, so that seeded training is reproducible everywhere.
#pragma once

#include <cstdint>

namespace gramvec::embed {

class Random {
 public:
  explicit Random(std::uint64_t seed) {
    std::uint64_t state = seed;
    for (auto& word : state_) word = splitmix64(state);
  }

  // xoshiro256+ step (Blackman & Vigna): fine for sampling, not for cryptography.
  std::uint64_t next() {
    std::uint64_t result = state_[0] + state_[3];
    std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = (state_[3] << 45) | (state_[3] >> 19);
    return result;
  }
  // Uniform in [0, 1) with 24 bits of precision.
  float uniform_float() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }
  // Uniform in [0, bound) (bound > 0), by multiply-shift (bias below 2^-32).
  std::uint32_t below(std::uint32_t bound) {
    return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(bound)) >> 32);
  }

  static std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t value = (state += 0x9e3779b97f4a7c15ULL);
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
  }

 private:
  std::uint64_t state_[4];
};

}  // namespace gramvec::embed
