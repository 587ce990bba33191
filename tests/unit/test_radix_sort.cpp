// The in-place radix sort of the external sorter against std::stable_sort: both key orders, ids
// of every width (one digit to all 32 bits), many equal keys, digits where every record agrees,
// sizes around the point where buckets go to comparison sorting.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "ngram/bounded/bounded_stages.hpp"
#include "ngram/bounded/radix_sort.hpp"

namespace {

namespace ngram = gramvec::ngram;
using ngram::bounded::ContextOrder;
using ngram::bounded::CountRecord;
using ngram::bounded::SuffixOrder;

template <int N>
std::vector<CountRecord<N>> random_records(std::size_t size, std::uint32_t id_limit, std::uint32_t seed) {
  std::mt19937 random(seed);
  // Skewed ids, as words are: many small ones, a few up to the limit.
  std::uniform_int_distribution<std::uint32_t> any(0, id_limit);
  std::uniform_int_distribution<std::uint32_t> small(0, std::min<std::uint32_t>(id_limit, 5));
  std::vector<CountRecord<N>> records(size);
  for (std::size_t index = 0; index < size; ++index) {
    for (auto& id : records[index].ids) id = random() % 3 == 0 ? any(random) : small(random);
    records[index].count = index;  // tells records with equal keys apart
  }
  return records;
}

// Sorted by radix_sort, the keys are in order and the records a permutation of the input.
template <int N, typename Order>
void check_sorted_like_std(std::vector<CountRecord<N>> records, Order order) {
  std::vector<CountRecord<N>> expected = records;
  std::stable_sort(expected.begin(), expected.end(), order);
  ngram::radix_sort(records.data(), records.size(), order);
  REQUIRE(records.size() == expected.size());
  for (std::size_t index = 0; index < records.size(); ++index) {
    REQUIRE(records[index].ids == expected[index].ids);
  }
  auto by_count = [](const CountRecord<N>& a, const CountRecord<N>& b) { return a.count < b.count; };
  std::sort(records.begin(), records.end(), by_count);
  std::sort(expected.begin(), expected.end(), by_count);
  for (std::size_t index = 0; index < records.size(); ++index) {
    // Copies: the packed 8-byte count may be unaligned, and REQUIRE binds references.
    const std::uint64_t got = records[index].count;
    const std::uint64_t want = expected[index].count;
    REQUIRE(got == want);
    REQUIRE(records[index].ids == expected[index].ids);
  }
}

}  // namespace

TEST_CASE("radix sort orders records as std::sort does, in context and in suffix order") {
  for (std::uint32_t id_limit : {0U, 1U, 200U, 255U, 256U, 70000U, 1U << 20, 0xFFFFFFFFU}) {
    for (std::size_t size : {0UL, 1UL, 2UL, 95UL, 96UL, 97UL, 1000UL, 50000UL}) {
      CAPTURE(id_limit);
      CAPTURE(size);
      check_sorted_like_std<3>(random_records<3>(size, id_limit, 7), ContextOrder());
      check_sorted_like_std<3>(random_records<3>(size, id_limit, 8), SuffixOrder());
    }
  }
  check_sorted_like_std<2>(random_records<2>(30000, 1000, 9), SuffixOrder());
  check_sorted_like_std<5>(random_records<5>(30000, 300000, 10), ContextOrder());
  check_sorted_like_std<5>(random_records<5>(30000, 300000, 11), SuffixOrder());
}

TEST_CASE("radix sort: records that agree on every digit but the last, and all-equal keys") {
  std::vector<CountRecord<4>> records(5000);
  for (std::size_t index = 0; index < records.size(); ++index) {
    records[index].ids = {7, 7, 7, static_cast<std::uint32_t>((index * 7919) % 1000)};
    records[index].count = index;
  }
  check_sorted_like_std<4>(records, ContextOrder());
  check_sorted_like_std<4>(records, SuffixOrder());
  for (auto& record : records) record.ids = {3, 1, 4, 1};
  check_sorted_like_std<4>(records, ContextOrder());
}
