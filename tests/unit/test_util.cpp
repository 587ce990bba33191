// The util layer: order dispatch, the stored word keys, checksums.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "util/checksum.hpp"
#include "util/order_dispatch.hpp"
#include "util/word_key.hpp"

namespace util = gramvec::util;

TEST_CASE("util: with_order calls the code compiled for the order asked, and returns its result") {
  for (int n = 2; n <= 10; ++n) {
    CAPTURE(n);
    int seen = util::with_order<2, 10>(n, [](auto order) { return decltype(order)::value; });
    CHECK(seen == n);
  }
  std::vector<int> calls;
  util::with_order<1, 3>(3, [&](auto order) { calls.push_back(decltype(order)::value); });
  CHECK(calls == std::vector<int>{3});
  // Out of range: the nearest bound (callers check the range first).
  CHECK(util::with_order<2, 4>(9, [](auto order) { return decltype(order)::value; }) == 4);
  CHECK(util::with_order<2, 4>(0, [](auto order) { return decltype(order)::value; }) == 2);
}

TEST_CASE("util: n-gram keys of binary models are pinned (format version 1 of the key)") {
  // The word keys themselves are pinned in test_format_fixtures.cpp (NGramModel::word_hash).
  CHECK(util::kWordKeyVersion == 1);
  const std::uint64_t the_of = util::extend_word_key(util::word_key("the"), util::word_key("of"));
  CHECK(the_of == 0xdecf9dabb56680afULL);
  CHECK(util::extend_word_key(the_of, util::word_key("中文")) == 0x2117890f9b48c526ULL);
  CHECK(util::extend_word_key(0, 0) == 1);  // never 0, the empty slot
}

TEST_CASE("util: the checksum is XXH3-64, the same fed whole or in pieces") {
  CHECK(util::Checksum::of("") == 0x2d06800538d394c2ULL);  // as xxhsum -H3 prints them
  CHECK(util::Checksum::of("abc") == 0x78af5f94892f3950ULL);
  std::string text;
  for (int i = 0; i < 5000; ++i) text += static_cast<char>('a' + i % 26);
  for (std::size_t piece : {1UL, 7UL, 64UL, 1000UL}) {
    util::Checksum checksum;
    for (std::size_t at = 0; at < text.size(); at += piece) checksum.update(std::string_view(text).substr(at, piece));
    CHECK(checksum.value() == util::Checksum::of(text));
  }
  util::Checksum moved;
  moved.update("abc");
  util::Checksum other = std::move(moved);
  CHECK(other.value() == 0x78af5f94892f3950ULL);
}
