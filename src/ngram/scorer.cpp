#include "gramvec/ngram/scorer.hpp"

#include <cmath>
#include <limits>

#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

namespace {
// Undefined (NaN, printed as null in JSON) when there is nothing to average over.
double perplexity_of(double log10_probability, double tokens) {
  return tokens > 0 ? std::pow(10.0, -log10_probability / tokens) : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

double SentenceScore::perplexity() const { return perplexity_of(log10_probability, static_cast<double>(tokens)); }

void EvaluationTotals::add(const SentenceScore& sentence) {
  ++sentences;
  words += sentence.tokens - 1;
  oovs += sentence.oovs;
  log10_probability += sentence.log10_probability;
  oov_log10_probability += sentence.oov_log10_probability;
}

double EvaluationTotals::perplexity() const {
  return perplexity_of(log10_probability, static_cast<double>(tokens()));
}

double EvaluationTotals::perplexity_excluding_oovs() const {
  return perplexity_of(log10_probability - oov_log10_probability, static_cast<double>(tokens() - oovs));
}

double EvaluationTotals::srilm_ppl() const {
  return perplexity_of(log10_probability - oov_log10_probability, static_cast<double>(words - oovs + sentences));
}

double EvaluationTotals::srilm_ppl1() const {
  return perplexity_of(log10_probability - oov_log10_probability, static_cast<double>(words - oovs));
}

SentenceScore score_sentence(const NGramModel& model, std::span<const std::string_view> words, bool keep_tokens) {
  SentenceScore result;
  ModelState state = model.begin_sentence();
  ModelState next;
  auto add = [&](std::string_view token, const WordScore& score) {
    result.log10_probability += score.log10_probability;
    ++result.tokens;
    if (score.oov) {
      ++result.oovs;
      result.oov_log10_probability += score.log10_probability;
    }
    if (keep_tokens) result.per_token.push_back(TokenScore{std::string(token), score});
    state = next;
  };
  // Hashes of <s>, the words and </s>; sentence markers in the text are not words (as in
  // training, <s> and </s> are implied).
  std::vector<std::uint64_t> hashes;
  std::vector<std::string_view> tokens;
  hashes.reserve(words.size() + 2);
  hashes.push_back(NGramModel::word_hash(vocab::Vocabulary::kBosWord));
  for (std::string_view word : words) {
    if (word == vocab::Vocabulary::kBosWord || word == vocab::Vocabulary::kEosWord) continue;
    hashes.push_back(model.scored_hash(NGramModel::word_hash(word)));
    if (keep_tokens) tokens.push_back(word);
  }
  hashes.push_back(NGramModel::word_hash(vocab::Vocabulary::kEosWord));
  if (keep_tokens) tokens.push_back(vocab::Vocabulary::kEosWord);
  constexpr std::size_t kPrefetchAhead = 3;
  for (std::size_t position = 1; position < hashes.size() && position <= kPrefetchAhead; ++position) {
    model.prefetch(hashes, position);
  }
  for (std::size_t position = 1; position < hashes.size(); ++position) {
    if (position + kPrefetchAhead < hashes.size()) model.prefetch(hashes, position + kPrefetchAhead);
    add(keep_tokens ? tokens[position - 1] : std::string_view(), model.score_hash(state, hashes[position], next));
  }
  return result;
}

}  // namespace gramvec::ngram
