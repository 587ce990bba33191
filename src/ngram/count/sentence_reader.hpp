// Reading a corpus into a stream of word ids, on several threads: the files are split into
// ranges of whole lines (io::split_at_line_starts), each thread tokenizes ranges into a stream
// and vocabulary of their own, and the parts are joined in input order. The result is the one
// reading on one thread gives: the same ids (new words get ids in order of first appearance) and
// the same stream.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/text/corpus.hpp"
#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/count/count.hpp"

namespace gramvec::ngram {

// Collects sentences as ids, either against a fixed vocabulary (other words become <unk>) or
// growing the vocabulary as it goes. Literal <s> and </s> tokens are dropped (they are added
// around every sentence); a literal <unk> is the unknown word.
class SentenceCollector {
 public:
  SentenceCollector(vocab::Vocabulary& vocabulary, bool fixed, SentenceStream& stream)
      : vocabulary_(vocabulary), fixed_(fixed), stream_(stream) {}

  template <typename Tokens>
  void add(const Tokens& tokens) {
    ids_.clear();
    for (const auto& token : tokens) {
      std::string_view word(token);
      if (word == vocab::Vocabulary::kBosWord || word == vocab::Vocabulary::kEosWord) continue;
      ids_.push_back(fixed_ ? vocabulary_.id_or_unk(word) : vocabulary_.insert(word));
    }
    stream_.add_sentence(ids_);
  }

 private:
  vocab::Vocabulary& vocabulary_;
  bool fixed_;
  SentenceStream& stream_;
  std::vector<WordId> ids_;
};

struct SentenceReadOptions {
  text::CorpusOptions corpus;
  std::size_t threads = 0;        // 0: all cores; stdin, pipes and compressed files: one thread
  std::uint64_t range_bytes = 0;  // size of the ranges handed to the threads (0: automatic)
  std::size_t max_parts_in_flight = 0;  // ranges read but not yet handed on, at most (0: no limit)
};

// Receives the corpus part by part, in input order.
using SentenceSink = std::function<void(const SentenceStream& part)>;

// Reads `files` and hands their sentences to `sink` in input order, in parts (of about
// options.range_bytes of text when given), with ids from `vocabulary` (fixed, or grown with new
// words; ids are the same as reading on one thread gives). `stats` receives the reader's figures.
// An exception from `sink` stops the reading threads and is passed on.
Status read_sentences_streaming(const std::vector<std::string>& files, const SentenceReadOptions& options,
                                vocab::Vocabulary& vocabulary, bool fixed_vocabulary, const SentenceSink& sink,
                                text::CorpusStats& stats);

// Appends the sentences of `files` to `stream`, with ids from `vocabulary` (fixed, or grown with
// new words). `stats` receives the reader's figures. Errors are those of text::CorpusReader,
// the first in input order.
Status read_sentences_into(const std::vector<std::string>& files, const SentenceReadOptions& options,
                           vocab::Vocabulary& vocabulary, bool fixed_vocabulary, SentenceStream& stream,
                           text::CorpusStats& stats);

}  // namespace gramvec::ngram
