// ARPA text as `lm prune` reads it: straight into the entropy pruner (its own reader of the
// n-grams, sort and links), pruned at a threshold and written as ARPA. What it writes must load
// as a model, and must prune again (a target search this time); the same input pruned in the
// form it has (--form auto: the interpolated form where every n-gram allows it) must succeed too.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/prune.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gramvec::fuzz::MemoryFile input(gramvec::fuzz::as_view(data, size));
  gramvec::ngram::PruneOptions options;
  options.threshold = 1e-3;
  const std::string out = gramvec::fuzz::scratch_directory() + "/pruned.arpa";
  auto pruned = gramvec::ngram::write_pruned_model(input.path(), options, out, std::nullopt);
  if (!pruned) return 0;
  // gramvec must read back every model it writes.
  if (!gramvec::ngram::NGramModel::load(out)) __builtin_trap();
  options.threshold = 0.0;
  options.target_ngrams = 1000000;
  if (!gramvec::ngram::write_pruned_model(out, options, out + ".again", std::nullopt)) __builtin_trap();
  options = {};
  options.threshold = 1e-3;
  options.form = gramvec::ngram::PrunedForm::automatic;
  if (!gramvec::ngram::write_pruned_model(input.path(), options, out, std::nullopt)) __builtin_trap();
  if (!gramvec::ngram::NGramModel::load(out)) __builtin_trap();
  return 0;
}
