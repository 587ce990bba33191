// The tokenizer options shared by every command that reads text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  std::vector<std::string> user_dicts;  // --user-dict, in order

  // Adds --tokenizer (or --mode for `tokenize`), --lower, --normalize, --user-dict, --sentences,
  // --on-invalid.
  void add_to(CLI::App& command, const std::string& mode_flag = "--tokenizer", bool with_sentences = true);
  // The options given, on top of `defaults`; the --user-dict files are read. A user dictionary
  // recorded in `defaults` is kept as recorded, not read.
  Result<text::TokenizerOptions> resolve(const text::TokenizerOptions& defaults) const;
  // How resolve_like() takes a recorded user dictionary that cannot be read again as it was.
  enum class Recorded {
    warn,     // reading text with a model: warn, and go on without it (or with it as it is now)
    require,  // training on (a vocabulary, a training state): an error unless --user-dict is given
  };
  // The same, to tokenize text as a file made with `recorded` did: without --user-dict, the
  // recorded user dictionary is read again from its path. A --user-dict other than the recorded
  // one is warned about on stderr unless `quiet`, as "gramvec <command>: warning: <what> was made
  // with ..."; a recorded one that cannot be read, or has changed, as `missing` says.
  Result<text::TokenizerOptions> resolve_like(const text::TokenizerOptions& recorded, std::string_view what,
                                              std::string_view command, bool quiet,
                                              Recorded missing = Recorded::warn) const;
  Result<text::CorpusOptions> corpus_options(const text::TokenizerOptions& defaults, bool quiet) const;
  // corpus_options() with the tokenizer of resolve_like().
  Result<text::CorpusOptions> corpus_options_like(const text::TokenizerOptions& recorded, std::string_view what,
                                                  std::string_view command, bool quiet,
                                                  Recorded missing = Recorded::warn) const;
  // corpus_options() for text scored by a model: `recorded` its settings (none: a foreign ARPA
  // file, read as whitespace-split text), checked as resolve_like() does.
  Result<text::CorpusOptions> model_corpus_options(const std::optional<text::TokenizerOptions>& recorded,
                                                   std::string_view command, bool quiet) const;
  bool any_tokenizer_flag() const { return !mode.empty() || lower || !normalize.empty() || !user_dicts.empty(); }

 private:
  Result<text::CorpusOptions> corpus_options_with(const text::TokenizerOptions& tokenizer, bool quiet) const;
};

// The settings a model records (gramvec's), or those a foreign ARPA file is read with: whitespace
// tokens, no normalisation.
text::TokenizerOptions recorded_or_foreign(const std::optional<text::TokenizerOptions>& recorded);

// Whether `a` and `b` agree but for their user dictionaries (which resolve_like() warns about).
inline bool same_but_user_dictionary(text::TokenizerOptions a, const text::TokenizerOptions& b) {
  a.user_dict_checksum = b.user_dict_checksum;
  return a == b;
}

// What --on-invalid replaced or skipped (`summary`; empty: nothing), on stderr as
// "gramvec <command>: <summary>" unless `quiet`.
void report_invalid_input(std::string_view command, const std::string& summary, bool quiet);

}  // namespace gramvec::cli
