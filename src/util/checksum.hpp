// The checksum of every gramvec file format: XXH3-64 (xxHash), so a file's checksum can be
// checked with `xxh64sum`-family tools that know XXH3 (`xxhsum -H3`). It tells a corrupt or
// truncated file from a good one (not cryptographic); the value depends only on the bytes, not
// on how they were split into update() calls.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

namespace gramvec::util {

class Checksum {
 public:
  Checksum();
  ~Checksum();
  Checksum(Checksum&&) noexcept;
  Checksum& operator=(Checksum&&) noexcept;

  void update(std::string_view bytes);
  std::uint64_t value() const;

  static std::uint64_t of(std::string_view bytes);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace gramvec::util
