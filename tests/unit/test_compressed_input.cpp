// Compressed input: detection by content, gzip / xz / zstd round trips (one and several members,
// streams, frames), truncated and corrupt data as errors with file and offsets, the decompressed
// copy for w2v training, and the corpus reader on compressed files.
#include <doctest/doctest.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "embed/training_corpus.hpp"
#include "gramvec/text/corpus.hpp"
#include "io/compressed_input.hpp"
#include "io/decompressed_copy.hpp"
#include "io/line_reader.hpp"
#include "temp_dir.hpp"

using gramvec::io::Compression;
using gramvec::io::CompressedInput;

namespace {

// One directory for the whole run, removed at exit.
std::filesystem::path scratch() {
  static const gramvec::test::TempDir directory("compressed_test");
  std::filesystem::create_directories(directory.path());  // (a test case may have removed it)
  return directory.path();
}

std::string write_file(const std::string& name, const std::string& bytes) {
  auto path = (scratch() / name).string();
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return path;
}

// Lines of pseudo-random words: compresses to about half, so that the compressed data spans
// several of the reader's input blocks.
std::string sample_text(std::size_t bytes, std::uint64_t seed) {
  std::string text;
  std::uint64_t state = seed;
  auto next = [&state]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  };
  while (text.size() < bytes) {
    std::size_t length = 1 + next() % 9;
    for (std::size_t i = 0; i < length; ++i) text.push_back(static_cast<char>('a' + next() % 26));
    text.push_back(next() % 12 == 0 ? '\n' : ' ');
  }
  text.push_back('\n');
  return text;
}

std::string gzip_member(const std::string& text) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string xz_stream(const std::string& text) {
  std::string out(lzma_stream_buffer_bound(text.size()), '\0');
  std::size_t written = 0;
  REQUIRE(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const std::uint8_t*>(text.data()),
                                  text.size(), reinterpret_cast<std::uint8_t*>(out.data()), &written,
                                  out.size()) == LZMA_OK);
  out.resize(written);
  return out;
}

// With a checksum, as the zstd command writes by default.
std::string zstd_frame(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  ZSTD_CCtx* context = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1);
  std::size_t written = ZSTD_compress2(context, out.data(), out.size(), text.data(), text.size());
  ZSTD_freeCCtx(context);
  REQUIRE(ZSTD_isError(written) == 0);
  out.resize(written);
  return out;
}

std::string compress(Compression format, const std::string& text) {
  switch (format) {
    case Compression::gzip:
      return gzip_member(text);
    case Compression::xz:
      return xz_stream(text);
    case Compression::zstd:
      return zstd_frame(text);
    case Compression::none:
      break;
  }
  return text;
}

struct ReadResult {
  std::string data;
  gramvec::Status status;
  Compression compression = Compression::none;
};

// Everything CompressedInput gives for `path`, read `chunk` bytes at a time.
ReadResult read_all(const std::string& path, std::size_t chunk = 1 << 16) {
  ReadResult result;
  CompressedInput input;
  result.status = input.open(path);
  if (!result.status.is_ok()) return result;
  result.compression = input.compression();
  std::vector<char> buffer(chunk);
  while (std::size_t got = input.read(buffer.data(), buffer.size())) result.data.append(buffer.data(), got);
  result.status = input.status();
  if (result.status.is_ok()) CHECK(input.position() == result.data.size());
  return result;
}

const Compression kFormats[] = {Compression::gzip, Compression::xz, Compression::zstd};

}  // namespace

TEST_CASE("compressed input: formats are recognised by their magic bytes") {
  using gramvec::io::detect_compression;
  CHECK(detect_compression(std::string("\x1f\x8b\x08\x00", 4)) == Compression::gzip);
  CHECK(detect_compression(std::string("\xfd\x37\x7a\x58\x5a\x00", 6)) == Compression::xz);
  CHECK(detect_compression(std::string("\x28\xb5\x2f\xfd", 4)) == Compression::zstd);
  CHECK(detect_compression("plain text") == Compression::none);
  CHECK(detect_compression("") == Compression::none);
  CHECK(detect_compression("\x1f") == Compression::none);
  CHECK(detect_compression(std::string("\xfd\x37\x7a\x58\x5a", 5)) == Compression::none);  // xz needs all 6
  CHECK(detect_compression(std::string("\x28\xb5\x2f\xfe", 4)) == Compression::none);
}

TEST_CASE("compressed input: gzip, xz and zstd round trips, read in pieces of any size") {
  const std::string text = sample_text(1200000, 1);
  for (Compression format : kFormats) {
    CAPTURE(gramvec::io::compression_name(format));
    std::string compressed = compress(format, text);
    REQUIRE(compressed.size() > 300000);  // more than one input block
    auto path = write_file("round-trip", compressed);
    for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{65536}, std::size_t{4093}}) {
      ReadResult result = read_all(path, chunk);
      REQUIRE(result.status.is_ok());
      CHECK(result.compression == format);
      CHECK(result.data == text);
    }
  }
  // Byte by byte through a small sample: every boundary of the decompressor's pieces.
  const std::string small = sample_text(3000, 2);
  for (Compression format : kFormats) {
    ReadResult result = read_all(write_file("small", compress(format, small)), 1);
    REQUIRE(result.status.is_ok());
    CHECK(result.data == small);
  }
}

