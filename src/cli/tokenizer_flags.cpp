#include "cli/tokenizer_flags.hpp"

#include <fmt/format.h>

#include "cli/validators.hpp"
#include "util/progress.hpp"

namespace gramvec::cli {

void TokenizerFlags::add_to(CLI::App& command, const std::string& mode_flag, bool with_sentences) {
  command.add_option(mode_flag, mode, "Tokenizer: word (ICU word boundaries, dictionary segmentation for CJK/Thai), "
                                      "char (grapheme clusters) or space (Unicode whitespace)")
      ->check(accepted_by(text::parse_mode));
  command.add_flag("--lower", lower, "Full Unicode case folding");
  command.add_option("--normalize", normalize, "Unicode normalisation: nfkc (default), nfc or none")
      ->check(accepted_by(text::parse_normalization));
  if (with_sentences) command.add_flag("--sentences", sentences, "One sentence per ICU sentence, not per line");
  command.add_option("--on-invalid", on_invalid, "Invalid UTF-8: error (default), replace (U+FFFD) or skip the line")
      ->capture_default_str()
      ->check(accepted_by(text::parse_invalid_policy));
}

Result<text::TokenizerOptions> TokenizerFlags::resolve(const text::TokenizerOptions& defaults) const {
  text::TokenizerOptions options = defaults;
  if (!mode.empty()) {
    auto parsed = text::parse_mode(mode);
    if (!parsed) return as_usage_error(parsed.status());
    options.mode = *parsed;
  }
  if (lower) options.lower = true;
  if (!normalize.empty()) {
    auto parsed = text::parse_normalization(normalize);
    if (!parsed) return as_usage_error(parsed.status());
    options.normalize = *parsed;
  }
  return options;
}

Result<text::CorpusOptions> TokenizerFlags::corpus_options(const text::TokenizerOptions& defaults, bool quiet) const {
  text::CorpusOptions options;
  auto tokenizer = resolve(defaults);
  if (!tokenizer) return tokenizer.status();
  options.tokenizer = *tokenizer;
  options.split_sentences = sentences;
  auto policy = text::parse_invalid_policy(on_invalid);
  if (!policy) return as_usage_error(policy.status());
  options.on_invalid = *policy;
  options.show_progress = !quiet && util::Progress::stderr_is_terminal();
  return options;
}

text::TokenizerOptions recorded_or_foreign(const std::optional<text::TokenizerOptions>& recorded) {
  if (recorded) return *recorded;
  text::TokenizerOptions foreign;
  foreign.mode = text::TokenizerMode::space;
  foreign.normalize = text::Normalization::none;
  return foreign;
}

void report_invalid_input(std::string_view command, const std::string& summary, bool quiet) {
  if (!summary.empty() && !quiet) fmt::print(stderr, "gramvec {}: {}\n", command, summary);
}

}  // namespace gramvec::cli
