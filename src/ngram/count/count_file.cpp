#include "gramvec/ngram/count_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

#include "gramvec/text/utf8.hpp"
#include "io/line_reader.hpp"
#include "util/checksum.hpp"
#include "io/input_file.hpp"

namespace gramvec::ngram {

namespace {

constexpr std::string_view kMagic = "GVCOUNTS";
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kFixedHeaderBytes = 40;
constexpr std::uint32_t kKnownFlags = 1;  // bit 0: --sentences
constexpr std::uint64_t kMaxSettingsBytes = 4096;
constexpr std::uint64_t kMaxWordBytes = std::uint64_t{1} << 28;
constexpr std::size_t kBufferBytes = std::size_t{1} << 20;        // writer
constexpr std::size_t kReadBufferBytes = std::size_t{1} << 18;    // reader: a merge holds one per input
constexpr std::size_t kMaxVarintBytes = 10;

void put_fixed(std::vector<char>& buffer, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) buffer.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::size_t shared_prefix(std::string_view left, std::string_view right) {
  std::size_t limit = std::min(left.size(), right.size());
  std::size_t length = 0;
  while (length < limit && left[length] == right[length]) ++length;
  return length;
}

}  // namespace

std::string CountFileHeader::describe_settings() const {
  return fmt::format("order={} {} sentences={}", order, tokenizer.describe(), split_sentences ? "icu" : "lines");
}

bool CountFileHeader::same_settings(const CountFileHeader& other) const {
  return order == other.order && tokenizer == other.tokenizer && split_sentences == other.split_sentences;
}

// ---------------------------------------------------------------------------------------------
// Writer

CountFileWriter::CountFileWriter() : checksum_(std::make_unique<util::Checksum>()) {}
CountFileWriter::~CountFileWriter() = default;

Status CountFileWriter::open(const std::string& path, const CountFileHeader& header) {
  if (header.order < 1 || header.order > kMaxOrder) {
    return Status::error(fmt::format("{}: order {} is out of range (1 to {})", path, header.order, kMaxOrder));
  }
  path_ = path;
  order_ = header.order;
  GRAMVEC_TRY(out_.open(path));
  buffer_.reserve(kBufferBytes + 64);
  buffer_.insert(buffer_.end(), kMagic.begin(), kMagic.end());
  put_fixed(buffer_, kByteOrderMark, 4);
  put_fixed(buffer_, kCountFileVersion, 4);
  put_fixed(buffer_, static_cast<std::uint64_t>(header.order), 4);
  put_fixed(buffer_, header.split_sentences ? 1 : 0, 4);
  put_fixed(buffer_, header.sentences, 8);
  put_fixed(buffer_, header.tokens, 8);
  std::string settings = header.tokenizer.describe();
  put_varint(settings.size());
  put_bytes(settings.data(), settings.size());
  return Status::ok();
}

void CountFileWriter::fail(std::string message) {
  if (status_.is_ok()) status_ = Status::error(fmt::format("{}: {}", io::display_name(path_), message));
}

void CountFileWriter::put_varint(std::uint64_t value) {
  while (value >= 0x80) {
    buffer_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  buffer_.push_back(static_cast<char>(value));
}

void CountFileWriter::put_bytes(const char* bytes, std::size_t size) {
  buffer_.insert(buffer_.end(), bytes, bytes + size);
  if (buffer_.size() >= kBufferBytes) flush();
}

void CountFileWriter::flush() {
  checksum_->update(std::string_view(buffer_.data(), buffer_.size()));
  out_.write(std::string_view(buffer_.data(), buffer_.size()));
  buffer_.clear();
}

void CountFileWriter::add_word(std::string_view word, std::uint64_t count) {
  if (section_ != 1) return fail("internal error: a word after the n-grams");
  if (word.empty() || count == 0) return fail("internal error: an empty word or a zero count");
  if (word.size() > kMaxWordBytes) return fail(fmt::format("a word of {} bytes is too long for a count file", word.size()));
  if (entries_[0] > 0 && !(previous_word_ < word)) return fail("internal error: words out of order");
  std::size_t prefix = shared_prefix(previous_word_, word);
  put_varint(word.size() - prefix);
  put_varint(prefix);
  put_bytes(word.data() + prefix, word.size() - prefix);
  put_varint(count);
  previous_word_.assign(word);
  ++entries_[0];
}

void CountFileWriter::end_section() {
  put_varint(0);
  ++section_;
  if (buffer_.size() >= kBufferBytes) flush();
}

void CountFileWriter::add_ngram(std::span<const std::uint32_t> indices, std::uint64_t count) {
  auto n = static_cast<int>(indices.size());
  if (n < 2 || n > order_ || n < section_) return fail(fmt::format("internal error: a {}-gram out of place", n));
  if (count == 0) return fail("internal error: a zero count");
  while (section_ < n) end_section();
  std::uint64_t& entries = entries_[static_cast<std::size_t>(n - 1)];
  std::size_t first_different = 0;
  std::uint64_t delta = indices[0];
  if (entries > 0) {
    while (first_different < indices.size() && indices[first_different] == previous_[first_different]) ++first_different;
    if (first_different == indices.size() || indices[first_different] < previous_[first_different]) {
      return fail(fmt::format("internal error: {}-grams out of order", n));
    }
    delta = indices[first_different] - previous_[first_different];
  }
  for (std::uint32_t index : indices) {
    if (index >= entries_[0]) return fail("internal error: a word index out of range");
  }
  put_varint(first_different + 1);
  put_varint(delta);
  for (std::size_t k = first_different + 1; k < indices.size(); ++k) put_varint(indices[k]);
  put_varint(count);
  std::copy(indices.begin(), indices.end(), previous_.begin());
  ++entries;
  if (buffer_.size() >= kBufferBytes) flush();
}

Status CountFileWriter::commit() {
  GRAMVEC_TRY(status_);
  while (section_ <= order_) end_section();
  flush();
  std::vector<char> checksum;
  put_fixed(checksum, checksum_->value(), 8);
  out_.write(std::string_view(checksum.data(), checksum.size()));
  return out_.commit();
}

// ---------------------------------------------------------------------------------------------
// Reader

CountFileReader::CountFileReader() : checksum_(std::make_unique<util::Checksum>()) {
  std::random_device random;
  hash_seed_ = (std::uint64_t{random()} << 32) | random();
  hash_factor_ = ((std::uint64_t{random()} << 32) | random()) | 1;
}

namespace {

// SplitMix64's finalizer, so that the sums of the identities mix well.
std::uint64_t finalize(std::uint64_t hash) {
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ULL;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebULL;
  return hash ^ (hash >> 31);
}

}  // namespace

// A keyed hash of a sequence of word indices (see the class comment): a multiply-add fold from
// `hash` (the seed, or the fold of a prefix), finalized.
std::uint64_t CountFileReader::fold(std::uint64_t hash, const std::uint32_t* indices, std::size_t size) const {
  for (std::size_t k = 0; k < size; ++k) hash = (hash + indices[k] + 1) * hash_factor_;
  return hash;
}

// An entry of the order below the n-grams to come (its fold `folded`): its share of the sums that
// their contexts (unless it ends with </s>) and their suffixes (unless it starts with <s>) must
// give.
void CountFileReader::expect(const std::uint32_t* indices, std::size_t size, std::uint64_t folded,
                             std::uint64_t count) {
  std::uint64_t weighted = count * finalize(folded);
  if (indices[size - 1] != eos_index_) next_expected_prefixes_ += weighted;
  if (indices[0] != bos_index_) next_expected_suffixes_ += weighted;
}

CountFileReader::~CountFileReader() {
  if (owns_file_ && file_ != nullptr) std::fclose(file_);
}

bool CountFileReader::fail(std::string message) {
  if (status_.is_ok()) {
    status_ = Status::error(fmt::format("{}: corrupt count file: {} in the {}", name_, message, section_name()));
  }
  return false;
}

bool CountFileReader::truncated() {
  if (status_.is_ok()) {
    status_ = Status::error(fmt::format("{}: truncated count file (it ends in the {})", name_, section_name()));
  }
  return false;
}

std::string CountFileReader::section_name() const {
  if (section_ == 0) return "header";
  if (section_ == 1) return "word list";
  if (section_ <= header_.order) return fmt::format("{}-grams", section_);
  return "checksum";
}

// Makes at least `wanted` unread bytes available; false at the end of the file or on a read error.
bool CountFileReader::fill(std::size_t wanted) {
  while (end_ - position_ < wanted) {
    if (eof_ || !status_.is_ok()) return false;
    checksum_->update(std::string_view(buffer_.data() + hashed_, position_ - hashed_));
    std::memmove(buffer_.data(), buffer_.data() + position_, end_ - position_);
    end_ -= position_;
    position_ = 0;
    hashed_ = 0;
    std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    if (got == 0) {
      if (std::ferror(file_) != 0) {
        status_ = Status::error(fmt::format("{}: read error: {}", name_, std::strerror(errno)));
      }
      eof_ = true;
    }
    end_ += got;
  }
  return true;
}

std::uint64_t CountFileReader::get_fixed(std::size_t offset, std::size_t size) const {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) {
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(buffer_[position_ + offset + i])) << (8 * i);
  }
  return value;
}

