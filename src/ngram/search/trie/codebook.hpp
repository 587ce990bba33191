// A sorted table of float values that a trie field indexes instead of holding the float itself.
// Two uses: every distinct value of a column (lossless; it pays when a column has few distinct
// values, as backoff weights do: a few thousand among hundreds of thousands of n-grams), and
// quantization to 2^bits centres (lossy, `--quantize BITS`).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace gramvec::ngram {

class Codebook {
 public:
  Codebook() = default;
  // Every distinct value, sorted (a lossless code).
  static Codebook exact(std::span<const float> values);
  // At most 2^bits centres: the distinct values themselves when there are that few. Otherwise 0
  // and -99 (log10 of 1 and SRILM's log10 of 0) keep centres of their own when present, and the
  // rest are shared by three kinds of centres, each value coded as the nearest:
  //   - half (three quarters for backoffs) are the means of equal-population bins (the values
  //     sorted and cut into bins of as many values each; KenLM's quantization): fine where most
  //     values are, which is what perplexity feels;
  //   - a quarter on an even grid of log10 values over their range: no value is far off, even in
  //     the sparse tails that equal-population bins cover with a few wide bins;
  //   - for `probabilities` (log10 p), a quarter on an even grid of probabilities: a probability
  //     near 1 is off by less than 2/2^bits in probability (< 0.01 at 8 bits).
  static Codebook quantized(std::span<const float> values, int bits, bool probabilities);

  // Bits an index takes: ceil(log2(size)), 0 for a single value.
  unsigned index_bits() const;
  // The index of the centre nearest to `value` (the value itself for an exact codebook).
  std::uint32_t index_of(float value) const;
  const std::vector<float>& centers() const { return centers_; }
  // The centres padded to 2^index_bits() entries by repeating the last one, so that any index
  // the field can hold has a value: the form stored in a binary model.
  std::vector<float> padded() const;

 private:
  explicit Codebook(std::vector<float> sorted_centers) : centers_(std::move(sorted_centers)) {}
  std::vector<float> centers_;
};

}  // namespace gramvec::ngram
