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
  command
      .add_option("--user-dict", user_dicts,
                  "User dictionary (jieba's format: word [count] [tag] a line): each word one token; '_' joins "
                  "the words of a phrase (new_york). Repeatable")
      ->type_name("FILE")
      ->allow_extra_args(false);
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
  // A missing file or a bad line is an error of the input (exit 1), not of the command line.
  if (!user_dicts.empty()) {
    GRAMVEC_TRY(text::load_user_dictionary(options, user_dicts));
  }
  return options;
}

Result<text::TokenizerOptions> TokenizerFlags::resolve_like(const text::TokenizerOptions& recorded, std::string_view what,
                                                            std::string_view command, bool quiet,
                                                            Recorded missing) const {
  auto resolved = resolve(recorded);
  if (!resolved) return resolved.status();
  text::TokenizerOptions& options = *resolved;
  const auto warn = [&](const std::string& message) {
    if (!quiet) {
      fmt::print(stderr, "gramvec {}: warning: {} was made with {}; {}\n", command, what,
                 text::describe_user_dictionary(recorded), message);
    }
  };
  if (!user_dicts.empty()) {
    if (options.user_dict_checksum != recorded.user_dict_checksum) {
      warn(fmt::format("tokenizing with {}", text::describe_user_dictionary(options)));
    }
    return options;
  }
  if (recorded.user_dict_checksum == 0 || recorded.user_dictionary) return options;
  text::TokenizerOptions reread = options;
  const Status status = text::load_user_dictionary(reread, recorded.user_dict_paths);
  if (missing == Recorded::require && !status.is_ok()) {
    return Status::error(fmt::format("{} was made with {}, which cannot be read ({}): give it with --user-dict",
                                     what, text::describe_user_dictionary(recorded), status.message()));
  }
  if (missing == Recorded::require && reread.user_dict_checksum != recorded.user_dict_checksum) {
    return Status::error(fmt::format("{} was made with {}, which has changed since (checksum now {:016x}): give "
                                     "--user-dict to use it as it is",
                                     what, text::describe_user_dictionary(recorded), reread.user_dict_checksum));
  }
  if (!status.is_ok()) {
    warn(fmt::format("it cannot be read ({}): tokenizing without one (give --user-dict)", status.message()));
    options.user_dict_checksum = 0;
    options.user_dict_paths.clear();
    return options;
  }
  if (reread.user_dict_checksum != recorded.user_dict_checksum) {
    warn(fmt::format("it has changed since (checksum now {:016x}): tokenizing with it as it is",
                     reread.user_dict_checksum));
  }
  return reread;
}

Result<text::CorpusOptions> TokenizerFlags::corpus_options(const text::TokenizerOptions& defaults, bool quiet) const {
  auto tokenizer = resolve(defaults);
  if (!tokenizer) return tokenizer.status();
  return corpus_options_with(*tokenizer, quiet);
}

Result<text::CorpusOptions> TokenizerFlags::model_corpus_options(const std::optional<text::TokenizerOptions>& recorded,
                                                                 std::string_view command, bool quiet) const {
  if (!recorded) return corpus_options(recorded_or_foreign(recorded), quiet);
  return corpus_options_like(*recorded, "the model", command, quiet);
}

Result<text::CorpusOptions> TokenizerFlags::corpus_options_like(const text::TokenizerOptions& recorded,
                                                                std::string_view what, std::string_view command,
                                                                bool quiet, Recorded missing) const {
  auto tokenizer = resolve_like(recorded, what, command, quiet, missing);
  if (!tokenizer) return tokenizer.status();
  return corpus_options_with(*tokenizer, quiet);
}

Result<text::CorpusOptions> TokenizerFlags::corpus_options_with(const text::TokenizerOptions& tokenizer,
                                                                bool quiet) const {
  text::CorpusOptions options;
  options.tokenizer = tokenizer;
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
