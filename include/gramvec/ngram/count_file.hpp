// Count files: the raw n-gram counts of a corpus in one canonical order that does not depend on
// how the corpus was split, so that shards counted separately (one per input part) merge, by a
// streaming k-way merge, into the same file as counting the whole corpus at once.
//
// Format version 2. Fixed-size integers are little-endian; "varint" is unsigned LEB128 (7 bits
// per byte, lowest group first, the high bit set on every byte but the last).
//
//   offset  size  field
//   0       8     magic "GVCOUNTS"
//   8       4     byte-order mark 0x01020304 (bytes 04 03 02 01)
//   12      4     format version: 1
//   16      4     order N (1 to 10)
//   20      4     flags: bit 0 set = one sentence per ICU sentence (--sentences), clear = one per
//                 line; other bits 0
//   24      8     sentences
//   32      8     tokens: words plus one </s> per sentence (the ARPA header's tokens=); it equals
//                 the sum of the word counts below minus the count of <s>
//   40      varint L, then L bytes: the tokenizer settings as the ARPA and vocabulary headers
//                 record them (TokenizerOptions::describe(): "tokenizer=word lower=0 normalize=nfkc")
//   then    the word list, which is also the 1-grams: every word that occurs (<s> and </s>
//           included, each counted once per sentence; a literal <unk> as a word), in strictly
//           ascending byte order (memcmp; a prefix sorts first). Word i of the list has index i.
//           Each word is
//             varint S   length of the word's last part that differs from the previous word (>= 1)
//             varint P   length of the prefix it shares with the previous word (0 for the first)
//             S bytes    that last part
//             varint C   count (>= 1)
//           and a single varint 0 ends the list.
//   then    for n = 2 .. N, the n-grams of order n that occur, each a sequence of n word indices,
//           in strictly ascending lexicographic order of the indices (which is the byte order of
//           their words, word by word). Each n-gram is
//             varint K+1   K (0 .. n-1) = position of the first index that differs from the
//                          previous n-gram's (0 for the first n-gram of the order)
//             varint D     index[K] minus the previous n-gram's index[K] (>= 1); for the first
//                          n-gram of the order, index[0] itself
//             n-1-K varints  index[K+1] .. index[n-1]
//             varint C     count (>= 1)
//           and a single varint 0 ends the order.
//   last 8  checksum: XXH3-64 of every byte before it.
//
// The counts are those of count_ngrams: every n-gram of order <= N within a sentence
// <s> w1 ... wk </s>. Nothing is dropped or mapped to <unk> when counting: the vocabulary
// (--min-count, --vocab) is chosen when estimating, so that merged shards equal the whole.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/io/atomic_file.hpp"
#include "gramvec/ngram/options.hpp"
#include "gramvec/status.hpp"
#include "gramvec/text/tokenizer.hpp"

namespace gramvec::util {
class Checksum;
}  // namespace gramvec::util

namespace gramvec::ngram {

// 2: XXH3-64 checksum (1: FNV-1a, no longer read).
inline constexpr std::uint32_t kCountFileVersion = 2;

// What a count file records besides its n-grams.
struct CountFileHeader {
  int order = 0;
  text::TokenizerOptions tokenizer;
  bool split_sentences = false;  // --sentences
  std::uint64_t sentences = 0;
  std::uint64_t tokens = 0;  // words plus one </s> per sentence

  // "order=3 tokenizer=word lower=0 normalize=nfkc sentences=lines": the settings that must agree
  // for files to be merged.
  std::string describe_settings() const;
  bool same_settings(const CountFileHeader& other) const;
};

// Writes a count file front to back, atomically: the words in byte order, then the n-grams of
// order 2, 3, ... each in canonical order. Entries out of order are reported by commit().
// Neither the writer nor the reader can be copied: each owns its file and its checksum state.
class CountFileWriter {
 public:
  CountFileWriter();
  ~CountFileWriter();

  Status open(const std::string& path, const CountFileHeader& header);
  void add_word(std::string_view word, std::uint64_t count);
  // An n-gram of order indices.size(), as indices into the word list; ends the word list and
  // lower orders' sections when it is the first of its order.
  void add_ngram(std::span<const std::uint32_t> indices, std::uint64_t count);
  // Ends the remaining sections, writes the checksum and renames the file into place.
  Status commit();
  // Entries written for order n (1: words).
  std::uint64_t entries(int n) const { return entries_[static_cast<std::size_t>(n - 1)]; }

 private:
  void end_section();
  void put_varint(std::uint64_t value);
  void put_bytes(const char* bytes, std::size_t size);
  void flush();
  void fail(std::string message);

