// Stage 2 of estimation: links between orders and the counts each smoothing method uses.
#pragma once

#include <cstdint>
#include <vector>

#include "gramvec/ngram/options.hpp"
#include "ngram/count/ngram_table.hpp"

namespace gramvec::ngram {

// For n >= 2, suffix[n-1][i] is the index in tables[n-2] of the last n-1 words of entry i of
// tables[n-1] (present because every suffix of a counted n-gram is counted). suffix[0] is empty.
std::vector<std::vector<std::uint32_t>> link_suffixes(const std::vector<NGramTable>& tables,
                                                      const std::vector<NGramIndex>& indexes);

// The count each entry contributes to its smoothing method. With `continuation` (the Kneser-Ney
// methods), below the highest order it is the continuation count N1+(. w) (the number of
// distinct words seen before the n-gram), except for n-grams that start with <s>, which nothing
// can precede and which keep their raw count (as KenLM's lmplz). Otherwise raw counts throughout.
std::vector<std::vector<std::uint64_t>> adjust_counts(const std::vector<NGramTable>& tables,
                                                      const std::vector<std::vector<std::uint32_t>>& suffix,
                                                      bool continuation);

}  // namespace gramvec::ngram
