// gramvec phrases learn FILE... -o PHRASES [--scorer word2phrase|npmi] [--min-count N] [--threshold T]
//                       [--passes P] [--json] [--quiet] [tokenizer options]
#include <fmt/format.h>

#include <optional>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/tokenizer_flags.hpp"
#include "cli/validators.hpp"
#include "gramvec/io/atomic_file.hpp"
#include "gramvec/text/corpus.hpp"
#include "gramvec/text/phrases.hpp"
#include "io/block_output.hpp"

namespace gramvec::cli {

namespace {

// The first line of a phrase list: its format's version and the settings that made it.
constexpr int kPhrasesFormatVersion = 1;

struct PhrasesLearnArguments {
  std::vector<std::string> inputs;
  std::string output;
  std::string scorer = "word2phrase";
  std::uint64_t min_count = 5;
  std::optional<double> threshold;  // default: the scorer's
  int passes = 1;
  TokenizerFlags tokenizer;
  bool json = false;
  bool quiet = false;
};

// word2phrase scores are counts-sized numbers (tenths are plenty); npmi lies in (-1, 1].
std::string format_score(text::PhraseScorer scorer, double score) {
  return scorer == text::PhraseScorer::npmi ? fmt::format("{:.4f}", score) : fmt::format("{:.1f}", score);
}

Status run_learn(const PhrasesLearnArguments& arguments) {
  auto scorer = text::parse_scorer(arguments.scorer);  // checked by the validator
  if (!scorer) return scorer.status();
  text::PhraseOptions options;
  options.scorer = *scorer;
  options.min_count = arguments.min_count;
  options.threshold = arguments.threshold.value_or(text::PhraseOptions::default_threshold(*scorer));
  options.passes = arguments.passes;
  GRAMVEC_TRY(options.check());
  GRAMVEC_TRY(check_outputs(input_files(arguments.inputs, "input"), {{arguments.output, "-o"}}));
  auto corpus = arguments.tokenizer.corpus_options(text::TokenizerOptions(), arguments.quiet);
  if (!corpus) return corpus.status();

  text::PhraseLearner learner(options);
  text::CorpusReader reader(*corpus);
  GRAMVEC_TRY(reader.read(arguments.inputs, [&](std::span<const std::string_view> tokens) {
    learner.add_sentence(tokens);
  }));
  std::vector<text::Phrase> phrases = learner.learn();

  // jieba's user-dictionary format, "word count tag", the score in the tag's place; '#' lines
  // are comments there.
  io::AtomicFileWriter out;
  GRAMVEC_TRY(out.open(arguments.output));
  std::string block = fmt::format("# gramvec phrases {} scorer={} threshold={} min-count={} passes={}\n# {}\n",
                                  kPhrasesFormatVersion, text::scorer_name(options.scorer), options.threshold,
                                  options.min_count, options.passes, corpus->tokenizer.describe());
  for (const text::Phrase& phrase : phrases) {
    block.append(fmt::format("{} {} {}\n", phrase.text, phrase.count, format_score(options.scorer, phrase.score)));
    io::write_if_full(out, block, 1 << 16);
  }
  const std::vector<text::Phrase> kept_whole = learner.words_kept_whole();
  if (!kept_whole.empty()) {
    block.append("# Words of the text that a phrase above would cut, were they not listed: kept whole\n");
    for (const text::Phrase& word : kept_whole) {
      block.append(fmt::format("{} {}\n", word.text, word.count));
      io::write_if_full(out, block, 1 << 16);
    }
  }
  out.write(block);
  GRAMVEC_TRY(out.commit());

  const text::PhraseSummary& summary = learner.summary();
  if (arguments.json) {
    print_json(Json{{"phrases", phrases.size()},
                    {"words_kept_whole", kept_whole.size()},
                    {"sentences", summary.sentences},
                    {"tokens", summary.tokens},
                    {"tokens_after", summary.final_tokens},
                    {"passes", options.passes},
                    {"joins_per_pass", summary.joins_per_pass},
                    {"scorer", text::scorer_name(options.scorer)},
                    {"threshold", options.threshold},
                    {"min_count", options.min_count},
                    {"output", arguments.output}});
  } else if (!arguments.quiet) {
    std::string kept = kept_whole.empty() ? std::string()
                                          : fmt::format("; {} words of the text listed to keep them whole", kept_whole.size());
    fmt::print(stderr, "gramvec phrases learn: {} phrases from {} tokens in {} sentences, {} {} ({} tokens after){}\n",
               phrases.size(), summary.tokens, summary.sentences, options.passes,
               options.passes == 1 ? "pass" : "passes", summary.final_tokens, kept);
  }
  report_invalid_input("phrases learn", reader.invalid_input_summary(), arguments.quiet);
  return Status::ok();
}

}  // namespace

void add_phrases_commands(CLI::App& app, Action& action) {
  CLI::App* phrases = app.add_subcommand("phrases", "Phrases (collocations) and words found in a corpus: learn");
  phrases->require_subcommand(1);

  auto [command, arguments] = add_subcommand(
      *phrases, "learn",
      "Join adjacent tokens that occur together far more often than chance (as word2phrase) and list the phrases "
      "(phrase count score, jieba's user-dictionary format)",
      action, run_learn);
  add_inputs_and_output(*command, arguments->inputs, "Corpus files, one sentence a line ('-': stdin)",
                        arguments->output, "Phrase list to write ('-': stdout)");
  command->add_option("--scorer", arguments->scorer,
                      "word2phrase: (c(ab) - min-count) / (c(a) c(b)) * tokens; npmi: normalised pointwise mutual "
                      "information, from -1 to 1")
      ->capture_default_str()
      ->check(accepted_by(text::parse_scorer));
  add_whole_number(*command, "--min-count", arguments->min_count,
                   "Only pairs seen this many times (word2phrase: and words seen this many times)", 1);
  command->add_option("--threshold", arguments->threshold,
                      "Join a pair when its score is above this (default: 100 for word2phrase, 0.5 for npmi, whose "
                      "threshold lies in (-1, 1]); the same in every pass");
  command->add_option("--passes", arguments->passes,
                      "Passes over the text, each joining pairs of the previous pass's tokens: phrases of up to 2^P "
                      "tokens")
      ->capture_default_str()
      ->check(whole_number_from_to(1, text::PhraseOptions::kMaxPasses));
  arguments->tokenizer.add_to(*command);
  add_quiet(*command, arguments->quiet, "summary");
  add_json(*command, arguments->json, "the summary", arguments->output, "the phrases");
}

}  // namespace gramvec::cli