bool CountFileReader::get_varint(std::uint64_t& value) {
  if (end_ - position_ < kMaxVarintBytes) fill(kMaxVarintBytes);
  value = 0;
  for (std::size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (position_ == end_) return truncated();
    auto byte = static_cast<unsigned char>(buffer_[position_++]);
    if (i == kMaxVarintBytes - 1 && byte > 1) return fail("a number out of range");
    value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) return true;
  }
  return fail("a number out of range");
}

bool CountFileReader::get_bytes(char* bytes, std::size_t size) {
  while (size > 0) {
    if (position_ == end_ && !fill(1)) return truncated();
    std::size_t piece = std::min(size, end_ - position_);
    std::memcpy(bytes, buffer_.data() + position_, piece);
    position_ += piece;
    bytes += piece;
    size -= piece;
  }
  return true;
}

Status CountFileReader::open(const std::string& path) {
  name_ = io::display_name(path);
  auto input = io::open_input_file(path, name_);
  if (!input) return status_ = input.status();
  file_ = input->file;
  owns_file_ = input->owned;
  buffer_.resize(kReadBufferBytes);
  section_ = 0;
  bool complete = fill(kFixedHeaderBytes);
  GRAMVEC_TRY(status_);
  if (end_ - position_ < kMagic.size() || std::string_view(buffer_.data(), kMagic.size()) != kMagic) {
    return status_ = Status::error(
               fmt::format("{}: not a gramvec count file (no GVCOUNTS magic; count files come from "
                           "`gramvec lm count` or `lm merge`)",
                           name_));
  }
  if (!complete) {
    truncated();
    return status_;
  }
  auto mark = static_cast<std::uint32_t>(get_fixed(8, 4));
  if (mark != kByteOrderMark) {
    return status_ = Status::error(fmt::format("{}: byte-order mark is {:#010x}, not {:#010x}: the file is damaged "
                                               "or was written with another byte order",
                                               name_, mark, kByteOrderMark));
  }
  auto version = static_cast<std::uint32_t>(get_fixed(12, 4));
  if (version > kCountFileVersion) {
    return status_ = Status::error(fmt::format("{}: count file format version {} is newer than this gramvec "
                                               "reads (version {}): use a newer gramvec",
                                               name_, version, kCountFileVersion));
  }
  if (version == 0) return status_ = Status::error(fmt::format("{}: unsupported count file format version 0", name_));
  if (version < kCountFileVersion) {
    return status_ = Status::error(fmt::format("{}: count file format version {} was written by an earlier gramvec "
                                               "(this one reads version {}): count the corpus again with lm count",
                                               name_, version, kCountFileVersion));
  }
  std::uint64_t order = get_fixed(16, 4);
  std::uint64_t flags = get_fixed(20, 4);
  header_.sentences = get_fixed(24, 8);
  header_.tokens = get_fixed(32, 8);
  position_ += kFixedHeaderBytes;
  if (order < 1 || order > static_cast<std::uint64_t>(kMaxOrder)) {
    fail(fmt::format("order {} out of range (1 to {})", order, kMaxOrder));
    return status_;
  }
  header_.order = static_cast<int>(order);
  if ((flags & ~std::uint64_t{kKnownFlags}) != 0) {
    fail(fmt::format("unknown flags {:#x}", flags));
    return status_;
  }
  header_.split_sentences = (flags & 1) != 0;
  std::uint64_t settings_size = 0;
  if (!get_varint(settings_size)) return status_;
  if (settings_size > kMaxSettingsBytes) {
    fail(fmt::format("tokenizer settings of {} bytes", settings_size));
    return status_;
  }
  std::string settings(settings_size, '\0');
  if (!get_bytes(settings.data(), settings.size())) return status_;
  auto tokenizer = text::TokenizerOptions::parse(settings);
  if (!tokenizer) {
    fail(fmt::format("'{}' ({})", text::printable_excerpt(settings), tokenizer.message()));
    return status_;
  }
  header_.tokenizer = *tokenizer;
  section_ = 1;
  return Status::ok();
}

