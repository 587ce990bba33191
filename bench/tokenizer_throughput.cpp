// Tokenizer throughput: tokenizes every line of a file and prints MB/s (input bytes per second).
// Build (after building gramvec_lib in build-tok/):
//   g++ -std=c++20 -O3 -DNDEBUG -Wall -Wextra -Wpedantic -I include bench/tokenizer_throughput.cpp build-tok/libgramvec_lib.a -licui18n -licuuc -licudata -lfmt -o /tmp/tokenizer_throughput
// Usage: tokenizer_throughput FILE ["tokenizer=word lower=0 normalize=nfkc"] [--sentences]
//        tokenizer_throughput FILE --icu-reference
//   --sentences      split each line with split_sentences() and tokenize each sentence.
//   --icu-reference  the peer: a plain ICU word BreakIterator over each line (UTF-8 converted to
//                    a UnicodeString, as typical ICU code does), counting non-space segments.

#include <fmt/format.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gramvec/text/tokenizer.hpp"
#include "gramvec/text/utf8.hpp"

namespace {

// The whole file in memory (repaired if it is not valid UTF-8) and a view of each line.
struct Corpus {
  std::string text;
  std::vector<std::string_view> lines;
  std::size_t file_bytes = 0;
  std::size_t repaired_sequences = 0;
};

bool read_corpus(const std::string& path, Corpus& corpus) {
  std::ifstream input(path, std::ios::binary);
  if (!input) return false;
  std::ostringstream contents;
  contents << input.rdbuf();
  corpus.text = std::move(contents).str();
  corpus.file_bytes = corpus.text.size();
  if (gramvec::text::find_invalid_utf8(corpus.text).has_value()) {
    corpus.text = gramvec::text::replace_invalid_utf8(corpus.text, corpus.repaired_sequences);
  }
  const std::string_view text = corpus.text;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t newline = std::min(text.find('\n', start), text.size());
    corpus.lines.push_back(text.substr(start, newline - start));
    start = newline + 1;
  }
  return true;
}

std::size_t count_tokens(gramvec::text::Tokenizer& tokenizer, const Corpus& corpus,
                         bool by_sentence) {
  std::size_t tokens = 0;
  for (const std::string_view line : corpus.lines) {
    if (!by_sentence) {
      tokens += tokenizer.tokenize(line).size();
      continue;
    }
    for (const std::string_view sentence : tokenizer.split_sentences(line)) {
      tokens += tokenizer.tokenize(sentence).size();
    }
  }
  return tokens;
}

std::size_t count_icu_reference_tokens(const Corpus& corpus) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return 0;
  std::size_t tokens = 0;
  for (const std::string_view line : corpus.lines) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(line.data(), static_cast<int32_t>(line.size())));
    words->setText(text);
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE; end = words->next()) {
      if (words->getRuleStatus() != UBRK_WORD_NONE || !u_isUWhiteSpace(text.char32At(end - 1))) ++tokens;
    }
    words->first();
  }
  return tokens;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} FILE [\"tokenizer=word lower=0 normalize=nfkc\"] [--sentences]\n",
               argv[0]);
    return 2;
  }
  std::string description = gramvec::text::TokenizerOptions().describe();
  bool by_sentence = false;
  bool icu_reference = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--icu-reference") {
      icu_reference = true;
    } else if (argument == "--sentences") {
      by_sentence = true;
    } else {
      description = argument;
    }
  }
  const auto options = gramvec::text::TokenizerOptions::parse(description);
  if (!options) {
    fmt::print(stderr, "error: {}\n", options.message());
    return 2;
  }

  Corpus corpus;
  if (!read_corpus(argv[1], corpus)) {
    fmt::print(stderr, "error: cannot read {}\n", argv[1]);
    return 1;
  }

  gramvec::text::Tokenizer tokenizer(*options);
  const auto start = std::chrono::steady_clock::now();
  const std::size_t tokens =
      icu_reference ? count_icu_reference_tokens(corpus) : count_tokens(tokenizer, corpus, by_sentence);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  fmt::print("{}{}: {} lines, {} bytes, {} tokens, {:.3f} s, {:.1f} MB/s",
             icu_reference ? std::string("plain ICU word BreakIterator") : options->describe(),
             by_sentence ? " (by sentence)" : "", corpus.lines.size(), corpus.file_bytes, tokens,
             seconds, static_cast<double>(corpus.file_bytes) / seconds / 1e6);
  if (corpus.repaired_sequences > 0) {
    fmt::print(" ({} invalid UTF-8 sequences replaced before timing)", corpus.repaired_sequences);
  }
  fmt::print("\n");
  return 0;
}
