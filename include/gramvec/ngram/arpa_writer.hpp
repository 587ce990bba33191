// Stage 5 of estimation: the ARPA text file (KenLM, SRILM and IRSTLM read it).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gramvec/io/atomic_file.hpp"
#include "gramvec/ngram/estimate.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

// log10 of p, with log10(0) written as -99 (SRILM's convention).
double arpa_log10(double probability);

// Writes an ARPA file front to back, atomically: the header, then each order's lines in turn.
class ArpaStreamWriter {
 public:
  // `header_comments` are written as "# ..." lines before \data\ (KenLM and SRILM skip them);
  // counts[n-1] is the number of lines order n will have.
  Status open(const std::string& path, const std::vector<std::string>& header_comments,
              std::span<const std::uint64_t> counts);
  void begin_order(int n);
  // One line: log10 of `probability`, the words, and log10 of *backoff unless it is null.
  void add(double probability, std::span<const WordId> words, const vocab::Vocabulary& vocabulary,
           const double* backoff);
  Status commit();

 private:
  void flush();
  io::AtomicFileWriter out_;
  fmt::memory_buffer buffer_;
};

// Writes `model` with words from `vocabulary`, atomically. `header_comments` are written as
// "# ..." lines before \data\ (KenLM and SRILM skip them).
Status write_arpa(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary,
                  const std::vector<std::string>& header_comments, const std::string& path);

// The standard comment lines: gramvec version, order, smoothing, discounts, tokenizer settings.
std::vector<std::string> describe_estimate(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary);

}  // namespace gramvec::ngram