bool CountFileReader::next_word(std::string_view& word, std::uint64_t& count) {
  if (section_ != 1 || !status_.is_ok()) return false;
  std::uint64_t suffix = 0;
  if (!get_varint(suffix)) return false;
  if (suffix == 0) {
    if (bos_count_ != header_.sentences || count_total_ - bos_count_ != header_.tokens) {
      return fail(fmt::format("the word counts give {} sentence(s) and {} token(s), the header {} and {}", bos_count_,
                              count_total_ - bos_count_, header_.sentences, header_.tokens));
    }
    section_ = 2;
    first_in_section_ = true;
    start_order();
    return false;
  }
  std::uint64_t prefix = 0;
  if (!get_varint(prefix)) return false;
  if (suffix > kMaxWordBytes) return fail(fmt::format("a word of {} bytes", suffix));
  if (prefix > word_.size() || (words_ == 0 && prefix > 0)) return fail(fmt::format("word {}: a bad shared prefix", words_));
  // Canonical order: the differing part must sort after the previous word's at its first byte
  // (or extend the previous word).
  auto previous_byte = prefix < word_.size() ? static_cast<int>(static_cast<unsigned char>(word_[prefix])) : -1;
  word_.resize(prefix + suffix);
  if (!get_bytes(word_.data() + prefix, suffix)) return false;
  if (words_ > 0 && static_cast<int>(static_cast<unsigned char>(word_[prefix])) <= previous_byte) {
    return fail(fmt::format("word {}: out of order", words_));
  }
  if (!get_varint(count)) return false;
  if (count == 0) return fail(fmt::format("word {}: count 0", words_));
  if (word_ == "<s>") {
    bos_count_ = count;
    bos_index_ = words_;
  }
  if (word_ == "</s>") eos_index_ = words_;
  if (count > ~std::uint64_t{0} - count_total_) return fail(fmt::format("word {}: the counts add up past 2^64", words_));
  count_total_ += count;
  if (words_ == UINT32_MAX) return fail("more than 2^32 - 1 words");
  auto index = static_cast<std::uint32_t>(words_);
  expect(&index, 1, fold(hash_seed_, &index, 1), count);
  ++words_;
  word = word_;
  return true;
}

