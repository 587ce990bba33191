// ARPA text, as `lm score -m model.arpa` and `lm convert` read it: parsed into the hash layout
// and into a quantized trie (the trie builder checks what the hash layout need not), then a
// sentence of the model's own words and an unknown word scored.
#include <cstddef>
#include <cstdint>
#include <string>

#include "gramvec/ngram/model.hpp"
#include "fuzz_support.hpp"

namespace {

void score_some(const gramvec::ngram::NGramModel& model) {
  using gramvec::ngram::ModelState;
  ModelState state = model.begin_sentence();
  ModelState next;
  const auto& words = model.words();
  for (std::size_t i = 0; i < words.size() && i < 16; ++i) {
    model.score(state, words[i], next);
    state = next;
  }
  model.score(state, "no-such-word-in-any-model", next);
  model.score(next, "</s>", state);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gramvec::ngram::BinaryModelOptions;
  using gramvec::ngram::NGramModel;
  std::string_view text = gramvec::fuzz::as_view(data, size);
  auto hash = NGramModel::parse_arpa(text, "fuzz.arpa");
  if (hash) score_some(*hash);
  BinaryModelOptions trie;
  trie.layout = "trie";
  trie.quantize_bits = 8;
  auto quantized = NGramModel::parse_arpa(text, "fuzz.arpa", trie);
  if (quantized) score_some(*quantized);
  return 0;
}
