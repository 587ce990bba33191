#include "ngram/search/trie/trie_search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "gramvec/text/utf8.hpp"
#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/search/trie/bit_packed_array.hpp"
#include "util/word_key.hpp"

namespace gramvec::ngram {

namespace {

// The trie layout's directory in a binary model: where each part is and how each level is packed.
struct ColumnRecord {
  std::uint32_t encoding = 0;  // ValueEncoding
  std::uint32_t bits = 0;
  std::uint64_t codebook_offset = 0;  // 2^bits floats, for ValueEncoding::codebook
};
struct LevelRecord {
  std::uint64_t offset = 0;
  std::uint64_t bytes = 0;
  std::uint64_t entries = 0;  // n-grams, plus the sentinel below the highest order
  std::uint32_t word_bits = 0;
  std::uint32_t next_bits = 0;
  ColumnRecord probability;
  ColumnRecord backoff;
};
struct TrieDirectory {
  std::uint64_t vocabulary_offset = 0;
  std::uint64_t vocabulary_slots = 0;
  std::uint64_t unigram_offset = 0;
  std::uint64_t reserved = 0;
  std::array<LevelRecord, kMaxOrder> levels{};  // index n - 1, for n >= 2
};
static_assert(sizeof(LevelRecord) == 64 && sizeof(TrieDirectory) == 32 + 64 * kMaxOrder);

}  // namespace

Status TrieSearch::prepare(const std::string& name) {
  keys_ = SpecialKeys::of_vocabulary();
  unk_id_ = trie_->word_id(keys_.unk);
  bos_id_ = trie_->word_id(keys_.bos);
  order_ = trie_->order();
  if (bos_id_ == Trie::kNoWord) return Status::error(fmt::format("{}: the model has no <s> 1-gram", name));
  return Status::ok();
}

ModelState TrieSearch::begin_sentence() const {
  ModelState state;
  const int order = order_;
  state.history = order > 1 ? 1 : 0;
  if (order > 1) {
    state.length = 1;
    state.words[0] = bos_id_;
    state.backoffs[0] = trie_->unigram(bos_id_).log10_backoff;
  }
  return state;
}

std::uint32_t TrieSearch::scored_id(std::uint64_t key) const {
  std::uint32_t id = trie_->word_id(key);
  return id == Trie::kNoWord || id == bos_id_ ? unk_id_ : id;
}

void TrieSearch::prefetch(std::span<const std::uint64_t> keys, std::size_t position) const {
  if (order_ == 1 || position == 0) return;
  std::uint32_t id = scored_id(keys[position]);
  if (id == Trie::kNoWord) return;
  trie_->level(2).prefetch_find(trie_->unigram(id).first_child, trie_->children_end(id),
                                scored_id(keys[position - 1]));
}

// From the word's 1-gram to ever older context words, each found by a search among the children
// of the n-gram before.
WordScore TrieSearch::score(const ModelState& state, std::uint64_t key, ModelState& next,
                            const BackoffRule& rule) const {
  const Trie& trie = *trie_;
  const int order = order_;
  WordScore result;
  std::uint32_t id = scored_id(key);
  result.oov = id == unk_id_;
  int context_limit = order - 1;
  next.history = std::min(state.history + 1, context_limit);
  if (id == Trie::kNoWord) {  // a closed-vocabulary model without <unk>
    result.log10_probability = -99.0F;
    next.length = 0;
    return result;
  }
  const TrieUnigram& unigram = trie.unigram(id);
  float log10_probability = unigram.log10_probability;
  int matched = 1;
  next.words[0] = id;
  next.backoffs[0] = unigram.log10_backoff;
  next.length = context_limit > 0 ? 1 : 0;
  std::uint64_t begin = unigram.first_child;
  std::uint64_t end = trie.children_end(id);
  for (int k = 1; k <= state.length && k < order; ++k) {
    const TrieLevel& level = trie.level(k + 1);
    std::uint64_t context_word = state.words[static_cast<std::size_t>(k - 1)];
    std::uint64_t at = level.find(begin, end, context_word);
    if (at == TrieLevel::kNotFound) break;
    log10_probability = level.probability(at);
    matched = k + 1;
    if (k == context_limit) break;  // the highest order: no backoff, nothing longer
    next.words[static_cast<std::size_t>(k)] = context_word;
    next.backoffs[static_cast<std::size_t>(k)] = level.backoff(at);
    next.length = k + 1;
    begin = level.first_child(at);
    end = level.first_child(at + 1);
  }
  return rule.finish(state, result, log10_probability, matched);
}

Result<TrieSearch> TrieSearch::read(const BinaryHeader& header, const BinaryFileView& file) {
  auto corrupt = [&](std::string_view what) { return file.corrupt(what); };
  const std::uint64_t file_bytes = file.bytes().size();
  std::string_view directory_bytes;
  if (header.directory_bytes != sizeof(TrieDirectory) ||
      !file.section(header.directory_offset, header.directory_bytes, directory_bytes)) {
    return corrupt("trie directory out of bounds");
  }
  TrieDirectory directory;
  std::memcpy(&directory, directory_bytes.data(), sizeof directory);

  std::uint64_t words = header.counts[0];
  std::string_view vocabulary;
  std::uint64_t slots = directory.vocabulary_slots;
  if (slots <= words || slots > file_bytes / sizeof(VocabularyEntry) ||
      !file.section(directory.vocabulary_offset, slots * sizeof(VocabularyEntry), vocabulary)) {
    return corrupt("vocabulary table out of bounds");
  }
  std::string_view unigrams;
  if (!file.section(directory.unigram_offset, (words + 1) * sizeof(TrieUnigram), unigrams)) {
    return corrupt("1-grams out of bounds");
  }
  std::vector<TrieLevel> levels;
  for (std::uint32_t n = 2; n <= header.order; ++n) {
    const LevelRecord& record = directory.levels[n - 1];
    bool last = n == header.order;
    if (record.entries != header.counts[n - 1] + (last ? 0 : 1) || record.entries >= (std::uint64_t{1} << 48) ||
        record.word_bits > 32 || record.next_bits > BitPackedArray::kMaxWidth) {
      return corrupt(fmt::format("{}-gram level", n));
    }
    TrieLevelFormat format;
    format.word_bits = record.word_bits;
    format.next_bits = record.next_bits;
    std::array<std::span<const float>, 2> codebooks;
    std::array<const ColumnRecord*, 2> columns{&record.probability, &record.backoff};
    std::array<ColumnFormat*, 2> formats{&format.probability, &format.backoff};
    for (std::size_t c = 0; c < 2; ++c) {
      const ColumnRecord& column = *columns[c];
      if (column.encoding > static_cast<std::uint32_t>(ValueEncoding::codebook) || column.bits > 32) {
        return corrupt(fmt::format("{}-gram value encoding", n));
      }
      *formats[c] = ColumnFormat{static_cast<ValueEncoding>(column.encoding), column.bits};
      if (formats[c]->encoding != ValueEncoding::codebook) continue;
      std::string_view codebook;
      if (column.bits > 24 || !file.section(column.codebook_offset, sizeof(float) << column.bits, codebook)) {
        return corrupt(fmt::format("{}-gram codebook out of bounds", n));
      }
      codebooks[c] = {reinterpret_cast<const float*>(codebook.data()), std::size_t{1} << column.bits};
    }
    std::string_view level_bytes;
    if (record.bytes != BitPackedArray::bytes_for(record.entries * format.entry_bits()) ||
        !file.section(record.offset, record.bytes, level_bytes)) {
      return corrupt(fmt::format("{}-gram array out of bounds", n));
    }
    levels.emplace_back(format, record.entries, words, BitPackedArray(level_bytes), codebooks[0], codebooks[1]);
  }
  Trie trie = Trie::borrow({reinterpret_cast<const VocabularyEntry*>(vocabulary.data()), slots}, words,
                           {reinterpret_cast<const TrieUnigram*>(unigrams.data()), words + 1}, std::move(levels));
  if (Status status = trie.check(); !status) return corrupt(status.message());
  TrieSearch search;
  search.trie_ = std::move(trie);
  search.quantize_bits_ = static_cast<int>(header.quantize_bits);
  GRAMVEC_TRY(search.prepare(file.name()));
  return search;
}

void TrieSearch::Image::write(SectionWriter& sections, BinaryHeader& header) const {
  auto bytes_of = [](auto span) { return as_bytes(span.data(), span.size_bytes()); };
  TrieDirectory directory;
  auto vocabulary = trie.vocabulary_slots();
  directory.vocabulary_offset = sections.append(bytes_of(vocabulary));
  directory.vocabulary_slots = vocabulary.size();
  directory.unigram_offset = sections.append(bytes_of(trie.unigrams()));
  header.counts[0] = trie.size(1);
  for (int n = 2; n <= trie.order(); ++n) {
    const TrieLevel& level = trie.level(n);
    LevelRecord& record = directory.levels[static_cast<std::size_t>(n - 1)];
    header.counts[static_cast<std::size_t>(n - 1)] = level.size();
    std::string_view bits = level.bits().bytes();
    record.offset = sections.append(bits);
    record.bytes = bits.size();
    record.entries = level.size() + (n < trie.order() ? 1 : 0);
    const TrieLevelFormat& format = level.format();
    record.word_bits = format.word_bits;
    record.next_bits = format.next_bits;
    auto column = [&](const ColumnFormat& column_format, std::span<const float> codebook, ColumnRecord& out) {
      out.encoding = static_cast<std::uint32_t>(column_format.encoding);
      out.bits = column_format.bits;
      if (column_format.encoding == ValueEncoding::codebook) {
        out.codebook_offset = sections.append(bytes_of(codebook));
      }
    };
    column(format.probability, level.probability_codebook(), record.probability);
    column(format.backoff, level.backoff_codebook(), record.backoff);
  }
  header.directory_offset = sections.append(as_bytes(&directory, sizeof directory));
  header.directory_bytes = sizeof directory;
}

Status TrieSearch::Builder::add(std::span<const std::string_view> words, float log10_probability,
                                float log10_backoff, std::string_view line, const EntryOrigin& origin) {
  if (words.size() == 1) {
    if (!builder_.add_unigram(util::word_key(words[0]), log10_probability, log10_backoff)) {
      return origin.error(fmt::format("duplicate 1-gram '{}'", text::printable_excerpt(line, 80)));
    }
    return Status::ok();
  }
  std::array<std::uint32_t, kMaxOrder> ids{};
  for (std::size_t k = 0; k < words.size(); ++k) {
    ids[k] = builder_.word_id(util::word_key(words[k]));
    if (ids[k] == Trie::kNoWord) {
      return origin.error(fmt::format("word '{}' is not among the 1-grams", text::printable_excerpt(words[k])));
    }
  }
  builder_.add(std::span<const std::uint32_t>(ids.data(), words.size()), log10_probability, log10_backoff,
               origin.line_number());
  return Status::ok();
}

Result<TrieSearch> TrieSearch::Builder::finish(const std::string& name, const std::vector<std::string>& words) {
  auto trie = builder_.build(name, words);
  if (!trie) return trie.status();
  TrieSearch search;
  search.trie_ = std::move(*trie);
  search.quantize_bits_ = quantize_bits_;
  GRAMVEC_TRY(search.prepare(name));
  return search;
}

}  // namespace gramvec::ngram
