// Sentence scores and corpus perplexity with KenLM's and SRILM's conventions.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/ngram/model.hpp"

namespace gramvec::ngram {

struct TokenScore {
  std::string token;
  WordScore score;
};

struct SentenceScore {
  double log10_probability = 0.0;  // including </s> and OOVs (scored as <unk>)
  double oov_log10_probability = 0.0;
  std::size_t tokens = 0;          // words plus </s>
  std::size_t oovs = 0;
  std::vector<TokenScore> per_token;  // filled when asked for; the last one is </s>
  double perplexity() const;
};

// Totals over a corpus.
struct EvaluationTotals {
  std::uint64_t sentences = 0;
  std::uint64_t words = 0;   // not counting </s>
  std::uint64_t oovs = 0;
  double log10_probability = 0.0;  // including OOVs scored as p(<unk>)
  double oov_log10_probability = 0.0;

  void add(const SentenceScore& sentence);
  void add(const EvaluationTotals& part);
  std::uint64_t tokens() const { return words + sentences; }
  double perplexity() const;                   // KenLM: over all tokens, OOVs as <unk>
  double perplexity_excluding_oovs() const;    // KenLM: OOV tokens left out
  double srilm_ppl() const;                    // SRILM ppl: OOVs skipped, </s> counted
  double srilm_ppl1() const;                   // SRILM ppl1: OOVs skipped, </s> not counted
};

// Scores one sentence (its words, without <s>/</s>).
SentenceScore score_sentence(const NGramModel& model, std::span<const std::string_view> words, bool keep_tokens);

// Scores a corpus on several threads: sentences are copied into batches of a fixed number of
// sentences, batches are scored on worker threads, and their totals are added in input order,
// so the figures are the same (to the last bit) whatever the number of threads.
class CorpusEvaluator {
 public:
  // threads: 0 for all cores; 1 scores on the caller's thread.
  CorpusEvaluator(const NGramModel& model, std::size_t threads);
  ~CorpusEvaluator();
  CorpusEvaluator(const CorpusEvaluator&) = delete;
  CorpusEvaluator& operator=(const CorpusEvaluator&) = delete;

  // One sentence's words (without <s>/</s>); they are copied.
  void add(std::span<const std::string_view> words);
  // The totals of every sentence added.
  EvaluationTotals finish();

  static constexpr std::size_t kBatchSentences = 256;

 private:
  struct Batch {
    std::string text;                 // the words, back to back
    std::vector<std::size_t> ends;    // end of each word in text
    std::vector<std::size_t> sentence_ends;  // end of each sentence in ends
  };
  EvaluationTotals score(const Batch& batch) const;

  const NGramModel& model_;
  Batch batch_;
  // The totals of every batch, added in batch order.
  EvaluationTotals totals_;
  // Scoring on the caller's thread: the totals of the batch being read.
  EvaluationTotals inline_totals_;
  // Scoring on worker threads (none with one thread): batches in order through the workers.
  struct Workers;
  std::unique_ptr<Workers> workers_;
};

}  // namespace gramvec::ngram
