// The vocabulary store shared by the n-gram and embedding code: word <-> dense id, counts.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"
#include "gramvec/text/corpus.hpp"
#include "gramvec/text/tokenizer.hpp"

namespace gramvec::vocab {

using WordId = std::uint32_t;

struct VocabularyLimits {
  std::uint64_t min_count = 1;  // words seen fewer times become <unk>
  std::size_t max_size = 0;     // at most this many ordinary words (0: no limit)
};

class Vocabulary {
 public:
  static constexpr WordId kUnk = 0;
  static constexpr WordId kBos = 1;
  static constexpr WordId kEos = 2;
  static constexpr std::string_view kUnkWord = "<unk>";
  static constexpr std::string_view kBosWord = "<s>";
  static constexpr std::string_view kEosWord = "</s>";
  static constexpr WordId kReservedCount = 3;

  Vocabulary();  // holds only the reserved words <unk>, <s>, </s>

  std::size_t size() const { return words_.size(); }
  std::optional<WordId> find(std::string_view word) const;
  WordId id_or_unk(std::string_view word) const { return find(word).value_or(kUnk); }
  // Id of `word`, inserting it (with count 0) if absent.
  WordId insert(std::string_view word);
  void add_count(WordId id, std::uint64_t count) { counts_[id] += count; }
  const std::string& word(WordId id) const { return words_[id]; }
  std::uint64_t count(WordId id) const { return counts_[id]; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  std::uint64_t total_count() const;
  static bool is_reserved(WordId id) { return id < kReservedCount; }

  // A new vocabulary: reserved words first, then ordinary words by descending count (ties by
  // byte order of the word, so the result is deterministic), dropping words under the limits.
  // Counts of dropped words are added to <unk>. If `old_to_new` is given it receives, for each
  // id of this vocabulary, the id in the result (kUnk for dropped words).
  Vocabulary finalized(const VocabularyLimits& limits, std::vector<WordId>* old_to_new = nullptr) const;

  // The tokenizer settings the vocabulary was built with.
  text::TokenizerOptions tokenizer;

  // Text format: a header line "#gramvec-vocab 1 <tokenizer settings>", then word<TAB>count.
  Status save(const std::string& path) const;
  // Reads the format above; a file without the header is read as word[<TAB>count] lines.
  static Result<Vocabulary> load(const std::string& path);

 private:
  std::uint64_t hash_of(std::string_view word) const;
  void grow_table();
  std::size_t slot_of(std::string_view word, std::uint64_t hash) const;

  std::vector<std::string> words_;
  std::vector<std::uint64_t> counts_;
  // Open addressing: slot -> id + 1 (0 = empty); power-of-two size.
  std::vector<std::uint32_t> slots_;
  std::vector<std::uint32_t> slot_hash_;  // high bits of the hash, to skip most string compares
};

// The vocabulary of a corpus read with the ids of `vocabulary`, in which word `id` occurs
// occurrences[id] times: with `fixed`, the same words and ids with these counts; otherwise these
// counts added and the vocabulary finalized with `limits`. to_final[id] is each id's final id.
Vocabulary with_occurrences(const Vocabulary& vocabulary, std::span<const std::uint64_t> occurrences, bool fixed,
                            const VocabularyLimits& limits, std::vector<WordId>& to_final);

// Counts every word of `files`, as `reader` tokenizes them, into `vocabulary` (inserting new
// words), with one <s> and one </s> per sentence; literal <s> and </s> tokens are not words.
// The reader keeps the corpus statistics; an empty corpus (no words) is an error.
Status count_words(text::CorpusReader& reader, const std::vector<std::string>& files, Vocabulary& vocabulary);

}  // namespace gramvec::vocab
