#include "ngram/bounded/bounded_training.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "io/output_paths.hpp"
#include "io/temporary_file.hpp"
#include "ngram/bounded/bounded_stages.hpp"
#include "util/memory_size.hpp"

namespace gramvec::ngram {

namespace {

constexpr std::uint64_t kMinimumMemory = std::uint64_t{4} << 20;
// Share of --memory given to buffers; the rest covers what is not counted (compressor
// contexts, block buffers of readers, the ARPA buffer).
constexpr double kBufferShare = 0.8;

// Temporary bytes on disk per n-gram of order n, compressed, at most (sorted runs of counts,
// of counts with probabilities and of probabilities in two orders); measured ratios are below
// half of the raw record sizes.
std::uint64_t temporary_bytes_estimate(std::uint64_t tokens, int order) {
  std::uint64_t total = 0;
  for (int n = 2; n <= order; ++n) total += tokens * static_cast<std::uint64_t>(4 * n + 8) / 2;  // counts
  total += tokens * static_cast<std::uint64_t>(3 * (4 * order + 12)) / 2;  // the widest order's stages
  return total;
}

Status check_disk_space(const bounded::MemoryPlan& plan, std::uint64_t tokens, int order) {
  std::string directory = plan.spill.directory.empty() ? io::temporary_directory() : plan.spill.directory;
  std::int64_t free_bytes = io::free_disk_bytes(directory);
  std::uint64_t needed = temporary_bytes_estimate(tokens, order);
  if (free_bytes >= 0 && static_cast<std::uint64_t>(free_bytes) < needed) {
    return Status::error(fmt::format("{}: about {} of temporary space is needed and {} is free; "
                                     "give --temp-dir a directory on a larger disk",
                                     directory, util::format_memory_size(needed),
                                     util::format_memory_size(static_cast<std::uint64_t>(free_bytes))));
  }
  return Status::ok();
}

// Runs the stages from counting on, turning spill failures into a Status.
template <typename Stages>
Result<BoundedTrainingSummary> run_guarded(Stages&& stages) {
  try {
    return stages();
  } catch (const io::SpillError& error) {
    return Status::error(error.what());
  } catch (const std::bad_alloc&) {
    return Status::error("out of memory: give a smaller --memory");
  }
}

}  // namespace

namespace bounded {

SortSettings MemoryPlan::sort(double fraction) const {
  SortSettings settings;
  settings.spill = spill;
  settings.fan_in = fan_in;
  settings.memory_bytes = static_cast<std::size_t>(static_cast<double>(memory_bytes) * kBufferShare * fraction);
  settings.threads = threads;
  return settings;
}

std::uint64_t MemoryPlan::read_range_bytes(std::size_t threads) const {
  return std::clamp<std::uint64_t>(memory_bytes / (16 * std::max<std::size_t>(threads, 1)), 64U << 10, 64U << 20);
}

MemoryPlan plan_memory(const BoundedMemoryOptions& options, std::size_t threads) {
  MemoryPlan plan;
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  plan.threads = std::min<std::size_t>(threads, 2);
  plan.memory_bytes = options.memory_bytes;
  plan.spill.directory = options.temporary_directory;
  plan.spill.statistics = std::make_shared<io::SpillStatistics>();
  plan.spill.block_bytes = std::clamp<std::uint64_t>(options.memory_bytes / 256, 16U << 10, 1U << 20) / 4096 * 4096;
  // A merge holds a raw and a compressed block per run: a quarter of the memory at most.
  plan.fan_in = std::clamp<std::size_t>(options.memory_bytes / 4 / (2 * plan.spill.block_bytes), 2, 64);
  return plan;
}

}  // namespace bounded

std::uint64_t minimum_bounded_memory() { return kMinimumMemory; }

Status check_bounded_options(const EstimationOptions& estimation, const BoundedMemoryOptions& bounded) {
  if (bounded.memory_bytes < kMinimumMemory) {
    return Status::error(fmt::format("--memory {} is too small: the smallest that works is {}",
                                     util::format_memory_size(bounded.memory_bytes),
                                     util::format_memory_size(kMinimumMemory)));
  }
  if (!estimation.prune_thresholds.empty()) {
    return Status::error("--prune is not available with --memory (estimation in bounded memory) yet");
  }
  std::string directory = bounded.temporary_directory.empty() ? io::temporary_directory() : bounded.temporary_directory;
  if (int error = io::temporary_directory_error(directory); error != 0) {
    return Status::error(fmt::format("--temp-dir {}: not a writable directory ({})", directory, std::strerror(error)));
  }
  return Status::ok();
}

namespace {

// The stages after reading: count, adjust, interpolate, write.
Result<BoundedTrainingSummary> estimate_from_ids(BoundedTrainingSummary summary, bounded::IdStream stream,
                                                 vocab::Vocabulary vocabulary, const TrainingOptions& options,
                                                 const bounded::MemoryPlan& plan, ModelWriter& out) {
  auto stage_start = std::chrono::steady_clock::now();
  std::vector<WordId> to_final;
  vocabulary = vocab::with_occurrences(vocabulary, stream.occurrences, options.vocabulary.has_value(), options.limits,
                                       to_final);
  const int order = options.estimation.order;
  auto counts = bounded::count_orders(stream, to_final, vocabulary.size(), order, plan, options.threads);
  LanguageModelEstimate& model = summary.estimate;
  model.options = options.estimation;
  model.sentences = stream.sentences;
  model.tokens = stream.tokens - stream.sentences;
  stream = bounded::IdStream();
  model.stage_seconds.emplace_back(
      "count", std::chrono::duration<double>(std::chrono::steady_clock::now() - stage_start).count());
  summary.vocabulary_size = vocabulary.size();
  summary.tokenizer = vocabulary.tokenizer;
  GRAMVEC_TRY(bounded::estimate_and_write(std::move(counts), vocabulary, plan, options.threads, out, summary));
  return summary;
}

}  // namespace

Result<BoundedTrainingSummary> train_language_model_bounded(const std::vector<std::string>& files,
                                                            const TrainingOptions& options,
                                                            const BoundedMemoryOptions& bounded,
                                                            ModelWriter& out) {
  GRAMVEC_TRY(validate(options.estimation));
  GRAMVEC_TRY(check_bounded_options(options.estimation, bounded));
  const bounded::MemoryPlan plan = bounded::plan_memory(bounded, options.threads);
  auto result = run_guarded([&]() -> Result<BoundedTrainingSummary> {
    auto started = std::chrono::steady_clock::now();
    BoundedTrainingSummary summary;
    vocab::Vocabulary vocabulary = options.vocabulary.value_or(vocab::Vocabulary());
    vocabulary.tokenizer = options.corpus.tokenizer;
    SentenceReadOptions reading;
    reading.corpus = options.corpus;
    reading.threads = options.threads;
    auto stream = bounded::read_corpus_ids(files, reading, plan, vocabulary, options.vocabulary.has_value(),
                                           summary.corpus);
    if (!stream) return stream.status();
    summary.invalid_input_summary = text::invalid_input_summary(summary.corpus);
    GRAMVEC_TRY(check_corpus_not_empty(files, summary.corpus));
    GRAMVEC_TRY(check_disk_space(plan, stream->tokens, options.estimation.order));
    summary.estimate.stage_seconds.emplace_back(
        "read+tokenize", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return estimate_from_ids(std::move(summary), std::move(*stream), std::move(vocabulary), options, plan, out);
  });
  if (result) result->temporary_bytes = plan.spill.statistics->peak;
  return result;
}

Result<BoundedTrainingSummary> train_language_model_bounded_from_counts(const std::string& counts_path,
                                                                        const TrainingOptions& options,
                                                                        const BoundedMemoryOptions& bounded,
                                                                        ModelWriter& out) {
  GRAMVEC_TRY(check_bounded_options(options.estimation, bounded));
  const bounded::MemoryPlan plan = bounded::plan_memory(bounded, options.threads);
  auto result = run_guarded([&]() -> Result<BoundedTrainingSummary> {
    auto started = std::chrono::steady_clock::now();
    CountsForTraining file;
    GRAMVEC_TRY(open_counts_for_training(counts_path, options, file));
    const CountFileHeader& header = file.loader.header();
    GRAMVEC_TRY(check_disk_space(plan, header.tokens + 2 * header.sentences, header.order));
    BoundedTrainingSummary summary;
    const vocab::Vocabulary& vocabulary = file.vocabulary;
    summary.corpus.sentences = header.sentences;
    auto counts = bounded::count_orders_from_file(file.loader, file.to_final, vocabulary.size(), header.order, plan);
    if (!counts) return counts.status();
    LanguageModelEstimate& model = summary.estimate;
    model.options = file.estimation;
    model.sentences = header.sentences;
    model.tokens = header.tokens;
    model.stage_seconds.emplace_back(
        "read counts", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    summary.vocabulary_size = vocabulary.size();
    summary.tokenizer = vocabulary.tokenizer;
    GRAMVEC_TRY(bounded::estimate_and_write(std::move(*counts), vocabulary, plan, options.threads, out, summary));
    return summary;
  });
  if (result) result->temporary_bytes = plan.spill.statistics->peak;
  return result;
}

}  // namespace gramvec::ngram