  io::AtomicFileWriter out_;
  std::string path_;
  int order_ = 0;
  int section_ = 1;  // 1: words; n: n-grams of order n; order_ + 1: done
  std::vector<char> buffer_;
  std::unique_ptr<util::Checksum> checksum_;
  std::string previous_word_;
  std::array<std::uint32_t, kMaxOrder> previous_{};
  std::array<std::uint64_t, kMaxOrder> entries_{};
  Status status_;
};

// Reads a count file front to back ("-": stdin) and checks it as it goes: magic, byte order,
// version, settings, the order of the entries, indices in range, the totals and the checksum.
// Errors are one line naming the file.
//
// It also checks what estimation relies on and a checksum cannot vouch for (whoever changes a
// file can recompute it): that each order's n-grams agree with the order below. In counts of
// whole sentences <s> w1 ... wk </s>, every occurrence of an (n-1)-gram g that does not end with
// </s> is followed by exactly one word, so c(g) = sum over w of c(g w); likewise
// c(g) = sum over w of c(w g) when g does not start with <s>. So every n-gram's context and
// suffix are present, <s> and </s> stand only first and last, and the counts add up. Holding
// the lower order to compare would take memory, so the reader compares, per order, sums of
// count x hash(n-gram) on both sides instead: the hash is keyed with a random key drawn for each
// reader, so that a file cannot be made to pass without the identities holding (but by a
// negligible chance).
class CountFileReader {
 public:
  CountFileReader();
  ~CountFileReader();

  // Opens `path` and reads its header.
  Status open(const std::string& path);
  const CountFileHeader& header() const { return header_; }
  const std::string& name() const { return name_; }

  // The next word of the list (the view is valid until the next call) and its count; false at
  // the end of the list or on an error (then status() is not ok).
  bool next_word(std::string_view& word, std::uint64_t& count);
  // The number of words read so far (the whole list once next_word returned false).
  std::size_t words() const { return words_; }
  // The order whose n-grams next_ngram reads now: 2 after the word list, then 3, ...
  int section() const { return section_; }
  // The next n-gram of the current order (indices into the word list; valid until the next
  // call); false at the end of the order (the next call goes on with the next order) or on an
  // error.
  bool next_ngram(std::span<const std::uint32_t>& indices, std::uint64_t& count);
  // After the last order: reads the checksum, compares it and checks that the file ends there.
  Status finish();
  Status status() const { return status_; }

 private:
  bool fill(std::size_t wanted);
  bool get_varint(std::uint64_t& value);
  bool get_bytes(char* bytes, std::size_t size);
  std::uint64_t get_fixed(std::size_t offset, std::size_t size) const;
  bool fail(std::string message);
  bool truncated();
  std::string section_name() const;

  std::FILE* file_ = nullptr;
  bool owns_file_ = false;
  bool eof_ = false;
  std::string name_;
  CountFileHeader header_;
  std::vector<char> buffer_;
  std::size_t position_ = 0;  // next unread byte of buffer_
  std::size_t end_ = 0;       // end of valid data in buffer_
  std::size_t hashed_ = 0;    // bytes of buffer_ before this are in checksum_
  std::unique_ptr<util::Checksum> checksum_;
  int section_ = 1;
  std::string word_;
  std::size_t words_ = 0;
  std::uint64_t bos_count_ = 0;
  std::uint64_t count_total_ = 0;
  std::array<std::uint32_t, kMaxOrder> ngram_{};
  bool first_in_section_ = true;
  // The identities above: the word list's indices of <s> and </s> (kNoIndex if absent), the
  // hash key, and per order the sums the lower order expects and the sums the n-grams give.
  static constexpr std::uint64_t kNoIndex = ~std::uint64_t{0};
  std::uint64_t bos_index_ = kNoIndex;
  std::uint64_t eos_index_ = kNoIndex;
  std::uint64_t hash_seed_ = 0;
  std::uint64_t hash_factor_ = 0;
  std::uint64_t expected_prefixes_ = 0;
  std::uint64_t expected_suffixes_ = 0;
  std::uint64_t prefixes_ = 0;
  std::uint64_t suffixes_ = 0;
  std::uint64_t next_expected_prefixes_ = 0;
  std::uint64_t next_expected_suffixes_ = 0;
  // The sums above are taken modulo 2^64, so counts that wrap around could balance them: the
  // counts of each order must also add up, without wrapping, to at most the order below's.
  std::uint64_t lower_total_ = 0;
  std::uint64_t order_total_ = 0;
  std::uint64_t fold(std::uint64_t hash, const std::uint32_t* indices, std::size_t size) const;
  void expect(const std::uint32_t* indices, std::size_t size, std::uint64_t folded, std::uint64_t count);
  void start_order();
  Status status_;
};

}  // namespace gramvec::ngram
