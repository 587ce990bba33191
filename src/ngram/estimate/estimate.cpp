#include "ngram/estimate/estimate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "ngram/estimate/adjust.hpp"
#include "ngram/estimate/prune.hpp"

namespace gramvec::ngram {

using vocab::Vocabulary;

Status validate(const EstimationOptions& options) {
  if (options.order < 1 || options.order > kMaxOrder) {
    return Status::error(fmt::format("--order {} is out of range (1 to {})", options.order, kMaxOrder));
  }
  if (!(options.add_k > 0.0)) return Status::error(fmt::format("--k {} must be positive", options.add_k));
  if (options.fixed_discount >= 0.0 && !(options.fixed_discount > 0.0 && options.fixed_discount <= 1.0)) {
    return Status::error(fmt::format("--discount {} must be in (0, 1]", options.fixed_discount));
  }
  for (double value : options.fallback_discounts) {
    if (!(value > 0.0)) return Status::error("fallback discounts must be positive");
  }
  return Status::ok();
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
  switch (options.smoothing) {
    case Smoothing::modified_kneser_ney:
    case Smoothing::kneser_ney:
    case Smoothing::absolute: {
      double discounted = 0.0;
      for (WordId id = 0; id < size; ++id) {
        if (id == Vocabulary::kBos) continue;
        double amount = std::min(discount.absolute(counts[id]), static_cast<double>(counts[id]));
        discounted += amount;
        probability[id] = (static_cast<double>(counts[id]) - amount) / total;
      }
      double uniform = discounted / total / predicted_words;
      for (WordId id = 0; id < size; ++id) probability[id] += uniform;
      break;
    }
    case Smoothing::witten_bell:
      for (WordId id = 0; id < size; ++id) {
        probability[id] = (static_cast<double>(counts[id]) + seen_types / predicted_words) / (total + seen_types);
      }
      break;
    case Smoothing::katz: {
      double left = 1.0;
      for (WordId id = 0; id < size; ++id) {
        if (id == Vocabulary::kBos) continue;
        auto count = static_cast<double>(counts[id]);
        probability[id] = discount.good_turing_ratio(counts[id]) * count / total;
        left -= probability[id];
      }
      left = std::max(left, 0.0);
      // The mass freed by discounting goes to unseen words, or to all words if every word was seen.
      double receivers = zero_count_words > 0 ? zero_count_words : predicted_words;
      for (WordId id = 0; id < size; ++id) {
        if (zero_count_words == 0 || counts[id] == 0) probability[id] += left / receivers;
      }
      break;
    }
    case Smoothing::add_k:
      for (WordId id = 0; id < size; ++id) {
        probability[id] = (static_cast<double>(counts[id]) + options.add_k) / (total + options.add_k * predicted_words);
      }
      break;
    case Smoothing::stupid_backoff:
      for (WordId id = 0; id < size; ++id) {
        probability[id] = counts[id] > 0 ? static_cast<double>(counts[id]) / total
                                         : options.stupid_alpha / predicted_words;
      }
      break;
  }
  probability[Vocabulary::kBos] = 0.0;
  return probability;
}

double estimate_context_group(const EstimationOptions& options, const OrderDiscount& discount,
                              double predicted_words, std::span<const std::uint64_t> counts,
                              std::span<const double> lower, std::span<const std::uint8_t> kept,
                              std::span<double> probability) {
  const std::size_t size = counts.size();
  auto is_kept = [&](std::size_t i) { return kept.empty() || kept[i] != 0; };
  double total = 0.0;
  for (std::size_t i = 0; i < size; ++i) total += static_cast<double>(counts[i]);

  switch (options.smoothing) {
    case Smoothing::modified_kneser_ney:
    case Smoothing::kneser_ney:
    case Smoothing::absolute: {
      // gamma = 1 - sum over kept n-grams of (c - D(c)) / total
      double released = 0.0;
      for (std::size_t i = 0; i < size; ++i) {
        double amount = discount.absolute(counts[i]);
        released += is_kept(i) ? amount : static_cast<double>(counts[i]);
      }
      double gamma = released / total;
      for (std::size_t i = 0; i < size; ++i) {
        probability[i] = (static_cast<double>(counts[i]) - discount.absolute(counts[i])) / total + gamma * lower[i];
      }
      return gamma;
    }
    case Smoothing::witten_bell: {
      auto types = static_cast<double>(size);
      double released = types;
      for (std::size_t i = 0; i < size; ++i) {
        if (!is_kept(i)) released += static_cast<double>(counts[i]);
      }
      double gamma = released / (total + types);
      for (std::size_t i = 0; i < size; ++i) {
        probability[i] = static_cast<double>(counts[i]) / (total + types) + gamma * lower[i];
      }
      return gamma;
    }
    case Smoothing::katz:
    case Smoothing::add_k: {
      // Backoff model: seen n-grams keep their discounted probability; the rest of the mass goes
      // to the lower order, renormalised over the words not seen after this context.
      double left = 1.0;
      double lower_seen = 0.0;
      double denominator = options.smoothing == Smoothing::add_k ? total + options.add_k * predicted_words : total;
      for (std::size_t i = 0; i < size; ++i) {
        auto count = static_cast<double>(counts[i]);
        double value = options.smoothing == Smoothing::add_k
                           ? (count + options.add_k) / denominator
                           : discount.good_turing_ratio(counts[i]) * count / denominator;
        probability[i] = value;
        if (is_kept(i)) {
          left -= value;
          lower_seen += lower[i];
        }
      }
      double lower_unseen = 1.0 - lower_seen;
      return (left > 1e-12 && lower_unseen > 1e-12) ? left / lower_unseen : 0.0;
    }
    case Smoothing::stupid_backoff:
      for (std::size_t i = 0; i < size; ++i) probability[i] = static_cast<double>(counts[i]) / total;
      return options.stupid_alpha;
  }
  return 1.0;
}

namespace {

// Order n of the in-memory estimate, one context group after another.
void interpolate_order(LanguageModelEstimate& model, std::size_t n, const std::vector<std::uint64_t>& counts,
                       const NGramIndex& context_index, const std::vector<std::uint32_t>& links,
                       double predicted_words) {
  const NGramTable& table = model.tables[n - 1];
  EstimatedOrder& result = model.orders[n - 1];
  EstimatedOrder& lower = model.orders[n - 2];
  std::vector<double> lower_probability;
  for (std::size_t first = 0; first < table.size();) {
    std::size_t last = table.context_group_end(first);
    std::size_t size = last - first;
    lower_probability.resize(size);
    for (std::size_t i = 0; i < size; ++i) lower_probability[i] = lower.probability[links[first + i]];
    double backoff = estimate_context_group(
        model.options, model.discounts[n - 1], predicted_words, std::span(counts).subspan(first, size),
        lower_probability, std::span<const std::uint8_t>(result.kept).subspan(first, size),
        std::span(result.probability).subspan(first, size));
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
  auto stage_start = std::chrono::steady_clock::now();
  auto end_stage = [&](const char* name) {
    auto now = std::chrono::steady_clock::now();
    model.stage_seconds.emplace_back(name, std::chrono::duration<double>(now - stage_start).count());
    stage_start = now;
  };
  model.options = options;
  model.sentences = raw.sentences;
  model.tokens = raw.tokens;
  model.tables = std::move(raw.tables);

  // Lookups go from order n to order n-1, so the highest order needs no index.
  std::vector<NGramIndex> indexes(model.tables.size());
  for_each_order_in_parallel(0, model.tables.size() - 1,
                             [&](std::size_t n) { indexes[n] = NGramIndex(model.tables[n]); });
  auto suffix = link_suffixes(model.tables, indexes);
  auto counts = adjust_counts(model.tables, suffix, options.smoothing);
  end_stage("adjust");

  auto discounts = estimate_discounts(model.tables, counts, options, model.warnings);
  if (!discounts) return discounts.status();
  model.discounts = std::move(*discounts);
  end_stage("discount");

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

  end_stage("prune");
  model.orders[0].probability = unigram_probabilities(counts[0], model.discounts[0], options);
  for (std::size_t n = 2; n <= model.tables.size(); ++n) {
    interpolate_order(model, n, counts[n - 1], indexes[n - 2], suffix[n - 1], static_cast<double>(vocabulary_size - 1));
  }
  end_stage("interpolate");
  return model;
}

}  // namespace gramvec::ngram
