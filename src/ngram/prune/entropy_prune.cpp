#include "ngram/prune/entropy_prune.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

#include "ngram/estimate/smoothing/smoothing_method.hpp"
#include "ngram/format/model_writer.hpp"
#include "ngram/interpolate/ngram_listing.hpp"

namespace gramvec::ngram {

namespace {

constexpr const char* kPurpose = "pruned";
// SRILM's Prob_Epsilon: backoff terms this far below 0 are rounding errors.
constexpr double kEpsilon = 3e-6;

double probability(double log10) { return log10 <= -99.0 ? 0.0 : std::pow(10.0, log10); }

}  // namespace

std::size_t EntropyPruner::Table::find(std::span<const WordId> words) const {
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
  return low < size() && std::ranges::equal(ngram(low), words) ? low : kNone;
}

std::size_t EntropyPruner::Table::group_end(std::size_t begin) const {
  auto context = ngram(begin).first(n - 1);
  std::size_t end = begin + 1;
  while (end < size() && std::ranges::equal(ngram(end).first(n - 1), context)) ++end;
  return end;
}

Status check_prunable(const NGramModel& model, const std::string& name) {
  const SmoothingMethod* method = find_smoothing(model.info().smoothing);
  if ((method != nullptr && !method->is_normalised()) || model.data().backoff.constant) {
    return Status::error(fmt::format("{}: a {} model gives scores, not probabilities, and cannot be pruned", name,
                                     model.info().smoothing.empty() ? "stupid backoff" : model.info().smoothing));
  }
  return check_listable(model.data(), name, kPurpose);
}

Result<EntropyPruner> EntropyPruner::make(const NGramModel& model, const std::string& name) {
  GRAMVEC_TRY(check_prunable(model, name));
  EntropyPruner pruner;
  const ModelInfo& info = model.info();
  pruner.comments_.push_back(fmt::format("gramvec {} ARPA language model", GRAMVEC_VERSION));
  pruner.comments_.push_back(fmt::format("order={}", model.order()));
  if (!info.smoothing.empty()) pruner.comments_.back() += " smoothing=" + info.smoothing;
  if (info.tokenizer) {
    pruner.vocabulary_.tokenizer = *info.tokenizer;
    pruner.comments_.push_back(info.tokenizer->describe());
  }
  std::vector<WordId> to_vocabulary;
  for (const auto& word : model.words()) to_vocabulary.push_back(pruner.vocabulary_.insert(word));
  pruner.tables_.resize(static_cast<std::size_t>(model.order()));
  for (std::size_t n = 1; n <= pruner.tables_.size(); ++n) pruner.tables_[n - 1].n = n;
  auto add = [&](std::span<const std::uint32_t> words, float log10_probability, float log10_backoff) {
    Table& table = pruner.tables_[words.size() - 1];
    for (std::uint32_t word : words) table.ids.push_back(to_vocabulary[word]);
    table.log10_probability.push_back(log10_probability);
    table.log10_backoff.push_back(log10_backoff);
  };
  GRAMVEC_TRY(list_ngram_entries(model.data(), name, kPurpose, add));
  pruner.sort();
  return pruner;
}

// Collects what write_estimate writes: the comments, the vocabulary and every entry.
class EntropyPruner::Sink final : public ModelWriter {
 public:
  explicit Sink(EntropyPruner& pruner) : pruner_(pruner) {}
  Status open(const std::vector<std::string>& header_comments, std::span<const std::uint64_t> counts,
              const vocab::Vocabulary& vocabulary) override {
    pruner_.comments_ = header_comments;
    pruner_.vocabulary_ = vocabulary;
    pruner_.tables_.assign(counts.size(), Table{});
    for (std::size_t n = 1; n <= counts.size(); ++n) {
      Table& table = pruner_.tables_[n - 1];
      table.n = n;
      table.ids.reserve(counts[n - 1] * n);
      table.log10_probability.reserve(counts[n - 1]);
      table.log10_backoff.reserve(counts[n - 1]);
    }
    pruner_.sorted_ = false;
    return Status::ok();
  }
  void begin_order(int n) override { order_ = static_cast<std::size_t>(n); }
  void add(double probability, std::span<const vocab::WordId> words, const double* backoff) override {
    Table& table = pruner_.tables_[order_ - 1];
    table.ids.insert(table.ids.end(), words.begin(), words.end());
    table.log10_probability.push_back(arpa_log10(probability));
    table.log10_backoff.push_back(backoff == nullptr ? std::nan("") : arpa_log10(*backoff));
  }
  Status commit() override { return Status::ok(); }

