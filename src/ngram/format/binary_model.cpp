#include "ngram/format/binary_model.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>

#include "gramvec/io/atomic_file.hpp"
#include "ngram/search/trie/bit_packed_array.hpp"
#include "ngram/search/trie/trie.hpp"
#include "util/checksum.hpp"

namespace gramvec::ngram {

namespace {

constexpr std::string_view kMagic("GVLM\r\n\x1a\n", 8);
constexpr std::uint32_t kByteOrderCheck = 0x01020304;
constexpr std::size_t kHeaderBytes = 512;
constexpr std::size_t kAlignment = 64;

struct Header {
  std::array<char, 8> magic{};
  std::uint32_t version = 0;
  std::uint32_t byte_order = 0;
  std::uint32_t layout = 0;
  std::uint32_t order = 0;
  std::uint32_t quantize_bits = 0;
  std::uint32_t header_bytes = 0;
  std::uint64_t file_bytes = 0;
  std::uint64_t info_offset = 0;
  std::uint64_t info_bytes = 0;
  std::uint64_t words_offset = 0;
  std::uint64_t words_bytes = 0;
  std::array<std::uint64_t, kMaxOrder> counts{};
  std::array<std::uint64_t, kMaxOrder> slot_counts{};
  std::array<std::uint64_t, kMaxOrder> table_offsets{};
  std::uint64_t body_checksum = 0;
  std::uint64_t header_checksum = 0;
  // The trie layout's directory (0 for the hash layout).
  std::uint64_t directory_offset = 0;
  std::uint64_t directory_bytes = 0;
};
static_assert(sizeof(Header) <= kHeaderBytes);

// The trie layout's directory: where each part is and how each level is packed.
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

constexpr int kMaxQuantizeBits = 16;

std::string_view layout_name(BinaryLayout layout) { return layout == BinaryLayout::trie ? "trie" : "hash"; }

std::string_view as_bytes(const void* data, std::size_t size) { return {static_cast<const char*>(data), size}; }

std::uint64_t header_checksum(Header header) {
  header.header_checksum = 0;
  std::array<char, kHeaderBytes> bytes{};
  std::memcpy(bytes.data(), &header, sizeof header);
  return util::Checksum::of(as_bytes(bytes.data(), bytes.size()));
}

std::uint64_t aligned(std::uint64_t offset) { return (offset + kAlignment - 1) / kAlignment * kAlignment; }

// Builds the file's sections in order, tracking offsets and the body checksum.
class SectionWriter {
 public:
  // Without `out`, only the offsets and checksum are computed.
  explicit SectionWriter(io::AtomicFileWriter* out) : out_(out) {}
  std::uint64_t append(std::string_view bytes) {
    pad_to(aligned(offset_));
    std::uint64_t start = offset_;
    write(bytes);
    return start;
  }
  std::uint64_t offset() const { return offset_; }
  std::uint64_t checksum() const { return checksum_.value(); }

