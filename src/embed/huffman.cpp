#include "embed/huffman.hpp"

#include <algorithm>
#include <numeric>

namespace gramvec::embed {

HuffmanTree::HuffmanTree(std::span<const std::uint64_t> counts) {
  const std::size_t words = counts.size();
  offsets_.assign(words + 1, 0);
  if (words <= 1) return;
  // Nodes 0..words-1 are leaves, words..2*words-2 inner nodes in creation order. The classic
  // two-queue construction: leaves by ascending count, and inner nodes, whose weights come out
  // in non-decreasing order, so the two smallest are always at the queues' fronts.
  std::vector<std::size_t> leaves(words);
  std::iota(leaves.begin(), leaves.end(), std::size_t{0});
  std::stable_sort(leaves.begin(), leaves.end(),
                   [&](std::size_t left, std::size_t right) { return counts[left] < counts[right]; });
  const std::size_t nodes = 2 * words - 1;
  std::vector<std::uint64_t> weight(nodes, 0);
  std::vector<std::size_t> parent(nodes, 0);
  std::vector<std::uint8_t> branch(nodes, 0);
  for (std::size_t leaf = 0; leaf < words; ++leaf) weight[leaf] = counts[leaf];
  std::size_t next_leaf = 0;
  std::size_t next_inner = words;
  auto take_smallest = [&](std::size_t created) {
    bool use_leaf = next_leaf < words && (next_inner >= created || weight[leaves[next_leaf]] <= weight[next_inner]);
    return use_leaf ? leaves[next_leaf++] : next_inner++;
  };
  for (std::size_t created = words; created < nodes; ++created) {
    std::size_t first = take_smallest(created);
    std::size_t second = take_smallest(created);
    weight[created] = weight[first] + weight[second];
    parent[first] = created;
    parent[second] = created;
    branch[second] = 1;
  }
  const std::size_t root = nodes - 1;
  std::vector<std::uint8_t> path_codes;
  std::vector<std::uint32_t> path_points;
  for (std::size_t word = 0; word < words; ++word) {
    path_codes.clear();
    path_points.clear();
    for (std::size_t node = word; node != root; node = parent[node]) {
      path_codes.push_back(branch[node]);
      path_points.push_back(static_cast<std::uint32_t>(parent[node] - words));
    }
    codes_.insert(codes_.end(), path_codes.rbegin(), path_codes.rend());
    points_.insert(points_.end(), path_points.rbegin(), path_points.rend());
    offsets_[word + 1] = codes_.size();
  }
}

}  // namespace gramvec::embed
