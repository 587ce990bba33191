// The trie layout: the same probabilities as the ARPA model for every word after random
// contexts (exactly; within a tolerance when quantized), its parts (bit-packed arrays,
// codebooks) on their own, and damaged trie files refused with an error instead of a crash.
#include <doctest/doctest.h>

#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "ngram/trainer.hpp"
#include "ngram/format/binary_model.hpp"
#include "ngram/search/trie/bit_packed_array.hpp"
#include "ngram/search/trie/codebook.hpp"
#include "util/checksum.hpp"

namespace {

namespace fs = std::filesystem;
using gramvec::ngram::BinaryModelOptions;
using gramvec::ngram::NGramModel;

std::vector<std::vector<std::string>> corpus_lines(std::size_t lines) {
  std::ifstream in(std::string(GRAMVEC_SOURCE_DIR) + "/data/en-speeches.txt");
  REQUIRE(in.good());
  std::vector<std::vector<std::string>> sentences;
  std::string line;
  while (sentences.size() < lines && std::getline(in, line)) {
    std::istringstream words(line);
    std::vector<std::string> sentence;
    for (std::string word; words >> word;) sentence.push_back(word);
    sentences.push_back(std::move(sentence));
  }
  return sentences;
}

struct Paths {
  fs::path directory = fs::temp_directory_path() / ("gramvec_trie_test_" + std::to_string(::getpid()));
  Paths() { fs::create_directories(directory); }
  ~Paths() { fs::remove_all(directory); }
  std::string operator()(const std::string& name) const { return (directory / name).string(); }
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Writes the ARPA model of an order and smoothing to paths("model.arpa").
void train_arpa(const Paths& paths, int order, const std::string& smoothing) {
  gramvec::ngram::TrainingOptions options;
  options.estimation.order = order;
  options.estimation.smoothing = smoothing;
  auto trained = gramvec::ngram::train_language_model(corpus_lines(800), options);
  REQUIRE_MESSAGE(trained.is_ok(), (trained.is_ok() ? "" : trained.message()));
  REQUIRE(gramvec::ngram::write_arpa(*trained, paths("model.arpa")).is_ok());
}

NGramModel load(const std::string& path, const BinaryModelOptions& layout) {
  auto model = NGramModel::load(path, layout);
  REQUIRE_MESSAGE(model.is_ok(), (model.is_ok() ? "" : model.message()));
  return std::move(*model);
}

NGramModel load(const std::string& path) {
  auto model = NGramModel::load(path);
  REQUIRE_MESSAGE(model.is_ok(), (model.is_ok() ? "" : model.message()));
  return std::move(*model);
}

// log10 P(word | context) for every word (and one unknown word), after `context`.
std::vector<float> distribution(const NGramModel& model, const std::vector<std::string>& context) {
  gramvec::ngram::ModelState state = model.begin_sentence();
  gramvec::ngram::ModelState next;
  for (const auto& word : context) {
    model.score(state, word, next);
    state = next;
  }
  std::vector<float> result;
  for (const auto& word : model.words()) result.push_back(model.score(state, word, next).log10_probability);
  result.push_back(model.score(state, "never-seen-word", next).log10_probability);
  return result;
}

// Random contexts of 0 to 5 words from the corpus, the last one ending in an unknown word.
std::vector<std::vector<std::string>> contexts(int seed) {
  std::mt19937_64 random(static_cast<std::uint64_t>(seed));
  auto sentences = corpus_lines(50);
  std::vector<std::vector<std::string>> result;
  for (int trial = 0; trial < 8; ++trial) {
    std::vector<std::string> context;
    const auto& sentence = sentences[random() % sentences.size()];
    std::size_t start = sentence.empty() ? 0 : random() % sentence.size();
    for (std::size_t i = start; i < sentence.size() && i < start + static_cast<std::size_t>(trial % 6); ++i) {
      context.push_back(sentence[i]);
    }
    if (trial == 7) context.push_back("never-seen-word");
    result.push_back(std::move(context));
  }
  return result;
}

// The header fields a test changes (binary_model.hpp gives the layout).
constexpr std::size_t kOrderAt = 20;
constexpr std::size_t kBodyChecksumAt = 312;
constexpr std::size_t kHeaderChecksumAt = 320;
constexpr std::size_t kDirectoryOffsetAt = 328;
constexpr std::size_t kHeaderBytes = 512;

template <typename T>
T get(const std::string& bytes, std::size_t at) {
  T value{};
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}

template <typename T>
void put(std::string& bytes, std::size_t at, T value) {
  std::memcpy(bytes.data() + at, &value, sizeof value);
}

// Recomputes both checksums, so that a change gets past them to the structure checks.
void reseal(std::string& bytes) {
  put<std::uint64_t>(bytes, kBodyChecksumAt, gramvec::util::Checksum::of(std::string_view(bytes).substr(kHeaderBytes)));
  std::string header = bytes.substr(0, kHeaderBytes);
  put<std::uint64_t>(header, kHeaderChecksumAt, 0);
  put<std::uint64_t>(bytes, kHeaderChecksumAt, gramvec::util::Checksum::of(header));
}

}  // namespace

TEST_CASE("bit-packed array: fields of odd widths read back as written") {
  std::mt19937_64 random(7);
  std::vector<unsigned> widths = {1, 3, 0, 7, 13, 31, 32, 17, 57, 5, 64, 2};
  std::vector<std::pair<std::uint64_t, unsigned>> fields;
  gramvec::ngram::BitPackedWriter writer;
  for (int i = 0; i < 3000; ++i) {
    unsigned width = widths[static_cast<std::size_t>(i) % widths.size()];
    std::uint64_t value = width == 64 ? random() : random() & ((std::uint64_t{1} << width) - 1);
    if (i % 5 == 0 && width > 0) value = width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;  // all ones
    writer.append(value, width);
    fields.emplace_back(value, width);
  }
  gramvec::ngram::BitPackedArray array = writer.view();
  CHECK(array.bytes().size() == gramvec::ngram::BitPackedArray::bytes_for(writer.bit_count()));
  std::uint64_t bit = 0;
  for (const auto& [value, width] : fields) {
    if (width <= gramvec::ngram::BitPackedArray::kMaxWidth) {
      CHECK(array.read(bit, width) == value);
    } else {  // a 64-bit field, read as two halves
      CHECK((array.read(bit, 32) | (array.read(bit + 32, 32) << 32)) == value);
    }
    bit += width;
  }
  CHECK(bit == writer.bit_count());
  gramvec::ngram::BitPackedWriter empty;
  CHECK(empty.bytes().size() == gramvec::ngram::BitPackedArray::kPaddingBytes);
}

TEST_CASE("codebook: exact codes every value to the bit; quantized keeps 0 and -99 exact and stays close") {
  using gramvec::ngram::Codebook;
  std::vector<float> values = {-1.5F, 0.0F, -0.0F, -1.5F, 2.25F, -99.0F, 0.0F};
  Codebook exact = Codebook::exact(values);
  CHECK(exact.centers().size() == 5);
  CHECK(exact.index_bits() == 3);
  CHECK(exact.padded().size() == 8);
  for (float value : values) {
    CHECK(std::bit_cast<std::uint32_t>(exact.centers()[exact.index_of(value)]) == std::bit_cast<std::uint32_t>(value));
  }
  CHECK(Codebook::exact(std::vector<float>(10, -2.0F)).index_bits() == 0);

  std::mt19937_64 random(3);
  std::normal_distribution<float> normal(-2.0F, 1.0F);
  std::vector<float> many;
  for (int i = 0; i < 20000; ++i) many.push_back(std::min(-0.001F, normal(random)));
  many.push_back(0.0F);
  many.push_back(-99.0F);
  for (int bits : {1, 4, 8}) {
    CAPTURE(bits);
    Codebook codebook = Codebook::quantized(many, bits, true);
    CHECK(codebook.centers().size() <= (std::size_t{1} << bits));
    CHECK(codebook.index_bits() <= static_cast<unsigned>(bits));
    CHECK(codebook.centers()[codebook.index_of(0.0F)] == 0.0F);
    CHECK(codebook.centers()[codebook.index_of(-99.0F)] == -99.0F);
  }
  Codebook eight = Codebook::quantized(many, 8, true);
  double worst_log = 0.0;
  double worst_probability = 0.0;
  for (float value : many) {
    float coded = eight.centers()[eight.index_of(value)];
    worst_log = std::max(worst_log, static_cast<double>(std::fabs(coded - value)));
    worst_probability = std::max(worst_probability, std::fabs(std::pow(10.0, coded) - std::pow(10.0, value)));
  }
  CHECK(worst_log < 0.05);
  CHECK(worst_probability < 0.01);
  // Few distinct values: the quantized codebook is exact.
  std::vector<float> few = {-1.0F, -2.0F, -3.0F, -1.0F};
  Codebook small = Codebook::quantized(few, 8, true);
  CHECK(small.centers().size() == 3);
}

TEST_CASE("trie layout: identical probabilities to the ARPA model, orders 1 to 5, in memory and from a file") {
  Paths paths;
  BinaryModelOptions trie{"trie", 0};
  for (auto smoothing : {"mkn", "stupid"}) {
    for (int order = 1; order <= 5; ++order) {
      CAPTURE(order);
      train_arpa(paths, order, smoothing);
      NGramModel arpa = load(paths("model.arpa"));
      NGramModel built = load(paths("model.arpa"), trie);
      CHECK(built.binary_options().layout == "trie");
      REQUIRE(built.write_binary(paths("model.gvlm"), trie).is_ok());
      NGramModel mapped = load(paths("model.gvlm"));
      CHECK(mapped.binary_options().layout == "trie");
      CHECK(mapped.order() == order);
      CHECK(mapped.words() == arpa.words());
      CHECK(mapped.info().smoothing == arpa.info().smoothing);
      CHECK(mapped.has_unknown_word() == arpa.has_unknown_word());
      for (int n = 1; n <= order; ++n) CHECK(mapped.ngram_count(n) == arpa.ngram_count(n));
      for (const auto& context : contexts(order)) {
        CAPTURE(context.size());
        std::vector<float> expected = distribution(arpa, context);
        CHECK(distribution(built, context) == expected);
        CHECK(distribution(mapped, context) == expected);
      }
      // Loading the trie file for a trie gives it back as it is.
      REQUIRE((load(paths("model.gvlm"), trie)).write_binary(paths("again.gvlm"), trie).is_ok());
      CHECK(read_bytes(paths("again.gvlm")) == read_bytes(paths("model.gvlm")));
    }
  }
}

TEST_CASE("trie layout: quantized to 8 bits, probabilities within tolerance and a smaller file") {
  Paths paths;
  train_arpa(paths, 4, "mkn");
  NGramModel arpa = load(paths("model.arpa"));
  BinaryModelOptions exact{"trie", 0};
  BinaryModelOptions quantized{"trie", 8};
  REQUIRE((load(paths("model.arpa"), exact)).write_binary(paths("exact.gvlm"), exact).is_ok());
  REQUIRE((load(paths("model.arpa"), quantized)).write_binary(paths("q8.gvlm"), quantized).is_ok());
  CHECK(fs::file_size(paths("q8.gvlm")) < fs::file_size(paths("exact.gvlm")));
  NGramModel model = load(paths("q8.gvlm"));
  CHECK(model.binary_options().quantize_bits == 8);
  // Per word: within 0.1 in log10 and 0.02 in probability (PTB order 5 gives at most 0.062 and
  // 0.014); on average within 0.01 in log10.
  double total = 0.0;
  std::size_t count = 0;
  for (const auto& context : contexts(11)) {
    std::vector<float> expected = distribution(arpa, context);
    std::vector<float> got = distribution(model, context);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CAPTURE(i);
      double difference = std::fabs(static_cast<double>(got[i]) - expected[i]);
      CHECK(difference < 0.1);
      CHECK(std::fabs(std::pow(10.0, got[i]) - std::pow(10.0, expected[i])) < 0.02);
      total += difference;
      ++count;
    }
  }
  CHECK(total / static_cast<double>(count) < 0.01);
}

