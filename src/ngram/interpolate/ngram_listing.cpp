#include "ngram/interpolate/ngram_listing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
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

// The keys of one order's table, as a blocked Bloom filter: two bits of one 64-bit word per key,
// 16 to 32 bits per key (about 1 false positive in 50). Most candidate n-grams are absent, and
// this answers for them from a few megabytes instead of the table's slots.
class KeyFilter {
 public:
  explicit KeyFilter(std::size_t count) {
    std::size_t words = 1;
    while (words * 4 < count) words *= 2;
    bits_.assign(words, 0);
    shift_ = 64 - std::countr_zero(words);
  }
  void add(std::uint64_t key) { bits_[word(key)] |= mask(key); }
  bool may_contain(std::uint64_t key) const { return (bits_[word(key)] & mask(key)) == mask(key); }

 private:
  // The key is a hash already: its top bits pick the word, its low 12 bits the two bits.
  std::size_t word(std::uint64_t key) const { return shift_ == 64 ? 0 : static_cast<std::size_t>(key >> shift_); }
  static std::uint64_t mask(std::uint64_t key) { return (1ULL << (key & 63)) | (1ULL << ((key >> 6) & 63)); }

  std::vector<std::uint64_t> bits_;
  int shift_ = 64;
};

// The hash layout keeps only keys, so its n-grams are found by trying candidates: w1..wn is
// tried when its context w1..w(n-1) and its suffix w2..wn were both found at order n - 1 (every
// word, at order 2). gramvec's own models hold the context and the suffix of each n-gram; an
// ARPA file from elsewhere need not (neither the ARPA reader nor the hash builder checks it), and
// an n-gram missing either is never tried. Then fewer n-grams are found than the table holds,
// which is an error: never a listing with n-grams missing. (Two n-grams with one 64-bit key
// would fool the count; the layout's lookups assume no such collision anyway.)
class HashLister {
 public:
  HashLister(const HashSearch& search, const std::vector<std::string>& words, const std::string& name,
             const EntryVisitor& visit)
      : search_(search), words_(words), name_(name), visit_(visit), word_keys_(words.size()) {
    for (std::size_t k = 0; k < words.size(); ++k) word_keys_[k] = util::word_key(words[k]);
  }

