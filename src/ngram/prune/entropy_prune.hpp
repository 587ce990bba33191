// The pruner behind write_pruned_model (gramvec/ngram/prune.hpp): the model's n-grams in
// memory, sorted by words so that those sharing a context are adjacent, each linked to its
// context and to its suffix (the n-gram its backoff reaches first), with the probability and
// backoff arithmetic of a backoff model over them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/prune.hpp"
#include "gramvec/status.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

class ModelWriter;

class EntropyPruner {
 public:
  // Reads every n-gram of `model` (named `name` in messages).
  static Result<EntropyPruner> make(const NGramModel& model, const std::string& name);
  // Reads the model at `path`: ARPA text straight into the pruner, a binary model through make().
  static Result<EntropyPruner> read(const std::string& path);
  // A pruner that a model writer fills (write_estimate into sink()): training and pruning in
  // one go. Sorted by the first call of prune().
  EntropyPruner() = default;
  std::unique_ptr<ModelWriter> sink();

  int order() const { return static_cast<int>(tables_.size()); }
  std::vector<std::uint64_t> counts() const;  // kept n-grams per order

  // log10 P(word | context) in the model as it stands (words by spelling, oldest first; each
  // must be a 1-gram of the model).
  double log10_probability(std::span<const std::string> context, const std::string& word) const;
  // ΔH for removing the listed n-gram `ngram` (2 words or more) alone from the model as it stands
  // (log10 units; SRILM's in the backoff form, that of the interpolated form otherwise); θ is
  // compared with 10^ΔH - 1.
  double delta_entropy(std::span<const std::string> ngram) const;

  // P(h) from `history` (not owned; null: this model) in the criteria.
  void set_history(const NGramModel* history) {
    history_ = history;
    judged_ = false;  // the criteria depend on it
  }

  // Whether the model has the form of an interpolated estimate: every listed n-gram of order 2
  // and up at least its backed-off probability (gramvec/ngram/prune.hpp). If not, an n-gram
  // that is not goes into `counterexample` (words joined by spaces).
  bool has_interpolated_form(std::string* counterexample = nullptr);
  // The form of the pruned model (backoff unless set); automatic: as has_interpolated_form().
  // Returns the form taken; fails for the interpolated form of a model that does not have it.
  // Both return to the model as read (what was pruned is undone).
  Result<PrunedForm> set_form(PrunedForm form);
  PrunedForm form() const { return interpolated_ ? PrunedForm::interpolated : PrunedForm::backoff; }

  // Prunes at `threshold` (orders from the highest down), then recomputes every backoff weight
  // (and, in the interpolated form, the probabilities of the n-grams that stay). Each call
  // starts again from the model as read, so thresholds can be tried in turn.
  void prune(double threshold);
  // Removes the n-grams (order 2 and up, words oldest first) for which `remove` is true, except
  // those that a kept longer n-gram needs, then recomputes as prune() does.
  void remove_where(const std::function<bool(std::span<const std::string> ngram)>& remove);
  // Prunes to the largest model whose size (`size` of the model pruned at the threshold it is
  // given; it must not grow with the threshold) is at most `target`: the threshold found, and how many were tried. Fails when
  // even the smallest model pruning can reach is larger.
  struct Found {
    double threshold = 0.0;
    std::uint64_t size = 0;
    int tried = 0;
  };
  Result<Found> prune_to(std::uint64_t target, const std::function<Result<std::uint64_t>(double threshold)>& size,
                         const std::string& what);
  // The model as it stands, with the header comments it was read with (and a line for the
  // pruning), at `path` (ARPA or binary) or into `out`.
  Status write(const std::string& path, const std::optional<BinaryModelOptions>& binary, const std::string& name,
               double threshold) const;
  Status write(ModelWriter& out, const std::string& name, double threshold) const;

 private:
  using WordId = vocab::WordId;
  static constexpr std::size_t kNone = ~std::size_t{0};

