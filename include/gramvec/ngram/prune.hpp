// Entropy-based pruning of a backoff language model (Stolcke 1998, "Entropy-based pruning of
// backoff language models"), as SRILM's `ngram -prune θ`: every n-gram of order 2 and up whose
// removal raises the model's perplexity (on its own distribution) by a relative amount below θ
// is removed, and the backoff weights are recomputed so that the model stays normalised.
//
// As SRILM (NgramLM.cc, pruneProbs):
// - the highest order first, down to 2-grams; 1-grams are kept;
// - within one context h, each n-gram hw is judged on its own against the model before this
//   order was pruned, then those judged removable go together;
// - ΔH(hw) = -P(h) { P(w|h) [log P(w|h') + log α'(h) - log P(w|h)] + β(h) [log α'(h) - log α(h)] }
//   with β(h) = 1 - Σ_{v: hv listed} P(v|h), α(h) the stored backoff weight, α'(h) the backoff
//   weight once hw is gone, h' the context without its oldest word, P(h) the product of the
//   model's own conditional probabilities of h's words (</s> for a leading <s>); logs base 10;
//   hw goes when 10^ΔH - 1 < θ (θ = 0: nothing goes);
// - an n-gram that is the context of a kept longer n-gram stays.
// Beyond SRILM: an n-gram that is the suffix of a kept longer n-gram stays too, because gramvec's
// (and KenLM's) lookups reach an n-gram through its suffix; SRILM's output can lack it.
//
// The pruned model's form. SRILM's (PrunedForm::backoff) keeps the probabilities of the n-grams
// that stay and gives the removed mass to the words that back off. An interpolated estimate
// (Kneser-Ney, absolute discounting, Witten-Bell; KenLM's) is P(w|h) = d(hw) + α(h) P(w|h'),
// with d(hw) = P(w|h) - α(h) P(w|h') >= 0 its own share; PrunedForm::interpolated returns a
// removed n-gram's share to the interpolation weight, α'(h) = α(h) + Σ_removed d, so that every
// word of the context gains in proportion to the (pruned) lower order: P'(w|h) = d(hw) + α'(h)
// P'(w|h') for the n-grams that stay. That is what count pruning of an interpolated estimate
// does (lm train --prune); it loses less when most of the model goes, more near the full size.
// Its criterion is the same relative entropy, for that form: with x_j = P(j|h') / P(j|h),
//   ΔH(hw) = P(h) { P(w|h) log(P(w|h) / (α' P(w|h'))) + β(h) log(α/α') - Σ_{j≠w listed} P(j|h) log(1 + d x_j) }.
// PrunedForm::automatic takes the interpolated form when every listed n-gram of order 2 and up
// has d >= 0 (to the precision of ARPA's numbers): when the model has the form of an
// interpolated estimate; otherwise SRILM's. The default is SRILM's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "gramvec/status.hpp"

namespace gramvec::ngram {

enum class PrunedForm { automatic, backoff, interpolated };
std::string_view pruned_form_name(PrunedForm form);  // "auto", "backoff", "interpolated"
Result<PrunedForm> parse_pruned_form(std::string_view name);  // a usage error for another name

// What to prune to: a threshold θ, or the largest model within a size (the search picks θ).
struct PruneOptions {
  double threshold = 0.0;                      // finite, >= 0; used without a target
  std::optional<std::uint64_t> target_ngrams;  // n-grams of all orders
  std::optional<std::uint64_t> target_bytes;   // size of the binary model written (binary output only)
  // P(h) of the criterion from this model instead of the pruned one (SRILM's -prune-history-lm);
  // not owned.
  const NGramModel* history = nullptr;
  PrunedForm form = PrunedForm::backoff;
};

struct PruneSummary {
  int order = 0;
  std::vector<std::uint64_t> before;  // n-grams per order
  std::vector<std::uint64_t> after;
  double threshold = 0.0;  // the one used (found, with a target)
  std::optional<std::uint64_t> bytes;  // with --target-bytes: the binary model's size
  int searched = 0;                    // thresholds tried by a target search
  PrunedForm form = PrunedForm::backoff;  // the one used (automatic resolved)
};

// Fails, naming `name`, for a model that cannot be pruned: its scores are not probabilities
// (stupid backoff). (A hash-layout model with an n-gram that lacks its context or suffix, as
// only an ARPA file from elsewhere can give, fails later: when its n-grams are listed.)
Status check_prunable(const NGramModel& model, const std::string& name);
// Fails for options that cannot be used with `binary` (the output's binary options, if any).
Status check_prune_options(const PruneOptions& options, const std::optional<BinaryModelOptions>& binary);

// `model` pruned as `options` say, written at `path` ("-": stdout): ARPA, or binary with
// `binary`. Load ARPA text with load_for_interpolation (the trie layout lists n-grams).
Result<PruneSummary> write_pruned_model(const NGramModel& model, const std::string& name, const PruneOptions& options,
                                        const std::string& path, const std::optional<BinaryModelOptions>& binary);
// The same for the model at `model_path`: ARPA text is read straight into the pruner (faster,
// and no model is built first), a binary model is loaded.
Result<PruneSummary> write_pruned_model(const std::string& model_path, const PruneOptions& options,
                                        const std::string& path, const std::optional<BinaryModelOptions>& binary);

}  // namespace gramvec::ngram
