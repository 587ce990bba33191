// gramvec lm prune -m MODEL -o PRUNED --threshold θ: entropy-based pruning (Stolcke 1998, as
// SRILM's ngram -prune θ).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <optional>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/validators.hpp"
#include "gramvec/ngram/interpolate.hpp"
#include "gramvec/ngram/prune.hpp"
#include "util/memory_size.hpp"

namespace gramvec::cli {

namespace {

struct PruneArguments {
  std::string model_path;
  std::string output;
  std::optional<double> threshold;
  std::optional<std::uint64_t> target_ngrams;
  std::string target_bytes;
  std::string history_path;
  std::string form = "backoff";
  BinaryOutputFlags binary;
  bool quiet = false;
  bool json = false;
};

void check_prune_arguments(const PruneArguments& arguments, const CLI::App& /*command*/) {
  arguments.binary.check();
  int given = (arguments.threshold ? 1 : 0) + (arguments.target_ngrams ? 1 : 0) + (arguments.target_bytes.empty() ? 0 : 1);
  if (given != 1) {
    throw CLI::ValidationError("--threshold", "give one of --threshold, --target-size and --target-bytes");
  }
}

// --target-bytes: bytes, or with a suffix K, M or G (binary, as sort -S).
Result<std::uint64_t> parse_target_bytes(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos && text.size() < 20) {
    return std::uint64_t{std::stoull(text)};
  }
  if (text.find('%') != std::string::npos) {
    return Status::usage_error(fmt::format("--target-bytes: '{}' is not a size (bytes, or with K, M or G)", text));
  }
  auto bytes = util::parse_memory_size(text);
  if (!bytes) {
    return Status::usage_error(fmt::format("--target-bytes: '{}' is not a size (bytes, or with K, M or G)", text));
  }
  return bytes;
}

Status run_prune(const PruneArguments& arguments) {
  auto started = std::chrono::steady_clock::now();
  auto inputs = input_files({arguments.model_path}, "model");
  if (!arguments.history_path.empty()) inputs.push_back({arguments.history_path, "--history-model"});
  GRAMVEC_TRY(check_outputs(inputs, {{arguments.output, "-o"}}));
  auto binary = arguments.binary.resolve(arguments.output);
  if (!binary) return binary.status();
  ngram::PruneOptions options;
  options.threshold = arguments.threshold.value_or(0.0);
  options.target_ngrams = arguments.target_ngrams;
  if (!arguments.target_bytes.empty()) {
    auto bytes = parse_target_bytes(arguments.target_bytes);
    if (!bytes) return bytes.status();
    options.target_bytes = *bytes;
  }
  auto form = ngram::parse_pruned_form(arguments.form);
  if (!form) return form.status();
  options.form = *form;
  GRAMVEC_TRY(ngram::check_prune_options(options, *binary));
  std::optional<ngram::NGramModel> history;
  if (!arguments.history_path.empty()) {
    auto loaded = ngram::NGramModel::load(arguments.history_path);
    if (!loaded) return loaded.status();
    history.emplace(std::move(*loaded));
    options.history = &*history;
  }
  auto summary = ngram::write_pruned_model(arguments.model_path, options, arguments.output, *binary);
  if (!summary) return summary.status();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (arguments.json) {
    Json json{{"model", arguments.model_path},
              {"threshold", summary->threshold},
              {"form", std::string(ngram::pruned_form_name(summary->form))},
              {"order", summary->order},
              {"ngrams_before", summary->before},
              {"ngrams", summary->after}};
    if (!arguments.history_path.empty()) json["history_model"] = arguments.history_path;
    if (arguments.target_ngrams || summary->bytes) json["thresholds_tried"] = summary->searched;
    if (summary->bytes) json["bytes"] = *summary->bytes;
    json["seconds"] = json_seconds(seconds);
    json["output"] = arguments.output;
    print_json(json);
  } else if (!arguments.quiet) {
    std::string found = arguments.threshold ? "" : fmt::format(" (found in {} tries)", summary->searched);
    std::string bytes = summary->bytes ? fmt::format(", {} bytes", *summary->bytes) : "";
    fmt::print(stderr, "gramvec lm prune: order {}, {} form, threshold {}{}: n-grams [{}] -> [{}]{}, {:.2f}s -> {}\n",
               summary->order, ngram::pruned_form_name(summary->form), summary->threshold, found,
               fmt::join(summary->before, " "),
               fmt::join(summary->after, " "), bytes, seconds, arguments.output);
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
      ->check(nonnegative_number());
  command->add_option("--target-size", arguments->target_ngrams,
                      "Instead of --threshold: the largest pruned model with at most this many n-grams (all orders); "
                      "the threshold is searched for")
      ->check(whole_number_at_least(1));
  command->add_option("--target-bytes", arguments->target_bytes,
                      "Instead of --threshold: the largest pruned binary model (-o NAME.gvlm) of at most this size "
                      "(bytes, or with K, M or G)");
  command->add_option("--history-model", arguments->history_path,
                      "Model for the context probabilities P(h) of the criterion (SRILM's -prune-history-lm), e.g. "
                      "a Katz model of the same text for a Kneser-Ney model");
  command
      ->add_option("--form", arguments->form,
                   "The pruned model's form: backoff (SRILM's: the n-grams that stay keep their probabilities), "
                   "interpolated (for an interpolated model such as Kneser-Ney: a removed n-gram's own share "
                   "returns to the interpolation weight, as count pruning does; better when pruning hard), or auto "
                   "(interpolated when the model has that form)")
      ->check(accepted_by(ngram::parse_pruned_form))
      ->capture_default_str();
  arguments->binary.add_to(*command);
  add_quiet(*command, arguments->quiet, "summary");
  add_json(*command, arguments->json, "the summary", arguments->output, "the model");
}

}  // namespace gramvec::cli
