// Count-threshold pruning that keeps the model consistent.
#pragma once

#include <cstdint>
#include <vector>

#include "gramvec/ngram/options.hpp"
#include "ngram/count/ngram_table.hpp"

namespace gramvec::ngram {

// kept[n-1][i] says whether entry i of order n stays in the model. An n-gram (n >= 2) is dropped
// when its raw count is at most the order's --prune threshold or below the smoothing method's
// minimum count (SmoothingMethod::min_count), unless a kept longer n-gram has it as
// context (prefix) or as suffix. Unigrams are always kept.
std::vector<std::vector<std::uint8_t>> select_kept(const std::vector<NGramTable>& tables,
                                                   const std::vector<NGramIndex>& indexes,
                                                   const std::vector<std::vector<std::uint32_t>>& suffix,
                                                   const EstimationOptions& options);

}  // namespace gramvec::ngram
