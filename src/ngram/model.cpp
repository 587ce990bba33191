#include "gramvec/ngram/model.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "gramvec/io/mapped_file.hpp"
#include "gramvec/text/utf8.hpp"
#include "gramvec/vocab/vocabulary.hpp"
#include "io/line_reader.hpp"
#include "ngram/estimate/smoothing/smoothing_method.hpp"
#include "ngram/format/binary_model.hpp"
#include "ngram/search/trie/trie_builder.hpp"

namespace gramvec::ngram {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

// Cursor over the ARPA text, one line at a time, tracking the line number for messages.
class LineCursor {
 public:
  LineCursor(std::string_view text, const std::string& name) : text_(text), name_(name) {}
  bool next(std::string_view& line) {
    if (position_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', position_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(position_, end - position_);
    while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
    position_ = end + 1;
    ++line_number_;
    return true;
  }
  // Next line that is not blank.
  bool next_nonblank(std::string_view& line) {
    while (next(line)) {
      if (line.find_first_not_of(" \t") != std::string_view::npos) return true;
    }
    return false;
  }
  Status error(std::string_view what) const {
    return Status::error(fmt::format("{}:{}: {}", name_, line_number_, what));
  }
  Status error_at(std::uint64_t line_number, std::string_view what) const {
    return Status::error(fmt::format("{}:{}: {}", name_, line_number, what));
  }
  std::uint64_t line_number() const { return line_number_; }
  std::size_t remaining() const { return position_ < text_.size() ? text_.size() - position_ : 0; }
  Status truncated(std::string_view expected) const {
    return Status::error(fmt::format("{}:{}: truncated ARPA file: it ends after line {} while expecting {}", name_,
                                     line_number_, line_number_, expected));
  }

 private:
  std::string_view text_;
  const std::string& name_;
  std::size_t position_ = 0;
  std::uint64_t line_number_ = 0;
};

namespace {

// Splits on spaces and tabs into at most `capacity` fields; returns the count (capacity + 1 if more).
std::size_t split_fields(std::string_view line, std::string_view* fields, std::size_t capacity) {
  std::size_t count = 0;
  std::size_t position = 0;
  while (position < line.size()) {
    while (position < line.size() && is_blank(line[position])) ++position;
    if (position >= line.size()) break;
    std::size_t start = position;
    while (position < line.size() && !is_blank(line[position])) ++position;
    if (count == capacity) return capacity + 1;
    fields[count++] = line.substr(start, position - start);
  }
  return count;
}

bool parse_float(std::string_view text, float& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !std::isnan(value);
}

std::string_view describe_binary(std::string_view text) {
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1f && static_cast<unsigned char>(text[1]) == 0x8b) {
    return "gzip-compressed data";
  }
  if (text.size() >= 6 && text.substr(0, 6) == "\xfd" "7zXZ\x00") return "xz-compressed data";
  if (text.size() >= 4 && text.substr(0, 4) == "\x28\xb5\x2f\xfd") return "zstd-compressed data";
  std::string_view head = text.substr(0, 4096);
  if (head.find('\0') != std::string_view::npos) return "binary data";
  return {};
}

}  // namespace

void ModelInfo::add_comment(std::string_view comment) {
  while (!comment.empty() && (comment.front() == '#' || comment.front() == ' ')) comment.remove_prefix(1);
  comments.emplace_back(comment);
  if (comment.starts_with("tokenizer=")) {
    if (auto options = text::TokenizerOptions::parse(comment)) tokenizer = *options;
  }
  if (auto at = comment.find("smoothing="); at != std::string_view::npos && comment.starts_with("order=")) {
    std::string_view rest = comment.substr(at + 10);
    smoothing = std::string(rest.substr(0, rest.find(' ')));
  }
}

std::uint64_t NGramModel::word_hash(std::string_view word) {
  std::uint64_t hash = vocab::hash_bytes(word);
  return hash == 0 ? 1 : hash;
}

std::uint64_t NGramModel::extend_key(std::uint64_t key, std::uint64_t earlier_word_hash) {
  std::uint64_t extended = vocab::mix64(key * 0x9e3779b97f4a7c15ULL + earlier_word_hash);
  return extended == 0 ? 1 : extended;
}

// Inserts ARPA entries into the hash tables, in batches whose slots are fetched into cache first:
// the tables are far larger than the cache, so this overlaps the memory latency of the inserts.
class NGramModel::HashLoader {
 public:
  explicit HashLoader(NGramModel& model) : model_(model) {}

