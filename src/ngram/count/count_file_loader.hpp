// Count files and the in-memory tables of stage 1: counting a corpus into a count file, and
// reading a count file back as the tables estimation starts from.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gramvec/ngram/count_file.hpp"
#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/count/count.hpp"
#include "ngram/count/sentence_reader.hpp"

namespace gramvec::ngram {

// Reads a count file for estimation: first the header and the word list (from which the caller
// chooses the vocabulary), then the n-grams, each word index replaced by its id in that
// vocabulary, as count_ngrams would have counted them with those ids.
class CountFileLoader {
 public:
  // Opens `path` ("-": stdin) and reads its header and word list.
  Status open(const std::string& path);
  const CountFileHeader& header() const { return reader_.header(); }
  const std::string& name() const { return reader_.name(); }
  const std::vector<std::string>& words() const { return words_; }  // in byte order
  const std::vector<std::uint64_t>& word_counts() const { return word_counts_; }

  // The counts of every order with word i of the list as id to_id[i] of a vocabulary of
  // `vocabulary_size` words: sorted, the counts of n-grams that became equal added up, the
  // unigram table dense. Orders are sorted on up to `threads` threads (0: all cores) while the
  // next ones are read. Checks the rest of the file (order, indices, checksum).
  Result<NGramCounts> read_counts(std::span<const WordId> to_id, std::size_t vocabulary_size, std::size_t threads = 0);
  // The reader, positioned at the n-grams of order 2, for callers that read them one at a time.
  CountFileReader& reader() { return reader_; }

 private:
  CountFileReader reader_;
  std::vector<std::string> words_;
  std::vector<std::uint64_t> word_counts_;
};

// `table` with every id replaced by to_new[id], sorted, the counts of entries that became equal
// added up.
NGramTable remap_table(const NGramTable& table, std::span<const WordId> to_new);

// Writes raw counts (as count_ngrams makes them, with ids of `vocabulary`) as a count file in
// the canonical order; words with count 0 are left out. Orders are re-sorted on up to `threads`
// threads (0: all cores). `header` gives everything but the n-grams.
Status write_count_file(std::vector<NGramTable> tables, const vocab::Vocabulary& vocabulary,
                        const CountFileHeader& header, const std::string& path, std::size_t threads = 0);

struct CountingOptions {
  int order = 3;
  SentenceReadOptions reading;  // tokenizer, sentence splitting, invalid UTF-8, threads
};

struct CountingSummary {
  CountFileHeader header;
  std::vector<std::uint64_t> entries;  // entries[n-1]: words (n = 1) or n-grams written
  text::CorpusStats corpus;
  std::vector<std::pair<std::string, double>> stage_seconds;  // wall time of each stage
};

// gramvec lm count: reads and tokenizes `files` (on reading.threads threads), counts every
// order and writes the count file `output` ("-": stdout) atomically. An empty corpus gives a
// valid count file with no sentences (a shard may be empty).
Result<CountingSummary> count_corpus(const std::vector<std::string>& files, const CountingOptions& options,
                                     const std::string& output);

}  // namespace gramvec::ngram
