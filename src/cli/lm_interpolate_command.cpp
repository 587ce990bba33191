// gramvec lm interpolate -m A -m B [-m C ...] (--weights W1 W2 ... | --tune DEV...) [-o MIXED]:
// linear interpolation of backoff models, written as one backoff model; --tune finds the weights
// by EM on held-out text.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/tokenizer_flags.hpp"
#include "gramvec/ngram/interpolate.hpp"
#include "gramvec/text/corpus.hpp"

namespace gramvec::cli {

namespace {

struct InterpolateArguments {
  std::vector<std::string> model_paths;
  std::vector<std::string> weights;  // as given
  std::vector<std::string> tune;  // held-out text
  std::string output;
  ngram::TuningOptions tuning;
  TokenizerFlags tokenizer;
  BinaryOutputFlags binary;
  bool quiet = false;
  bool json = false;
};

void check_interpolate_arguments(const InterpolateArguments& arguments, const CLI::App& /*command*/) {
  if (arguments.model_paths.size() < 2) {
    throw CLI::ValidationError("-m", "interpolation needs two models or more (repeat -m)");
  }
  if (arguments.weights.empty() == arguments.tune.empty()) {
    throw CLI::ValidationError("--weights", "give either --weights or --tune DEV (the weights that minimise DEV's "
                                            "perplexity)");
  }
  if (!arguments.weights.empty()) {
    auto split = split_mixture_weights(arguments.weights, arguments.model_paths.size(), false);
    if (!split) throw CLI::ValidationError(split.message());
    if (arguments.output.empty()) throw CLI::RequiredError("-o");
  }
  arguments.binary.check();
}

std::string format_weights(const std::vector<double>& weights) {
  std::vector<std::string> text;
  for (double weight : weights) text.push_back(fmt::format("{:.6f}", weight));
  return fmt::format("{}", fmt::join(text, " "));
}

// EM on the held-out text; each iteration on stderr unless quiet or JSON.
Result<ngram::TuningResult> tune(const InterpolateArguments& arguments, const ngram::ModelMixture& mixture) {
  auto options = arguments.tokenizer.model_corpus_options(mixture.tokenizer(), "lm interpolate", arguments.quiet);
  if (!options) return options.status();
  text::CorpusReader reader(*options);
  ngram::MixtureTuner tuner(mixture);
  GRAMVEC_TRY(reader.read(arguments.tune, [&](std::span<const std::string_view> words) { tuner.add(words); }));
  report_invalid_input("lm interpolate", reader.invalid_input_summary(), arguments.quiet);
  const bool show = !arguments.quiet && !arguments.json;
  auto result = tuner.run(arguments.tuning, [&](const ngram::TuningIteration& step) {
    if (show) {
      fmt::print(stderr, "gramvec lm interpolate: iteration {}: weights {} perplexity {:.4f}\n", step.iteration,
                 format_weights(step.weights), step.perplexity);
    }
  });
  if (!result) {
    return Status::error(fmt::format("{}: {}", fmt::join(arguments.tune, ", "), result.message()));
  }
  if (show && !result->converged) {
    fmt::print(stderr, "gramvec lm interpolate: warning: the weights still moved by more than {} after {} iterations\n",
               arguments.tuning.precision, arguments.tuning.max_iterations);
  }
  return result;
}

Json tuning_json(const ngram::TuningResult& result) {
  Json iterations = Json::array();
  for (const auto& step : result.iterations) {
    iterations.push_back(Json{{"iteration", step.iteration}, {"weights", step.weights}, {"perplexity", step.perplexity}});
  }
  return Json{{"tokens", result.tokens},
              {"oovs", result.oovs},
              {"converged", result.converged},
              {"iterations", std::move(iterations)}};
}

Status run_interpolate(const InterpolateArguments& arguments) {
  auto started = std::chrono::steady_clock::now();
  std::vector<io::CommandFile> inputs = input_files(arguments.model_paths, "model");
  for (const auto& path : arguments.tune) inputs.push_back({path, "--tune"});
  std::vector<io::CommandFile> outputs;
  if (!arguments.output.empty()) outputs.push_back({arguments.output, "-o"});
  GRAMVEC_TRY(check_outputs(inputs, outputs));
  auto binary = arguments.binary.resolve(arguments.output);
  if (!binary) return binary.status();

  std::vector<ngram::NGramModel> models;
  for (const auto& path : arguments.model_paths) {
    // Only a merged model needs the n-grams listed (ARPA read into the trie layout).
    auto model = arguments.output.empty() ? ngram::NGramModel::load(path) : ngram::load_for_interpolation(path);
    if (!model) return model.status();
    if (!arguments.output.empty()) GRAMVEC_TRY(ngram::check_mergeable(*model, path));
    models.push_back(std::move(*model));
  }
  std::vector<const ngram::NGramModel*> pointers;
  for (const auto& model : models) pointers.push_back(&model);
  std::vector<double> weights(models.size(), 1.0 / static_cast<double>(models.size()));
  if (!arguments.weights.empty()) {
    auto split = split_mixture_weights(arguments.weights, models.size(), false);
    if (!split) return split.status();
    weights = split->weights;
  }
  auto mixture = ngram::ModelMixture::make(std::move(pointers), arguments.model_paths, weights);
  if (!mixture) return mixture.status();

  Json json{{"models", arguments.model_paths}};
  std::optional<ngram::TuningResult> tuned;
  if (!arguments.tune.empty()) {
    auto result = tune(arguments, *mixture);
    if (!result) return result.status();
    mixture->set_weights(result->weights());
    tuned = std::move(*result);
  }
  json["weights"] = mixture->weights();
  if (tuned) json["tuning"] = tuning_json(*tuned);
  if (arguments.output.empty()) {  // tuning only: the weights are the result
    if (arguments.json) {
      print_json(json);
    } else {
      fmt::print("{}\n", format_weights(mixture->weights()));
    }
    return Status::ok();
  }
  auto summary = ngram::write_interpolated_model(*mixture, arguments.output, *binary);
  if (!summary) return summary.status();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (arguments.json) {
    json["order"] = summary->order;
    json["vocabulary"] = summary->vocabulary;
    json["ngrams"] = summary->ngram_counts;
    json["seconds"] = json_seconds(seconds);
    json["output"] = arguments.output;
    print_json(json);
  } else if (!arguments.quiet) {
    fmt::print(stderr, "gramvec lm interpolate: order {} mixture of {} models, weights {}, n-grams [{}], {:.2f}s -> {}\n",
               summary->order, models.size(), format_weights(mixture->weights()),
               fmt::join(summary->ngram_counts, " "), seconds, arguments.output);
  }
  return Status::ok();
}

}  // namespace

void add_lm_interpolate_command(CLI::App& lm, Action& action) {
  auto [command, arguments] = add_subcommand(
      lm, "interpolate", "Mix language models linearly into one backoff model; tune the weights by EM on held-out text",
      action, run_interpolate, check_interpolate_arguments);
  add_language_models(*command, arguments->model_paths);
  add_mixture_weights(*command, arguments->weights);
  command->add_option("--tune", arguments->tune,
                      "Held-out text: find the weights that minimise its perplexity (EM, from equal weights)");
  command->add_option("-o,--output", arguments->output,
                      "Model to write: ARPA, or binary if it ends in .gvlm ('-': stdout); with --tune and no -o, only "
                      "the weights are printed");
  command->add_option("--precision", arguments->tuning.precision,
                      "--tune: stop when no weight changes by more than this fraction of itself")
      ->capture_default_str()
      ->check(positive_number_up_to(1.0));
  add_whole_number(*command, "--max-iterations", arguments->tuning.max_iterations, "--tune: at most this many EM "
                                                                                  "iterations", 1);
  arguments->binary.add_to(*command);
  arguments->tokenizer.add_to(*command);
  add_quiet(*command, arguments->quiet, "iterations or summary");
  add_json(*command, arguments->json, "the weights, tuning iterations and summary", arguments->output, "the model");
}

}  // namespace gramvec::cli
