// Where estimation writes a model, order by order: ARPA text (arpa_writer.hpp) or a binary
// model in one of the layouts (binary_model_writer.cpp), built from the estimated n-grams
// directly, with the same values the ARPA file holds.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "gramvec/status.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

struct LanguageModelEstimate;

class ModelWriter {
 public:
  virtual ~ModelWriter() = default;
  // A hint that the caller produces lines fast enough for a writer thread to pay.
  virtual void use_background_thread(bool /*background*/) {}
  // `header_comments` describe the model (written as "# ..." lines before \data\ in ARPA);
  // counts[n-1] is the number of entries order n will have.
  virtual Status open(const std::vector<std::string>& header_comments, std::span<const std::uint64_t> counts,
                      const vocab::Vocabulary& vocabulary) = 0;
  virtual void begin_order(int n) = 0;
  // One entry: its probability, its words (ids of the vocabulary), and its backoff weight unless
  // null. Errors are reported by commit().
  virtual void add(double probability, std::span<const vocab::WordId> words, const double* backoff) = 0;
  // Completes the output (atomically).
  virtual Status commit() = 0;
};

// ARPA at `path` ("-": stdout), or a binary model when `binary` is given.
std::unique_ptr<ModelWriter> make_model_writer(const std::string& path, const std::optional<BinaryModelOptions>& binary);
// A writer that writes nothing: its commit() sets `bytes` to the size of the binary model that
// make_model_writer would write with `binary` (for searching a pruning threshold by file size).
std::unique_ptr<ModelWriter> make_model_sizer(const BinaryModelOptions& binary, std::uint64_t& bytes);

// log10 of p, with log10(0) written as -99 (SRILM's convention).
double arpa_log10(double probability);

// Every kept n-gram of `model`, with the standard header comments (describe_estimate).
Status write_estimate(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary, ModelWriter& out);

// The standard comment lines: gramvec version, order, smoothing, discounts, tokenizer settings.
std::vector<std::string> describe_estimate(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary);

}  // namespace gramvec::ngram
