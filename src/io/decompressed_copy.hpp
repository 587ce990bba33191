// Compressed input decompressed once into a temporary file in $TMPDIR (default /tmp), for readers
// that seek or read several times (w2v train reads the corpus in byte ranges, once per epoch).
// The copy is removed when the object is destroyed, also on errors. Where /proc is mounted
// (Linux) the copy has no name (O_TMPFILE) and is reopened through /proc/self/fd, so that nothing
// is left behind even when the process is killed; elsewhere its name is removed on SIGINT/SIGTERM
// too.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "gramvec/status.hpp"
#include "io/cleanup_on_signal.hpp"
#include "io/compressed_input.hpp"

namespace gramvec::io {

class DecompressedCopy {
 public:
  // Reads `input` (just opened) to its end into a new temporary file. Errors name the input and,
  // for a failed write (a full disk), the temporary directory. `show_progress`: a progress line
  // on stderr.
  static Result<DecompressedCopy> create(CompressedInput& input, bool show_progress);

  // A path that opens the copy for reading (any number of times, from any thread).
  const std::string& path() const { return path_; }
  std::uint64_t size() const { return size_; }

 private:
  // The file as held: closed, and removed while it still has a name, when the copy goes. Held
  // through a unique_ptr, which hands it over on a move.
  struct File {
    File() = default;
    ~File();
    File(const File&) = delete;
    File& operator=(const File&) = delete;

    int descriptor = -1;
    TemporaryName name;  // the copy's name in the directory, when it has one
  };

  std::unique_ptr<File> file_;
  std::string path_;
  std::uint64_t size_ = 0;
};

}  // namespace gramvec::io
