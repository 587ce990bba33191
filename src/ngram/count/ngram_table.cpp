#include "ngram/count/ngram_table.hpp"

#include <algorithm>
#include <bit>

namespace gramvec::ngram {

std::uint64_t hash_ngram(std::span<const WordId> ngram) {
  std::uint64_t state = 0x8445d61a4e774912ULL;
  for (WordId id : ngram) {
    state ^= id + 0x9e3779b97f4a7c15ULL + (state << 6) + (state >> 2);
    state *= 0xff51afd7ed558ccdULL;
  }
  state ^= state >> 33;
  state *= 0xc4ceb9fe1a85ec53ULL;
  state ^= state >> 33;
  return state;
}

namespace {
bool same_words(const WordId* left, const WordId* right, std::size_t length) {
  for (std::size_t i = 0; i < length; ++i) {
    if (left[i] != right[i]) return false;
  }
  return true;
}
}  // namespace

std::size_t NGramTable::context_group_end(std::size_t first) const {
  auto width = static_cast<std::size_t>(order);
  const WordId* context = words.data() + first * width;
  std::size_t last = first + 1;
  while (last < size() && same_words(context, words.data() + last * width, width - 1)) ++last;
  return last;
}

NGramIndex::NGramIndex(const NGramTable& table) : table_(&table) {
  if (table.order == 1) return;
  std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, table.size() * 2));
  slots_.assign(capacity, 0);
  std::size_t mask = capacity - 1;
  for (std::size_t index = 0; index < table.size(); ++index) {
    std::size_t slot = hash_ngram(table.ngram(index)) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<std::uint32_t>(index + 1);
  }
}

std::optional<std::size_t> NGramIndex::find(std::span<const WordId> ngram) const {
  if (table_ == nullptr) return std::nullopt;
  if (table_->order == 1) {  // unigram tables are dense: entry i is word i
    if (ngram[0] < table_->size()) return ngram[0];
    return std::nullopt;
  }
  std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash_ngram(ngram) & mask;; slot = (slot + 1) & mask) {
    std::uint32_t entry = slots_[slot];
    if (entry == 0) return std::nullopt;
    if (same_words(table_->words.data() + (entry - 1) * ngram.size(), ngram.data(), ngram.size())) return entry - 1;
  }
}

}  // namespace gramvec::ngram
