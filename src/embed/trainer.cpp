#include "gramvec/embed/trainer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <thread>

#include "embed/gradient.hpp"
#include "embed/hogwild.hpp"
#include "embed/huffman.hpp"
#include "embed/negative_sampler.hpp"
#include "embed/random.hpp"
#include "embed/simd.hpp"
#include "embed/training_corpus.hpp"
#include "gramvec/text/utf8.hpp"
#include "io/corpus_ranges.hpp"

namespace gramvec::embed {

using io::CorpusFile;
using io::RangeReader;

namespace {

constexpr std::size_t kMaxSentence = 10000;    // longer sentences are trained in pieces (as gensim)
constexpr std::uint64_t kReportEvery = 10000;  // words between updates of the shared progress
constexpr double kMinimumRateFraction = 1e-4;
constexpr std::string_view kRangePurpose = "w2v train reads the corpus once per epoch";

// Figures one worker publishes for the progress line; written by that worker only.
struct alignas(64) WorkerFigures {
  std::atomic<std::uint64_t> words{0};  // corpus words read in this run
  std::atomic<double> loss_sum{0.0};    // in the current epoch
  std::atomic<std::uint64_t> examples{0};
};

struct SharedTraining {
  SharedTraining(TrainingState& training_state, const TrainerOptions& trainer_options)
      : state(training_state), options(trainer_options) {}

  TrainingState& state;
  const TrainerOptions& options;
  SigmoidTable sigmoid;
  HuffmanTree huffman;
  NegativeSampler sampler;
  std::vector<float> keep;
  double alpha = 0.025;
  double planned_words = 1.0;  // epochs * words per epoch
  std::atomic<std::uint64_t> words_processed{0};
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> unknown_tokens{0};
  std::atomic<std::uint64_t> replaced_characters{0};
  std::atomic<std::uint64_t> skipped_lines{0};
  std::vector<WorkerFigures> figures;

  float learning_rate(std::uint64_t processed) const {
    double fraction = 1.0 - static_cast<double>(processed) / (planned_words + 1.0);
    return static_cast<float>(alpha * std::max(kMinimumRateFraction, fraction));
  }
};

// The inner loops of one sentence, compiled for the baseline and for AVX2+FMA.
struct SentenceTrainer {
  const TrainingSettings& settings;
  SharedTraining& shared;
  Random& random;
  std::vector<float>& hidden;
  std::vector<float>& update;
  std::vector<std::uint32_t>& targets;

  float example(const float* input, std::uint32_t word, float rate) {
    std::fill(update.begin(), update.end(), 0.0f);
    Matrix& output = shared.state.output;
    if (settings.loss == LossKind::hierarchical_softmax) {
      return hierarchical_softmax_update(input, update.data(), output, shared.huffman.points(word),
                                         shared.huffman.code(word), rate, shared.sigmoid);
    }
    targets.clear();
    targets.push_back(word);
    for (std::size_t sample = 0; sample < settings.negative; ++sample) {
      std::uint32_t negative = shared.sampler.sample(random);
      if (negative != word) targets.push_back(negative);
    }
    return negative_sampling_update(input, update.data(), output, targets, rate, shared.sigmoid);
  }

  GRAMVEC_MULTIVERSION
  void train(std::span<const std::uint32_t> sentence, float rate, double& loss, std::uint64_t& examples) {
    [[maybe_unused]] HogwildRegion hogwild;  // the lock-free updates of the shared matrices
    Matrix& input = shared.state.input;
    const std::size_t dim = input.cols();
    const auto length = static_cast<std::ptrdiff_t>(sentence.size());
    const auto window = static_cast<std::uint32_t>(settings.window);
    for (std::ptrdiff_t position = 0; position < length; ++position) {
      const std::uint32_t word = sentence[static_cast<std::size_t>(position)];
      const auto reach = static_cast<std::ptrdiff_t>(window - random.below(window));  // 1 .. window
      const std::ptrdiff_t first = std::max<std::ptrdiff_t>(0, position - reach);
      const std::ptrdiff_t last = std::min<std::ptrdiff_t>(length - 1, position + reach);
      if (settings.model == ModelKind::skipgram) {
        for (std::ptrdiff_t other = first; other <= last; ++other) {
          if (other == position) continue;
          float* context = input.row(sentence[static_cast<std::size_t>(other)]);
          loss += example(context, word, rate);
          ++examples;
          add_to(context, update.data(), dim);
        }
      } else {
        std::fill(hidden.begin(), hidden.end(), 0.0f);
        std::size_t count = 0;
        for (std::ptrdiff_t other = first; other <= last; ++other) {
          if (other == position) continue;
          add_to(hidden.data(), input.row(sentence[static_cast<std::size_t>(other)]), dim);
          ++count;
        }
        if (count == 0) continue;
        scale_in_place(hidden.data(), 1.0f / static_cast<float>(count), dim);
        loss += example(hidden.data(), word, rate);
        ++examples;
        for (std::ptrdiff_t other = first; other <= last; ++other) {
          if (other == position) continue;
          add_to(input.row(sentence[static_cast<std::size_t>(other)]), update.data(), dim);
        }
      }
    }
  }
};

class Worker {
 public:
  Worker(SharedTraining& shared, const std::vector<CorpusFile>& files, std::uint64_t begin, std::uint64_t end,
         std::size_t index)
      : shared_(shared),
        settings_(shared.state.settings),
        index_(index),
        random_(epoch_seed(shared.state.epochs_done)),
        reader_(files, begin, end),
        tokenizer_(shared.state.settings.tokenizer),
        hidden_(settings_.dimension),
        update_(settings_.dimension) {}