 private:
  EntropyPruner& pruner_;
  std::size_t order_ = 1;
};

std::unique_ptr<ModelWriter> EntropyPruner::sink() { return std::make_unique<Sink>(*this); }

// Sorted by words: the n-grams of one context become adjacent.
void EntropyPruner::sort() {
  for (Table& table : tables_) {
    const std::size_t count = table.log10_probability.size();
    std::vector<std::size_t> order(count);
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto ngram = [&](std::size_t k) { return std::span<const WordId>(table.ids.data() + k * table.n, table.n); };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      auto x = ngram(a);
      auto y = ngram(b);
      return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
    });
    Table sorted;
    sorted.n = table.n;
    sorted.ids.reserve(table.ids.size());
    sorted.log10_probability.reserve(count);
    sorted.log10_backoff.reserve(count);
    for (std::size_t k : order) {
      auto g = ngram(k);
      sorted.ids.insert(sorted.ids.end(), g.begin(), g.end());
      sorted.log10_probability.push_back(table.log10_probability[k]);
      sorted.log10_backoff.push_back(table.log10_backoff[k]);
    }
    sorted.kept.assign(count, 1);
    sorted.read_backoff = sorted.log10_backoff;
    table = std::move(sorted);
  }
  sorted_ = true;
}

std::vector<std::uint64_t> EntropyPruner::counts() const {
  std::vector<std::uint64_t> counts;
  for (const Table& table : tables_) {
    counts.push_back(static_cast<std::uint64_t>(std::count(table.kept.begin(), table.kept.end(), 1)));
  }
  return counts;
}

vocab::WordId EntropyPruner::id_of(const std::string& word) const {
  auto id = vocabulary_.find(word);
  return id ? *id : vocab::Vocabulary::kUnk;
}

double EntropyPruner::stored_backoff(std::span<const WordId> context) const {
  if (context.empty() || context.size() >= tables_.size()) return 0.0;
  const Table& table = tables_[context.size() - 1];
  std::size_t k = table.find(context);
  if (k == kNone || !table.kept[k] || std::isnan(table.log10_backoff[k])) return 0.0;
  return table.log10_backoff[k];
}

// The backoff rule: the longest kept n-gram ending the context and the word, times the backoff
// weights of the longer contexts passed on the way.
double EntropyPruner::log10_probability(std::span<const WordId> context, WordId word) const {
  if (context.size() >= tables_.size()) context = context.last(tables_.size() - 1);
  std::array<WordId, kMaxOrder> ngram{};  // no allocation: this runs for every n-gram, often twice
  std::copy(context.begin(), context.end(), ngram.begin());
  ngram[context.size()] = word;
  const std::size_t length = context.size() + 1;
  double backoffs = 0.0;
  for (std::size_t start = 0; start <= context.size(); ++start) {
    std::span<const WordId> g(ngram.data() + start, length - start);
    const Table& table = tables_[g.size() - 1];
    std::size_t k = table.find(g);
    if (k != kNone && table.kept[k]) return backoffs + table.log10_probability[k];
    if (g.size() == 1) break;
    backoffs += stored_backoff(g.first(g.size() - 1));
  }
  return -99.0;  // a word that is no 1-gram
}

double EntropyPruner::log10_probability(std::span<const std::string> context, const std::string& word) const {
  std::vector<WordId> ids;
  for (const auto& w : context) ids.push_back(id_of(w));
  return log10_probability(ids, id_of(word));
}

