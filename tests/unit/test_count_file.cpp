// Count files: the format round trip, merging shards into the counts of the whole, reading a
// corpus on several threads as on one, estimating from counts as from the corpus, and one clear
// error for every kind of broken file.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "gramvec/ngram/count_file.hpp"
#include "gramvec/ngram/count_merge.hpp"
#include "ngram/trainer.hpp"
#include "io/corpus_ranges.hpp"
#include "ngram/count/count_file_loader.hpp"
#include "ngram/format/arpa_writer.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
namespace ngram = gramvec::ngram;
using gramvec::Status;
using gramvec::vocab::WordId;

using gramvec::test::TempDir;

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Everything a count file holds, decoded with CountFileReader.
struct Decoded {
  ngram::CountFileHeader header;
  std::vector<std::pair<std::string, std::uint64_t>> words;
  std::vector<std::pair<std::vector<std::string>, std::uint64_t>> ngrams;  // every order >= 2
};

Decoded decode(const std::string& path) {
  ngram::CountFileReader reader;
  REQUIRE_MESSAGE(reader.open(path).is_ok(), reader.status().message());
  Decoded decoded;
  decoded.header = reader.header();
  std::string_view word;
  std::uint64_t count = 0;
  while (reader.next_word(word, count)) decoded.words.emplace_back(std::string(word), count);
  std::span<const std::uint32_t> indices;
  for (int n = 2; n <= decoded.header.order; ++n) {
    while (reader.next_ngram(indices, count)) {
      std::vector<std::string> words;
      for (std::uint32_t index : indices) words.push_back(decoded.words[index].first);
      decoded.ngrams.emplace_back(words, count);
    }
  }
  auto finished = reader.finish();
  REQUIRE_MESSAGE(finished.is_ok(), finished.message());
  return decoded;
}

std::uint64_t ngram_count(const Decoded& decoded, const std::vector<std::string>& words) {
  for (const auto& [ngram, count] : decoded.ngrams) {
    if (ngram == words) return count;
  }
  return 0;
}

ngram::CountingOptions counting(int order, std::size_t threads = 1) {
  ngram::CountingOptions options;
  options.order = order;
  options.reading.corpus.tokenizer.mode = gramvec::text::TokenizerMode::space;
  options.reading.threads = threads;
  return options;
}

// A small hand-made count file of order 2: words "a" 3, "b" 1 and the sentence markers.
ngram::CountFileHeader small_header() {
  ngram::CountFileHeader header;
  header.order = 2;
  header.tokenizer.mode = gramvec::text::TokenizerMode::space;
  header.sentences = 2;
  header.tokens = 6;  // a a b </s> / a </s>
  return header;
}

void write_small(const std::string& path) {
  ngram::CountFileWriter writer;
  REQUIRE(writer.open(path, small_header()).is_ok());
  writer.add_word("</s>", 2);  // byte order: "</s>" < "<s>" ('/' < 's'), both before "a" ('<' < 'a')
  writer.add_word("<s>", 2);
  writer.add_word("a", 3);
  writer.add_word("b", 1);
  // indices: </s> 0, <s> 1, a 2, b 3
  writer.add_ngram(std::vector<std::uint32_t>{1, 2}, 2);  // <s> a
  writer.add_ngram(std::vector<std::uint32_t>{2, 0}, 1);  // a </s>
  writer.add_ngram(std::vector<std::uint32_t>{2, 2}, 1);  // a a
  writer.add_ngram(std::vector<std::uint32_t>{2, 3}, 1);  // a b
  writer.add_ngram(std::vector<std::uint32_t>{3, 0}, 1);  // b </s>
  REQUIRE(writer.commit().is_ok());
}

std::string expect_error(const std::string& path) {
  ngram::CountFileReader reader;
  Status status = reader.open(path);
  if (status.is_ok()) status = reader.finish();
  REQUIRE_FALSE(status.is_ok());
  return status.message();
}

}  // namespace

