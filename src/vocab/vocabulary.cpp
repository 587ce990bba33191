#include "gramvec/vocab/vocabulary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <numeric>

#include "gramvec/io/atomic_file.hpp"
#include "gramvec/text/utf8.hpp"
#include "io/block_output.hpp"
#include "io/line_reader.hpp"
#include "util/hash.hpp"

namespace gramvec::vocab {

namespace {
constexpr std::string_view kHeaderTag = "#gramvec-vocab";
constexpr int kFormatVersion = 1;
}  // namespace

Vocabulary::Vocabulary() {
  slots_.assign(64, 0);
  slot_hash_.assign(64, 0);
  insert(kUnkWord);
  insert(kBosWord);
  insert(kEosWord);
}

std::uint64_t Vocabulary::hash_of(std::string_view word) const { return util::hash_bytes(word); }

std::size_t Vocabulary::slot_of(std::string_view word, std::uint64_t hash) const {
  std::size_t mask = slots_.size() - 1;
  auto fingerprint = static_cast<std::uint32_t>(hash >> 32);
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    std::uint32_t entry = slots_[slot];
    if (entry == 0) return slot;
    if (slot_hash_[slot] == fingerprint && words_[entry - 1] == word) return slot;
  }
}

std::optional<WordId> Vocabulary::find(std::string_view word) const {
  std::uint32_t entry = slots_[slot_of(word, hash_of(word))];
  if (entry == 0) return std::nullopt;
  return entry - 1;
}

WordId Vocabulary::insert(std::string_view word) {
  std::uint64_t hash = hash_of(word);
  std::size_t slot = slot_of(word, hash);
  if (slots_[slot] != 0) return slots_[slot] - 1;
  auto id = static_cast<WordId>(words_.size());
  words_.emplace_back(word);
  counts_.push_back(0);
  slots_[slot] = id + 1;
  slot_hash_[slot] = static_cast<std::uint32_t>(hash >> 32);
  if (words_.size() * 2 > slots_.size()) grow_table();
  return id;
}

void Vocabulary::grow_table() {
  std::vector<std::uint32_t> old_slots = std::move(slots_);
  slots_.assign(old_slots.size() * 2, 0);
  slot_hash_.assign(old_slots.size() * 2, 0);
  for (std::uint32_t entry : old_slots) {
    if (entry == 0) continue;
    std::uint64_t hash = hash_of(words_[entry - 1]);
    std::size_t slot = slot_of(words_[entry - 1], hash);
    slots_[slot] = entry;
    slot_hash_[slot] = static_cast<std::uint32_t>(hash >> 32);
  }
}

std::uint64_t Vocabulary::total_count() const {
  return std::accumulate(counts_.begin(), counts_.end(), std::uint64_t{0});
}

Vocabulary Vocabulary::finalized(const VocabularyLimits& limits, std::vector<WordId>* old_to_new) const {
  std::vector<WordId> ordinary;
  for (WordId id = kReservedCount; id < words_.size(); ++id) {
    if (counts_[id] >= limits.min_count) ordinary.push_back(id);
  }
  std::sort(ordinary.begin(), ordinary.end(), [this](WordId left, WordId right) {
    if (counts_[left] != counts_[right]) return counts_[left] > counts_[right];
    return words_[left] < words_[right];
  });
  if (limits.max_size > 0 && ordinary.size() > limits.max_size) ordinary.resize(limits.max_size);

  Vocabulary result;
  result.tokenizer = tokenizer;
  std::vector<WordId> mapping(words_.size(), kUnk);
  for (WordId id = 0; id < kReservedCount; ++id) {
    mapping[id] = id;
    result.counts_[id] = counts_[id];
  }
  for (WordId id : ordinary) {
    WordId new_id = result.insert(words_[id]);
    result.counts_[new_id] = counts_[id];
    mapping[id] = new_id;
  }
  for (WordId id = kReservedCount; id < words_.size(); ++id) {
    if (mapping[id] == kUnk) result.counts_[kUnk] += counts_[id];
  }
  if (old_to_new != nullptr) *old_to_new = std::move(mapping);
  return result;
}

Status Vocabulary::save(const std::string& path) const {
  io::AtomicFileWriter out;
  GRAMVEC_TRY(out.open(path));
  std::string block = fmt::format("{} {} {}\n", kHeaderTag, kFormatVersion, tokenizer.describe());
  for (WordId id = 0; id < words_.size(); ++id) {
    fmt::format_to(std::back_inserter(block), "{}\t{}\n", words_[id], counts_[id]);
    io::write_if_full(out, block, 1 << 16);
  }
  out.write(block);
  return out.commit();
}

