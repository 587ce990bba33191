#include "embed/training_corpus.hpp"

#include "io/compressed_input.hpp"

namespace gramvec::embed {

Result<TrainingCorpus> TrainingCorpus::open(const std::vector<std::string>& paths, bool show_progress) {
  auto described = io::describe_corpus(paths, "w2v train reads the corpus once per epoch");
  if (!described) return described.status();
  TrainingCorpus corpus;
  corpus.files_ = std::move(*described);
  std::uint64_t offset = 0;
  for (io::CorpusFile& file : corpus.files_) {
    io::CompressedInput input;
    GRAMVEC_TRY(input.open(file.path));
    if (input.compression() != io::Compression::none) {
      auto copy = io::DecompressedCopy::create(input, show_progress);
      if (!copy) return copy.status();
      file.path = copy->path();
      file.size = copy->size();
      corpus.copies_.push_back(std::move(*copy));
    }
    file.offset = offset;
    offset += file.size;
  }
  return corpus;
}

}  // namespace gramvec::embed
