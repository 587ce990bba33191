#include "ngram/count/count_file_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <numeric>

#include "util/concurrency.hpp"
#include "util/order_dispatch.hpp"
#include "util/stage_clock.hpp"

namespace gramvec::ngram {

namespace {

template <int N>
struct Entry {
  std::array<WordId, N> words;
  std::uint64_t count;
};

// Sorts `entries` into a table, adding up the counts of equal n-grams; frees `entries`.
template <int N>
NGramTable table_from_entries(std::vector<Entry<N>>& entries) {
  constexpr auto width = static_cast<std::size_t>(N);
  std::sort(entries.begin(), entries.end(),
            [](const Entry<N>& left, const Entry<N>& right) { return left.words < right.words; });
  std::size_t unique = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (unique > 0 && entries[i].words == entries[unique - 1].words) {
      entries[unique - 1].count += entries[i].count;
    } else {
      entries[unique++] = entries[i];
    }
  }
  NGramTable table;
  table.order = N;
  table.words.resize(unique * width);
  table.counts.resize(unique);
  for (std::size_t i = 0; i < unique; ++i) {
    std::copy(entries[i].words.begin(), entries[i].words.end(), table.words.begin() + static_cast<std::ptrdiff_t>(i * width));
    table.counts[i] = entries[i].count;
  }
  entries = std::vector<Entry<N>>();
  return table;
}

template <int N>
NGramTable remap_order(const NGramTable& table, std::span<const WordId> to_new) {
  constexpr auto width = static_cast<std::size_t>(N);
  std::vector<Entry<N>> entries(table.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const WordId* words = table.words.data() + i * width;
    for (std::size_t k = 0; k < width; ++k) entries[i].words[k] = to_new[words[k]];
    entries[i].count = table.counts[i];
  }
  return table_from_entries<N>(entries);
}


// Reads the n-grams of order N with mapped ids and has them sorted into `table`.
template <int N>
Status load_order(CountFileReader& reader, std::span<const WordId> to_id, NGramTable& table, util::TaskGroup& sorters) {
  std::vector<Entry<N>> entries;
  std::span<const std::uint32_t> indices;
  Entry<N> entry{};
  while (reader.next_ngram(indices, entry.count)) {
    for (std::size_t k = 0; k < static_cast<std::size_t>(N); ++k) entry.words[k] = to_id[indices[k]];
    entries.push_back(entry);
  }
  GRAMVEC_TRY(reader.status());
  sorters.run([entries = std::move(entries), &table]() mutable { table = table_from_entries<N>(entries); });
  return Status::ok();
}


// The word list of a count file: the ids of `vocabulary` that occur, in byte order of their
// words, and each id's index in that list.
struct CanonicalWords {
  std::vector<WordId> ids;
  std::vector<WordId> index_of;
};

CanonicalWords canonical_words(const NGramTable& unigrams, const vocab::Vocabulary& vocabulary) {
  CanonicalWords result;
  for (WordId id = 0; id < unigrams.size(); ++id) {
    if (unigrams.counts[id] > 0) result.ids.push_back(id);
  }
  std::sort(result.ids.begin(), result.ids.end(),
            [&](WordId left, WordId right) { return vocabulary.word(left) < vocabulary.word(right); });
  result.index_of.assign(unigrams.size(), 0);
  for (std::size_t index = 0; index < result.ids.size(); ++index) {
    result.index_of[result.ids[index]] = static_cast<WordId>(index);
  }
  return result;
}

// Re-sorts orders 2.. in place into the canonical order.
void sort_canonically(std::vector<NGramTable>& tables, const CanonicalWords& words, std::size_t threads) {
  util::parallel_for(
      1, tables.size(),
      [&](std::size_t index) {
        NGramTable sorted = remap_table(tables[index], words.index_of);
        tables[index] = std::move(sorted);
      },
      threads);
}

Status write_canonical(const std::vector<NGramTable>& tables, const CanonicalWords& words,
                       const vocab::Vocabulary& vocabulary, const CountFileHeader& header, const std::string& path) {
  CountFileWriter writer;
  GRAMVEC_TRY(writer.open(path, header));
  for (WordId id : words.ids) writer.add_word(vocabulary.word(id), tables[0].counts[id]);
  for (std::size_t n = 2; n <= tables.size(); ++n) {
    const NGramTable& table = tables[n - 1];
    for (std::size_t i = 0; i < table.size(); ++i) writer.add_ngram(table.ngram(i), table.counts[i]);
  }
  return writer.commit();
}

}  // namespace