  // One order's n-grams, n ids each (vocabulary ids, oldest first), sorted.
  struct Table {
    std::size_t n = 0;
    std::vector<WordId> ids;
    std::vector<float> log10_probability;
    std::vector<float> log10_backoff;  // NaN: none
    std::vector<float> read_backoff;   // log10_backoff as read (pruning recomputes the other)
    std::vector<float> read_probability;  // the interpolated form: log10_probability as read
    std::vector<float> share;             // the interpolated form: d(hw) = P(w|h) - α(h) P(w|h')
    std::vector<double> criterion;     // 10^ΔH - 1; removed when below θ; +inf: never
    std::vector<char> kept;
    // Indices into the order below (kNoLink: not listed): the context (the n-gram without its
    // newest word) and the suffix (without its oldest word).
    std::vector<std::uint32_t> context_of;
    std::vector<std::uint32_t> suffix_of;
    std::vector<std::uint32_t> slots;  // open addressing: index + 1, 0 empty
    bool ordered = false;              // sorted and indexed
    std::size_t size() const { return log10_probability.size(); }
    std::span<const WordId> ngram(std::size_t k) const { return {ids.data() + k * n, n}; }
    std::size_t find(std::span<const WordId> words) const;  // kNone if not listed (kept or not)
    std::size_t group_end(std::size_t begin) const;         // the end of the n-grams sharing k's context
    void index();                                          // fills `slots`
  };
  static constexpr std::uint32_t kNoLink = ~std::uint32_t{0};

  // log10 P(w | h') for the n-gram k of order n (hw): its suffix's probability when listed.
  double lower_probability(std::size_t n, std::size_t k) const;
  // Context statistics shared by the n-grams of one context (SRILM's computeBOW): β(h) = 1 - the
  // listed probabilities, and 1 - their backed-off probabilities. False when they make no sense.
  // With `lower`, also each kept n-gram's log10 P(w | h'), in order.
  bool backoff_terms(std::size_t n, std::size_t begin, std::size_t end, double& numerator, double& denominator,
                     std::vector<double>* lower = nullptr) const;
  double log10_probability(std::span<const WordId> context, WordId word) const;
  // log10 P(h): the product of the model's (or the history model's) conditional probabilities of
  // h's words.
  double log10_context_probability(std::span<const WordId> context) const;
  double log10_history_probability(std::span<const WordId> context) const;
  double stored_backoff(std::span<const WordId> context) const;  // log10; 0 when none
  double delta_entropy(std::size_t n, std::size_t k, double numerator, double denominator, double log10_context,
                       double old_backoff, double log10_lower) const;
  // The interpolated form: ΔH of removing each n-gram of the context group [begin, end) alone,
  // in log10 units, into `out` (one each).
  void interpolated_delta_entropies(std::size_t n, std::size_t begin, std::size_t end, double numerator,
                                    double log10_context, double old_backoff, std::span<const double> lower,
                                    std::vector<double>& out) const;
  double old_backoff_of(std::size_t n, std::size_t k) const;  // log10 α(h) of n-gram hw, as read
  WordId id_of(const std::string& word) const;
  // Sorts every order, fails on an n-gram listed twice, and links the orders.
  Status sort(const std::string& name);
  Status sort_table(Table& table, const std::string& name) const;
  // Each n-gram's criterion: it depends on the model as read only (an order is judged before it
  // is pruned, against the unpruned orders below), so pruning at another θ reuses it.
  void compute_criteria();
  void restore();  // every n-gram kept, with its probability and backoff as read
  // Drops the n-grams (order >= 2, from the highest order down) for which `remove(n, k)` holds,
  // keeping contexts and suffixes of kept longer n-grams, then recomputes.
  void select(const std::function<bool(std::size_t n, std::size_t k)>& remove);
  void recompute_backoffs();
  void recompute_interpolated();
  class Sink;
  class ArpaSink;

  std::vector<std::string> comments_;  // the model's header comments, as written
  bool judged_ = false;
  bool interpolated_ = false;
  const NGramModel* history_ = nullptr;
  vocab::Vocabulary vocabulary_;
  std::vector<Table> tables_;  // index n - 1
};

}  // namespace gramvec::ngram
