// The file formats, pinned by fixtures that an earlier build wrote (tests/fixtures/formats/, made
// by scripts/make-format-fixtures.sh; its README.md says what each file is). Each fixture is read
// through the library and must give the values stored beside it, and must hold the format version
// pinned below, so that changing a format (or the word hash that the binary model's keys are made
// of) fails here until it is made deliberately: a version bump and regenerated fixtures.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/embed/training_state.hpp"
#include "gramvec/ngram/count_file.hpp"
#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/scorer.hpp"
#include "ngram/trainer.hpp"
#include "ngram/format/binary_model.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
namespace ngram = gramvec::ngram;
namespace embed = gramvec::embed;

// The format versions the fixtures hold. Bumping a version in the library without regenerating
// the fixtures fails the version checks below; see tests/fixtures/formats/README.md for the rule.
constexpr std::uint32_t kFixtureBinaryModelVersion = 2;    // .gvlm (format/binary_model.hpp)
constexpr std::uint32_t kFixtureCountFileVersion = 2;      // .counts (count_file.hpp)
constexpr std::uint32_t kFixtureTrainingStateVersion = 4;  // w2v training state (TrainingState)

// Paths from the source tree, so the test runs from any working directory.
std::string fixture(const std::string& name) {
  return std::string(GRAMVEC_SOURCE_DIR) + "/tests/fixtures/formats/" + name;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A little-endian u32 of a file's header.
std::uint32_t u32_at(const std::string& bytes, std::size_t offset) {
  REQUIRE(bytes.size() >= offset + 4);
  std::uint32_t value = 0;
  for (std::size_t k = 0; k < 4; ++k) value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + k])) << (8 * k);
  return value;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find(separator, start);
    fields.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return fields;
    start = end + 1;
  }
}

// The rows of an expected_*.tsv file: tab-separated fields, '#' lines are comments.
std::vector<std::vector<std::string>> read_tsv(const std::string& name) {
  std::ifstream in(fixture(name), std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << fixture(name));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    rows.push_back(split(line, '\t'));
  }
  REQUIRE(!rows.empty());
  return rows;
}

// The single value of a "key<TAB>value" row.
std::string value_of(const std::vector<std::vector<std::string>>& rows, const std::string& key) {
  for (const auto& row : rows) {
    if (row.size() == 2 && row[0] == key) return row[1];
  }
  FAIL("no row '" << key << "'");
  return {};
}

double to_double(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  REQUIRE_MESSAGE((end != text.c_str() && *end == '\0'), "not a number: '" << text << "'");
  return value;
}

std::uint64_t to_u64(const std::string& text) {
  char* end = nullptr;
  std::uint64_t value = std::strtoull(text.c_str(), &end, 10);
  REQUIRE_MESSAGE((end != text.c_str() && *end == '\0'), "not a count: '" << text << "'");
  return value;
}

