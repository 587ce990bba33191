#include "ngram/search/trie/trie_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <numeric>

#include "ngram/search/trie/codebook.hpp"

namespace gramvec::ngram {

namespace {

unsigned bits_for(std::uint64_t max_value) { return static_cast<unsigned>(std::bit_width(max_value)); }

// A column's format and, for ValueEncoding::codebook, its codebook.
struct ColumnChoice {
  ColumnFormat format;
  Codebook codebook;

  std::uint64_t encode(float value) const {
    switch (format.encoding) {
      case ValueEncoding::none: return 0;
      case ValueEncoding::float32: return std::bit_cast<std::uint32_t>(value);
      case ValueEncoding::nonpositive31: return std::bit_cast<std::uint32_t>(value) & 0x7fffffffU;
      case ValueEncoding::codebook: return codebook.index_of(value);
    }
    return 0;
  }
};

// Quantized: a codebook of 2^bits values at most. Exact: the float bits (31 when every value is
// negative or +0), or the codebook of distinct values when that takes less room (codebook
// included).
ColumnChoice choose_column(std::span<const float> values, int quantize_bits, bool probabilities) {
  ColumnChoice choice;
  if (quantize_bits > 0) {
    choice.codebook = Codebook::quantized(values, quantize_bits, probabilities);
    choice.format = {ValueEncoding::codebook, choice.codebook.index_bits()};
    return choice;
  }
  bool nonpositive = std::all_of(values.begin(), values.end(), [](float value) {
    return value < 0.0F || std::bit_cast<std::uint32_t>(value) == 0;
  });
  choice.format =
      nonpositive ? ColumnFormat{ValueEncoding::nonpositive31, 31} : ColumnFormat{ValueEncoding::float32, 32};
  Codebook exact = Codebook::exact(values);
  unsigned index_bits = exact.index_bits();
  if (index_bits <= 24) {
    std::uint64_t raw_bits = std::uint64_t{choice.format.bits} * values.size();
    std::uint64_t coded_bits = std::uint64_t{index_bits} * values.size() + (std::uint64_t{32} << index_bits);
    if (coded_bits < raw_bits) {
      choice.format = {ValueEncoding::codebook, index_bits};
      choice.codebook = std::move(exact);
    }
  }
  return choice;
}

}  // namespace

TrieBuilder::TrieBuilder(std::span<const std::size_t> counts, int quantize_bits)
    : order_(static_cast<int>(counts.size())), quantize_bits_(quantize_bits) {
  vocabulary_.reserve(counts.empty() ? 0 : counts[0]);
  unigrams_.reserve(counts.empty() ? 1 : counts[0] + 1);
  pending_.resize(counts.size() > 1 ? counts.size() - 1 : 0);
  for (std::size_t index = 1; index < counts.size(); ++index) {
    Pending& pending = pending_[index - 1];
    pending.ids.reserve(counts[index] * (index + 1));
    pending.probabilities.reserve(counts[index]);
    if (index + 1 < counts.size()) pending.backoffs.reserve(counts[index]);
    pending.lines.reserve(counts[index]);
  }
}

bool TrieBuilder::add_unigram(std::uint64_t word_hash, float log10_probability, float log10_backoff) {
  VocabularyEntry* entry = vocabulary_.insert(word_hash);
  if (entry == nullptr) return false;
  entry->id = static_cast<std::uint32_t>(unigrams_.size());
  unigrams_.push_back(TrieUnigram{log10_probability, log10_backoff, 0});
  hashes_.push_back(word_hash);
  return true;
}

void TrieBuilder::renumber_by_hash() {
  std::size_t count = unigrams_.size();
  std::vector<std::uint32_t> by_hash(count);
  std::iota(by_hash.begin(), by_hash.end(), std::uint32_t{0});
  std::sort(by_hash.begin(), by_hash.end(), [&](std::uint32_t a, std::uint32_t b) { return hashes_[a] < hashes_[b]; });
  std::vector<std::uint32_t> new_id(count);
  std::vector<TrieUnigram> unigrams(count);
  ProbingTable<VocabularyEntry> vocabulary;
  vocabulary.reserve(count);
  for (std::uint32_t id = 0; id < count; ++id) {
    std::uint32_t old_id = by_hash[id];
    new_id[old_id] = id;
    unigrams[id] = unigrams_[old_id];
    vocabulary.insert(hashes_[old_id])->id = id;
  }
  for (Pending& pending : pending_) {
    for (std::uint32_t& id : pending.ids) id = new_id[id];
  }
  unigrams_ = std::move(unigrams);
  vocabulary_ = std::move(vocabulary);
  file_order_ = std::move(by_hash);
}

std::uint32_t TrieBuilder::word_id(std::uint64_t word_hash) const {
  const VocabularyEntry* entry = vocabulary_.find(word_hash);
  return entry != nullptr ? entry->id : Trie::kNoWord;
}

void TrieBuilder::add(std::span<const std::uint32_t> ids, float log10_probability, float log10_backoff,
                      std::uint64_t line_number) {
  Pending& pending = pending_[ids.size() - 2];
  for (std::size_t k = ids.size(); k-- > 0;) pending.ids.push_back(ids[k]);
  pending.probabilities.push_back(log10_probability);
  if (static_cast<int>(ids.size()) < order_) pending.backoffs.push_back(log10_backoff);
  pending.lines.push_back(line_number);
}

Result<Trie> TrieBuilder::build(const std::string& name, const std::vector<std::string>& words) {
  renumber_by_hash();
  std::uint64_t vocabulary_size = unigrams_.size();
  // kept[n - 2]: the order-n entries that go into the trie, in trie order (indices into
  // pending_); parent_of[n - 2][j]: the position of kept entry j's parent in level n - 1.
  std::vector<std::vector<std::size_t>> kept(pending_.size());
  std::vector<std::vector<std::uint64_t>> parent_of(pending_.size());
  for (std::size_t index = 0; index < pending_.size(); ++index) {
    const Pending& pending = pending_[index];
    std::size_t n = index + 2;
    auto ngram = [&](std::size_t i) { return pending.ids.data() + i * n; };
    std::vector<std::size_t> sorted(pending.probabilities.size());
    std::iota(sorted.begin(), sorted.end(), std::size_t{0});
    std::sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
      return std::lexicographical_compare(ngram(a), ngram(a) + n, ngram(b), ngram(b) + n);
    });
    for (std::size_t j = 1; j < sorted.size(); ++j) {
      if (std::equal(ngram(sorted[j]), ngram(sorted[j]) + n, ngram(sorted[j - 1]))) {
        std::string text;
        for (std::size_t k = n; k-- > 0;) {
          text += words[file_order_[ngram(sorted[j])[k]]];
          if (k > 0) text += ' ';
        }
        return Status::error(fmt::format("{}:{}: duplicate {}-gram '{}'", name,
                                         std::max(pending.lines[sorted[j]], pending.lines[sorted[j - 1]]), n, text));
      }
    }
    // Parents: 1-grams by id; longer ones by merging with the previous order's kept entries,
    // which are sorted the same way.
    std::vector<std::size_t>& level_kept = kept[index];
    std::vector<std::uint64_t>& parents = parent_of[index];
    level_kept.reserve(sorted.size());
    parents.reserve(sorted.size());
    if (n == 2) {
      for (std::size_t i : sorted) {
        level_kept.push_back(i);
        parents.push_back(ngram(i)[0]);
      }
      continue;
    }
    const Pending& shorter = pending_[index - 1];
    const std::vector<std::size_t>& candidates = kept[index - 1];
    auto shorter_ngram = [&](std::size_t i) { return shorter.ids.data() + i * (n - 1); };
    std::size_t parent = 0;
    for (std::size_t i : sorted) {
      const std::uint32_t* context = ngram(i);
      while (parent < candidates.size() &&
             std::lexicographical_compare(shorter_ngram(candidates[parent]), shorter_ngram(candidates[parent]) + n - 1,
                                          context, context + n - 1)) {
        ++parent;
      }
      if (parent < candidates.size() && std::equal(context, context + n - 1, shorter_ngram(candidates[parent]))) {
        level_kept.push_back(i);
        parents.push_back(parent);
      }
    }
  }

  Trie trie;
  // Child ranges: first_child[p] for every entry p of a level, plus the sentinel.
  auto first_children = [&](std::size_t parent_count, const std::vector<std::uint64_t>& parents) {
    std::vector<std::uint64_t> first(parent_count + 1, 0);
    for (std::uint64_t parent : parents) ++first[parent + 1];
    std::partial_sum(first.begin(), first.end(), first.begin());
    return first;
  };
  trie.owned_unigrams_ = unigrams_;
  trie.owned_unigrams_.push_back(TrieUnigram{});
  if (!pending_.empty()) {
    auto first = first_children(vocabulary_size, parent_of[0]);
    for (std::size_t id = 0; id <= vocabulary_size; ++id) trie.owned_unigrams_[id].first_child = first[id];
  }

  unsigned word_bits = bits_for(vocabulary_size > 0 ? vocabulary_size - 1 : 0);
  std::vector<TrieLevelFormat> formats(pending_.size());
  std::vector<std::size_t> codebook_index(2 * pending_.size(), 0);
  for (std::size_t index = 0; index < pending_.size(); ++index) {
    const Pending& pending = pending_[index];
    std::size_t n = index + 2;
    bool last = index + 1 == pending_.size();
    const std::vector<std::size_t>& level_kept = kept[index];
    std::vector<float> values(level_kept.size());
    for (std::size_t j = 0; j < level_kept.size(); ++j) values[j] = pending.probabilities[level_kept[j]];
    ColumnChoice probability = choose_column(values, quantize_bits_, true);
    ColumnChoice backoff;
    std::vector<std::uint64_t> first;
    TrieLevelFormat& format = formats[index];
    format.word_bits = word_bits;
    format.probability = probability.format;
    if (!last) {
      for (std::size_t j = 0; j < level_kept.size(); ++j) values[j] = pending.backoffs[level_kept[j]];
      backoff = choose_column(values, quantize_bits_, false);
      format.backoff = backoff.format;
      first = first_children(level_kept.size(), parent_of[index + 1]);
      format.next_bits = std::max(1U, bits_for(first.back()));
    }
    BitPackedWriter writer;
    for (std::size_t j = 0; j < level_kept.size(); ++j) {
      std::size_t i = level_kept[j];
      writer.append(pending.ids[i * n + n - 1], format.word_bits);
      writer.append(probability.encode(pending.probabilities[i]), format.probability.bits);
      if (last) continue;
      writer.append(backoff.encode(pending.backoffs[i]), format.backoff.bits);
      writer.append(first[j], format.next_bits);
    }
    if (!last) {  // the sentinel: only its first child is set
      writer.append(0, format.word_bits);
      writer.append(0, format.probability.bits);
      writer.append(0, format.backoff.bits);
      writer.append(first.back(), format.next_bits);
    }
    trie.owned_levels_.push_back(std::move(writer));
    codebook_index[2 * index] = trie.owned_codebooks_.size();
    trie.owned_codebooks_.push_back(probability.codebook.padded());
    codebook_index[2 * index + 1] = trie.owned_codebooks_.size();
    trie.owned_codebooks_.push_back(backoff.codebook.padded());
  }
  for (std::size_t index = 0; index < pending_.size(); ++index) {
    bool last = index + 1 == pending_.size();
    std::uint64_t entries = kept[index].size() + (last ? 0 : 1);
    trie.levels_.emplace_back(formats[index], entries, vocabulary_size, trie.owned_levels_[index].view(),
                              trie.owned_codebooks_[codebook_index[2 * index]],
                              trie.owned_codebooks_[codebook_index[2 * index + 1]]);
  }
  trie.unigrams_ = trie.owned_unigrams_;
  trie.vocabulary_ = std::move(vocabulary_);
  pending_.clear();
  return trie;
}

}  // namespace gramvec::ngram
