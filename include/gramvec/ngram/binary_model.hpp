// gramvec's binary language-model format: memory-mapped for queries, so loading takes no
// parsing and the pages are shared between processes that use the same model.
//
// Layout (version 1, little-endian; all offsets from the start of the file, sections aligned to
// 64 bytes):
//   header, 512 bytes (zero-padded):
//     magic "GVLM\r\n\x1a\n" (catches text-mode transfers), u32 format version, u32 byte-order
//     check 0x01020304, u32 layout (1 = hash), u32 order, u32 quantization bits (0),
//     u32 header size, u64 file size, u64 info offset, u64 info size, u64 words offset,
//     u64 words size, u64 n-gram counts[10], u64 slot counts[10], u64 table offsets[10],
//     u64 checksum of the bytes after the header, u64 checksum of the header (this field 0)
//   info: the model's header comments (tokenizer, smoothing, ...), '\n'-separated
//   words: the unigram words in ARPA order, each a u32 length and its bytes
//   hash layout, one table per order: open addressing with linear probing, slot of a key
//     = floor(key * slots / 2^64); a slot is {u64 key (0: empty), f32 log10 p, f32 log10 backoff}
//     below the highest order and {u64 key, f32 log10 p} (12 bytes) at the highest. The key of
//     an n-gram is NGramModel's hash of its words (word_hash, extended by extend_key from the
//     last word towards the first).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gramvec/ngram/model.hpp"
#include "gramvec/status.hpp"

namespace gramvec::ngram {

// BinaryLayout and BinaryModelOptions are in model.hpp.
Result<BinaryLayout> parse_binary_layout(std::string_view name);
// Fails, with a message in the command line's terms, for --quantize with the hash layout or out
// of 1 .. 16.
Status check_binary_options(const BinaryModelOptions& options);

class BinaryModelCodec {
 public:
  static constexpr std::uint32_t kFormatVersion = 1;
  // True when the bytes start with the binary model magic.
  static bool recognizes(std::string_view bytes);
  // Writes `model` atomically.
  static Status write(const NGramModel& model, const std::string& path, const BinaryModelOptions& options);
  // A model whose tables borrow the mapped file's bytes.
  static Result<NGramModel> read(io::MappedFile file, const std::string& name);
};

}  // namespace gramvec::ngram
