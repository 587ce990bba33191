// gramvec lm score / eval / generate: queries of a trained model.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/tokenizer_flags.hpp"
#include "gramvec/ngram/generator.hpp"
#include "gramvec/ngram/interpolate.hpp"
#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/scorer.hpp"
#include "gramvec/text/corpus.hpp"

namespace gramvec::cli {

namespace {

struct QueryArguments {
  std::string model_path;
  std::vector<std::string> model_paths;  // lm eval: one model, or a mixture with `weights`
  std::vector<std::string> weights;  // --weights as given (text files may follow the weights)
  std::vector<std::string> inputs;
  TokenizerFlags tokenizer;
  bool per_word = false;
  bool json = false;
  bool quiet = false;
  std::size_t count = 10;
  std::uint64_t seed = 1;
  std::size_t max_tokens = 100;
  std::size_t threads = 0;  // 0: all cores
};

// Models made by gramvec say how they tokenized; a foreign ARPA file is taken as whitespace-split.
Result<text::CorpusOptions> query_corpus_options(const QueryArguments& arguments, const ngram::NGramModel& model,
                                                 std::string_view command) {
  return arguments.tokenizer.model_corpus_options(model.info().tokenizer, command, arguments.quiet);
}

void append_sentence_text(std::string& out, std::span<const std::string_view> words) {
  for (std::string_view word : words) {
    out.append(word);
    out.push_back(' ');
  }
  out.append("</s>");
}

Status run_score(const QueryArguments& arguments) {
  auto model = ngram::NGramModel::load(arguments.model_path);
  if (!model) return model.status();
  auto options = query_corpus_options(arguments, *model, "lm score");
  if (!options) return options.status();
  std::vector<std::string> inputs = arguments.inputs;
  if (inputs.empty()) inputs.push_back("-");
  text::CorpusReader reader(*options);
  std::string out;
  std::uint64_t line = 0;
  auto on_sentence = [&](std::span<const std::string_view> words) {
    ++line;
    ngram::SentenceScore score = ngram::score_sentence(*model, words, arguments.per_word || arguments.json);
    if (arguments.json) {
      Json tokens = Json::array();
      for (const auto& token : score.per_token) tokens.push_back(token.token);
      Json json{{"line", line},
                {"log10prob", score.log10_probability},
                {"perplexity", score.perplexity()},
                {"oovs", score.oovs},
                {"tokens", std::move(tokens)}};
      if (arguments.per_word) {
        Json scored = Json::array();
        for (const auto& token : score.per_token) {
          scored.push_back(Json{{"token", token.token},
                                {"log10prob", token.score.log10_probability},
                                {"order", token.score.ngram_length},
                                {"oov", token.score.oov}});
        }
        json["words"] = std::move(scored);
      }
      append_json_line(out, json);
    } else if (arguments.per_word) {
      for (const auto& token : score.per_token) {
        fmt::format_to(std::back_inserter(out), "{}={} {}\t", token.token, token.score.ngram_length,
                       token.score.log10_probability);
      }
      fmt::format_to(std::back_inserter(out), "Total: {:.6f} PPL: {:.4f} OOV: {}\n", score.log10_probability,
                     score.perplexity(), score.oovs);
    } else {
      fmt::format_to(std::back_inserter(out), "{:.6f}\t{:.4f}\t{}\t", score.log10_probability, score.perplexity(),
                     score.oovs);
      append_sentence_text(out, words);
      out.push_back('\n');
    }
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  };
  GRAMVEC_TRY(reader.read(inputs, on_sentence));
  std::fwrite(out.data(), 1, out.size(), stdout);
  report_invalid_input("lm score", reader.invalid_input_summary(), arguments.quiet);
  return Status::ok();
}

// The mixture of several models (-m A -m B --weights ...), scored word by word on one thread.
Result<ngram::EvaluationTotals> evaluate_mixture(const QueryArguments& arguments, const MixtureWeights& mixing,
                                                 std::string& invalid_input) {
  std::vector<ngram::NGramModel> models;
  for (const auto& path : arguments.model_paths) {
    auto model = ngram::NGramModel::load(path);
    if (!model) return model.status();
    models.push_back(std::move(*model));
  }
  std::vector<const ngram::NGramModel*> pointers;
  for (const auto& model : models) pointers.push_back(&model);
  auto mixture = ngram::ModelMixture::make(std::move(pointers), arguments.model_paths, mixing.weights);
  if (!mixture) return mixture.status();
  auto options = arguments.tokenizer.model_corpus_options(mixture->tokenizer(), "lm eval", arguments.quiet);
  if (!options) return options.status();
  text::CorpusReader reader(*options);
  ngram::EvaluationTotals totals;
  std::vector<std::string> inputs = arguments.inputs;
  inputs.insert(inputs.end(), mixing.files.begin(), mixing.files.end());
  GRAMVEC_TRY(reader.read(inputs, [&](std::span<const std::string_view> words) {
    totals.add(mixture->score_sentence(words, false));
  }));
  invalid_input = reader.invalid_input_summary();
  return totals;
}

Result<ngram::EvaluationTotals> evaluate_model(const QueryArguments& arguments, std::string& invalid_input) {
  auto model = ngram::NGramModel::load(arguments.model_paths.front());
  if (!model) return model.status();
  auto options = query_corpus_options(arguments, *model, "lm eval");
  if (!options) return options.status();
  text::CorpusReader reader(*options);
  ngram::CorpusEvaluator evaluator(*model, arguments.threads);
  GRAMVEC_TRY(reader.read(arguments.inputs, [&](std::span<const std::string_view> words) { evaluator.add(words); }));
  invalid_input = reader.invalid_input_summary();
  return evaluator.finish();
}

// With several -m, --weights (one each); text to score, given before or after the weights.
void check_eval_arguments(const QueryArguments& arguments, const CLI::App& /*command*/) {
  if (arguments.model_paths.size() > 1 && arguments.weights.empty()) {
    throw CLI::ValidationError("--weights", "required with several -m models (one weight each, adding up to 1)");
  }
  std::size_t files = arguments.inputs.size();
  if (!arguments.weights.empty()) {
    auto split = split_mixture_weights(arguments.weights, arguments.model_paths.size(), true);
    if (!split) throw CLI::ValidationError(split.message());
    files += split->files.size();
  }
  if (files == 0) throw CLI::RequiredError("files");
}

Status run_eval(const QueryArguments& arguments) {
  std::string invalid_input;
  const bool mixture = !arguments.weights.empty();
  Result<ngram::EvaluationTotals> evaluated = ngram::EvaluationTotals{};
  std::vector<double> weights;
  if (mixture) {
    auto split = split_mixture_weights(arguments.weights, arguments.model_paths.size(), true);
    if (!split) return split.status();
    weights = split->weights;
    evaluated = evaluate_mixture(arguments, *split, invalid_input);
  } else {
    evaluated = evaluate_model(arguments, invalid_input);
  }
  if (!evaluated) return evaluated.status();
  const ngram::EvaluationTotals& totals = *evaluated;
  if (totals.sentences == 0) {
    return Status::error(fmt::format("{}: nothing to evaluate (no lines)", fmt::join(arguments.inputs, ", ")));
  }
  if (arguments.json) {
    Json json{{"sentences", totals.sentences},
              {"tokens", totals.tokens()},
              {"oovs", totals.oovs},
              {"log10prob", totals.log10_probability},
              {"perplexity", totals.perplexity()},
              {"perplexity_excluding_oovs", totals.perplexity_excluding_oovs()},
              {"ppl", totals.srilm_ppl()},
              {"ppl1", totals.srilm_ppl1()}};
    if (mixture) {
      json["models"] = arguments.model_paths;
      json["weights"] = weights;
    }
    print_json(json);
  } else {
    fmt::print("sentences: {}\ntokens: {}\noovs: {}\nlog10prob: {:.4f}\nperplexity: {:.4f}\n"
               "perplexity_excluding_oovs: {:.4f}\nppl: {:.4f}\nppl1: {:.4f}\n",
               totals.sentences, totals.tokens(), totals.oovs, totals.log10_probability, totals.perplexity(),
               totals.perplexity_excluding_oovs(), totals.srilm_ppl(), totals.srilm_ppl1());
    if (mixture) fmt::print("weights: {}\n", fmt::join(weights, " "));
  }
  report_invalid_input("lm eval", invalid_input, arguments.quiet);
  return Status::ok();
}

Status run_generate(const QueryArguments& arguments) {
  auto model = ngram::NGramModel::load(arguments.model_path);
  if (!model) return model.status();
  ngram::SentenceGenerator generator(*model, arguments.seed);
  for (std::size_t i = 0; i < arguments.count; ++i) {
    auto words = generator.sample(arguments.max_tokens);
    if (arguments.json) {
      print_json(Json{{"tokens", words}});
    } else {
      fmt::print("{}\n", fmt::join(words, " "));
    }
  }
  return Status::ok();
}

}  // namespace

void add_lm_query_commands(CLI::App& lm, Action& action) {
  auto [score_command, score] =
      add_subcommand(lm, "score", "Score each input line: log10 probability, perplexity, OOVs", action, run_score);
  add_language_model(*score_command, score->model_path);
  score_command->add_option("files", score->inputs, "Text to score (default or '-': stdin)");
  score_command->add_flag("--per-word", score->per_word, "Each token's log10 probability and n-gram order");
  add_json(*score_command, score->json, "one object per line");
  score->tokenizer.add_to(*score_command, "--tokenizer", false);
  add_quiet(*score_command, score->quiet, "progress or diagnostics");

  auto [eval_command, eval] = add_subcommand(
      lm, "eval", "Perplexity of a corpus (KenLM and SRILM conventions), under one model or a mixture", action,
      run_eval, check_eval_arguments);
  add_language_models(*eval_command, eval->model_paths);
  add_mixture_weights(*eval_command, eval->weights);
  eval_command->add_option("files", eval->inputs, "Text files ('-': stdin); required");
  add_json(*eval_command, eval->json, "the figures");
  add_threads(*eval_command, eval->threads, "scoring, in batches: the figures do not depend on their number");
  eval->tokenizer.add_to(*eval_command);
  add_quiet(*eval_command, eval->quiet, "progress or diagnostics");

  auto [generate_command, generate] =
      add_subcommand(lm, "generate", "Sample sentences from a model", action, run_generate);
  add_language_model(*generate_command, generate->model_path);
  add_whole_number(*generate_command, "-n,--count", generate->count, "Number of sentences");
  add_whole_number(*generate_command, "--seed", generate->seed, "Random seed");
  add_whole_number(*generate_command, "--max-tokens", generate->max_tokens, "Stop a sentence after this many words", 1);
  add_json(*generate_command, generate->json, "one object per sentence");
}

}  // namespace gramvec::cli
