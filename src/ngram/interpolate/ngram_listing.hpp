// Every n-gram of a loaded model, with its words: what a static interpolation merges. The trie
// layout keeps the words of its n-grams (as ids); the hash layout keeps only their keys, so its
// n-grams cannot be listed.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "gramvec/status.hpp"
#include "ngram/model_data.hpp"

namespace gramvec::ngram {

// Fails, naming `name`, for a layout that cannot list its n-grams.
Status check_listable(const ModelData& model, const std::string& name);

// Calls visit(words) for every n-gram of every order, `words` (oldest first) as indices into
// model.words. Fails, naming `name`, for a layout that cannot list its n-grams.
Status list_ngrams(const ModelData& model, const std::string& name,
                   const std::function<void(std::span<const std::uint32_t>)>& visit);

}  // namespace gramvec::ngram
