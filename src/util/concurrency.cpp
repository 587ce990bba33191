#include "util/concurrency.hpp"

#include <algorithm>
#include <atomic>

namespace gramvec::util {

std::size_t thread_count(std::size_t requested) {
  if (requested > 0) return requested;
  return std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

void parallel_for(std::size_t first, std::size_t last, const std::function<void(std::size_t)>& work,
                  std::size_t max_threads) {
  if (last <= first) return;
  std::size_t workers = std::min<std::size_t>(thread_count(max_threads), last - first);
  if (workers <= 1) {
    for (std::size_t i = first; i < last; ++i) work(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (std::size_t t = 0; t < workers; ++t) {
    threads.emplace_back([&] {
      try {
        for (std::size_t taken = next++; taken < last - first; taken = next++) work(last - 1 - taken);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = last - first;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

TaskGroup::~TaskGroup() { join_all(); }

void TaskGroup::run(std::function<void()> task) {
  auto guarded = [this, task = std::move(task)] {
    try {
      task();
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
    }
  };
  if (limit_ == 0) {
    guarded();
    return;
  }
  if (running_.size() >= limit_) {
    running_.front().join();
    running_.pop_front();
  }
  running_.emplace_back(std::move(guarded));
}

void TaskGroup::join_all() {
  for (auto& thread : running_) thread.join();
  running_.clear();
}

void TaskGroup::wait() {
  join_all();
  std::exception_ptr failure;
  {
    std::lock_guard lock(mutex_);
    failure = std::exchange(failure_, nullptr);
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace gramvec::util
