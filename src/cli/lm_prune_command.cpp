// gramvec lm prune -m MODEL -o PRUNED --threshold θ: entropy-based pruning (Stolcke 1998, as
// SRILM's ngram -prune θ).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/validators.hpp"
#include "gramvec/ngram/interpolate.hpp"
#include "gramvec/ngram/prune.hpp"

namespace gramvec::cli {

namespace {

struct PruneArguments {
  std::string model_path;
  std::string output;
  double threshold = 0.0;
  BinaryOutputFlags binary;
  bool quiet = false;
  bool json = false;
};

void check_prune_arguments(const PruneArguments& arguments, const CLI::App& /*command*/) { arguments.binary.check(); }

Status run_prune(const PruneArguments& arguments) {
  auto started = std::chrono::steady_clock::now();
  GRAMVEC_TRY(check_outputs(input_files({arguments.model_path}, "model"), {{arguments.output, "-o"}}));
  auto binary = arguments.binary.resolve(arguments.output);
  if (!binary) return binary.status();
  // ARPA is read into the trie layout, which lists its n-grams.
  auto model = ngram::load_for_interpolation(arguments.model_path);
  if (!model) return model.status();
  GRAMVEC_TRY(ngram::check_prunable(*model, arguments.model_path));
  auto summary =
      ngram::write_pruned_model(*model, arguments.model_path, arguments.threshold, arguments.output, *binary);
  if (!summary) return summary.status();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (arguments.json) {
    print_json(Json{{"model", arguments.model_path},
                    {"threshold", arguments.threshold},
                    {"order", summary->order},
                    {"ngrams_before", summary->before},
                    {"ngrams", summary->after},
                    {"seconds", json_seconds(seconds)},
                    {"output", arguments.output}});
  } else if (!arguments.quiet) {
    fmt::print(stderr, "gramvec lm prune: order {}, threshold {}: n-grams [{}] -> [{}], {:.2f}s -> {}\n",
               summary->order, arguments.threshold, fmt::join(summary->before, " "), fmt::join(summary->after, " "),
               seconds, arguments.output);
  }
  return Status::ok();
}

}  // namespace

void add_lm_prune_command(CLI::App& lm, Action& action) {
  auto [command, arguments] = add_subcommand(
      lm, "prune", "Entropy-based pruning of a backoff model (Stolcke 1998, as SRILM's ngram -prune)", action,
      run_prune, check_prune_arguments);
  add_language_model(*command, arguments->model_path);
  command
      ->add_option("-o,--output", arguments->output,
                   "Model to write: ARPA, or binary if it ends in .gvlm ('-': stdout)")
      ->required();
  command
      ->add_option("--threshold", arguments->threshold,
                   "Remove each n-gram (order 2 and up) whose removal raises the model's perplexity by a relative "
                   "amount below this (SRILM's -prune; 0: none removed)")
      ->required()
      ->check(nonnegative_number());
  arguments->binary.add_to(*command);
  add_quiet(*command, arguments->quiet, "summary");
  add_json(*command, arguments->json, "the summary", arguments->output, "the model");
}

}  // namespace gramvec::cli
