// gramvec lm convert MODEL -o MODEL.gvlm [--layout hash|trie] [--quantize BITS]: ARPA (or binary)
// to the binary format.
#include <fmt/format.h>

#include <chrono>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/validators.hpp"
#include "gramvec/ngram/model.hpp"

namespace gramvec::cli {

namespace {

struct ConvertArguments {
  std::string model_path;
  std::string output;
  std::string layout = "hash";
  int quantize_bits = 0;
  double space = ngram::BinaryModelOptions::kDefaultHashSpace;
  bool quiet = false;
  bool json = false;
};

Status run_convert(const ConvertArguments& arguments) {
  GRAMVEC_TRY(check_outputs({{arguments.model_path, "model"}}, {{arguments.output, "-o"}}));
  auto started = std::chrono::steady_clock::now();
  ngram::BinaryModelOptions options;
  options.layout = arguments.layout;
  options.quantize_bits = arguments.quantize_bits;
  options.space = arguments.space;
  GRAMVEC_TRY(as_usage_error(ngram::check_binary_options(options)));
  auto model = ngram::NGramModel::load(arguments.model_path, options);
  if (!model) return model.status();
  GRAMVEC_TRY(model->write_binary(arguments.output, options));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::vector<std::size_t> counts;
  for (int n = 1; n <= model->order(); ++n) counts.push_back(model->ngram_count(n));
  if (arguments.json) {
    print_json(Json{{"order", model->order()},
                    {"layout", arguments.layout},
                    {"quantize", arguments.quantize_bits},
                    {"ngrams", counts},
                    {"seconds", json_seconds(seconds)},
                    {"output", arguments.output}});
  } else if (!arguments.quiet) {
    std::string quantized =
        arguments.quantize_bits > 0 ? fmt::format(" quantized to {} bits", arguments.quantize_bits) : "";
    fmt::print(stderr, "gramvec lm convert: order {} model, n-grams [{}], {} layout{}, {:.2f}s -> {}\n", model->order(),
               fmt::join(counts, " "), arguments.layout, quantized, seconds, arguments.output);
  }
  return Status::ok();
}

void check_convert_arguments(const ConvertArguments& arguments, const CLI::App& /*command*/) {
  if (arguments.quantize_bits != 0 && arguments.layout != "trie") {
    throw CLI::ValidationError("--quantize", "needs --layout trie");
  }
}

}  // namespace

void add_lm_convert_command(CLI::App& lm, Action& action) {
  auto [command, arguments] =
      add_subcommand(lm, "convert", "Convert a model (ARPA) to gramvec's memory-mapped binary format", action,
                     run_convert, check_convert_arguments);
  command->add_option("model", arguments->model_path, "ARPA or binary model ('-': stdin)")->required();
  command->add_option("-o,--output", arguments->output, "Binary model to write ('-': stdout)")->required();
  command->add_option("--layout", arguments->layout,
                      "hash (open addressing, as KenLM's probing: fastest) or trie (sorted bit-packed arrays, as "
                      "KenLM's trie: smallest)")
      ->capture_default_str()
      ->check(accepted_by(binary_layout));
  command->add_option("--quantize", arguments->quantize_bits,
                      "Store probabilities and backoffs in codebooks of 2^BITS values (1 to 16; trie layout)")
      ->check(quantize_bits());
  command->add_option("--space", arguments->space, "hash layout: slots per n-gram (KenLM's -p)")->capture_default_str();
  add_quiet(*command, arguments->quiet, "summary");
  add_json(*command, arguments->json, "the summary", arguments->output, "the model");
}

}  // namespace gramvec::cli
