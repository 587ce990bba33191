// Phrase (collocation) discovery as word2vec.c's word2phrase and gensim's Phrases do it: adjacent
// tokens that occur together far more often than chance are joined into one token, and further
// passes over the joined text build longer phrases. On text written without spaces (Chinese,
// Japanese, Thai…) the same counts discover words from characters or short dictionary words.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::text {

enum class PhraseScorer {
  // (c(ab) - min_count) / (c(a) c(b)) * N, as word2phrase: a pair needs c(a), c(b) and c(ab) all
  // >= min_count. Unbounded: the default threshold is word2phrase's 100.
  word2phrase,
  // gensim's normalised pointwise mutual information ln(p(ab) / (p(a) p(b))) / -ln(p(ab)), with
  // p(x) = c(x) / N, for pairs with c(ab) >= min_count. In (-1, 1]: 1 means a and b only ever
  // occur together.
  npmi,
};

std::string_view scorer_name(PhraseScorer scorer);
Result<PhraseScorer> parse_scorer(std::string_view name);

struct PhraseOptions {
  PhraseScorer scorer = PhraseScorer::word2phrase;
  std::uint64_t min_count = 5;
  // A pair is joined when its score is strictly above the threshold. The same threshold serves
  // every pass: the counts of each pass are those of the text the pass reads, so a pair must be
  // as strong a collocation in pass 2 as in pass 1 (word2vec's demo lowers it from 200 to 100;
  // pass --threshold to choose).
  double threshold = 100.0;
  // Pass k reads what pass k-1 wrote: up to 2^k tokens in one phrase.
  int passes = 1;

  static double default_threshold(PhraseScorer scorer);  // 100 (word2phrase), 0.5 (npmi)
  static constexpr int kMaxPasses = 10;
  // A usage error naming the option: min_count < 1, passes outside 1..kMaxPasses, a threshold
  // that is not finite, below 0 for word2phrase or outside (-1, 1] for npmi.
  Status check() const;
};

// The counts a pair is scored from: c(a), c(b), c(ab) and N, the number of tokens in the text.
struct PairCounts {
  std::uint64_t left = 0;
  std::uint64_t right = 0;
  std::uint64_t pair = 0;
  std::uint64_t total = 0;
};

// The pair's score, or nothing when its counts are too small to score it (below min_count).
std::optional<double> phrase_score(const PhraseOptions& options, const PairCounts& counts);

// Whether `left` and `right` are written together without a separator: when the character on
// either side of the seam (the last of `left`, the first of `right`) belongs to a script written
// without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar, Tibetan) or is
// an ideograph.
bool joins_without_separator(std::string_view left, std::string_view right);
// "new" + "york" -> "new_york", "宋" + "江" -> "宋江", "new_york" + "city" -> "new_york_city".
std::string join_phrase(std::string_view left, std::string_view right);

struct Phrase {
  std::string text;
  std::uint64_t count = 0;  // times joined, i.e. occurrences in the final text
  double score = 0.0;       // of the join that made it (the highest, if several pairs make it)
};

struct PhraseSummary {
  std::uint64_t sentences = 0;
  std::uint64_t tokens = 0;                   // of the text read
  std::uint64_t final_tokens = 0;             // after the last pass
  std::vector<std::uint64_t> joins_per_pass;  // pairs joined in each pass
};

// Collects tokenized sentences, then joins phrases in passes.
//
// The text is kept in memory as one 32-bit token id per token (the distinct tokens once), so that
// passes re-count the joined text without re-reading and re-tokenizing the corpus; unigram counts
// live in a vector, pair counts in a hash map holding only pairs of tokens seen min_count times.
class PhraseLearner {
 public:
  explicit PhraseLearner(PhraseOptions options);

  // One sentence (or line): pairs never span two sentences. An empty one is fine.
  void add_sentence(std::span<const std::string_view> tokens);

  // Runs the passes (call it once, after the last sentence); the phrases of the final text, most
  // frequent first, ties by bytes.
  std::vector<Phrase> learn();
  const PhraseSummary& summary() const { return summary_; }
  // Tokens of the final text that the phrases would cut when read back as a user dictionary,
  // most frequent first, ties by bytes; the score is 0. A dictionary finds phrases written
  // without separators (宋江, not new_york) in the text as written, the longest at the leftmost
  // position: 智深 would cut 鲁智深 (one token here) into 鲁 智深, and 备细 would cut 刘备 细 into
  // 刘 备细. Listed too, such words keep their tokens (found until none is cut). Call after learn().
  std::vector<Phrase> words_kept_whole() const;
  // The text as joined so far (after learn(): the final text), sentence by sentence in order;
  // the views are valid during the call.
  void for_each_sentence(const std::function<void(std::span<const std::string_view> tokens)>& handler) const;

 private:
  using TokenId = std::uint32_t;
  struct JoinedPair {
    TokenId phrase;
    double score;
  };

  TokenId intern(std::string_view text);
  // One pass: counts the current text, joins pairs scoring above the threshold left to right
  // (a joined pair's second token cannot start another pair in the same pass).
  std::uint64_t run_pass();
  std::unordered_map<std::uint64_t, JoinedPair> joinable_pairs() const;

  PhraseOptions options_;
  std::deque<std::string> texts_;  // by token id; a deque, so that the views below stay valid
  std::unordered_map<std::string_view, TokenId> ids_;
  std::vector<TokenId> tokens_;           // every sentence's tokens, one after another
  std::vector<bool> joined_;              // tokens_[i] came out of a join
  std::vector<std::uint64_t> sentence_ends_;  // offset in tokens_ after each sentence
  std::unordered_map<TokenId, double> phrase_scores_;
  PhraseSummary summary_;
};

}  // namespace gramvec::text
