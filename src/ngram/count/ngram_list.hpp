// gramvec ngrams: the n-grams of a corpus with their counts, most frequent first, as `lm count`
// counts them (every n-gram within a sentence <s> w1 ... wk </s>).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/ngram/train.hpp"
#include "gramvec/status.hpp"
#include "ngram/count/sentence_reader.hpp"

namespace gramvec::ngram {

struct NGramListOptions {
  int min_order = 1;
  int max_order = 2;
  std::uint64_t min_count = 1;  // n-grams counted fewer times are left out
  std::uint64_t top = 0;        // the first `top` after sorting (0: all)
  bool boundaries = false;      // keep n-grams containing <s> or </s>
  SentenceReadOptions reading;
  // Counting and sorting in bounded memory (spilled to temporary files), as lm train --memory;
  // none: in memory.
  std::optional<BoundedMemoryOptions> memory;
};

struct NGramListSummary {
  text::CorpusStats corpus;
  std::uint64_t listed = 0;
};

// Receives the n-grams in order: count descending, ties by the bytes of `text` (the words joined
// by single spaces, compared as memcmp; a prefix first).
using NGramListSink = std::function<void(std::string_view text, int order, std::uint64_t count)>;

Result<NGramListSummary> list_ngrams(const std::vector<std::string>& files, const NGramListOptions& options,
                                     const NGramListSink& sink);

}  // namespace gramvec::ngram
