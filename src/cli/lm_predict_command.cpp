// gramvec lm predict -m MODEL [CONTEXT...|-] [-k K] [--prefix P]: the most probable next words
// after the start of a sentence (the n-gram model as an input method).
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <iterator>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/tokenizer_flags.hpp"
#include "cli/validators.hpp"
#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/predict.hpp"
#include "gramvec/text/corpus.hpp"
#include "gramvec/text/tokenizer.hpp"
#include "gramvec/text/utf8.hpp"

namespace gramvec::cli {

namespace {

struct PredictArguments {
  std::string model_path;
  std::vector<std::string> contexts;  // text; "-" or none: lines of stdin
  std::size_t k = 10;
  std::string prefix;
  TokenizerFlags tokenizer;
  bool json = false;
  bool quiet = false;
};

// The prefix as the model's words are written: normalised (and lowercased) as its tokenizer does.
Result<std::string> normalised_prefix(const std::string& prefix, const text::TokenizerOptions& options) {
  if (prefix.empty()) return std::string();
  if (auto bad = text::find_invalid_utf8(prefix)) {
    return Status::usage_error(fmt::format("--prefix: invalid UTF-8 at byte {}", *bad));
  }
  text::TokenizerOptions spaces = options;
  spaces.mode = text::TokenizerMode::space;
  spaces.user_dictionary.reset();  // a prefix is part of one word: nothing to join or split
  text::Tokenizer tokenizer(spaces);
  auto tokens = tokenizer.tokenize(prefix);
  if (tokens.size() != 1) {
    return Status::usage_error(
        fmt::format("--prefix: '{}' is not the start of one word", text::printable_excerpt(prefix)));
  }
  return std::string(tokens[0]);
}

void append_predictions(std::string& out, std::uint64_t line, std::span<const std::string_view> context,
                        const std::vector<ngram::Prediction>& predictions, bool json) {
  if (json) {
    Json words = Json::array();
    for (const auto& prediction : predictions) {
      words.push_back(Json{{"word", prediction.word},
                           {"log10prob", prediction.log10_probability},
                           {"probability", std::pow(10.0, static_cast<double>(prediction.log10_probability))}});
    }
    Json tokens = Json::array();
    for (std::string_view token : context) tokens.push_back(std::string(token));
    append_json_line(out, Json{{"line", line}, {"context", std::move(tokens)}, {"predictions", std::move(words)}});
    return;
  }
  for (const auto& prediction : predictions) {
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{:.6g}\n", prediction.word, prediction.log10_probability,
                   std::pow(10.0, static_cast<double>(prediction.log10_probability)));
  }
  out.push_back('\n');
}

Status run_predict(const PredictArguments& arguments) {
  auto model = ngram::NGramModel::load(arguments.model_path);
  if (!model) return model.status();
  auto options = arguments.tokenizer.model_corpus_options(model->info().tokenizer, "lm predict", arguments.quiet);
  if (!options) return options.status();
  auto prefix = normalised_prefix(arguments.prefix, options->tokenizer);
  if (!prefix) return prefix.status();
  ngram::Predictor predictor(*model);
  std::string out;
  std::uint64_t line = 0;
  auto predict = [&](std::span<const std::string_view> context) {
    ++line;
    append_predictions(out, line, context, predictor.predict(context, arguments.k, *prefix), arguments.json);
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  };
  const bool from_stdin = arguments.contexts.empty() || (arguments.contexts.size() == 1 && arguments.contexts[0] == "-");
  if (from_stdin) {
    text::CorpusReader reader(*options);
    GRAMVEC_TRY(reader.read({"-"}, predict));
    report_invalid_input("lm predict", reader.invalid_input_summary(), arguments.quiet);
  } else {
    // Contexts on the command line: checked before any is answered.
    for (std::size_t i = 0; i < arguments.contexts.size(); ++i) {
      if (arguments.contexts[i] == "-") {
        return Status::usage_error("'-' (contexts from stdin) cannot be mixed with contexts on the command line");
      }
      if (auto bad = text::find_invalid_utf8(arguments.contexts[i])) {
        return Status::usage_error(fmt::format("context {}: invalid UTF-8 at byte {}", i + 1, *bad));
      }
    }
    text::Tokenizer tokenizer(options->tokenizer);
    for (const auto& context : arguments.contexts) predict(tokenizer.tokenize(context));
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Status::ok();
}

}  // namespace

void add_lm_predict_command(CLI::App& lm, Action& action) {
  auto [command, arguments] = add_subcommand(
      lm, "predict",
      "The most probable next words after the start of a sentence, as the model scores them (an input method)",
      action, run_predict);
  add_language_model(*command, arguments->model_path);
  command->add_option("contexts", arguments->contexts,
                      "The sentence so far, one argument a context ('' for its first word; '-' or none: each line "
                      "of stdin)");
  add_whole_number(*command, "-k,--top", arguments->k, "How many words to list for each context", 1);
  command->add_option("--prefix", arguments->prefix,
                      "Only words that start with this (a word being typed; normalised as the model's words are); "
                      "</s> is then no candidate");
  arguments->tokenizer.add_to(*command, "--tokenizer", false);
  add_json(*command, arguments->json, "one object per context");
  add_quiet(*command, arguments->quiet, "diagnostics");
}

}  // namespace gramvec::cli
