// The words that get vectors, taken from the shared Vocabulary: its ordinary words (ids from 3
// up, which already passed --min-count/--max-vocab) in descending count order, plus <unk> only
// when the literal token <unk> is itself frequent (PTB writes it). <s> and </s> are never
// trained. Tokens outside it are dropped from the training sentences, as word2vec does.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

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

// word2vec's subsampling of frequent words (Mikolov et al. 2013b as implemented in word2vec.c):
// a word seen f times among `total` is kept with probability (sqrt(f/(s*total)) + 1) * s*total/f,
// capped at 1. sample <= 0 keeps everything.
std::vector<float> keep_probabilities(std::span<const std::uint64_t> counts, double sample);

}  // namespace gramvec::embed
