// Builds a Trie (see trie.hpp) from a model's n-grams as ARPA lists them: collects them, sorts
// each order by its words from the newest to the oldest, links every n-gram to its parent and
// packs the levels, choosing each column's encoding.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gramvec/status.hpp"
#include "ngram/search/trie/trie.hpp"

namespace gramvec::ngram {

class TrieBuilder {
 public:
  // `counts`: the n-grams to expect per order (ARPA's header; only used to reserve memory and
  // size the vocabulary table). `quantize_bits`: 0 keeps every value exact; 1 .. 16 stores the
  // probabilities and backoffs of orders 2 and up as indices into codebooks of 2^bits values.
  TrieBuilder(std::span<const std::size_t> counts, int quantize_bits);

  // The 1-grams, in file order; false if the word is there already.
  bool add_unigram(std::uint64_t word_hash, float log10_probability, float log10_backoff);
  std::uint32_t word_id(std::uint64_t word_hash) const;  // Trie::kNoWord if absent
  // An n-gram of 2 or more words, given as ids oldest first (as ARPA writes them).
  void add(std::span<const std::uint32_t> ids, float log10_probability, float log10_backoff,
           std::uint64_t line_number);

  // Sorts, links and packs. An n-gram whose newest n-1 words are not an (n-1)-gram of the model
  // is left out: scoring never reaches it (as with the hash layout, whose lookups stop at the
  // first missing suffix). Fails on a duplicate n-gram, naming its line in `name`; `words` (the
  // 1-grams) spell it out.
  Result<Trie> build(const std::string& name, const std::vector<std::string>& words);

 private:
  // An order's n-grams as they came: ids newest first, values, line numbers.
  struct Pending {
    std::vector<std::uint32_t> ids;
    std::vector<float> probabilities;
    std::vector<float> backoffs;
    std::vector<std::uint64_t> lines;
  };

  // Word ids become the rank of the word's hash: spread evenly over every group of children,
  // whatever the file's order (often by frequency), which interpolation search needs.
  void renumber_by_hash();

  int order_;
  int quantize_bits_;
  ProbingTable<VocabularyEntry> vocabulary_;
  std::vector<TrieUnigram> unigrams_;
  std::vector<std::uint64_t> hashes_;      // by id
  std::vector<std::uint32_t> file_order_;  // after renumbering: the position in the file of each id
  std::vector<Pending> pending_;           // index n - 2
};

}  // namespace gramvec::ngram
