#include "ngram/count/count.hpp"
#include "util/order_dispatch.hpp"
#include "util/concurrency.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

namespace gramvec::ngram {

void SentenceStream::add_sentence(std::span<const WordId> words) {
  ids.push_back(vocab::Vocabulary::kBos);
  ids.insert(ids.end(), words.begin(), words.end());
  ids.push_back(vocab::Vocabulary::kEos);
  ++sentences;
}

namespace {

// All n-grams of order N in the stream (never crossing a sentence), sorted and counted.
template <int N>
void count_order(const std::vector<WordId>& ids, NGramTable& table) {
  using Gram = std::array<WordId, N>;
  std::vector<Gram> grams;
  grams.reserve(ids.size());
  std::size_t sentence_start = 0;
  for (std::size_t position = 0; position < ids.size(); ++position) {
    if (ids[position] == vocab::Vocabulary::kBos) {
      sentence_start = position;
      continue;
    }
    if (position + 1 < sentence_start + N) continue;
    Gram gram;
    std::memcpy(gram.data(), ids.data() + position + 1 - N, sizeof(Gram));
    grams.push_back(gram);
  }
  std::sort(grams.begin(), grams.end());
  table.counts.clear();
  table.counts.reserve(grams.size());
  std::size_t unique = 0;
  for (std::size_t index = 0; index < grams.size(); ++index) {
    if (unique > 0 && grams[unique - 1] == grams[index]) {
      ++table.counts.back();
    } else {
      grams[unique++] = grams[index];
      table.counts.push_back(1);
    }
  }
  table.counts.shrink_to_fit();
  table.words.resize(unique * N);
  if (unique > 0) std::memcpy(table.words.data(), grams.data(), unique * sizeof(Gram));  // (no data() when empty)
}

}  // namespace

std::vector<NGramTable> count_ngrams(const SentenceStream& stream, int order, std::size_t vocabulary_size,
                                     std::size_t threads) {
  std::vector<NGramTable> tables(static_cast<std::size_t>(order));
  for (int n = 1; n <= order; ++n) tables[n - 1].order = n;

  NGramTable& unigrams = tables[0];
  unigrams.counts.assign(vocabulary_size, 0);
  unigrams.words.resize(vocabulary_size);
  for (std::size_t id = 0; id < vocabulary_size; ++id) unigrams.words[id] = static_cast<WordId>(id);
  for (WordId id : stream.ids) ++unigrams.counts[id];

  util::parallel_for(1, tables.size(),
                             [&](std::size_t index) {
          NGramTable& table = tables[index];
          util::with_order<2, kMaxOrder>(table.order, [&](auto n) { count_order<decltype(n)::value>(stream.ids, table); });
        },
        threads);
  return tables;
}

}  // namespace gramvec::ngram
