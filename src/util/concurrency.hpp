// The concurrency pieces gramvec's pipelines are built from: a parallel loop and a task group
// that pass the first exception on to the caller, and a bounded queue between a producer and a
// consumer thread that carries the producer's failure and the consumer's cancellation.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace gramvec::util {

// Threads to use for `requested` (0: all cores), at least 1.
std::size_t thread_count(std::size_t requested);

// Runs work(i) for every i in [first, last) on up to `max_threads` threads (0: all cores); the
// threads take the highest i first (the largest n-gram orders take longest). The first exception thrown by
// `work` stops the rest and is rethrown here once every thread has stopped.
void parallel_for(std::size_t first, std::size_t last, const std::function<void(std::size_t)>& work,
                  std::size_t max_threads = 0);

// Tasks on threads of their own, at most `limit` running at once (0: each runs at once on the
// caller's thread). wait() joins them all and rethrows the first exception one threw; the
// destructor joins them too.
class TaskGroup {
 public:
  explicit TaskGroup(std::size_t limit) : limit_(limit) {}
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  void run(std::function<void()> task);
  void wait();

 private:
  void join_all();

  std::size_t limit_;
  std::deque<std::thread> running_;
  std::mutex mutex_;
  std::exception_ptr failure_;
};

// A queue of at most `capacity` items from producers to consumers. The producer ends it with
// close() (and its failure, if any); a consumer may cancel() it, after which push() fails at
// once, so a producer blocked on a full queue cannot hang the consumer's shutdown.
template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  // Waits for room; false (the item dropped) once the consumer has cancelled.
  bool push(T item) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return items_.size() < capacity_ || cancelled_; });
    if (cancelled_) return false;
    items_.push_back(std::move(item));
    changed_.notify_all();
    return true;
  }
  // Waits for an item; nullopt at the end: after close() once every item was taken (then the
  // producer's failure, if any, is rethrown), or after cancel().
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !items_.empty() || closed_ || cancelled_; });
    if (cancelled_) return std::nullopt;
    if (items_.empty()) {
      if (failure_) std::rethrow_exception(failure_);
      return std::nullopt;
    }
    T item = std::move(items_.front());
    items_.pop_front();
    changed_.notify_all();
    return item;
  }
  // An item if one is waiting, without blocking.
  std::optional<T> try_pop() {
    std::lock_guard lock(mutex_);
    if (items_.empty() || cancelled_) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    changed_.notify_all();
    return item;
  }
  // Producer: no more items; pop() rethrows `failure` after the items pushed before it.
  void close(std::exception_ptr failure = nullptr) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    failure_ = std::move(failure);
    changed_.notify_all();
  }
  // Consumer: stop; waiting and later pushes return false, queued items are dropped.
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    items_.clear();
    changed_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<T> items_;
  bool closed_ = false;
  bool cancelled_ = false;
  std::exception_ptr failure_;
};

// Items submitted in order are mapped on `threads` worker threads, and the results are handed
// to `consume` in the order the items were submitted (one at a time), so that a sum over them
// comes out the same, to the last bit, whatever the number of threads. submit() waits while
// `threads` items are queued, and while `window` items (0: no limit) are submitted but not yet
// consumed, which bounds the results held. finish() maps the rest, joins the workers and
// rethrows the first exception `map` or `consume` threw.
template <typename In, typename Out>
class OrderedParallelMap {
 public:
  OrderedParallelMap(std::size_t threads, std::function<Out(In&)> map, std::function<void(Out&)> consume,
                     std::size_t window = 0)
      : map_(std::move(map)), consume_(std::move(consume)), window_(window), queue_(threads) {
    for (std::size_t k = 0; k < threads; ++k) workers_.emplace_back([this] { work(); });
  }
  ~OrderedParallelMap() {
    queue_.cancel();
    join();
  }
  OrderedParallelMap(const OrderedParallelMap&) = delete;
  OrderedParallelMap& operator=(const OrderedParallelMap&) = delete;

  // False (the item dropped) once the map has stopped: stop() was called or a call threw.
  bool submit(In item) {
    {
      std::unique_lock lock(mutex_);
      room_.wait(lock, [&] { return stopped_ || window_ == 0 || submitted_ - consumed_ < window_; });
      if (stopped_) return false;
    }
    return queue_.push({submitted_++, std::move(item)});
  }
  // For `consume` only: nothing more is mapped or consumed (finish() then returns normally).
  void stop() {
    stopped_ = true;
    queue_.cancel();
    room_.notify_all();
  }
  void finish() {
    queue_.close();
    join();
    std::lock_guard lock(mutex_);
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  }

 private:
  void work() {
    try {
      while (auto job = queue_.pop()) {
        Out out = map_(job->second);
        std::lock_guard lock(mutex_);
        done_.emplace(job->first, std::move(out));
        while (!stopped_ && !done_.empty() && done_.begin()->first == consumed_) {
          consume_(done_.begin()->second);
          done_.erase(done_.begin());
          ++consumed_;
          room_.notify_all();
        }
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
      stop();
    }
  }
  void join() {
    for (auto& worker : workers_) worker.join();
    workers_.clear();
  }

  std::function<Out(In&)> map_;
  std::function<void(Out&)> consume_;
  std::size_t window_;
  BoundedQueue<std::pair<std::size_t, In>> queue_;
  std::size_t submitted_ = 0;  // (the submitting thread's alone)
  std::mutex mutex_;           // guards what follows
  std::condition_variable room_;
  std::map<std::size_t, Out> done_;  // results that finished before an earlier one
  std::size_t consumed_ = 0;
  bool stopped_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> workers_;
};

}  // namespace gramvec::util
