// A producer on a thread of its own handing records to the caller in chunks through a short
// queue: the bounded stages use it to read and merge one stream while the caller works on what
// it has been handed (a two-stage pipeline on two cores).
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "util/concurrency.hpp"

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
      try {
        produce(emit);
        if (!emit.chunk_.empty()) hand_over(emit.chunk_);
        chunks_.close();
      } catch (const Cancelled&) {
        chunks_.close();
      } catch (...) {
        std::exception_ptr failure = std::current_exception();
        try {
          if (!emit.chunk_.empty()) hand_over(emit.chunk_);  // what came before the failure
        } catch (const Cancelled&) {
        }
        chunks_.close(failure);
      }
    });
  }

  // Stops the producer (at its next chunk) if it has not finished.
  ~RecordPipe() {
    chunks_.cancel();
    producer_.join();
  }
  RecordPipe(const RecordPipe&) = delete;
  RecordPipe& operator=(const RecordPipe&) = delete;

  // The next record; false at the end. Throws what the producer failed with, after the records
  // it produced before failing.
  bool next(Record& record) {
    if (position_ == current_.size()) {
      std::optional<std::vector<Record>> chunk = chunks_.pop();
      if (!chunk) return false;
      current_.clear();
      if (current_.capacity() > 0) spares_.push(std::move(current_));
      current_ = std::move(*chunk);
      position_ = 0;
    }
    record = current_[position_++];
    return true;
  }

 private:
  static constexpr std::size_t kChunkRecords = 16384;
  static constexpr std::size_t kQueuedChunks = 4;
  struct Cancelled {};

  // Hands a full chunk to the caller and takes an empty one back, one the caller has read
  // through when there is one.
  void hand_over(std::vector<Record>& chunk) {
    if (!chunks_.push(std::move(chunk))) throw Cancelled{};
    if (auto spare = spares_.try_pop()) {
      chunk = std::move(*spare);
      return;
    }
    chunk = {};
    chunk.reserve(kChunkRecords);
  }

  util::BoundedQueue<std::vector<Record>> chunks_{kQueuedChunks};
  // Chunks read through, for the producer to refill: no more than are ever in flight, so that
  // pushing one never waits.
  util::BoundedQueue<std::vector<Record>> spares_{kQueuedChunks + 4};
  std::vector<Record> current_;
  std::size_t position_ = 0;
  std::thread producer_;
};

}  // namespace gramvec::ngram