 private:
  void pad_to(std::uint64_t target) {
    static constexpr std::array<char, kAlignment> zeros{};
    while (offset_ < target) write(as_bytes(zeros.data(), std::min<std::uint64_t>(target - offset_, zeros.size())));
  }
  void write(std::string_view bytes) {
    if (out_ != nullptr) out_->write(bytes);
    checksum_.update(bytes);
    offset_ += bytes.size();
  }
  io::AtomicFileWriter* out_;
  util::Checksum checksum_;
  std::uint64_t offset_ = kHeaderBytes;
};

// The trie layout's part of reading: the parts of the mapped file `bytes`, checked.
Result<Trie> read_trie(const Header& header, std::string_view bytes, const std::string& name) {
  auto corrupt = [&](std::string_view what) {
    return Status::error(fmt::format("{}: corrupt gramvec binary model: {}", name, what));
  };
  // A section within the file, starting at an aligned offset (every part is read in place).
  auto section = [&](std::uint64_t offset, std::uint64_t size, std::string_view& out) {
    if (offset < kHeaderBytes || offset % kAlignment != 0 || offset > bytes.size() || size > bytes.size() - offset) {
      return false;
    }
    out = bytes.substr(offset, size);
    return true;
  };
  std::string_view directory_bytes;
  if (header.directory_bytes != sizeof(TrieDirectory) ||
      !section(header.directory_offset, header.directory_bytes, directory_bytes)) {
    return corrupt("trie directory out of bounds");
  }
  TrieDirectory directory;
  std::memcpy(&directory, directory_bytes.data(), sizeof directory);

  std::uint64_t words = header.counts[0];
  std::string_view vocabulary;
  std::uint64_t slots = directory.vocabulary_slots;
  if (slots <= words || slots > bytes.size() / sizeof(VocabularyEntry) ||
      !section(directory.vocabulary_offset, slots * sizeof(VocabularyEntry), vocabulary)) {
    return corrupt("vocabulary table out of bounds");
  }
  std::string_view unigrams;
  if (!section(directory.unigram_offset, (words + 1) * sizeof(TrieUnigram), unigrams)) {
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
      if (column.bits > 24 || !section(column.codebook_offset, sizeof(float) << column.bits, codebook)) {
        return corrupt(fmt::format("{}-gram codebook out of bounds", n));
      }
      codebooks[c] = {reinterpret_cast<const float*>(codebook.data()), std::size_t{1} << column.bits};
    }
    std::string_view level_bytes;
    if (record.bytes != BitPackedArray::bytes_for(record.entries * format.entry_bits()) ||
        !section(record.offset, record.bytes, level_bytes)) {
      return corrupt(fmt::format("{}-gram array out of bounds", n));
    }
    levels.emplace_back(format, record.entries, words, BitPackedArray(level_bytes), codebooks[0], codebooks[1]);
  }
  Trie trie = Trie::borrow({reinterpret_cast<const VocabularyEntry*>(vocabulary.data()), slots}, words,
                           {reinterpret_cast<const TrieUnigram*>(unigrams.data()), words + 1}, std::move(levels));
  if (Status status = trie.check(); !status) return corrupt(status.message());
  return trie;
}

}  // namespace

Result<BinaryLayout> parse_binary_layout(std::string_view name) {
  if (name == "hash") return BinaryLayout::hash;
  if (name == "trie") return BinaryLayout::trie;
  return Status::error(fmt::format("unknown --layout '{}' (expected hash or trie)", name));
}

Status check_binary_options(const BinaryModelOptions& options) {
  if (!(options.space >= 1.05 && options.space <= 10.0)) {
    return Status::error(fmt::format("--space must be from 1.05 to 10, not {}", options.space));
  }
  if (options.quantize_bits == 0) return Status::ok();
  if (options.layout != BinaryLayout::trie) return Status::error("--quantize needs --layout trie");
  if (options.quantize_bits < 1 || options.quantize_bits > kMaxQuantizeBits) {
    return Status::error(fmt::format("--quantize {}: expected a number of bits from 1 to {}", options.quantize_bits,
                                     kMaxQuantizeBits));
  }
  return Status::ok();
}

bool BinaryModelCodec::recognizes(std::string_view bytes) { return bytes.substr(0, kMagic.size()) == kMagic; }