  Status run_epoch(std::size_t epoch, bool count_invalid) {
    reader_.rewind();
    // The random numbers of an epoch depend on the seed, the worker and the epoch only, so that
    // a run resumed from the state saved after an epoch draws the numbers of the uninterrupted run.
    random_ = Random(epoch_seed(epoch));
    epoch_loss_ = 0.0;
    epoch_examples_ = 0;
    rate_ = shared_.learning_rate(shared_.words_processed.load(std::memory_order_relaxed));
    std::string_view line;
    while (reader_.next(line)) {
      if (shared_.stop.load(std::memory_order_relaxed)) return Status::ok();
      if (auto bad = text::find_invalid_utf8(line)) {
        switch (shared_.options.on_invalid) {
          case text::InvalidUtf8Policy::error:
            return Status::error(fmt::format("{}: {} (use --on-invalid replace|skip)", reader_.file_name(),
                                             line[*bad] == '\0' ? "a NUL byte" : "invalid UTF-8"));
          case text::InvalidUtf8Policy::skip:
            if (count_invalid) shared_.skipped_lines.fetch_add(1, std::memory_order_relaxed);
            continue;
          case text::InvalidUtf8Policy::replace: {
            std::size_t replaced = 0;
            repaired_ = text::replace_invalid_utf8(line, replaced);
            if (count_invalid) shared_.replaced_characters.fetch_add(replaced, std::memory_order_relaxed);
            line = repaired_;
            break;
          }
        }
      }
      if (settings_.split_sentences) {
        for (std::string_view sentence : tokenizer_.split_sentences(line)) add_tokens(tokenizer_.tokenize(sentence));
      } else {
        add_tokens(tokenizer_.tokenize(line));
      }
      flush_sentence();
      if (pending_words_ >= kReportEvery) publish();
    }
    GRAMVEC_TRY(reader_.status());
    flush_sentence();
    publish();
    return Status::ok();
  }

 private:
  std::uint64_t epoch_seed(std::size_t epoch) const {
    std::uint64_t state = settings_.seed * 0x2545f4914f6cdd1dULL + index_ * 0x9e3779b97f4a7c15ULL + epoch;
    return Random::splitmix64(state);
  }

  void add_tokens(std::span<const std::string_view> tokens) {
    const TrainingVocabulary& vocabulary = shared_.state.vocabulary;
    const std::uint32_t unknown = vocabulary.unknown_row();
    for (std::string_view token : tokens) {
      std::uint32_t row = vocabulary.row_of_token(token);
      if (row == TrainingVocabulary::kNotTrained) continue;
      ++pending_words_;
      if (row == unknown) ++unknown_tokens_;
      float keep = shared_.keep[row];
      if (keep < 1.0f && random_.uniform_float() >= keep) continue;
      sentence_.push_back(row);
      if (sentence_.size() >= kMaxSentence) flush_sentence();
    }
  }

  void flush_sentence() {
    if (sentence_.size() >= 2) {
      SentenceTrainer trainer{settings_, shared_, random_, hidden_, update_, targets_};
      trainer.train(sentence_, rate_, epoch_loss_, epoch_examples_);
    }
    sentence_.clear();
  }

  void publish() {
    std::uint64_t processed = shared_.words_processed.fetch_add(pending_words_, std::memory_order_relaxed) +
                              pending_words_;
    WorkerFigures& figures = shared_.figures[index_];
    figures.words.store(figures.words.load(std::memory_order_relaxed) + pending_words_, std::memory_order_relaxed);
    figures.loss_sum.store(epoch_loss_, std::memory_order_relaxed);
    figures.examples.store(epoch_examples_, std::memory_order_relaxed);
    if (unknown_tokens_ > 0) shared_.unknown_tokens.fetch_add(unknown_tokens_, std::memory_order_relaxed);
    unknown_tokens_ = 0;
    pending_words_ = 0;
    rate_ = shared_.learning_rate(processed);
  }

