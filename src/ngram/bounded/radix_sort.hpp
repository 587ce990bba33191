// In-place most-significant-digit radix sort (American flag sort) of records whose order is
// lexicographic on a fixed number of 32-bit word ids, the order's own significance given by a
// key policy. It replaces std::sort in the external sorter: records are sorted a byte of an id
// at a time into 256 buckets in place (no second buffer, so --memory holds as many records), and
// buckets too small to be worth another pass go to std::sort. Time grows linearly with the
// number of records, where a comparison sort's grows as n log n.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace gramvec::ngram {

// A key policy: `Order::radix_key(record, level)` is the id compared at `level` (0 most
// significant) and `Order::radix_levels<Record>()` how many levels there are; the order must
// compare exactly those ids in that significance.
template <typename Order, typename Record>
concept RadixOrder = requires(const Record& record) {
  { Order::radix_key(record, std::size_t{0}) } -> std::convertible_to<std::uint32_t>;
  { Order::template radix_levels<Record>() } -> std::convertible_to<std::size_t>;
};

namespace radix_detail {

// Buckets smaller than this are sorted by comparison.
inline constexpr std::size_t kSmallBucket = 96;

template <typename Record, typename Order>
struct Sorter {
  const Order& order;
  std::size_t levels;
  // An id's significant bits (all ids are below 2^bits) taken 8 at a time from the top; the last
  // digit may have fewer.
  std::size_t digits_per_id;
  std::array<unsigned, 4> shifts{};
  std::array<std::uint32_t, 4> masks{};

  Sorter(const Order& order_, std::size_t levels_, unsigned bits) : order(order_), levels(levels_) {
    bits = std::max(bits, 1U);
    digits_per_id = (bits + 7) / 8;
    for (std::size_t digit = 0; digit < digits_per_id; ++digit) {
      const int shift = static_cast<int>(bits) - 8 * static_cast<int>(digit + 1);
      shifts[digit] = static_cast<unsigned>(std::max(shift, 0));
      masks[digit] = shift >= 0 ? 0xFFU : (1U << (8 + shift)) - 1U;
    }
  }

  std::uint32_t digit(const Record& record, std::size_t position) const {
    const std::size_t level = position / digits_per_id;
    const std::size_t within = position % digits_per_id;
    return (static_cast<std::uint32_t>(Order::radix_key(record, level)) >> shifts[within]) & masks[within];
  }

  void sort(Record* begin, std::size_t size, std::size_t position) const {
    const std::size_t positions = levels * digits_per_id;
    while (true) {
      if (size < 2 || position == positions) return;
      if (size < kSmallBucket) {
        std::sort(begin, begin + size, order);
        return;
      }
      std::array<std::size_t, 256> counts{};
      for (std::size_t index = 0; index < size; ++index) ++counts[digit(begin[index], position)];
      // One bucket holding everything: nothing to move at this digit.
      if (std::find(counts.begin(), counts.end(), size) != counts.end()) {
        ++position;
        continue;
      }
      std::array<std::size_t, 256> heads{};
      std::array<std::size_t, 256> ends{};
      std::size_t offset = 0;
      for (std::size_t bucket = 0; bucket < 256; ++bucket) {
        heads[bucket] = offset;
        offset += counts[bucket];
        ends[bucket] = offset;
      }
      // Each record is moved straight to its bucket's next free place, the record found there
      // taken on in its turn, until the cycle comes back to the bucket being filled.
      for (std::size_t bucket = 0; bucket < 256; ++bucket) {
        while (heads[bucket] < ends[bucket]) {
          Record carried = begin[heads[bucket]];
          std::uint32_t target = digit(carried, position);
          while (target != bucket) {
            std::swap(carried, begin[heads[target]++]);
            target = digit(carried, position);
          }
          begin[heads[bucket]++] = carried;
        }
      }
      std::size_t start = 0;
      for (std::size_t bucket = 0; bucket < 256; ++bucket) {
        sort(begin + start, counts[bucket], position + 1);
        start += counts[bucket];
      }
      return;
    }
  }
};

}  // namespace radix_detail

// Sorts [begin, begin + size) in `order`. Records with equal keys end up in no particular order
// (as with std::sort).
template <typename Record, typename Order>
  requires RadixOrder<Order, Record>
void radix_sort(Record* begin, std::size_t size, const Order& order) {
  const std::size_t levels = Order::template radix_levels<Record>();
  std::uint32_t all_bits = 0;
  for (std::size_t index = 0; index < size; ++index) {
    for (std::size_t level = 0; level < levels; ++level) {
      all_bits |= static_cast<std::uint32_t>(Order::radix_key(begin[index], level));
    }
  }
  const radix_detail::Sorter<Record, Order> sorter(order, levels, static_cast<unsigned>(std::bit_width(all_bits)));
  sorter.sort(begin, size, 0);
}

}  // namespace gramvec::ngram
