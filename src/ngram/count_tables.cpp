#include "gramvec/ngram/count_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <numeric>

namespace gramvec::ngram {

namespace {

template <int N>
void remap_order(const NGramTable& table, std::span<const WordId> to_new, NGramTable& result) {
  struct Entry {
    std::array<WordId, N> words;
    std::uint64_t count;
  };
  constexpr auto width = static_cast<std::size_t>(N);
  std::vector<Entry> entries(table.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const WordId* words = table.words.data() + i * width;
    for (std::size_t k = 0; k < width; ++k) entries[i].words[k] = to_new[words[k]];
    entries[i].count = table.counts[i];
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& left, const Entry& right) { return left.words < right.words; });
  result.order = N;
  result.words.clear();
  result.counts.clear();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0 && entries[i].words == entries[i - 1].words) {
      result.counts.back() += entries[i].count;
      continue;
    }
    result.words.insert(result.words.end(), entries[i].words.begin(), entries[i].words.end());
    result.counts.push_back(entries[i].count);
  }
  result.words.shrink_to_fit();
  result.counts.shrink_to_fit();
}

template <int N>
void remap_order_dispatch(const NGramTable& table, std::span<const WordId> to_new, NGramTable& result) {
  if constexpr (N <= kMaxOrder) {
    if (table.order == N) {
      remap_order<N>(table, to_new, result);
    } else {
      remap_order_dispatch<N + 1>(table, to_new, result);
    }
  }
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
  for_each_order_in_parallel(
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
  NGramTable result;
  result.order = table.order;
  remap_order_dispatch<1>(table, to_new, result);
  return result;
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

Result<CountFileContents> read_count_file(const std::string& path) {
  CountFileReader reader;
  GRAMVEC_TRY(reader.open(path));
  CountFileContents contents;
  contents.header = reader.header();
  contents.counts.sentences = contents.header.sentences;
  contents.counts.tokens = contents.header.tokens;
  auto& tables = contents.counts.tables;
  tables.resize(static_cast<std::size_t>(contents.header.order));
  for (std::size_t n = 1; n <= tables.size(); ++n) tables[n - 1].order = static_cast<int>(n);

  std::string_view word;
  std::uint64_t count = 0;
  while (reader.next_word(word, count)) {
    tables[0].words.push_back(static_cast<WordId>(contents.words.size()));
    tables[0].counts.push_back(count);
    contents.words.emplace_back(word);
  }
  std::span<const std::uint32_t> indices;
  for (std::size_t n = 2; n <= tables.size(); ++n) {
    NGramTable& table = tables[n - 1];
    while (reader.next_ngram(indices, count)) {
      table.words.insert(table.words.end(), indices.begin(), indices.end());
      table.counts.push_back(count);
    }
    GRAMVEC_TRY(reader.status());
    table.words.shrink_to_fit();
    table.counts.shrink_to_fit();
  }
  GRAMVEC_TRY(reader.finish());
  return contents;
}

Result<CountingSummary> count_corpus(const std::vector<std::string>& files, const CountingOptions& options,
                                     const std::string& output) {
  if (options.order < 1 || options.order > kMaxOrder) {
    return Status::error(fmt::format("--order {} is out of range (1 to {})", options.order, kMaxOrder));
  }
  CountingSummary summary;
  auto stage_start = std::chrono::steady_clock::now();
  auto end_stage = [&](const char* name) {
    auto now = std::chrono::steady_clock::now();
    summary.stage_seconds.emplace_back(name, std::chrono::duration<double>(now - stage_start).count());
    stage_start = now;
  };

  vocab::Vocabulary vocabulary;
  vocabulary.tokenizer = options.reading.corpus.tokenizer;
  SentenceStream stream;
  GRAMVEC_TRY(read_sentences_into(files, options.reading, vocabulary, false, stream, summary.corpus));
  end_stage("read+tokenize");

  std::vector<NGramTable> tables = count_ngrams(stream, options.order, vocabulary.size(), options.reading.threads);
  CountFileHeader& header = summary.header;
  header.order = options.order;
  header.tokenizer = options.reading.corpus.tokenizer;
  header.split_sentences = options.reading.corpus.split_sentences;
  header.sentences = stream.sentences;
  header.tokens = stream.ids.size() - stream.sentences;
  stream = SentenceStream();
  end_stage("count");

  CanonicalWords words = canonical_words(tables[0], vocabulary);
  sort_canonically(tables, words, options.reading.threads);
  end_stage("sort");

  GRAMVEC_TRY(write_canonical(tables, words, vocabulary, header, output));
  summary.entries.push_back(words.ids.size());
  for (std::size_t n = 2; n <= tables.size(); ++n) summary.entries.push_back(tables[n - 1].size());
  end_stage("write");
  return summary;
}

}  // namespace gramvec::ngram
