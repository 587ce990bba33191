// Entropy pruning (lm prune): the entropy change of removing one n-gram against a hand
// derivation, the thresholds (0 removes nothing, a larger θ never keeps more, a huge θ keeps only
// the 1-grams), and every pruned model summing to 1 after random contexts.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gramvec/ngram/interpolate.hpp"
#include "gramvec/ngram/prune.hpp"
#include "lm_test_models.hpp"
#include "ngram/prune/entropy_prune.hpp"
#include "temp_dir.hpp"

namespace {

using gramvec::ngram::EntropyPruner;
using gramvec::ngram::NGramModel;

NGramModel parse(const std::string& text) {
  auto model = NGramModel::parse_arpa(text, "tiny.arpa", gramvec::ngram::BinaryModelOptions{"trie"});
  REQUIRE_MESSAGE(model.is_ok(), (model.is_ok() ? "" : model.message()));
  return std::move(*model);
}

EntropyPruner pruner_of(const NGramModel& model) {
  auto pruner = EntropyPruner::make(model, "model");
  REQUIRE_MESSAGE(pruner.is_ok(), (pruner.is_ok() ? "" : pruner.message()));
  return std::move(*pruner);
}

// A bigram model whose stored values are exact binary fractions (log10), so that the trie's
// 32-bit floats hold them exactly and the derivation below is exact to double precision.
//   1-grams: P(</s>) = 10^-0.75, P(a) = 10^-0.25, P(b) = 10^-0.625; α(<s>) = 10^-0.25, α(a) = 10^-0.125
//   2-grams: P(a | <s>) = 10^-0.125, P(b | a) = 10^-0.375, P(</s> | a) = 10^-0.875
const char* const kTiny =
    "\\data\\\nngram 1=4\nngram 2=3\n\n\\1-grams:\n-99 <s> -0.25\n-0.75 </s>\n-0.25 a -0.125\n-0.625 b\n\n"
    "\\2-grams:\n-0.125 <s> a\n-0.375 a b\n-0.875 a </s>\n\n\\end\\\n";

double p(double log10) { return std::pow(10.0, log10); }

// A model of `order` trained on the first 600 bundled sentences, written at `dir`/model.arpa
// and loaded in the trie layout (as lm prune lists a model's n-grams).
NGramModel trained(const gramvec::test::TempDir& dir, int order) {
  gramvec::ngram::EstimationOptions options;
  options.order = order;
  gramvec::test::train_to_arpa(gramvec::test::bundled_sentences(600), options, (dir.path() / "model.arpa").string());
  auto model = gramvec::ngram::load_for_interpolation((dir.path() / "model.arpa").string());
  REQUIRE(model.is_ok());
  return std::move(*model);
}

gramvec::ngram::PruneOptions at(double threshold) {
  gramvec::ngram::PruneOptions options;
  options.threshold = threshold;
  return options;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

// Removing "a b" (SRILM's formula, logs base 10, h = a, h' = the empty context):
//   P(h) = P(a) = 10^-0.25 (the product of the model's conditional probabilities of h's words)
//   β(a) = 1 - P(b|a) - P(</s>|a) = 1 - 10^-0.375 - 10^-0.875          = 0.4449513533550854
//   δ(a) = 1 - P(b) - P(</s>)     = 1 - 10^-0.625 - 10^-0.75           = 0.5850346884299422
//   log α'(a) = log(β + P(b|a)) - log(δ + P(b)) = log(1 - 10^-0.875) - log(1 - 10^-0.75)
//             = 0.02287995387846436
//   ΔH = -P(h) { P(b|a) [log P(b) + log α'(a) - log P(b|a)] + β(a) [log α'(a) - log α(a)] }
//      = -10^-0.25 { 10^-0.375 (-0.625 + 0.02287995387846436 + 0.375)
//                    + 0.4449513533550854 (0.02287995387846436 + 0.125) }
//      = 0.016856936838189833;  perplexity change 10^ΔH - 1 = 0.039577656836665476
// Removing "<s> a" (h = <s>, whose probability as a context is P(</s>), as SRILM's
// computeContextProb): β(<s>) = 1 - 10^-0.125, δ(<s>) = 1 - 10^-0.25, and
//   log α'(<s>) = log(1) - log(1) = 0 (both 2-grams gone: nothing is listed after <s>)
//   ΔH = -10^-0.75 { 10^-0.125 (-0.25 + 0 + 0.125) + (1 - 10^-0.125) (0 + 0.25) } = 0.005550068455151585
TEST_CASE("entropy pruning: the entropy change of removing one n-gram, by hand") {
  NGramModel model = parse(kTiny);
  EntropyPruner pruner = pruner_of(model);
  CHECK(pruner.log10_probability(std::vector<std::string>{"a"}, "a") == doctest::Approx(-0.125 - 0.25).epsilon(1e-12));

  std::vector<std::string> ab{"a", "b"};
  const double beta = 1 - p(-0.375) - p(-0.875);
  const double new_backoff = std::log10(1 - p(-0.875)) - std::log10(1 - p(-0.75));
  const double by_formula = -p(-0.25) * (p(-0.375) * (-0.625 + new_backoff + 0.375) + beta * (new_backoff + 0.125));
  CHECK(std::abs(by_formula - 0.016856936838189833) < 1e-12);  // the figures in the comment
  CHECK(std::abs(pruner.delta_entropy(ab) - 0.016856936838189833) < 1e-9);

  std::vector<std::string> sa{"<s>", "a"};
  CHECK(std::abs(pruner.delta_entropy(sa) - 0.005550068455151585) < 1e-9);

  // θ compares with 10^ΔH - 1: "a b" stays just below its change and goes just above it. "a </s>"
  // (ΔH < 0: the stored α(a) is not quite the normalising one) goes at any θ > 0.
  const double change = p(0.016856936838189833) - 1;
  EntropyPruner below = pruner_of(model);
  below.prune(change - 1e-9);
  CHECK(below.counts() == std::vector<std::uint64_t>{4, 1});
  CHECK(below.log10_probability(std::vector<std::string>{"a"}, "b") == doctest::Approx(-0.375).epsilon(1e-12));
  EntropyPruner above = pruner_of(model);
  above.prune(change + 1e-9);
  CHECK(above.counts() == std::vector<std::uint64_t>{4, 0});
}

TEST_CASE("entropy pruning: θ = 0 removes nothing, a larger θ never keeps more, a huge θ keeps the 1-grams") {
  gramvec::test::TempDir dir("prune_thresholds");
  const std::string arpa = (dir.path() / "model.arpa").string();
  auto model = std::optional<NGramModel>(trained(dir, 4));
  EntropyPruner original = pruner_of(*model);
  const auto all = original.counts();

  EntropyPruner none = pruner_of(*model);
  none.prune(0.0);
  CHECK(none.counts() == all);

  std::vector<std::uint64_t> previous = all;
  for (double threshold : {1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1.0, 1e300}) {
    EntropyPruner pruner = pruner_of(*model);
    pruner.prune(threshold);
    auto kept = pruner.counts();
    CAPTURE(threshold);
    CHECK(kept[0] == all[0]);  // 1-grams are never pruned
    for (std::size_t n = 0; n < kept.size(); ++n) CHECK(kept[n] <= previous[n]);
    previous = kept;
  }
  // A huge θ: every n-gram's change is below it, and once the highest order is gone no n-gram is
  // needed as a context or a suffix, so only the 1-grams are left.
  CHECK(previous == std::vector<std::uint64_t>{all[0], 0, 0, 0});
}

TEST_CASE("entropy pruning: the pruned model sums to 1 after random contexts") {
  gramvec::test::TempDir dir("prune_normalisation");
  const auto corpus = gramvec::test::bundled_sentences(800);
  for (const char* smoothing : {"mkn", "katz", "wb"}) {
    gramvec::ngram::EstimationOptions options;
    options.order = 4;
    options.smoothing = smoothing;
    const std::string arpa = (dir.path() / (std::string(smoothing) + ".arpa")).string();
    gramvec::test::train_to_arpa(corpus, options, arpa);
    auto model = gramvec::ngram::load_for_interpolation(arpa);
    REQUIRE(model.is_ok());
    for (double threshold : {1e-7, 1e-5}) {
      CAPTURE(smoothing);
      CAPTURE(threshold);
      const std::string pruned_path = (dir.path() / "pruned.arpa").string();
      auto options = at(threshold);
      options.form = gramvec::ngram::PrunedForm::automatic;  // both forms: Katz's is the backoff one
      auto summary = gramvec::ngram::write_pruned_model(*model, arpa, options, pruned_path, std::nullopt);
      REQUIRE_MESSAGE(summary.is_ok(), (summary.is_ok() ? "" : summary.message()));
      CHECK(summary->after[3] < summary->before[3]);
      // Kneser-Ney and Witten-Bell estimates are interpolated; Katz's are not.
      CHECK(summary->form == (std::string(smoothing) == "katz" ? gramvec::ngram::PrunedForm::backoff
                                                               : gramvec::ngram::PrunedForm::interpolated));
      auto pruned = NGramModel::load(pruned_path);
      REQUIRE(pruned.is_ok());
      for (int n = 1; n <= 4; ++n) CHECK(pruned->ngram_count(n) == summary->after[static_cast<std::size_t>(n - 1)]);
      std::mt19937_64 random(7);
      for (int trial = 0; trial < 40; ++trial) {
        auto context = gramvec::test::random_context(corpus, pruned->words(), random, 4, trial % 2 == 0);
        CAPTURE(context.size());
        CHECK(std::abs(gramvec::test::total_probability(*pruned, context) - 1.0) < 1e-6);
      }
    }
  }
}

TEST_CASE("entropy pruning: refused for a bad threshold") {
  gramvec::test::TempDir dir("prune_refused");
  NGramModel model = parse(kTiny);
  auto negative = gramvec::ngram::write_pruned_model(model, "tiny.arpa", at(-1.0), (dir.path() / "p.arpa").string(),
                                                     std::nullopt);
  CHECK_FALSE(negative.is_ok());
  auto nan = gramvec::ngram::write_pruned_model(model, "tiny.arpa", at(std::nan("")), (dir.path() / "p.arpa").string(),
                                                std::nullopt);
  CHECK_FALSE(nan.is_ok());
  CHECK_FALSE(std::filesystem::exists(dir.path() / "p.arpa"));
}

TEST_CASE("entropy pruning: thresholds tried in turn give what each gives on its own") {
  gramvec::test::TempDir dir("prune_again");
  const std::string arpa = (dir.path() / "model.arpa").string();
  auto model = std::optional<NGramModel>(trained(dir, 3));
  EntropyPruner reused = pruner_of(*model);
  for (double threshold : {1e-5, 1e-7, 0.0, 1e-6}) {
    CAPTURE(threshold);
    reused.prune(threshold);
    EntropyPruner fresh = pruner_of(*model);
    fresh.prune(threshold);
    CHECK(reused.counts() == fresh.counts());
    REQUIRE(reused.write((dir.path() / "reused.arpa").string(), std::nullopt, "m", threshold).is_ok());
    REQUIRE(fresh.write((dir.path() / "fresh.arpa").string(), std::nullopt, "m", threshold).is_ok());
    CHECK(read_file(dir.path() / "reused.arpa") == read_file(dir.path() / "fresh.arpa"));
  }
}

TEST_CASE("entropy pruning: a target size gives the largest model within it, at a threshold that reproduces it") {
  gramvec::test::TempDir dir("prune_target");
  const std::string arpa = (dir.path() / "model.arpa").string();
  auto model = std::optional<NGramModel>(trained(dir, 4));
  auto total = [](const std::vector<std::uint64_t>& counts) {
    return std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
  };
  const std::uint64_t all = total(pruner_of(*model).counts());
  const std::string out = (dir.path() / "pruned.arpa").string();
  for (auto [target, form] : {std::pair{all, gramvec::ngram::PrunedForm::backoff},
                              std::pair{all - 1, gramvec::ngram::PrunedForm::backoff},
                              std::pair{all / 2, gramvec::ngram::PrunedForm::backoff},
                              std::pair{all / 5, gramvec::ngram::PrunedForm::backoff},
                              std::pair{all / 2, gramvec::ngram::PrunedForm::interpolated},
                              std::pair{all / 5, gramvec::ngram::PrunedForm::interpolated}}) {
    CAPTURE(target);
    CAPTURE(gramvec::ngram::pruned_form_name(form));
    gramvec::ngram::PruneOptions wanted;
    wanted.target_ngrams = target;
    wanted.form = form;
    auto summary = gramvec::ngram::write_pruned_model(*model, arpa, wanted, out, std::nullopt);
    REQUIRE_MESSAGE(summary.is_ok(), (summary.is_ok() ? "" : summary.message()));
    const std::uint64_t got = total(summary->after);
    CHECK(got <= target);
    CHECK(summary->searched > 0);
    if (target == all) CHECK(summary->threshold == 0.0);
    // The threshold reported gives the same model, and the next smaller θ (the next criterion
    // down) would exceed the target: nothing between.
    CHECK(summary->form == form);
    EntropyPruner again = pruner_of(*model);
    REQUIRE(again.set_form(summary->form).is_ok());
    again.prune(summary->threshold);
    CHECK(total(again.counts()) == got);
    if (summary->threshold > 0.0) {
      again.prune(std::nextafter(summary->threshold, 0.0));
      CHECK(total(again.counts()) > target);
    }
  }
  gramvec::ngram::PruneOptions tiny;
  tiny.target_ngrams = 10;
  auto refused = gramvec::ngram::write_pruned_model(*model, arpa, tiny, out, std::nullopt);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.message().find("--target-size 10: the smallest model entropy pruning reaches has ") == 0);
}

TEST_CASE("entropy pruning: a target in bytes is the size of the binary file written") {
  gramvec::test::TempDir dir("prune_bytes");
  const std::string arpa = (dir.path() / "model.arpa").string();
  auto model = std::optional<NGramModel>(trained(dir, 3));
  for (const char* layout : {"trie", "hash"}) {
    CAPTURE(layout);
    gramvec::ngram::BinaryModelOptions binary{layout};
    const auto out = dir.path() / "pruned.gvlm";
    auto full = gramvec::ngram::write_pruned_model(*model, arpa, at(0.0), out.string(), binary);
    REQUIRE(full.is_ok());
    const auto full_bytes = std::filesystem::file_size(out);
    gramvec::ngram::PruneOptions wanted;
    wanted.target_bytes = full_bytes / 2;
    auto summary = gramvec::ngram::write_pruned_model(*model, arpa, wanted, out.string(), binary);
    REQUIRE_MESSAGE(summary.is_ok(), (summary.is_ok() ? "" : summary.message()));
    REQUIRE(summary->bytes.has_value());
    CHECK(*summary->bytes == std::filesystem::file_size(out));
    CHECK(*summary->bytes <= full_bytes / 2);
    CHECK(*summary->bytes > full_bytes / 4);
  }
  gramvec::ngram::PruneOptions arpa_bytes;
  arpa_bytes.target_bytes = 1000;
  CHECK_FALSE(gramvec::ngram::write_pruned_model(*model, arpa, arpa_bytes, (dir.path() / "p.arpa").string(),
                                                 std::nullopt)
                  .is_ok());
}

TEST_CASE("entropy pruning: a history model that is the model itself changes nothing") {
  gramvec::test::TempDir dir("prune_history");
  gramvec::ngram::EstimationOptions options;
  options.order = 3;
  const std::string arpa = (dir.path() / "model.arpa").string();
  const auto corpus = gramvec::test::bundled_sentences(400);
  gramvec::test::train_to_arpa(corpus, options, arpa);
  auto model = gramvec::ngram::load_for_interpolation(arpa);
  REQUIRE(model.is_ok());
  auto history = NGramModel::load(arpa);  // the hash layout: any layout serves as history
  REQUIRE(history.is_ok());
  EntropyPruner own = pruner_of(*model);
  EntropyPruner with_history = pruner_of(*model);
  with_history.set_history(&*history);
  // The model's 3-grams, from its ARPA file.
  std::istringstream lines(read_file(arpa));
  std::string line;
  bool trigrams = false;
  int compared = 0;
  while (std::getline(lines, line) && compared < 60) {
    if (line.rfind("\\", 0) == 0) trigrams = line == "\\3-grams:";
    std::istringstream fields(line);
    std::string probability;
    std::vector<std::string> words(3);
    if (!trigrams || !(fields >> probability >> words[0] >> words[1] >> words[2])) continue;
    double a = own.delta_entropy(words);
    if (std::isnan(a)) continue;
    CAPTURE(line);
    CHECK(with_history.delta_entropy(words) == doctest::Approx(a).epsilon(1e-5));
    ++compared;
  }
  CHECK(compared == 60);

  // A different history model changes the criterion: a unigram model's P(h) ignores h's order.
  gramvec::ngram::EstimationOptions unigram;
  unigram.order = 1;
  const std::string unigram_arpa = (dir.path() / "unigram.arpa").string();
  gramvec::test::train_to_arpa(corpus, unigram, unigram_arpa);
  auto flat = NGramModel::load(unigram_arpa);
  REQUIRE(flat.is_ok());
  EntropyPruner with_flat = pruner_of(*model);
  with_flat.set_history(&*flat);
  own.prune(1e-6);
  with_flat.prune(1e-6);
  CHECK(own.counts() != with_flat.counts());
}

TEST_CASE("entropy pruning: a hash-layout model prunes as the trie") {
  gramvec::test::TempDir dir("prune_hash");
  auto hash = NGramModel::parse_arpa(kTiny, "tiny.arpa", gramvec::ngram::BinaryModelOptions{"hash"});
  REQUIRE(hash.is_ok());
  CHECK(gramvec::ngram::check_prunable(*hash, "tiny.gvlm").is_ok());
  NGramModel trie = parse(kTiny);
  for (double threshold : {0.0, 0.01, 1.0}) {
    CAPTURE(threshold);
    auto from_hash = gramvec::ngram::write_pruned_model(*hash, "tiny.arpa", at(threshold),
                                                        (dir.path() / "hash.arpa").string(), std::nullopt);
    REQUIRE(from_hash.is_ok());
    auto from_trie = gramvec::ngram::write_pruned_model(trie, "tiny.arpa", at(threshold),
                                                        (dir.path() / "trie.arpa").string(), std::nullopt);
    REQUIRE(from_trie.is_ok());
    CHECK(from_hash->after == from_trie->after);
    CHECK(read_file(dir.path() / "hash.arpa") == read_file(dir.path() / "trie.arpa"));
  }
}

namespace {

// The n-grams of an ARPA text with their log10 probabilities, order 2 and up, words joined by spaces.
std::map<std::string, double> listed_ngrams(const std::string& arpa_text) {
  std::map<std::string, double> listed;
  std::istringstream lines(arpa_text);
  std::string line;
  std::size_t order = 0;
  while (std::getline(lines, line)) {
    if (line.size() > 2 && line[0] == '\\' && line.ends_with("-grams:")) {
      order = std::stoul(line.substr(1));
      continue;
    }
    std::istringstream fields(line);
    double log10_probability = 0.0;
    std::vector<std::string> words(order);
    if (order < 2 || !(fields >> log10_probability)) continue;
    std::string joined;
    for (auto& word : words) {
      if (!(fields >> word)) break;
      joined += (joined.empty() ? "" : " ") + word;
    }
    listed[joined] = log10_probability;
  }
  return listed;
}

}  // namespace

// Count pruning of an interpolated estimate (lm train --prune) keeps its discounts and lower-order
// counts and gives the pruned n-grams' mass to the interpolation weight: the interpolated form
// removing the very same n-grams from the unpruned model must give the same model (to ARPA's
// precision). This pins the form's arithmetic (α' = α + Σ d, P' = d + α' P'(w|h')) as a whole.
TEST_CASE("entropy pruning: the interpolated form, removing what count pruning removes, gives the count-pruned model") {
  gramvec::test::TempDir dir("prune_interpolated");
  const auto corpus = gramvec::test::bundled_sentences(800);
  for (const char* smoothing : {"mkn", "kn", "wb"}) {
    CAPTURE(smoothing);
    gramvec::ngram::EstimationOptions options;
    options.order = 4;
    options.smoothing = smoothing;
    const std::string full_arpa = (dir.path() / "full.arpa").string();
    gramvec::test::train_to_arpa(corpus, options, full_arpa);
    options.prune_thresholds = {0, 1};
    const std::string count_arpa = (dir.path() / "count.arpa").string();
    gramvec::test::train_to_arpa(corpus, options, count_arpa);
    const auto count_listed = listed_ngrams(read_file(count_arpa));

    auto full = gramvec::ngram::load_for_interpolation(full_arpa);
    REQUIRE(full.is_ok());
    EntropyPruner pruner = pruner_of(*full);
    CHECK(pruner.has_interpolated_form());
    auto form = pruner.set_form(gramvec::ngram::PrunedForm::automatic);
    REQUIRE(form.is_ok());
    CHECK(*form == gramvec::ngram::PrunedForm::interpolated);
    pruner.remove_where([&](std::span<const std::string> ngram) {
      std::string joined;
      for (const auto& word : ngram) joined += (joined.empty() ? "" : " ") + word;
      return !count_listed.contains(joined);
    });
    auto count_model = NGramModel::load(count_arpa);
    REQUIRE(count_model.is_ok());
    std::uint64_t listed = 0;
    for (int n = 1; n <= 4; ++n) listed += count_model->ngram_count(n);
    auto kept = pruner.counts();
    CHECK(std::accumulate(kept.begin(), kept.end(), std::uint64_t{0}) == listed);
    // Every n-gram of the count-pruned model, and random n-grams (which back off), score alike.
    int compared = 0;
    for (const auto& [joined, log10_probability] : count_listed) {
      std::vector<std::string> words;
      std::istringstream split(joined);
      for (std::string word; split >> word;) words.push_back(word);
      const std::string word = words.back();
      words.pop_back();
      CAPTURE(joined);
      CHECK(pruner.log10_probability(words, word) == doctest::Approx(log10_probability).epsilon(2e-6));
      ++compared;
    }
    CHECK(compared > 1000);
    std::mt19937_64 random(11);
    for (int trial = 0; trial < 300; ++trial) {
      auto context = gramvec::test::random_context(corpus, count_model->words(), random, 4, trial % 2 == 0);
      const std::string& word = count_model->words()[random() % count_model->words().size()];
      if (word == "<s>") continue;
      gramvec::ngram::ModelState state;  // no words: the context as given, no <s>
      gramvec::ngram::ModelState next;
      for (const auto& w : context) {
        count_model->score(state, w, next);
        state = next;
      }
      CAPTURE(word);
      CHECK(pruner.log10_probability(context, word) ==
            doctest::Approx(count_model->score(state, word, next).log10_probability).epsilon(1e-5));
    }
  }
}

// The interpolated criterion against the relative entropy itself: remove one n-gram (one the
// order above does not need), sum P(h) Σ_v P(v|h) log10(P(v|h) / P'(v|h)) over the whole
// vocabulary, and compare. Groups of more than 32 n-grams take the power series: 2-grams after
// frequent words reach it.
// Not named "entropy pruning: ...": the brute-force sums take minutes under ThreadSanitizer, and
// this test runs no thread, so it stays out of the threads label (tests/CMakeLists.txt).
TEST_CASE("pruning criterion, interpolated form: the relative entropy of removing the n-gram") {
  gramvec::test::TempDir dir("prune_interpolated_criterion");
  auto model = std::optional<NGramModel>(trained(dir, 3));
  EntropyPruner pruner = pruner_of(*model);
  REQUIRE(pruner.set_form(gramvec::ngram::PrunedForm::interpolated).is_ok());
  const auto all = pruner.counts();
  const auto listed = listed_ngrams(read_file(dir.path() / "model.arpa"));
  int compared = 0;
  int large_groups = 0;
  std::mt19937_64 random(5);
  for (const auto& [joined, log10_probability] : listed) {
    if (random() % 40 != 0) continue;
    std::vector<std::string> words;
    std::istringstream split(joined);
    for (std::string word; split >> word;) words.push_back(word);
    const double criterion = pruner.delta_entropy(words);
    if (std::isnan(criterion)) continue;
    EntropyPruner removed = pruner_of(*model);
    REQUIRE(removed.set_form(gramvec::ngram::PrunedForm::interpolated).is_ok());
    removed.remove_where([&](std::span<const std::string> ngram) { return std::ranges::equal(ngram, words); });
    auto kept = removed.counts();
    if (kept[words.size() - 1] + 1 != all[words.size() - 1]) continue;  // needed by a longer n-gram
    std::vector<std::string> context(words.begin(), words.end() - 1);
    double log10_context = 0.0;
    for (std::size_t i = 0; i < context.size(); ++i) {
      const std::string& word = i == 0 && context[i] == "<s>" ? std::string("</s>") : context[i];
      log10_context += pruner.log10_probability(std::span<const std::string>(context.data(), i), word);
    }
    double divergence = 0.0;
    std::size_t followers = 0;
    for (const auto& v : model->words()) {
      if (v == "<s>") continue;
      const double before = pruner.log10_probability(context, v);
      const double after = removed.log10_probability(context, v);
      divergence += std::pow(10.0, before) * (before - after);
      std::vector<std::string> longer = context;
      longer.push_back(v);
      std::string key;
      for (const auto& w : longer) key += (key.empty() ? "" : " ") + w;
      followers += listed.contains(key) ? 1 : 0;
    }
    const double context_probability = std::pow(10.0, log10_context);
    divergence *= context_probability;
    CAPTURE(joined);
    CAPTURE(criterion);
    CAPTURE(divergence);
    // The models hold 32-bit floats: the brute-force sum carries their rounding, about 1e-8 of
    // P(h) where the change itself is tiny.
    CHECK(std::abs(criterion - divergence) < 1e-4 * divergence + 1e-7 * context_probability);
    ++compared;
    large_groups += followers > 32 ? 1 : 0;
  }
  CHECK(compared > 50);
  CHECK(large_groups > 5);
}

TEST_CASE("entropy pruning: the interpolated form is refused for a model that does not have it") {
  gramvec::test::TempDir dir("prune_not_interpolated");
  gramvec::ngram::EstimationOptions options;
  options.order = 3;
  options.smoothing = "katz";
  const std::string arpa = (dir.path() / "katz.arpa").string();
  gramvec::test::train_to_arpa(gramvec::test::bundled_sentences(600), options, arpa);
  auto model = gramvec::ngram::load_for_interpolation(arpa);
  REQUIRE(model.is_ok());
  auto wanted = at(1e-6);
  wanted.form = gramvec::ngram::PrunedForm::interpolated;
  auto refused = gramvec::ngram::write_pruned_model(*model, arpa, wanted, (dir.path() / "p.arpa").string(),
                                                    std::nullopt);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.message().find("katz.arpa: the model is not an interpolated estimate: '") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "p.arpa"));
  wanted.form = gramvec::ngram::PrunedForm::automatic;
  auto automatic = gramvec::ngram::write_pruned_model(*model, arpa, wanted, (dir.path() / "p.arpa").string(),
                                                      std::nullopt);
  REQUIRE(automatic.is_ok());
  CHECK(automatic->form == gramvec::ngram::PrunedForm::backoff);
}

