#include "gramvec/ngram/count.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace gramvec::ngram {

void SentenceStream::add_sentence(std::span<const WordId> words) {
  ids.push_back(vocab::Vocabulary::kBos);
  ids.insert(ids.end(), words.begin(), words.end());
  ids.push_back(vocab::Vocabulary::kEos);
  ++sentences;
}

namespace {

// Sorts the n-grams held flat in `words` and collapses equal ones into counts.
template <int N>
void sort_and_count(NGramTable& table) {
  using Gram = std::array<WordId, N>;
  std::vector<Gram> grams(table.words.size() / N);
  std::memcpy(grams.data(), table.words.data(), grams.size() * sizeof(Gram));
  table.words.clear();
  table.words.shrink_to_fit();
  std::sort(grams.begin(), grams.end());
  table.counts.clear();
  std::size_t unique = 0;
  for (std::size_t index = 0; index < grams.size(); ++index) {
    if (unique > 0 && grams[unique - 1] == grams[index]) {
      ++table.counts.back();
    } else {
      grams[unique++] = grams[index];
      table.counts.push_back(1);
    }
  }
  grams.resize(unique);
  table.words.resize(unique * N);
  std::memcpy(table.words.data(), grams.data(), unique * sizeof(Gram));
}

template <int N>
void sort_and_count_dispatch(NGramTable& table) {
  if constexpr (N <= kMaxOrder) {
    if (table.order == N) {
      sort_and_count<N>(table);
    } else {
      sort_and_count_dispatch<N + 1>(table);
    }
  }
}

}  // namespace

std::vector<NGramTable> count_ngrams(const SentenceStream& stream, int order, std::size_t vocabulary_size) {
  std::vector<NGramTable> tables(static_cast<std::size_t>(order));
  for (int n = 1; n <= order; ++n) tables[n - 1].order = n;

  NGramTable& unigrams = tables[0];
  unigrams.counts.assign(vocabulary_size, 0);
  unigrams.words.resize(vocabulary_size);
  for (std::size_t id = 0; id < vocabulary_size; ++id) unigrams.words[id] = static_cast<WordId>(id);

  const std::vector<WordId>& ids = stream.ids;
  std::size_t sentence_start = 0;
  for (std::size_t position = 0; position < ids.size(); ++position) {
    WordId id = ids[position];
    ++unigrams.counts[id];
    if (id == vocab::Vocabulary::kBos) {
      sentence_start = position;
      continue;
    }
    std::size_t available = position - sentence_start + 1;
    for (int n = 2; n <= order && static_cast<std::size_t>(n) <= available; ++n) {
      auto& words = tables[n - 1].words;
      words.insert(words.end(), ids.begin() + static_cast<std::ptrdiff_t>(position + 1 - n),
                   ids.begin() + static_cast<std::ptrdiff_t>(position + 1));
    }
  }
  for (int n = 2; n <= order; ++n) sort_and_count_dispatch<2>(tables[n - 1]);
  return tables;
}

}  // namespace gramvec::ngram