bool CountFileReader::next_ngram(std::span<const std::uint32_t>& indices, std::uint64_t& count) {
  if (section_ < 2 || section_ > header_.order || !status_.is_ok()) return false;
  auto n = static_cast<std::size_t>(section_);
  std::uint64_t tag = 0;
  if (!get_varint(tag)) return false;
  if (tag == 0) {
    if (prefixes_ != expected_prefixes_ || suffixes_ != expected_suffixes_) {
      return fail(fmt::format("the {}-grams do not agree with the {}-grams (a context or suffix missing, or counts "
                              "that do not add up)",
                              n, n - 1));
    }
    ++section_;
    first_in_section_ = true;
    start_order();
    return false;
  }
  std::uint64_t first_different = tag - 1;
  if (first_different >= n || (first_in_section_ && first_different != 0)) return fail("a bad n-gram prefix");
  std::uint64_t delta = 0;
  if (!get_varint(delta)) return false;
  if (delta == 0 && !first_in_section_) return fail("an n-gram out of order");
  std::uint64_t base = first_in_section_ ? 0 : ngram_[first_different];
  if (delta >= words_ || base + delta >= words_) return fail("a word index out of range");
  ngram_[first_different] = static_cast<std::uint32_t>(base + delta);
  for (std::size_t k = first_different + 1; k < n; ++k) {
    std::uint64_t index = 0;
    if (!get_varint(index)) return false;
    if (index >= words_) return fail("a word index out of range");
    ngram_[k] = static_cast<std::uint32_t>(index);
  }
  if (!get_varint(count)) return false;
  if (count == 0) return fail("count 0");
  if (count > lower_total_ - order_total_) {
    return fail(fmt::format("counts that add up to more than the {}-grams' counts", n - 1));
  }
  order_total_ += count;
  first_in_section_ = false;
  // The n-gram's fold extends its context's.
  std::uint64_t context = fold(hash_seed_, ngram_.data(), n - 1);
  prefixes_ += count * finalize(context);
  suffixes_ += count * finalize(fold(hash_seed_, ngram_.data() + 1, n - 1));
  expect(ngram_.data(), n, fold(context, ngram_.data() + n - 1, 1), count);
  indices = std::span<const std::uint32_t>(ngram_.data(), n);
  return true;
}

