// gramvec lm train FILE... -o MODEL.arpa --order N [--smoothing ...] [tokenizer options]
// gramvec lm train --counts COUNTS -o MODEL.arpa [--smoothing ...]
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <memory>

#include "cli/commands.hpp"
#include "cli/tokenizer_flags.hpp"
#include "cli/validators.hpp"
#include "gramvec/ngram/bounded_training.hpp"
#include "gramvec/ngram/count_file.hpp"
#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/trainer.hpp"
#include "io/temporary_file.hpp"
#include "ngram/format/binary_model.hpp"
#include "util/json.hpp"
#include "util/memory_size.hpp"

namespace gramvec::cli {

namespace {

struct TrainArguments {
  std::vector<std::string> inputs;
  std::string counts;
  std::string output;
  int order = 0;
  std::string smoothing = "mkn";
  double k = 1.0;
  double discount = -1.0;
  std::vector<std::uint64_t> prune;
  std::string vocabulary_path;
  std::uint64_t min_count = 1;
  bool discount_fallback = false;
  TokenizerFlags tokenizer;
  bool quiet = false;
  bool json = false;
  bool verbose = false;
  std::size_t threads = 0;
  std::string layout;
  int quantize_bits = 0;
  double space = ngram::BinaryModelOptions::kDefaultHashSpace;
  std::string memory;    // --memory: estimation in bounded memory
  std::string temp_dir;  // --temp-dir
};

// --memory: a size as sort -S takes it, and at least the smallest that works.
CLI::Validator memory_size_at_least(std::uint64_t minimum) {
  return CLI::Validator(
      [minimum](std::string& text) -> std::string {
        auto bytes = util::parse_memory_size(text);
        if (!bytes) return bytes.message();
        if (*bytes < minimum) {
          return fmt::format("'{}' is too small: the smallest that works is {}", text, util::format_memory_size(minimum));
        }
        return {};
      },
      "");
}

// Usage errors that parsing alone does not catch: a corpus or --counts (not both), and with
// --counts, no option that contradicts the count file or only applies to reading text.
void check_train_arguments(const TrainArguments& arguments, const CLI::App& command) {
  if (arguments.quantize_bits != 0 && arguments.layout != "trie") {
    throw CLI::ValidationError("--quantize", "needs --layout trie");
  }
  if (!arguments.temp_dir.empty() && arguments.memory.empty()) {
    throw CLI::ValidationError("--temp-dir", "applies with --memory only (estimation in bounded memory)");
  }
  if (!arguments.memory.empty() && !arguments.prune.empty()) {
    throw CLI::ValidationError("--prune", "not available with --memory (estimation in bounded memory) yet");
  }
  if (arguments.counts.empty()) {
    if (arguments.inputs.empty()) throw CLI::RequiredError("files");
    if (command.get_option("--order")->count() == 0) throw CLI::RequiredError("--order");
    return;
  }
  if (!arguments.inputs.empty()) {
    throw CLI::ValidationError("--counts", "give corpus files or --counts, not both (the counts replace the corpus)");
  }
  if (command.get_option("--on-invalid")->count() > 0) {
    throw CLI::ValidationError("--on-invalid", "applies to reading text, not to --counts");
  }
  bool settings_given = command.get_option("--order")->count() > 0 || arguments.tokenizer.any_tokenizer_flag() ||
                        arguments.tokenizer.sentences;
  if (!settings_given) return;
  struct stat info {};
  bool exists = arguments.counts == "-" || ::stat(arguments.counts.c_str(), &info) == 0;
  if (!exists) return;  // the command reports it
  if (arguments.counts == "-" || !S_ISREG(info.st_mode)) {
    // stdin or a pipe can be read only once, by the command: nothing to compare the options with.
    throw CLI::ValidationError("--counts " + arguments.counts,
                               "leave out --order and tokenizer options: they come from the count file");
  }
  ngram::CountFileReader reader;
  if (!reader.open(arguments.counts).is_ok()) return;  // the command reports it
  const ngram::CountFileHeader& header = reader.header();
  if (command.get_option("--order")->count() > 0 && arguments.order != header.order) {
    throw CLI::ValidationError("--order", fmt::format("{} contradicts the count file {} (order {}); leave it out: "
                                                      "the order comes from the file",
                                                      arguments.order, arguments.counts, header.order));
  }
  auto tokenizer = arguments.tokenizer.resolve(header.tokenizer);
  if (!tokenizer) throw CLI::ValidationError(tokenizer.message());
  if (*tokenizer != header.tokenizer || (arguments.tokenizer.sentences && !header.split_sentences)) {
    throw CLI::ValidationError(fmt::format(
        "tokenizer options contradict the count file {} ({}); leave them out: the settings come from the file",
        arguments.counts, header.describe_settings()));
  }
}

// A binary model is written when the output ends in .gvlm or a layout is asked for.
bool writes_binary(const TrainArguments& arguments) {
  return arguments.output.ends_with(".gvlm") || !arguments.layout.empty() || arguments.quantize_bits != 0;
}

// Through an ARPA file next to the output, so that the binary model holds exactly the
// probabilities that the ARPA model would give.
Status write_binary_model(const std::function<Status(const std::string&)>& write_arpa_to, const std::string& output,
                          const ngram::BinaryModelOptions& options) {
  std::string directory;
  if (output != "-") {
    directory = std::filesystem::path(output).parent_path().string();
    if (directory.empty()) directory = ".";
  }
  auto arpa = io::TemporaryFile::create(directory, ".gramvec-arpa-");
  if (!arpa) return arpa.status();
  GRAMVEC_TRY(write_arpa_to(arpa->path()));
  auto model = ngram::NGramModel::load(arpa->path(), options);
  if (!model) return model.status();
  return ngram::BinaryModelCodec::write(*model, output, options);
}

// What lm train reports, from either estimation path.
struct TrainingReport {
  const ngram::LanguageModelEstimate* estimate = nullptr;
  std::size_t vocabulary_size = 0;
  std::string invalid_input_summary;
  std::vector<std::uint64_t> ngram_counts;
  std::vector<std::pair<std::string, double>> stage_seconds;
  std::uint64_t temporary_bytes = 0;
  bool bounded = false;
};

void print_warnings(const TrainArguments& arguments, const TrainingReport& report) {
  if (arguments.quiet) return;
  for (const auto& warning : report.estimate->warnings) fmt::print(stderr, "gramvec lm train: warning: {}\n", warning);
  if (!report.invalid_input_summary.empty()) fmt::print(stderr, "gramvec lm train: {}\n", report.invalid_input_summary);
}

void print_report(const TrainArguments& arguments, const TrainingReport& report,
                  std::chrono::steady_clock::time_point started) {
  const ngram::LanguageModelEstimate& estimate = *report.estimate;
  if (arguments.verbose) {
    std::vector<std::string> stages;
    for (const auto& [stage, seconds] : report.stage_seconds) stages.push_back(fmt::format("{} {:.3f}s", stage, seconds));
    fmt::print(stderr, "gramvec lm train: stage times: {}\n", fmt::join(stages, ", "));
    if (report.bounded) {
      fmt::print(stderr, "gramvec lm train: temporary files: {} at most ({})\n",
                 util::format_memory_size(report.temporary_bytes), arguments.temp_dir.empty() ? io::temporary_directory()
                                                                                            : arguments.temp_dir);
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int order = estimate.options.order;
  if (arguments.json) {
    fmt::print("{{\"order\": {}, \"smoothing\": {}, \"sentences\": {}, \"tokens\": {}, \"vocabulary\": {}, "
               "\"ngrams\": [{}], \"seconds\": {:.3f}, \"output\": {}",
               order, util::json_string(arguments.smoothing), estimate.sentences, estimate.tokens,
               report.vocabulary_size, fmt::join(report.ngram_counts, ", "), seconds, util::json_string(arguments.output));
    if (report.bounded) fmt::print(", \"temporary_bytes\": {}", report.temporary_bytes);
    fmt::print(", \"stages\": {{");
    for (std::size_t i = 0; i < report.stage_seconds.size(); ++i) {
      fmt::print("{}{}: {:.3f}", i > 0 ? ", " : "", util::json_string(report.stage_seconds[i].first),
                 report.stage_seconds[i].second);
    }
    fmt::print("}}}}\n");
  } else if (!arguments.quiet) {
    fmt::print(stderr, "gramvec lm train: order {} {} model, {} sentences, {} tokens, n-grams [{}], {:.2f}s -> {}\n",
               order, arguments.smoothing, estimate.sentences, estimate.tokens, fmt::join(report.ngram_counts, " "),
               seconds, arguments.output);
  }
}

// lm train --memory: estimation in bounded memory, writing the ARPA file as it goes (a binary
// model is converted from a temporary ARPA file).
Status run_train_bounded(const TrainArguments& arguments, const ngram::TrainingOptions& options,
                         const ngram::BinaryModelOptions& binary_options,
                         std::chrono::steady_clock::time_point started) {
  auto memory = util::parse_memory_size(arguments.memory);
  if (!memory) return Status::usage_error("--memory " + memory.message());
  ngram::BoundedMemoryOptions bounded;
  bounded.memory_bytes = *memory;
  bounded.temporary_directory = arguments.temp_dir;
  std::optional<ngram::BoundedTrainingSummary> summary;
  auto train_to = [&](const std::string& path) -> Status {
    auto trained = arguments.counts.empty()
                       ? ngram::train_language_model_bounded(arguments.inputs, options, bounded, path)
                       : ngram::train_language_model_bounded_from_counts(arguments.counts, options, bounded, path);
    if (!trained) return trained.status();
    summary = std::move(*trained);
    return Status::ok();
  };
  auto write_started = std::chrono::steady_clock::now();
  if (writes_binary(arguments)) {
    GRAMVEC_TRY(write_binary_model(train_to, arguments.output, binary_options));
  } else {
    GRAMVEC_TRY(train_to(arguments.output));
  }
  TrainingReport report;
  report.estimate = &summary->estimate;
  report.vocabulary_size = summary->vocabulary_size;
  report.invalid_input_summary = summary->invalid_input_summary;
  report.ngram_counts = summary->ngram_counts;
  report.stage_seconds = summary->estimate.stage_seconds;
  if (writes_binary(arguments)) {
    double estimation = 0.0;
    for (const auto& stage : report.stage_seconds) estimation += stage.second;
    double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - write_started).count();
    report.stage_seconds.emplace_back("convert", total - estimation);
  }
  report.temporary_bytes = summary->temporary_bytes;
  report.bounded = true;
  print_warnings(arguments, report);
  print_report(arguments, report, started);
  return Status::ok();
}

Status run_train(const TrainArguments& arguments) {
  auto started = std::chrono::steady_clock::now();
  const bool from_counts = !arguments.counts.empty();
  ngram::TrainingOptions options;
  options.estimation.order = arguments.order;  // with --counts, 0 when not given: the file's
  auto smoothing = ngram::parse_smoothing(arguments.smoothing);
  if (!smoothing) return smoothing.status();
  options.estimation.smoothing = *smoothing;
  options.estimation.add_k = arguments.k;
  options.estimation.fixed_discount = arguments.discount;
  options.estimation.discount_fallback = arguments.discount_fallback;
  options.estimation.prune_thresholds = arguments.prune;
  if (!from_counts) GRAMVEC_TRY(ngram::validate(options.estimation));  // else once the order is known
  if (arguments.discount >= 0.0 && *smoothing != ngram::Smoothing::kneser_ney &&
      *smoothing != ngram::Smoothing::absolute) {
    return Status::error("--discount applies to --smoothing kn or abs only");
  }
  if (arguments.k != 1.0 && *smoothing != ngram::Smoothing::add_k) {
    return Status::error("--k applies to --smoothing addk only");
  }
  options.limits.min_count = arguments.min_count;
  options.threads = arguments.threads;
  ngram::BinaryModelOptions binary_options;
  if (writes_binary(arguments)) {
    auto layout = ngram::parse_binary_layout(arguments.layout.empty() ? "hash" : arguments.layout);
    if (!layout) return as_usage_error(layout.status());
    binary_options.layout = *layout;
    binary_options.quantize_bits = arguments.quantize_bits;
    binary_options.space = arguments.space;
    GRAMVEC_TRY(as_usage_error(ngram::check_binary_options(binary_options)));
  }

  text::TokenizerOptions tokenizer_defaults;
  if (!arguments.vocabulary_path.empty()) {
    auto vocabulary = vocab::Vocabulary::load(arguments.vocabulary_path);
    if (!vocabulary) return vocabulary.status();
    tokenizer_defaults = vocabulary->tokenizer;
    options.vocabulary = std::move(*vocabulary);
  }
  auto corpus = arguments.tokenizer.corpus_options(tokenizer_defaults, arguments.quiet);
  if (!corpus) return corpus.status();
  options.corpus = *corpus;
  if (!from_counts && options.vocabulary && options.vocabulary->tokenizer != options.corpus.tokenizer && !arguments.quiet) {
    fmt::print(stderr, "gramvec lm train: warning: the vocabulary was built with {}, training uses {}\n",
               options.vocabulary->tokenizer.describe(), options.corpus.tokenizer.describe());
  }

  if (!arguments.memory.empty()) return run_train_bounded(arguments, options, binary_options, started);

  auto trained = from_counts ? ngram::train_language_model_from_counts(arguments.counts, options)
                             : ngram::train_language_model(arguments.inputs, options);
  if (!trained) return trained.status();
  if (from_counts && options.vocabulary && options.vocabulary->tokenizer != trained->vocabulary.tokenizer &&
      !arguments.quiet) {
    fmt::print(stderr, "gramvec lm train: warning: the vocabulary was built with {}, the counts with {}\n",
               options.vocabulary->tokenizer.describe(), trained->vocabulary.tokenizer.describe());
  }
  double read_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const auto& stage : trained->estimate.stage_seconds) read_seconds -= stage.second;
  TrainingReport report;
  report.estimate = &trained->estimate;
  report.vocabulary_size = trained->vocabulary.size();
  report.invalid_input_summary = trained->invalid_input_summary;
  report.stage_seconds.emplace_back(from_counts ? "setup" : "read+tokenize", read_seconds);
  report.stage_seconds.insert(report.stage_seconds.end(), trained->estimate.stage_seconds.begin(),
                              trained->estimate.stage_seconds.end());
  for (const auto& order : trained->estimate.orders) {
    report.ngram_counts.push_back(static_cast<std::uint64_t>(std::count(order.kept.begin(), order.kept.end(), 1)));
  }
  print_warnings(arguments, report);
  auto write_started = std::chrono::steady_clock::now();
  if (writes_binary(arguments)) {
    GRAMVEC_TRY(write_binary_model(
        [&](const std::string& path) { return ngram::write_arpa(*trained, path); }, arguments.output, binary_options));
  } else {
    GRAMVEC_TRY(ngram::write_arpa(*trained, arguments.output));
  }
  report.stage_seconds.emplace_back(
      "write", std::chrono::duration<double>(std::chrono::steady_clock::now() - write_started).count());
  print_report(arguments, report, started);
  return Status::ok();
}

}  // namespace

void add_lm_train_command(CLI::App& lm, Action& action) {
  auto arguments = std::make_shared<TrainArguments>();
  CLI::App* command = lm.add_subcommand("train", "Estimate an n-gram language model and write it as ARPA or binary");
  command->add_option("files", arguments->inputs, "Corpus files ('-': stdin)");
  command->add_option("--counts", arguments->counts,
                      "Estimate from this count file (lm count / lm merge) instead of a corpus; the order and "
                      "tokenizer settings come from it");
  command->add_option("-o,--output", arguments->output, "Model to write: ARPA, or binary if it ends in .gvlm ('-': stdout)")
      ->required();
  command->add_option("--layout", arguments->layout, "Write a binary model with this layout: hash or trie")
      ->check(accepted_by(ngram::parse_binary_layout));
  command->add_option("--quantize", arguments->quantize_bits,
                      "Write a trie whose probabilities and backoffs are quantized to BITS (1 to 16)")
      ->check(quantize_bits());
  command->add_option("--space", arguments->space, "Binary hash layout: slots per n-gram (KenLM's -p)")
      ->capture_default_str();
  command->add_option("--order", arguments->order, "Model order (1 to 10; with --counts, the file's)")
      ->check(whole_number_from_to(1, ngram::kMaxOrder));
  command->add_option("--smoothing", arguments->smoothing, "mkn, kn, wb, abs, katz, addk or stupid")
      ->capture_default_str();
  command->add_option("--k", arguments->k, "k for --smoothing addk")->capture_default_str();
  command->add_option("--discount", arguments->discount, "Fixed discount for --smoothing kn or abs");
  command->add_option("--prune", arguments->prune,
                      "Count thresholds from order 2 up: drop n-grams with count <= T (last value repeats)")
      ->check(whole_number_at_least(0));
  command->add_option("--vocab", arguments->vocabulary_path, "Use this vocabulary; other words become <unk>");
  command->add_option("--min-count", arguments->min_count, "Words seen fewer times become <unk>")
      ->capture_default_str()
      ->check(whole_number_at_least(1));
  command->add_flag("--discount-fallback", arguments->discount_fallback,
                    "Use discounts 0.5 1 1.5 where they cannot be estimated from the counts");
  arguments->tokenizer.add_to(*command);
  command->add_flag("-q,--quiet", arguments->quiet, "No progress or summary on stderr");
  command->add_flag("--json", arguments->json, "Print the training summary as JSON on stdout");
  command->add_option("--threads", arguments->threads, "Threads for reading, tokenizing and counting (default: all cores)")
      ->check(whole_number_at_least(0));
  command->add_flag("--verbose", arguments->verbose, "Print the time of each stage on stderr");
  command->add_option("--memory", arguments->memory,
                      "Estimate in bounded memory: sort buffers of at most SIZE (as sort -S: 512M, 4G, 50%; a bare "
                      "number is KiB), spilling to compressed temporary files; the same model")
      ->check(memory_size_at_least(ngram::minimum_bounded_memory()));
  command->add_option("--temp-dir", arguments->temp_dir, "With --memory: directory for temporary files (default: "
                                                          "$TMPDIR or /tmp)");
  command->callback([arguments, command, &action] {
    check_train_arguments(*arguments, *command);
    action = [arguments] { return run_train(*arguments); };
  });
}

void add_lm_commands(CLI::App& app, Action& action) {
  CLI::App* lm = app.add_subcommand("lm", "n-gram language models: train, count, merge, score, eval, generate, convert");
  lm->require_subcommand(1);
  add_lm_train_command(*lm, action);
  add_lm_count_commands(*lm, action);
  add_lm_query_commands(*lm, action);
  add_lm_convert_command(*lm, action);
}

}  // namespace gramvec::cli
