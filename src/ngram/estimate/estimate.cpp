#include "ngram/estimate/estimate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "ngram/estimate/adjust.hpp"
#include "ngram/estimate/prune.hpp"
#include "ngram/estimate/smoothing/smoothing_method.hpp"
#include "util/concurrency.hpp"
#include "util/stage_clock.hpp"

namespace gramvec::ngram {

using vocab::Vocabulary;

Status validate(const EstimationOptions& options) {
  if (options.order < 1 || options.order > kMaxOrder) {
    return Status::error(fmt::format("--order {} is out of range (1 to {})", options.order, kMaxOrder));
  }
  return check_smoothing_options(options);
}

std::vector<double> unigram_probabilities(const std::vector<std::uint64_t>& counts, const OrderDiscount& discount,
                                          const EstimationOptions& options) {
  std::size_t size = counts.size();
  const auto predicted_words = static_cast<double>(size - 1);  // every word but <s> can be predicted
  std::vector<double> probability(size, 0.0);
  double total = 0.0;
  double seen_types = 0.0;
  double zero_count_words = 0.0;
  for (WordId id = 0; id < size; ++id) {
    if (id == Vocabulary::kBos) continue;
    total += static_cast<double>(counts[id]);
    if (counts[id] > 0) ++seen_types;
    else ++zero_count_words;
  }
  UnigramTotals totals{total, seen_types, zero_count_words, predicted_words};
  smoothing_of(options).unigram_probabilities({counts, discount, options, totals, probability});
  probability[Vocabulary::kBos] = 0.0;
  return probability;
}

namespace {

// Order n of the in-memory estimate, one context group after another.
void interpolate_order(LanguageModelEstimate& model, std::size_t n, const std::vector<std::uint64_t>& counts,
                       const NGramIndex& context_index, const std::vector<std::uint32_t>& links,
                       double predicted_words) {
  const NGramTable& table = model.tables[n - 1];
  EstimatedOrder& result = model.orders[n - 1];
  EstimatedOrder& lower = model.orders[n - 2];
  const SmoothingMethod& method = smoothing_of(model.options);
  std::vector<double> lower_probability;
  for (std::size_t first = 0; first < table.size();) {
    std::size_t last = table.context_group_end(first);
    std::size_t size = last - first;
    lower_probability.resize(size);
    for (std::size_t i = 0; i < size; ++i) lower_probability[i] = lower.probability[links[first + i]];
    double backoff = method.context_group({model.options, model.discounts[n - 1], predicted_words,
                                           std::span(counts).subspan(first, size), lower_probability,
                                           std::span<const std::uint8_t>(result.kept).subspan(first, size),
                                           std::span(result.probability).subspan(first, size)});
    std::size_t context = *context_index.find(table.ngram(first).first(n - 1));
    lower.backoff[context] = backoff;
    lower.is_context[context] = 1;
    first = last;
  }
}

}  // namespace

Result<LanguageModelEstimate> estimate_language_model(const SentenceStream& stream, std::size_t vocabulary_size,
                                                      const EstimationOptions& options, std::size_t count_threads) {
  GRAMVEC_TRY(validate(options));
  if (stream.sentences == 0) return Status::error("the corpus holds no sentences");
  auto started = std::chrono::steady_clock::now();
  NGramCounts raw;
  raw.sentences = stream.sentences;
  raw.tokens = stream.ids.size() - stream.sentences;
  raw.tables = count_ngrams(stream, options.order, vocabulary_size, count_threads);
  double count_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto model = estimate_language_model(std::move(raw), vocabulary_size, options);
  if (model) model->stage_seconds.insert(model->stage_seconds.begin(), {"count", count_seconds});
  return model;
}

Result<LanguageModelEstimate> estimate_language_model(NGramCounts raw, std::size_t vocabulary_size,
                                                      const EstimationOptions& options) {
  GRAMVEC_TRY(validate(options));
  if (raw.sentences == 0) return Status::error("the corpus holds no sentences");
  if (raw.tokens == raw.sentences) return Status::error("the corpus holds no words");

  LanguageModelEstimate model;
  util::StageClock stages(model.stage_seconds);
  model.options = options;
  model.sentences = raw.sentences;
  model.tokens = raw.tokens;
  model.tables = std::move(raw.tables);

  // Lookups go from order n to order n-1, so the highest order needs no index.
  std::vector<NGramIndex> indexes(model.tables.size());
  util::parallel_for(0, model.tables.size() - 1,
                             [&](std::size_t n) { indexes[n] = NGramIndex(model.tables[n]); });
  auto suffix = link_suffixes(model.tables, indexes);
  auto counts = adjust_counts(model.tables, suffix, smoothing_of(options).uses_continuation_counts());
  stages.end("adjust");

  auto discounts = estimate_discounts(model.tables, counts, options, model.warnings);
  if (!discounts) return discounts.status();
  model.discounts = std::move(*discounts);
  stages.end("discount");

  auto kept = select_kept(model.tables, indexes, suffix, options);
  model.orders.resize(model.tables.size());
  for (std::size_t n = 1; n <= model.tables.size(); ++n) {
    EstimatedOrder& order = model.orders[n - 1];
    std::size_t size = model.tables[n - 1].size();
    order.probability.assign(size, 0.0);
    order.backoff.assign(size, 1.0);
    order.is_context.assign(size, 0);
    order.kept = std::move(kept[n - 1]);
  }

  stages.end("prune");
  model.orders[0].probability = unigram_probabilities(counts[0], model.discounts[0], options);
  for (std::size_t n = 2; n <= model.tables.size(); ++n) {
    interpolate_order(model, n, counts[n - 1], indexes[n - 2], suffix[n - 1], static_cast<double>(vocabulary_size - 1));
  }
  stages.end("interpolate");
  return model;
}

}  // namespace gramvec::ngram
