// Stages "adjust", "interpolate" and "write" of estimation in bounded memory.
#include <fmt/format.h>

#include <algorithm>

#include "ngram/bounded/bounded_stages.hpp"
#include "ngram/bounded/record_pipe.hpp"
#include "ngram/estimate/smoothing/smoothing_method.hpp"
#include "ngram/format/model_writer.hpp"
#include "util/concurrency.hpp"
#include "util/stage_clock.hpp"

namespace gramvec::ngram::bounded {

namespace {

using vocab::Vocabulary;

template <int N>
using CountMerge = RunMerge<CountRecord<N>, SuffixOrder, AddCounts>;  // runs may share n-grams

// The count estimation uses for each n-gram of order N in suffix order: the continuation count
// (the number of distinct (N+1)-grams whose suffix it is) where the method uses those, else the
// raw count. Calls visit(record with that count) for every n-gram in suffix order.
template <int N, typename Visit>
void for_each_adjusted(const OrderCounts& counts, bool continuation, Visit&& visit) {
  CountMerge<N> current(counts.counts[N - 1]);
  const bool has_longer = continuation && static_cast<std::size_t>(N) < counts.counts.size();
  if (!has_longer) {
    CountRecord<N> record;
    while (current.next(record)) visit(record);
    return;
  }
  if constexpr (N < kMaxOrder) {
    CountMerge<N + 1> longer(counts.counts[N]);
    CountRecord<N> record;
    while (current.next(record)) {
      std::uint64_t extensions = 0;
      for (const auto* next = longer.peek(); next != nullptr && suffix_equals(next->ids, record.ids);
           next = longer.peek()) {
        ++extensions;
        longer.pop();
      }
      // An n-gram that starts a sentence has no left extension: it keeps its raw count.
      if (record.ids[0] != Vocabulary::kBos) record.count = extensions;
      visit(record);
    }
  }
}

// Counts of counts of order N (adjusted, of every n-gram) and the number of n-grams in the model
// (those with at least `min_count`).
template <int N>
void histogram_order(const OrderCounts& counts, bool continuation, std::uint64_t max_count, std::uint64_t min_count,
                     std::vector<std::uint64_t>& histogram, std::uint64_t& entries) {
  histogram.assign(max_count + 1, 0);
  entries = 0;
  for_each_adjusted<N>(counts, continuation, [&](const CountRecord<N>& record) {
    if (record.count >= min_count) ++entries;
    if (record.count >= 1 && record.count <= max_count) ++histogram[record.count];
  });
}

// Unigram counts as estimation uses them: continuation counts from the bigrams (raw for <s>).
std::vector<std::uint64_t> adjusted_unigrams(const OrderCounts& counts, bool continuation) {
  if (!continuation || counts.counts.size() < 2) return counts.unigrams;
  std::vector<std::uint64_t> adjusted(counts.unigrams.size(), 0);
  CountMerge<2> bigrams(counts.counts[1]);
  CountRecord<2> record;
  while (bigrams.next(record)) ++adjusted[record.ids[1]];
  adjusted[Vocabulary::kBos] = counts.unigrams[Vocabulary::kBos];
  return adjusted;
}

// The probability that marks, in the context-ordered runs, an n-gram left out of the model (below
// the method's minimum count): it keeps its place so that the backoff weight of its context group
// finds it, and is not written. Its suffix-ordered record keeps its probability, which no kept
// longer n-gram reads (their suffixes are kept).
constexpr double kLeftOut = -1.0;

// The lower order's probabilities as order N reads them: dense for unigrams, else a stream in
// suffix order.
struct LowerOrder {
  std::vector<double> unigrams;  // by id (order 1)
  SortedRuns by_suffix;          // order >= 2, ProbabilityRecord in suffix order
  SortedRuns by_context;         // order >= 2, ProbabilityRecord in context order (for writing)
};

// Writes the lines of order N-1 from `lower` in context order, each with the backoff weight
// its context group of order N found for it.
template <int N>
class LowerOrderWriter {
 public:
  LowerOrderWriter(const LowerOrder& lower, ModelWriter& out) : lower_(lower), out_(out) {
    if constexpr (N - 1 >= 2) merge_.emplace(lower.by_context);
    out_.begin_order(N - 1);
  }

  // Writes every line before `context` and the line of `context` with `backoff`.
  void context(std::span<const WordId> context, double backoff) {
    if constexpr (N - 1 == 1) {
      while (next_unigram_ < context[0]) write_unigram(nullptr);
      write_unigram(&backoff);
    } else {
      for (const auto* record = merge_->peek(); record != nullptr; record = merge_->peek()) {
        bool same = std::equal(record->ids.begin(), record->ids.end(), context.begin());
        if (!same && !std::lexicographical_compare(record->ids.begin(), record->ids.end(), context.begin(), context.end())) {
          break;
        }
        if (record->probability != kLeftOut) out_.add(record->probability, record->ids, same ? &backoff : nullptr);
        merge_->pop();
        if (same) return;
      }
      throw io::SpillError(fmt::format("internal error: context {} of order {} not found", fmt::join(context, " "), N - 1));
    }
  }