  void begin_order(std::size_t n, std::size_t count) {
    n_ = n;
    last_ = n == static_cast<std::size_t>(model_.order_) && n > 1;
    if (last_) {
      model_.last_.reserve(count);
    } else {
      model_.middle_[n - 1].reserve(count);
    }
  }
  Status add(std::span<const std::string_view> words, float log10_probability, float log10_backoff,
             std::string_view line, const LineCursor& cursor) {
    std::size_t n = words.size();
    std::array<std::uint64_t, kMaxOrder> hashes{};
    for (std::size_t k = 0; k < n; ++k) hashes[k] = word_hash(words[k]);
    std::uint64_t key = hashes[n - 1];
    if (n == 1) {
      return insert(model_.middle_[0], Pending{key, log10_probability, log10_backoff, line, cursor.line_number()},
                    cursor);
    }
    for (std::size_t k = 0; k < n; ++k) {
      if (model_.middle_[0].find(hashes[k]) == nullptr) {
        return cursor.error(fmt::format("word '{}' is not among the 1-grams", text::printable_excerpt(words[k])));
      }
    }
    for (std::size_t k = n - 1; k-- > 0;) key = extend_key(key, hashes[k]);
    batch_[batch_size_++] = Pending{key, log10_probability, log10_backoff, line, cursor.line_number()};
    if (batch_size_ == batch_.size()) return flush(cursor);
    return Status::ok();
  }
  Status flush(const LineCursor& cursor) {
    Status status = last_ ? insert_batch(model_.last_, cursor) : insert_batch(model_.middle_[n_ - 1], cursor);
    batch_size_ = 0;
    return status;
  }

 private:
  // An n-gram parsed from ARPA, waiting to be inserted.
  struct Pending {
    std::uint64_t key = 0;
    float log10_probability = 0.0F;
    float log10_backoff = 0.0F;
    std::string_view line;
    std::uint64_t line_number = 0;
  };
  template <typename EntryType>
  Status insert(ProbingTable<EntryType>& table, const Pending& pending, const LineCursor& cursor) const {
    EntryType* entry = table.insert(pending.key);
    if (entry == nullptr) {
      return cursor.error_at(pending.line_number,
                             fmt::format("duplicate {}-gram '{}'", n_, text::printable_excerpt(pending.line, 80)));
    }
    entry->log10_probability = pending.log10_probability;
    if constexpr (std::is_same_v<EntryType, MiddleEntry>) entry->log10_backoff = pending.log10_backoff;
    return Status::ok();
  }
  template <typename EntryType>
  Status insert_batch(ProbingTable<EntryType>& table, const LineCursor& cursor) const {
    for (std::size_t i = 0; i < batch_size_; ++i) table.prefetch(batch_[i].key);
    for (std::size_t i = 0; i < batch_size_; ++i) GRAMVEC_TRY(insert(table, batch_[i], cursor));
    return Status::ok();
  }

  NGramModel& model_;
  std::size_t n_ = 0;
  bool last_ = false;
  std::array<Pending, 32> batch_;
  std::size_t batch_size_ = 0;
};

// Hands ARPA entries to a TrieBuilder as word ids.
class NGramModel::TrieLoader {
 public:
  TrieLoader(const std::vector<std::size_t>& declared, int quantize_bits) : builder_(declared, quantize_bits) {}

