// gramvec vocab FILE... -o VOCAB [--min-count N] [--max-size N] [tokenizer options]
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/tokenizer_flags.hpp"
#include "gramvec/text/corpus.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::cli {

namespace {

struct VocabArguments {
  std::vector<std::string> inputs;
  std::string output;
  std::uint64_t min_count = 1;
  std::size_t max_size = 0;
  TokenizerFlags tokenizer;
  bool quiet = false;
  bool json = false;
};

Status run_vocab(const VocabArguments& arguments) {
  GRAMVEC_TRY(check_outputs(input_files(arguments.inputs, "input"), {{arguments.output, "-o"}}));
  auto options = arguments.tokenizer.corpus_options(text::TokenizerOptions{}, arguments.quiet);
  if (!options) return options.status();
  vocab::Vocabulary counted;
  counted.tokenizer = options->tokenizer;
  text::CorpusReader reader(*options);
  GRAMVEC_TRY(vocab::count_words(reader, arguments.inputs, counted));
  vocab::Vocabulary result = counted.finalized({arguments.min_count, arguments.max_size});
  GRAMVEC_TRY(result.save(arguments.output));
  if (arguments.json) {
    print_json(Json{{"words", result.size() - vocab::Vocabulary::kReservedCount},
                    {"vocabulary_size", result.size()},
                    {"tokens", reader.stats().tokens},
                    {"sentences", reader.stats().sentences},
                    {"unk_count", result.count(vocab::Vocabulary::kUnk)},
                    {"output", arguments.output}});
  } else if (!arguments.quiet) {
    fmt::print(stderr, "gramvec vocab: {} words ({} with the reserved <unk> <s> </s>) from {} tokens in {} sentences\n",
               result.size() - vocab::Vocabulary::kReservedCount, result.size(), reader.stats().tokens,
               reader.stats().sentences);
  }
  report_invalid_input("vocab", reader.invalid_input_summary(), arguments.quiet);
  return Status::ok();
}

}  // namespace

void add_vocab_command(CLI::App& app, Action& action) {
  auto [command, arguments] =
      add_subcommand(app, "vocab", "Count words and save the vocabulary (word<TAB>count)", action, run_vocab);
  add_inputs_and_output(*command, arguments->inputs, "Corpus files ('-': stdin)", arguments->output,
                        "Vocabulary file to write");
  add_whole_number(*command, "--min-count", arguments->min_count, "Drop words seen fewer times (they count as <unk>)",
                   1);
  add_whole_number(*command, "--max-size", arguments->max_size, "Keep at most this many words (0: all)");
  arguments->tokenizer.add_to(*command);
  add_quiet(*command, arguments->quiet, "progress or summary");
  add_json(*command, arguments->json, "the summary", arguments->output, "the vocabulary");
}

}  // namespace gramvec::cli
