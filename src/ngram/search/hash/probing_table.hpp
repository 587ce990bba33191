// An open-addressing hash table of n-gram entries keyed by a non-zero 64-bit hash, with linear
// probing (the structure of KenLM's PROBING). The slots are either owned (a model parsed from
// ARPA) or borrowed from a memory-mapped binary model file; either way they are one contiguous
// array, so the binary format is the array itself.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace gramvec::ngram {

// Entries of orders below the highest: probability and backoff.
struct MiddleEntry {
  std::uint64_t key = 0;  // 0: empty slot
  float log10_probability = 0.0F;
  float log10_backoff = 0.0F;
};
static_assert(sizeof(MiddleEntry) == 16);

// Entries of the highest order have no backoff: 12 bytes.
#pragma pack(push, 4)
struct LastEntry {
  std::uint64_t key = 0;
  float log10_probability = 0.0F;
  static constexpr float log10_backoff = 0.0F;
};
#pragma pack(pop)
static_assert(sizeof(LastEntry) == 12);

template <typename EntryType>
class ProbingTable {
 public:
  // Slots per entry; KenLM's default probing multiplier.
  static constexpr double kDefaultSpace = 1.5;

  ProbingTable() = default;
  ProbingTable(ProbingTable&&) noexcept = default;
  ProbingTable& operator=(ProbingTable&&) noexcept = default;
  ProbingTable(const ProbingTable&) = delete;
  ProbingTable& operator=(const ProbingTable&) = delete;

  static std::size_t slots_for(std::size_t count, double space = kDefaultSpace) {
    return static_cast<std::size_t>(static_cast<double>(count) * space) + 8;
  }
  // Owned, empty slots for `count` entries.
  void reserve(std::size_t count, double space = kDefaultSpace) {
    owned_.assign(slots_for(count, space), EntryType{});
    slots_ = owned_.data();
    slot_count_ = owned_.size();
    size_ = 0;
  }
  // Borrowed slots (a mapped file that outlives the table).
  void attach(const EntryType* slots, std::size_t slot_count, std::size_t size) {
    owned_.clear();
    owned_.shrink_to_fit();
    slots_ = const_cast<EntryType*>(slots);
    slot_count_ = slot_count;
    size_ = size;
  }

  std::size_t slot_of(std::uint64_t key) const {
    __extension__ using Uint128 = unsigned __int128;
    return static_cast<std::size_t>((static_cast<Uint128>(key) * slot_count_) >> 64);
  }
  void prefetch(std::uint64_t key) const { __builtin_prefetch(slots_ + slot_of(key)); }

  // The new entry, or nullptr if the key is present already (owned slots only).
  EntryType* insert(std::uint64_t key) {
    std::size_t slot = slot_of(key);
    for (;;) {
      EntryType& entry = slots_[slot];
      if (entry.key == 0) {
        entry.key = key;
        ++size_;
        return &entry;
      }
      if (entry.key == key) return nullptr;
      if (++slot == slot_count_) slot = 0;
    }
  }
  // The entry of `key`, or nullptr. At most every slot is probed once, so that a table with no
  // empty slot (only a crafted file has one) cannot make a lookup loop forever.
  const EntryType* find(std::uint64_t key) const {
    std::size_t slot = slot_of(key);
    for (std::size_t probes = 0; probes < slot_count_; ++probes) {
      const EntryType& entry = slots_[slot];
      if (entry.key == key) return &entry;
      if (entry.key == 0) return nullptr;
      if (++slot == slot_count_) slot = 0;
    }
    return nullptr;
  }

  // The same entries in a table of `slots_for(size(), space)` owned slots, inserted in the
  // order of their home slots (then keys), so that the result does not depend on the order in
  // which this table was filled: a model converted from ARPA or from binary is the same file.
  ProbingTable rebuilt(double space) const {
    ProbingTable table;
    table.reserve(size_, space);
    std::vector<EntryType> entries;
    entries.reserve(size_);
    for (std::size_t slot = 0; slot < slot_count_; ++slot) {
      if (slots_[slot].key != 0) entries.push_back(slots_[slot]);
    }
    std::sort(entries.begin(), entries.end(), [&table](const EntryType& left, const EntryType& right) {
      std::size_t left_home = table.slot_of(left.key);
      std::size_t right_home = table.slot_of(right.key);
      return left_home != right_home ? left_home < right_home : left.key < right.key;
    });
    for (const EntryType& entry : entries) *table.insert(entry.key) = entry;
    return table;
  }

  std::size_t size() const { return size_; }
  std::span<const EntryType> slots() const { return {slots_, slot_count_}; }

 private:
  std::vector<EntryType> owned_;
  EntryType* slots_ = nullptr;
  std::size_t slot_count_ = 0;
  std::size_t size_ = 0;
};

}  // namespace gramvec::ngram