// The pruner keeps the model as read: whatever was pruned before, a new history model or a new
// form judges and prunes that model, as a fresh pruner would.
TEST_CASE("entropy pruning: a history model or a form set after pruning starts from the model as read") {
  gramvec::test::TempDir dir("prune_state");
  auto model = std::optional<NGramModel>(trained(dir, 3));
  gramvec::ngram::EstimationOptions unigram;
  unigram.order = 1;
  const std::string unigram_arpa = (dir.path() / "unigram.arpa").string();
  gramvec::test::train_to_arpa(gramvec::test::bundled_sentences(600), unigram, unigram_arpa);
  auto flat = NGramModel::load(unigram_arpa);
  REQUIRE(flat.is_ok());
  auto written = [&](EntropyPruner& pruner) {
    const auto path = dir.path() / "written.arpa";
    REQUIRE(pruner.write(path.string(), std::nullopt, "m", 0.0).is_ok());
    return read_file(path);
  };
  for (auto form : {gramvec::ngram::PrunedForm::backoff, gramvec::ngram::PrunedForm::interpolated}) {
    CAPTURE(gramvec::ngram::pruned_form_name(form));
    EntropyPruner fresh = pruner_of(*model);
    REQUIRE(fresh.set_form(form).is_ok());
    fresh.set_history(&*flat);
    fresh.prune(1e-6);

    EntropyPruner reused = pruner_of(*model);
    REQUIRE(reused.set_form(form).is_ok());
    reused.prune(1e-5);
    reused.set_history(&*flat);
    reused.prune(1e-6);
    CHECK(reused.counts() == fresh.counts());
    CHECK(written(reused) == written(fresh));

    // The form set after a prune in the other form.
    EntropyPruner switched = pruner_of(*model);
    REQUIRE(switched.set_form(form == gramvec::ngram::PrunedForm::backoff ? gramvec::ngram::PrunedForm::interpolated
                                                                         : gramvec::ngram::PrunedForm::backoff)
                .is_ok());
    switched.set_history(&*flat);
    switched.prune(1e-5);
    REQUIRE(switched.set_form(form).is_ok());
    switched.prune(1e-6);
    CHECK(switched.counts() == fresh.counts());
    CHECK(written(switched) == written(fresh));
    // set_form itself returns to the model as read.
    REQUIRE(switched.set_form(form).is_ok());
    CHECK(switched.counts() == pruner_of(*model).counts());
  }
}