  Status run() {
    const int order = search_.order();
    // The empty context, whose right extensions are the 1-grams.
    Level below;
    below.extensions = {0, 0};
    Level level = unigrams();
    below.extensions[1] = level.keys.size();
    // A word listed twice (only a damaged file has one) would be found twice.
    std::vector<std::uint64_t> keys = level.keys;
    std::sort(keys.begin(), keys.end());
    if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) {
      return Status::error(fmt::format("{}: the model's word list names a word twice", name_));
    }
    GRAMVEC_TRY(check_count(1, level.keys.size()));
    for (int n = 2; n <= order; ++n) {
      Level longer = extend(n, below, level);
      GRAMVEC_TRY(check_count(n, found_));
      below = std::move(level);
      level = std::move(longer);
    }
    return Status::ok();
  }

 private:
  // The n-grams found at one order, in the order found (grouped by context).
  struct Level {
    std::vector<std::uint32_t> words;  // n per n-gram, as indices into the model's words
    std::vector<std::uint64_t> keys;
    std::vector<std::size_t> suffix;  // index of w2..wn one order below (0: the empty context)
    // extensions[k] .. extensions[k + 1]: the n-grams one order above whose context is n-gram k.
    std::vector<std::size_t> extensions;
  };
  // A candidate n-gram: context `context` (order n - 1) extended by the last word of `suffix`.
  struct Candidate {
    std::uint64_t key = 0;
    std::size_t context = 0;
    std::size_t suffix = 0;
  };

  Level unigrams() {
    Level level;
    for (std::size_t k = 0; k < words_.size(); ++k) {
      float log10_probability = 0.0F;
      float log10_backoff = 0.0F;
      if (!search_.find(1, word_keys_[k], log10_probability, log10_backoff)) continue;
      level.words.push_back(static_cast<std::uint32_t>(k));
      level.keys.push_back(word_keys_[k]);
      level.suffix.push_back(0);
      visit_(std::span<const std::uint32_t>(&level.words.back(), 1), log10_probability, log10_backoff);
    }
    return level;
  }

  // Order n from order n - 1 (`level`) and n - 2 (`below`, whose extensions index `level`); the
  // highest order is only visited, not kept. Sets found_ and level.extensions.
  Level extend(int n, const Level& below, Level& level) {
    const bool keep = n < search_.order();
    const auto context_length = static_cast<std::size_t>(n - 1);
    Level longer;
    found_ = 0;
    level.extensions.assign(level.keys.size() + 1, 0);
    std::array<std::uint32_t, kMaxOrder> ngram{};
    auto emit = [&](const Candidate& candidate, float log10_probability, float log10_backoff) {
      const std::uint32_t* context = level.words.data() + candidate.context * context_length;
      std::copy(context, context + context_length, ngram.begin());
      ngram[context_length] = level.words[candidate.suffix * context_length + context_length - 1];
      ++found_;
      ++level.extensions[candidate.context + 1];
      if (keep) {
        longer.words.insert(longer.words.end(), ngram.begin(), ngram.begin() + n);
        longer.keys.push_back(candidate.key);
        longer.suffix.push_back(candidate.suffix);
      }
      visit_(std::span<const std::uint32_t>(ngram.data(), static_cast<std::size_t>(n)), log10_probability,
             log10_backoff);
    };
    // Candidates the filter lets through are looked up in batches whose slots are fetched into
    // cache first: the tables are far larger than the cache.
    std::array<Candidate, 32> batch;
    std::size_t batch_size = 0;
    KeyFilter filter(search_.size(n));
    search_.for_each_key(n, [&filter](std::uint64_t key) { filter.add(key); });
    auto flush = [&] {
      for (std::size_t i = 0; i < batch_size; ++i) search_.prefetch(n, batch[i].key);
      for (std::size_t i = 0; i < batch_size; ++i) {
        float log10_probability = 0.0F;
        float log10_backoff = 0.0F;
        if (search_.find(n, batch[i].key, log10_probability, log10_backoff)) {
          emit(batch[i], log10_probability, log10_backoff);
        }
      }
      batch_size = 0;
    };
    for (std::size_t context = 0; context < level.keys.size(); ++context) {
      // The context is w1 followed by its suffix s; s's extensions s.w give the candidates w1.s.w,
      // whose key extends the key of s.w by w1.
      std::uint64_t first_key = word_keys_[level.words[context * context_length]];
      std::size_t suffix = level.suffix[context];
      for (std::size_t k = below.extensions[suffix]; k < below.extensions[suffix + 1]; ++k) {
        std::uint64_t key = util::extend_word_key(level.keys[k], first_key);
        if (!filter.may_contain(key)) continue;
        batch[batch_size++] = Candidate{key, context, k};
        if (batch_size == batch.size()) flush();
      }
    }
    flush();
    for (std::size_t k = 1; k < level.extensions.size(); ++k) level.extensions[k] += level.extensions[k - 1];
    return longer;
  }

  Status check_count(int n, std::size_t found) const {
    if (found == search_.size(n)) return Status::ok();
    return Status::error(fmt::format(
        "{}: {} of the {} {}-grams of this hash-layout model cannot be found from its shorter n-grams (an n-gram "
        "without its context or suffix, as in some ARPA files from elsewhere); use its ARPA file or convert that "
        "to the trie layout (lm convert --layout trie)",
        name_, search_.size(n) - std::min(found, search_.size(n)), search_.size(n), n));
  }

  const HashSearch& search_;
  const std::vector<std::string>& words_;
  const std::string& name_;
  const EntryVisitor& visit_;
  std::vector<std::uint64_t> word_keys_;
  std::size_t found_ = 0;
};

}  // namespace

Status check_listable(const ModelData& /*model*/, const std::string& /*name*/, const std::string& /*purpose*/) {
  // Every layout lists its n-grams. A hash-layout model whose n-grams cannot all be found is only
  // found out by listing them (list_ngram_entries fails then).
  return Status::ok();
}

Status list_ngrams(const ModelData& model, const std::string& name,
                   const std::function<void(std::span<const std::uint32_t>)>& visit) {
  return list_ngram_entries(model, name, "merged into one model",
                            [&](std::span<const std::uint32_t> words, float, float) { visit(words); });
}

Status list_ngram_entries(const ModelData& model, const std::string& name, const std::string& purpose,
                          const EntryVisitor& visit) {
  GRAMVEC_TRY(check_listable(model, name, purpose));
  return model.visit([&](const auto& search) -> Status {
    using Layout = std::decay_t<decltype(search)>;
    if constexpr (std::is_same_v<Layout, TrieSearch>) {
      TrieLister(search.trie(), model.words, visit).run();
      return Status::ok();
    } else {
      static_assert(std::is_same_v<Layout, HashSearch>, "a new layout needs a lister");
      return HashLister(search, model.words, name, visit).run();
    }
  });
}

}  // namespace gramvec::ngram
