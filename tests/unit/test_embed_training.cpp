// Training end to end: reproducible with one thread and a seed, sensible neighbours on the
// bundled speeches, saving and resuming the state, and bad input.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/embed/search.hpp"
#include "gramvec/embed/trainer.hpp"
#include "gramvec/text/tokenizer.hpp"
#include "util/checksum.hpp"
#include "temp_dir.hpp"

using namespace gramvec::embed;

namespace {

const std::string kSpeeches = std::string(GRAMVEC_SOURCE_DIR) + "/data/en-speeches.txt";

// One directory for the whole run, removed at exit.
std::filesystem::path scratch() {
  static const gramvec::test::TempDir directory("embed_training_test");
  std::filesystem::create_directories(directory.path());  // (a test case may have removed it)
  return directory.path();
}

// The first `lines` lines of the speeches.
std::string small_corpus(std::size_t lines) {
  auto path = (scratch() / ("speeches-" + std::to_string(lines) + ".txt")).string();
  std::ifstream in(kSpeeches);
  std::ofstream out(path);
  std::string line;
  for (std::size_t count = 0; count < lines && std::getline(in, line); ++count) out << line << '\n';
  return path;
}

TrainingSettings small_settings() {
  TrainingSettings settings;
  settings.dimension = 16;
  settings.epochs = 1;
  settings.min_count = 3;
  settings.seed = 7;
  settings.tokenizer.lower = true;
  return settings;
}

TrainingState trained(const std::vector<std::string>& paths, const TrainingSettings& settings, std::size_t threads) {
  TrainerOptions options;
  options.threads = threads;
  auto state = initial_training_state(paths, settings, std::nullopt, options);
  REQUIRE(state.is_ok());
  auto summary = train(*state, paths, options);
  REQUIRE(summary.is_ok());
  CHECK(summary->words_processed > 0);
  return std::move(*state);
}

// Trains on one thread, saving the state to `state_path` after every epoch.
TrainingState trained_saving_state(const std::vector<std::string>& paths, const TrainingSettings& settings,
                                   const std::string& state_path) {
  TrainerOptions options;
  options.threads = 1;
  options.save_state_path = state_path;
  auto state = initial_training_state(paths, settings, std::nullopt, options);
  REQUIRE(state.is_ok());
  REQUIRE(train(*state, paths, options).is_ok());
  return std::move(*state);
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool same_matrix(const Matrix& left, const Matrix& right) {
  return left.rows() == right.rows() && left.cols() == right.cols() &&
         std::memcmp(left.data(), right.data(), left.size() * sizeof(float)) == 0;
}

}  // namespace

TEST_CASE("embed: one thread and a seed give bit-identical vectors") {
  std::vector<std::string> paths = {small_corpus(1500)};
  for (auto model : {ModelKind::skipgram, ModelKind::cbow}) {
    for (auto loss : {LossKind::negative_sampling, LossKind::hierarchical_softmax}) {
      TrainingSettings settings = small_settings();
      settings.model = model;
      settings.loss = loss;
      TrainingState first = trained(paths, settings, 1);
      TrainingState second = trained(paths, settings, 1);
      CHECK(same_matrix(first.input, second.input));
      CHECK(same_matrix(first.output, second.output));
      settings.seed = 8;
      TrainingState other_seed = trained(paths, settings, 1);
      CHECK_FALSE(same_matrix(first.input, other_seed.input));
    }
  }
  // Several threads over byte ranges: every word is trained on, so every word's vector moves
  // from its random start, whichever thread's range holds it. The words that can move are those
  // of a line with at least two vocabulary words (a skip-gram context needs a neighbour); no
  // subsampling, so that none of their occurrences is dropped at random.
  TrainingSettings settings = small_settings();
  settings.sample = 0.0;
  TrainingState threaded = trained(paths, settings, 3);
  TrainerOptions options;
  auto initial = initial_training_state(paths, settings, std::nullopt, options);
  REQUIRE(initial.is_ok());
  REQUIRE(threaded.input.rows() == initial->input.rows());
  REQUIRE(threaded.vocabulary.words() == initial->vocabulary.words());
  std::vector<bool> in_text(threaded.vocabulary.size(), false);
  gramvec::text::Tokenizer tokenizer(settings.tokenizer);
  std::ifstream text(paths[0]);
  std::string line;
  while (std::getline(text, line)) {
    std::vector<std::uint32_t> rows;
    for (std::string_view token : tokenizer.tokenize(line)) {
      std::uint32_t row = threaded.vocabulary.row_of_token(token);
      if (row != TrainingVocabulary::kNotTrained) rows.push_back(row);
    }
    if (rows.size() >= 2) {
      for (std::uint32_t row : rows) in_text[row] = true;
    }
  }
  std::size_t checked = 0;
  std::vector<std::string> unchanged;
  const std::size_t row_bytes = threaded.input.cols() * sizeof(float);
  for (std::size_t row = 0; row < threaded.vocabulary.size(); ++row) {
    if (!in_text[row]) continue;
    ++checked;
    if (std::memcmp(threaded.input.row(row), initial->input.row(row), row_bytes) == 0) {
      unchanged.push_back(threaded.vocabulary.words()[row]);
    }
  }
  // Nearly the whole vocabulary is checked (else the check would prove little).
  CHECK(checked * 100 >= threaded.vocabulary.size() * 99);
  INFO(unchanged.size() << " of " << checked << " words unchanged, such as '"
                        << (unchanged.empty() ? std::string() : unchanged.front()) << "'");
  CHECK(unchanged.empty());
  // Words in descending count order.
  const auto& counts = threaded.vocabulary.counts();
  CHECK(std::is_sorted(counts.rbegin(), counts.rend()));
}

TEST_CASE("embed: training on the bundled speeches gives sensible neighbours") {
  TrainingSettings settings;
  settings.dimension = 40;
  settings.epochs = 3;
  settings.tokenizer.lower = true;
  TrainingState state = trained({kSpeeches}, settings, 1);  // one thread: deterministic, never flaky
  WordVectors vectors = trained_vectors(state);
  vectors.normalize_rows();
  CHECK(vectors.size() > 4000);
  CHECK_FALSE(vectors.find("<s>").has_value());
  CHECK_FALSE(vectors.find("</s>").has_value());
  CHECK_FALSE(vectors.find("<unk>").has_value());
  auto related = [&](const std::string& word, const std::set<std::string>& expected) {
    auto terms = parse_expression(word);
    REQUIRE(terms.is_ok());
    auto query = resolve_expression(vectors, *terms).query;
    auto results = nearest(vectors, std::span(&query, 1), 10);
    int hits = 0;
    std::string shown;
    for (const auto& neighbor : results[0]) {
      shown += vectors.word(neighbor.row) + " ";
      hits += expected.count(vectors.word(neighbor.row)) > 0 ? 1 : 0;
    }
    INFO(word << ": " << shown);
    CHECK(hits >= 3);
  };
  related("war", {"peace", "cold", "vietnam", "korea", "ii", "world", "wars", "conflict", "military", "enemy",
                  "aggression", "fighting", "victory", "communist", "soviet", "nazi", "hostilities"});
  related("president", {"vice", "speaker", "mr", "congress", "senate", "house", "chief", "office", "members",
                        "distinguished", "justice", "truman", "roosevelt", "kennedy", "johnson", "lincoln"});
}

TEST_CASE("embed: save the training state and resume") {
  std::vector<std::string> paths = {small_corpus(800)};
  auto state_path = (scratch() / "state.bin").string();
  TrainingSettings settings = small_settings();
  settings.epochs = 2;
  TrainingState state = trained_saving_state(paths, settings, state_path);
  auto loaded = TrainingState::load(state_path);
  REQUIRE(loaded.is_ok());
  CHECK(loaded->epochs_done == 2);
  CHECK(loaded->words_processed == state.words_processed);
  CHECK(loaded->vocabulary.words() == state.vocabulary.words());
  CHECK(same_matrix(loaded->input, state.input));
  CHECK(same_matrix(loaded->output, state.output));
  CHECK(loaded->settings.tokenizer == settings.tokenizer);

  // Nothing left to do at 2 of 2 epochs; raising the total trains one more epoch.
  TrainerOptions options;
  options.threads = 1;
  CHECK_FALSE(train(*loaded, paths, options).is_ok());
  loaded->settings.epochs = 3;
  REQUIRE(train(*loaded, paths, options).is_ok());
  CHECK(loaded->epochs_done == 3);
  CHECK_FALSE(same_matrix(loaded->input, state.input));

  // A damaged state file is refused.
  std::string bytes = file_bytes(state_path);
  bytes[bytes.size() / 2] ^= 0x55;
  {
    std::ofstream out(state_path, std::ios::binary);
    out << bytes;
  }
  auto damaged = TrainingState::load(state_path);
  REQUIRE_FALSE(damaged.is_ok());
  CHECK(damaged.message().find("checksum") != std::string::npos);
  {
    std::ofstream out(state_path, std::ios::binary);
    out << "not a state";
  }
  CHECK(TrainingState::load(state_path).message().find("bad magic") != std::string::npos);
}

TEST_CASE("embed: training refuses bad input with one clear error") {
  TrainerOptions options;
  auto empty = (scratch() / "empty.txt").string();
  std::ofstream(empty).close();
  auto result = initial_training_state({empty}, small_settings(), std::nullopt, options);
  REQUIRE_FALSE(result.is_ok());
  CHECK(result.message().find("the corpus is empty") != std::string::npos);

  TrainingSettings settings = small_settings();
  settings.min_count = 1000000;
  result = initial_training_state({small_corpus(50)}, settings, std::nullopt, options);
  REQUIRE_FALSE(result.is_ok());
  CHECK(result.message().find("no word occurs at least 1000000 time") != std::string::npos);

  settings = small_settings();
  settings.dimension = 0;
  CHECK(settings.validate().message().find("--dim") != std::string::npos);
  settings = small_settings();
  settings.window = 0;
  CHECK(settings.validate().message().find("--window") != std::string::npos);
  CHECK_FALSE(initial_training_state({(scratch() / "missing.txt").string()}, small_settings(), std::nullopt, options)
                  .is_ok());
  std::filesystem::remove_all(scratch());
}

TEST_CASE("embed: the subsampling rule is kept in the training state; earlier versions are refused") {
  std::vector<std::string> paths = {small_corpus(300)};
  auto state_path = (scratch() / "state-rule.bin").string();
  TrainingSettings settings = small_settings();
  settings.subsampling = SubsamplingRule::word2vec;
  trained_saving_state(paths, settings, state_path);
  auto loaded = TrainingState::load(state_path);
  REQUIRE(loaded.is_ok());
  CHECK(loaded->settings.subsampling == SubsamplingRule::word2vec);

  std::string bytes = file_bytes(state_path);
  // magic 8, version 4, model 1, loss 1, dim 8, window 8, negative 8, sample 8: the rule's byte.
  constexpr std::size_t kRuleOffset = 46;
  REQUIRE(bytes.size() > kRuleOffset + 8);
  CHECK(bytes[kRuleOffset] == static_cast<char>(SubsamplingRule::word2vec));
  auto rewrite = [&](std::string body) {
    std::uint64_t hash = gramvec::util::Checksum::of(body);  // of everything before the checksum
    for (int shift = 0; shift < 64; shift += 8) body.push_back(static_cast<char>((hash >> shift) & 0xff));
    std::ofstream out(state_path, std::ios::binary | std::ios::trunc);
    out << body;
  };
  std::string body = bytes.substr(0, bytes.size() - 8);

  // The paper's rule, written into the same state, reads back as the paper's rule.
  std::string paper = body;
  paper[kRuleOffset] = static_cast<char>(SubsamplingRule::paper);
  rewrite(paper);
  auto as_paper = TrainingState::load(state_path);
  REQUIRE(as_paper.is_ok());
  CHECK(as_paper->settings.subsampling == SubsamplingRule::paper);

  // A state of an earlier version (2: no rule byte; 3: another checksum) is refused, saying so.
  for (char version : {2, 3}) {
    std::string old = version == 2 ? body.substr(0, kRuleOffset) + body.substr(kRuleOffset + 1) : body;
    old[8] = version;
    rewrite(old);
    auto refused = TrainingState::load(state_path);
    REQUIRE_FALSE(refused.is_ok());
    CHECK(refused.message().find(fmt::format("format version {} was written by an earlier gramvec", int{version})) !=
          std::string::npos);
  }

  // An unknown rule is refused.
  std::string bad = body;
  bad[kRuleOffset] = 7;
  rewrite(bad);
  CHECK(TrainingState::load(state_path).message().find("corrupt settings") != std::string::npos);
}

TEST_CASE("embed: the default subsampling rule follows the model") {
  TrainingSettings settings;
  CHECK(settings.effective_subsampling() == SubsamplingRule::paper);
  settings.model = ModelKind::cbow;
  CHECK(settings.effective_subsampling() == SubsamplingRule::word2vec);
  settings.subsampling = SubsamplingRule::paper;
  CHECK(settings.effective_subsampling() == SubsamplingRule::paper);
}
