// Tokenizer throughput: tokenizes every line of a file and prints MB/s (input bytes per second).
// Build (after building gramvec_lib in build-tok/):
//   g++ -std=c++20 -O3 -DNDEBUG -Wall -Wextra -Wpedantic -I include bench/tokenizer_throughput.cpp build-tok/libgramvec_lib.a -licui18n -licuuc -licudata -lfmt -o /tmp/tokenizer_throughput
// Usage: tokenizer_throughput FILE ["tokenizer=word lower=0 normalize=nfkc"] [--sentences]
//   --sentences  split each line with split_sentences() and tokenize each sentence.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} FILE [\"tokenizer=word lower=0 normalize=nfkc\"] [--sentences]\n",
               argv[0]);
    return 2;
  }
  std::string description = gramvec::text::TokenizerOptions().describe();
  bool by_sentence = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--sentences") {
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
  const std::size_t tokens = count_tokens(tokenizer, corpus, by_sentence);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  fmt::print("{}{}: {} lines, {} bytes, {} tokens, {:.3f} s, {:.1f} MB/s", options->describe(),
             by_sentence ? " (by sentence)" : "", corpus.lines.size(), corpus.file_bytes, tokens,
             seconds, static_cast<double>(corpus.file_bytes) / seconds / 1e6);
  if (corpus.repaired_sequences > 0) {
    fmt::print(" ({} invalid UTF-8 sequences replaced before timing)", corpus.repaired_sequences);
  }
  fmt::print("\n");
  return 0;
}
