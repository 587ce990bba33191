// gramvec ngrams FILE... [--order N | --orders A-B] [--min-count C] [--top K] [--boundaries] [--json]
//                [-o OUT] [tokenizer options] [--memory SIZE]
#include <fmt/format.h>

#include <optional>
#include <utility>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/tokenizer_flags.hpp"
#include "cli/validators.hpp"
#include "gramvec/io/atomic_file.hpp"
#include "gramvec/ngram/options.hpp"
#include "gramvec/text/corpus.hpp"
#include "io/block_output.hpp"
#include "ngram/count/ngram_list.hpp"
#include "util/memory_size.hpp"

namespace gramvec::cli {

namespace {

struct NGramsArguments {
  std::vector<std::string> inputs;
  std::string output = "-";
  int order = 0;       // --order: only this order
  std::string orders;  // --orders A-B
  std::uint64_t min_count = 1;
  std::uint64_t top = 0;  // 0: --top not given (all)
  bool boundaries = false;
  bool json = false;
  bool quiet = false;
  TokenizerFlags tokenizer;
  std::size_t threads = 0;
  std::string memory;
  std::string temp_dir;
};

// The default when neither --order nor --orders is given.
constexpr std::pair<int, int> kDefaultOrders{1, 2};

// "A-B" with 1 <= A <= B <= kMaxOrder.
std::optional<std::pair<int, int>> parse_orders(const std::string& text) {
  auto dash = text.find('-');
  if (dash == std::string::npos) return std::nullopt;
  auto number = [](std::string_view part) -> std::optional<int> {
    if (part.empty() || part.size() > 2 || part.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    int value = std::stoi(std::string(part));
    if (value < 1 || value > ngram::kMaxOrder) return std::nullopt;
    return value;
  };
  auto low = number(std::string_view(text).substr(0, dash));
  auto high = number(std::string_view(text).substr(dash + 1));
  if (!low || !high || *low > *high) return std::nullopt;
  return std::pair{*low, *high};
}

CLI::Validator order_range() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (parse_orders(text)) return {};
        return fmt::format("'{}' is not a range A-B of orders with 1 <= A <= B <= {}", text, ngram::kMaxOrder);
      },
      "");
}

void check_ngrams(const NGramsArguments& arguments, const CLI::App&) {
  if (!arguments.temp_dir.empty() && arguments.memory.empty()) {
    throw CLI::ValidationError("--temp-dir", "applies with --memory only (counting in bounded memory)");
  }
}

Status run_ngrams(const NGramsArguments& arguments) {
  GRAMVEC_TRY(check_outputs(input_files(arguments.inputs, "input"), {{arguments.output, "-o"}}));
  auto corpus = arguments.tokenizer.corpus_options(text::TokenizerOptions(), arguments.quiet);
  if (!corpus) return corpus.status();
  ngram::NGramListOptions options;
  auto [low, high] = kDefaultOrders;
  if (arguments.order > 0) {
    low = high = arguments.order;
  } else if (!arguments.orders.empty()) {
    std::tie(low, high) = *parse_orders(arguments.orders);  // checked by the validator
  }
  options.min_order = low;
  options.max_order = high;
  options.min_count = arguments.min_count;
  options.top = arguments.top;
  options.boundaries = arguments.boundaries;
  options.reading.corpus = *corpus;
  options.reading.threads = arguments.threads;
  if (!arguments.memory.empty()) {
    auto memory = util::parse_memory_size(arguments.memory);
    if (!memory) return Status::usage_error("--memory " + memory.message());
    options.memory = ngram::BoundedMemoryOptions{*memory, arguments.temp_dir};
  }

  io::AtomicFileWriter out;
  GRAMVEC_TRY(out.open(arguments.output));
  std::string block;
  auto sink = [&](std::string_view text, int order, std::uint64_t count) {
    if (arguments.json) {
      append_json_line(block, Json{{"ngram", text}, {"order", order}, {"count", count}});
    } else {
      block.append(text);
      block.append(fmt::format("\t{}\n", count));
    }
    io::write_if_full(out, block, 1 << 16);
  };
  auto summary = ngram::list_ngrams(arguments.inputs, options, sink);
  if (!summary) return summary.status();
  out.write(block);
  GRAMVEC_TRY(out.commit());
  report_invalid_input("ngrams", text::invalid_input_summary(summary->corpus), arguments.quiet);
  return Status::ok();
}

}  // namespace

void add_ngrams_command(CLI::App& app, Action& action) {
  auto [command, arguments] = add_subcommand(
      app, "ngrams", "List the n-grams of a corpus with their counts (ngram<TAB>count), most frequent first", action,
      run_ngrams, check_ngrams);
  command->add_option("files", arguments->inputs, "Corpus files ('-': stdin)")->required();
  command->add_option("-o,--output", arguments->output, "Output file ('-': stdout)")->capture_default_str();
  auto* order = command->add_option("--order", arguments->order, "Only the n-grams of this order (1 to 10)")
                    ->check(whole_number_from_to(1, ngram::kMaxOrder));
  auto* orders = command->add_option("--orders", arguments->orders, "The n-grams of orders A to B, as A-B (default: 1-2)")
                     ->check(order_range());
  order->excludes(orders);
  add_whole_number(*command, "--min-count", arguments->min_count, "Leave out n-grams counted fewer times", 1);
  command->add_option("--top", arguments->top, "Only the first K n-grams of the list (default: all)")
      ->check(whole_number_at_least(1));
  command->add_flag("--boundaries", arguments->boundaries,
                    "Keep n-grams containing the sentence boundaries <s> and </s> (left out by default)");
  arguments->tokenizer.add_to(*command);
  add_threads(*command, arguments->threads, "reading, tokenizing and counting");
  command->add_option("--memory", arguments->memory,
                      "Count and sort in bounded memory: sort buffers of at most SIZE (as sort -S: 512M, 4G, 50%; a "
                      "bare number is KiB), spilling to compressed temporary files; the same list")
      ->check(memory_size_at_least(ngram::minimum_bounded_memory()));
  command->add_option("--temp-dir", arguments->temp_dir,
                      "With --memory: directory for temporary files (default: $TMPDIR or /tmp)");
  add_json(*command, arguments->json, "one object per line: {\"ngram\", \"order\", \"count\"}");
  add_quiet(*command, arguments->quiet, "warnings about invalid input");
}

}  // namespace gramvec::cli
