// The Huffman tree over word counts that hierarchical softmax walks: frequent words get short
// codes. Inner nodes are numbered 0 .. words-2 (the root is the last); they index the rows of
// the output matrix.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace gramvec::embed {

class HuffmanTree {
 public:
  HuffmanTree() = default;
  explicit HuffmanTree(std::span<const std::uint64_t> counts);

  std::size_t words() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::size_t inner_nodes() const { return words() > 0 ? words() - 1 : 0; }
  // Branches from the root to `word`'s leaf (0 = first child, 1 = second) and the inner nodes
  // passed, root first.
  std::span<const std::uint8_t> code(std::size_t word) const {
    return {codes_.data() + offsets_[word], offsets_[word + 1] - offsets_[word]};
  }
  std::span<const std::uint32_t> points(std::size_t word) const {
    return {points_.data() + offsets_[word], offsets_[word + 1] - offsets_[word]};
  }

 private:
  std::vector<std::uint8_t> codes_;
  std::vector<std::uint32_t> points_;
  std::vector<std::size_t> offsets_;  // word w's code is [offsets_[w], offsets_[w+1])
};

}  // namespace gramvec::embed
