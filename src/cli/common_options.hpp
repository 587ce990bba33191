// The options that several commands share, each declared here once: its flag names, its checks
// and the base of its help text. A command says only what the option means for it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/validators.hpp"
#include "gramvec/ngram/model.hpp"

namespace gramvec::cli {

// An option taking a whole number >= `minimum`, its default shown in the help.
template <typename Number>
CLI::Option* add_whole_number(CLI::App& command, const std::string& name, Number& value, const std::string& help,
                              unsigned long long minimum = 0) {
  return command.add_option(name, value, help)->capture_default_str()->check(whole_number_at_least(minimum));
}

// FILE... and -o/--output, both required: what the command reads and the file it writes.
void add_inputs_and_output(CLI::App& command, std::vector<std::string>& inputs, const std::string& inputs_help,
                           std::string& output, const std::string& output_help);

// -q/--quiet. `silenced`: what the command no longer prints on stderr ("progress or summary").
CLI::Option* add_quiet(CLI::App& command, bool& quiet, const std::string& silenced);

// --json. `printed`: what the command prints as JSON on stdout ("the summary", "one object per
// line").
CLI::Option* add_json(CLI::App& command, bool& json, const std::string& printed);

// --json for a command that also writes `output` (its -o): refused together with -o -, where
// the summary would be mixed into the `written` ("the model") on stdout.
CLI::Option* add_json(CLI::App& command, bool& json, const std::string& printed, const std::string& output,
                      const std::string& written);

// --verbose: each stage's time on stderr.
CLI::Option* add_verbose(CLI::App& command, bool& verbose);

// --threads N (0, the default: all cores). `work`: what the threads do ("scoring").
CLI::Option* add_threads(CLI::App& command, std::size_t& threads, const std::string& work);

// -m/--model (required): a language model, ARPA or binary.
CLI::Option* add_language_model(CLI::App& command, std::string& path);

// -m/--model (required): word vectors, word2vec binary or text.
CLI::Option* add_word_vectors(CLI::App& command, std::string& path);

// -m/--model, repeatable (required): language models, ARPA or binary.
CLI::Option* add_language_models(CLI::App& command, std::vector<std::string>& paths);

// --weights W1 W2 ...: one mixture weight per -m model, as given (CLI11 hands a list option every
// value up to the next option, so files named after the weights arrive among them: see
// MixtureWeights).
CLI::Option* add_mixture_weights(CLI::App& command, std::vector<std::string>& values);

// The values of --weights split: the first one per model are the weights, the rest (text files
// after the weights) are `files`.
struct MixtureWeights {
  std::vector<double> weights;
  std::vector<std::string> files;
};
// A usage error for a value that is not a number, too few values, or weights that are not
// positive or do not add up to 1; `files_allowed`: whether values beyond the weights may be files
// (a number there is taken as one weight too many).
Result<MixtureWeights> split_mixture_weights(const std::vector<std::string>& values, std::size_t models,
                                             bool files_allowed);

// --layout, --quantize and --space of a command that writes a model: ARPA, or a binary model
// when the output ends in .gvlm or a layout or quantization is asked for.
struct BinaryOutputFlags {
  std::string layout;
  int quantize_bits = 0;
  double space = ngram::BinaryModelOptions::kDefaultHashSpace;

  void add_to(CLI::App& command);
  // Throws a usage error for --quantize without --layout trie.
  void check() const;
  // The binary model to write for `output` (none: ARPA); a usage error for bad options.
  Result<std::optional<ngram::BinaryModelOptions>> resolve(const std::string& output) const;
};

}  // namespace gramvec::cli
