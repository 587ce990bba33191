#include "ngram/search/layout.hpp"

#include "gramvec/vocab/vocabulary.hpp"
#include "util/word_key.hpp"

namespace gramvec::ngram {

SpecialKeys SpecialKeys::of_vocabulary() {
  return {util::word_key(vocab::Vocabulary::kUnkWord), util::word_key(vocab::Vocabulary::kBosWord)};
}

}  // namespace gramvec::ngram
