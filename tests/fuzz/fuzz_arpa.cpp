// ARPA text, as `lm score -m model.arpa` and `lm convert` read it: parsed into the hash layout
// and into a quantized trie (the trie builder checks what the hash layout need not). Each model
// that loads scores a sentence of its own words and an unknown word, samples a sentence as
// `lm generate` does, and is written as a binary model and loaded again, which must give the
// same scores.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gramvec/ngram/generator.hpp"
#include "gramvec/ngram/model.hpp"
#include "fuzz_support.hpp"

namespace {

using gramvec::ngram::BinaryModelOptions;
using gramvec::ngram::ModelState;
using gramvec::ngram::NGramModel;

std::vector<float> score_some(const NGramModel& model) {
  std::vector<float> scores;
  ModelState state = model.begin_sentence();
  ModelState next;
  const auto& words = model.words();
  for (std::size_t i = 0; i < words.size() && i < 16; ++i) {
    scores.push_back(model.score(state, words[i], next).log10_probability);
    state = next;
  }
  scores.push_back(model.score(state, "no-such-word-in-any-model", next).log10_probability);
  scores.push_back(model.score(next, "</s>", state).log10_probability);
  return scores;
}

bool same_bits(const std::vector<float>& left, const std::vector<float>& right) {
  return left.size() == right.size() && std::memcmp(left.data(), right.data(), left.size() * sizeof(float)) == 0;
}

void use(const NGramModel& model, const BinaryModelOptions& options) {
  std::vector<float> scores = score_some(model);
  gramvec::ngram::SentenceGenerator generator(model, 1);
  generator.sample(4);
  std::string path = gramvec::fuzz::scratch_directory() + "/model.gvlm";
  if (!model.write_binary(path, options)) return;
  auto reloaded = NGramModel::load(path);
  // gramvec must read back every model it writes, with the same values.
  if (!reloaded || !same_bits(score_some(*reloaded), scores)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = gramvec::fuzz::as_view(data, size);
  BinaryModelOptions hash;
  auto hashed = NGramModel::parse_arpa(text, "fuzz.arpa", hash);
  if (hashed) use(*hashed, hash);
  BinaryModelOptions trie;
  trie.layout = "trie";
  trie.quantize_bits = 8;
  auto quantized = NGramModel::parse_arpa(text, "fuzz.arpa", trie);
  if (quantized) use(*quantized, trie);
  return 0;
}
