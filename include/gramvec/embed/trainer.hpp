// word2vec training: skip-gram or CBOW (mean of the context vectors), negative sampling or
// hierarchical softmax, subsampling of frequent words, a window shrunk at random at each
// position, and a learning rate decaying linearly from alpha to alpha * 1e-4 over all epochs.
// Worker threads update the shared matrices without locks (Hogwild), each streaming its own
// byte range of the corpus every epoch; with one thread and a seed, runs are bit-identical.
// Compressed corpus files (gzip, xz, zstd) are read as they are when counting the vocabulary and
// decompressed once into a temporary file for the epochs (see TrainingCorpus).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gramvec/embed/training_state.hpp"
#include "gramvec/embed/vectors.hpp"
#include "gramvec/status.hpp"
#include "gramvec/text/corpus.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::embed {

struct TrainerOptions {
  std::size_t threads = 0;  // 0: all cores
  text::InvalidUtf8Policy on_invalid = text::InvalidUtf8Policy::error;
  bool show_progress = false;  // the progress line on stderr
  std::string save_state_path;  // written after every epoch when not empty
};

struct TrainingSummary {
  std::uint64_t words_processed = 0;  // corpus words read in this run (before subsampling)
  double seconds = 0.0;
  double average_loss = 0.0;  // over the last epoch
  std::size_t threads = 0;
  std::uint64_t replaced_characters = 0;
  std::uint64_t skipped_lines = 0;
};

// Counts the vocabulary of `paths` with the shared Vocabulary code (or takes `vocabulary`, e.g.
// loaded from `gramvec vocab`, and applies min_count/max_vocab to it), and returns a fresh
// state: input vectors initialised at random from the seed, output vectors zero.
// Only options.on_invalid and options.show_progress matter here.
Result<TrainingState> initial_training_state(const std::vector<std::string>& paths, const TrainingSettings& settings,
                                             std::optional<vocab::Vocabulary> vocabulary,
                                             const TrainerOptions& options);

// Trains `state` from its epochs_done up to settings.epochs on `paths`.
Result<TrainingSummary> train(TrainingState& state, const std::vector<std::string>& paths,
                              const TrainerOptions& options);

// The input vectors as word vectors (rows in descending count order). <unk> is left out when
// it never occurred literally (possible only with a loaded vocabulary).
WordVectors trained_vectors(const TrainingState& state);

}  // namespace gramvec::embed