Status BinaryModelCodec::write(const NGramModel& model, const std::string& path, const BinaryModelOptions& options) {
  GRAMVEC_TRY(check_binary_options(options));
  BinaryModelOptions held = model.layout();
  if (held.layout != options.layout || held.quantize_bits != options.quantize_bits) {
    return Status::error(fmt::format("{}: cannot write the {} layout (quantized to {} bits) from a model held in the "
                                     "{} layout (quantized to {} bits): load it in the layout to write",
                                     path, layout_name(options.layout), options.quantize_bits,
                                     layout_name(held.layout), held.quantize_bits));
  }
  // hash: the tables again at the asked space (the ARPA reader builds them at the default).
  std::vector<ProbingTable<MiddleEntry>> middle;
  ProbingTable<LastEntry> last;
  if (options.layout == BinaryLayout::hash) {
    for (const auto& table : model.middle_) middle.push_back(table.rebuilt(options.space));
    last = model.last_.rebuilt(options.space);
  }
  Header header;
  std::memcpy(header.magic.data(), kMagic.data(), kMagic.size());
  header.version = kFormatVersion;
  header.byte_order = kByteOrderCheck;
  header.layout = static_cast<std::uint32_t>(options.layout);
  header.order = static_cast<std::uint32_t>(model.order_);
  header.header_bytes = kHeaderBytes;
  header.quantize_bits = static_cast<std::uint32_t>(options.quantize_bits);

  std::string info;
  for (const auto& comment : model.info_.comments) info += comment + "\n";
  std::string words;
  for (const auto& word : model.words_) {
    auto length = static_cast<std::uint32_t>(word.size());
    words.append(as_bytes(&length, sizeof length));
    words.append(word);
  }

  // The trie layout's sections and directory (last, as it holds the others' offsets).
  auto lay_out_trie = [](const Trie& trie, SectionWriter& sections, Header& header) {
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
    header.file_bytes = sections.offset();
    header.body_checksum = sections.checksum();
  };

  // Two passes over the same sections: the first finds the offsets and the checksum that the
  // header holds, the second writes header and sections in order (so '-' and pipes work too).
  auto lay_out = [&](SectionWriter& sections) {
    header.info_offset = sections.append(info);
    header.info_bytes = info.size();
    header.words_offset = sections.append(words);
    header.words_bytes = words.size();
    if (model.trie_) {
      lay_out_trie(*model.trie_, sections, header);
      return;
    }
    for (int n = 1; n <= model.order_; ++n) {
      auto index = static_cast<std::size_t>(n - 1);
      header.counts[index] = model.ngram_count(n);
      if (n == model.order_ && n > 1) {
        auto slots = last.slots();
        header.slot_counts[index] = slots.size();
        header.table_offsets[index] = sections.append(as_bytes(slots.data(), slots.size_bytes()));
      } else {
        auto slots = middle[index].slots();
        header.slot_counts[index] = slots.size();
        header.table_offsets[index] = sections.append(as_bytes(slots.data(), slots.size_bytes()));
      }
    }
    header.file_bytes = sections.offset();
    header.body_checksum = sections.checksum();
  };
  SectionWriter dry_run(nullptr);
  lay_out(dry_run);
  header.header_checksum = header_checksum(header);
  std::array<char, kHeaderBytes> header_bytes{};
  std::memcpy(header_bytes.data(), &header, sizeof header);

  io::AtomicFileWriter out;
  GRAMVEC_TRY(out.open(path));
  out.write(as_bytes(header_bytes.data(), header_bytes.size()));
  SectionWriter sections(&out);
  lay_out(sections);
  return out.commit();
}

