// Vocabulary files (`gramvec vocab` output, or plain word[<TAB>count] lines), as `--vocab FILE`
// loads them; a loaded vocabulary is finalised with limits and every word looked up again.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "gramvec/vocab/vocabulary.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gramvec::vocab::Vocabulary;
  gramvec::fuzz::MemoryFile file(gramvec::fuzz::as_view(data, size));
  auto vocabulary = Vocabulary::load(file.path());
  if (!vocabulary) return 0;
  for (gramvec::vocab::WordId id = 0; id < vocabulary->size(); ++id) {
    if (vocabulary->find(vocabulary->word(id)) != id) __builtin_trap();
  }
  (void)vocabulary->total_count();
  gramvec::vocab::VocabularyLimits limits;
  limits.min_count = 2;
  limits.max_size = 8;
  std::vector<gramvec::vocab::WordId> old_to_new;
  Vocabulary finalized = vocabulary->finalized(limits, &old_to_new);
  for (gramvec::vocab::WordId id : old_to_new) {
    if (id >= finalized.size()) __builtin_trap();
  }
  return 0;
}
