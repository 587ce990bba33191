#include "cli/common_options.hpp"

#include <fmt/format.h>

#include <exception>
#include <filesystem>

#include "gramvec/ngram/interpolate.hpp"

#include "cli/validators.hpp"

namespace gramvec::cli {

void add_inputs_and_output(CLI::App& command, std::vector<std::string>& inputs, const std::string& inputs_help,
                           std::string& output, const std::string& output_help) {
  command.add_option("files", inputs, inputs_help)->required();
  command.add_option("-o,--output", output, output_help)->required();
}

CLI::Option* add_quiet(CLI::App& command, bool& quiet, const std::string& silenced) {
  return command.add_flag("-q,--quiet", quiet, "No " + silenced + " on stderr");
}

CLI::Option* add_json(CLI::App& command, bool& json, const std::string& printed) {
  return command.add_flag("--json", json, "Print JSON on stdout: " + printed);
}

CLI::Option* add_json(CLI::App& command, bool& json, const std::string& printed, const std::string& output,
                      const std::string& written) {
  command.parse_complete_callback([&json, &output, written] {
    if (json && output == "-") throw CLI::ValidationError("--json", "prints on stdout, where -o - writes " + written);
  });
  return add_json(command, json, printed);
}

CLI::Option* add_verbose(CLI::App& command, bool& verbose) {
  return command.add_flag("--verbose", verbose, "Print the time of each stage on stderr");
}

CLI::Option* add_threads(CLI::App& command, std::size_t& threads, const std::string& work) {
  return command.add_option("--threads", threads, "Threads for " + work + " (default: all cores)")
      ->check(thread_limit());
}

CLI::Option* add_language_model(CLI::App& command, std::string& path) {
  return command
      .add_option("-m,--model", path,
                  "Language model: ARPA or gramvec binary (.gvlm), told apart by content ('-': stdin)")
      ->required();
}

CLI::Option* add_word_vectors(CLI::App& command, std::string& path) {
  return command
      .add_option("-m,--model", path,
                  "Word vectors: word2vec binary or text (fastText .vec), told apart by content")
      ->required();
}

CLI::Option* add_language_models(CLI::App& command, std::vector<std::string>& paths) {
  return command
      .add_option("-m,--model", paths,
                  "Language model: ARPA or gramvec binary (.gvlm), told apart by content ('-': stdin); repeat -m for a mixture")
      ->required()
      ->expected(1)  // one path each time: -m A FILE leaves FILE to the command
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

CLI::Option* add_mixture_weights(CLI::App& command, std::vector<std::string>& values) {
  return command.add_option("--weights", values, "Mixture weights, one per -m in order: each above 0, adding up to 1");
}

namespace {
bool parse_number(const std::string& text, double& value) {
  std::size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == text.size();
}
}  // namespace

Result<MixtureWeights> split_mixture_weights(const std::vector<std::string>& values, std::size_t models,
                                             bool files_allowed) {
  MixtureWeights split;
  for (const std::string& value : values) {
    double number = 0.0;
    const bool is_number = parse_number(value, number);
    if (is_number && (!files_allowed || split.weights.size() < models || !std::filesystem::exists(value))) {
      split.weights.push_back(number);  // one too many is reported below
    } else if (!is_number && files_allowed && !split.weights.empty()) {
      split.files.push_back(value);
    } else {
      return Status::usage_error(fmt::format("--weights: '{}' is not a number", value));
    }
  }
  GRAMVEC_TRY(as_usage_error(ngram::check_mixture_weights(split.weights, models)));
  return split;
}

void BinaryOutputFlags::add_to(CLI::App& command) {
  command.add_option("--layout", layout,
                     fmt::format("Write a binary model with this layout: {}", ngram::binary_layout_names()))
      ->check(accepted_by(binary_layout));
  command.add_option("--quantize", quantize_bits,
                     "Write a trie whose probabilities and backoffs are quantized to BITS (1 to 16)")
      ->check(cli::quantize_bits());
  command.add_option("--space", space, "Binary hash layout: slots per n-gram (KenLM's -p)")->capture_default_str();
}

void BinaryOutputFlags::check() const {
  if (quantize_bits != 0 && layout != "trie") throw CLI::ValidationError("--quantize", "needs --layout trie");
}

Result<std::optional<ngram::BinaryModelOptions>> BinaryOutputFlags::resolve(const std::string& output) const {
  if (!output.ends_with(".gvlm") && layout.empty() && quantize_bits == 0) return std::optional<ngram::BinaryModelOptions>();
  ngram::BinaryModelOptions binary;
  if (!layout.empty()) binary.layout = layout;
  binary.quantize_bits = quantize_bits;
  binary.space = space;
  GRAMVEC_TRY(as_usage_error(ngram::check_binary_options(binary)));
  return std::optional<ngram::BinaryModelOptions>(binary);
}

}  // namespace gramvec::cli