// As SRILM's computeContextProb: P(h1) P(h2 | h1) ...; a leading <s> (probability 0 as a word)
// counts as </s>, the event that precedes it.
double EntropyPruner::log10_context_probability(std::span<const WordId> context) const {
  if (history_ != nullptr) return log10_history_probability(context);
  double total = 0.0;
  for (std::size_t i = 0; i < context.size(); ++i) {
    WordId word = context[i];
    if (i == 0 && word == vocab::Vocabulary::kBos) word = vocab::Vocabulary::kEos;
    total += log10_probability(context.first(i), word);
  }
  return total;
}

// The same from the history model, a sentence's state carried from word to word.
double EntropyPruner::log10_history_probability(std::span<const WordId> context) const {
  double total = 0.0;
  ModelState state;  // no words: the first is scored by its 1-gram
  ModelState next;
  for (std::size_t i = 0; i < context.size(); ++i) {
    if (i == 0 && context[i] == vocab::Vocabulary::kBos) {
      total += history_->score(state, vocabulary_.word(vocab::Vocabulary::kEos), next).log10_probability;
      state = history_->begin_sentence();
      continue;
    }
    total += history_->score(state, vocabulary_.word(context[i]), next).log10_probability;
    state = next;
  }
  return total;
}

bool EntropyPruner::backoff_terms(std::size_t n, std::size_t begin, std::size_t end, double& numerator,
                                  double& denominator) const {
  const Table& table = tables_[n - 1];
  numerator = 1.0;
  denominator = 1.0;
  for (std::size_t k = begin; k < end; ++k) {
    if (!table.kept[k]) continue;
    auto g = table.ngram(k);
    numerator -= probability(table.log10_probability[k]);
    denominator -= probability(log10_probability(g.subspan(1, n - 2), g.back()));
  }
  if (numerator < 0.0 && numerator > -kEpsilon) numerator = 0.0;
  if (denominator < 0.0 && denominator > -kEpsilon) denominator = 0.0;
  if (numerator < 0.0) return false;
  if (denominator <= 0.0) {
    if (numerator > kEpsilon) return false;
    numerator = 0.0;
    denominator = 0.0;
  }
  return true;
}

double EntropyPruner::delta_entropy(std::size_t n, std::size_t k, double numerator, double denominator,
                                    double log10_context, double old_backoff) const {
  const Table& table = tables_[n - 1];
  auto g = table.ngram(k);
  const double log10_ngram = table.log10_probability[k];
  const double log10_lower = log10_probability(g.subspan(1, n - 2), g.back());  // P(w | h')
  // α'(h): hw's mass goes back to the backoff side of both terms.
  const double new_backoff =
      std::log10(numerator + probability(log10_ngram)) - std::log10(denominator + probability(log10_lower));
  const double change = log10_lower + new_backoff - log10_ngram;
  return -probability(log10_context) *
         (probability(log10_ngram) * change + numerator * (new_backoff - old_backoff));
}

double EntropyPruner::delta_entropy(std::span<const std::string> ngram) const {
  std::vector<WordId> ids;
  for (const auto& w : ngram) ids.push_back(id_of(w));
  const std::size_t n = ids.size();
  if (n < 2 || n > tables_.size()) return std::nan("");
  const Table& table = tables_[n - 1];
  std::size_t k = table.find(ids);
  if (k == kNone || !table.kept[k]) return std::nan("");
  auto context = table.ngram(k).first(n - 1);
  // The context's group: back to its first n-gram.
  std::size_t begin = k;
  while (begin > 0 && std::ranges::equal(table.ngram(begin - 1).first(n - 1), context)) --begin;
  std::size_t end = table.group_end(begin);
  double numerator = 0.0;
  double denominator = 0.0;
  if (!backoff_terms(n, begin, end, numerator, denominator)) return std::nan("");
  return delta_entropy(n, k, numerator, denominator, log10_context_probability(context), stored_backoff(context));
}

