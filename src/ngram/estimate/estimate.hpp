// Stage 4 of estimation: probabilities and backoff weights, order by order.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gramvec/ngram/options.hpp"
#include "ngram/count/count.hpp"
#include "ngram/count/ngram_table.hpp"
#include "ngram/estimate/discount.hpp"

namespace gramvec::ngram {

struct EstimatedOrder {
  std::vector<double> probability;    // P(w | context) as the backoff model gives it
  std::vector<double> backoff;        // backoff weight; 1 where the n-gram is no context
  std::vector<std::uint8_t> is_context;
  std::vector<std::uint8_t> kept;
};

// Everything the writer needs: counts, links and the estimate for each order.
struct LanguageModelEstimate {
  EstimationOptions options;
  std::vector<NGramTable> tables;  // raw counts, tables[n-1] = order n
  std::vector<OrderDiscount> discounts;
  std::vector<EstimatedOrder> orders;
  std::vector<std::string> warnings;
  std::uint64_t sentences = 0;
  std::uint64_t tokens = 0;  // words plus one </s> per sentence
  std::vector<std::pair<std::string, double>> stage_seconds;  // wall time of each stage
};

// Runs the stages count -> adjust -> discount -> (prune) -> interpolate on `stream`, whose ids
// come from a vocabulary of `vocabulary_size` words (reserved ids as in vocab::Vocabulary).
// Counting uses up to `count_threads` threads (0: all cores).
Result<LanguageModelEstimate> estimate_language_model(const SentenceStream& stream, std::size_t vocabulary_size,
                                                      const EstimationOptions& options, std::size_t count_threads = 0);

// The stages after counting, on raw counts as count_ngrams makes them (or as read from a count
// file) for a vocabulary of `vocabulary_size` words.
Result<LanguageModelEstimate> estimate_language_model(NGramCounts raw, std::size_t vocabulary_size,
                                                      const EstimationOptions& options);

// Unigram probabilities, dense by id, from unigram counts (continuation counts for the
// Kneser-Ney methods); <s> gets 0.
std::vector<double> unigram_probabilities(const std::vector<std::uint64_t>& counts, const OrderDiscount& discount,
                                          const EstimationOptions& options);

// Checks the options alone (order range, smoothing name, k, discounts) with a message naming the option.
Status validate(const EstimationOptions& options);

}  // namespace gramvec::ngram