  SharedTraining& shared_;
  const TrainingSettings& settings_;
  std::size_t index_;
  Random random_;
  RangeReader reader_;
  text::Tokenizer tokenizer_;
  std::vector<float> hidden_;
  std::vector<float> update_;
  std::vector<std::uint32_t> targets_;
  std::vector<std::uint32_t> sentence_;
  std::string repaired_;
  std::uint64_t pending_words_ = 0;
  std::uint64_t unknown_tokens_ = 0;
  float rate_ = 0.0f;
  double epoch_loss_ = 0.0;
  std::uint64_t epoch_examples_ = 0;
};

std::string format_duration(double seconds) {
  auto total = static_cast<long long>(std::max(0.0, seconds));
  return fmt::format("{}h{:02}m{:02}s", total / 3600, (total / 60) % 60, total % 60);
}

void draw_progress(const SharedTraining& shared, std::uint64_t start_words, std::size_t threads,
                   std::chrono::steady_clock::time_point started, bool final_line) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::uint64_t processed = shared.words_processed.load(std::memory_order_relaxed);
  double fraction = std::min(1.0, static_cast<double>(processed) / shared.planned_words);
  double run_fraction = (static_cast<double>(processed - start_words)) / shared.planned_words;
  double loss = 0.0;
  std::uint64_t examples = 0;
  for (const auto& figures : shared.figures) {
    loss += figures.loss_sum.load(std::memory_order_relaxed);
    examples += figures.examples.load(std::memory_order_relaxed);
  }
  double rate = seconds > 0 ? static_cast<double>(processed - start_words) / seconds / static_cast<double>(threads) : 0;
  double eta = run_fraction > 0 ? seconds * (1.0 - fraction) / run_fraction : 0.0;
  fmt::print(stderr, "\rProgress: {:5.1f}%  words/sec/thread: {:8.0f}  lr: {:.6f}  loss: {:.6f}  ETA: {}{}",
             100.0 * fraction, rate, shared.learning_rate(processed),
             examples > 0 ? loss / static_cast<double>(examples) : 0.0, format_duration(final_line ? 0.0 : eta),
             final_line ? "\n" : "   ");
  std::fflush(stderr);
}

}  // namespace

Result<TrainingState> initial_training_state(const std::vector<std::string>& paths, const TrainingSettings& settings,
                                             std::optional<vocab::Vocabulary> vocabulary,
                                             const TrainerOptions& options) {
  GRAMVEC_TRY(settings.validate());
  GRAMVEC_TRY(io::describe_corpus(paths, kRangePurpose).status());
  vocab::VocabularyLimits limits{settings.min_count, settings.max_vocab};
  vocab::Vocabulary final_vocabulary;
  std::uint64_t literal_unknown = 0;
  std::string source = fmt::format("{}", fmt::join(paths, ", "));
  if (vocabulary) {
    literal_unknown = vocabulary->count(vocab::Vocabulary::kUnk);
    final_vocabulary = vocabulary->finalized(limits);
  } else {
    text::CorpusOptions corpus;
    corpus.tokenizer = settings.tokenizer;
    corpus.split_sentences = settings.split_sentences;
    corpus.on_invalid = options.on_invalid;
    corpus.show_progress = options.show_progress;
    vocab::Vocabulary counted;
    counted.tokenizer = settings.tokenizer;
    text::CorpusReader reader(corpus);
    GRAMVEC_TRY(vocab::count_words(reader, paths, counted));
    literal_unknown = counted.count(vocab::Vocabulary::kUnk);
    final_vocabulary = counted.finalized(limits);
  }
  TrainingState state;
  state.settings = settings;
  state.vocabulary = TrainingVocabulary(final_vocabulary, literal_unknown, settings.min_count);
  if (state.vocabulary.size() == 0) {
    return Status::error(fmt::format("{}: no word occurs at least {} time(s) (--min-count {}){}", source,
                                     settings.min_count, settings.min_count,
                                     vocabulary ? " in the vocabulary" : ""));
  }
  const std::size_t words = state.vocabulary.size();
  state.input = Matrix(words, settings.dimension);
  state.input.fill_uniform(settings.seed);
  state.output = Matrix(settings.loss == LossKind::negative_sampling ? words : words - 1, settings.dimension);
  return state;
}

