// gramvec's binary language-model format: memory-mapped for queries, so loading takes no
// parsing and the pages are shared between processes that use the same model.
//
// Layout (version 2, little-endian; all offsets from the start of the file, sections aligned to
// 64 bytes):
//   header, 512 bytes (zero-padded):
//     magic "GVLM\r\n\x1a\n" (catches text-mode transfers), u32 format version, u32 byte-order
//     check 0x01020304, u32 layout (1 = hash, 2 = trie), u32 order, u32 quantization bits (0, or
//     1 .. 16 for a quantized trie), u32 header size, u64 file size, u64 info offset, u64 info
//     size, u64 words offset, u64 words size, u64 n-gram counts[10], u64 slot counts[10] (hash),
//     u64 table offsets[10] (hash), u64 checksum of the bytes after the header, u64 checksum of
//     the header (this field 0), u64 trie directory offset, u64 trie directory size (0 for hash)
//   info: the model's header comments (tokenizer, smoothing, ...), '\n'-separated
//   words: the unigram words in ARPA order, each a u32 length and its bytes
//   hash layout, one table per order: open addressing with linear probing, slot of a key
//     = floor(key * slots / 2^64); a slot is {u64 key (0: empty), f32 log10 p, f32 log10 backoff}
//     below the highest order and {u64 key, f32 log10 p} (12 bytes) at the highest. The key of
//     an n-gram is util::word_key of its last word, extended by util::extend_word_key towards
//     the first (util/word_key.hpp). The structure of KenLM's PROBING: fastest, and largest.
//   trie layout (search/trie; the structure of KenLM's TRIE, about 2.6 times smaller than hash):
//     vocabulary table: open addressing as above, slots {u64 word hash (0: empty), u32 id, u32 0};
//       a word's id is the rank of its hash among the 1-grams' hashes
//     1-grams: V + 1 entries {f32 log10 p, f32 log10 backoff, u64 first child in the 2-grams},
//       by id; the last one only closes the last child range
//     levels 2 .. order: bit-packed entries [word id][log10 p][log10 backoff][first child] (the
//       highest order: [word id][log10 p]), grouped under their parent and sorted by word id,
//       each middle level closed by a sentinel entry; then 8 bytes of padding
//     codebooks: 2^bits f32 values, for the columns coded that way
//     directory (last): u64 vocabulary offset, u64 vocabulary slots, u64 1-gram offset, u64 0,
//       then for n = 1 .. 10 (only 2 .. order used) {u64 offset, u64 size, u64 entries (with the
//       sentinel), u32 word id bits, u32 first-child bits, probability and backoff columns, each
//       {u32 encoding (0 none, 1 f32, 2 31-bit f32 <= 0 without its sign, 3 codebook index),
//       u32 bits, u64 codebook offset}}
//     Backoffs take few distinct values, so a lossless codebook of them usually replaces the
//     32-bit floats (12 bits or fewer on PTB). --quantize BITS codes probabilities and backoffs
//     of orders 2 and up with per-order codebooks of 2^BITS values (codebook.hpp).
//   Reading checks every section's bounds, and for a trie that ids, child ranges and field widths
//   are consistent, so no file, however damaged, makes a query read out of bounds.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "gramvec/io/mapped_file.hpp"
#include "gramvec/ngram/model.hpp"
#include "gramvec/status.hpp"

namespace gramvec::ngram {

// 2: XXH3-64 checksums (1: an earlier checksum, no longer read).
inline constexpr std::uint32_t kBinaryModelVersion = 2;

// True when the bytes start with the binary model magic.
bool is_binary_model(std::string_view bytes);
// A model whose layout borrows the mapped file's bytes, every part checked.
Result<std::unique_ptr<ModelData>> read_binary_model(io::MappedFile file, const std::string& name);
// Writes `model` atomically ("-": stdout); it must be held in the layout `options` ask for.
Status write_binary_model(const ModelData& model, const std::string& path, const BinaryModelOptions& options);
// The size of the file write_binary_model would write, without writing it.
Result<std::uint64_t> binary_model_bytes(const ModelData& model, const BinaryModelOptions& options);

}  // namespace gramvec::ngram
