#include "ngram/search/trie/trie.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gramvec::ngram {

namespace {

Status check_column(const ColumnFormat& column, std::span<const float> codebook, int n, std::string_view what) {
  bool good = false;
  switch (column.encoding) {
    case ValueEncoding::none: good = column.bits == 0; break;
    case ValueEncoding::float32: good = column.bits == 32; break;
    case ValueEncoding::nonpositive31: good = column.bits == 31; break;
    case ValueEncoding::codebook: good = column.bits <= 24 && codebook.size() == (std::size_t{1} << column.bits); break;
  }
  if (!good) {
    return Status::error(fmt::format("{}-gram {}: encoding {} with {} bits", n, what,
                                     static_cast<std::uint32_t>(column.encoding), column.bits));
  }
  return Status::ok();
}

}  // namespace

TrieLevel::TrieLevel(const TrieLevelFormat& format, std::uint64_t entries, std::uint64_t vocabulary_size,
                     BitPackedArray bits,
                     std::span<const float> probability_codebook, std::span<const float> backoff_codebook)
    : format_(format),
      bits_(bits),
      probability_codebook_(probability_codebook),
      backoff_codebook_(backoff_codebook),
      probability_(format.probability, probability_codebook),
      backoff_(format.backoff, backoff_codebook),
      size_(format.next_bits > 0 && entries > 0 ? entries - 1 : entries),
      word_limit_(static_cast<double>(vocabulary_size)),
      entry_bits_(format.entry_bits()),
      probability_shift_(format.word_bits),
      backoff_shift_(format.word_bits + format.probability.bits),
      next_shift_(format.word_bits + format.probability.bits + format.backoff.bits),
      word_mask_(BitPackedArray::mask(format.word_bits)),
      probability_mask_(BitPackedArray::mask(format.probability.bits)),
      backoff_mask_(BitPackedArray::mask(format.backoff.bits)),
      next_mask_(BitPackedArray::mask(format.next_bits)) {}

std::uint64_t TrieLevel::find(std::uint64_t begin, std::uint64_t end, std::uint64_t key) const {
  // Interpolation search: ids are spread evenly over the vocabulary (trie_builder.hpp), so the
  // position of `key` between the ids just outside the range is a good guess of where it is.
  // Those ids start as the vocabulary's bounds, so the first guess reads nothing but the probe
  // (first_probe(), which prefetching uses too).
  double below = -1.0;
  double above = word_limit_;
  while (end - begin >= kScanBelow) {
    std::uint64_t pivot = interpolate(begin, end, key, below, above);
    std::uint64_t found = word(pivot);
    if (found == key) return pivot;
    if (found < key) {
      begin = pivot + 1;
      below = static_cast<double>(found);
    } else {
      end = pivot;
      above = static_cast<double>(found);
    }
  }
  for (; begin < end; ++begin) {
    std::uint64_t found = word(begin);
    if (found >= key) return found == key ? begin : kNotFound;
  }
  return kNotFound;
}

Trie Trie::borrow(std::span<const VocabularyEntry> vocabulary_slots, std::size_t vocabulary_size,
                  std::span<const TrieUnigram> unigrams, std::vector<TrieLevel> levels) {
  Trie trie;
  trie.vocabulary_.attach(vocabulary_slots.data(), vocabulary_slots.size(), vocabulary_size);
  trie.unigrams_ = unigrams;
  trie.levels_ = std::move(levels);
  return trie;
}

Status Trie::check() const {
  if (unigrams_.empty()) return Status::error("no 1-grams");
  std::uint64_t words = unigrams_.size() - 1;
  // The vocabulary: every id once, and empty slots left (or a lookup would never end).
  auto slots = vocabulary_.slots();
  if (slots.size() <= words) return Status::error("the vocabulary table has no empty slot");
  std::vector<bool> seen(words, false);
  std::uint64_t occupied = 0;
  for (const VocabularyEntry& entry : slots) {
    if (entry.key == 0) continue;
    if (entry.id >= words || seen[entry.id]) return Status::error("a vocabulary id out of range or repeated");
    seen[entry.id] = true;
    ++occupied;
  }
  if (occupied != words) return Status::error("the vocabulary table does not hold every 1-gram");

  // Child ranges: from 0, never decreasing, ending at the next level's size.
  std::uint64_t next_size = levels_.empty() ? 0 : levels_[0].size();
  if (unigrams_[0].first_child != 0 || unigrams_[words].first_child != next_size) {
    return Status::error("the 1-grams' child ranges do not cover the 2-grams");
  }
  for (std::uint64_t i = 1; i <= words; ++i) {
    if (unigrams_[i].first_child < unigrams_[i - 1].first_child) {
      return Status::error("the 1-grams' child ranges are out of order");
    }
  }
  for (std::size_t index = 0; index < levels_.size(); ++index) {
    const TrieLevel& level = levels_[index];
    const TrieLevelFormat& format = level.format();
    int n = static_cast<int>(index) + 2;
    bool last = index + 1 == levels_.size();
    GRAMVEC_TRY(check_column(format.probability, level.probability_codebook(), n, "probabilities"));
    GRAMVEC_TRY(check_column(format.backoff, level.backoff_codebook(), n, "backoffs"));
    if (format.word_bits > 32 || format.next_bits > BitPackedArray::kMaxWidth ||
        (last && (format.next_bits != 0 || format.backoff.encoding != ValueEncoding::none)) ||
        (!last && format.next_bits == 0)) {
      return Status::error(fmt::format("{}-gram field widths", n));
    }
    std::uint64_t entries = level.size() + (last ? 0 : 1);
    std::uint64_t entry_bits = format.entry_bits();
    if (entry_bits != 0 && entries > (~std::uint64_t{0} - 64) / entry_bits) {
      return Status::error(fmt::format("{}-gram count", n));
    }
    if (level.bits().bytes().size() < BitPackedArray::bytes_for(entries * entry_bits)) {
      return Status::error(fmt::format("the {}-gram array is shorter than its entries", n));
    }
    if (last) continue;
    next_size = levels_[index + 1].size();
    if (level.first_child(0) != 0 || level.first_child(level.size()) != next_size) {
      return Status::error(fmt::format("the {}-grams' child ranges do not cover the {}-grams", n, n + 1));
    }
    std::uint64_t previous = 0;
    for (std::uint64_t i = 1; i <= level.size(); ++i) {
      std::uint64_t first = level.first_child(i);
      if (first < previous) return Status::error(fmt::format("the {}-grams' child ranges are out of order", n));
      previous = first;
    }
  }
  return Status::ok();
}

}  // namespace gramvec::ngram
