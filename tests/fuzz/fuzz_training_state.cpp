// word2vec training states (--save-state / --resume), as `w2v train --resume` loads them;
// resealed first (fuzz_support.hpp). A loaded state gives its vectors and, when its settings
// make an epoch cheap, trains one more epoch on a few lines, which builds the Huffman tree or
// the negative-sampling table from the stored counts as resuming does.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "gramvec/embed/trainer.hpp"
#include "gramvec/embed/training_state.hpp"
#include "fuzz_support.hpp"

namespace {

const std::string& corpus_path() {
  static const std::string path = [] {
    std::string file = gramvec::fuzz::scratch_directory() + "/corpus.txt";
    std::ofstream out(file);
    out << "the cat sat on the mat\nthe dog sat on the log\na cat and a dog\n";
    return file;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gramvec::embed;
  std::string bytes(gramvec::fuzz::as_view(data, size));
  gramvec::fuzz::reseal_trailing_checksum(bytes);
  gramvec::fuzz::MemoryFile file(bytes);
  auto state = TrainingState::load(file.path());
  if (!state) return 0;
  WordVectors vectors = trained_vectors(*state);
  (void)vectors;
  TrainingSettings& settings = state->settings;
  // An epoch costs about words x window x (negative or log2 V) x dimension: train only cheap ones.
  double cost = static_cast<double>(settings.window) * static_cast<double>(settings.dimension) *
                static_cast<double>(settings.negative + 64);
  if (cost > 2e6 || state->vocabulary.size() > 100000) return 0;
  settings.epochs = state->epochs_done + 1;
  TrainerOptions options;
  options.threads = 1;
  (void)train(*state, {corpus_path()}, options);
  return 0;
}