// Every digit, for messages (doctest prints floats with 6).
std::string digits(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

using gramvec::test::TempDir;

// ---- Scores (expected_scores.tsv) ----

struct ExpectedWord {
  std::string token;
  float log10_probability = 0.0F;  // the float the model holds, printed exactly
  int order = 0;
  bool oov = false;
};

struct ExpectedSentence {
  int line = 0;
  double log10_probability = 0.0;
  std::size_t oovs = 0;
  std::vector<std::string> tokens;  // words and </s>
  std::vector<ExpectedWord> words;
};

std::vector<ExpectedSentence> expected_scores(const std::string& model) {
  std::vector<ExpectedSentence> sentences;
  for (const auto& row : read_tsv("expected_scores.tsv")) {
    if (row.size() < 2 || row[1] != model) continue;
    if (row[0] == "sentence") {
      REQUIRE(row.size() == 6);
      ExpectedSentence sentence;
      sentence.line = static_cast<int>(to_u64(row[2]));
      sentence.log10_probability = to_double(row[3]);
      sentence.oovs = static_cast<std::size_t>(to_u64(row[4]));
      sentence.tokens = split(row[5], ' ');
      sentences.push_back(std::move(sentence));
    } else if (row[0] == "word") {
      REQUIRE(row.size() == 8);
      REQUIRE(!sentences.empty());
      REQUIRE(to_u64(row[2]) == static_cast<std::uint64_t>(sentences.back().line));
      REQUIRE(to_u64(row[3]) == sentences.back().words.size());
      sentences.back().words.push_back(
          {row[4], static_cast<float>(to_double(row[5])), static_cast<int>(to_u64(row[6])), row[7] == "1"});
    }
  }
  REQUIRE_MESSAGE(sentences.size() >= 5, "expected_scores.tsv has too few sentences for model " << model);
  return sentences;
}

// Scores each stored sentence (its tokens, as `lm score` split them) with score_sentence and word
// by word with NGramModel::score, and compares with the stored figures: exactly, or to
// `tolerance` when the model went through ARPA text.
void check_scores(const ngram::NGramModel& model, const std::string& name, double tolerance) {
  for (const auto& sentence : expected_scores(name)) {
    CAPTURE(name);
    CAPTURE(sentence.line);
    REQUIRE(sentence.tokens.size() == sentence.words.size());
    REQUIRE(sentence.tokens.back() == "</s>");
    std::vector<std::string_view> words(sentence.tokens.begin(), sentence.tokens.end() - 1);
    ngram::SentenceScore score = ngram::score_sentence(model, words, true);
    CHECK_MESSAGE(std::abs(score.log10_probability - sentence.log10_probability) <= std::max(tolerance, 1e-6),
                  "total " << digits(score.log10_probability) << ", stored " << digits(sentence.log10_probability));
    CHECK(score.oovs == sentence.oovs);
    CHECK(score.tokens == sentence.tokens.size());
    REQUIRE(score.per_token.size() == sentence.words.size());

    ngram::ModelState state = model.begin_sentence();
    ngram::ModelState next;
    for (std::size_t k = 0; k < sentence.words.size(); ++k) {
      const ExpectedWord& expected = sentence.words[k];
      CAPTURE(expected.token);
      const ngram::TokenScore& got = score.per_token[k];
      CHECK(got.token == expected.token);
      CHECK(got.score.ngram_length == expected.order);
      CHECK(got.score.oov == expected.oov);
      ngram::WordScore step = model.score(state, expected.token, next);
      state = next;
      CHECK(step.log10_probability == got.score.log10_probability);
      CHECK(step.ngram_length == expected.order);
      double difference = std::abs(static_cast<double>(got.score.log10_probability) - expected.log10_probability);
      CHECK_MESSAGE(difference <= tolerance, "log10 probability " << digits(got.score.log10_probability) << ", stored "
                                                                  << digits(expected.log10_probability));
    }
  }
}

// The n-gram counts of the model, as the fixtures' model was estimated (expected_counts.tsv).
void check_model_shape(const ngram::NGramModel& model) {
  auto rows = read_tsv("expected_counts.tsv");
  REQUIRE(model.order() == static_cast<int>(to_u64(value_of(rows, "order"))));
  for (const auto& row : rows) {
    if (row[0] != "model_ngrams") continue;
    REQUIRE(row.size() == 3);
    CAPTURE(row[1]);
    CHECK(model.ngram_count(static_cast<int>(to_u64(row[1]))) == to_u64(row[2]));
  }
  CHECK(model.info().smoothing == "mkn");
  REQUIRE(model.info().tokenizer.has_value());
  CHECK(model.info().tokenizer->describe() == value_of(rows, "settings"));
  CHECK(model.has_unknown_word());
  CHECK(model.contains("Congress"));
  CHECK_FALSE(model.contains("zyzzyva"));
}

// The binary model header: magic, version, byte order, layout, order, quantization.
// `layout_id`: the layout's id in the file (1 hash, 2 trie).
void check_binary_header(const std::string& path, std::uint32_t layout_id, std::uint32_t quantize_bits) {
  std::string bytes = read_bytes(path);
  REQUIRE(bytes.size() >= 512);
  CHECK(bytes.substr(0, 8) == std::string("GVLM\r\n\x1a\n", 8));
  CHECK(u32_at(bytes, 8) == kFixtureBinaryModelVersion);
  CHECK(u32_at(bytes, 12) == 0x01020304U);
  CHECK(u32_at(bytes, 16) == layout_id);
  CHECK(u32_at(bytes, 20) == 3U);
  CHECK(u32_at(bytes, 24) == quantize_bits);
}

}  // namespace

