// Stage 5 of estimation: the ARPA text file (KenLM, SRILM and IRSTLM read it).
#pragma once

#include <string>
#include <vector>

#include "gramvec/ngram/estimate.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

// log10 of p, with log10(0) written as -99 (SRILM's convention).
double arpa_log10(double probability);

// Writes `model` with words from `vocabulary`, atomically. `header_comments` are written as
// "# ..." lines before \data\ (KenLM and SRILM skip them).
Status write_arpa(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary,
                  const std::vector<std::string>& header_comments, const std::string& path);

// The standard comment lines: gramvec version, order, smoothing, discounts, tokenizer settings.
std::vector<std::string> describe_estimate(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary);

}  // namespace gramvec::ngram
