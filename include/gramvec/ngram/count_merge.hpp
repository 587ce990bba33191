// Merging count files (shards counted separately) into one, as counting their corpora together.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gramvec/ngram/count_file.hpp"

namespace gramvec::ngram {

struct CountMergeSummary {
  CountFileHeader header;              // the merged totals
  std::vector<std::uint64_t> entries;  // entries[n-1]: words (n = 1) or n-grams written
  std::vector<std::pair<std::string, double>> stage_seconds;  // wall time of each section
};

// A streaming k-way merge (a heap over the inputs, section by section): the union of the word
// lists first, keeping for each input the map from its word indices to the union's, then each
// order's n-grams with their indices mapped, equal n-grams' counts added up. Memory grows with
// the number of inputs and their word lists, not with their n-grams. Every input must have the
// same order, tokenizer settings and sentence splitting; an error names the file. The output
// ("-": stdout) is written atomically, after every input's checksum was checked.
Result<CountMergeSummary> merge_count_files(const std::vector<std::string>& inputs, const std::string& output);

}  // namespace gramvec::ngram