  void begin_order(std::size_t /*n*/, std::size_t /*count*/) {}
  Status add(std::span<const std::string_view> words, float log10_probability, float log10_backoff,
             std::string_view line, const LineCursor& cursor) {
    if (words.size() == 1) {
      if (!builder_.add_unigram(word_hash(words[0]), log10_probability, log10_backoff)) {
        return cursor.error(fmt::format("duplicate 1-gram '{}'", text::printable_excerpt(line, 80)));
      }
      return Status::ok();
    }
    std::array<std::uint32_t, kMaxOrder> ids{};
    for (std::size_t k = 0; k < words.size(); ++k) {
      ids[k] = builder_.word_id(word_hash(words[k]));
      if (ids[k] == Trie::kNoWord) {
        return cursor.error(fmt::format("word '{}' is not among the 1-grams", text::printable_excerpt(words[k])));
      }
    }
    builder_.add(std::span<const std::uint32_t>(ids.data(), words.size()), log10_probability, log10_backoff,
                 cursor.line_number());
    return Status::ok();
  }
  Status flush(const LineCursor& /*cursor*/) { return Status::ok(); }
  TrieBuilder& builder() { return builder_; }

 private:
  TrieBuilder builder_;
};

Result<NGramModel> NGramModel::load(const std::string& path) {
  auto file = io::MappedFile::open(path);
  if (!file) return file.status();
  if (BinaryModelCodec::recognizes(file->bytes())) return BinaryModelCodec::read(std::move(*file), io::display_name(path));
  return parse_arpa(file->bytes(), io::display_name(path), &*file);
}

Result<NGramModel> NGramModel::load(const std::string& path, const BinaryModelOptions& layout) {
  GRAMVEC_TRY(check_binary_options(layout));
  auto file = io::MappedFile::open(path);
  if (!file) return file.status();
  std::string name = io::display_name(path);
  if (!BinaryModelCodec::recognizes(file->bytes())) return parse_arpa(file->bytes(), name, &*file, layout);
  auto model = BinaryModelCodec::read(std::move(*file), name);
  if (!model) return model;
  BinaryModelOptions held = model->layout();
  if (held.layout != layout.layout || held.quantize_bits != layout.quantize_bits) {
    auto describe = [](const BinaryModelOptions& options) {
      std::string text = options.layout == BinaryLayout::trie ? "trie" : "hash";
      if (options.quantize_bits > 0) text += fmt::format(" layout quantized to {} bits", options.quantize_bits);
      return text;
    };
    return Status::error(fmt::format("{}: the binary model has the {} layout and cannot be converted to the {} layout; "
                                     "convert the ARPA model instead",
                                     name, describe(held), describe(layout)));
  }
  return model;
}

Result<NGramModel> NGramModel::parse_arpa(std::string_view text, const std::string& name, io::MappedFile* source,
                                          const BinaryModelOptions& layout) {
  if (auto kind = describe_binary(text); !kind.empty()) {
    return Status::error(fmt::format("{}: not an ARPA language model (the file holds {})", name, kind));
  }
  NGramModel model;
  LineCursor cursor(text, name);
  std::string_view line;

  // Header: comment or blank lines, then \data\ and "ngram N=count" lines.
  for (;;) {
    if (!cursor.next(line)) {
      return Status::error(fmt::format("{}: not an ARPA language model: no \\data\\ section", name));
    }
    if (line == "\\data\\") break;
    if (line.starts_with("#")) {
      model.info_.add_comment(line);
      continue;
    }
    if (line.find_first_not_of(" \t") != std::string_view::npos) {
      return cursor.error("not an ARPA language model: expected \\data\\ (text before it must be # comments)");
    }
  }
  std::vector<std::size_t> declared;
  for (;;) {
    if (!cursor.next(line)) return cursor.truncated("the \\1-grams: section");
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      if (declared.empty()) continue;
      break;
    }
    if (!line.starts_with("ngram ")) {
      if (line.starts_with("\\")) break;
      return cursor.error(fmt::format("expected 'ngram N=count', found '{}'", text::printable_excerpt(line, 60)));
    }
    std::string_view spec = line.substr(6);
    std::size_t equals = spec.find('=');
    std::size_t n = 0;
    std::size_t count = 0;
    std::string_view n_text = spec.substr(0, equals);
    std::string_view count_text = equals == std::string_view::npos ? std::string_view() : spec.substr(equals + 1);
    while (!count_text.empty() && is_blank(count_text.back())) count_text.remove_suffix(1);
    auto n_parse = std::from_chars(n_text.data(), n_text.data() + n_text.size(), n);
    auto count_parse = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (equals == std::string_view::npos || n_parse.ec != std::errc() || count_parse.ec != std::errc() ||
        count_parse.ptr != count_text.data() + count_text.size()) {
      return cursor.error(fmt::format("bad n-gram count line '{}'", line));
    }
    if (n != declared.size() + 1) {
      return cursor.error(fmt::format("expected 'ngram {}=...', found order {}", declared.size() + 1, n));
    }
    if (n > static_cast<std::size_t>(kMaxOrder)) {
      return cursor.error(fmt::format("order {} is above the maximum of {}", n, kMaxOrder));
    }
    declared.push_back(count);
  }
  if (declared.empty()) return cursor.error("no 'ngram N=count' lines after \\data\\");
  model.order_ = static_cast<int>(declared.size());

