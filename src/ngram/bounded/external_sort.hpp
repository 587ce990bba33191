// Sorting more records than fit in memory: sorted runs spilled to compressed temporary files
// and read back through a k-way merge. Records are trivially copyable structs; an order (a
// strict weak ordering on keys; radix-sorted when it names its keys, see radix_sort.hpp) and a
// combiner (what to do with records of equal keys: add their counts, or nothing for unique keys)
// are policies.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <thread>
#include <type_traits>
#include <vector>

#include "io/spill_file.hpp"
#include "ngram/bounded/radix_sort.hpp"
#include "util/concurrency.hpp"

namespace gramvec::ngram {

// Sorted records, type-erased so that stages in different files can hand them on: either one
// sorted array in memory or up to a few sorted runs on disk, merged when read.
struct SortedRuns {
  struct MemoryRun {
    const std::byte* data = nullptr;
    std::size_t records = 0;
  };
  std::size_t record_bytes = 0;
  std::shared_ptr<const void> memory_owner;  // keeps the memory runs alive
  std::vector<MemoryRun> memory_runs;
  std::vector<io::SpillHandle> files;

  bool in_memory() const { return memory_owner != nullptr; }
  std::uint64_t raw_bytes() const {
    std::uint64_t total = 0;
    for (const auto& run : memory_runs) total += run.records * record_bytes;
    for (const auto& file : files) total += file->raw_bytes();
    return total;
  }
  std::uint64_t stored_bytes() const {
    std::uint64_t total = 0;
    for (const auto& file : files) total += file->stored_bytes();
    return total;
  }
};

// Combiner for records whose keys are unique.
struct KeepAll {
  static constexpr bool combines = false;
  template <typename Record>
  void operator()(Record&, const Record&) const {}
};

// Reads SortedRuns as one sorted sequence: a k-way merge of its runs (records with equal keys
// from different runs combined).
template <typename Record, typename Less, typename Combine = KeepAll>
class RunMerge {
 public:
  explicit RunMerge(const SortedRuns& runs, Less less = Less(), Combine combine = Combine())
      : less_(less), combine_(combine) {
    memory_owner_ = runs.memory_owner;
    for (const auto& run : runs.memory_runs) {
      Cursor cursor;
      cursor.position = reinterpret_cast<const Record*>(run.data);
      cursor.end = cursor.position + run.records;
      if (cursor.position != cursor.end) cursors_.push_back(std::move(cursor));
    }
    for (const auto& file : runs.files) {
      Cursor cursor;
      cursor.reader = io::SpillReader(file);
      if (cursor.advance()) cursors_.push_back(std::move(cursor));
    }
    for (std::size_t index = 0; index < cursors_.size(); ++index) heap_.push_back(index);
    std::make_heap(heap_.begin(), heap_.end(), HeapOrder{this});
    load();
  }

  // The current record, or nullptr at the end.
  const Record* peek() const { return has_current_ ? &current_ : nullptr; }
  void pop() { load(); }
  bool next(Record& record) {
    if (!has_current_) return false;
    record = current_;
    load();
    return true;
  }

 private:
  struct Cursor {
    io::SpillReader reader;
    const Record* position = nullptr;
    const Record* end = nullptr;
    bool advance() {
      auto block = reader.next_block();
      position = reinterpret_cast<const Record*>(block.data());
      end = position + block.size() / sizeof(Record);
      return position != end;
    }
  };
  struct HeapOrder {
    const RunMerge* merge;
    bool operator()(std::size_t a, std::size_t b) const {
      return merge->less_(*merge->cursors_[b].position, *merge->cursors_[a].position);
    }
  };

  // Takes the smallest record off its cursor (and combines the equal ones after it).
  bool take(Record& record) {
    if (heap_.empty()) return false;
    if (heap_.size() == 1) {
      Cursor& cursor = cursors_[heap_.front()];
      record = *cursor.position++;
      if (cursor.position == cursor.end && !cursor.advance()) heap_.pop_back();
      return true;
    }
    std::pop_heap(heap_.begin(), heap_.end(), HeapOrder{this});
    Cursor& cursor = cursors_[heap_.back()];
    record = *cursor.position++;
    if (cursor.position != cursor.end || cursor.advance()) {
      std::push_heap(heap_.begin(), heap_.end(), HeapOrder{this});
    } else {
      heap_.pop_back();
    }
    return true;
  }

