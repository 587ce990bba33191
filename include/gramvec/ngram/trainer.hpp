// Training a language model from corpus files: tokenize -> vocabulary -> estimate -> ARPA.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gramvec/ngram/estimate.hpp"
#include "gramvec/text/corpus.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

struct TrainingOptions {
  EstimationOptions estimation;
  text::CorpusOptions corpus;
  std::optional<vocab::Vocabulary> vocabulary;  // fixed vocabulary; other words become <unk>
  vocab::VocabularyLimits limits;               // used when no vocabulary is given
};

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

// Same, from sentences already split into tokens (for tests and library users).
Result<TrainedLanguageModel> train_language_model(const std::vector<std::vector<std::string>>& sentences,
                                                  const TrainingOptions& options);

Status write_arpa(const TrainedLanguageModel& model, const std::string& path);

}  // namespace gramvec::ngram