  if (layout.layout == BinaryLayout::trie) {
    GRAMVEC_TRY(check_binary_options(layout));
    // Memory for no more n-grams than the text can hold (a line takes 4 bytes at least), so
    // that a damaged count cannot ask for more memory than there is.
    std::vector<std::size_t> capacity = declared;
    for (std::size_t& count : capacity) count = std::min(count, text.size() / 4 + 1);
    TrieLoader loader(capacity, layout.quantize_bits);
    GRAMVEC_TRY(model.read_arpa_sections(cursor, line, declared, source, loader));
    auto trie = loader.builder().build(name, model.words_);
    if (!trie) return trie.status();
    model.trie_ = std::move(*trie);
    model.quantize_bits_ = layout.quantize_bits;
  } else {
    model.middle_.resize(declared.size() > 1 ? declared.size() - 1 : 1);
    HashLoader loader(model);
    GRAMVEC_TRY(model.read_arpa_sections(cursor, line, declared, source, loader));
  }
  GRAMVEC_TRY(model.finish_loading(name));
  return model;
}

template <typename Loader>
Status NGramModel::read_arpa_sections(LineCursor& cursor, std::string_view& line,
                                      const std::vector<std::size_t>& declared, io::MappedFile* source,
                                      Loader& loader) {
  const char* released_up_to = line.data();
  std::array<std::string_view, kMaxOrder + 2> fields;
  bool section_pending = line.starts_with("\\");
  for (std::size_t n = 1; n <= declared.size(); ++n) {
    std::string expected_header = fmt::format("\\{}-grams:", n);
    if (!section_pending && !cursor.next_nonblank(line)) return cursor.truncated(expected_header);
    section_pending = false;
    if (line != expected_header) {
      return cursor.error(fmt::format("expected section {}, found '{}'", expected_header, text::printable_excerpt(line, 60)));
    }
    // Memory for no more n-grams than the rest of the text can hold (a line takes 4 bytes at
    // least), so that a damaged count cannot ask for more memory than there is.
    std::size_t capacity = std::min(declared[n - 1], cursor.remaining() / 4 + 1);
    loader.begin_order(n, capacity);
    if (n == 1) words_.reserve(capacity);
    for (std::size_t entry_number = 0; entry_number < declared[n - 1]; ++entry_number) {
      if (!cursor.next(line)) {
        return cursor.truncated(fmt::format("{} more {}-grams", declared[n - 1] - entry_number, n));
      }
      std::size_t field_count = split_fields(line, fields.data(), n + 2);
      if (field_count == 0 || line.starts_with("\\")) {
        return cursor.error(fmt::format("the header declares {} {}-grams but the section holds {}", declared[n - 1], n,
                                        entry_number));
      }
      if (field_count < n + 1 || field_count > n + 2) {
        return cursor.error(fmt::format("expected a {}-gram line 'log10prob word ... [backoff]', found '{}'", n,
                                        text::printable_excerpt(line, 80)));
      }
      float log10_probability = 0.0F;
      float log10_backoff = 0.0F;
      if (!parse_float(fields[0], log10_probability)) {
        return cursor.error(fmt::format("bad probability '{}' (not a number)", text::printable_excerpt(fields[0])));
      }
      if (field_count == n + 2 && !parse_float(fields[n + 1], log10_backoff)) {
        return cursor.error(fmt::format("bad backoff weight '{}' (not a number)", text::printable_excerpt(fields[n + 1])));
      }
      if (log10_probability > 0.0F) {
        return cursor.error(fmt::format("log10 probability {} is above 0", text::printable_excerpt(fields[0])));
      }
      GRAMVEC_TRY(loader.add(std::span<const std::string_view>(fields.data() + 1, n), log10_probability, log10_backoff,
                             line, cursor));
      if (n == 1) words_.emplace_back(fields[1]);
      // Release the parsed part of a mapped file now and then (once nothing pending refers to it).
      if (source != nullptr && line.data() - released_up_to > (16 << 20)) {
        GRAMVEC_TRY(loader.flush(cursor));
        source->release_before(line.data());
        released_up_to = line.data();
      }
    }
    GRAMVEC_TRY(loader.flush(cursor));
    // The section must end here: a blank line, the next section or \end\.
    if (!cursor.next_nonblank(line)) {
      return cursor.truncated(n == declared.size() ? std::string("\\end\\") : fmt::format("\\{}-grams:", n + 1));
    }
    bool at_next_section = line.starts_with("\\");
    if (!at_next_section) {
      return cursor.error(fmt::format("the header declares {} {}-grams but the section holds more", declared[n - 1], n));
    }
    section_pending = true;
  }
  if (line != "\\end\\") return cursor.error(fmt::format("expected \\end\\, found '{}'", text::printable_excerpt(line, 60)));
  return Status::ok();
}