Result<Vocabulary> Vocabulary::load(const std::string& path) {
  io::LineReader reader;
  GRAMVEC_TRY(reader.open(path));
  Vocabulary vocabulary;
  std::array<bool, kReservedCount> seen_reserved{};
  std::string_view line;
  while (reader.next(line)) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (reader.line_number() == 1 && line.starts_with(kHeaderTag)) {
      std::string_view rest = line.substr(kHeaderTag.size());
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      std::size_t space = rest.find(' ');
      std::string_view version = rest.substr(0, space);
      if (version != "1") {
        return Status::error(fmt::format("{}:1: unsupported vocabulary format version '{}'", reader.name(), version));
      }
      if (space != std::string_view::npos) {
        auto options = text::TokenizerOptions::parse(rest.substr(space + 1));
        if (!options) return Status::error(fmt::format("{}:1: {}", reader.name(), options.message()));
        vocabulary.tokenizer = *options;
      }
      continue;
    }
    if (line.empty()) continue;
    if (line.find('\0') != std::string_view::npos) {
      return Status::error(fmt::format("{}:{}: not a vocabulary file (binary data)", reader.name(), reader.line_number()));
    }
    std::size_t tab = line.find('\t');
    std::string_view word = line.substr(0, tab);
    std::uint64_t count = 0;
    if (tab != std::string_view::npos) {
      std::string_view number = line.substr(tab + 1);
      auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), count);
      if (error != std::errc() || end != number.data() + number.size()) {
        return Status::error(fmt::format("{}:{}: bad count '{}' (expected word<TAB>count)", reader.name(),
                                         reader.line_number(), text::printable_excerpt(number)));
      }
    }
    if (word.empty()) {
      return Status::error(fmt::format("{}:{}: empty word", reader.name(), reader.line_number()));
    }
    // No tokenizer makes such a word, and no model file can hold it: refused here, not after
    // the training it would be used for.
    if (word.find_first_of(" \t\v\f\r") != std::string_view::npos || text::find_invalid_utf8(word)) {
      return Status::error(fmt::format("{}:{}: the word '{}' holds whitespace or invalid UTF-8", reader.name(),
                                       reader.line_number(), text::printable_excerpt(word)));
    }
    std::size_t size_before = vocabulary.size();
    WordId id = vocabulary.insert(word);
    bool reserved_first_time = is_reserved(id) && !seen_reserved[id];
    if (vocabulary.size() == size_before && !reserved_first_time) {
      return Status::error(fmt::format("{}:{}: duplicate word '{}'", reader.name(), reader.line_number(),
                                         text::printable_excerpt(word)));
    }
    if (is_reserved(id)) seen_reserved[id] = true;
    vocabulary.counts_[id] = count;
  }
  GRAMVEC_TRY(reader.status());
  if (vocabulary.size() <= kReservedCount) {
    return Status::error(fmt::format("{}: vocabulary holds no words", reader.name()));
  }
  return vocabulary;
}

Vocabulary with_occurrences(const Vocabulary& vocabulary, std::span<const std::uint64_t> occurrences, bool fixed,
                            const VocabularyLimits& limits, std::vector<WordId>& to_final) {
  Vocabulary counted = vocabulary;
  if (fixed) {
    to_final.resize(counted.size());
    for (WordId id = 0; id < counted.size(); ++id) {
      to_final[id] = id;
      counted.add_count(id, occurrences[id] - counted.count(id));
    }
    return counted;
  }
  for (WordId id = 0; id < counted.size(); ++id) counted.add_count(id, occurrences[id]);
  return counted.finalized(limits, &to_final);
}

Status count_words(text::CorpusReader& reader, const std::vector<std::string>& files, Vocabulary& vocabulary) {
  GRAMVEC_TRY(reader.read(files, [&](std::span<const std::string_view> tokens) {
    vocabulary.add_count(Vocabulary::kBos, 1);
    vocabulary.add_count(Vocabulary::kEos, 1);
    for (std::string_view token : tokens) {
      if (token == Vocabulary::kBosWord || token == Vocabulary::kEosWord) continue;
      vocabulary.add_count(vocabulary.insert(token), 1);
    }
  }));
  if (reader.stats().tokens == 0) {
    return Status::error(fmt::format("{}: the corpus is empty", fmt::join(files, ", ")));
  }
  return Status::ok();
}

}  // namespace gramvec::vocab
