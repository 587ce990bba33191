// Sentence scores and corpus perplexity with KenLM's and SRILM's conventions.
#pragma once

#include <cstdint>
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
  std::uint64_t tokens() const { return words + sentences; }
  double perplexity() const;                   // KenLM: over all tokens, OOVs as <unk>
  double perplexity_excluding_oovs() const;    // KenLM: OOV tokens left out
  double srilm_ppl() const;                    // SRILM ppl: OOVs skipped, </s> counted
  double srilm_ppl1() const;                   // SRILM ppl1: OOVs skipped, </s> not counted
};

// Scores one sentence (its words, without <s>/</s>).
SentenceScore score_sentence(const NGramModel& model, std::span<const std::string_view> words, bool keep_tokens);

}  // namespace gramvec::ngram
