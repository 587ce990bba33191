#include "ngram/format/binary_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "gramvec/io/atomic_file.hpp"
#include "ngram/format/binary_format.hpp"
#include "ngram/model_data.hpp"
#include "util/checksum.hpp"

namespace gramvec::ngram {

namespace {

constexpr std::string_view kMagic("GVLM\r\n\x1a\n", 8);
constexpr std::uint32_t kByteOrderCheck = 0x01020304;

std::uint64_t header_checksum(BinaryHeader header) {
  header.header_checksum = 0;
  std::array<char, kBinaryHeaderBytes> bytes{};
  std::memcpy(bytes.data(), &header, sizeof header);
  return util::Checksum::of(as_bytes(bytes.data(), bytes.size()));
}

}  // namespace

bool is_binary_model(std::string_view bytes) { return bytes.substr(0, kMagic.size()) == kMagic; }

namespace {

// The header and sections of `model` as a binary file: `write` gets the header (offsets, sizes
// and checksums filled in) and then the sections, unless `path` is null, when only the size is
// found.
Result<std::uint64_t> lay_out_binary_model(const ModelData& model, const BinaryModelOptions& options,
                                           const std::string* path) {
  GRAMVEC_TRY(check_binary_options(options));
  const BinaryModelOptions held = model.binary_options();
  if (held.layout != options.layout || held.quantize_bits != options.quantize_bits) {
    return Status::error(fmt::format("{}: cannot write the {} layout (quantized to {} bits) from a model held in the "
                                     "{} layout (quantized to {} bits): load it in the layout to write",
                                     path != nullptr ? *path : "model", options.layout, options.quantize_bits,
                                     held.layout, held.quantize_bits));
  }
  BinaryHeader header;
  std::memcpy(header.magic.data(), kMagic.data(), kMagic.size());
  header.version = kBinaryModelVersion;
  header.byte_order = kByteOrderCheck;
  header.order = static_cast<std::uint32_t>(model.order);
  header.header_bytes = kBinaryHeaderBytes;
  header.quantize_bits = static_cast<std::uint32_t>(options.quantize_bits);

  std::string info;
  for (const auto& comment : model.info.comments) info += comment + "\n";
  std::string words;
  for (const auto& word : model.words) {
    auto length = static_cast<std::uint32_t>(word.size());
    words.append(as_bytes(&length, sizeof length));
    words.append(word);
  }
  return model.visit([&](const auto& search) -> Result<std::uint64_t> {
    header.layout = search.kId.file_id;
    const auto image = search.image(options);
    // Two passes over the same sections: the first finds the offsets and the checksum that the
    // header holds, the second writes header and sections in order (so '-' and pipes work too).
    auto lay_out = [&](SectionWriter& sections) {
      header.info_offset = sections.append(info);
      header.info_bytes = info.size();
      header.words_offset = sections.append(words);
      header.words_bytes = words.size();
      image.write(sections, header);
      header.file_bytes = sections.offset();
      header.body_checksum = sections.checksum();
    };
    SectionWriter dry_run(nullptr);
    lay_out(dry_run);
    if (path == nullptr) return std::uint64_t{header.file_bytes};
    header.header_checksum = header_checksum(header);
    std::array<char, kBinaryHeaderBytes> header_bytes{};
    std::memcpy(header_bytes.data(), &header, sizeof header);

    io::AtomicFileWriter out;
    GRAMVEC_TRY(out.open(*path));
    out.write(as_bytes(header_bytes.data(), header_bytes.size()));
    SectionWriter sections(&out);
    lay_out(sections);
    GRAMVEC_TRY(out.commit());
    return std::uint64_t{header.file_bytes};
  });
}

}  // namespace

Status write_binary_model(const ModelData& model, const std::string& path, const BinaryModelOptions& options) {
  auto written = lay_out_binary_model(model, options, &path);
  return written ? Status::ok() : written.status();
}

Result<std::uint64_t> binary_model_bytes(const ModelData& model, const BinaryModelOptions& options) {
  return lay_out_binary_model(model, options, nullptr);
}

Result<std::unique_ptr<ModelData>> read_binary_model(io::MappedFile file, const std::string& name) {
  auto shared = std::make_shared<io::MappedFile>(std::move(file));
  std::string_view bytes = shared->bytes();
  BinaryFileView view(bytes, name);
  if (!is_binary_model(bytes)) return Status::error(fmt::format("{}: not a gramvec binary model", name));
  if (bytes.size() < kBinaryHeaderBytes) {
    return Status::error(fmt::format("{}: truncated gramvec binary model ({} bytes, shorter than its header)", name,
                                     bytes.size()));
  }
  BinaryHeader header;
  std::memcpy(&header, bytes.data(), sizeof header);
  if (header.byte_order != kByteOrderCheck) {
    if (header.byte_order == 0x04030201) {
      return Status::error(fmt::format("{}: the binary model was written on a machine of the other byte order; "
                                       "convert it from ARPA here",
                                       name));
    }
    return view.corrupt("bad byte-order mark");
  }
  if (header.version > kBinaryModelVersion) {
    return Status::error(fmt::format("{}: binary model format version {} is newer than this gramvec reads ({}); "
                                     "upgrade gramvec or convert the model from ARPA with this version",
                                     name, header.version, kBinaryModelVersion));
  }
  if (header.version == 0) return view.corrupt("format version 0");
  if (header.version < kBinaryModelVersion) {
    return Status::error(fmt::format("{}: binary model format version {} was written by an earlier gramvec (this one "
                                     "reads version {}); convert the ARPA model again",
                                     name, header.version, kBinaryModelVersion));
  }
  if (header_checksum(header) != header.header_checksum) return view.corrupt("header checksum mismatch");
  if (header.file_bytes != bytes.size()) {
    if (bytes.size() < header.file_bytes) {
      return Status::error(fmt::format("{}: truncated gramvec binary model ({} of {} bytes)", name, bytes.size(),
                                       header.file_bytes));
    }
    return view.corrupt(fmt::format("{} bytes after the end the header gives ({})", bytes.size() - header.file_bytes,
                                    header.file_bytes));
  }
  // The layout: the one whose id the header holds.
  Status read_status = view.corrupt(fmt::format("unknown layout {}", header.layout));
  bool layout_known = false;
  int max_quantize_bits = 0;
  for_each_layout([&](auto layout) {
    using Layout = typename decltype(layout)::type;
    if (Layout::kId.file_id != header.layout) return;
    layout_known = true;
    max_quantize_bits = Layout::kId.max_quantize_bits;
  });
  if (!layout_known) return read_status;
  if (header.quantize_bits > static_cast<std::uint32_t>(max_quantize_bits)) {
    return view.corrupt(fmt::format("quantization to {} bits", header.quantize_bits));
  }
  if (header.order < 1 || header.order > static_cast<std::uint32_t>(kMaxOrder)) {
    return view.corrupt(fmt::format("order {}", header.order));
  }
  if (util::Checksum::of(bytes.substr(kBinaryHeaderBytes)) != header.body_checksum) {
    return view.corrupt("checksum mismatch (the file was damaged or changed after it was written)");
  }

  auto model = std::make_unique<ModelData>();
  model->order = static_cast<int>(header.order);
  std::string_view info;
  std::string_view words;
  if (!view.section(header.info_offset, header.info_bytes, info, false)) {
    return view.corrupt("info section out of bounds");
  }
  if (!view.section(header.words_offset, header.words_bytes, words, false)) {
    return view.corrupt("words section out of bounds");
  }
  while (!info.empty()) {
    std::size_t end = info.find('\n');
    model->info.add_comment(info.substr(0, end));
    info.remove_prefix(end == std::string_view::npos ? info.size() : end + 1);
  }
  // Each word takes 4 bytes at least: a damaged count cannot ask for more memory than that.
  model->words.reserve(std::min<std::uint64_t>(header.counts[0], words.size() / sizeof(std::uint32_t)));
  while (!words.empty()) {
    std::uint32_t length = 0;
    if (words.size() < sizeof length) return view.corrupt("words section");
    std::memcpy(&length, words.data(), sizeof length);
    words.remove_prefix(sizeof length);
    if (words.size() < length) return view.corrupt("words section");
    model->words.emplace_back(words.substr(0, length));
    words.remove_prefix(length);
  }
  if (model->words.size() != header.counts[0]) return view.corrupt("the word list does not match the 1-gram count");

  read_status = Status::ok();
  for_each_layout([&](auto layout) {
    using Layout = typename decltype(layout)::type;
    if (Layout::kId.file_id != header.layout) return;
    auto read = Layout::read(header, view);
    if (!read) {
      read_status = read.status();
      return;
    }
    model->search.template emplace<Layout>(std::move(*read));
  });
  GRAMVEC_TRY(read_status);
  model->mapped = std::move(shared);
  model->set_backoff_rule();
  return model;
}

}  // namespace gramvec::ngram
