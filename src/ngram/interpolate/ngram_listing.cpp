#include "ngram/interpolate/ngram_listing.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <type_traits>
#include <vector>

#include "util/word_key.hpp"

namespace gramvec::ngram {

namespace {

// Depth first through the reverse trie: path[0] is the newest word's id, path[k] the word k
// steps older; each node is one n-gram.
class TrieLister {
 public:
  TrieLister(const Trie& trie, const std::vector<std::string>& words, const EntryVisitor& visit)
      : trie_(trie), visit_(visit), index_of_id_(words.size(), 0) {
    for (std::size_t k = 0; k < words.size(); ++k) {
      std::uint32_t id = trie.word_id(util::word_key(words[k]));
      if (id < index_of_id_.size()) index_of_id_[id] = static_cast<std::uint32_t>(k);
    }
  }

  void run() {
    const auto words = static_cast<std::uint32_t>(trie_.size(1));
    for (std::uint32_t id = 0; id < words; ++id) {
      path_[0] = id;
      const TrieUnigram& unigram = trie_.unigram(id);
      emit(1, unigram.log10_probability, trie_.order() > 1 ? unigram.log10_backoff : std::nanf(""));
      if (trie_.order() > 1) descend(2, trie_.unigram(id).first_child, trie_.children_end(id));
    }
  }

 private:
  void descend(int n, std::uint64_t begin, std::uint64_t end) {
    const TrieLevel& level = trie_.level(n);
    for (std::uint64_t at = begin; at < end; ++at) {
      path_[static_cast<std::size_t>(n - 1)] = static_cast<std::uint32_t>(level.word(at));
      emit(n, level.probability(at), n < trie_.order() ? level.backoff(at) : std::nanf(""));
      if (n < trie_.order()) descend(n + 1, level.first_child(at), level.first_child(at + 1));
    }
  }
  void emit(int n, float log10_probability, float log10_backoff) {
    std::array<std::uint32_t, kMaxOrder> ngram{};
    for (int k = 0; k < n; ++k) ngram[static_cast<std::size_t>(k)] = index_of_id_[path_[static_cast<std::size_t>(n - 1 - k)]];
    visit_(std::span<const std::uint32_t>(ngram.data(), static_cast<std::size_t>(n)), log10_probability,
           log10_backoff);
  }

  const Trie& trie_;
  const EntryVisitor& visit_;
  std::vector<std::uint32_t> index_of_id_;
  std::array<std::uint32_t, kMaxOrder> path_{};
};

}  // namespace

Status check_listable(const ModelData& model, const std::string& name, const std::string& purpose) {
  return model.visit([&](const auto& search) -> Status {
    using Layout = std::decay_t<decltype(search)>;
    if constexpr (std::is_same_v<Layout, TrieSearch>) {
      return Status::ok();
    } else {
      return Status::error(fmt::format(
          "{}: a binary model in the {} layout keeps no words of its n-grams, so they cannot be {}; {}",
          name, Layout::kId.name, purpose,
          purpose == "merged into one model"
              ? "interpolate its ARPA file or a trie model (lm convert --layout trie), or score the mixture with "
                "lm eval -m ... --weights"
              : "use its ARPA file or a trie model (lm convert --layout trie)"));
    }
  });
}

Status list_ngrams(const ModelData& model, const std::string& name,
                   const std::function<void(std::span<const std::uint32_t>)>& visit) {
  return list_ngram_entries(model, name, "merged into one model",
                            [&](std::span<const std::uint32_t> words, float, float) { visit(words); });
}

Status list_ngram_entries(const ModelData& model, const std::string& name, const std::string& purpose,
                          const EntryVisitor& visit) {
  GRAMVEC_TRY(check_listable(model, name, purpose));
  if (const auto* trie = std::get_if<TrieSearch>(&model.search)) TrieLister(trie->trie(), model.words, visit).run();
  return Status::ok();
}

}  // namespace gramvec::ngram
