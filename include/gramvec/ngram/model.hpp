// A backoff language model loaded for queries, from ARPA text or from gramvec's binary format
// (see binary_model.hpp), KenLM-style, in one of two layouts: `hash`, where each n-gram is found
// by a 64-bit hash of its words in an open-addressing table per order (the fastest), and `trie`,
// sorted bit-packed arrays searched by word id (several times smaller; see trie.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/io/mapped_file.hpp"
#include "gramvec/status.hpp"
#include "gramvec/text/tokenizer.hpp"
#include "ngram/count/ngram_table.hpp"
#include "ngram/search/hash/probing_table.hpp"
#include "ngram/search/trie/trie.hpp"

namespace gramvec::ngram {

class LineCursor;

// What a model's header comments say about how it was made (empty for foreign ARPA files).
struct ModelInfo {
  std::optional<text::TokenizerOptions> tokenizer;
  std::string smoothing;  // "mkn", ..., or "" when unknown
  std::vector<std::string> comments;

  // Records one header comment line ("# ..." or without the '#').
  void add_comment(std::string_view comment);
};

// How a model is held: in memory and in a binary model file.
enum class BinaryLayout : std::uint32_t { hash = 1, trie = 2 };

struct BinaryModelOptions {
  BinaryLayout layout = BinaryLayout::hash;
  int quantize_bits = 0;  // 0: full 32-bit floats; 1 .. 16: codebooks (trie only)
  // hash layout: slots per n-gram (KenLM's -p). Fewer slots make a smaller file and longer
  // probe sequences. 1.25 rather than KenLM's 1.5: on PTB order 5 the file is 42.8 MB instead of
  // 51.3 MB, so scoring peaks below KenLM's probing binary, with no measurable loss of speed
  // (scoring prefetches the slots a few words ahead).
  double space = kDefaultHashSpace;
  static constexpr double kDefaultHashSpace = 1.25;
};

// History carried from one word to the next within a sentence.
struct ModelState {
  int length = 0;   // number of words held (contexts that exist in the model)
  int history = 0;  // words of history available, up to order - 1 (for stupid backoff)
  // Most recent word first: word hashes (hash layout) or word ids (trie layout).
  std::array<std::uint64_t, kMaxOrder> words{};
  std::array<float, kMaxOrder> backoffs{};  // backoffs[k]: log10 backoff of the context of k+1 words
};

struct WordScore {
  float log10_probability = 0.0F;
  int ngram_length = 0;  // length of the longest n-gram found (as KenLM's query)
  bool oov = false;      // scored as <unk>
};

class NGramModel {
 public:
  // ARPA or binary, told apart by content; ARPA is read into the hash layout, a binary model
  // keeps its own.
  static Result<NGramModel> load(const std::string& path);
  // The same in the layout and quantization of `layout` (the form a binary model with those
  // options is written from). A binary model in another layout cannot be converted: a hash
  // table does not keep the words of its n-grams.
  static Result<NGramModel> load(const std::string& path, const BinaryModelOptions& layout);
  // Parses ARPA text held in memory; `name` is used in error messages. With `source`, the
  // parsed part of a memory-mapped file is released as parsing goes on.
  static Result<NGramModel> parse_arpa(std::string_view text, const std::string& name,
                                       io::MappedFile* source = nullptr, const BinaryModelOptions& layout = {});

  int order() const { return order_; }
  const ModelInfo& info() const { return info_; }
  // Unigram words in file order, <s> included.
  const std::vector<std::string>& words() const { return words_; }
  std::size_t ngram_count(int n) const { return table_size(n); }
  BinaryModelOptions layout() const { return {trie_ ? BinaryLayout::trie : BinaryLayout::hash, quantize_bits_}; }
  bool contains(std::string_view word) const;
  bool has_unknown_word() const { return has_unk_; }

  // State after <s>.
  ModelState begin_sentence() const;
  WordScore score(const ModelState& state, std::string_view word, ModelState& next) const;
  WordScore score_hash(const ModelState& state, std::uint64_t word_hash, ModelState& next) const;
  static std::uint64_t word_hash(std::string_view word);
  // The hash that scoring uses for a word: its own, or <unk>'s for a word outside the model.
  std::uint64_t scored_hash(std::uint64_t word_hash) const {
    bool known = trie_ ? trie_->word_id(word_hash) != Trie::kNoWord : middle_[0].find(word_hash) != nullptr;
    return known && word_hash != bos_hash_ ? word_hash : unk_hash_;
  }
  // Asks the memory system for the table slots that scoring a word will read: `hashes` holds a
  // sentence's word hashes from <s> on, and `position` indexes the word. Scoring a sentence
  // issues these a few words ahead, so that the lookups of several words overlap instead of
  // waiting for one cache miss after another (the tables are far larger than the caches). With
  // the trie layout, only the first probe among the word's 2-grams can be known ahead: each
  // later step of the walk depends on the one before.
  void prefetch(std::span<const std::uint64_t> hashes, std::size_t position) const;

 private:
  friend class BinaryModelCodec;
  // Receivers of ARPA entries: into the hash tables, or into a TrieBuilder.
  class HashLoader;
  class TrieLoader;

  static std::uint64_t extend_key(std::uint64_t key, std::uint64_t earlier_word_hash);
  // Reads the n-gram sections after the header (`line`: the last line read), handing every
  // entry to `loader`.
  template <typename Loader>
  Status read_arpa_sections(LineCursor& cursor, std::string_view& line, const std::vector<std::size_t>& declared,
                            io::MappedFile* source, Loader& loader);
  // Sets the fields that follow from the tables (<unk>, <s>); fails without <s>.
  Status finish_loading(const std::string& name);
  std::size_t table_size(int n) const {
    if (trie_) return trie_->size(n);
    return n == order_ && order_ > 1 ? last_.size() : middle_[static_cast<std::size_t>(n - 1)].size();
  }
  // The scored id of a word (trie layout): <unk>'s for a word outside the model and for <s>.
  std::uint32_t scored_id(std::uint64_t word_hash) const;
  WordScore score_trie(const ModelState& state, std::uint64_t word_hash, ModelState& next) const;
  // Both layouts' last step: the longest n-gram found (`matched` words, its log10 probability)
  // plus the backoffs of the longer contexts it skipped (or stupid backoff's alpha per step).
  WordScore with_backoff(const ModelState& state, WordScore result, float log10_probability, int matched) const;

  int order_ = 0;
  ModelInfo info_;
  std::vector<std::string> words_;
  std::vector<ProbingTable<MiddleEntry>> middle_;  // orders 1 .. max(1, order - 1)
  ProbingTable<LastEntry> last_;                  // the highest order, when above 1
  std::optional<Trie> trie_;                      // the trie layout (then middle_ and last_ are empty)
  int quantize_bits_ = 0;                         // the trie's quantization
  std::shared_ptr<io::MappedFile> mapped_;        // a binary model's file, which the tables borrow
  bool has_unk_ = false;
  std::uint64_t unk_hash_ = 0;
  std::uint64_t bos_hash_ = 0;
  std::uint32_t unk_id_ = Trie::kNoWord;  // trie layout
  std::uint32_t bos_id_ = Trie::kNoWord;
  float stupid_log10_alpha_ = 0.0F;
  bool stupid_ = false;
};

}  // namespace gramvec::ngram
