// The binary model format: the same probabilities as the ARPA model it came from, for every
// word in random contexts, and a clear error for every kind of damaged file.
#include <doctest/doctest.h>

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
#include "ngram/search/hash/probing_table.hpp"
#include "util/checksum.hpp"

namespace {

namespace fs = std::filesystem;
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
  fs::path directory = fs::temp_directory_path() / ("gramvec_binary_test_" + std::to_string(::getpid()));
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

NGramModel train(const Paths& paths, int order, const std::string& smoothing) {
  gramvec::ngram::TrainingOptions options;
  options.estimation.order = order;
  options.estimation.smoothing = smoothing;
  auto trained = gramvec::ngram::train_language_model(corpus_lines(800), options);
  REQUIRE_MESSAGE(trained.is_ok(), (trained.is_ok() ? "" : trained.message()));
  REQUIRE(gramvec::ngram::write_arpa(*trained, paths("model.arpa")).is_ok());
  auto model = NGramModel::load(paths("model.arpa"));
  REQUIRE(model.is_ok());
  return std::move(*model);
}

// log10 P(word | context) for every word, after `context`.
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

}  // namespace

TEST_CASE("binary model: identical probabilities to the ARPA model, orders 1 to 5") {
  Paths paths;
  for (auto smoothing : {"mkn", "stupid"}) {
    for (int order = 1; order <= 5; ++order) {
      CAPTURE(order);
      NGramModel arpa = train(paths, order, smoothing);
      REQUIRE(arpa.write_binary(paths("model.gvlm"), {}).is_ok());
      auto binary = NGramModel::load(paths("model.gvlm"));
      REQUIRE_MESSAGE(binary.is_ok(), (binary.is_ok() ? "" : binary.message()));
      CHECK(binary->order() == order);
      CHECK(binary->words() == arpa.words());
      CHECK(binary->info().smoothing == arpa.info().smoothing);
      CHECK(binary->info().tokenizer == arpa.info().tokenizer);
      for (int n = 1; n <= order; ++n) CHECK(binary->ngram_count(n) == arpa.ngram_count(n));
      std::mt19937_64 random(static_cast<std::uint64_t>(order));
      auto sentences = corpus_lines(50);
      for (int trial = 0; trial < 6; ++trial) {
        std::vector<std::string> context;
        const auto& sentence = sentences[random() % sentences.size()];
        for (std::size_t i = 0; i < sentence.size() && i < static_cast<std::size_t>(trial); ++i) {
          context.push_back(sentence[i]);
        }
        if (trial == 5) context.push_back("never-seen-word");
        CHECK(distribution(*binary, context) == distribution(arpa, context));
      }
    }
  }
}

TEST_CASE("binary model: damaged, foreign and newer files are refused with a clear error") {
  Paths paths;
  NGramModel arpa = train(paths, 3, "mkn");
  REQUIRE(arpa.write_binary(paths("good.gvlm"), {}).is_ok());
  const std::string good = read_bytes(paths("good.gvlm"));
  REQUIRE(gramvec::ngram::is_binary_model(good));
  auto error_of = [&](const std::string& bytes) {
    write_bytes(paths("bad.gvlm"), bytes);
    auto loaded = NGramModel::load(paths("bad.gvlm"));
    REQUIRE(!loaded.is_ok());
    return loaded.message();
  };

  SUBCASE("truncated") {
    CHECK(error_of(good.substr(0, good.size() - 100)).find("truncated") != std::string::npos);
    CHECK(error_of(good.substr(0, 300)).find("truncated") != std::string::npos);
    CHECK(error_of(good.substr(0, 8)).find("truncated") != std::string::npos);
  }
  SUBCASE("a flipped byte in the tables") {
    std::string bad = good;
    bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x10);
    CHECK(error_of(bad).find("checksum") != std::string::npos);
  }
  SUBCASE("a flipped byte in the header") {
    std::string bad = good;
    bad[40] = static_cast<char>(bad[40] ^ 0x01);
    CHECK(error_of(bad).find("corrupt") != std::string::npos);
  }
  SUBCASE("a newer format version") {
    std::string bad = good;
    std::uint32_t version = gramvec::ngram::kBinaryModelVersion + 1;
    std::memcpy(bad.data() + 8, &version, sizeof version);
    std::string message = error_of(bad);
    CHECK(message.find("newer") != std::string::npos);
  }
  SUBCASE("the other byte order") {
    std::string bad = good;
    std::uint32_t swapped = 0x04030201;
    std::memcpy(bad.data() + 12, &swapped, sizeof swapped);
    CHECK(error_of(bad).find("byte order") != std::string::npos);
  }
  SUBCASE("extra bytes after the end") { CHECK(error_of(good + "x").find("corrupt") != std::string::npos); }
  SUBCASE("foreign binary data is not taken for ARPA") {
    CHECK(error_of(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10) + std::string(100, '\0')).find("binary") !=
          std::string::npos);
  }
  SUBCASE("the error names the file") { CHECK(error_of(good.substr(0, 600)).find("bad.gvlm") != std::string::npos); }
}

TEST_CASE("checksum: independent of how the bytes are split, sensitive to every byte") {
  std::string bytes;
  for (int i = 0; i < 1000; ++i) bytes.push_back(static_cast<char>(i * 37 + 11));
  std::uint64_t whole = gramvec::util::Checksum::of(bytes);
  for (std::size_t split : {0UL, 1UL, 31UL, 32UL, 33UL, 500UL, 999UL}) {
    gramvec::util::Checksum parts;
    parts.update(std::string_view(bytes).substr(0, split));
    parts.update(std::string_view(bytes).substr(split));
    CHECK(parts.value() == whole);
  }
  for (std::size_t position : {0UL, 17UL, 64UL, 998UL, 999UL}) {
    std::string changed = bytes;
    changed[position] = static_cast<char>(changed[position] + 1);
    CHECK(gramvec::util::Checksum::of(changed) != whole);
  }
  CHECK(gramvec::util::Checksum::of(bytes.substr(0, 999)) != whole);
}

TEST_CASE("hash table: a lookup in a table with no empty slot ends (a crafted file cannot hang it)") {
  std::vector<gramvec::ngram::LastEntry> full(64);
  for (std::size_t i = 0; i < full.size(); ++i) full[i].key = 1000 + i;
  gramvec::ngram::ProbingTable<gramvec::ngram::LastEntry> table;
  table.attach(full.data(), full.size(), full.size());
  CHECK(table.find(5) == nullptr);
  REQUIRE(table.find(1010) != nullptr);
  CHECK(table.find(1010)->key == 1010);
}
