// The training corpus as regular files that the training threads read in byte ranges, once per
// epoch. A compressed file (gzip, xz or zstd, recognised by its content) cannot be read from the
// middle, so it is decompressed once, before the first epoch, into a temporary file in $TMPDIR
// that lives as long as this object (it needs that much free space there); plain files are read
// where they are.
#pragma once

#include <string>
#include <vector>

#include "gramvec/status.hpp"
#include "io/corpus_ranges.hpp"
#include "io/decompressed_copy.hpp"

namespace gramvec::embed {

class TrainingCorpus {
 public:
  // Errors name the file: not a regular file (or stdin), unreadable, corrupt compressed data, no
  // room for a decompressed copy.
  static Result<TrainingCorpus> open(const std::vector<std::string>& paths, bool show_progress);

  // In order, with sizes and offsets of the data to train on (decompressed).
  const std::vector<io::CorpusFile>& files() const { return files_; }

 private:
  std::vector<io::CorpusFile> files_;
  std::vector<io::DecompressedCopy> copies_;
};

}  // namespace gramvec::embed