void EntropyPruner::compute_criteria() {
  if (!sorted_) sort();
  for (std::size_t n = 2; n <= tables_.size(); ++n) {
    Table& table = tables_[n - 1];
    table.criterion.assign(table.size(), std::numeric_limits<double>::infinity());
    for (std::size_t begin = 0; begin < table.size();) {
      const std::size_t end = table.group_end(begin);
      double numerator = 0.0;
      double denominator = 0.0;
      // Improper terms: the context's n-grams all stay.
      if (backoff_terms(n, begin, end, numerator, denominator)) {
        auto context = table.ngram(begin).first(n - 1);
        const double log10_context = log10_context_probability(context);
        const double old_backoff = stored_backoff(context);
        for (std::size_t k = begin; k < end; ++k) {
          double delta = delta_entropy(n, k, numerator, denominator, log10_context, old_backoff);
          table.criterion[k] = std::pow(10.0, delta) - 1.0;
        }
      }
      begin = end;
    }
  }
  judged_ = true;
}

void EntropyPruner::prune(double threshold) {
  if (!judged_) compute_criteria();
  for (Table& table : tables_) {
    std::fill(table.kept.begin(), table.kept.end(), 1);
    table.log10_backoff = table.read_backoff;
  }
  for (std::size_t n = tables_.size(); n >= 2 && threshold > 0.0; --n) {
    Table& table = tables_[n - 1];
    // Kept by the order above: contexts (SRILM) and suffixes (lookups) of its kept n-grams.
    std::vector<char> needed(table.size(), 0);
    if (n < tables_.size()) {
      const Table& above = tables_[n];
      for (std::size_t k = 0; k < above.size(); ++k) {
        if (!above.kept[k]) continue;
        auto g = above.ngram(k);
        for (auto part : {g.first(n), g.last(n)}) {
          std::size_t at = table.find(part);
          if (at != kNone) needed[at] = 1;
        }
      }
    }
    for (std::size_t k = 0; k < table.size(); ++k) {
      if (!needed[k] && table.criterion[k] < threshold) table.kept[k] = 0;
    }
  }
  recompute_backoffs();
}

Result<EntropyPruner::Found> EntropyPruner::prune_to(std::uint64_t target,
                                                    const std::function<Result<std::uint64_t>(double threshold)>& size,
                                                    const std::string& what) {
  if (!judged_) compute_criteria();
  // The size changes only where θ passes a criterion: the candidates are θ = 0 and each
  // distinct criterion's next double up (removing the n-grams at or below it).
  std::vector<double> thresholds{0.0};
  for (const Table& table : tables_) {
    for (double value : table.criterion) {
      if (std::isfinite(value) && value >= 0.0) thresholds.push_back(value);
    }
  }
  std::sort(thresholds.begin() + 1, thresholds.end());
  thresholds.erase(std::unique(thresholds.begin() + 1, thresholds.end()), thresholds.end());
  for (std::size_t i = 1; i < thresholds.size(); ++i) {
    thresholds[i] = std::nextafter(thresholds[i], std::numeric_limits<double>::infinity());
  }
  Found found;
  auto size_at = [&](std::size_t i) -> Result<std::uint64_t> {
    prune(thresholds[i]);
    ++found.tried;
    return size(thresholds[i]);
  };
  // The smallest i whose model fits: sizes do not grow with i.
  auto last = size_at(thresholds.size() - 1);
  if (!last) return last.status();
  if (*last > target) {
    return Status::error(fmt::format("{} {}: the smallest model entropy pruning reaches has {} {}", what, target,
                                     *last, what == "--target-bytes" ? "bytes" : "n-grams"));
  }
  std::size_t low = 0;
  std::size_t high = thresholds.size() - 1;  // fits
  std::uint64_t high_size = *last;
  while (low < high) {
    std::size_t middle = low + (high - low) / 2;
    auto at = size_at(middle);
    if (!at) return at.status();
    if (*at <= target) {
      high = middle;
      high_size = *at;
    } else {
      low = middle + 1;
    }
  }
  prune(thresholds[high]);
  found.threshold = thresholds[high];
  found.size = high_size;
  return found;
}

