// gramvec lm train FILE... -o MODEL.arpa --order N [--smoothing ...] [tokenizer options]
// gramvec lm train --counts COUNTS -o MODEL.arpa [--smoothing ...]
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/stat.h>

#include <chrono>
#include <optional>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/tokenizer_flags.hpp"
#include "cli/validators.hpp"
#include "gramvec/ngram/count_file.hpp"
#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/options.hpp"
#include "gramvec/ngram/train.hpp"
#include "io/temporary_file.hpp"
#include "util/memory_size.hpp"

namespace gramvec::cli {

namespace {

struct TrainArguments {
  std::vector<std::string> inputs;
  std::string counts;
  std::string output;
  int order = 0;
  std::string smoothing = ngram::EstimationOptions{}.smoothing;
  std::optional<double> k;
  std::optional<double> discount;
  std::vector<std::uint64_t> prune;
  std::optional<double> prune_entropy;
  std::string prune_history_path;
  std::string prune_form;
  std::vector<std::uint64_t> katz_min_counts;  // empty: not given
  std::vector<std::uint64_t> katz_max_counts;
  std::string vocabulary_path;
  std::uint64_t min_count = 1;
  bool discount_fallback = false;
  TokenizerFlags tokenizer;
  bool quiet = false;
  bool json = false;
  bool verbose = false;
  std::size_t threads = 0;
  BinaryOutputFlags binary;
  std::string memory;    // --memory: estimation in bounded memory
  std::string temp_dir;  // --temp-dir
};

// --katz-min-count and --katz-max-count, where given (the options take at least one value).
void set_katz_counts(const TrainArguments& arguments, ngram::EstimationOptions& options) {
  if (!arguments.katz_min_counts.empty()) options.katz_min_counts = arguments.katz_min_counts;
  if (!arguments.katz_max_counts.empty()) options.katz_max_counts = arguments.katz_max_counts;
}

// Usage errors that parsing alone does not catch: a corpus or --counts (not both), and with
// --counts, no option that contradicts the count file or only applies to reading text.
void check_train_arguments(const TrainArguments& arguments, const CLI::App& command) {
  ngram::EstimationOptions smoothing;
  smoothing.smoothing = arguments.smoothing;
  smoothing.add_k = arguments.k;
  smoothing.fixed_discount = arguments.discount;
  set_katz_counts(arguments, smoothing);
  if (Status status = ngram::check_smoothing_options(smoothing); !status) throw CLI::ValidationError(status.message());
  arguments.binary.check();
  if (!arguments.temp_dir.empty() && arguments.memory.empty()) {
    throw CLI::ValidationError("--temp-dir", "applies with --memory only (estimation in bounded memory)");
  }
  if (!arguments.memory.empty() && arguments.prune_entropy) {
    throw CLI::ValidationError("--prune-entropy", "not available with --memory (estimation in bounded memory) yet");
  }
  if (arguments.prune_entropy && !ngram::is_normalised(arguments.smoothing)) {
    throw CLI::ValidationError("--prune-entropy", fmt::format("a {} model gives scores, not probabilities, and cannot "
                                                              "be pruned by entropy",
                                                              arguments.smoothing));
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
  if (!tokenizer) return;  // a user dictionary that cannot be read: the command reports it (exit 1)
  if (*tokenizer != header.tokenizer || (arguments.tokenizer.sentences && !header.split_sentences)) {
    throw CLI::ValidationError(fmt::format(
        "tokenizer options contradict the count file {} ({}); leave them out: the settings come from the file",
        arguments.counts, header.describe_settings()));
  }
}

void print_summary(const TrainArguments& arguments, const ngram::TrainSummary& summary,
                   std::chrono::steady_clock::time_point started) {
  if (!arguments.quiet) {
    for (const auto& warning : summary.warnings) fmt::print(stderr, "gramvec lm train: warning: {}\n", warning);
    if (!summary.invalid_input_summary.empty()) {
      fmt::print(stderr, "gramvec lm train: {}\n", summary.invalid_input_summary);
    }
  }
  if (arguments.verbose) {
    std::vector<std::string> stages;
    for (const auto& [stage, seconds] : summary.stage_seconds) stages.push_back(fmt::format("{} {:.3f}s", stage, seconds));
    fmt::print(stderr, "gramvec lm train: stage times: {}\n", fmt::join(stages, ", "));
    if (summary.bounded) {
      fmt::print(stderr, "gramvec lm train: temporary files: {} at most ({})\n",
                 util::format_memory_size(summary.temporary_bytes),
                 arguments.temp_dir.empty() ? io::temporary_directory() : arguments.temp_dir);
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int order = summary.estimation.order;
  if (arguments.json) {
    Json json{{"order", order},
              {"smoothing", arguments.smoothing},
              {"sentences", summary.sentences},
              {"tokens", summary.tokens},
              {"vocabulary", summary.vocabulary_size},
              {"ngrams", summary.ngram_counts},
              {"seconds", json_seconds(seconds)},
              {"output", arguments.output}};
    if (summary.bounded) json["temporary_bytes"] = summary.temporary_bytes;
    Json stages = Json::object();
    for (const auto& [stage, stage_seconds] : summary.stage_seconds) stages[stage] = json_seconds(stage_seconds);
    json["stages"] = std::move(stages);
    print_json(json);
  } else if (!arguments.quiet) {
    fmt::print(stderr, "gramvec lm train: order {} {} model, {} sentences, {} tokens, n-grams [{}], {:.2f}s -> {}\n",
               order, arguments.smoothing, summary.sentences, summary.tokens, fmt::join(summary.ngram_counts, " "),
               seconds, arguments.output);
  }
}

Status run_train(const TrainArguments& arguments) {
  auto started = std::chrono::steady_clock::now();
  std::vector<io::CommandFile> inputs = input_files(arguments.inputs, "input");
  if (!arguments.counts.empty()) inputs.push_back({arguments.counts, "--counts"});
  if (!arguments.vocabulary_path.empty()) inputs.push_back({arguments.vocabulary_path, "--vocab"});
  if (!arguments.prune_history_path.empty()) inputs.push_back({arguments.prune_history_path, "--prune-history-model"});
  GRAMVEC_TRY(check_outputs(inputs, {{arguments.output, "-o"}}));
  ngram::TrainSources sources{arguments.inputs, arguments.counts};
  ngram::TrainingOptions options;
  options.estimation.order = arguments.order;  // with --counts, 0 when not given: the file's
  options.estimation.smoothing = arguments.smoothing;
  options.estimation.add_k = arguments.k;
  options.estimation.fixed_discount = arguments.discount;
  options.estimation.discount_fallback = arguments.discount_fallback;
  options.estimation.prune_thresholds = arguments.prune;
  options.prune_entropy = arguments.prune_entropy;
  std::optional<ngram::NGramModel> prune_history;
  if (!arguments.prune_history_path.empty()) {
    if (!arguments.prune_entropy) return Status::usage_error("--prune-history-model: only with --prune-entropy");
    auto loaded = ngram::NGramModel::load(arguments.prune_history_path);
    if (!loaded) return loaded.status();
    prune_history.emplace(std::move(*loaded));
    options.prune_history = &*prune_history;
  }
  if (!arguments.prune_form.empty()) {
    if (!arguments.prune_entropy) return Status::usage_error("--prune-form: only with --prune-entropy");
    auto form = ngram::parse_pruned_form(arguments.prune_form);
    if (!form) return form.status();
    options.prune_form = *form;
  }
  set_katz_counts(arguments, options.estimation);
  options.limits.min_count = arguments.min_count;
  options.threads = arguments.threads;
  if (!arguments.memory.empty()) {
    auto memory = util::parse_memory_size(arguments.memory);
    if (!memory) return Status::usage_error("--memory " + memory.message());
    options.memory = ngram::BoundedMemoryOptions{*memory, arguments.temp_dir};
  }
  auto binary = arguments.binary.resolve(arguments.output);
  if (!binary) return binary.status();
  ngram::TrainOutput output{arguments.output, *binary};

  if (!arguments.vocabulary_path.empty()) {
    auto vocabulary = vocab::Vocabulary::load(arguments.vocabulary_path);
    if (!vocabulary) return vocabulary.status();
    options.vocabulary = std::move(*vocabulary);
  }
  // Text is tokenized as the vocabulary's was, its user dictionary included.
  auto corpus = options.vocabulary && arguments.counts.empty()
                    ? arguments.tokenizer.corpus_options_like(options.vocabulary->tokenizer, "the vocabulary",
                                                              "lm train", arguments.quiet,
                                                              TokenizerFlags::Recorded::require)
                    : arguments.tokenizer.corpus_options(
                          options.vocabulary ? options.vocabulary->tokenizer : text::TokenizerOptions(), arguments.quiet);
  if (!corpus) return corpus.status();
  options.corpus = *corpus;
  const bool from_counts = !arguments.counts.empty();
  if (!from_counts && options.vocabulary &&
      !same_but_user_dictionary(options.vocabulary->tokenizer, options.corpus.tokenizer) && !arguments.quiet) {
    fmt::print(stderr, "gramvec lm train: warning: the vocabulary was built with {}, training uses {}\n",
               options.vocabulary->tokenizer.describe(), options.corpus.tokenizer.describe());
  }
  auto summary = ngram::train(sources, options, output);
  if (!summary) return summary.status();
  if (from_counts && options.vocabulary && options.vocabulary->tokenizer != summary->tokenizer && !arguments.quiet) {
    fmt::print(stderr, "gramvec lm train: warning: the vocabulary was built with {}, the counts with {}\n",
               options.vocabulary->tokenizer.describe(), summary->tokenizer.describe());
  }
  print_summary(arguments, *summary, started);
  return Status::ok();
}

}  // namespace

void add_lm_train_command(CLI::App& lm, Action& action) {
  auto [command, arguments] =
      add_subcommand(lm, "train", "Estimate an n-gram language model and write it as ARPA or binary", action,
                     run_train, check_train_arguments);
  command->add_option("files", arguments->inputs, "Corpus files ('-': stdin)");
  command->add_option("--counts", arguments->counts,
                      "Estimate from this count file (lm count / lm merge) instead of a corpus; the order and "
                      "tokenizer settings come from it");
  command->add_option("-o,--output", arguments->output, "Model to write: ARPA, or binary if it ends in .gvlm ('-': stdout)")
      ->required();
  arguments->binary.add_to(*command);
  command->add_option("--order", arguments->order,
                      fmt::format("Model order (1 to {}; with --counts, the file's)", ngram::kMaxOrder))
      ->check(whole_number_from_to(1, ngram::kMaxOrder));
  command->add_option("--smoothing", arguments->smoothing,
                      fmt::format("Smoothing method: {} (see below)", fmt::join(ngram::smoothing_names(), ", ")))
      ->capture_default_str();
  command->add_option("--k", arguments->k, fmt::format("k for --smoothing {} (default 1)", ngram::methods_taking_add_k()));
  command->add_option("--discount", arguments->discount, fmt::format("Fixed discount in (0, 1] for --smoothing {}", ngram::methods_taking_fixed_discount()));
  command->add_option("--prune", arguments->prune,
                      "Count thresholds from order 2 up: drop n-grams with count <= T (last value repeats)")
      ->check(whole_number_at_least(0));
  command->add_option("--prune-entropy", arguments->prune_entropy,
                      "Entropy pruning of the estimated model, as lm prune --threshold (Stolcke 1998, SRILM's -prune)")
      ->check(nonnegative_number());
  command->add_option("--prune-history-model", arguments->prune_history_path,
                      "With --prune-entropy: the model for the criterion's context probabilities, as lm prune "
                      "--history-model");
  command->add_option("--prune-form", arguments->prune_form,
                      "With --prune-entropy: the pruned model's form, as lm prune --form (default backoff)")
      ->check(accepted_by(ngram::parse_pruned_form));
  command->add_option("--katz-min-count", arguments->katz_min_counts,
                      fmt::format("Katz: minimum counts from order 1 up (last value repeats): n-grams below them are "
                                  "left out of the model (default {}, SRILM's gtNmin)",
                                  fmt::join(ngram::kKatzMinCounts, " ")))
      ->check(whole_number_at_least(1));
  command->add_option("--katz-max-count", arguments->katz_max_counts,
                      fmt::format("Katz: Good-Turing discounts counts up to these, from order 1 up (last value "
                                  "repeats; 0: none; default {}, SRILM's gtNmax)",
                                  fmt::join(ngram::kKatzMaxCounts, " ")))
      ->check(whole_number_from_to(0, static_cast<int>(ngram::kKatzMaxCountLimit)));
  command->add_option("--vocab", arguments->vocabulary_path, "Use this vocabulary; other words become <unk>");
  add_whole_number(*command, "--min-count", arguments->min_count, "Words seen fewer times become <unk>", 1);
  command->add_flag("--discount-fallback", arguments->discount_fallback,
                    "Use discounts 0.5 1 1.5 where they cannot be estimated from the counts");
  arguments->tokenizer.add_to(*command);
  add_quiet(*command, arguments->quiet, "progress or summary");
  add_json(*command, arguments->json, "the training summary", arguments->output, "the model");
  add_threads(*command, arguments->threads, "reading, tokenizing and counting");
  add_verbose(*command, arguments->verbose);
  command->add_option("--memory", arguments->memory,
                      "Estimate in bounded memory: sort buffers of at most SIZE (as sort -S: 512M, 4G, 50%; a bare "
                      "number is KiB), spilling to compressed temporary files; the same model")
      ->check(memory_size_at_least(ngram::minimum_bounded_memory()));
  command->add_option("--temp-dir", arguments->temp_dir, "With --memory: directory for temporary files (default: "
                                                          "$TMPDIR or /tmp)");
  command->footer("Smoothing methods:\n" + ngram::smoothing_help());
}

void add_lm_commands(CLI::App& app, Action& action) {
  CLI::App* lm = app.add_subcommand("lm", "n-gram language models: train, count, merge, score, eval, generate, convert, interpolate, prune, predict");
  lm->require_subcommand(1);
  add_lm_train_command(*lm, action);
  add_lm_count_commands(*lm, action);
  add_lm_query_commands(*lm, action);
  add_lm_convert_command(*lm, action);
  add_lm_interpolate_command(*lm, action);
  add_lm_prune_command(*lm, action);
  add_lm_predict_command(*lm, action);
}

}  // namespace gramvec::cli
