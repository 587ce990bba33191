// Count files and the in-memory tables of stage 1: counting a corpus into a count file, and
// reading a count file back as the tables estimation starts from.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gramvec/ngram/count.hpp"
#include "gramvec/ngram/count_file.hpp"
#include "gramvec/ngram/sentence_reader.hpp"
#include "gramvec/vocab/vocabulary.hpp"

namespace gramvec::ngram {

// A whole count file in memory.
struct CountFileContents {
  CountFileHeader header;
  std::vector<std::string> words;  // the word list, in byte order
  // Ids are indices into `words`; tables[0] is dense (entry i is word i), as count_ngrams makes it.
  NGramCounts counts;
};

// Reads a count file ("-": stdin), checked as CountFileReader checks it.
Result<CountFileContents> read_count_file(const std::string& path);

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
