#include "gramvec/ngram/binary_model.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>

#include "gramvec/io/atomic_file.hpp"
#include "gramvec/io/checksum.hpp"

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
};
static_assert(sizeof(Header) <= kHeaderBytes);

std::string_view as_bytes(const void* data, std::size_t size) { return {static_cast<const char*>(data), size}; }

std::uint64_t header_checksum(Header header) {
  header.header_checksum = 0;
  std::array<char, kHeaderBytes> bytes{};
  std::memcpy(bytes.data(), &header, sizeof header);
  return io::Checksum::of(as_bytes(bytes.data(), bytes.size()));
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
  io::Checksum checksum_;
  std::uint64_t offset_ = kHeaderBytes;
};

}  // namespace

Result<BinaryLayout> parse_binary_layout(std::string_view name) {
  if (name == "hash") return BinaryLayout::hash;
  return Status::error(fmt::format("unknown --layout '{}' (expected hash)", name));
}

bool BinaryModelCodec::recognizes(std::string_view bytes) { return bytes.substr(0, kMagic.size()) == kMagic; }

Status BinaryModelCodec::write(const NGramModel& model, const std::string& path, const BinaryModelOptions& options) {
  if (options.quantize_bits != 0) return Status::error("--quantize needs --layout trie");
  if (!(options.space >= 1.05 && options.space <= 10.0)) {
    return Status::error(fmt::format("--space must be from 1.05 to 10, not {}", options.space));
  }
  // The tables again at the asked space (the ARPA reader builds them at the default).
  std::vector<ProbingTable<MiddleEntry>> middle;
  for (const auto& table : model.middle_) middle.push_back(table.rebuilt(options.space));
  ProbingTable<LastEntry> last = model.last_.rebuilt(options.space);
  Header header;
  std::memcpy(header.magic.data(), kMagic.data(), kMagic.size());
  header.version = kFormatVersion;
  header.byte_order = kByteOrderCheck;
  header.layout = static_cast<std::uint32_t>(options.layout);
  header.order = static_cast<std::uint32_t>(model.order_);
  header.header_bytes = kHeaderBytes;

  std::string info;
  for (const auto& comment : model.info_.comments) info += comment + "\n";
  std::string words;
  for (const auto& word : model.words_) {
    auto length = static_cast<std::uint32_t>(word.size());
    words.append(as_bytes(&length, sizeof length));
    words.append(word);
  }

  // Two passes over the same sections: the first finds the offsets and the checksum that the
  // header holds, the second writes header and sections in order (so '-' and pipes work too).
  auto lay_out = [&](SectionWriter& sections) {
    header.info_offset = sections.append(info);
    header.info_bytes = info.size();
    header.words_offset = sections.append(words);
    header.words_bytes = words.size();
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
  if (header.layout != static_cast<std::uint32_t>(BinaryLayout::hash)) {
    return corrupt(fmt::format("unknown layout {}", header.layout));
  }
  if (header.order < 1 || header.order > static_cast<std::uint32_t>(kMaxOrder)) {
    return corrupt(fmt::format("order {}", header.order));
  }
  if (io::Checksum::of(bytes.substr(kHeaderBytes)) != header.body_checksum) {
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
