#include "util/checksum.hpp"

#include <xxhash.h>

#include <new>

namespace gramvec::util {

struct Checksum::State {
  State() : xxh3(XXH3_createState()) {
    if (xxh3 == nullptr) throw std::bad_alloc();
    XXH3_64bits_reset(xxh3);
  }
  ~State() { XXH3_freeState(xxh3); }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  XXH3_state_t* xxh3;
};

Checksum::Checksum() : state_(std::make_unique<State>()) {}
Checksum::~Checksum() = default;
Checksum::Checksum(Checksum&&) noexcept = default;
Checksum& Checksum::operator=(Checksum&&) noexcept = default;

void Checksum::update(std::string_view bytes) { XXH3_64bits_update(state_->xxh3, bytes.data(), bytes.size()); }

std::uint64_t Checksum::value() const { return XXH3_64bits_digest(state_->xxh3); }

std::uint64_t Checksum::of(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

}  // namespace gramvec::util