TEST_CASE("count file: write and read back") {
  TempDir dir("count_roundtrip");
  std::string path = dir.file("small.counts");
  write_small(path);
  std::string bytes = read_bytes(path);
  CHECK(bytes.substr(0, 8) == "GVCOUNTS");
  CHECK(bytes.substr(8, 4) == std::string("\x04\x03\x02\x01", 4));
  CHECK(bytes.substr(12, 4) == std::string("\x02\x00\x00\x00", 4));

  Decoded decoded = decode(path);
  CHECK(decoded.header.order == 2);
  CHECK(decoded.header.sentences == 2);
  CHECK(decoded.header.tokens == 6);
  CHECK(decoded.header.tokenizer.describe() == "tokenizer=space lower=0 normalize=nfkc");
  CHECK_FALSE(decoded.header.split_sentences);
  using Words = std::vector<std::pair<std::string, std::uint64_t>>;
  CHECK(decoded.words == Words{{"</s>", 2}, {"<s>", 2}, {"a", 3}, {"b", 1}});
  REQUIRE(decoded.ngrams.size() == 5);
  CHECK(ngram_count(decoded, {"<s>", "a"}) == 2);
  CHECK(ngram_count(decoded, {"a", "b"}) == 1);
  CHECK(ngram_count(decoded, {"b", "</s>"}) == 1);

  // Merging one file gives the same bytes: the encoding is canonical.
  auto merged = ngram::merge_count_files({path}, dir.file("copy.counts"));
  REQUIRE_MESSAGE(merged.is_ok(), merged.message());
  CHECK(read_bytes(dir.file("copy.counts")) == bytes);
}

TEST_CASE("count file: tables with vocabulary ids are written in the byte order of their words") {
  TempDir dir("count_tables");
  gramvec::vocab::Vocabulary vocabulary;  // <unk> 0, <s> 1, </s> 2
  REQUIRE(vocabulary.insert("zeta") == 3);
  REQUIRE(vocabulary.insert("alpha") == 4);
  ngram::SentenceStream stream;
  stream.add_sentence(std::vector<WordId>{3, 4, 3});
  stream.add_sentence(std::vector<WordId>{4});
  ngram::CountFileHeader header;
  header.order = 2;
  header.sentences = 2;
  header.tokens = 6;
  REQUIRE(ngram::write_count_file(ngram::count_ngrams(stream, 2, vocabulary.size()), vocabulary, header,
                                  dir.file("t.counts"))
              .is_ok());
  Decoded decoded = decode(dir.file("t.counts"));
  using Words = std::vector<std::pair<std::string, std::uint64_t>>;
  CHECK(decoded.words == Words{{"</s>", 2}, {"<s>", 2}, {"alpha", 2}, {"zeta", 2}});  // <unk> never occurs
  using NGrams = std::vector<std::pair<std::vector<std::string>, std::uint64_t>>;
  CHECK(decoded.ngrams == NGrams{{{"<s>", "alpha"}, 1},
                                 {{"<s>", "zeta"}, 1},
                                 {{"alpha", "</s>"}, 1},
                                 {{"alpha", "zeta"}, 1},
                                 {{"zeta", "</s>"}, 1},
                                 {{"zeta", "alpha"}, 1}});
}

TEST_CASE("count file: counting a corpus, the counts are those of count_ngrams in canonical order") {
  TempDir dir("count_corpus");
  write_text(dir.file("corpus.txt"), "b a b\nc\n\na <unk> b a\n");
  auto summary = ngram::count_corpus({dir.file("corpus.txt")}, counting(3), dir.file("c.counts"));
  REQUIRE_MESSAGE(summary.is_ok(), summary.message());
  Decoded decoded = decode(dir.file("c.counts"));
  CHECK(decoded.header.sentences == 4);
  CHECK(decoded.header.tokens == 12);  // 8 words + 4 </s>
  using Words = std::vector<std::pair<std::string, std::uint64_t>>;
  CHECK(decoded.words == Words{{"</s>", 4}, {"<s>", 4}, {"<unk>", 1}, {"a", 3}, {"b", 3}, {"c", 1}});
  CHECK(ngram_count(decoded, {"<s>", "</s>"}) == 1);  // the empty line
  CHECK(ngram_count(decoded, {"b", "a"}) == 2);
  CHECK(ngram_count(decoded, {"<s>", "b", "a"}) == 1);
  CHECK(ngram_count(decoded, {"b", "a", "</s>"}) == 1);
  CHECK(ngram_count(decoded, {"a", "</s>", "<s>"}) == 0);  // never across sentences
  REQUIRE(summary->entries.size() == 3);
  CHECK(summary->entries[0] == 6);
  CHECK(summary->entries[1] + summary->entries[2] == decoded.ngrams.size());
  // Canonical order within each order: by the words' bytes, word by word.
  for (std::size_t i = 1; i < decoded.ngrams.size(); ++i) {
    if (decoded.ngrams[i].first.size() == decoded.ngrams[i - 1].first.size()) {
      CHECK(decoded.ngrams[i - 1].first < decoded.ngrams[i].first);
    }
  }
}

