// Training a language model: the one entry point. From corpus files or a count file, in memory
// or in bounded memory, to ARPA or a binary model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/prune.hpp"
#include "gramvec/ngram/options.hpp"
#include "gramvec/status.hpp"
#include "gramvec/text/corpus.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

// Estimation in bounded memory (KenLM's lmplz pipeline over sorted, compressed spill files):
// the same model, holding at most about `memory_bytes` of n-gram data.
struct BoundedMemoryOptions {
  std::uint64_t memory_bytes = 1ULL << 30;
  std::string temporary_directory;  // empty: $TMPDIR or /tmp
};

// The smallest BoundedMemoryOptions::memory_bytes that works.
std::uint64_t minimum_bounded_memory();

struct TrainingOptions {
  EstimationOptions estimation;  // with a count file, order 0 means the file's
  text::CorpusOptions corpus;
  std::optional<vocab::Vocabulary> vocabulary;  // fixed vocabulary; other words become <unk>
  vocab::VocabularyLimits limits;               // used when no vocabulary is given
  std::size_t threads = 0;  // for reading, tokenizing and counting (0: all cores)
  std::optional<BoundedMemoryOptions> memory;   // set: estimate in bounded memory
  // set: the estimate is pruned by entropy at this threshold before it is written, as lm prune
  // (gramvec/ngram/prune.hpp) would prune it (in memory; not with `memory`)
  std::optional<double> prune_entropy;
  // with prune_entropy: the model giving the criterion's P(h), as lm prune --history-model (not
  // owned; null: the estimated model itself)
  const NGramModel* prune_history = nullptr;
  PrunedForm prune_form = PrunedForm::backoff;  // with prune_entropy: as lm prune --form
};

// What to train on: corpus files ("-": stdin), or a count file (lm count / lm merge), whose
// order and tokenizer settings are the model's.
struct TrainSources {
  std::vector<std::string> files;
  std::string counts;
};

// Where the model goes: ARPA at `path` ("-": stdout), or a binary model in `binary`'s layout.
struct TrainOutput {
  std::string path;
  std::optional<BinaryModelOptions> binary;
};

struct TrainSummary {
  EstimationOptions estimation;  // as used (the order of a count file)
  std::uint64_t sentences = 0;
  std::uint64_t tokens = 0;  // words plus one </s> per sentence
  std::size_t vocabulary_size = 0;
  text::TokenizerOptions tokenizer;        // the model's (a count file's own)
  std::vector<std::uint64_t> ngram_counts;  // entries of each order in the model
  std::vector<std::string> warnings;        // discount fallbacks and the like
  std::string invalid_input_summary;        // invalid UTF-8 replaced or skipped, if any
  std::vector<std::pair<std::string, double>> stage_seconds;  // wall time of each stage
  bool bounded = false;
  std::uint64_t temporary_bytes = 0;  // bounded: compressed temporary data written, in all
};

Result<TrainSummary> train(const TrainSources& sources, const TrainingOptions& options, const TrainOutput& output);

}  // namespace gramvec::ngram
