#include "ngram/search/hash/hash_search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "gramvec/text/utf8.hpp"
#include "util/word_key.hpp"

namespace gramvec::ngram {

Status HashSearch::prepare(const std::string& name) {
  keys_ = SpecialKeys::of_vocabulary();
  if (!contains(keys_.bos)) return Status::error(fmt::format("{}: the model has no <s> 1-gram", name));
  return Status::ok();
}

ModelState HashSearch::begin_sentence() const {
  ModelState state;
  state.history = order_ > 1 ? 1 : 0;
  if (order_ > 1) {
    state.length = 1;
    state.words[0] = keys_.bos;
    state.backoffs[0] = tables_[0].find(keys_.bos)->log10_backoff;
  }
  return state;
}

void HashSearch::prefetch(std::span<const std::uint64_t> keys, std::size_t position) const {
  std::uint64_t key = keys[position];
  tables_[0].prefetch(key);
  std::size_t longest = std::min(static_cast<std::size_t>(order_), position + 1);
  for (std::size_t n = 2; n <= longest; ++n) {
    key = util::extend_word_key(key, keys[position + 1 - n]);
    if (n == static_cast<std::size_t>(order_)) {
      last_.prefetch(key);
    } else {
      tables_[n - 1].prefetch(key);
    }
  }
}

WordScore HashSearch::score(const ModelState& state, std::uint64_t key, ModelState& next,
                            const BackoffRule& rule) const {
  WordScore result;
  const MiddleEntry* entry = tables_[0].find(key);
  if (entry == nullptr || key == keys_.bos) {
    key = keys_.unk;
    entry = tables_[0].find(key);
  }
  // As in KenLM, every token scored as <unk> is an OOV, a literal <unk> included.
  result.oov = key == keys_.unk;
  int context_limit = order_ - 1;
  next.history = std::min(state.history + 1, context_limit);
  if (entry == nullptr) {  // a closed-vocabulary model without <unk>
    result.log10_probability = -99.0F;
    next.length = 0;
    return result;
  }
  float log10_probability = entry->log10_probability;
  int matched = 1;
  next.words[0] = key;
  next.backoffs[0] = entry->log10_backoff;
  next.length = context_limit > 0 ? 1 : 0;
  std::uint64_t ngram_key = key;
  for (int k = 1; k <= state.length && k < order_; ++k) {
    ngram_key = util::extend_word_key(ngram_key, state.words[static_cast<std::size_t>(k - 1)]);
    if (k == context_limit) {  // the highest order: no backoff, nothing longer
      const LastEntry* longest = last_.find(ngram_key);
      if (longest == nullptr) break;
      log10_probability = longest->log10_probability;
      matched = k + 1;
      break;
    }
    const MiddleEntry* longer = tables_[static_cast<std::size_t>(k)].find(ngram_key);
    if (longer == nullptr) break;
    log10_probability = longer->log10_probability;
    matched = k + 1;
    next.words[static_cast<std::size_t>(k)] = state.words[static_cast<std::size_t>(k - 1)];
    next.backoffs[static_cast<std::size_t>(k)] = longer->log10_backoff;
    next.length = k + 1;
  }
  return rule.finish(state, result, log10_probability, matched);
}

bool HashSearch::find(int n, std::uint64_t key, float& log10_probability, float& log10_backoff) const {
  if (n == order_ && n > 1) {
    const LastEntry* entry = last_.find(key);
    if (entry == nullptr) return false;
    log10_probability = entry->log10_probability;
    log10_backoff = std::nanf("");
    return true;
  }
  const MiddleEntry* entry = tables_[static_cast<std::size_t>(n - 1)].find(key);
  if (entry == nullptr) return false;
  log10_probability = entry->log10_probability;
  log10_backoff = n < order_ ? entry->log10_backoff : std::nanf("");
  return true;
}

// Binary model: one table per order, each a section of slots; its slot count and offset in the
// header.
Result<HashSearch> HashSearch::read(const BinaryHeader& header, const BinaryFileView& file) {
  HashSearch search;
  search.order_ = static_cast<int>(header.order);
  search.tables_.resize(header.order > 1 ? header.order - 1 : 1);
  const std::uint64_t file_bytes = file.bytes().size();
  for (std::uint32_t n = 1; n <= header.order; ++n) {
    std::size_t index = n - 1;
    bool last = n == header.order && n > 1;
    std::size_t entry_bytes = last ? sizeof(LastEntry) : sizeof(MiddleEntry);
    std::uint64_t slots = header.slot_counts[index];
    std::string_view table;
    if (slots <= header.counts[index] || slots > file_bytes / entry_bytes ||
        !file.section(header.table_offsets[index], slots * entry_bytes, table)) {
      return file.corrupt(fmt::format("{}-gram table out of bounds", n));
    }
    if (last) {
      search.last_.attach(reinterpret_cast<const LastEntry*>(table.data()), slots, header.counts[index]);
    } else {
      search.tables_[index].attach(reinterpret_cast<const MiddleEntry*>(table.data()), slots, header.counts[index]);
    }
  }
  GRAMVEC_TRY(search.prepare(file.name()));
  return search;
}

HashSearch::Image HashSearch::image(const BinaryModelOptions& options) const {
  Image image;
  for (const auto& table : tables_) image.tables.push_back(table.rebuilt(options.space));
  image.last = last_.rebuilt(options.space);
  return image;
}

void HashSearch::Image::write(SectionWriter& sections, BinaryHeader& header) const {
  const auto order = static_cast<int>(header.order);
  auto append = [&](std::size_t index, const auto& table) {
    header.counts[index] = table.size();
    auto slots = table.slots();
    header.slot_counts[index] = slots.size();
    header.table_offsets[index] = sections.append(as_bytes(slots.data(), slots.size_bytes()));
  };
  for (int n = 1; n <= order; ++n) {
    auto index = static_cast<std::size_t>(n - 1);
    if (n == order && n > 1) {
      append(index, last);
    } else {
      append(index, tables[index]);
    }
  }
}

HashSearch::Builder::Builder(int order, const std::vector<std::size_t>& /*capacities*/,
                             const BinaryModelOptions& /*options*/) {
  search_.order_ = order;
  search_.tables_.resize(order > 1 ? static_cast<std::size_t>(order - 1) : 1);
}

void HashSearch::Builder::begin_order(std::size_t n, std::size_t count) {
  n_ = n;
  last_ = n == static_cast<std::size_t>(search_.order_) && n > 1;
  if (last_) {
    search_.last_.reserve(count);
  } else {
    search_.tables_[n - 1].reserve(count);
  }
}

Status HashSearch::Builder::add(std::span<const std::string_view> words, float log10_probability,
                                float log10_backoff, std::string_view line, const EntryOrigin& origin) {
  std::size_t n = words.size();
  std::array<std::uint64_t, kMaxOrder> keys{};
  for (std::size_t k = 0; k < n; ++k) keys[k] = util::word_key(words[k]);
  std::uint64_t key = keys[n - 1];
  if (n == 1) {
    return insert(search_.tables_[0], Pending{key, log10_probability, log10_backoff, line, origin.line_number()},
                  origin);
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (!search_.contains(keys[k])) {
      return origin.error(fmt::format("word '{}' is not among the 1-grams", text::printable_excerpt(words[k])));
    }
  }
  for (std::size_t k = n - 1; k-- > 0;) key = util::extend_word_key(key, keys[k]);
  batch_[batch_size_++] = Pending{key, log10_probability, log10_backoff, line, origin.line_number()};
  if (batch_size_ == batch_.size()) return flush(origin);
  return Status::ok();
}

Status HashSearch::Builder::flush(const EntryOrigin& origin) {
  Status status = last_ ? insert_batch(search_.last_, origin) : insert_batch(search_.tables_[n_ - 1], origin);
  batch_size_ = 0;
  return status;
}

template <typename EntryType>
Status HashSearch::Builder::insert(ProbingTable<EntryType>& table, const Pending& pending,
                                   const EntryOrigin& origin) const {
  EntryType* entry = table.insert(pending.key);
  if (entry == nullptr) {
    return origin.error_at(pending.line_number,
                           fmt::format("duplicate {}-gram '{}'", n_, text::printable_excerpt(pending.line, 80)));
  }
  entry->log10_probability = pending.log10_probability;
  if constexpr (std::is_same_v<EntryType, MiddleEntry>) entry->log10_backoff = pending.log10_backoff;
  return Status::ok();
}

template <typename EntryType>
Status HashSearch::Builder::insert_batch(ProbingTable<EntryType>& table, const EntryOrigin& origin) const {
  for (std::size_t i = 0; i < batch_size_; ++i) table.prefetch(batch_[i].key);
  for (std::size_t i = 0; i < batch_size_; ++i) GRAMVEC_TRY(insert(table, batch_[i], origin));
  return Status::ok();
}

Result<HashSearch> HashSearch::Builder::finish(const std::string& name, const std::vector<std::string>& /*words*/) {
  GRAMVEC_TRY(search_.prepare(name));
  return std::move(search_);
}

}  // namespace gramvec::ngram
