// Estimation in bounded memory (lm train --memory): the same model as train_language_model, from
// a corpus or a count file of any size, holding at most about `memory_bytes` of n-gram data.
//
// Stages (KenLM's lmplz pipeline, each over sorted streams with k-way merges, spilled to
// zstd-compressed temporary files when they do not fit):
//   read        the corpus -> word ids in a spill file, and the vocabulary (bounded_read.cpp)
//   count       every order n >= 2 -> n-grams with raw counts, sorted by suffix (bounded_count.cpp)
//   adjust      continuation counts of order n from order n+1 (both in suffix order), their
//               counts of counts, and the discounts (bounded_estimate.cpp)
//   interpolate order by order: each n-gram joined with its suffix's probability (suffix order),
//               sorted by context, one context group at a time through estimate_context_group
//               (shared with the in-memory path), and the probabilities sorted back by suffix for
//               the next order (bounded_estimate.cpp)
//   write       order n of the ARPA file while order n+1 finds its backoff weights
//
// The vocabulary and per-word arrays (a few dozen bytes per word type) are held in memory on top
// of `memory_bytes`, as KenLM holds them on top of -S.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ngram/trainer.hpp"
#include "ngram/estimate/estimate.hpp"
#include "ngram/format/model_writer.hpp"

namespace gramvec::ngram {

struct BoundedTrainingSummary {
  LanguageModelEstimate estimate;  // options, discounts, totals, warnings, stage times (no tables)
  std::vector<std::uint64_t> ngram_counts;  // lines of each order in the ARPA file
  std::size_t vocabulary_size = 0;
  text::TokenizerOptions tokenizer;  // the vocabulary's
  text::CorpusStats corpus;
  std::string invalid_input_summary;
  std::uint64_t temporary_bytes = 0;  // compressed temporary data written, in all
};


// Checks memory and options (pruning is not available in bounded memory yet) with a one-line
// message.
Status check_bounded_options(const EstimationOptions& estimation, const BoundedMemoryOptions& bounded);

// Trains on `files` and writes the model to `out`.
Result<BoundedTrainingSummary> train_language_model_bounded(const std::vector<std::string>& files,
                                                            const TrainingOptions& options,
                                                            const BoundedMemoryOptions& bounded,
                                                            ModelWriter& out);

// The same from a count file (gramvec lm count / lm merge), as train_language_model_from_counts.
Result<BoundedTrainingSummary> train_language_model_bounded_from_counts(const std::string& counts_path,
                                                                        const TrainingOptions& options,
                                                                        const BoundedMemoryOptions& bounded,
                                                                        ModelWriter& out);

}  // namespace gramvec::ngram
