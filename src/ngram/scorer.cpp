#include "gramvec/ngram/scorer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/model_data.hpp"
#include "util/concurrency.hpp"

namespace gramvec::ngram {

namespace {
// Undefined (NaN, printed as null in JSON) when there is nothing to average over.
double perplexity_of(double log10_probability, double tokens) {
  return tokens > 0 ? std::pow(10.0, -log10_probability / tokens) : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

double SentenceScore::perplexity() const { return perplexity_of(log10_probability, static_cast<double>(tokens)); }

void EvaluationTotals::add(const SentenceScore& sentence) {
  add({1, sentence.tokens - 1, sentence.oovs, sentence.log10_probability, sentence.oov_log10_probability});
}

void EvaluationTotals::add(const EvaluationTotals& part) {
  *this = {sentences + part.sentences, words + part.words, oovs + part.oovs,
           log10_probability + part.log10_probability, oov_log10_probability + part.oov_log10_probability};
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

namespace {

// The layout's own calls, so that the word loop makes no dispatch.
template <typename Search>
SentenceScore score_with(const Search& search, const BackoffRule& rule, std::span<const std::string_view> words,
                         bool keep_tokens) {
  SentenceScore result;
  ModelState state = search.begin_sentence();
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
    hashes.push_back(search.scored_key(NGramModel::word_hash(word)));
    if (keep_tokens) tokens.push_back(word);
  }
  hashes.push_back(NGramModel::word_hash(vocab::Vocabulary::kEosWord));
  if (keep_tokens) tokens.push_back(vocab::Vocabulary::kEosWord);
  constexpr std::size_t kPrefetchAhead = 3;
  for (std::size_t position = 1; position < hashes.size() && position <= kPrefetchAhead; ++position) {
    search.prefetch(hashes, position);
  }
  for (std::size_t position = 1; position < hashes.size(); ++position) {
    if (position + kPrefetchAhead < hashes.size()) search.prefetch(hashes, position + kPrefetchAhead);
    add(keep_tokens ? tokens[position - 1] : std::string_view(), search.score(state, hashes[position], next, rule));
  }
  return result;
}

}  // namespace

SentenceScore score_sentence(const NGramModel& model, std::span<const std::string_view> words, bool keep_tokens) {
  const ModelData& data = model.data();
  return data.visit([&](const auto& search) { return score_with(search, data.backoff, words, keep_tokens); });
}

struct CorpusEvaluator::Workers {
  Workers(std::size_t threads, CorpusEvaluator& evaluator)
      : batches(
            threads, [&evaluator](Batch& batch) { return evaluator.score(batch); },
            [&evaluator](EvaluationTotals& batch) { evaluator.totals_.add(batch); }) {}
  util::OrderedParallelMap<Batch, EvaluationTotals> batches;
};

CorpusEvaluator::CorpusEvaluator(const NGramModel& model, std::size_t threads) : model_(model) {
  threads = util::thread_count(threads);
  if (threads > 1) {
    // The caller reads and tokenizes; `threads` workers score (the reading is the lighter part).
    workers_ = std::make_unique<Workers>(threads, *this);
  }
}

CorpusEvaluator::~CorpusEvaluator() = default;

void CorpusEvaluator::add(std::span<const std::string_view> words) {
  if (!workers_) {
    // On this thread: no copy, but the same batches, so the same sums.
    inline_totals_.add(score_sentence(model_, words, false));
    if (inline_totals_.sentences == kBatchSentences) {
      totals_.add(inline_totals_);
      inline_totals_ = EvaluationTotals();
    }
    return;
  }
  for (std::string_view word : words) {
    batch_.text.append(word);
    batch_.ends.push_back(batch_.text.size());
  }
  batch_.sentence_ends.push_back(batch_.ends.size());
  if (batch_.sentence_ends.size() == kBatchSentences) workers_->batches.submit(std::exchange(batch_, Batch()));
}

EvaluationTotals CorpusEvaluator::score(const Batch& batch) const {
  EvaluationTotals totals;
  std::vector<std::string_view> words;
  std::size_t word = 0;
  for (std::size_t sentence_end : batch.sentence_ends) {
    words.clear();
    for (; word < sentence_end; ++word) {
      std::size_t begin = word == 0 ? 0 : batch.ends[word - 1];
      words.emplace_back(batch.text.data() + begin, batch.ends[word] - begin);
    }
    totals.add(score_sentence(model_, words, false));
  }
  return totals;
}

EvaluationTotals CorpusEvaluator::finish() {
  if (workers_) {
    if (!batch_.sentence_ends.empty()) workers_->batches.submit(std::exchange(batch_, Batch()));
    workers_->batches.finish();
    workers_.reset();  // any later sentences are scored on this thread
  }
  if (inline_totals_.sentences > 0) totals_.add(inline_totals_);
  inline_totals_ = EvaluationTotals();
  return std::exchange(totals_, EvaluationTotals());
}

}  // namespace gramvec::ngram
