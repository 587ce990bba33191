// Word-vector files: round trips in both formats, format detection, and one clear error for
// each kind of bad file.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "gramvec/embed/vectors.hpp"
#include "temp_dir.hpp"

using gramvec::embed::Matrix;
using gramvec::embed::VectorFormat;
using gramvec::embed::WordVectors;

namespace {

WordVectors sample_vectors() {
  Matrix matrix(3, 4);
  const float values[12] = {0.1f, -2.5f, 3.25e-7f, 1e10f, 0.0f, 1.0f / 3.0f, -0.0f, 42.0f, 7.0f, -1e-30f, 0.5f, 2.0f};
  std::memcpy(matrix.data(), values, sizeof values);
  return WordVectors({"the", "naïve", "你好"}, std::move(matrix));
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void check_same(const WordVectors& left, const WordVectors& right) {
  REQUIRE(left.size() == right.size());
  REQUIRE(left.dimension() == right.dimension());
  CHECK(left.words() == right.words());
  CHECK(std::memcmp(left.vectors().data(), right.vectors().data(), left.vectors().size() * sizeof(float)) == 0);
}

std::string binary_entry(const std::string& word, std::initializer_list<float> values) {
  std::string entry = word + " ";
  for (float value : values) entry.append(reinterpret_cast<const char*>(&value), sizeof value);
  return entry + "\n";
}

std::string error_of(std::string_view bytes) {
  auto result = WordVectors::parse(bytes, "v.txt");
  REQUIRE_FALSE(result.is_ok());
  CHECK(result.message().find('\n') == std::string::npos);  // one line
  return result.message();
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("embed: vectors round trip in binary and text") {
  const gramvec::test::TempDir scratch("embed_vectors_test");
  const std::filesystem::path& directory = scratch.path();
  WordVectors original = sample_vectors();
  for (auto format : {VectorFormat::binary, VectorFormat::text}) {
    auto path = (directory / (format == VectorFormat::binary ? "v.bin" : "v.txt")).string();
    REQUIRE(original.save(path, format).is_ok());
    auto loaded = WordVectors::load(path);
    REQUIRE(loaded.is_ok());
    check_same(original, *loaded);
    CHECK(loaded->find("naïve") == 1);
    CHECK_FALSE(loaded->find("missing").has_value());
  }
  // The binary layout is word2vec's: header, then word, space, raw little-endian floats, newline.
  std::string bytes = slurp(directory / "v.bin");
  CHECK(bytes.starts_with("3 4\nthe "));
  CHECK(bytes.size() == 4 + (4 + 16 + 1) + (std::string("naïve").size() + 1 + 16 + 1) + (std::string("你好").size() + 1 + 16 + 1));
  CHECK(slurp(directory / "v.txt").starts_with("3 4\nthe 0.1 -2.5 3.25e-07 10000000000\n"));
  std::filesystem::remove_all(directory);
}

TEST_CASE("embed: vectors files without a final newline, with CRLF, fastText .vec style") {
  auto text = WordVectors::parse("2 2\na 1 2 \nb 3 4", "v.vec");
  REQUIRE(text.is_ok());
  CHECK(text->vectors().row(1)[1] == 4.0f);
  auto crlf = WordVectors::parse("2 2\r\na 1 2\r\nb 3 4\r\n", "v.vec");
  REQUIRE(crlf.is_ok());
  CHECK(crlf->word(1) == "b");
  std::string binary = "2 2\n" + binary_entry("a", {1.0f, 2.0f}) + binary_entry("b", {3.0f, 4.0f});
  binary.pop_back();  // no final newline
  auto loaded = WordVectors::parse(binary, "v.bin");
  REQUIRE(loaded.is_ok());
  CHECK(loaded->vectors().row(1)[0] == 3.0f);
  // A float whose bytes hold '\n' (0x0a) does not confuse the binary reader.
  float tricky;
  std::uint32_t bits = 0x3f0a0a0a;
  std::memcpy(&tricky, &bits, 4);
  auto with_newline_bytes = WordVectors::parse("1 2\n" + binary_entry("x", {tricky, tricky}), "v.bin");
  REQUIRE(with_newline_bytes.is_ok());
  CHECK(with_newline_bytes->vectors().row(0)[1] == tricky);
}

TEST_CASE("embed: bad vector files give one clear error") {
  CHECK(contains(error_of(""), "empty file"));
  CHECK(contains(error_of("hello world\na 1 2\n"), "v.txt:1: bad header 'hello world'"));
  CHECK(contains(error_of("2\na 1 2\n"), "v.txt:1: bad header"));
  CHECK(contains(error_of("1 0\na\n"), "bad dimension 0"));
  // Wrong dimension: more or fewer components than the header says.
  CHECK(contains(error_of("2 3\na 1 2 3\nb 1 2\n"), "v.txt:3: 'b' has 2 components, the header says the dimension is 3"));
  CHECK(contains(error_of("2 2\na 1 2\nb 1 2 3\n"), "v.txt:3: 'b' has 3 components"));
  // Non-number.
  CHECK(contains(error_of("2 3\na 1 2 3\nb 1 x2 3\n"), "v.txt:3: 'x2' is not a number (component 2 of 'b')"));
  // Truncated text and binary.
  CHECK(contains(error_of("4 2\na 1 2\nb 3 4\nc 5 6\n"), "truncated"));
  std::string binary = "3 2\n" + binary_entry("a", {1.0f, 2.0f}) + binary_entry("b", {3.0f, 4.0f}) +
                       binary_entry("c", {5.0f, 6.0f});
  std::string cut = binary.substr(0, binary.size() - 4);
  std::string message = error_of(cut);
  CHECK(contains(message, "truncated at byte offset"));
  CHECK(contains(message, "'c'"));
  CHECK(contains(error_of("3 2\n" + binary_entry("a", {1.0f, 2.0f})), "truncated"));
  // NaN and infinity, in text and in binary.
  CHECK(contains(error_of("2 2\na 1 2\nb nan 3\n"), "v.txt:3: NaN value in the vector of 'b'"));
  CHECK(contains(error_of("1 2\na inf 3\n"), "infinite value"));
  float nan = std::numeric_limits<float>::quiet_NaN();
  CHECK(contains(error_of("2 2\n" + binary_entry("a", {1.0f, 2.0f}) + binary_entry("b", {3.0f, nan})),
                 "NaN value in the vector of 'b' (component 2)"));
  // More entries than the header announces.
  CHECK(contains(error_of("1 2\na 1 2\nb 3 4\n"), "more vectors than the 1"));
}
