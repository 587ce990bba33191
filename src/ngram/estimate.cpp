#include "gramvec/ngram/estimate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "gramvec/ngram/adjust.hpp"
#include "gramvec/ngram/prune.hpp"

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

namespace {

// Shared state of the interpolation stage.
class Interpolator {
 public:
  Interpolator(LanguageModelEstimate& model, const std::vector<std::vector<std::uint64_t>>& counts,
               const std::vector<NGramIndex>& indexes, const std::vector<std::vector<std::uint32_t>>& suffix,
               std::size_t vocabulary_size)
      : model_(model),
        options_(model.options),
        counts_(counts),
        indexes_(indexes),
        suffix_(suffix),
        predicted_words_(static_cast<double>(vocabulary_size - 1)) {}

  void unigrams();
  void order(std::size_t n);

 private:
  void group(std::size_t n, std::size_t first, std::size_t last);

  LanguageModelEstimate& model_;
  const EstimationOptions& options_;
  const std::vector<std::vector<std::uint64_t>>& counts_;
  const std::vector<NGramIndex>& indexes_;
  const std::vector<std::vector<std::uint32_t>>& suffix_;
  double predicted_words_;  // every word but <s> can be predicted
};

void Interpolator::unigrams() {
  const auto& counts = counts_[0];
  EstimatedOrder& result = model_.orders[0];
  const OrderDiscount& discount = model_.discounts[0];
  std::size_t size = counts.size();
  double total = 0.0;
  double seen_types = 0.0;
  double zero_count_words = 0.0;
  for (WordId id = 0; id < size; ++id) {
    if (id == Vocabulary::kBos) continue;
    total += static_cast<double>(counts[id]);
    if (counts[id] > 0) ++seen_types;
    else ++zero_count_words;
  }
  auto& probability = result.probability;
  switch (options_.smoothing) {
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
      double uniform = discounted / total / predicted_words_;
      for (WordId id = 0; id < size; ++id) probability[id] += uniform;
      break;
    }
    case Smoothing::witten_bell:
      for (WordId id = 0; id < size; ++id) {
        probability[id] = (static_cast<double>(counts[id]) + seen_types / predicted_words_) / (total + seen_types);
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
      double receivers = zero_count_words > 0 ? zero_count_words : predicted_words_;
      for (WordId id = 0; id < size; ++id) {
        if (zero_count_words == 0 || counts[id] == 0) probability[id] += left / receivers;
      }
      break;
    }
    case Smoothing::add_k:
      for (WordId id = 0; id < size; ++id) {
        probability[id] = (static_cast<double>(counts[id]) + options_.add_k) / (total + options_.add_k * predicted_words_);
      }
      break;
    case Smoothing::stupid_backoff:
      for (WordId id = 0; id < size; ++id) {
        probability[id] = counts[id] > 0 ? static_cast<double>(counts[id]) / total
                                         : options_.stupid_alpha / predicted_words_;
      }
      break;
  }
  probability[Vocabulary::kBos] = 0.0;
}

void Interpolator::order(std::size_t n) {
  const NGramTable& table = model_.tables[n - 1];
  for (std::size_t first = 0; first < table.size();) {
    std::size_t last = table.context_group_end(first);
    group(n, first, last);
    first = last;
  }
}

void Interpolator::group(std::size_t n, std::size_t first, std::size_t last) {
  const NGramTable& table = model_.tables[n - 1];
  const auto& counts = counts_[n - 1];
  const auto& links = suffix_[n - 1];
  const OrderDiscount& discount = model_.discounts[n - 1];
  EstimatedOrder& result = model_.orders[n - 1];
  const EstimatedOrder& lower = model_.orders[n - 2];

  std::size_t context = *indexes_[n - 2].find(table.ngram(first).first(n - 1));
  double total = 0.0;
  for (std::size_t i = first; i < last; ++i) total += static_cast<double>(counts[i]);
  auto lower_probability = [&](std::size_t i) { return lower.probability[links[i]]; };

  double backoff = 1.0;
  switch (options_.smoothing) {
    case Smoothing::modified_kneser_ney:
    case Smoothing::kneser_ney:
    case Smoothing::absolute: {
      // gamma = 1 - sum over kept n-grams of (c - D(c)) / total
      double released = 0.0;
      for (std::size_t i = first; i < last; ++i) {
        double amount = discount.absolute(counts[i]);
        released += result.kept[i] ? amount : static_cast<double>(counts[i]);
      }
      double gamma = released / total;
      for (std::size_t i = first; i < last; ++i) {
        result.probability[i] =
            (static_cast<double>(counts[i]) - discount.absolute(counts[i])) / total + gamma * lower_probability(i);
      }
      backoff = gamma;
      break;
    }
    case Smoothing::witten_bell: {
      auto types = static_cast<double>(last - first);
      double released = types;
      for (std::size_t i = first; i < last; ++i) {
        if (!result.kept[i]) released += static_cast<double>(counts[i]);
      }
      double gamma = released / (total + types);
      for (std::size_t i = first; i < last; ++i) {
        result.probability[i] = static_cast<double>(counts[i]) / (total + types) + gamma * lower_probability(i);
      }
      backoff = gamma;
      break;
    }
    case Smoothing::katz:
    case Smoothing::add_k: {
      // Backoff model: seen n-grams keep their discounted probability; the rest of the mass goes
      // to the lower order, renormalised over the words not seen after this context.
      double left = 1.0;
      double lower_seen = 0.0;
      double denominator = options_.smoothing == Smoothing::add_k ? total + options_.add_k * predicted_words_ : total;
      for (std::size_t i = first; i < last; ++i) {
        auto count = static_cast<double>(counts[i]);
        double probability = options_.smoothing == Smoothing::add_k
                                 ? (count + options_.add_k) / denominator
                                 : discount.good_turing_ratio(counts[i]) * count / denominator;
        result.probability[i] = probability;
        if (result.kept[i]) {
          left -= probability;
          lower_seen += lower_probability(i);
        }
      }
      double lower_unseen = 1.0 - lower_seen;
      backoff = (left > 1e-12 && lower_unseen > 1e-12) ? left / lower_unseen : 0.0;
      break;
    }
    case Smoothing::stupid_backoff:
      for (std::size_t i = first; i < last; ++i) result.probability[i] = static_cast<double>(counts[i]) / total;
      backoff = options_.stupid_alpha;
      break;
  }
  model_.orders[n - 2].backoff[context] = backoff;
  model_.orders[n - 2].is_context[context] = 1;
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
  Interpolator interpolator(model, counts, indexes, suffix, vocabulary_size);
  interpolator.unigrams();
  for (std::size_t n = 2; n <= model.tables.size(); ++n) interpolator.order(n);
  end_stage("interpolate");
  return model;
}

}  // namespace gramvec::ngram
