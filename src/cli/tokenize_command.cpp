// gramvec tokenize [FILE...] [-o OUT] [--mode word|char|space] [--lower] [--normalize ...]
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_checks.hpp"
#include "cli/tokenizer_flags.hpp"
#include "gramvec/io/atomic_file.hpp"
#include "gramvec/text/corpus.hpp"
#include "io/block_output.hpp"

namespace gramvec::cli {

namespace {

struct TokenizeArguments {
  std::vector<std::string> inputs;
  std::string output = "-";
  TokenizerFlags tokenizer;
  bool quiet = false;
};

Status run_tokenize(const TokenizeArguments& arguments) {
  auto options = arguments.tokenizer.corpus_options(text::TokenizerOptions{}, arguments.quiet);
  if (!options) return options.status();
  std::vector<std::string> inputs = arguments.inputs;
  if (inputs.empty()) inputs.push_back("-");
  GRAMVEC_TRY(check_outputs(input_files(inputs, "input"), {{arguments.output, "-o"}}));

  io::AtomicFileWriter out;
  GRAMVEC_TRY(out.open(arguments.output));
  text::CorpusReader reader(*options);
  std::string block;
  auto on_sentence = [&](std::span<const std::string_view> tokens) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (i > 0) block.push_back(' ');
      block.append(tokens[i]);
    }
    block.push_back('\n');
    io::write_if_full(out, block, 1 << 16);
  };
  GRAMVEC_TRY(reader.read(inputs, on_sentence));
  out.write(block);
  GRAMVEC_TRY(out.commit());
  report_invalid_input("tokenize", reader.invalid_input_summary(), arguments.quiet);
  return Status::ok();
}

}  // namespace

void add_tokenize_command(CLI::App& app, Action& action) {
  auto [command, arguments] = add_subcommand(app, "tokenize", "Split text into tokens, one output line per input line",
                                             action, run_tokenize);
  command->add_option("files", arguments->inputs, "Input files (default or '-': stdin)");
  command->add_option("-o,--output", arguments->output, "Output file ('-': stdout)")->capture_default_str();
  arguments->tokenizer.add_to(*command, "--mode");
  add_quiet(*command, arguments->quiet, "progress or summary");
}

}  // namespace gramvec::cli
