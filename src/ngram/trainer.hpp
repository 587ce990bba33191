// Training in memory: tokenize -> vocabulary -> estimate, from corpus files or a count file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gramvec/ngram/train.hpp"
#include "gramvec/text/corpus.hpp"
#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/count/count_file_loader.hpp"
#include "ngram/estimate/estimate.hpp"

namespace gramvec::ngram {

struct TrainedLanguageModel {
  vocab::Vocabulary vocabulary;
  LanguageModelEstimate estimate;
  text::CorpusStats corpus;
  std::string invalid_input_summary;
};

// Reads the corpus into a sentence stream of word ids. Literal <s> and </s> tokens are dropped
// (they are added around every sentence); a literal <unk> is the unknown word.
Status read_sentences(const std::vector<std::string>& files, const TrainingOptions& options,
                      vocab::Vocabulary& vocabulary, SentenceStream& stream, text::CorpusStats& stats,
                      std::string& invalid_summary);

Result<TrainedLanguageModel> train_language_model(const std::vector<std::string>& files,
                                                  const TrainingOptions& options);

// An error naming the files when the corpus read held no words.
Status check_corpus_not_empty(const std::vector<std::string>& files, const text::CorpusStats& stats);

// A count file opened for training: its loader at the n-grams, the estimation options for it
// (its order, checked; an error for counts that hold no words), and the model's vocabulary: the
// given one (options.vocabulary) or one chosen from the list's counts with options.limits, with
// the file's tokenizer settings, and the final id of each word of the list (words left out
// become <unk>).
struct CountsForTraining {
  CountFileLoader loader;
  EstimationOptions estimation;
  vocab::Vocabulary vocabulary;
  std::vector<WordId> to_final;
};
Status open_counts_for_training(const std::string& path, const TrainingOptions& options, CountsForTraining& counts);

// Same, from a count file (gramvec lm count / lm merge): its order and tokenizer settings are
// the model's (options.estimation.order must be 0 or the same; options.corpus is not used), and
// the vocabulary is chosen from its counts as from a corpus's, so the model is the one training
// on the corpus gives.
Result<TrainedLanguageModel> train_language_model_from_counts(const std::string& counts_path,
                                                              const TrainingOptions& options);

// Same, from sentences already split into tokens (for tests and library users).
Result<TrainedLanguageModel> train_language_model(const std::vector<std::vector<std::string>>& sentences,
                                                  const TrainingOptions& options);

// The model as ARPA at `path` (for tests and tools; train() writes any format).
Status write_arpa(const TrainedLanguageModel& model, const std::string& path);

}  // namespace gramvec::ngram
