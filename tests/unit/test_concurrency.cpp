// util/concurrency: the parallel loop, the task group and the bounded queue.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "util/concurrency.hpp"

namespace util = gramvec::util;

TEST_CASE("concurrency: parallel_for runs every index once, on any number of threads") {
  for (std::size_t threads : {1UL, 2UL, 4UL, 0UL}) {
    CAPTURE(threads);
    std::vector<std::atomic<int>> runs(100);
    util::parallel_for(3, 100, [&](std::size_t i) { ++runs[i]; }, threads);
    for (std::size_t i = 0; i < runs.size(); ++i) CHECK(runs[i] == (i >= 3 ? 1 : 0));
  }
  util::parallel_for(5, 5, [](std::size_t) { FAIL("no index in an empty range"); });
}

TEST_CASE("concurrency: parallel_for passes the first exception on and stops taking work") {
  for (std::size_t threads : {1UL, 3UL}) {
    CAPTURE(threads);
    std::atomic<int> started{0};
    std::atomic<bool> thrown{false};
    auto run = [&] {
      util::parallel_for(
          0, 1000,
          [&](std::size_t i) {
            ++started;
            if (i == 990) {
              thrown = true;
              throw std::runtime_error("order " + std::to_string(i));
            }
            // Work after the failure is slow, so the other threads cannot run out of work while the
            // failing one is still unwinding (which is slow under the sanitizers); a loop that keeps
            // taking work would need seconds to reach the end.
            if (thrown) std::this_thread::sleep_for(std::chrono::milliseconds(10));
          },
          threads);
    };
    CHECK_THROWS_WITH_AS(run(), "order 990", std::runtime_error);
    CHECK(started < 1000);
  }
}

TEST_CASE("concurrency: a task group runs at most its limit at once and rethrows the first failure") {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::atomic<int> done{0};
  {
    util::TaskGroup group(2);
    for (int i = 0; i < 8; ++i) {
      group.run([&] {
        int now = ++running;
        for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        --running;
        ++done;
      });
    }
    group.wait();
  }
  CHECK(done == 8);
  CHECK(most <= 2);

  util::TaskGroup failing(3);
  failing.run([] { throw std::runtime_error("first"); });
  failing.run([] {});
  CHECK_THROWS_WITH_AS(failing.wait(), "first", std::runtime_error);
  failing.wait();  // the failure is reported once

  util::TaskGroup inline_group(0);
  std::thread::id ran_on;
  inline_group.run([&] { ran_on = std::this_thread::get_id(); });
  CHECK(ran_on == std::this_thread::get_id());
}

TEST_CASE("concurrency: a bounded queue hands items over in order, then the producer's failure") {
  util::BoundedQueue<int> queue(3);
  std::atomic<bool> refused{false};
  std::thread producer([&] {
    for (int i = 0; i < 10000; ++i) refused = refused || !queue.push(i);
    queue.close(std::make_exception_ptr(std::runtime_error("producer failed")));
  });
  int expected = 0;
  bool failed = false;
  try {
    while (auto item = queue.pop()) CHECK(*item == expected++);
  } catch (const std::runtime_error& error) {
    failed = std::string(error.what()) == "producer failed";
  }
  producer.join();
  CHECK_FALSE(refused);
  CHECK(expected == 10000);
  CHECK(failed);

  util::BoundedQueue<int> clean(2);
  clean.push(1);
  clean.close();
  CHECK(clean.pop() == 1);
  CHECK_FALSE(clean.pop().has_value());
  CHECK_FALSE(clean.try_pop().has_value());
}

TEST_CASE("concurrency: cancelling a bounded queue releases a producer waiting on it") {
  util::BoundedQueue<int> queue(1);
  std::atomic<bool> refused{false};
  std::thread producer([&] {
    queue.push(1);
    refused = !queue.push(2);  // waits: the queue is full until cancelled
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  queue.cancel();
  producer.join();
  CHECK(refused);
  CHECK_FALSE(queue.pop().has_value());
}

TEST_CASE("concurrency: an ordered parallel map consumes results in submission order") {
  for (std::size_t threads : {1UL, 2UL, 5UL}) {
    CAPTURE(threads);
    std::vector<int> consumed;
    util::OrderedParallelMap<int, int> map(
        threads,
        [](int& item) {
          if (item % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));  // finish out of order
          return item * 2;
        },
        [&](int& result) { consumed.push_back(result); });
    for (int i = 0; i < 500; ++i) map.submit(i);
    map.finish();
    REQUIRE(consumed.size() == 500);
    for (int i = 0; i < 500; ++i) CHECK(consumed[static_cast<std::size_t>(i)] == 2 * i);
  }
  // A window of 3: never more than 3 items submitted and not yet consumed.
  {
    std::atomic<int> submitted{0};
    std::atomic<int> consumed{0};
    int most_ahead = 0;
    util::OrderedParallelMap<int, int> windowed(
        4, [](int& item) { return item; },
        [&](int&) {
          most_ahead = std::max(most_ahead, submitted.load() - consumed.load());
          ++consumed;
        },
        3);
    for (int i = 0; i < 200; ++i) {
      CHECK(windowed.submit(i));
      ++submitted;
    }
    windowed.finish();
    CHECK(consumed == 200);
    CHECK(most_ahead <= 3);
  }
  // stop() from consume: nothing after it is consumed and submit() refuses further items.
  {
    std::vector<int> consumed;
    util::OrderedParallelMap<int, int>* self = nullptr;
    util::OrderedParallelMap<int, int> stopping(
        2, [](int& item) { return item; },
        [&](int& result) {
          consumed.push_back(result);
          if (result == 5) self->stop();
        },
        2);
    self = &stopping;
    int refused_at = -1;
    for (int i = 0; i < 1000 && refused_at < 0; ++i) {
      if (!stopping.submit(i)) refused_at = i;
    }
    stopping.finish();
    CHECK(refused_at > 5);
    CHECK(refused_at <= 8);
    REQUIRE(consumed.size() == 6);
    for (int i = 0; i <= 5; ++i) CHECK(consumed[static_cast<std::size_t>(i)] == i);
  }
  util::OrderedParallelMap<int, int> failing(
      2, [](int& item) -> int { if (item == 3) throw std::runtime_error("bad item"); return item; }, [](int&) {});
  for (int i = 0; i < 10; ++i) failing.submit(i);
  CHECK_THROWS_WITH_AS(failing.finish(), "bad item", std::runtime_error);
}
