// Every n-gram of a loaded model, with its words: what a static interpolation merges and what
// entropy pruning prunes. The trie layout keeps the words of its n-grams (as ids); the hash layout
// keeps only their keys, so its n-grams are found by looking up candidates made of the n-grams one
// order below, which finds them all when each n-gram's context and suffix are n-grams too (as in
// every model gramvec writes).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "gramvec/status.hpp"
#include "ngram/model_data.hpp"

namespace gramvec::ngram {

// Fails, naming `name`, for a layout that cannot list its n-grams (none does today: checked
// before the work starts); `purpose` says what the n-grams were wanted for ("merged into one
// model", "pruned").
Status check_listable(const ModelData& model, const std::string& name,
                      const std::string& purpose = "merged into one model");

// Calls visit(words) for every n-gram of every order, in no particular order, `words` (oldest
// first) as indices into model.words. Fails, naming `name`, for a hash-layout model whose n-grams
// cannot all be found (an n-gram without its context or suffix): the n-grams visited until then
// are not all of them.
Status list_ngrams(const ModelData& model, const std::string& name,
                   const std::function<void(std::span<const std::uint32_t>)>& visit);

// An n-gram with its stored values: log10 probability and log10 backoff (NaN at the highest
// order, which has none).
using EntryVisitor = std::function<void(std::span<const std::uint32_t> words, float log10_probability,
                                        float log10_backoff)>;
// As list_ngrams, with the stored values.
Status list_ngram_entries(const ModelData& model, const std::string& name, const std::string& purpose,
                          const EntryVisitor& visit);

}  // namespace gramvec::ngram