TEST_CASE("compressed input: several gzip members, xz streams and zstd frames follow one another") {
  const std::string first = sample_text(200000, 3);
  const std::string second = sample_text(5000, 4);
  const std::string empty;
  for (Compression format : kFormats) {
    CAPTURE(gramvec::io::compression_name(format));
    auto path = write_file("multi", compress(format, first) + compress(format, empty) + compress(format, second));
    ReadResult result = read_all(path);
    REQUIRE(result.status.is_ok());
    CHECK(result.data == first + second);
  }
  // xz stream padding (multiples of four zero bytes) between and after streams.
  std::string padded = xz_stream(first) + std::string(8, '\0') + xz_stream(second) + std::string(4, '\0');
  ReadResult result = read_all(write_file("padded.xz", padded));
  REQUIRE(result.status.is_ok());
  CHECK(result.data == first + second);
}

TEST_CASE("compressed input: the content decides, not the file name") {
  const std::string text = "not compressed at all\nsecond line\n";
  ReadResult plain = read_all(write_file("looks-compressed.gz", text));
  REQUIRE(plain.status.is_ok());
  CHECK(plain.compression == Compression::none);
  CHECK(plain.data == text);
  for (const char* name : {"looks-plain.txt", "looks-xz.xz"}) {
    ReadResult result = read_all(write_file(name, zstd_frame(text)));
    REQUIRE(result.status.is_ok());
    CHECK(result.compression == Compression::zstd);
    CHECK(result.data == text);
  }
  ReadResult empty = read_all(write_file("empty.gz", ""));
  REQUIRE(empty.status.is_ok());
  CHECK(empty.data.empty());
  ReadResult tiny = read_all(write_file("tiny.txt", "a"));
  REQUIRE(tiny.status.is_ok());
  CHECK(tiny.data == "a");
}

TEST_CASE("compressed input: truncated data is an error naming the file and the offsets") {
  const std::string text = sample_text(100000, 5);
  for (Compression format : kFormats) {
    CAPTURE(gramvec::io::compression_name(format));
    const std::string compressed = compress(format, text) + compress(format, text);
    const std::size_t member = compressed.size() / 2;
    // Cut inside the header, the data, the trailer / checksum, and just after the first member's
    // magic bytes of the second.
    std::vector<std::size_t> cuts = {6, 10, 17, member / 2, member - 1, member + 6, compressed.size() - 1};
    for (std::size_t cut : cuts) {
      CAPTURE(cut);
      auto path = write_file("cut.bin", compressed.substr(0, cut));
      ReadResult result = read_all(path);
      REQUIRE_FALSE(result.status.is_ok());
      const std::string& message = result.status.message();
      CHECK(message.find(path) == 0);
      CHECK(message.find("truncated") != std::string::npos);
      CHECK(message.find(std::string(gramvec::io::compression_name(format))) != std::string::npos);
      CHECK(message.find("compressed byte offset") != std::string::npos);
      CHECK(message.find('\n') == std::string::npos);
      CHECK(result.data.size() <= 2 * text.size());
      CHECK(text.compare(0, std::min(result.data.size(), text.size()), result.data, 0,
                         std::min(result.data.size(), text.size())) == 0);
    }
  }
}

TEST_CASE("compressed input: corrupt data and trailing garbage are errors, never a crash") {
  const std::string text = sample_text(100000, 6);
  for (Compression format : kFormats) {
    CAPTURE(gramvec::io::compression_name(format));
    std::string compressed = compress(format, text);
    for (std::size_t position : {compressed.size() / 3, compressed.size() / 2, compressed.size() - 3}) {
      std::string broken = compressed;
      for (std::size_t i = position; i < position + 3; ++i) broken[i] = static_cast<char>(broken[i] ^ 0x55);
      auto path = write_file("corrupt.bin", broken);
      ReadResult result = read_all(path);
      REQUIRE_FALSE(result.status.is_ok());
      CHECK(result.status.message().find(path) == 0);
      CHECK(result.status.message().find("offset") != std::string::npos);
    }
    // Text after the compressed data.
    auto path = write_file("garbage.bin", compressed + "trailing text that is not compressed\n");
    ReadResult result = read_all(path);
    REQUIRE_FALSE(result.status.is_ok());
    CHECK(result.status.message().find(path) == 0);
  }
}