TEST_CASE("format fixtures: the pinned versions are the library's") {
  // A failure here: a format version was bumped (or lowered) without regenerating the fixtures.
  // Keep the old fixture as a test that the old version is still read or clearly refused, run
  // scripts/make-format-fixtures.sh, and update the constant at the top of this file.
  CHECK(gramvec::ngram::kBinaryModelVersion == kFixtureBinaryModelVersion);
  CHECK(ngram::kCountFileVersion == kFixtureCountFileVersion);
  CHECK(embed::TrainingState::kFormatVersion == kFixtureTrainingStateVersion);
}

TEST_CASE("format fixtures: files of the previous format versions are refused with a clear message") {
  // Kept from before each version bump (tests/fixtures/formats/previous/).
  auto binary = ngram::NGramModel::load(fixture("previous/model-hash-v1.gvlm"));
  REQUIRE_FALSE(binary.is_ok());
  CHECK(binary.message().find("binary model format version 1 was written by an earlier gramvec (this one reads "
                              "version 2); convert the ARPA model again") != std::string::npos);
  ngram::CountFileReader counts;
  gramvec::Status opened = counts.open(fixture("previous/corpus-v1.counts"));
  REQUIRE_FALSE(opened.is_ok());
  CHECK(opened.message().find("count file format version 1 was written by an earlier gramvec (this one reads "
                              "version 2): count the corpus again") != std::string::npos);
  auto state = embed::TrainingState::load(fixture("previous/training-v3.state"));
  REQUIRE_FALSE(state.is_ok());
  CHECK(state.message().find("training state format version 3 was written by an earlier gramvec (this one reads "
                             "version 4); train again") != std::string::npos);
}

TEST_CASE("format fixtures: word hashes, the keys of the binary model, are pinned") {
  // These constants pin the on-disk keys of the binary model format: a hash-layout .gvlm stores
  // each n-gram under a key made of its words' word_hash (combined by NGramModel::extend_key, which
  // is private: the hash fixture's 2- and 3-gram lookups cover it), and a trie's vocabulary table
  // stores word_hash of each word. word_hash is vocab::hash_bytes, the function that also hashes
  // the vocabulary's in-memory table: changing either changes every saved model's keys. Computed
  // once with the build of the commit that added them; they must never change within format
  // version 1 of the binary model.
  struct Case {
    std::string_view word;
    std::uint64_t hash;
  };
  const Case cases[] = {
      {"the", 0x73efd51e137d1c55ULL},
      {"<unk>", 0xfc30371893d7021aULL},
      {"<s>", 0x1f57ff176d013ea4ULL},
      {"</s>", 0x4d91e95670fbdbd9ULL},
      {"中文", 0x984ba9d886e7db12ULL},
      {"語言", 0x16cf9fb745fe3bbdULL},
      {"", 0xe220a8397b1dcdafULL},
      {"abcdefgh", 0x9ba6eb98da811bb9ULL},          // exactly one 8-byte block, no tail
      {"自然语言处理", 0x976e2eb7f73053e1ULL},  // 18 bytes: two blocks and a tail
  };
  for (const Case& c : cases) {
    CAPTURE(c.word);
    CHECK(ngram::NGramModel::word_hash(c.word) == c.hash);
  }
}

TEST_CASE("format fixtures: the hash-layout binary model gives the stored scores") {
  std::string path = fixture("model-hash.gvlm");
  check_binary_header(path, 1, 0);
  auto model = ngram::NGramModel::load(path);
  REQUIRE_MESSAGE(model.is_ok(), model.message());
  CHECK(model->binary_options().layout == "hash");
  CHECK(model->binary_options().quantize_bits == 0);
  check_model_shape(*model);
  check_scores(*model, "hash", 0.0);
}

