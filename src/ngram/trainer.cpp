#include "ngram/trainer.hpp"

#include <fmt/format.h>

#include <chrono>

#include "ngram/count/count_file_loader.hpp"
#include "ngram/count/sentence_reader.hpp"
#include "ngram/format/arpa_writer.hpp"

namespace gramvec::ngram {

using vocab::Vocabulary;
using vocab::WordId;

namespace {

// Final vocabulary: fixed as given, or built from the counts with the limits applied.
void finish_vocabulary(const TrainingOptions& options, Vocabulary& vocabulary, SentenceStream& stream) {
  std::vector<std::uint64_t> occurrences(vocabulary.size(), 0);
  for (WordId id : stream.ids) ++occurrences[id];
  std::vector<WordId> to_final;
  const bool fixed = options.vocabulary.has_value();
  vocabulary = vocab::with_occurrences(vocabulary, occurrences, fixed, options.limits, to_final);
  if (!fixed) {
    for (WordId& id : stream.ids) id = to_final[id];
  }
}

}  // namespace

namespace {

Result<EstimationOptions> estimation_for_counts(const CountFileLoader& loader, const EstimationOptions& given) {
  const CountFileHeader& header = loader.header();
  EstimationOptions estimation = given;
  if (estimation.order != 0 && estimation.order != header.order) {
    return Status::error(fmt::format("{}: the counts are of order {}, not {}", loader.name(), header.order,
                                     estimation.order));
  }
  estimation.order = header.order;
  GRAMVEC_TRY(validate(estimation));
  if (header.tokens == header.sentences) {
    return Status::error(fmt::format("{}: the counts hold no words ({} sentence(s))", loader.name(), header.sentences));
  }
  return estimation;
}

Vocabulary vocabulary_from_counts(const TrainingOptions& options, const CountFileLoader& counts,
                                  std::vector<WordId>& to_final) {
  const std::vector<std::string>& words = counts.words();
  to_final.resize(words.size());
  if (options.vocabulary) {
    Vocabulary counted = *options.vocabulary;
    std::vector<std::uint64_t> totals(counted.size(), 0);
    for (std::size_t index = 0; index < words.size(); ++index) {
      to_final[index] = counted.id_or_unk(words[index]);
      totals[to_final[index]] += counts.word_counts()[index];
    }
    for (WordId id = 0; id < counted.size(); ++id) counted.add_count(id, totals[id] - counted.count(id));
    counted.tokenizer = counts.header().tokenizer;
    return counted;
  }
  Vocabulary raw;
  for (std::size_t index = 0; index < words.size(); ++index) {
    to_final[index] = raw.insert(words[index]);
    raw.add_count(to_final[index], counts.word_counts()[index]);
  }
  std::vector<WordId> old_to_new;
  Vocabulary final_vocabulary = raw.finalized(options.limits, &old_to_new);
  for (WordId& id : to_final) id = old_to_new[id];
  final_vocabulary.tokenizer = counts.header().tokenizer;
  return final_vocabulary;
}

}  // namespace

Status open_counts_for_training(const std::string& path, const TrainingOptions& options, CountsForTraining& counts) {
  GRAMVEC_TRY(counts.loader.open(path));
  auto estimation = estimation_for_counts(counts.loader, options.estimation);
  if (!estimation) return estimation.status();
  counts.estimation = *estimation;
  counts.vocabulary = vocabulary_from_counts(options, counts.loader, counts.to_final);
  return Status::ok();
}

namespace {

Result<TrainedLanguageModel> estimate(TrainedLanguageModel trained, SentenceStream& stream,
                                      const TrainingOptions& options) {
  finish_vocabulary(options, trained.vocabulary, stream);
  auto estimate = estimate_language_model(stream, trained.vocabulary.size(), options.estimation, options.threads);
  if (!estimate) return estimate.status();
  trained.estimate = std::move(*estimate);
  return trained;
}

}  // namespace

Status read_sentences(const std::vector<std::string>& files, const TrainingOptions& options,
                      Vocabulary& vocabulary, SentenceStream& stream, text::CorpusStats& stats,
                      std::string& invalid_summary) {
  SentenceReadOptions reading;
  reading.corpus = options.corpus;
  reading.threads = options.threads;
  GRAMVEC_TRY(read_sentences_into(files, reading, vocabulary, options.vocabulary.has_value(), stream, stats));
  invalid_summary = text::invalid_input_summary(stats);
  return check_corpus_not_empty(files, stats);
}

Status check_corpus_not_empty(const std::vector<std::string>& files, const text::CorpusStats& stats) {
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

Result<TrainedLanguageModel> train_language_model_from_counts(const std::string& counts_path,
                                                              const TrainingOptions& options) {
  auto started = std::chrono::steady_clock::now();
  CountsForTraining file;
  GRAMVEC_TRY(open_counts_for_training(counts_path, options, file));
  TrainedLanguageModel trained;
  trained.vocabulary = std::move(file.vocabulary);
  trained.corpus.sentences = file.loader.header().sentences;
  auto counts = file.loader.read_counts(file.to_final, trained.vocabulary.size(), options.threads);
  if (!counts) return counts.status();
  double read_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto estimate = estimate_language_model(std::move(*counts), trained.vocabulary.size(), file.estimation);
  if (!estimate) return estimate.status();
  trained.estimate = std::move(*estimate);
  trained.estimate.stage_seconds.insert(trained.estimate.stage_seconds.begin(), {"read counts", read_seconds});
  return trained;
}

Result<TrainedLanguageModel> train_language_model(const std::vector<std::vector<std::string>>& sentences,
                                                  const TrainingOptions& options) {
  GRAMVEC_TRY(validate(options.estimation));
  TrainedLanguageModel trained = start_training(options);
  SentenceStream stream;
  SentenceCollector collector(trained.vocabulary, options.vocabulary.has_value(), stream);
  for (const auto& sentence : sentences) collector.add(sentence);
  trained.corpus.sentences = sentences.size();
  return estimate(std::move(trained), stream, options);
}

Status write_arpa(const TrainedLanguageModel& model, const std::string& path) {
  ArpaStreamWriter out(path);
  return write_estimate(model.estimate, model.vocabulary, out);
}

}  // namespace gramvec::ngram
