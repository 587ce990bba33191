// The one entry point of training: picks the in-memory or the bounded pipeline, from a corpus
// or a count file, and the writer of the output format.
#include "gramvec/ngram/train.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "ngram/bounded/bounded_training.hpp"
#include "ngram/format/model_writer.hpp"
#include "ngram/prune/entropy_prune.hpp"
#include "ngram/trainer.hpp"

namespace gramvec::ngram {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Result<TrainSummary> train_bounded(const TrainSources& sources, const TrainingOptions& options, ModelWriter& out) {
  auto trained = sources.counts.empty()
                     ? train_language_model_bounded(sources.files, options, *options.memory, out)
                     : train_language_model_bounded_from_counts(sources.counts, options, *options.memory, out);
  if (!trained) return trained.status();
  TrainSummary summary;
  const LanguageModelEstimate& estimate = trained->estimate;
  summary.estimation = estimate.options;
  summary.sentences = estimate.sentences;
  summary.tokens = estimate.tokens;
  summary.vocabulary_size = trained->vocabulary_size;
  summary.tokenizer = trained->tokenizer;
  summary.ngram_counts = trained->ngram_counts;
  summary.warnings = estimate.warnings;
  summary.invalid_input_summary = trained->invalid_input_summary;
  summary.stage_seconds = estimate.stage_seconds;
  summary.bounded = true;
  summary.temporary_bytes = trained->temporary_bytes;
  return summary;
}

Result<TrainSummary> train_in_memory(const TrainSources& sources, const TrainingOptions& options, ModelWriter& out) {
  auto started = Clock::now();
  const bool from_counts = !sources.counts.empty();
  auto trained = from_counts ? train_language_model_from_counts(sources.counts, options)
                             : train_language_model(sources.files, options);
  if (!trained) return trained.status();
  const LanguageModelEstimate& estimate = trained->estimate;
  TrainSummary summary;
  summary.estimation = estimate.options;
  summary.sentences = estimate.sentences;
  summary.tokens = estimate.tokens;
  summary.vocabulary_size = trained->vocabulary.size();
  summary.tokenizer = trained->vocabulary.tokenizer;
  for (const auto& order : estimate.orders) {
    summary.ngram_counts.push_back(static_cast<std::uint64_t>(std::count(order.kept.begin(), order.kept.end(), 1)));
  }
  summary.warnings = estimate.warnings;
  summary.invalid_input_summary = trained->invalid_input_summary;
  // Reading is what the estimation stages leave of the time so far.
  double read_seconds = seconds_since(started);
  for (const auto& stage : estimate.stage_seconds) read_seconds -= stage.second;
  summary.stage_seconds.emplace_back(from_counts ? "setup" : "read+tokenize", read_seconds);
  summary.stage_seconds.insert(summary.stage_seconds.end(), estimate.stage_seconds.begin(),
                               estimate.stage_seconds.end());
  if (options.prune_entropy) {
    // The estimate goes into the pruner as it would go into a file, and the pruned model out.
    auto prune_started = Clock::now();
    EntropyPruner pruner;
    GRAMVEC_TRY(write_estimate(estimate, trained->vocabulary, *pruner.sink()));
    pruner.set_history(options.prune_history);
    auto form = pruner.set_form(options.prune_form);
    if (!form) return Status::error(fmt::format("--prune-form: {}", form.message()));
    pruner.prune(*options.prune_entropy);
    summary.ngram_counts = pruner.counts();
    summary.stage_seconds.emplace_back("prune", seconds_since(prune_started));
    auto write_started = Clock::now();
    GRAMVEC_TRY(pruner.write(out, "", *options.prune_entropy));
    summary.stage_seconds.emplace_back("write", seconds_since(write_started));
    return summary;
  }
  auto write_started = Clock::now();
  GRAMVEC_TRY(write_estimate(estimate, trained->vocabulary, out));
  summary.stage_seconds.emplace_back("write", seconds_since(write_started));
  return summary;
}

}  // namespace

Result<TrainSummary> train(const TrainSources& sources, const TrainingOptions& options, const TrainOutput& output) {
  if (sources.counts.empty() == sources.files.empty()) {
    return Status::error("train from corpus files or from a count file (one of the two)");
  }
  // The order of a count file is known once it is open; everything else is checked now.
  if (sources.counts.empty()) {
    GRAMVEC_TRY(validate(options.estimation));
  } else {
    GRAMVEC_TRY(check_smoothing_options(options.estimation));
  }
  if (output.binary) GRAMVEC_TRY(check_binary_options(*output.binary));
  if (options.prune_entropy && options.memory) {
    return Status::usage_error("--prune-entropy: not available with --memory (estimation in bounded memory) yet");
  }
  auto out = make_model_writer(output.path, output.binary);
  return options.memory ? train_bounded(sources, options, *out) : train_in_memory(sources, options, *out);
}

}  // namespace gramvec::ngram
