// The tokenizer options shared by every command that reads text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "gramvec/text/corpus.hpp"
#include "gramvec/text/tokenizer.hpp"

namespace gramvec::cli {

struct TokenizerFlags {
  std::string mode;       // "" when not given
  bool lower = false;
  std::string normalize;  // "" when not given
  bool sentences = false;
  std::string on_invalid = "error";

  // Adds --tokenizer (or --mode for `tokenize`), --lower, --normalize, --sentences, --on-invalid.
  void add_to(CLI::App& command, const std::string& mode_flag = "--tokenizer", bool with_sentences = true);
  // The options given, on top of `defaults` (a model's or vocabulary's recorded settings).
  Result<text::TokenizerOptions> resolve(const text::TokenizerOptions& defaults) const;
  Result<text::CorpusOptions> corpus_options(const text::TokenizerOptions& defaults, bool quiet) const;
  bool any_tokenizer_flag() const { return !mode.empty() || lower || !normalize.empty(); }
};

// The settings a model records (gramvec's), or those a foreign ARPA file is read with: whitespace
// tokens, no normalisation.
text::TokenizerOptions recorded_or_foreign(const std::optional<text::TokenizerOptions>& recorded);

// What --on-invalid replaced or skipped (`summary`; empty: nothing), on stderr as
// "gramvec <command>: <summary>" unless `quiet`.
void report_invalid_input(std::string_view command, const std::string& summary, bool quiet);

}  // namespace gramvec::cli
