// The layouts a language model can be held in, listed once: a new layout adds its folder
// beside hash/ and trie/ and one alternative here. Each layout S provides
//   S::kId                                      its --layout name and its id in a binary file
//   S::Builder (an NGramSink) ... finish()      built from a model's n-grams
//   S::read(header, file), S::image(options)    its part of the binary file
//   begin_sentence, prefetch, score, scored_key, contains, size, order
// and the model holds one of them (NGramModel's data), so that scoring is a call on a known type.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "ngram/search/hash/hash_search.hpp"
#include "ngram/search/trie/trie_search.hpp"

namespace gramvec::ngram {

using Search = std::variant<HashSearch, TrieSearch>;

// Calls visit(std::type_identity<S>{}) for every layout S, in the order above.
template <typename Visit>
void for_each_layout(Visit&& visit) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (visit(std::type_identity<std::variant_alternative_t<I, Search>>{}), ...);
  }(std::make_index_sequence<std::variant_size_v<Search>>{});
}

// Calls visit(the layout `search` holds): std::visit, as a chain of well-predicted branches
// instead of a table of function pointers (scoring a word through the model's facade visits
// once per word).
template <typename Visit, std::size_t I = 0>
decltype(auto) visit_search(const Search& search, Visit&& visit) {
  if constexpr (I + 1 < std::variant_size_v<Search>) {
    if (search.index() != I) return visit_search<Visit, I + 1>(search, std::forward<Visit>(visit));
  }
  return visit(*std::get_if<I>(&search));
}

}  // namespace gramvec::ngram
