// The static mixture: one backoff model holding every n-gram of any component, each with the
// exact mixture probability sum_i weight_i P_i(w | h); the backoff weight of every context is
// then what makes its distribution add up to 1 over the union vocabulary (as SRILM's
// -mix-lm -write-lm):
//   backoff(h) = (1 - sum_{w: hw listed} P(w | h)) / (1 - sum_{w: hw listed} P(w | h'))
// with h' the context without its oldest word. The n-grams are closed under contexts and
// suffixes (what a backoff model's lookups need), so P(w | h') is always a listed entry.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "gramvec/ngram/interpolate.hpp"
#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/format/model_writer.hpp"
#include "ngram/interpolate/ngram_listing.hpp"

namespace gramvec::ngram {

namespace {

using vocab::WordId;

// The n-grams of one order, n word ids each, back to back, sorted and unique once finished.
struct OrderTable {
  std::size_t n = 0;
  std::vector<WordId> ids;
  std::vector<float> log10_probability;
  std::vector<float> log10_backoff;  // NaN: no backoff (not a context)

  std::size_t size() const { return ids.size() / n; }
  std::span<const WordId> ngram(std::size_t k) const { return {ids.data() + k * n, n}; }

  void sort_unique() {
    std::vector<std::size_t> order(size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto less = [&](std::size_t a, std::size_t b) {
      auto x = ngram(a);
      auto y = ngram(b);
      return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
    };
    std::sort(order.begin(), order.end(), less);
    std::vector<WordId> sorted;
    sorted.reserve(ids.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (k > 0 && !less(order[k - 1], order[k])) continue;  // a duplicate
      auto g = ngram(order[k]);
      sorted.insert(sorted.end(), g.begin(), g.end());
    }
    ids = std::move(sorted);
  }

  // The index of `words` (n ids), which must be listed.
  std::size_t find(std::span<const WordId> words) const {
    std::size_t low = 0;
    std::size_t high = size();
    while (low < high) {
      std::size_t middle = low + (high - low) / 2;
      auto g = ngram(middle);
      if (std::lexicographical_compare(g.begin(), g.end(), words.begin(), words.end())) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
};

class Merger {
 public:
  explicit Merger(const ModelMixture& mixture) : mixture_(mixture), tables_(static_cast<std::size_t>(mixture.order())) {
    if (mixture.tokenizer()) vocabulary_.tokenizer = *mixture.tokenizer();
  }

  Status collect() {
    const std::size_t models = mixture_.size();
    std::vector<std::vector<WordId>> to_union(models);
    for (std::size_t i = 0; i < models; ++i) {
      for (const auto& word : mixture_.model(i).words()) to_union[i].push_back(vocabulary_.insert(word));
    }
    keys_.resize(vocabulary_.size());
    for (WordId id = 0; id < vocabulary_.size(); ++id) keys_[id] = NGramModel::word_hash(vocabulary_.word(id));
    known_.assign(models, std::vector<char>(vocabulary_.size(), 0));
    for (std::size_t i = 0; i < models; ++i) {
      for (WordId id : to_union[i]) known_[i][id] = id != vocab::Vocabulary::kBos ? 1 : 0;
    }
    for (std::size_t n = 1; n <= tables_.size(); ++n) tables_[n - 1].n = n;
    for (std::size_t i = 0; i < models; ++i) {
      GRAMVEC_TRY(list_ngrams(mixture_.model(i).data(), mixture_.name(i), [&](std::span<const std::uint32_t> words) {
        auto& ids = tables_[words.size() - 1].ids;
        for (std::uint32_t word : words) ids.push_back(to_union[i][word]);
      }));
    }
    // From the top: each order's contexts and suffixes join the order below before it is sorted.
    for (std::size_t n = tables_.size(); n >= 1; --n) {
      OrderTable& table = tables_[n - 1];
      table.sort_unique();
      if (n == 1) break;
      auto& below = tables_[n - 2].ids;
      for (std::size_t k = 0; k < table.size(); ++k) {
        auto g = table.ngram(k);
        below.insert(below.end(), g.begin(), g.end() - 1);
        below.insert(below.end(), g.begin() + 1, g.end());
      }
    }
    return Status::ok();
  }

  void compute_probabilities() {
    const std::size_t models = mixture_.size();
    std::vector<ModelState> states(models);
    ModelState next;
    for (OrderTable& table : tables_) {
      const std::size_t count = table.size();
      table.log10_probability.resize(count);
      table.log10_backoff.assign(count, std::nanf(""));
      for (std::size_t begin = 0; begin < count;) {
        std::size_t end = group_end(table, begin);
        auto context = table.ngram(begin).first(table.n - 1);
        for (std::size_t i = 0; i < models; ++i) states[i] = context_state(mixture_.model(i), context);
        for (std::size_t k = begin; k < end; ++k) {
          WordId word = table.ngram(k).back();
          double probability = 0.0;
          for (std::size_t i = 0; i < models; ++i) {
            if (!known_[i][word]) continue;
            float log10 = mixture_.model(i).score_hash(states[i], keys_[word], next).log10_probability;
            probability += mixture_.weights()[i] * std::pow(10.0, static_cast<double>(log10));
          }
          table.log10_probability[k] = static_cast<float>(arpa_log10(probability));
        }
        begin = end;
      }
    }
  }

  // The backoff of each context, from the probabilities as they will be stored.
  void compute_backoffs() {
    for (std::size_t n = 2; n <= tables_.size(); ++n) {
      const OrderTable& table = tables_[n - 1];
      OrderTable& contexts = tables_[n - 2];
      std::vector<WordId> shorter(n - 1);
      for (std::size_t begin = 0; begin < table.size();) {
        std::size_t end = group_end(table, begin);
        double listed = 0.0;
        double listed_below = 0.0;
        for (std::size_t k = begin; k < end; ++k) {
          auto g = table.ngram(k);
          listed += probability(table.log10_probability[k]);
          std::copy(g.begin() + 1, g.end(), shorter.begin());
          listed_below += probability(contexts.log10_probability[contexts.find(shorter)]);
        }
        double left = 1.0 - listed;
        double left_below = 1.0 - listed_below;
        double backoff = 1.0;
        if (!(left > 0.0)) {
          backoff = 0.0;  // the listed words hold all the mass: nothing to back off to
        } else if (left_below > 0.0) {
          backoff = left / left_below;
        }
        contexts.log10_backoff[contexts.find(table.ngram(begin).first(n - 1))] = static_cast<float>(arpa_log10(backoff));
        begin = end;
      }
    }
  }

  Result<InterpolationSummary> write(const std::string& path, const std::optional<BinaryModelOptions>& binary) {
    InterpolationSummary summary;
    summary.order = static_cast<int>(tables_.size());
    for (const auto& table : tables_) summary.ngram_counts.push_back(table.size());
    summary.vocabulary = tables_[0].size();
    std::vector<std::string> comments;
    comments.push_back(fmt::format("gramvec {} ARPA language model", GRAMVEC_VERSION));
    comments.push_back(fmt::format("order={} smoothing=mix", summary.order));
    if (mixture_.tokenizer()) comments.push_back(mixture_.tokenizer()->describe());
    for (std::size_t i = 0; i < mixture_.size(); ++i) {
      const NGramModel& model = mixture_.model(i);
      comments.push_back(fmt::format("component={} weight={} order={} smoothing={} model={}", i + 1,
                                     mixture_.weights()[i], model.order(),
                                     model.info().smoothing.empty() ? "unknown" : model.info().smoothing,
                                     mixture_.name(i)));
    }
    auto writer = make_model_writer(path, binary);
    GRAMVEC_TRY(writer->open(comments, summary.ngram_counts, vocabulary_));
    for (const OrderTable& table : tables_) {
      writer->begin_order(static_cast<int>(table.n));
      for (std::size_t k = 0; k < table.size(); ++k) {
        double backoff = probability(table.log10_backoff[k]);
        writer->add(probability(table.log10_probability[k]), table.ngram(k),
                    std::isnan(table.log10_backoff[k]) ? nullptr : &backoff);
      }
    }
    GRAMVEC_TRY(writer->commit());
    return summary;
  }

 private:
  static double probability(float log10) { return log10 <= -99.0F ? 0.0 : std::pow(10.0, static_cast<double>(log10)); }

  // The end of the group of n-grams that share the context of n-gram `begin`.
  static std::size_t group_end(const OrderTable& table, std::size_t begin) {
    auto context = table.ngram(begin).first(table.n - 1);
    std::size_t end = begin + 1;
    while (end < table.size() && std::ranges::equal(table.ngram(end).first(table.n - 1), context)) ++end;
    return end;
  }

  // A model's state after the context, as if it had scored those words (from <s> when the
  // context starts with it).
  ModelState context_state(const NGramModel& model, std::span<const WordId> context) const {
    ModelState state;
    ModelState next;
    std::size_t start = 0;
    if (!context.empty() && context[0] == vocab::Vocabulary::kBos) {
      state = model.begin_sentence();
      start = 1;
    }
    for (std::size_t k = start; k < context.size(); ++k) {
      model.score_hash(state, keys_[context[k]], next);
      state = next;
    }
    return state;
  }

  const ModelMixture& mixture_;
  vocab::Vocabulary vocabulary_;
  std::vector<std::uint64_t> keys_;      // by union id
  std::vector<std::vector<char>> known_;  // known_[i][id]: model i has the word (never <s>)
  std::vector<OrderTable> tables_;        // index n - 1
};

}  // namespace

Status check_mergeable(const NGramModel& model, const std::string& name) { return check_listable(model.data(), name); }

Result<InterpolationSummary> write_interpolated_model(const ModelMixture& mixture, const std::string& path,
                                                      const std::optional<BinaryModelOptions>& binary) {
  Merger merger(mixture);
  GRAMVEC_TRY(merger.collect());
  merger.compute_probabilities();
  merger.compute_backoffs();
  return merger.write(path, binary);
}

}  // namespace gramvec::ngram