  void load() {
    has_current_ = take(current_);
    if constexpr (Combine::combines) {
      if (!has_current_) return;
      // Equal keys within one run were combined when it was written; here they meet across runs.
      while (!heap_.empty()) {
        const Record& top = *cursors_[heap_.front()].position;
        if (less_(current_, top) || less_(top, current_)) break;
        Record same;
        take(same);
        combine_(current_, same);
      }
    }
  }

  Less less_;
  Combine combine_;
  std::shared_ptr<const void> memory_owner_;
  std::vector<Cursor> cursors_;
  std::vector<std::size_t> heap_;
  Record current_{};
  bool has_current_ = false;
};

// How much an external sort may hold and how it spills.
struct SortSettings {
  io::SpillSettings spill;
  std::size_t memory_bytes = 64U << 20;  // for the records held before a run is spilled
  std::size_t fan_in = 16;               // runs merged at once; also the most runs handed on
  std::size_t threads = 1;               // a buffer is sorted in this many parts at once (1 or 2)
};

// Collects records, sorts them and hands them on as SortedRuns: in memory when they fit in
// settings.memory_bytes, else as spilled runs (merged down to at most fan_in).
template <typename Record, typename Less, typename Combine = KeepAll>
class ExternalSorter {
  static_assert(std::is_trivially_copyable_v<Record>);

 public:
  explicit ExternalSorter(const SortSettings& settings, Less less = Less(), Combine combine = Combine())
      : settings_(settings), less_(less), combine_(combine) {
    capacity_ = std::max<std::size_t>(settings_.memory_bytes / sizeof(Record), 16);
    buffer_.reserve(capacity_);  // pages are touched only as records arrive
  }

  void push(const Record& record) {
    if (buffer_.size() == capacity_) make_room();
    buffer_.push_back(record);
  }

  std::size_t spilled_runs() const { return runs_.size(); }

  // Sorted and combined; the sorter is empty afterwards. With `keep_in_memory`, the records still
  // in the buffer stay there as memory runs next to any spilled runs (the buffer's memory is held
  // until the result goes); without, they are spilled too (for data that waits while other
  // stages run).
  SortedRuns finish(bool keep_in_memory = true) {
    SortedRuns result;
    result.record_bytes = sizeof(Record);
    sort_buffer();
    if (!keep_in_memory && (!buffer_.empty() || runs_.empty())) spill_buffer();
    while (runs_.size() > std::max<std::size_t>(settings_.fan_in, 2)) merge_some_runs();
    result.files = std::move(runs_);
    runs_.clear();
    if (keep_in_memory && (!buffer_.empty() || result.files.empty())) {
      auto owner = std::make_shared<std::vector<Record>>(std::move(buffer_));
      const auto* data = reinterpret_cast<const std::byte*>(owner->data());
      result.memory_runs.push_back({data, split_});
      result.memory_runs.push_back({data + split_ * sizeof(Record), owner->size() - split_});
      result.memory_owner = std::move(owner);
    }
    buffer_ = {};
    split_ = 0;
    return result;
  }

 private:
  // Sorts (and combines) the buffer as two sorted parts, [0, split_) and [split_, size), on two
  // threads when allowed; readers merge the parts.
  void sort_buffer() {
    const std::size_t size = buffer_.size();
    Record* begin = buffer_.data();
    if (settings_.threads < 2 || size < 65536) {
      buffer_.resize(sort_part(begin, size));
      split_ = buffer_.size();
      return;
    }
    const std::size_t half = size / 2;
    std::array<std::size_t, 2> kept{};
    util::parallel_for(
        0, 2, [&](std::size_t part) { kept[part] = part == 0 ? sort_part(begin, half) : sort_part(begin + half, size - half); },
        2);
    const std::size_t first_kept = kept[0];
    const std::size_t second_kept = kept[1];
    std::memmove(static_cast<void*>(begin + first_kept), begin + half, second_kept * sizeof(Record));
    buffer_.resize(first_kept + second_kept);
    split_ = first_kept;
  }

  // Sorts `size` records at `begin` and combines equal ones; returns how many are left.
  std::size_t sort_part(Record* begin, std::size_t size) const {
    if constexpr (RadixOrder<Less, Record>) {
      radix_sort(begin, size, less_);
    } else {
      std::sort(begin, begin + size, less_);
    }
    if constexpr (!Combine::combines) {
      return size;
    } else {
      std::size_t kept = 0;
      for (std::size_t index = 0; index < size; ++index) {
        if (kept > 0 && !less_(begin[kept - 1], begin[index])) {
          combine_(begin[kept - 1], begin[index]);
        } else {
          begin[kept++] = begin[index];
        }
      }
      return kept;
    }
  }

