// A backoff language model loaded for queries, from ARPA text or from gramvec's binary format
// (.gvlm), KenLM-style, in one of its layouts: `hash`, where each n-gram is found by a 64-bit key
// of its words in an open-addressing table per order (the fastest), and `trie`, sorted
// bit-packed arrays searched by word id (several times smaller).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/ngram/options.hpp"
#include "gramvec/status.hpp"
#include "gramvec/text/tokenizer.hpp"

namespace gramvec::ngram {

// What a model's header comments say about how it was made (empty for foreign ARPA files).
struct ModelInfo {
  std::optional<text::TokenizerOptions> tokenizer;
  std::string smoothing;  // "mkn", ..., or "" when unknown
  std::vector<std::string> comments;

  // Records one header comment line ("# ..." or without the '#').
  void add_comment(std::string_view comment);
};

// How a model is held in memory and in a binary model file.
struct BinaryModelOptions {
  std::string layout = "hash";  // one of binary_layout_names()
  int quantize_bits = 0;        // 0: full 32-bit floats; 1 .. 16: codebooks (trie only)
  // hash layout: slots per n-gram (KenLM's -p). Fewer slots make a smaller file and longer
  // probe sequences. 1.25 rather than KenLM's 1.5: the file is a sixth smaller, so scoring peaks
  // below KenLM's probing binary, with no measurable loss of speed (scoring prefetches the slots
  // a few words ahead).
  double space = kDefaultHashSpace;
  static constexpr double kDefaultHashSpace = 1.25;
};

// The layouts, as "hash or trie".
std::string binary_layout_names();
// Fails, with a message in the command line's terms, for an unknown layout, --quantize with the
// hash layout or out of 1 .. 16, or --space out of range.
Status check_binary_options(const BinaryModelOptions& options);

// History carried from one word to the next within a sentence.
struct ModelState {
  int length = 0;   // number of words held (contexts that exist in the model)
  int history = 0;  // words of history available, up to order - 1 (for stupid backoff)
  // Most recent word first, as the layout keys them (word keys or word ids).
  std::array<std::uint64_t, kMaxOrder> words{};
  std::array<float, kMaxOrder> backoffs{};  // backoffs[k]: log10 backoff of the context of k+1 words
};

struct WordScore {
  float log10_probability = 0.0F;
  int ngram_length = 0;  // length of the longest n-gram found (as KenLM's query)
  bool oov = false;      // scored as <unk>
};

struct ModelData;  // the layout and what every layout shares (src/ngram/model_data.hpp)

class NGramModel {
 public:
  // ARPA or binary, told apart by content; ARPA is read into the hash layout, a binary model
  // keeps its own.
  static Result<NGramModel> load(const std::string& path);
  // The same in the layout and quantization of `options` (the form a binary model with those
  // options is written from). A binary model in another layout cannot be converted: a hash
  // table does not keep the words of its n-grams.
  static Result<NGramModel> load(const std::string& path, const BinaryModelOptions& options);
  // Parses ARPA text held in memory; `name` is used in error messages.
  static Result<NGramModel> parse_arpa(std::string_view text, const std::string& name,
                                       const BinaryModelOptions& options = {});
  // Writes the model as a binary model (atomically; "-": stdout). The model must be held in the
  // layout and quantization that `options` ask for (load it so).
  Status write_binary(const std::string& path, const BinaryModelOptions& options) const;

  NGramModel(NGramModel&&) noexcept;
  NGramModel& operator=(NGramModel&&) noexcept;
  ~NGramModel();

  int order() const;
  const ModelInfo& info() const;
  // Unigram words in file order, <s> included.
  const std::vector<std::string>& words() const;
  std::size_t ngram_count(int n) const;
  // The layout and quantization the model is held in.
  BinaryModelOptions binary_options() const;
  bool contains(std::string_view word) const;
  bool has_unknown_word() const;

  // State after <s>.
  ModelState begin_sentence() const;
  WordScore score(const ModelState& state, std::string_view word, ModelState& next) const;
  // The same from a word's key (word_hash), as scored_hash gives it.
  WordScore score_hash(const ModelState& state, std::uint64_t word_hash, ModelState& next) const;
  // The key of a word in every layout and in binary model files.
  static std::uint64_t word_hash(std::string_view word);
  // The key that scoring uses for a word: its own, or <unk>'s for a word outside the model.
  std::uint64_t scored_hash(std::uint64_t word_hash) const;
  // Asks the memory system for the table slots that scoring a word will read: `hashes` holds a
  // sentence's word keys from <s> on, and `position` indexes the word. Scoring a sentence
  // issues these a few words ahead, so that the lookups of several words overlap instead of
  // waiting for one cache miss after another (the tables are far larger than the caches).
  void prefetch(std::span<const std::uint64_t> hashes, std::size_t position) const;

  // The library's own access to the layout (scorer, writers).
  const ModelData& data() const { return *data_; }

 private:
  explicit NGramModel(std::unique_ptr<ModelData> data);
  std::unique_ptr<ModelData> data_;
};

}  // namespace gramvec::ngram