TEST_CASE("trie layout: options and conversions that cannot be done are refused") {
  Paths paths;
  train_arpa(paths, 3, "mkn");
  auto hash_quantized = NGramModel::load(paths("model.arpa"), BinaryModelOptions{"hash", 8});
  REQUIRE(!hash_quantized.is_ok());
  CHECK(hash_quantized.message().find("--quantize needs --layout trie") != std::string::npos);
  auto too_many_bits = NGramModel::load(paths("model.arpa"), BinaryModelOptions{"trie", 17});
  REQUIRE(!too_many_bits.is_ok());
  CHECK(too_many_bits.message().find("1 to 16") != std::string::npos);
  // A hash table keeps no words of its n-grams: no trie from it, and no hash table from a trie.
  NGramModel hash = load(paths("model.arpa"));
  REQUIRE(hash.write_binary(paths("hash.gvlm"), {}).is_ok());
  auto from_hash = NGramModel::load(paths("hash.gvlm"), BinaryModelOptions{"trie", 0});
  REQUIRE(!from_hash.is_ok());
  CHECK(from_hash.message().find("convert the ARPA model") != std::string::npos);
  CHECK(!hash.write_binary(paths("trie.gvlm"), BinaryModelOptions{"trie", 0}).is_ok());
}

TEST_CASE("trie layout: n-grams that no lookup reaches score as with the hash layout") {
  // "a b c" has no "b c" and "c a b" no "a b" (a pruned or foreign model): scoring never reaches
  // them with the hash layout, whose walk stops at the first missing suffix; the trie leaves them
  // out. "b a c" is reachable, but its context "b a" is not an n-gram: the context is never
  // held, so neither layout uses it.
  Paths paths;
  std::string arpa =
      "\\data\\\nngram 1=5\nngram 2=3\nngram 3=3\n\n\\1-grams:\n-1 <s> -0.5\n-0.7 a -0.2\n-0.8 b -0.3\n"
      "-0.9 c -0.4\n-1.1 </s>\n\n\\2-grams:\n-0.3 <s> a -0.1\n-0.4 a c -0.2\n-0.5 c a -0.25\n\n\\3-grams:\n"
      "-0.05 a b c\n-0.06 c a b\n-0.07 b a c\n\n\\end\\\n";
  write_bytes(paths("orphans.arpa"), arpa);
  NGramModel hash = load(paths("orphans.arpa"));
  NGramModel trie = load(paths("orphans.arpa"), BinaryModelOptions{"trie", 0});
  CHECK(trie.ngram_count(3) == 1);
  std::vector<std::vector<std::string>> cases = {{},         {"a"},           {"a", "b"},
                                                  {"c", "a"}, {"b", "a"},      {"b", "a", "c"},
                                                  {"x", "a"}, {"a", "c", "a"}, {"a", "b", "c", "a"}};
  for (const auto& context : cases) {
    CAPTURE(context.size());
    CHECK(distribution(trie, context) == distribution(hash, context));
  }
}

