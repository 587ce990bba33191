// gramvec ngrams: the list of a tiny corpus counted by hand, in memory and in bounded memory.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "ngram/count/ngram_list.hpp"
#include "temp_dir.hpp"

namespace {

using gramvec::ngram::NGramListOptions;

// "text<TAB>count" per n-gram, in the list's order; in memory and with --memory alike.
std::vector<std::string> listed(const std::string& path, NGramListOptions options) {
  std::vector<std::string> result;
  auto sink = [&](std::string_view text, int order, std::uint64_t count) {
    CHECK(order == 1 + static_cast<int>(std::count(text.begin(), text.end(), ' ')));
    result.push_back(std::string(text) + "\t" + std::to_string(count));
  };
  auto summary = gramvec::ngram::list_ngrams({path}, options, sink);
  REQUIRE(summary.is_ok());
  CHECK(summary->listed == result.size());

  std::vector<std::string> bounded;
  options.memory = gramvec::ngram::BoundedMemoryOptions{gramvec::ngram::minimum_bounded_memory(), ""};
  auto bounded_sink = [&](std::string_view text, int, std::uint64_t count) {
    bounded.push_back(std::string(text) + "\t" + std::to_string(count));
  };
  REQUIRE(gramvec::ngram::list_ngrams({path}, options, bounded_sink).is_ok());
  CHECK(bounded == result);
  return result;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("ngram list: a corpus counted by hand") {
  gramvec::test::TempDir dir("gramvec-ngram-list");
  std::string path = dir.file("corpus.txt");
  std::ofstream(path) << "a b a\nb a\na b\n";
  // Sentences: <s> a b a </s>, <s> b a </s>, <s> a b </s>.
  //   1-grams: a 4, b 3, <s> 3, </s> 3
  //   2-grams: <s> a 2, a b 2, b a 2, a </s> 2, <s> b 1, b </s> 1
  //   3-grams: <s> a b 2, b a </s> 2, a b a 1, <s> b a 1, a b </s> 1
  NGramListOptions options;  // orders 1-2, min count 1, all, boundaries dropped

  SUBCASE("orders 1-2: counts descending, ties by bytes across orders") {
    CHECK(listed(path, options) == Lines{"a\t4", "b\t3", "a b\t2", "b a\t2"});
  }
  SUBCASE("order 2 only") {
    options.min_order = options.max_order = 2;
    CHECK(listed(path, options) == Lines{"a b\t2", "b a\t2"});
  }
  SUBCASE("orders 1-3 with min count 2") {
    options.max_order = 3;
    options.min_count = 2;
    CHECK(listed(path, options) == Lines{"a\t4", "b\t3", "a b\t2", "b a\t2"});
    options.min_count = 1;
    CHECK(listed(path, options) == Lines{"a\t4", "b\t3", "a b\t2", "b a\t2", "a b a\t1"});
  }
  SUBCASE("top 3, and top beyond the list") {
    options.top = 3;
    CHECK(listed(path, options) == Lines{"a\t4", "b\t3", "a b\t2"});
    options.top = 100;
    CHECK(listed(path, options) == Lines{"a\t4", "b\t3", "a b\t2", "b a\t2"});
  }
  SUBCASE("boundaries kept: </s> sorts before <s> ('/' < 's')") {
    options.boundaries = true;
    CHECK(listed(path, options) == Lines{"a\t4", "</s>\t3", "<s>\t3", "b\t3", "<s> a\t2", "a </s>\t2", "a b\t2",
                                         "b a\t2", "<s> b\t1", "b </s>\t1"});
    options.min_order = options.max_order = 3;
    options.top = 2;
    CHECK(listed(path, options) == Lines{"<s> a b\t2", "b a </s>\t2"});
  }
}

TEST_CASE("ngram list: ties compare the joined text's bytes, a prefix first") {
  gramvec::test::TempDir dir("gramvec-ngram-list-bytes");
  std::string path = dir.file("corpus.txt");
  std::ofstream(path) << "ab a\n";
  // Every n-gram once; by bytes "a" < "ab" < "ab a" (a prefix first).
  NGramListOptions options;
  CHECK(listed(path, options) == Lines{"a\t1", "ab\t1", "ab a\t1"});
  std::ofstream(path) << "a ab\n";
  // "a ab" joins with a space (0x20), which sorts before "ab"'s 'b'.
  CHECK(listed(path, options) == Lines{"a\t1", "a ab\t1", "ab\t1"});
}

TEST_CASE("ngram list: orders out of range are refused") {
  NGramListOptions options;
  options.min_order = 3;
  options.max_order = 2;
  CHECK_FALSE(gramvec::ngram::list_ngrams({"unused"}, options, [](std::string_view, int, std::uint64_t) {}).is_ok());
  options.min_order = 1;
  options.max_order = 11;
  CHECK_FALSE(gramvec::ngram::list_ngrams({"unused"}, options, [](std::string_view, int, std::uint64_t) {}).is_ok());
}
