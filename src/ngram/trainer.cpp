#include "gramvec/ngram/trainer.hpp"

#include <fmt/format.h>

#include "gramvec/ngram/arpa_writer.hpp"

namespace gramvec::ngram {

using vocab::Vocabulary;
using vocab::WordId;

namespace {

bool is_sentence_marker(std::string_view token) {
  return token == Vocabulary::kBosWord || token == Vocabulary::kEosWord;
}

// Collects sentences as ids, either against a fixed vocabulary or growing one as it goes.
class StreamBuilder {
 public:
  StreamBuilder(Vocabulary& vocabulary, bool fixed, SentenceStream& stream)
      : vocabulary_(vocabulary), fixed_(fixed), stream_(stream) {}

  template <typename Tokens>
  void add(const Tokens& tokens) {
    ids_.clear();
    for (const auto& token : tokens) {
      std::string_view word(token);
      if (is_sentence_marker(word)) continue;
      WordId id = fixed_ ? vocabulary_.id_or_unk(word) : vocabulary_.insert(word);
      ids_.push_back(id);
    }
    stream_.add_sentence(ids_);
  }

 private:
  Vocabulary& vocabulary_;
  bool fixed_;
  SentenceStream& stream_;
  std::vector<WordId> ids_;
};

// Final vocabulary: fixed as given, or built from the counts with the limits applied.
void finish_vocabulary(const TrainingOptions& options, Vocabulary& vocabulary, SentenceStream& stream) {
  if (options.vocabulary) {
    // Keep the given ids; counts become this corpus's counts.
    std::vector<std::uint64_t> counts(vocabulary.size(), 0);
    for (WordId id : stream.ids) ++counts[id];
    Vocabulary counted = vocabulary;
    for (WordId id = 0; id < counted.size(); ++id) counted.add_count(id, counts[id] - counted.count(id));
    vocabulary = std::move(counted);
    return;
  }
  for (WordId id : stream.ids) vocabulary.add_count(id, 1);
  std::vector<WordId> old_to_new;
  Vocabulary final_vocabulary = vocabulary.finalized(options.limits, &old_to_new);
  for (WordId& id : stream.ids) id = old_to_new[id];
  vocabulary = std::move(final_vocabulary);
}

Result<TrainedLanguageModel> estimate(TrainedLanguageModel trained, SentenceStream& stream,
                                      const TrainingOptions& options) {
  finish_vocabulary(options, trained.vocabulary, stream);
  auto estimate = estimate_language_model(stream, trained.vocabulary.size(), options.estimation);
  if (!estimate) return estimate.status();
  trained.estimate = std::move(*estimate);
  return trained;
}

}  // namespace

Status read_sentences(const std::vector<std::string>& files, const TrainingOptions& options,
                      Vocabulary& vocabulary, SentenceStream& stream, text::CorpusStats& stats,
                      std::string& invalid_summary) {
  StreamBuilder builder(vocabulary, options.vocabulary.has_value(), stream);
  text::CorpusReader reader(options.corpus);
  GRAMVEC_TRY(reader.read(files, [&](std::span<const std::string_view> tokens) { builder.add(tokens); }));
  stats = reader.stats();
  invalid_summary = reader.invalid_input_summary();
  if (stats.tokens == 0) {
    return Status::error(fmt::format("{}: the corpus is empty (no words in {} line(s))",
                                     files.size() == 1 ? files.front() : fmt::format("{}", fmt::join(files, ", ")),
                                     stats.lines));
  }
  return Status::ok();
}

namespace {
// The model before reading: the given vocabulary (or only the reserved words) and the tokenizer.
TrainedLanguageModel start_training(const TrainingOptions& options) {
  TrainedLanguageModel trained;
  trained.vocabulary = options.vocabulary.value_or(Vocabulary());
  trained.vocabulary.tokenizer = options.corpus.tokenizer;
  return trained;
}
}  // namespace

Result<TrainedLanguageModel> train_language_model(const std::vector<std::string>& files,
                                                  const TrainingOptions& options) {
  GRAMVEC_TRY(validate(options.estimation));
  TrainedLanguageModel trained = start_training(options);
  SentenceStream stream;
  GRAMVEC_TRY(read_sentences(files, options, trained.vocabulary, stream, trained.corpus, trained.invalid_input_summary));
  return estimate(std::move(trained), stream, options);
}

Result<TrainedLanguageModel> train_language_model(const std::vector<std::vector<std::string>>& sentences,
                                                  const TrainingOptions& options) {
  GRAMVEC_TRY(validate(options.estimation));
  TrainedLanguageModel trained = start_training(options);
  SentenceStream stream;
  StreamBuilder builder(trained.vocabulary, options.vocabulary.has_value(), stream);
  for (const auto& sentence : sentences) builder.add(sentence);
  trained.corpus.sentences = sentences.size();
  return estimate(std::move(trained), stream, options);
}

Status write_arpa(const TrainedLanguageModel& model, const std::string& path) {
  return write_arpa(model.estimate, model.vocabulary, describe_estimate(model.estimate, model.vocabulary), path);
}

}  // namespace gramvec::ngram