TEST_CASE("format fixtures: the 8-bit quantized trie binary model gives the stored scores") {
  std::string path = fixture("model-trie-q8.gvlm");
  check_binary_header(path, 2, 8);
  auto model = ngram::NGramModel::load(path);
  REQUIRE_MESSAGE(model.is_ok(), model.message());
  CHECK(model->binary_options().layout == "trie");
  CHECK(model->binary_options().quantize_bits == 8);
  check_model_shape(*model);
  check_scores(*model, "trie-q8", 0.0);
}

TEST_CASE("format fixtures: the count file holds the stored counts and gives the stored model") {
  std::string path = fixture("corpus.counts");
  std::string bytes = read_bytes(path);
  REQUIRE(bytes.size() >= 40);
  CHECK(bytes.substr(0, 8) == "GVCOUNTS");
  CHECK(u32_at(bytes, 8) == 0x01020304U);
  CHECK(u32_at(bytes, 12) == kFixtureCountFileVersion);

  auto rows = read_tsv("expected_counts.tsv");
  int order = static_cast<int>(to_u64(value_of(rows, "order")));
  CHECK(u32_at(bytes, 16) == static_cast<std::uint32_t>(order));
  std::map<int, std::uint64_t> distinct;
  std::map<int, std::uint64_t> total;
  std::map<std::string, std::uint64_t> selected;  // n-gram (words joined by spaces) -> count
  for (const auto& row : rows) {
    if (row[0] == "distinct" || row[0] == "total") {
      REQUIRE(row.size() == 3);
      (row[0] == "distinct" ? distinct : total)[static_cast<int>(to_u64(row[1]))] = to_u64(row[2]);
    } else if (row[0] == "ngram") {
      REQUIRE(row.size() == 3);
      selected[row[1]] = to_u64(row[2]);
    }
  }
  REQUIRE(distinct.size() == static_cast<std::size_t>(order));
  REQUIRE(total.size() == static_cast<std::size_t>(order));
  REQUIRE(selected.size() >= 10);

  // Read the whole file with CountFileReader.
  ngram::CountFileReader reader;
  auto opened = reader.open(path);
  REQUIRE_MESSAGE(opened.is_ok(), opened.message());
  const ngram::CountFileHeader& header = reader.header();
  CHECK(header.order == order);
  CHECK(header.tokenizer.describe() == value_of(rows, "settings"));
  CHECK(header.split_sentences == (value_of(rows, "split_sentences") == "1"));
  CHECK(header.sentences == to_u64(value_of(rows, "sentences")));
  CHECK(header.tokens == to_u64(value_of(rows, "tokens")));

  std::map<std::string, std::uint64_t> found;
  std::vector<std::string> words;
  std::uint64_t sum = 0;
  std::string_view word;
  std::uint64_t count = 0;
  while (reader.next_word(word, count)) {
    words.emplace_back(word);
    sum += count;
    if (selected.contains(words.back())) found[words.back()] = count;
  }
  REQUIRE_MESSAGE(reader.status().is_ok(), reader.status().message());
  CHECK(words.size() == distinct[1]);
  CHECK(sum == total[1]);
  for (int n = 2; n <= order; ++n) {
    CAPTURE(n);
    REQUIRE(reader.section() == n);
    std::span<const std::uint32_t> indices;
    std::uint64_t entries = 0;
    sum = 0;
    while (reader.next_ngram(indices, count)) {
      REQUIRE(indices.size() == static_cast<std::size_t>(n));
      ++entries;
      sum += count;
      std::string ngram_text;
      for (std::uint32_t index : indices) {
        REQUIRE(index < words.size());
        ngram_text += (ngram_text.empty() ? "" : " ") + words[index];
      }
      if (selected.contains(ngram_text)) found[ngram_text] = count;
    }
    REQUIRE_MESSAGE(reader.status().is_ok(), reader.status().message());
    CHECK(entries == distinct[n]);
    CHECK(sum == total[n]);
  }
  auto finished = reader.finish();
  CHECK_MESSAGE(finished.is_ok(), finished.message());
  for (const auto& [ngram_text, expected] : selected) {
    CAPTURE(ngram_text);
    CHECK(found[ngram_text] == expected);  // 0 when missing
  }

  // The model estimated from it (as `lm train --counts corpus.counts --discount-fallback`).
  ngram::TrainingOptions options;
  options.estimation.order = 0;  // from the file
  options.estimation.discount_fallback = true;
  options.threads = 1;
  auto trained = ngram::train_language_model_from_counts(path, options);
  REQUIRE_MESSAGE(trained.is_ok(), trained.message());
  TempDir dir("format_fixtures");
  REQUIRE(ngram::write_arpa(*trained, dir.file("counts.arpa")).is_ok());
  auto model = ngram::NGramModel::load(dir.file("counts.arpa"));
  REQUIRE_MESSAGE(model.is_ok(), model.message());
  check_model_shape(*model);
  // Through ARPA text, which holds the floats exactly; 1e-4 keeps this check about the count file
  // and not about how ARPA prints numbers.
  check_scores(*model, "counts", 1e-4);
}

