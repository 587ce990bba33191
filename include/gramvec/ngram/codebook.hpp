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
  // At most 2^bits centres: the distinct values themselves when there are that few; otherwise
  // 0 and -99 (log10 of 1 and SRILM's log10 of 0) kept exact when present and the other values
  // cut into equal-population bins (sorted; each bin as many values as the next), each bin's
  // centre the mean of its values (KenLM's quantization).
  static Codebook quantized(std::span<const float> values, int bits);

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