  void make_room() {
    sort_buffer();
    // Combining may have freed enough room to go on in memory.
    if (Combine::combines && buffer_.size() <= capacity_ / 2) return;
    spill_buffer();
  }

  // Writes the sorted buffer (its two parts merged) as one run.
  void spill_buffer() {
    io::SpillWriter writer(settings_.spill, sizeof(Record));
    if (split_ == 0 || split_ == buffer_.size()) {
      writer.write(buffer_.data(), buffer_.size() * sizeof(Record));
    } else {
      std::vector<Record> chunk;
      chunk.reserve(std::max<std::size_t>(settings_.spill.block_bytes / sizeof(Record), 1));
      const Record* first = buffer_.data();
      const Record* first_end = first + split_;
      const Record* second = first_end;
      const Record* second_end = buffer_.data() + buffer_.size();
      auto emit = [&](const Record& record) {
        if constexpr (Combine::combines) {
          if (!chunk.empty() && !less_(chunk.back(), record)) {
            combine_(chunk.back(), record);
            return;
          }
        }
        if (chunk.size() == chunk.capacity()) {
          // Keep the last record: a record equal to it may follow.
          writer.write(chunk.data(), (chunk.size() - 1) * sizeof(Record));
          chunk.front() = chunk.back();
          chunk.resize(1);
        }
        chunk.push_back(record);
      };
      while (first != first_end && second != second_end) emit(less_(*second, *first) ? *second++ : *first++);
      while (first != first_end) emit(*first++);
      while (second != second_end) emit(*second++);
      writer.write(chunk.data(), chunk.size() * sizeof(Record));
    }
    runs_.push_back(writer.finish());
    buffer_.clear();
    split_ = 0;
  }

  // Merges the first fan_in runs into one, written after the others (so every run is merged
  // about as often as every other).
  void merge_some_runs() {
    std::size_t take = std::min(runs_.size(), std::max<std::size_t>(settings_.fan_in, 2));
    SortedRuns group;
    group.record_bytes = sizeof(Record);
    group.files.assign(runs_.begin(), runs_.begin() + static_cast<std::ptrdiff_t>(take));
    runs_.erase(runs_.begin(), runs_.begin() + static_cast<std::ptrdiff_t>(take));
    RunMerge<Record, Less, Combine> merge(group, less_, combine_);
    group.files.clear();
    io::SpillWriter writer(settings_.spill, sizeof(Record));
    std::vector<Record> chunk;
    chunk.reserve(std::max<std::size_t>(settings_.spill.block_bytes / sizeof(Record), 1));
    Record record;
    while (merge.next(record)) {
      chunk.push_back(record);
      if (chunk.size() == chunk.capacity()) {
        writer.write(chunk.data(), chunk.size() * sizeof(Record));
        chunk.clear();
      }
    }
    writer.write(chunk.data(), chunk.size() * sizeof(Record));
    runs_.push_back(writer.finish());
  }

  SortSettings settings_;
  Less less_;
  Combine combine_;
  std::size_t capacity_ = 0;
  std::vector<Record> buffer_;
  std::size_t split_ = 0;  // after sort_buffer: the end of the first sorted part
  std::vector<io::SpillHandle> runs_;
};

// Writes records that are already in order as SortedRuns (one spilled run), a chunk at a time.
template <typename Record>
class SortedRunWriter {
 public:
  explicit SortedRunWriter(const io::SpillSettings& settings) : writer_(settings, sizeof(Record)) {
    chunk_.reserve(std::max<std::size_t>(settings.block_bytes / sizeof(Record), 1));
  }
  void push(const Record& record) {
    chunk_.push_back(record);
    if (chunk_.size() == chunk_.capacity()) flush();
  }
  SortedRuns finish() {
    flush();
    SortedRuns result;
    result.record_bytes = sizeof(Record);
    result.files.push_back(writer_.finish());
    return result;
  }

 private:
  void flush() {
    writer_.write(chunk_.data(), chunk_.size() * sizeof(Record));
    chunk_.clear();
  }
  io::SpillWriter writer_;
  std::vector<Record> chunk_;
};

}  // namespace gramvec::ngram
