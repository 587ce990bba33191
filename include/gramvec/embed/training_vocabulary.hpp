// The words that get vectors, taken from the shared Vocabulary: its ordinary words (ids from 3
// up, which already passed --min-count/--max-vocab) in descending count order, plus <unk> only
// when the literal token <unk> is itself frequent (PTB writes it). <s> and </s> are never
// trained. Tokens outside it are dropped from the training sentences, as word2vec does.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::embed {

class TrainingVocabulary {
 public:
  static constexpr std::uint32_t kNotTrained = 0xffffffffu;

  TrainingVocabulary() = default;
  // `literal_unknown_count`: how often the token <unk> itself occurs (it gets a vector when that
  // reaches `min_count`).
  TrainingVocabulary(const vocab::Vocabulary& vocabulary, std::uint64_t literal_unknown_count,
                     std::uint64_t min_count);
  // Words and counts given directly (a saved training state), rows in that order.
  TrainingVocabulary(std::vector<std::string> words, std::vector<std::uint64_t> counts);

  std::size_t size() const { return words_.size(); }
  const std::vector<std::string>& words() const { return words_; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  std::uint64_t total_count() const { return total_; }
  // Row of a vocabulary id, or kNotTrained.
  std::uint32_t row_of(vocab::WordId id) const { return id < row_of_id_.size() ? row_of_id_[id] : kNotTrained; }
  // Row of a token (kNotTrained when the token is dropped).
  std::uint32_t row_of_token(std::string_view token) const;
  // Row of <unk>, or kNotTrained.
  std::uint32_t unknown_row() const { return row_of(vocab::Vocabulary::kUnk); }

 private:
  void index();

  std::vector<std::string> words_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0;
  vocab::Vocabulary lookup_;                // word -> id of this object
  std::vector<std::uint32_t> row_of_id_;    // id in lookup_ -> row
};

// How subsampling of frequent words turns a word's frequency f (its count over all counted
// words) and the threshold t (--sample) into the probability of keeping one occurrence.
enum class SubsamplingRule : std::uint8_t {
  paper,     // sqrt(t / f): Mikolov et al. 2013b, eq. 5 (discarded with probability 1 - sqrt(t/f))
  word2vec,  // sqrt(t / f) + t / f: word2vec.c, gensim and fastText
};

Result<SubsamplingRule> parse_subsampling_rule(std::string_view name);
std::string_view subsampling_rule_name(SubsamplingRule rule);

// The keep probability of each word under `rule`, capped at 1. sample <= 0 keeps everything.
std::vector<float> keep_probabilities(std::span<const std::uint64_t> counts, double sample,
                                      SubsamplingRule rule = SubsamplingRule::word2vec);

}  // namespace gramvec::embed
