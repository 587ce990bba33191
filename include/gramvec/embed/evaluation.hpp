// Intrinsic evaluation of word vectors: analogy accuracy on questions-words.txt-style files
// and Spearman's rank correlation on word-similarity files (WordSim-353, SimLex-999).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/embed/search.hpp"
#include "gramvec/embed/vectors.hpp"
#include "gramvec/status.hpp"

namespace gramvec::embed {

// Case-insensitive word matching as gensim does it: full Unicode upper-casing (ICU).
std::string fold_case(std::string_view word);

struct AnalogySection {
  std::string name;
  std::uint64_t questions = 0;  // in the file
  std::uint64_t seen = 0;       // answered: every word in the (restricted) vocabulary
  std::uint64_t correct = 0;
  // NaN (undefined, null in JSON) when no question was answered.
  double accuracy() const {
    return seen > 0 ? static_cast<double>(correct) / static_cast<double>(seen) : std::numeric_limits<double>::quiet_NaN();
  }
};

struct AnalogyResults {
  std::vector<AnalogySection> sections;
  AnalogySection semantic{"semantic"};    // the first five sections (as word2vec's compute-accuracy)
  AnalogySection syntactic{"syntactic"};  // the others ("gram*" in questions-words.txt)
  AnalogySection total{"total"};
  std::uint64_t skipped() const { return total.questions - total.seen; }
};

struct AnalogyOptions {
  std::size_t restrict_vocab = 0;  // only the first N words (most frequent first); 0: all
  bool case_insensitive = true;
  AnalogyMethod method = AnalogyMethod::add;
};

// `questions`: lines "A B C D" (A is to B as C is to D) under ": section" headers. A question with
// a word outside the (restricted) vocabulary is skipped; the answer is the best word other than
// A, B and C among the restricted vocabulary. `unit_vectors` must be normalised.
Result<AnalogyResults> evaluate_analogies(const WordVectors& unit_vectors, std::string_view questions,
                                          const std::string& name, const AnalogyOptions& options);
Result<AnalogyResults> evaluate_analogies_file(const WordVectors& unit_vectors, const std::string& path,
                                               const AnalogyOptions& options);

struct SimilarityResults {
  double spearman = 0.0;     // NaN when undefined (see spearman_rho)
  std::uint64_t pairs = 0;  // pairs scored
  std::uint64_t oov = 0;    // pairs skipped: a word is not in the (restricted) vocabulary
  double oov_rate() const { return pairs + oov > 0 ? static_cast<double>(oov) / static_cast<double>(pairs + oov) : 0.0; }
};

struct SimilarityOptions {
  std::size_t restrict_vocab = 0;  // only the first N words (most frequent first); 0: all
  bool case_insensitive = true;
};

// Lines "word1<TAB>word2<TAB>score" ('#' lines are comments); Spearman's rho between the human
// scores and the cosines of the pairs whose words are both known (both among the first
// `restrict_vocab` words if set, as gensim's evaluate_word_pairs(restrict_vocab=N)).
Result<SimilarityResults> evaluate_similarity(const WordVectors& unit_vectors, std::string_view pairs,
                                              const std::string& name, const SimilarityOptions& options = {});
Result<SimilarityResults> evaluate_similarity_file(const WordVectors& unit_vectors, const std::string& path,
                                                   const SimilarityOptions& options = {});

// Spearman's rank correlation: Pearson's correlation of the ranks, tied values sharing their
// average rank. 0 when either side is constant or there are fewer than two pairs.
double spearman_rho(std::span<const double> first, std::span<const double> second);

}  // namespace gramvec::embed