// Shorter contexts first: a context's denominator uses the backoffs below it (SRILM's
// recomputeBOWs). A context with no kept n-gram after it keeps no backoff.
void EntropyPruner::recompute_backoffs() {
  for (std::size_t n = 2; n <= tables_.size(); ++n) {
    const Table& table = tables_[n - 1];
    Table& contexts = tables_[n - 2];
    std::vector<double> backoffs(contexts.size(), std::nan(""));
    for (std::size_t begin = 0; begin < table.size();) {
      const std::size_t end = table.group_end(begin);
      std::size_t at = contexts.find(table.ngram(begin).first(n - 1));
      bool any = false;
      for (std::size_t k = begin; k < end; ++k) any = any || table.kept[k] != 0;
      double numerator = 0.0;
      double denominator = 0.0;
      if (at != kNone && any) {
        double backoff = 0.0;  // improper terms: SRILM's dummy value
        if (backoff_terms(n, begin, end, numerator, denominator)) {
          backoff = numerator == 0.0 && denominator == 0.0 ? 1.0 : numerator / denominator;
        }
        backoffs[at] = backoff > 0.0 ? std::log10(backoff) : -99.0;
      }
      begin = end;
    }
    contexts.log10_backoff = std::move(backoffs);
  }
}

Status EntropyPruner::write(const std::string& path, const std::optional<BinaryModelOptions>& binary,
                            const std::string& name, double threshold) const {
  auto writer = make_model_writer(path, binary);
  return write(*writer, name, threshold);
}

Status EntropyPruner::write(ModelWriter& out, const std::string& name, double threshold) const {
  std::vector<std::string> comments = comments_;
  comments.push_back(name.empty() ? fmt::format("pruned=entropy threshold={}", threshold)
                                  : fmt::format("pruned=entropy threshold={} model={}", threshold, name));
  auto kept = counts();
  GRAMVEC_TRY(out.open(comments, kept, vocabulary_));
  for (const Table& table : tables_) {
    out.begin_order(static_cast<int>(table.n));
    for (std::size_t k = 0; k < table.size(); ++k) {
      if (!table.kept[k]) continue;
      double backoff = probability(table.log10_backoff[k]);
      out.add(probability(table.log10_probability[k]), table.ngram(k),
              std::isnan(table.log10_backoff[k]) ? nullptr : &backoff);
    }
  }
  return out.commit();
}

Status check_prune_options(const PruneOptions& options, const std::optional<BinaryModelOptions>& binary) {
  if (!(options.threshold >= 0.0) || !std::isfinite(options.threshold)) {
    return Status::usage_error(
        fmt::format("--threshold: {} is not a threshold (a finite number >= 0)", options.threshold));
  }
  if (options.target_ngrams && options.target_bytes) {
    return Status::usage_error("--target-size and --target-bytes: give one of the two");
  }
  if (options.target_bytes && !binary) {
    return Status::usage_error(
        "--target-bytes: the size is that of a binary model; write one (-o NAME.gvlm, with --layout)");
  }
  return Status::ok();
}

Result<PruneSummary> write_pruned_model(const NGramModel& model, const std::string& name, const PruneOptions& options,
                                        const std::string& path, const std::optional<BinaryModelOptions>& binary) {
  GRAMVEC_TRY(check_prune_options(options, binary));
  auto pruner = EntropyPruner::make(model, name);
  if (!pruner) return pruner.status();
  pruner->set_history(options.history);
  PruneSummary summary;
  summary.order = pruner->order();
  summary.before = pruner->counts();
  summary.threshold = options.threshold;
  if (options.target_ngrams) {
    auto found = pruner->prune_to(
        *options.target_ngrams,
        [&](double) -> Result<std::uint64_t> {
          auto counts = pruner->counts();
          return std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
        },
        "--target-size");
    if (!found) return found.status();
    summary.threshold = found->threshold;
    summary.searched = found->tried;
  } else if (options.target_bytes) {
    auto found = pruner->prune_to(
        *options.target_bytes,
        [&](double threshold) -> Result<std::uint64_t> {
          std::uint64_t bytes = 0;
          auto sizer = make_model_sizer(*binary, bytes);
          GRAMVEC_TRY(pruner->write(*sizer, name, threshold));
          return bytes;
        },
        "--target-bytes");
    if (!found) return found.status();
    summary.threshold = found->threshold;
    summary.searched = found->tried;
    summary.bytes = found->size;
  } else {
    pruner->prune(options.threshold);
  }
  summary.after = pruner->counts();
  GRAMVEC_TRY(pruner->write(path, binary, name, summary.threshold));
  return summary;
}

}  // namespace gramvec::ngram
