// Listing the n-grams of a hash-layout model (what lm prune and lm interpolate -o read): the same
// n-grams, probabilities and backoffs as the trie layout of the same model, and an error, not a
// partial listing, for a model with an n-gram whose context or suffix is missing.
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "lm_test_models.hpp"
#include "ngram/interpolate/ngram_listing.hpp"
#include "ngram/model_data.hpp"
#include "temp_dir.hpp"

namespace {

using gramvec::ngram::BinaryModelOptions;
using gramvec::ngram::NGramModel;

// An n-gram as words, its log10 probability, and its log10 backoff ("none" at the highest order,
// NaN there).
using Entry = std::tuple<std::vector<std::string>, float, std::string>;

NGramModel parse(const std::string& text, const std::string& layout) {
  auto model = NGramModel::parse_arpa(text, "model.arpa", BinaryModelOptions{layout});
  REQUIRE_MESSAGE(model.is_ok(), (model.is_ok() ? "" : model.message()));
  return std::move(*model);
}

gramvec::Result<std::set<Entry>> entries(const NGramModel& model) {
  const auto& data = model.data();
  std::set<Entry> listed;
  std::size_t visits = 0;
  GRAMVEC_TRY(gramvec::ngram::list_ngram_entries(
      data, "model.gvlm", "pruned", [&](std::span<const std::uint32_t> words, float probability, float backoff) {
        std::vector<std::string> ngram;
        for (std::uint32_t word : words) ngram.push_back(data.words.at(word));
        listed.emplace(ngram, probability, std::isnan(backoff) ? "none" : std::to_string(backoff));
        ++visits;
      }));
  CHECK(visits == listed.size());  // each n-gram once
  return listed;
}

std::set<Entry> listed(const NGramModel& model) {
  auto result = entries(model);
  REQUIRE_MESSAGE(result.is_ok(), (result.is_ok() ? "" : result.message()));
  return std::move(*result);
}

std::size_t total(const NGramModel& model) {
  std::size_t count = 0;
  for (int n = 1; n <= model.order(); ++n) count += model.ngram_count(n);
  return count;
}

// A 3-gram model: each n-gram's context and suffix are n-grams; "b" extends nothing.
const char* const kClosed =
    "\\data\\\nngram 1=5\nngram 2=5\nngram 3=3\n\n\\1-grams:\n-99 <s> -0.5\n-0.7 a -0.2\n-0.8 b\n"
    "-0.9 c -0.4\n-1.1 </s>\n\n\\2-grams:\n-0.3 <s> a -0.1\n-0.4 a c -0.2\n-0.5 c a -0.25\n-0.6 a </s>\n"
    "-0.45 c b\n\n\\3-grams:\n-0.05 <s> a c\n-0.06 a c a\n-0.07 c a </s>\n\n\\end\\\n";

}  // namespace

TEST_CASE("hash listing: the n-grams and values of the trie layout, from ARPA text") {
  NGramModel hash = parse(kClosed, "hash");
  NGramModel trie = parse(kClosed, "trie");
  REQUIRE(hash.binary_options().layout == "hash");
  std::set<Entry> from_hash = listed(hash);
  CHECK(from_hash.size() == 13);
  CHECK(from_hash == listed(trie));
  CHECK(from_hash.count(Entry{{"a", "c", "a"}, -0.06F, "none"}) == 1);
  CHECK(from_hash.count(Entry{{"c", "b"}, -0.45F, std::to_string(0.0F)}) == 1);
}

TEST_CASE("hash listing: a 1-gram model") {
  const std::string arpa = "\\data\\\nngram 1=3\n\n\\1-grams:\n-99 <s>\n-0.5 a\n-0.3 </s>\n\n\\end\\\n";
  std::set<Entry> from_hash = listed(parse(arpa, "hash"));
  CHECK(from_hash == listed(parse(arpa, "trie")));
  CHECK(from_hash.count(Entry{{"a"}, -0.5F, "none"}) == 1);
}

TEST_CASE("hash listing: trained models, as ARPA and as binary files, list as the trie") {
  gramvec::test::TempDir dir("listing_hash");
  for (int order : {2, 4}) {
    CAPTURE(order);
    gramvec::ngram::EstimationOptions options;
    options.order = order;
    const std::string arpa = dir.file("model" + std::to_string(order) + ".arpa");
    gramvec::test::train_to_arpa(gramvec::test::bundled_sentences(400), options, arpa);
    auto hash = NGramModel::load(arpa, BinaryModelOptions{"hash"});
    auto trie = NGramModel::load(arpa, BinaryModelOptions{"trie"});
    REQUIRE(hash.is_ok());
    REQUIRE(trie.is_ok());
    const std::string binary = dir.file("model" + std::to_string(order) + ".gvlm");
    REQUIRE(hash->write_binary(binary, BinaryModelOptions{"hash"}).is_ok());
    auto mapped = NGramModel::load(binary);
    REQUIRE(mapped.is_ok());
    REQUIRE(mapped->binary_options().layout == "hash");
    std::set<Entry> from_trie = listed(*trie);
    CHECK(from_trie.size() == total(*trie));
    CHECK(listed(*hash) == from_trie);
    CHECK(listed(*mapped) == from_trie);
  }
}

TEST_CASE("hash listing: a model with an n-gram missing its suffix or its context is an error") {
  // As an ARPA file from elsewhere may have (the parser checks neither): "a b c" lacks its suffix
  // "b c", "b a c" its context "b a", so no candidate reaches them.
  const std::string head =
      "\\data\\\nngram 1=5\nngram 2=3\nngram 3=1\n\n\\1-grams:\n-99 <s> -0.5\n-0.7 a -0.2\n-0.8 b -0.3\n"
      "-0.9 c -0.4\n-1.1 </s>\n\n\\2-grams:\n-0.3 <s> a -0.1\n-0.4 a c -0.2\n-0.5 a b -0.25\n\n\\3-grams:\n";
  for (const std::string trigram : {"a b c", "b a c"}) {
    CAPTURE(trigram);
    NGramModel hash = parse(head + "-0.05 " + trigram + "\n\n\\end\\\n", "hash");
    auto result = entries(hash);
    REQUIRE_FALSE(result.is_ok());
    CHECK(result.message() ==
          "model.gvlm: 1 of the 1 3-grams of this hash-layout model cannot be found from its shorter n-grams (an "
          "n-gram without its context or suffix, as in some ARPA files from elsewhere); use its ARPA file or convert "
          "that to the trie layout (lm convert --layout trie)");
  }
}