TEST_CASE("count file: merged shards equal counting the concatenation") {
  TempDir dir("count_merge");
  const std::string part1 = "the cat sat\non the mat\n\nthe cat\n";
  const std::string part2 = "a dog sat on the cat\nthe mat\n";
  const std::string part3 = "";  // an empty shard is fine
  write_text(dir.file("p1.txt"), part1);
  write_text(dir.file("p2.txt"), part2);
  write_text(dir.file("p3.txt"), part3);
  write_text(dir.file("all.txt"), part1 + part2 + part3);
  for (const std::string name : {"p1", "p2", "p3", "all"}) {
    auto summary = ngram::count_corpus({dir.file(name + ".txt")}, counting(4), dir.file(name + ".counts"));
    REQUIRE_MESSAGE(summary.is_ok(), summary.message());
  }
  auto merged = ngram::merge_count_files({dir.file("p2.counts"), dir.file("p3.counts"), dir.file("p1.counts")},
                                         dir.file("merged.counts"));
  REQUIRE_MESSAGE(merged.is_ok(), merged.message());
  CHECK(read_bytes(dir.file("merged.counts")) == read_bytes(dir.file("all.counts")));
  Decoded decoded = decode(dir.file("merged.counts"));
  CHECK(decoded.header.sentences == 6);
  CHECK(ngram_count(decoded, {"the", "cat"}) == 3);
  CHECK(ngram_count(decoded, {"the", "mat", "</s>"}) == 2);
  CHECK(ngram_count(decoded, {"<s>", "the", "cat", "sat"}) == 1);
  CHECK(merged->entries[0] == decoded.words.size());

  // Merging a file with itself doubles every count.
  auto doubled = ngram::merge_count_files({dir.file("p1.counts"), dir.file("p1.counts")}, dir.file("double.counts"));
  REQUIRE(doubled.is_ok());
  Decoded single = decode(dir.file("p1.counts"));
  Decoded twice = decode(dir.file("double.counts"));
  REQUIRE(single.ngrams.size() == twice.ngrams.size());
  for (std::size_t i = 0; i < single.ngrams.size(); ++i) CHECK(twice.ngrams[i].second == 2 * single.ngrams[i].second);
  CHECK(twice.header.tokens == 2 * single.header.tokens);
}

TEST_CASE("count file: a model from merged counts is the model from the corpus") {
  TempDir dir("count_model");
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += fmt::format("w{} w{} w{} w{}\n", i % 7, (i * 3) % 11, (i * 5) % 13, i % 5);
    if (i % 10 == 0) text += fmt::format("<unk> w{} <s> w{}\n", i % 3, i % 4);
  }
  std::size_t cut = text.find('\n', text.size() / 2) + 1;
  write_text(dir.file("all.txt"), text);
  write_text(dir.file("a.txt"), text.substr(0, cut));
  write_text(dir.file("b.txt"), text.substr(cut));
  REQUIRE(ngram::count_corpus({dir.file("a.txt")}, counting(3), dir.file("a.counts")).is_ok());
  REQUIRE(ngram::count_corpus({dir.file("b.txt")}, counting(3, 2), dir.file("b.counts")).is_ok());
  REQUIRE(ngram::merge_count_files({dir.file("a.counts"), dir.file("b.counts")}, dir.file("m.counts")).is_ok());

  for (auto smoothing : {"mkn", "wb", "katz"}) {
    for (std::uint64_t min_count : {1, 3}) {
      CAPTURE(smoothing);
      CAPTURE(min_count);
      ngram::TrainingOptions options;
      options.estimation.order = 3;
      options.estimation.smoothing = smoothing;
      options.estimation.discount_fallback = true;
      options.corpus.tokenizer.mode = gramvec::text::TokenizerMode::space;
      options.limits.min_count = min_count;
      auto direct = ngram::train_language_model(std::vector<std::string>{dir.file("all.txt")}, options);
      REQUIRE_MESSAGE(direct.is_ok(), direct.message());
      options.estimation.order = 0;  // from the file
      auto counted = ngram::train_language_model_from_counts(dir.file("m.counts"), options);
      REQUIRE_MESSAGE(counted.is_ok(), counted.message());
      REQUIRE(ngram::write_arpa(*direct, dir.file("direct.arpa")).is_ok());
      REQUIRE(ngram::write_arpa(*counted, dir.file("counted.arpa")).is_ok());
      CHECK(read_bytes(dir.file("direct.arpa")) == read_bytes(dir.file("counted.arpa")));
    }
  }

  // A contradicting order is an error naming the file.
  ngram::TrainingOptions options;
  options.estimation.order = 4;
  auto wrong = ngram::train_language_model_from_counts(dir.file("m.counts"), options);
  REQUIRE_FALSE(wrong.is_ok());
  CHECK(wrong.message().find("m.counts: the counts are of order 3, not 4") != std::string::npos);
}