NGramTable remap_table(const NGramTable& table, std::span<const WordId> to_new) {
  return util::with_order<1, kMaxOrder>(table.order, [&](auto n) { return remap_order<decltype(n)::value>(table, to_new); });
}

Status write_count_file(std::vector<NGramTable> tables, const vocab::Vocabulary& vocabulary,
                        const CountFileHeader& header, const std::string& path, std::size_t threads) {
  if (tables.size() != static_cast<std::size_t>(header.order)) {
    return Status::error(fmt::format("{}: {} orders of counts for an order-{} count file", path, tables.size(), header.order));
  }
  CanonicalWords words = canonical_words(tables[0], vocabulary);
  sort_canonically(tables, words, threads);
  return write_canonical(tables, words, vocabulary, header, path);
}

Status CountFileLoader::open(const std::string& path) {
  GRAMVEC_TRY(reader_.open(path));
  std::string_view word;
  std::uint64_t count = 0;
  while (reader_.next_word(word, count)) {
    words_.emplace_back(word);
    word_counts_.push_back(count);
  }
  return reader_.status();
}

Result<NGramCounts> CountFileLoader::read_counts(std::span<const WordId> to_id, std::size_t vocabulary_size,
                                                 std::size_t threads) {
  if (to_id.size() != words_.size()) return Status::error(fmt::format("{}: word map of the wrong size", name()));
  for (WordId id : to_id) {
    if (id >= vocabulary_size) return Status::error(fmt::format("{}: word id {} out of range", name(), id));
  }
  NGramCounts counts;
  counts.sentences = header().sentences;
  counts.tokens = header().tokens;
  counts.tables.resize(static_cast<std::size_t>(header().order));
  NGramTable& unigrams = counts.tables[0];
  unigrams.order = 1;
  unigrams.words.resize(vocabulary_size);
  std::iota(unigrams.words.begin(), unigrams.words.end(), WordId{0});
  unigrams.counts.assign(vocabulary_size, 0);
  for (std::size_t index = 0; index < words_.size(); ++index) unigrams.counts[to_id[index]] += word_counts_[index];

  // Orders are sorted on threads of their own while the next ones are read.
  util::TaskGroup sorters(util::thread_count(threads) - 1);
  for (int n = 2; n <= header().order; ++n) {
    NGramTable& table = counts.tables[static_cast<std::size_t>(n - 1)];
    Status loaded = util::with_order<2, kMaxOrder>(
        n, [&](auto order) { return load_order<decltype(order)::value>(reader_, to_id, table, sorters); });
    GRAMVEC_TRY(loaded);
  }
  sorters.wait();
  GRAMVEC_TRY(reader_.finish());
  return counts;
}

Result<CountingSummary> count_corpus(const std::vector<std::string>& files, const CountingOptions& options,
                                     const std::string& output) {
  if (options.order < 1 || options.order > kMaxOrder) {
    return Status::error(fmt::format("--order {} is out of range (1 to {})", options.order, kMaxOrder));
  }
  CountingSummary summary;
  util::StageClock stages(summary.stage_seconds);

  vocab::Vocabulary vocabulary;
  vocabulary.tokenizer = options.reading.corpus.tokenizer;
  SentenceStream stream;
  GRAMVEC_TRY(read_sentences_into(files, options.reading, vocabulary, false, stream, summary.corpus));
  stages.end("read+tokenize");

  std::vector<NGramTable> tables = count_ngrams(stream, options.order, vocabulary.size(), options.reading.threads);
  CountFileHeader& header = summary.header;
  header.order = options.order;
  header.tokenizer = options.reading.corpus.tokenizer;
  header.split_sentences = options.reading.corpus.split_sentences;
  header.sentences = stream.sentences;
  header.tokens = stream.ids.size() - stream.sentences;
  stream = SentenceStream();
  stages.end("count");

  CanonicalWords words = canonical_words(tables[0], vocabulary);
  sort_canonically(tables, words, options.reading.threads);
  stages.end("sort");

  GRAMVEC_TRY(write_canonical(tables, words, vocabulary, header, output));
  summary.entries.push_back(words.ids.size());
  for (std::size_t n = 2; n <= tables.size(); ++n) summary.entries.push_back(tables[n - 1].size());
  stages.end("write");
  return summary;
}

}  // namespace gramvec::ngram
