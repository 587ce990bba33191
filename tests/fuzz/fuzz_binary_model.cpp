// Binary models (.gvlm), as `lm score -m model.gvlm` loads them: the layout (hash, trie,
// quantized trie) comes from the header. The input is resealed (fuzz_support.hpp) so that the
// readers behind the checksums are reached; a loaded model then scores its own words in
// sentence order and reversed, and an unknown word, so that every reference a query follows is
// used, and samples a sentence as `lm generate` does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "gramvec/ngram/generator.hpp"
#include "gramvec/ngram/model.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gramvec::ngram::ModelState;
  using gramvec::ngram::NGramModel;
  std::string bytes(gramvec::fuzz::as_view(data, size));
  gramvec::fuzz::reseal_binary_model(bytes);
  gramvec::fuzz::MemoryFile file(bytes);
  auto model = NGramModel::load(file.path());
  if (!model) return 0;
  for (int n = 1; n <= model->order(); ++n) model->ngram_count(n);
  const auto& words = model->words();
  std::size_t limit = words.size() < 64 ? words.size() : 64;
  for (int pass = 0; pass < 2; ++pass) {
    ModelState state = model->begin_sentence();
    ModelState next;
    for (std::size_t i = 0; i < limit; ++i) {
      const std::string& word = words[pass == 0 ? i : limit - 1 - i];
      model->score(state, word, next);
      state = next;
    }
    model->score(state, "no-such-word-in-any-model", next);
    model->score(next, "</s>", state);
  }
  // Sampling scores every word at each step: only small models, or the fuzzer would crawl.
  if (words.size() <= 200) {
    gramvec::ngram::SentenceGenerator generator(*model, 1);
    generator.sample(4);
  }
  return 0;
}