TEST_CASE("count file: reading on several threads gives what one thread gives") {
  TempDir dir("count_threads");
  // Lines of every kind: long, empty, CRLF, a last line without a newline, a second file.
  std::string text;
  for (int i = 0; i < 200; ++i) text += fmt::format("line {} has words {} {}{}\n", i, i % 17, i % 5, i % 9 == 0 ? "\r" : "");
  text += "\n\n" + std::string(5000, 'x') + " long\nlast line without newline";
  write_text(dir.file("one.txt"), text);
  write_text(dir.file("two.txt"), "second file\nz y x\n");
  write_text(dir.file("empty.txt"), "");
  std::vector<std::string> files = {dir.file("one.txt"), dir.file("empty.txt"), dir.file("two.txt")};

  auto read = [&](std::size_t threads, std::uint64_t range_bytes) {
    ngram::SentenceReadOptions options;
    options.corpus.tokenizer.mode = gramvec::text::TokenizerMode::space;
    options.threads = threads;
    options.range_bytes = range_bytes;
    gramvec::vocab::Vocabulary vocabulary;
    ngram::SentenceStream stream;
    gramvec::text::CorpusStats stats;
    Status status = ngram::read_sentences_into(files, options, vocabulary, false, stream, stats);
    REQUIRE_MESSAGE(status.is_ok(), status.message());
    std::vector<std::string> words;
    for (WordId id = 0; id < vocabulary.size(); ++id) words.push_back(vocabulary.word(id));
    return std::make_tuple(words, stream.ids, stream.sentences, stats.lines, stats.bytes);
  };
  auto one = read(1, 0);
  CHECK(std::get<2>(one) == 206);
  CHECK(std::get<4>(one) == fs::file_size(files[0]) + fs::file_size(files[2]));
  for (std::uint64_t range_bytes : {1, 7, 100, 4096}) {
    CAPTURE(range_bytes);
    CHECK(read(3, range_bytes) == one);
  }

  // Ranges cover each file, start at line starts and are in order.
  auto corpus = gramvec::io::describe_corpus(files, "test");
  REQUIRE(corpus.is_ok());
  auto ranges = gramvec::io::split_at_line_starts(*corpus, 50);
  REQUIRE(ranges.is_ok());
  std::vector<std::uint64_t> covered(files.size(), 0);
  for (const auto& range : *ranges) {
    CHECK(range.begin == covered[range.file]);
    CHECK(range.end > range.begin);
    if (range.file == 0 && range.begin > 0) CHECK(text[range.begin - 1] == '\n');
    covered[range.file] = range.end;
  }
  CHECK(covered == std::vector<std::uint64_t>{fs::file_size(files[0]), 0, fs::file_size(files[2])});
}

TEST_CASE("count file: an invalid UTF-8 error read in a later range names the line in the file") {
  TempDir dir("count_utf8");
  std::string text;
  for (int i = 0; i < 100; ++i) text += "fine words here\n";
  text += "bad \xff byte\nmore\n";
  write_text(dir.file("bad.txt"), text);
  ngram::SentenceReadOptions options;
  options.corpus.tokenizer.mode = gramvec::text::TokenizerMode::space;
  options.threads = 2;
  options.range_bytes = 64;
  gramvec::vocab::Vocabulary vocabulary;
  ngram::SentenceStream stream;
  gramvec::text::CorpusStats stats;
  Status status = ngram::read_sentences_into({dir.file("bad.txt")}, options, vocabulary, false, stream, stats);
  REQUIRE_FALSE(status.is_ok());
  CHECK(status.message() == fmt::format("{}:101: invalid UTF-8 at byte offset {} (use --on-invalid replace|skip)",
                                        dir.file("bad.txt"), 1600 + 4));
}