  // Writes the remaining lines.
  void finish() {
    if constexpr (N - 1 == 1) {
      while (next_unigram_ < lower_.unigrams.size()) write_unigram(nullptr);
    } else {
      ProbabilityRecord<N - 1> record;
      while (merge_->next(record)) {
        if (record.probability != kLeftOut) out_.add(record.probability, record.ids, nullptr);
      }
    }
  }

 private:
  void write_unigram(const double* backoff) {
    WordId id = next_unigram_++;
    out_.add(lower_.unigrams[id], std::span<const WordId>(&id, 1), backoff);
  }

  const LowerOrder& lower_;
  ModelWriter& out_;
  WordId next_unigram_ = 0;
  std::optional<RunMerge<ProbabilityRecord<(N - 1 >= 2 ? N - 1 : 2)>, ContextOrder>> merge_;
};

struct OrderContext {
  const OrderCounts& counts;
  const Vocabulary& vocabulary;
  const EstimationOptions& options;
  const std::vector<OrderDiscount>& discounts;
  const MemoryPlan& plan;
  ModelWriter& out;
  bool continuation;
  int order;
};

// Order N: its probabilities from the counts and the lower order's probabilities, the backoff
// weights of the lower order (whose lines are written meanwhile), and its own probabilities in
// both orders for the next.
template <int N>
LowerOrder interpolate_order(const OrderContext& context, LowerOrder lower) {
  const bool highest = N == context.order;
  // 1. Each n-gram with its count and its suffix's probability, sorted by context.
  ExternalSorter<JoinedRecord<N>, ContextOrder> by_context(context.plan.sort(0.45));
  {
    std::optional<RunMerge<ProbabilityRecord<(N - 1 >= 2 ? N - 1 : 2)>, SuffixOrder>> suffixes;
    if constexpr (N - 1 >= 2) suffixes.emplace(lower.by_suffix);
    JoinedRecord<N> joined{};
    auto join = [&](const CountRecord<N>& record) {
      joined.ids = record.ids;
      joined.count = record.count;
      if constexpr (N - 1 == 1) {
        joined.lower = lower.unigrams[record.ids[1]];
      } else {
        for (const auto* suffix = suffixes->peek(); suffix != nullptr; suffix = suffixes->peek()) {
          if (suffix_equals(record.ids, suffix->ids)) break;
          suffixes->pop();
        }
        const auto* suffix = suffixes->peek();
        if (suffix == nullptr) throw io::SpillError(fmt::format("internal error: a suffix of order {} is missing", N - 1));
        joined.lower = suffix->probability;
      }
      by_context.push(joined);
    };
    if (context.plan.threads > 1) {
      // The counts are merged (and adjusted) on another thread while this one joins and sorts.
      RecordPipe<CountRecord<N>> adjusted([&](typename RecordPipe<CountRecord<N>>::Emit& emit) {
        for_each_adjusted<N>(context.counts, context.continuation, emit);
      });
      CountRecord<N> record;
      while (adjusted.next(record)) join(record);
    } else {
      for_each_adjusted<N>(context.counts, context.continuation, join);
    }
  }
  lower.by_suffix = SortedRuns();  // read through: free it before the next sort fills up
  SortedRuns joined_runs = by_context.finish();

  // 2. One context group at a time, in context order.
  LowerOrder result;
  std::optional<ExternalSorter<ProbabilityRecord<N>, SuffixOrder>> by_suffix;
  if (!highest) by_suffix.emplace(context.plan.sort(0.45));
  SortedRunWriter<ProbabilityRecord<N>> in_context_order(context.plan.spill);
  LowerOrderWriter<N> lower_writer(lower, context.out);
  const double predicted_words = static_cast<double>(context.vocabulary.size() - 1);
  const OrderDiscount& discount = context.discounts[N - 1];
  RunMerge<JoinedRecord<N>, ContextOrder> merge(joined_runs);
  std::vector<JoinedRecord<N>> group;
  std::vector<std::uint64_t> counts;
  std::vector<double> lower_probability;
  std::vector<double> probability;
  auto same_context = [](const JoinedRecord<N>& a, const JoinedRecord<N>& b) {
    return std::equal(a.ids.begin(), a.ids.end() - 1, b.ids.begin());
  };
  const SmoothingMethod& method = smoothing_of(context.options);
  const std::uint64_t min_count = method.min_count(N, context.options);
  std::vector<std::uint8_t> kept;
  auto finish_group = [&] {
    counts.resize(group.size());
    lower_probability.resize(group.size());
    probability.resize(group.size());
    kept.assign(min_count > 1 ? group.size() : 0, 1);
    for (std::size_t i = 0; i < group.size(); ++i) {
      counts[i] = group[i].count;
      lower_probability[i] = group[i].lower;
      if (!kept.empty()) kept[i] = counts[i] >= min_count ? 1 : 0;
    }
    double backoff = method.context_group(
        {context.options, discount, predicted_words, counts, lower_probability, kept, probability});
    lower_writer.context(std::span<const WordId>(group.front().ids.data(), N - 1), backoff);
    ProbabilityRecord<N> record;
    for (std::size_t i = 0; i < group.size(); ++i) {
      record.ids = group[i].ids;
      record.probability = probability[i];
      if (by_suffix) by_suffix->push(record);
      if (!kept.empty() && kept[i] == 0) record.probability = kLeftOut;
      in_context_order.push(record);
    }
    group.clear();
  };
  JoinedRecord<N> record;
  while (merge.next(record)) {
    if (!group.empty() && !same_context(group.front(), record)) finish_group();
    group.push_back(record);
  }
  if (!group.empty()) finish_group();
  lower_writer.finish();
  result.by_context = in_context_order.finish();
  if (by_suffix) result.by_suffix = by_suffix->finish();
  return result;
}

// Writes the lines of the highest order (no backoff weights).
template <int N>
void write_highest(const LowerOrder& highest, ModelWriter& out) {
  out.begin_order(N);
  RunMerge<ProbabilityRecord<N>, ContextOrder> merge(highest.by_context);
  ProbabilityRecord<N> record;
  while (merge.next(record)) {
    if (record.probability != kLeftOut) out.add(record.probability, record.ids, nullptr);
  }
}

}  // namespace

Status estimate_and_write(OrderCounts counts, const Vocabulary& vocabulary, const MemoryPlan& plan,
                          std::size_t threads, ModelWriter& out, BoundedTrainingSummary& summary) {
  LanguageModelEstimate& model = summary.estimate;
  const EstimationOptions& options = model.options;
  const int order = options.order;
  const bool continuation = smoothing_of(options).uses_continuation_counts();
  util::StageClock stages(model.stage_seconds);

  // Adjust: counts of counts of every order (orders on up to `threads` threads), then discounts.
  const std::uint64_t max_count = histogram_max_count(options);
  std::vector<std::vector<std::uint64_t>> histograms(static_cast<std::size_t>(order));
  summary.ngram_counts.assign(static_cast<std::size_t>(order), 0);
  std::vector<std::uint64_t> unigram_counts;
  util::parallel_for(
      1, static_cast<std::size_t>(order) + 1,
      [&](std::size_t n) {
        if (n == 1) {
          unigram_counts = adjusted_unigrams(counts, continuation);
          NGramTable unigram_table;
          unigram_table.order = 1;
          unigram_table.words.resize(unigram_counts.size());
          for (WordId id = 0; id < unigram_counts.size(); ++id) unigram_table.words[id] = id;
          histograms[0] = counts_of_counts(unigram_table, unigram_counts, max_count);
          summary.ngram_counts[0] = unigram_counts.size();
          return;
        }
        util::with_order<2, kMaxOrder>(static_cast<int>(n), [&](auto constant) {
          constexpr int N = decltype(constant)::value;
          histogram_order<N>(counts, continuation, max_count, smoothing_of(options).min_count(N, options),
                             histograms[N - 1], summary.ngram_counts[N - 1]);
        });
      },
      threads);
  auto discounts = estimate_discounts(histograms, options, model.warnings);
  if (!discounts) return discounts.status();
  model.discounts = std::move(*discounts);
  stages.end("adjust");

  // Interpolate and write.
  out.use_background_thread(plan.threads > 1);
  GRAMVEC_TRY(out.open(describe_estimate(model, vocabulary), summary.ngram_counts, vocabulary));
  LowerOrder lower;
  lower.unigrams = unigram_probabilities(unigram_counts, model.discounts[0], options);
  unigram_counts = {};
  OrderContext context{counts, vocabulary, options, model.discounts, plan, out, continuation, order};
  if (order == 1) {
    out.begin_order(1);
    for (WordId id = 0; id < lower.unigrams.size(); ++id) {
      out.add(lower.unigrams[id], std::span<const WordId>(&id, 1), nullptr);
    }
  }
  for (int n = 2; n <= order; ++n) {
    util::with_order<2, kMaxOrder>(n, [&](auto constant) {
      constexpr int N = decltype(constant)::value;
      LowerOrder next = interpolate_order<N>(context, std::move(lower));
      // The counts of order N-1 are no longer needed.
      if (N - 1 >= 2) counts.counts[N - 2] = SortedRuns();
      lower = std::move(next);
      if (N == order) write_highest<N>(lower, out);
    });
  }
  GRAMVEC_TRY(out.commit());
  stages.end("interpolate+write");
  return Status::ok();
}

}  // namespace gramvec::ngram::bounded