TEST_CASE("format fixtures: the word2vec training state holds the stored settings, words and vectors") {
  std::string path = fixture("training.state");
  std::string bytes = read_bytes(path);
  REQUIRE(bytes.size() >= 12);
  CHECK(bytes.substr(0, 8) == "GVW2VSTA");
  CHECK(u32_at(bytes, 8) == kFixtureTrainingStateVersion);

  auto state = embed::TrainingState::load(path);
  REQUIRE_MESSAGE(state.is_ok(), state.message());
  auto rows = read_tsv("expected_state.tsv");
  const embed::TrainingSettings& settings = state->settings;
  CHECK(embed::model_kind_name(settings.model) == value_of(rows, "model"));
  CHECK(embed::loss_kind_name(settings.loss) == value_of(rows, "loss"));
  CHECK(settings.dimension == to_u64(value_of(rows, "dim")));
  CHECK(settings.window == to_u64(value_of(rows, "window")));
  CHECK(settings.negative == to_u64(value_of(rows, "negative")));
  CHECK(settings.ns_exponent == to_double(value_of(rows, "ns_exponent")));
  CHECK(settings.sample == to_double(value_of(rows, "sample")));
  CHECK(embed::subsampling_rule_name(settings.effective_subsampling()) == value_of(rows, "subsampling"));
  CHECK(settings.effective_alpha() == to_double(value_of(rows, "alpha")));
  CHECK(settings.epochs == to_u64(value_of(rows, "epochs")));
  CHECK(settings.min_count == to_u64(value_of(rows, "min_count")));
  CHECK(settings.seed == to_u64(value_of(rows, "seed")));
  CHECK(settings.tokenizer.describe() == value_of(rows, "tokenizer"));
  CHECK_FALSE(settings.split_sentences);
  CHECK(state->epochs_done == to_u64(value_of(rows, "epochs_done")));
  CHECK(state->words_processed == to_u64(value_of(rows, "words_processed")));

  std::size_t vocabulary = static_cast<std::size_t>(to_u64(value_of(rows, "vocabulary")));
  REQUIRE(state->vocabulary.size() == vocabulary);
  REQUIRE(state->input.rows() == vocabulary);
  REQUIRE(state->input.cols() == settings.dimension);
  CHECK(state->output.rows() == vocabulary);  // negative sampling: one output row per word
  CHECK(state->output.cols() == settings.dimension);

  std::size_t vectors = 0;
  for (const auto& row : rows) {
    if (row[0] != "vector") continue;
    REQUIRE(row.size() == 4 + settings.dimension);
    std::size_t index = static_cast<std::size_t>(to_u64(row[1]));
    CAPTURE(row[2]);
    REQUIRE(index < vocabulary);
    CHECK(state->vocabulary.words()[index] == row[2]);
    CHECK(state->vocabulary.counts()[index] == to_u64(row[3]));
    for (std::size_t k = 0; k < settings.dimension; ++k) {
      CAPTURE(k);
      // The text output prints the shortest decimal that reads back as the same float.
      float stored = std::strtof(row[4 + k].c_str(), nullptr);
      CHECK_MESSAGE(state->input.row(index)[k] == stored,
                    "component " << digits(state->input.row(index)[k]) << ", stored " << digits(stored));
    }
    ++vectors;
  }
  CHECK(vectors >= 4);
}
