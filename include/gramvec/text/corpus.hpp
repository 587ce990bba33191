// Reads corpus files line by line, validates UTF-8 and hands out tokenized sentences.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"
#include "gramvec/text/tokenizer.hpp"

namespace gramvec::io {
class LineReader;
}  // namespace gramvec::io
namespace gramvec::util {
class Progress;
}  // namespace gramvec::util

namespace gramvec::text {

enum class InvalidUtf8Policy { error, replace, skip };
Result<InvalidUtf8Policy> parse_invalid_policy(std::string_view name);

struct CorpusOptions {
  TokenizerOptions tokenizer;
  bool split_sentences = false;  // one sentence per ICU sentence, not per line
  InvalidUtf8Policy on_invalid = InvalidUtf8Policy::error;
  bool show_progress = false;
};

struct CorpusStats {
  std::uint64_t lines = 0;
  std::uint64_t sentences = 0;
  std::uint64_t tokens = 0;
  std::uint64_t bytes = 0;  // of text (decompressed)
  std::uint64_t replaced_characters = 0;  // --on-invalid replace
  std::uint64_t skipped_lines = 0;        // --on-invalid skip

  void add(const CorpusStats& other);
};

// One line for stderr summarising replaced characters / skipped lines, or "" if none.
std::string invalid_input_summary(const CorpusStats& stats);

// Called once per sentence (or line) with its tokens; views valid during the call only.
using SentenceHandler = std::function<void(std::span<const std::string_view> tokens)>;

class CorpusReader {
 public:
  explicit CorpusReader(CorpusOptions options);

  // Reads every file in order ("-" is stdin), each plain or gzip/xz/zstd compressed (detected by
  // content). An empty line is a sentence with no tokens.
  Status read(const std::vector<std::string>& paths, const SentenceHandler& on_sentence);
  // Reads the lines of the plain (uncompressed) regular file `path` that start in [begin, end),
  // `begin` being a line start (from io::split_at_line_starts), without progress output; stats
  // add up over calls. A compressed file is an error (it cannot be read from the middle).
  // Error messages give line numbers within the file.
  Status read_range(const std::string& path, std::uint64_t begin, std::uint64_t end,
                    const SentenceHandler& on_sentence);
  const CorpusStats& stats() const { return stats_; }
  // One line for stderr summarising replaced characters / skipped lines, or "" if none.
  std::string invalid_input_summary() const;

 private:
  Status read_one(const std::string& path, const SentenceHandler& on_sentence, std::uint64_t total_bytes,
                  std::uint64_t& progress_before);
  // The lines of `reader`; `range_begin` is the file offset the reader started at (0 unless a
  // range of a plain file). Progress, if any, counts bytes of the file on disk: `progress_before`
  // plus the reader's file_position().
  Status read_lines(io::LineReader& reader, const SentenceHandler& on_sentence, util::Progress* progress,
                    std::uint64_t progress_before, std::uint64_t range_begin);

  CorpusOptions options_;
  Tokenizer tokenizer_;
  CorpusStats stats_;
  std::string repaired_line_;
};

}  // namespace gramvec::text
