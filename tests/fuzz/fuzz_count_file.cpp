// Count files (.counts) through CountFileReader, as `lm merge` reads them: header, word list,
// every order's n-grams, checksum and end. Resealed first (fuzz_support.hpp).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "gramvec/ngram/count_file.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(gramvec::fuzz::as_view(data, size));
  gramvec::fuzz::reseal_trailing_checksum(bytes);
  gramvec::fuzz::MemoryFile file(bytes);
  gramvec::ngram::CountFileReader reader;
  if (!reader.open(file.path())) return 0;
  std::string_view word;
  std::uint64_t count = 0;
  while (reader.next_word(word, count)) {
  }
  std::span<const std::uint32_t> indices;
  while (reader.status().is_ok() && reader.section() <= reader.header().order) {
    while (reader.next_ngram(indices, count)) {
      // The reader promises indices below the number of words read.
      for (std::uint32_t index : indices) {
        if (index >= reader.words()) __builtin_trap();
      }
    }
  }
  (void)reader.finish();
  return 0;
}
