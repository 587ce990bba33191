// Stage "count" of estimation in bounded memory: the n-grams of every order, counted by external
// sorts in suffix order.
#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "ngram/bounded/bounded_stages.hpp"
#include "util/concurrency.hpp"

namespace gramvec::ngram::bounded {

namespace {

template <int N>
using CountSorter = ExternalSorter<CountRecord<N>, SuffixOrder, AddCounts>;

// Every n-gram of order N in the id stream (never crossing a sentence; <s> starts each).
template <int N>
SortedRuns count_order(const IdStream& stream, std::span<const WordId> to_final, const SortSettings& settings) {
  CountSorter<N> sorter(settings);
  io::SpillReader reader(stream.ids);
  std::array<WordId, N> window{};
  int length = 0;  // words of the current sentence in the window, <s> included, at most N
  CountRecord<N> record{};
  record.count = 1;
  for (auto block = reader.next_block(); !block.empty(); block = reader.next_block()) {
    const auto* ids = reinterpret_cast<const WordId*>(block.data());
    const std::size_t size = block.size() / sizeof(WordId);
    for (std::size_t position = 0; position < size; ++position) {
      WordId id = ids[position];
      if (id == vocab::Vocabulary::kBos) {
        window[N - 1] = vocab::Vocabulary::kBos;
        length = 1;
        continue;
      }
      std::copy(window.begin() + 1, window.end(), window.begin());
      window[N - 1] = to_final[id];
      if (length < N) ++length;
      if (length == N) {
        record.ids = window;
        sorter.push(record);
      }
    }
  }
  return sorter.finish(false);
}

}  // namespace

OrderCounts count_orders(const IdStream& stream, std::span<const WordId> to_final, std::size_t vocabulary_size,
                         int order, const MemoryPlan& plan, std::size_t threads) {
  OrderCounts result;
  result.counts.resize(static_cast<std::size_t>(order));
  result.unigrams.assign(vocabulary_size, 0);
  for (std::size_t id = 0; id < stream.occurrences.size(); ++id) result.unigrams[to_final[id]] += stream.occurrences[id];
  if (order < 2) return result;

  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t workers = std::min<std::size_t>(threads, static_cast<std::size_t>(order - 1));
  SortSettings settings = plan.sort(1.0 / static_cast<double>(workers));
  if (workers > 1) settings.threads = 1;  // the orders are counted side by side already
  util::parallel_for(
      2, static_cast<std::size_t>(order) + 1,
      [&](std::size_t n) {
        util::with_order<2, kMaxOrder>(static_cast<int>(n), [&](auto constant) {
          constexpr int N = decltype(constant)::value;
          result.counts[N - 1] = count_order<N>(stream, to_final, settings);
        });
      },
      workers);
  return result;
}

Result<OrderCounts> count_orders_from_file(CountFileLoader& loader, std::span<const WordId> to_final,
                                           std::size_t vocabulary_size, int order, const MemoryPlan& plan) {
  OrderCounts result;
  result.counts.resize(static_cast<std::size_t>(order));
  result.unigrams.assign(vocabulary_size, 0);
  for (std::size_t index = 0; index < loader.words().size(); ++index) {
    result.unigrams[to_final[index]] += loader.word_counts()[index];
  }
  CountFileReader& reader = loader.reader();
  const SortSettings settings = plan.sort(1.0);
  for (int n = 2; n <= order; ++n) {
    util::with_order<2, kMaxOrder>(n, [&](auto constant) {
      constexpr int N = decltype(constant)::value;
      CountSorter<N> sorter(settings);
      std::span<const std::uint32_t> indices;
      std::uint64_t count = 0;  // (not read into the packed record: its count may be unaligned)
      CountRecord<N> record{};
      while (reader.next_ngram(indices, count)) {
        for (std::size_t k = 0; k < static_cast<std::size_t>(N); ++k) record.ids[k] = to_final[indices[k]];
        record.count = count;
        sorter.push(record);
      }
      result.counts[N - 1] = sorter.finish(false);
    });
    GRAMVEC_TRY(reader.status());
  }
  GRAMVEC_TRY(reader.finish());
  return result;
}

}  // namespace gramvec::ngram::bounded
