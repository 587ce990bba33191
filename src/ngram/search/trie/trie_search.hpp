// The trie layout (KenLM's TRIE): sorted, bit-packed arrays searched by word id, several times
// smaller than the hash layout; probabilities and backoffs optionally quantized (--quantize).
#pragma once

#include <optional>

#include "ngram/search/layout.hpp"
#include "ngram/search/trie/trie.hpp"
#include "ngram/search/trie/trie_builder.hpp"

namespace gramvec::ngram {

class TrieSearch {
 public:
  static constexpr LayoutId kId{2, 16, "trie"};
  class Builder;

  // The trie of a binary model (borrowing the file's bytes), every part checked.
  static Result<TrieSearch> read(const BinaryHeader& header, const BinaryFileView& file);
  // What a binary model holds: the trie as it is.
  struct Image {
    const Trie& trie;
    // Its sections and directory, with their offsets and counts in `header`.
    void write(SectionWriter& sections, BinaryHeader& header) const;
  };
  Image image(const BinaryModelOptions& /*options*/) const { return Image{*trie_}; }

  int order() const { return order_; }
  int quantize_bits() const { return quantize_bits_; }
  // The trie itself (for listing its n-grams).
  const Trie& trie() const { return *trie_; }
  std::size_t size(int n) const { return trie_->size(n); }
  bool contains(std::uint64_t word_key) const { return trie_->word_id(word_key) != Trie::kNoWord; }
  // Word keys stay keys until scoring: the scorer's interface is the same for every layout.
  std::uint64_t scored_key(std::uint64_t word_key) const { return keys_.scored(word_key, contains(word_key)); }
  bool has_unknown_word() const { return unk_id_ != Trie::kNoWord; }

  ModelState begin_sentence() const;
  // Only the first probe among the word's 2-grams can be known ahead: each later step of the
  // walk depends on the one before.
  void prefetch(std::span<const std::uint64_t> keys, std::size_t position) const;
  WordScore score(const ModelState& state, std::uint64_t word_key, ModelState& next, const BackoffRule& rule) const;

 private:
  Status prepare(const std::string& name);
  // The scored id of a word: <unk>'s for a word outside the model and for <s>.
  std::uint32_t scored_id(std::uint64_t word_key) const;

  std::optional<Trie> trie_;
  int order_ = 0;
  int quantize_bits_ = 0;
  SpecialKeys keys_;
  std::uint32_t unk_id_ = Trie::kNoWord;
  std::uint32_t bos_id_ = Trie::kNoWord;
};

// Hands a model's n-grams to a TrieBuilder as word ids.
class TrieSearch::Builder final : public NGramSink {
 public:
  // `capacities`: the most n-grams of each order to expect.
  Builder(int /*order*/, const std::vector<std::size_t>& capacities, const BinaryModelOptions& options)
      : builder_(capacities, options.quantize_bits), quantize_bits_(options.quantize_bits) {}
  void begin_order(std::size_t /*n*/, std::size_t /*count*/) override {}
  Status add(std::span<const std::string_view> words, float log10_probability, float log10_backoff,
             std::string_view line, const EntryOrigin& origin) override;
  Status flush(const EntryOrigin& /*origin*/) override { return Status::ok(); }
  Result<TrieSearch> finish(const std::string& name, const std::vector<std::string>& words);

 private:
  TrieBuilder builder_;
  int quantize_bits_;
};

}  // namespace gramvec::ngram