Result<NGramModel> BinaryModelCodec::read(io::MappedFile file, const std::string& name) {
  std::string_view bytes = file.bytes();
  auto corrupt = [&](std::string_view what) {
    return Status::error(fmt::format("{}: corrupt gramvec binary model: {}", name, what));
  };
  if (!recognizes(bytes)) return Status::error(fmt::format("{}: not a gramvec binary model", name));
  if (bytes.size() < kHeaderBytes) {
    return Status::error(fmt::format("{}: truncated gramvec binary model ({} bytes, shorter than its header)", name,
                                     bytes.size()));
  }
  Header header;
  std::memcpy(&header, bytes.data(), sizeof header);
  if (header.byte_order != kByteOrderCheck) {
    if (header.byte_order == 0x04030201) {
      return Status::error(fmt::format("{}: the binary model was written on a machine of the other byte order; "
                                       "convert it from ARPA here",
                                       name));
    }
    return corrupt("bad byte-order mark");
  }
  if (header.version > kFormatVersion) {
    return Status::error(fmt::format("{}: binary model format version {} is newer than this gramvec reads ({}); "
                                     "upgrade gramvec or convert the model from ARPA with this version",
                                     name, header.version, kFormatVersion));
  }
  if (header.version == 0) return corrupt("format version 0");
  if (header_checksum(header) != header.header_checksum) return corrupt("header checksum mismatch");
  if (header.file_bytes != bytes.size()) {
    if (bytes.size() < header.file_bytes) {
      return Status::error(fmt::format("{}: truncated gramvec binary model ({} of {} bytes)", name, bytes.size(),
                                       header.file_bytes));
    }
    return corrupt(fmt::format("{} bytes after the end the header gives ({})", bytes.size() - header.file_bytes,
                               header.file_bytes));
  }
  if (header.layout != static_cast<std::uint32_t>(BinaryLayout::hash) &&
      header.layout != static_cast<std::uint32_t>(BinaryLayout::trie)) {
    return corrupt(fmt::format("unknown layout {}", header.layout));
  }
  bool trie = header.layout == static_cast<std::uint32_t>(BinaryLayout::trie);
  if (header.quantize_bits > (trie ? kMaxQuantizeBits : 0)) {
    return corrupt(fmt::format("quantization to {} bits", header.quantize_bits));
  }
  if (header.order < 1 || header.order > static_cast<std::uint32_t>(kMaxOrder)) {
    return corrupt(fmt::format("order {}", header.order));
  }
  if (util::Checksum::of(bytes.substr(kHeaderBytes)) != header.body_checksum) {
    return corrupt("checksum mismatch (the file was damaged or changed after it was written)");
  }
  auto section = [&](std::uint64_t offset, std::uint64_t size, std::string_view& out) {
    if (offset < kHeaderBytes || offset > bytes.size() || size > bytes.size() - offset) return false;
    out = bytes.substr(offset, size);
    return true;
  };

  NGramModel model;
  model.order_ = static_cast<int>(header.order);
  std::string_view info;
  std::string_view words;
  if (!section(header.info_offset, header.info_bytes, info)) return corrupt("info section out of bounds");
  if (!section(header.words_offset, header.words_bytes, words)) return corrupt("words section out of bounds");
  while (!info.empty()) {
    std::size_t end = info.find('\n');
    model.info_.add_comment(info.substr(0, end));
    info.remove_prefix(end == std::string_view::npos ? info.size() : end + 1);
  }
  model.words_.reserve(header.counts[0]);
  while (!words.empty()) {
    std::uint32_t length = 0;
    if (words.size() < sizeof length) return corrupt("words section");
    std::memcpy(&length, words.data(), sizeof length);
    words.remove_prefix(sizeof length);
    if (words.size() < length) return corrupt("words section");
    model.words_.emplace_back(words.substr(0, length));
    words.remove_prefix(length);
  }
  if (model.words_.size() != header.counts[0]) return corrupt("the word list does not match the 1-gram count");

  auto shared = std::make_shared<io::MappedFile>(std::move(file));
  bytes = shared->bytes();
  if (trie) {
    auto trie = read_trie(header, bytes, name);
    if (!trie) return trie.status();
    model.trie_ = std::move(*trie);
    model.quantize_bits_ = static_cast<int>(header.quantize_bits);
    model.mapped_ = std::move(shared);
    GRAMVEC_TRY(model.finish_loading(name));
    return model;
  }
  model.middle_.resize(header.order > 1 ? header.order - 1 : 1);
  for (std::uint32_t n = 1; n <= header.order; ++n) {
    std::size_t index = n - 1;
    bool last = n == header.order && n > 1;
    std::size_t entry_bytes = last ? sizeof(LastEntry) : sizeof(MiddleEntry);
    std::uint64_t slots = header.slot_counts[index];
    std::string_view table;
    if (slots <= header.counts[index] || slots > bytes.size() / entry_bytes ||
        !section(header.table_offsets[index], slots * entry_bytes, table) ||
        header.table_offsets[index] % kAlignment != 0) {
      return corrupt(fmt::format("{}-gram table out of bounds", n));
    }
    if (last) {
      model.last_.attach(reinterpret_cast<const LastEntry*>(table.data()), slots, header.counts[index]);
    } else {
      model.middle_[index].attach(reinterpret_cast<const MiddleEntry*>(table.data()), slots, header.counts[index]);
    }
  }
  model.mapped_ = std::move(shared);
  GRAMVEC_TRY(model.finish_loading(name));
  return model;
}

}  // namespace gramvec::ngram