TEST_CASE("count file: broken files give one clear error naming the file") {
  TempDir dir("count_errors");
  std::string good_path = dir.file("good.counts");
  write_small(good_path);
  const std::string good = read_bytes(good_path);

  SUBCASE("not a count file") {
    write_text(dir.file("text.counts"), "hello world, this is text and not a count file at all\n");
    CHECK(expect_error(dir.file("text.counts")).starts_with(dir.file("text.counts") + ": not a gramvec count file"));
    write_text(dir.file("empty.counts"), "");
    CHECK(expect_error(dir.file("empty.counts")).find("not a gramvec count file") != std::string::npos);
  }
  SUBCASE("truncated anywhere") {
    for (std::size_t size : {std::size_t{20}, std::size_t{45}, good.size() / 2, good.size() - 12, good.size() - 1}) {
      CAPTURE(size);
      write_text(dir.file("cut.counts"), good.substr(0, size));
      std::string message = expect_error(dir.file("cut.counts"));
      CHECK(message.starts_with(dir.file("cut.counts") + ": truncated count file (it ends in the "));
    }
  }
  SUBCASE("a newer format version") {
    std::string newer = good;
    newer[12] = 3;
    write_text(dir.file("newer.counts"), newer);
    CHECK(expect_error(dir.file("newer.counts")) ==
          dir.file("newer.counts") + ": count file format version 3 is newer than this gramvec reads (version 2): "
                                     "use a newer gramvec");
  }
  SUBCASE("another byte order") {
    std::string swapped = good;
    std::reverse(swapped.begin() + 8, swapped.begin() + 12);
    write_text(dir.file("swapped.counts"), swapped);
    CHECK(expect_error(dir.file("swapped.counts")).find("byte-order mark") != std::string::npos);
  }
  SUBCASE("a flipped byte in the n-grams is caught, by the order checks or the checksum") {
    std::string corrupt = good;
    corrupt[corrupt.size() - 10] = static_cast<char>(corrupt[corrupt.size() - 10] ^ 0x01);
    write_text(dir.file("corrupt.counts"), corrupt);
    CHECK(expect_error(dir.file("corrupt.counts")).starts_with(dir.file("corrupt.counts") + ": corrupt count file"));
    std::string bad_sum = good;
    bad_sum.back() = static_cast<char>(bad_sum.back() ^ 0x40);
    write_text(dir.file("sum.counts"), bad_sum);
    CHECK(expect_error(dir.file("sum.counts")).find("corrupt count file: checksum") != std::string::npos);
  }
  SUBCASE("data after the end") {
    write_text(dir.file("long.counts"), good + "x");
    CHECK(expect_error(dir.file("long.counts")).find("unexpected data after the end") != std::string::npos);
  }
  SUBCASE("a missing file") {
    CHECK(expect_error(dir.file("missing.counts")).starts_with(dir.file("missing.counts") + ": cannot open"));
  }
}

TEST_CASE("count file: merging files with different settings is an error and writes nothing") {
  TempDir dir("count_settings");
  write_text(dir.file("c.txt"), "a b c\nb c a\n");
  REQUIRE(ngram::count_corpus({dir.file("c.txt")}, counting(2), dir.file("o2.counts")).is_ok());
  REQUIRE(ngram::count_corpus({dir.file("c.txt")}, counting(3), dir.file("o3.counts")).is_ok());
  ngram::CountingOptions lower = counting(2);
  lower.reading.corpus.tokenizer.lower = true;
  REQUIRE(ngram::count_corpus({dir.file("c.txt")}, lower, dir.file("lower.counts")).is_ok());

  auto orders = ngram::merge_count_files({dir.file("o2.counts"), dir.file("o3.counts")}, dir.file("out.counts"));
  REQUIRE_FALSE(orders.is_ok());
  CHECK(orders.message() == dir.file("o3.counts") +
                                ": cannot merge count files with different settings: order=3 tokenizer=space lower=0 "
                                "normalize=nfkc sentences=lines here, order=2 tokenizer=space lower=0 normalize=nfkc "
                                "sentences=lines in " +
                                dir.file("o2.counts"));
  auto tokenizers = ngram::merge_count_files({dir.file("o2.counts"), dir.file("lower.counts")}, dir.file("out.counts"));
  REQUIRE_FALSE(tokenizers.is_ok());
  CHECK(tokenizers.message().find("lower=1") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("out.counts")));

  // A broken input found only at the end (checksum) leaves no output either.
  std::string bytes = read_bytes(dir.file("o2.counts"));
  bytes.back() = static_cast<char>(bytes.back() ^ 1);
  write_text(dir.file("bad.counts"), bytes);
  auto broken = ngram::merge_count_files({dir.file("o2.counts"), dir.file("bad.counts")}, dir.file("out.counts"));
  REQUIRE_FALSE(broken.is_ok());
  CHECK(broken.message().find("bad.counts: corrupt count file: checksum") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("out.counts")));
  for (const auto& entry : fs::directory_iterator(fs::path(dir.file("")))) {
    CHECK(entry.path().string().find(".tmp") == std::string::npos);
  }
}
