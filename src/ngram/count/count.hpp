// Stage 1 of estimation: raw n-gram counts from a stream of sentences.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "ngram/count/ngram_table.hpp"

namespace gramvec::ngram {

// Sentences as word ids, each written as <s> w1 ... wk </s> back to back.
struct SentenceStream {
  std::vector<WordId> ids;
  std::uint64_t sentences = 0;
  void add_sentence(std::span<const WordId> words);
};

// Raw counts of every order with the totals the ARPA header records: what estimation starts from.
struct NGramCounts {
  std::vector<NGramTable> tables;  // tables[n-1] = order n, as count_ngrams makes them
  std::uint64_t sentences = 0;
  std::uint64_t tokens = 0;  // words plus one </s> per sentence
};

// Raw counts of every n-gram of orders 1..order that occurs in a sentence (n-grams never cross
// sentences; one <s> starts each, as in KenLM). tables[n-1] holds order n; the unigram table is
// dense: one entry per vocabulary id (count 0 for unseen words; <s> counts sentences). Orders
// are counted on up to `threads` threads (0: all cores).
std::vector<NGramTable> count_ngrams(const SentenceStream& stream, int order, std::size_t vocabulary_size,
                                     std::size_t threads = 0);

}  // namespace gramvec::ngram