Status NGramModel::finish_loading(const std::string& name) {
  unk_hash_ = word_hash(vocab::Vocabulary::kUnkWord);
  bos_hash_ = word_hash(vocab::Vocabulary::kBosWord);
  if (trie_) {
    unk_id_ = trie_->word_id(unk_hash_);
    bos_id_ = trie_->word_id(bos_hash_);
  }
  has_unk_ = trie_ ? unk_id_ != Trie::kNoWord : middle_[0].find(unk_hash_) != nullptr;
  if (trie_ ? bos_id_ == Trie::kNoWord : middle_[0].find(bos_hash_) == nullptr) {
    return Status::error(fmt::format("{}: the model has no <s> 1-gram", name));
  }
  // A method whose scores are not normalised (stupid backoff) backs off by a constant factor.
  const SmoothingMethod* method = find_smoothing(info_.smoothing);
  stupid_ = method != nullptr && !method->is_normalised();
  if (stupid_) {
    float alpha = 0.4F;
    for (const auto& comment : info_.comments) {
      if (auto at = comment.find("alpha="); at != std::string::npos) {
        std::string_view value = std::string_view(comment).substr(at + 6);
        value = value.substr(0, value.find(' '));
        parse_float(value, alpha);
      }
    }
    stupid_log10_alpha_ = std::log10(alpha);
  }
  return Status::ok();
}

bool NGramModel::contains(std::string_view word) const {
  std::uint64_t hash = word_hash(word);
  return trie_ ? trie_->word_id(hash) != Trie::kNoWord : middle_[0].find(hash) != nullptr;
}

ModelState NGramModel::begin_sentence() const {
  ModelState state;
  state.history = order_ > 1 ? 1 : 0;
  if (order_ > 1) {
    state.length = 1;
    if (trie_) {
      state.words[0] = bos_id_;
      state.backoffs[0] = trie_->unigram(bos_id_).log10_backoff;
    } else {
      state.words[0] = bos_hash_;
      state.backoffs[0] = middle_[0].find(bos_hash_)->log10_backoff;
    }
  }
  return state;
}

