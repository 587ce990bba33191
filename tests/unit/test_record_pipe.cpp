// The producer thread of the bounded stages: records arrive in order and complete, a failure
// arrives after the records produced before it, and a caller that stops early stops the producer.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>

#include "ngram/bounded/record_pipe.hpp"

namespace {
using Pipe = gramvec::ngram::RecordPipe<std::uint64_t>;
}

TEST_CASE("record pipe: every record, in order, across many chunks") {
  for (std::uint64_t total : {0ULL, 1ULL, 16383ULL, 16384ULL, 16385ULL, 200000ULL}) {
    Pipe pipe([total](Pipe::Emit& emit) {
      for (std::uint64_t value = 0; value < total; ++value) emit(value * 3);
    });
    std::uint64_t expected = 0;
    std::uint64_t record = 0;
    while (pipe.next(record)) {
      REQUIRE(record == expected * 3);
      ++expected;
    }
    CHECK(expected == total);
    CHECK_FALSE(pipe.next(record));
  }
}

TEST_CASE("record pipe: the producer's failure comes after the records before it") {
  Pipe pipe([](Pipe::Emit& emit) {
    for (std::uint64_t value = 0; value < 40000; ++value) emit(value);
    throw std::runtime_error("spill file unreadable");
  });
  std::uint64_t seen = 0;
  std::uint64_t record = 0;
  bool failed = false;
  try {
    while (pipe.next(record)) {
      REQUIRE(record == seen);
      ++seen;
    }
  } catch (const std::runtime_error& error) {
    failed = true;
    CHECK(std::string(error.what()) == "spill file unreadable");
  }
  CHECK(failed);
  CHECK(seen == 40000);
}

TEST_CASE("record pipe: a caller that stops early stops an endless producer") {
  std::atomic<std::uint64_t> produced{0};
  {
    Pipe pipe([&produced](Pipe::Emit& emit) {
      for (std::uint64_t value = 0;; ++value) {
        emit(value);
        ++produced;
      }
    });
    std::uint64_t record = 0;
    for (int k = 0; k < 10; ++k) REQUIRE(pipe.next(record));
  }  // must return: the producer is cancelled at its next chunk
  CHECK(produced.load() < 16384 * 8);
}