Result<TrainingSummary> train(TrainingState& state, const std::vector<std::string>& paths,
                              const TrainerOptions& options) {
  GRAMVEC_TRY(state.settings.validate());
  GRAMVEC_TRY(io::describe_corpus(paths, kRangePurpose).status());
  const TrainingSettings& settings = state.settings;
  if (state.epochs_done >= settings.epochs) {
    return Status::error(fmt::format("the training state has done {} of {} epoch(s): nothing left to train "
                                     "(raise --epochs)",
                                     state.epochs_done, settings.epochs));
  }
  // A compressed corpus is decompressed once into a temporary file that every epoch and thread
  // reads (see TrainingCorpus); it is removed when `corpus` goes out of scope, on errors too.
  auto corpus = TrainingCorpus::open(paths, options.show_progress);
  if (!corpus) return corpus.status();
  const std::vector<CorpusFile>& files = corpus->files();
  auto started = std::chrono::steady_clock::now();
  SharedTraining shared(state, options);
  if (settings.loss == LossKind::hierarchical_softmax) {
    shared.huffman = HuffmanTree(state.vocabulary.counts());
  } else {
    shared.sampler = NegativeSampler(state.vocabulary.counts(), state.settings.ns_exponent);
  }
  shared.keep = keep_probabilities(state.vocabulary.counts(), settings.sample, settings.effective_subsampling());
  shared.alpha = settings.effective_alpha();
  shared.planned_words =
      std::max(1.0, static_cast<double>(settings.epochs) * static_cast<double>(state.vocabulary.total_count()));
  shared.words_processed.store(state.words_processed);

  std::size_t threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::uint64_t bytes = io::corpus_bytes(files);
  threads = static_cast<std::size_t>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads, bytes / 64 + 1)));
  shared.figures = std::vector<WorkerFigures>(threads);
  std::vector<Status> statuses(threads);
  Status checkpoint_status;
  const std::size_t first_epoch = state.epochs_done;
  const std::uint64_t start_words = state.words_processed;

  auto finish_epoch = [&]() noexcept {
    try {
      ++state.epochs_done;
      state.words_processed = shared.words_processed.load();
      state.unknown_seen = state.unknown_seen || shared.unknown_tokens.load() > 0;
      if (!options.save_state_path.empty() && !shared.stop.load()) {
        Status saved = state.save(options.save_state_path);
        if (!saved.is_ok()) {
          checkpoint_status = saved;
          shared.stop.store(true);
        }
      }
    } catch (const std::exception& error) {
      checkpoint_status = Status::error(fmt::format("saving the training state: {}", error.what()));
      shared.stop.store(true);
    }
  };
  std::barrier epoch_end(static_cast<std::ptrdiff_t>(threads), finish_epoch);
  std::atomic<std::size_t> running{threads};

  auto work = [&](std::size_t index) {
    std::uint64_t begin = bytes * index / threads;
    std::uint64_t end = bytes * (index + 1) / threads;
    Worker worker(shared, files, begin, end, index);
    for (std::size_t epoch = first_epoch; epoch < settings.epochs; ++epoch) {
      Status status = shared.stop.load() ? Status::ok() : worker.run_epoch(epoch, epoch == first_epoch);
      if (!status.is_ok()) {
        statuses[index] = status;
        shared.stop.store(true);
      }
      if (shared.stop.load()) {
        epoch_end.arrive_and_drop();
        break;
      }
      epoch_end.arrive_and_wait();
    }
    running.fetch_sub(1);
  };

  std::vector<std::thread> pool;
  for (std::size_t index = 0; index < threads; ++index) pool.emplace_back(work, index);
  if (options.show_progress) {
    while (running.load() > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (running.load() > 0) draw_progress(shared, start_words, threads, started, false);
    }
  }
  for (auto& thread : pool) thread.join();
  for (const auto& status : statuses) GRAMVEC_TRY(status);
  GRAMVEC_TRY(checkpoint_status);
  if (options.show_progress) draw_progress(shared, start_words, threads, started, true);

  TrainingSummary summary;
  summary.words_processed = state.words_processed - start_words;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  double loss = 0.0;
  std::uint64_t examples = 0;
  for (const auto& figures : shared.figures) {
    loss += figures.loss_sum.load();
    examples += figures.examples.load();
  }
  summary.average_loss = examples > 0 ? loss / static_cast<double>(examples) : 0.0;
  summary.threads = threads;
  summary.replaced_characters = shared.replaced_characters.load();
  summary.skipped_lines = shared.skipped_lines.load();
  return summary;
}

WordVectors trained_vectors(const TrainingState& state) {
  std::vector<std::string> words;
  std::vector<std::size_t> rows;
  const std::uint32_t unknown = state.vocabulary.unknown_row();
  for (std::size_t row = 0; row < state.vocabulary.size(); ++row) {
    if (row == unknown && !state.unknown_seen) continue;
    rows.push_back(row);
    words.push_back(state.vocabulary.words()[row]);
  }
  Matrix vectors(rows.size(), state.input.cols());
  for (std::size_t index = 0; index < rows.size(); ++index) {
    std::copy(state.input.row(rows[index]), state.input.row(rows[index]) + state.input.cols(), vectors.row(index));
  }
  return WordVectors(std::move(words), std::move(vectors));
}

}  // namespace gramvec::embed