// The sums the entries just read expect of the next order's, from zero.
void CountFileReader::start_order() {
  lower_total_ = section_ == 2 ? count_total_ : order_total_;
  order_total_ = 0;
  expected_prefixes_ = next_expected_prefixes_;
  expected_suffixes_ = next_expected_suffixes_;
  next_expected_prefixes_ = 0;
  next_expected_suffixes_ = 0;
  prefixes_ = 0;
  suffixes_ = 0;
}

Status CountFileReader::finish() {
  std::string_view word;
  std::uint64_t count = 0;
  std::span<const std::uint32_t> indices;
  while (next_word(word, count)) {
  }
  while (status_.is_ok() && section_ <= header_.order) {
    while (next_ngram(indices, count)) {
    }
  }
  GRAMVEC_TRY(status_);
  checksum_->update(std::string_view(buffer_.data() + hashed_, position_ - hashed_));
  hashed_ = position_;
  if (!fill(8)) {
    truncated();
    return status_;
  }
  std::uint64_t stored = get_fixed(0, 8);
  position_ += 8;
  hashed_ = position_;
  if (stored != checksum_->value()) {
    return status_ = Status::error(fmt::format("{}: corrupt count file: checksum {:016x}, computed {:016x}", name_,
                                               stored, checksum_->value()));
  }
  if (fill(1)) return status_ = Status::error(fmt::format("{}: unexpected data after the end of the count file", name_));
  return status_;
}

}  // namespace gramvec::ngram