TEST_CASE("trie layout: duplicate n-grams and unknown words in ARPA are errors naming the line") {
  Paths paths;
  std::string arpa =
      "\\data\\\nngram 1=3\nngram 2=2\n\n\\1-grams:\n-1 <s> -0.5\n-1 a -0.5\n-1 </s>\n\n\\2-grams:\n-0.5 <s> a\n"
      "-0.5 <s> a\n\n\\end\\\n";
  write_bytes(paths("duplicate.arpa"), arpa);
  auto duplicate = NGramModel::load(paths("duplicate.arpa"), BinaryModelOptions{"trie", 0});
  REQUIRE(!duplicate.is_ok());
  CHECK(duplicate.message().find("duplicate.arpa:12: duplicate 2-gram '<s> a'") != std::string::npos);
  std::string unknown = arpa;
  unknown.replace(unknown.rfind("<s> a"), 5, "<s> b");
  write_bytes(paths("unknown.arpa"), unknown);
  auto missing = NGramModel::load(paths("unknown.arpa"), BinaryModelOptions{"trie", 0});
  REQUIRE(!missing.is_ok());
  CHECK(missing.message().find("unknown.arpa:12: word 'b' is not among the 1-grams") != std::string::npos);
}

TEST_CASE("trie layout: damaged files are refused with a clear error, never read out of bounds") {
  Paths paths;
  train_arpa(paths, 3, "mkn");
  BinaryModelOptions trie{"trie", 8};
  REQUIRE((load(paths("model.arpa"), trie)).write_binary(paths("good.gvlm"), trie).is_ok());
  const std::string good = read_bytes(paths("good.gvlm"));
  auto error_of = [&](const std::string& bytes) {
    write_bytes(paths("bad.gvlm"), bytes);
    auto loaded = NGramModel::load(paths("bad.gvlm"));
    REQUIRE(!loaded.is_ok());
    return loaded.message();
  };
  {
    std::string resealed = good;
    reseal(resealed);
    REQUIRE(resealed == good);
  }
  const auto directory = get<std::uint64_t>(good, kDirectoryOffsetAt);
  const auto vocabulary_offset = get<std::uint64_t>(good, directory);
  const auto unigram_offset = get<std::uint64_t>(good, directory + 16);
  const std::size_t level2 = directory + 32 + 64;  // LevelRecord of the 2-grams
  const std::size_t level3 = directory + 32 + 128;

  SUBCASE("truncated") { CHECK(error_of(good.substr(0, good.size() - 10)).find("truncated") != std::string::npos); }
  SUBCASE("a flipped byte") {
    std::string bad = good;
    bad[bad.size() * 2 / 3] = static_cast<char>(bad[bad.size() * 2 / 3] ^ 0x04);
    CHECK(error_of(bad).find("checksum") != std::string::npos);
  }
  // The changes below carry valid checksums: only the structure checks can catch them.
  auto corrupt = [&](auto change) {
    std::string bad = good;
    change(bad);
    reseal(bad);
    std::string message = error_of(bad);
    CHECK(message.find("bad.gvlm: corrupt gramvec binary model") != std::string::npos);
    return message;
  };
  SUBCASE("a 1-gram's children out of order") {
    corrupt([&](std::string& bad) { put<std::uint64_t>(bad, unigram_offset + 16 * 3 + 8, ~std::uint64_t{0} >> 1); });
  }
  SUBCASE("the 1-grams' children past the 2-grams") {
    corrupt([&](std::string& bad) {
      auto words = get<std::uint64_t>(bad, 72);
      put<std::uint64_t>(bad, unigram_offset + 16 * words + 8, get<std::uint64_t>(bad, 80) + 5);
    });
  }
  SUBCASE("a 2-gram's children out of order") {
    std::string message = corrupt([&](std::string& bad) {
      auto offset = get<std::uint64_t>(bad, level2);
      auto word_bits = get<std::uint32_t>(bad, level2 + 24);
      auto next_bits = get<std::uint32_t>(bad, level2 + 28);
      std::uint64_t entry_bits =
          word_bits + next_bits + get<std::uint32_t>(bad, level2 + 36) + get<std::uint32_t>(bad, level2 + 52);
      std::uint64_t first = offset * 8 + 2 * entry_bits + (entry_bits - next_bits);  // entry 2's first child
      for (std::uint64_t bit = first; bit < first + next_bits; ++bit) {
        bad[bit / 8] = static_cast<char>(bad[bit / 8] | (1 << (bit % 8)));
      }
    });
    CHECK(message.find("2-grams' child ranges") != std::string::npos);
  }
  SUBCASE("a vocabulary id out of range") {
    corrupt([&](std::string& bad) {
      for (std::size_t slot = vocabulary_offset;; slot += 16) {
        if (get<std::uint64_t>(bad, slot) != 0) {
          put<std::uint32_t>(bad, slot + 8, 0x7fffffffU);
          break;
        }
      }
    });
  }
  SUBCASE("a level larger than the file") {
    corrupt([&](std::string& bad) { put<std::uint64_t>(bad, level2 + 8, std::uint64_t{1} << 40); });
  }
  SUBCASE("a level's entry count that does not match the header") {
    corrupt([&](std::string& bad) { put<std::uint64_t>(bad, level3 + 16, get<std::uint64_t>(bad, level3 + 16) + 1); });
  }
  SUBCASE("a codebook wider than the file") {
    corrupt([&](std::string& bad) { put<std::uint32_t>(bad, level2 + 36, 24U); });
  }
  SUBCASE("an unknown value encoding") {
    corrupt([&](std::string& bad) { put<std::uint32_t>(bad, level2 + 32, 9U); });
  }
  SUBCASE("a child field too narrow for the next level") {
    corrupt([&](std::string& bad) { put<std::uint32_t>(bad, level2 + 28, 1U); });
  }
  SUBCASE("the directory out of bounds") {
    corrupt([&](std::string& bad) { put<std::uint64_t>(bad, kDirectoryOffsetAt, bad.size()); });
  }
  SUBCASE("an order above the levels written") {
    corrupt([&](std::string& bad) { put<std::uint32_t>(bad, kOrderAt, 4U); });
  }
  SUBCASE("an unknown layout") {
    corrupt([&](std::string& bad) { put<std::uint32_t>(bad, 16, 3U); });
  }
}
