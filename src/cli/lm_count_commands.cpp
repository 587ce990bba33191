// gramvec lm count FILE... -o COUNTS --order N [tokenizer options] [--threads N]
// gramvec lm merge COUNTS... -o COUNTS
#include <fmt/format.h>

#include <chrono>
#include <optional>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/tokenizer_flags.hpp"
#include "cli/validators.hpp"
#include "gramvec/ngram/count_merge.hpp"
#include "ngram/count/count_file_loader.hpp"

namespace gramvec::cli {

namespace {

struct CountArguments {
  std::vector<std::string> inputs;
  std::string output;
  int order = 0;
  TokenizerFlags tokenizer;
  std::size_t threads = 0;
  bool quiet = false;
  bool json = false;
  bool verbose = false;
};

using StageTimes = std::vector<std::pair<std::string, double>>;

void print_stage_times(std::string_view command, const StageTimes& stages) {
  fmt::print(stderr, "gramvec lm {}: stage times:", command);
  for (std::size_t i = 0; i < stages.size(); ++i) {
    fmt::print(stderr, "{} {} {:.3f}s", i > 0 ? "," : "", stages[i].first, stages[i].second);
  }
  fmt::print(stderr, "\n");
}

// -o of both commands.
constexpr const char* kCountFileHelp = "Count file to write ('-': stdout)";

// The figures both commands report: on stdout as JSON, or as one line on stderr. `inputs`: the
// number of files merged (lm merge), reported after the n-grams.
void print_summary(std::string_view command, const ngram::CountFileHeader& header,
                   const std::vector<std::uint64_t>& entries, double seconds, const std::string& output,
                   std::optional<std::size_t> inputs, bool json, bool quiet) {
  if (json) {
    Json summary{{"order", header.order},
                 {"settings", header.describe_settings()},
                 {"sentences", header.sentences},
                 {"tokens", header.tokens},
                 {"ngrams", entries}};
    if (inputs) summary["inputs"] = *inputs;
    summary["seconds"] = json_seconds(seconds);
    summary["output"] = output;
    print_json(summary);
  } else if (!quiet) {
    fmt::print(stderr, "gramvec lm {}: order {}, {} sentences, {} tokens, words and n-grams [{}], {:.2f}s -> {}\n",
               command, header.order, header.sentences, header.tokens, fmt::join(entries, " "), seconds, output);
  }
}

Status run_count(const CountArguments& arguments) {
  GRAMVEC_TRY(check_outputs(input_files(arguments.inputs, "input"), {{arguments.output, "-o"}}));
  auto started = std::chrono::steady_clock::now();
  auto corpus = arguments.tokenizer.corpus_options(text::TokenizerOptions(), arguments.quiet);
  if (!corpus) return corpus.status();
  ngram::CountingOptions options;
  options.order = arguments.order;
  options.reading.corpus = *corpus;
  options.reading.threads = arguments.threads;
  auto summary = ngram::count_corpus(arguments.inputs, options, arguments.output);
  if (!summary) return summary.status();
  report_invalid_input("lm count", text::invalid_input_summary(summary->corpus), arguments.quiet);
  if (arguments.verbose) print_stage_times("count", summary->stage_seconds);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_summary("count", summary->header, summary->entries, seconds, arguments.output, std::nullopt, arguments.json,
                arguments.quiet);
  return Status::ok();
}

struct MergeArguments {
  std::vector<std::string> inputs;
  std::string output;
  bool quiet = false;
  bool json = false;
  bool verbose = false;
};

Status run_merge(const MergeArguments& arguments) {
  GRAMVEC_TRY(check_outputs(input_files(arguments.inputs, "input"), {{arguments.output, "-o"}}));
  auto started = std::chrono::steady_clock::now();
  auto summary = ngram::merge_count_files(arguments.inputs, arguments.output);
  if (!summary) return summary.status();
  if (arguments.verbose) print_stage_times("merge", summary->stage_seconds);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_summary("merge", summary->header, summary->entries, seconds, arguments.output,
                arguments.inputs.size(), arguments.json, arguments.quiet);
  return Status::ok();
}

void add_count_command(CLI::App& lm, Action& action) {
  auto [command, arguments] = add_subcommand(
      lm, "count", "Count the n-grams of a corpus (or of one part of it) into a count file for lm merge / lm train --counts",
      action, run_count);
  add_inputs_and_output(*command, arguments->inputs, "Corpus files ('-': stdin)", arguments->output, kCountFileHelp);
  command->add_option("--order", arguments->order, "Highest order counted (1 to 10)")
      ->required()
      ->check(whole_number_from_to(1, ngram::kMaxOrder));
  arguments->tokenizer.add_to(*command);
  add_threads(*command, arguments->threads, "reading, tokenizing and counting");
  add_quiet(*command, arguments->quiet, "progress or summary");
  add_json(*command, arguments->json, "the summary", arguments->output, "the count file");
  add_verbose(*command, arguments->verbose);
}

void add_merge_command(CLI::App& lm, Action& action) {
  auto [command, arguments] = add_subcommand(
      lm, "merge", "Merge count files (of the same order and tokenizer settings) into one, as counting their corpora together",
      action, run_merge);
  add_inputs_and_output(*command, arguments->inputs, "Count files ('-': stdin)", arguments->output, kCountFileHelp);
  add_quiet(*command, arguments->quiet, "summary");
  add_json(*command, arguments->json, "the summary", arguments->output, "the count file");
  add_verbose(*command, arguments->verbose);
}

}  // namespace

void add_lm_count_commands(CLI::App& lm, Action& action) {
  add_count_command(lm, action);
  add_merge_command(lm, action);
}

}  // namespace gramvec::cli