void NGramModel::prefetch(std::span<const std::uint64_t> hashes, std::size_t position) const {
  if (trie_) {
    if (order_ == 1 || position == 0) return;
    std::uint32_t id = scored_id(hashes[position]);
    if (id == Trie::kNoWord) return;
    trie_->level(2).prefetch_find(trie_->unigram(id).first_child, trie_->children_end(id),
                                  scored_id(hashes[position - 1]));
    return;
  }
  std::uint64_t key = hashes[position];
  middle_[0].prefetch(key);
  std::size_t longest = std::min(static_cast<std::size_t>(order_), position + 1);
  for (std::size_t n = 2; n <= longest; ++n) {
    key = extend_key(key, hashes[position + 1 - n]);
    if (n == static_cast<std::size_t>(order_)) {
      last_.prefetch(key);
    } else {
      middle_[n - 1].prefetch(key);
    }
  }
}

WordScore NGramModel::with_backoff(const ModelState& state, WordScore result, float log10_probability,
                                   int matched) const {
  if (stupid_) {
    log10_probability += static_cast<float>(state.history - (matched - 1)) * stupid_log10_alpha_;
  } else {
    for (int k = matched - 1; k < state.length; ++k) log10_probability += state.backoffs[static_cast<std::size_t>(k)];
  }
  result.log10_probability = log10_probability;
  result.ngram_length = matched;
  return result;
}

WordScore NGramModel::score(const ModelState& state, std::string_view word, ModelState& next) const {
  return score_hash(state, word_hash(word), next);
}

WordScore NGramModel::score_hash(const ModelState& state, std::uint64_t hash, ModelState& next) const {
  if (trie_) return score_trie(state, hash, next);
  WordScore result;
  const MiddleEntry* entry = middle_[0].find(hash);
  if (entry == nullptr || hash == bos_hash_) {
    hash = unk_hash_;
    entry = middle_[0].find(hash);
  }
  // As in KenLM, every token scored as <unk> is an OOV, a literal <unk> included.
  result.oov = hash == unk_hash_;
  int context_limit = order_ - 1;
  next.history = std::min(state.history + 1, context_limit);
  if (entry == nullptr) {  // a closed-vocabulary model without <unk>
    result.log10_probability = -99.0F;
    next.length = 0;
    return result;
  }
  float log10_probability = entry->log10_probability;
  int matched = 1;
  next.words[0] = hash;
  next.backoffs[0] = entry->log10_backoff;
  next.length = context_limit > 0 ? 1 : 0;
  std::uint64_t key = hash;
  for (int k = 1; k <= state.length && k < order_; ++k) {
    key = extend_key(key, state.words[static_cast<std::size_t>(k - 1)]);
    if (k == context_limit) {  // the highest order: no backoff, nothing longer
      const LastEntry* longest = last_.find(key);
      if (longest == nullptr) break;
      log10_probability = longest->log10_probability;
      matched = k + 1;
      break;
    }
    const MiddleEntry* longer = middle_[static_cast<std::size_t>(k)].find(key);
    if (longer == nullptr) break;
    log10_probability = longer->log10_probability;
    matched = k + 1;
    next.words[static_cast<std::size_t>(k)] = state.words[static_cast<std::size_t>(k - 1)];
    next.backoffs[static_cast<std::size_t>(k)] = longer->log10_backoff;
    next.length = k + 1;
  }
  return with_backoff(state, result, log10_probability, matched);
}

std::uint32_t NGramModel::scored_id(std::uint64_t hash) const {
  std::uint32_t id = trie_->word_id(hash);
  return id == Trie::kNoWord || id == bos_id_ ? unk_id_ : id;
}

// The same walk as score_hash over the trie: from the word's 1-gram to ever older context words,
// each found by a search among the children of the n-gram before.
WordScore NGramModel::score_trie(const ModelState& state, std::uint64_t hash, ModelState& next) const {
  const Trie& trie = *trie_;
  WordScore result;
  std::uint32_t id = scored_id(hash);
  result.oov = id == unk_id_;
  int context_limit = order_ - 1;
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
  for (int k = 1; k <= state.length && k < order_; ++k) {
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
  return with_backoff(state, result, log10_probability, matched);
}

}  // namespace gramvec::ngram
