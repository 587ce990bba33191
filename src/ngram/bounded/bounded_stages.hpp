// The stages of estimation in bounded memory (see bounded_training.hpp): the records they pass
// on, the orders those are sorted in, how memory is shared out, and the stage entry points.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "ngram/bounded/bounded_training.hpp"
#include "io/spill_file.hpp"
#include "ngram/bounded/external_sort.hpp"
#include "ngram/format/model_writer.hpp"
#include "ngram/count/count_file_loader.hpp"
#include "ngram/count/sentence_reader.hpp"
#include "util/order_dispatch.hpp"

namespace gramvec::ngram::bounded {

// Records are packed to 4 bytes: an 8-byte field after an odd number of ids would otherwise cost
// 4 bytes of padding in every record.
#pragma pack(push, 4)
template <int N>
struct CountRecord {  // an n-gram and its count (raw, or continuation)
  std::array<WordId, N> ids;
  std::uint64_t count;
};
template <int N>
struct JoinedRecord {  // an n-gram, its count and the probability of its suffix
  std::array<WordId, N> ids;
  std::uint64_t count;
  double lower;
};
template <int N>
struct ProbabilityRecord {  // an n-gram and its probability
  std::array<WordId, N> ids;
  double probability;
};
#pragma pack(pop)

// What both orders share for radix sorting (radix_sort.hpp): every id of the record is a key.
struct AllIdsAreKeys {
  template <typename Record>
  static constexpr std::size_t radix_levels() {
    return std::tuple_size_v<decltype(Record::ids)>;
  }
};

// Context order: ids compared first to last (the ARPA file's order; context groups are runs).
struct ContextOrder : AllIdsAreKeys {
  template <typename Record>
  bool operator()(const Record& a, const Record& b) const {
    return a.ids < b.ids;
  }
  // For radix sorting: the ids in the order of significance.
  template <typename Record>
  static WordId radix_key(const Record& record, std::size_t level) {
    return record.ids[level];
  }
};

// Suffix order: ids compared last to first, so that the n-grams sharing a suffix (all words but
// the first) are runs, in the context order of those suffixes.
struct SuffixOrder : AllIdsAreKeys {
  template <typename Record>
  bool operator()(const Record& a, const Record& b) const {
    for (std::size_t k = a.ids.size(); k-- > 0;) {
      if (a.ids[k] != b.ids[k]) return a.ids[k] < b.ids[k];
    }
    return false;
  }
  template <typename Record>
  static WordId radix_key(const Record& record, std::size_t level) {
    return record.ids[record.ids.size() - 1 - level];
  }
};

struct AddCounts {
  static constexpr bool combines = true;
  template <typename Record>
  void operator()(Record& into, const Record& from) const {
    into.count += from.count;
  }
};

// Whether the last n-1 ids of `longer` (an (n)-gram) equal `shorter` (an (n-1)-gram).
template <std::size_t L, std::size_t S>
bool suffix_equals(const std::array<WordId, L>& longer, const std::array<WordId, S>& shorter) {
  static_assert(L == S + 1);
  for (std::size_t k = 0; k < S; ++k) {
    if (longer[k + 1] != shorter[k]) return false;
  }
  return true;
}


// How --memory is shared out among the buffers of the stages.
struct MemoryPlan {
  std::uint64_t memory_bytes = 0;
  io::SpillSettings spill;
  std::size_t fan_in = 16;
  std::size_t threads = 1;  // for sorting a buffer (1 or 2)
  // A sort buffer of `fraction` of the memory.
  SortSettings sort(double fraction) const;
  // Bytes of text per range read at once (on each thread).
  std::uint64_t read_range_bytes(std::size_t threads) const;
};

MemoryPlan plan_memory(const BoundedMemoryOptions& options, std::size_t threads);

// Stage "read": the corpus as word ids (<s> w1 ... wk </s> per sentence) in a spill file, with
// the ids of `vocabulary` (grown, or fixed), and the number of times each id occurs.
struct IdStream {
  io::SpillHandle ids;
  std::vector<std::uint64_t> occurrences;  // by id of the vocabulary as read
  std::uint64_t sentences = 0;
  std::uint64_t tokens = 0;  // ids, <s> and </s> included
};
Result<IdStream> read_corpus_ids(const std::vector<std::string>& files, const SentenceReadOptions& reading,
                                 const MemoryPlan& plan, vocab::Vocabulary& vocabulary, bool fixed_vocabulary,
                                 text::CorpusStats& stats);

// Stage "count": for n = 2..order, the n-grams of the stream with raw counts, every id mapped
// through to_final, sorted in suffix order (counts[n-1]; counts[0] is unused), and the dense
// unigram counts by final id.
struct OrderCounts {
  std::vector<SortedRuns> counts;
  std::vector<std::uint64_t> unigrams;
};
OrderCounts count_orders(const IdStream& stream, std::span<const WordId> to_final, std::size_t vocabulary_size,
                         int order, const MemoryPlan& plan, std::size_t threads);
// The same from a count file whose word list has been read (to_final maps list indices).
Result<OrderCounts> count_orders_from_file(CountFileLoader& loader, std::span<const WordId> to_final,
                                           std::size_t vocabulary_size, int order, const MemoryPlan& plan);

// Stages "adjust", "interpolate" and "write": the model from the counts, written to `out`.
// Fills summary.estimate (discounts, warnings, stage times) and summary.ngram_counts.
Status estimate_and_write(OrderCounts counts, const vocab::Vocabulary& vocabulary, const MemoryPlan& plan,
                          std::size_t threads, ModelWriter& out, BoundedTrainingSummary& summary);

}  // namespace gramvec::ngram::bounded
