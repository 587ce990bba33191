// Count files as `lm train --counts FILE -o model.arpa` uses them: loaded and estimated with one
// of the smoothing methods (chosen by the input's size, so every method gets inputs), in memory
// or, for some inputs, in bounded memory (which reads the n-grams one at a time); the ARPA
// written is then loaded and scored, so an estimate that is wrong enough to be unreadable shows
// too. Resealed first (fuzz_support.hpp).
#include <cstddef>
#include <cstdint>
#include <string>

#include "gramvec/ngram/model.hpp"
#include "gramvec/ngram/options.hpp"
#include "gramvec/ngram/train.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gramvec::ngram;
  std::string bytes(gramvec::fuzz::as_view(data, size));
  gramvec::fuzz::reseal_trailing_checksum(bytes);
  gramvec::fuzz::MemoryFile file(bytes);

  auto methods = smoothing_names();
  TrainingOptions options;
  options.estimation.order = 0;  // the file's
  options.estimation.smoothing = std::string(methods[size % methods.size()]);
  options.estimation.discount_fallback = true;
  options.threads = 1;
  if ((size / methods.size()) % 4 == 3) {
    BoundedMemoryOptions memory;
    memory.memory_bytes = minimum_bounded_memory();
    memory.temporary_directory = gramvec::fuzz::scratch_directory();
    options.memory = memory;
  }
  TrainSources sources;
  sources.counts = file.path();
  TrainOutput output;
  output.path = gramvec::fuzz::scratch_directory() + "/model.arpa";
  auto summary = train(sources, options, output);
  if (!summary) return 0;

  auto model = NGramModel::load(output.path);
  if (!model) {
    // gramvec must read back every model it writes.
    __builtin_trap();
  }
  ModelState state = model->begin_sentence();
  ModelState next;
  const auto& words = model->words();
  for (std::size_t i = 0; i < words.size() && i < 32; ++i) {
    model->score(state, words[i], next);
    state = next;
  }
  return 0;
}
