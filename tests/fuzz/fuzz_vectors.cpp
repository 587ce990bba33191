// Word vectors in word2vec's binary (.bin) and text (.vec) formats, detected by content, as
// `w2v nearest`, `w2v analogy` and `w2v eval` load them; a loaded set is normalised and its
// first word's neighbours and an analogy over the first rows are searched.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gramvec/embed/search.hpp"
#include "gramvec/embed/vectors.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gramvec::embed;
  gramvec::fuzz::MemoryFile file(gramvec::fuzz::as_view(data, size));
  auto vectors = WordVectors::load(file.path());
  if (!vectors) return 0;
  if (vectors->size() == 0) return 0;
  vectors->normalize_rows();
  if (vectors->find(vectors->word(0)) != 0) __builtin_trap();  // the first row of a word wins
  SearchQuery query;
  query.vector.assign(vectors->vectors().row(0), vectors->vectors().row(0) + vectors->dimension());
  query.excluded.push_back(0);
  nearest(*vectors, std::span<const SearchQuery>(&query, 1), 3);
  if (vectors->size() >= 3) {
    AnalogyQuery analogy{0, 1, 2, {0, 1, 2}};
    analogies(*vectors, std::span<const AnalogyQuery>(&analogy, 1), AnalogyMethod::mul, 2);
  }
  return 0;
}