TEST_CASE("compressed input: the line reader and the corpus reader decompress") {
  const std::string text = "first line\n\nthird\nlast without newline";
  auto path = write_file("lines.txt.xz", xz_stream(text));
  gramvec::io::LineReader reader;
  REQUIRE(reader.open(path).is_ok());
  CHECK(reader.compression() == Compression::xz);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) lines.emplace_back(line);
  REQUIRE(reader.status().is_ok());
  CHECK(lines == std::vector<std::string>{"first line", "", "third", "last without newline"});
  CHECK(reader.line_offset() == 18);
  CHECK(reader.bytes_read() == text.size());

  gramvec::text::CorpusOptions options;
  options.tokenizer.mode = gramvec::text::TokenizerMode::space;
  gramvec::text::CorpusReader corpus(options);
  std::vector<std::string> tokens;
  REQUIRE(corpus.read({path, write_file("lines.gz", gzip_member("more words\n"))},
                      [&](std::span<const std::string_view> sentence) { tokens.insert(tokens.end(), sentence.begin(), sentence.end()); })
              .is_ok());
  CHECK(tokens == std::vector<std::string>{"first", "line", "third", "last", "without", "newline", "more", "words"});
  CHECK(corpus.stats().lines == 5);
  CHECK(corpus.stats().bytes == text.size() + 11);

  // Invalid UTF-8 inside compressed data: the offset is in the decompressed text.
  auto bad = write_file("bad.zst", zstd_frame("good\nba\xff" "d\n"));
  gramvec::text::CorpusReader strict(options);
  auto status = strict.read({bad}, [](std::span<const std::string_view>) {});
  REQUIRE_FALSE(status.is_ok());
  CHECK(status.message().find(bad + ":2: invalid UTF-8 at byte offset 7 of the decompressed zstd data") == 0);
}

TEST_CASE("compressed input: byte ranges of plain files only") {
  const std::string text = "alpha beta\ngamma\ndelta epsilon\n";
  auto plain = write_file("range.txt", text);
  gramvec::io::LineReader reader;
  REQUIRE(reader.open_range(plain, 11, 17).is_ok());  // the line starting at 11 only
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) lines.emplace_back(line);
  REQUIRE(reader.status().is_ok());
  CHECK(lines == std::vector<std::string>{"gamma"});
  CHECK(reader.line_offset() == 11);

  // From 0, the bytes read to detect the format are not lost; a file shorter than them too.
  gramvec::io::LineReader whole;
  REQUIRE(whole.open_range(write_file("tiny.txt", "a\n"), 0, 2).is_ok());
  REQUIRE(whole.next(line));
  CHECK(line == "a");
  CHECK_FALSE(whole.next(line));

  auto compressed = write_file("range.gz", gzip_member(text));
  gramvec::io::LineReader no_range;
  auto status = no_range.open_range(compressed, 11, 17);
  REQUIRE_FALSE(status.is_ok());
  CHECK(status.message() == compressed + ": gzip compressed data cannot be read in byte ranges");
  CHECK_FALSE(no_range.next(line));
}

TEST_CASE("compressed input: the decompressed copy for training holds the text and leaves nothing behind") {
  const std::string text = sample_text(300000, 7);
  auto plain = write_file("train-plain.txt", text);
  auto compressed = write_file("train.txt.gz", gzip_member(text));
  std::string broken = gzip_member(text);
  broken.resize(broken.size() / 2);
  auto truncated = write_file("train-truncated.gz", broken);
  // (temp_directory_path() follows TMPDIR: the inputs are written before it changes.)
  auto directory = scratch() / "tmpdir";
  std::filesystem::create_directories(directory);
  const char* saved = std::getenv("TMPDIR");
  std::string saved_value = saved != nullptr ? saved : "";
  ::setenv("TMPDIR", directory.c_str(), 1);
  {
    auto corpus = gramvec::embed::TrainingCorpus::open({plain, compressed}, false);
    REQUIRE(corpus.is_ok());
    const auto& files = corpus->files();
    REQUIRE(files.size() == 2);
    CHECK(files[0].path == plain);
    CHECK(files[1].name == compressed);
    CHECK(files[1].path != compressed);
    CHECK(files[1].size == text.size());
    CHECK(files[1].offset == text.size());
    std::ifstream copy(files[1].path, std::ios::binary);
    std::string copied{std::istreambuf_iterator<char>(copy), std::istreambuf_iterator<char>()};
    CHECK(copied == text);
  }
  CHECK(std::filesystem::is_empty(directory));

  // A corrupt file: an error naming it, and no copy left behind.
  auto failed = gramvec::embed::TrainingCorpus::open({plain, truncated}, false);
  REQUIRE_FALSE(failed.is_ok());
  CHECK(failed.message().find(truncated) == 0);
  CHECK(std::filesystem::is_empty(directory));

  // No room for the copy: a missing temporary directory.
  ::setenv("TMPDIR", (directory / "missing").c_str(), 1);
  auto unwritable = gramvec::embed::TrainingCorpus::open({compressed}, false);
  REQUIRE_FALSE(unwritable.is_ok());
  CHECK(unwritable.message().find(compressed) == 0);
  CHECK(unwritable.message().find("temporary") != std::string::npos);

  if (saved != nullptr) {
    ::setenv("TMPDIR", saved_value.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  std::filesystem::remove_all(scratch());
}
