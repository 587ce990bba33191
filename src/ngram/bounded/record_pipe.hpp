// A producer on a thread of its own handing records to the caller in chunks through a short
// queue: the bounded stages use it to read and merge one stream while the caller works on what
// it has been handed (a two-stage pipeline on two cores).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace gramvec::ngram {

template <typename Record>
class RecordPipe {
 public:
  // What the producer calls for each record, in order.
  class Emit {
   public:
    void operator()(const Record& record) {
      chunk_.push_back(record);
      if (chunk_.size() == kChunkRecords) pipe_.hand_over(chunk_);
    }

   private:
    friend class RecordPipe;
    explicit Emit(RecordPipe& pipe) : pipe_(pipe) { chunk_.reserve(kChunkRecords); }
    RecordPipe& pipe_;
    std::vector<Record> chunk_;
  };

  // Starts produce(emit) on its own thread.
  explicit RecordPipe(std::function<void(Emit&)> produce) {
    producer_ = std::thread([this, produce = std::move(produce)] {
      Emit emit(*this);
      std::exception_ptr failure;
      try {
        produce(emit);
        if (!emit.chunk_.empty()) hand_over(emit.chunk_);
      } catch (const Cancelled&) {
      } catch (...) {
        failure = std::current_exception();
        try {
          if (!emit.chunk_.empty()) hand_over(emit.chunk_);  // what came before the failure
        } catch (const Cancelled&) {
        }
      }
      std::lock_guard lock(mutex_);
      failure_ = failure;
      done_ = true;
      changed_.notify_all();
    });
  }

  // Stops the producer (at its next chunk) if it has not finished.
  ~RecordPipe() {
    {
      std::lock_guard lock(mutex_);
      cancelled_ = true;
    }
    changed_.notify_all();
    producer_.join();
  }
  RecordPipe(const RecordPipe&) = delete;
  RecordPipe& operator=(const RecordPipe&) = delete;

  // The next record; false at the end. Throws what the producer failed with, after the records
  // it produced before failing.
  bool next(Record& record) {
    if (position_ == current_.size()) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !queue_.empty() || done_; });
      if (queue_.empty()) {
        if (failure_) std::rethrow_exception(failure_);
        return false;
      }
      current_.clear();
      if (current_.capacity() > 0) spare_.push_back(std::move(current_));
      current_ = std::move(queue_.front());
      queue_.pop_front();
      position_ = 0;
      changed_.notify_all();
    }
    record = current_[position_++];
    return true;
  }

 private:
  static constexpr std::size_t kChunkRecords = 16384;
  static constexpr std::size_t kQueuedChunks = 4;
  struct Cancelled {};

  void hand_over(std::vector<Record>& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < kQueuedChunks || cancelled_; });
    if (cancelled_) throw Cancelled{};
    queue_.push_back(std::move(chunk));
    changed_.notify_all();
    if (!spare_.empty()) {
      chunk = std::move(spare_.back());  // a chunk the caller has read through
      spare_.pop_back();
      return;
    }
    lock.unlock();
    chunk = {};
    chunk.reserve(kChunkRecords);
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<Record>> queue_;
  std::vector<std::vector<Record>> spare_;
  bool done_ = false;
  bool cancelled_ = false;
  std::exception_ptr failure_;
  std::vector<Record> current_;
  std::size_t position_ = 0;
  std::thread producer_;
};

}  // namespace gramvec::ngram
