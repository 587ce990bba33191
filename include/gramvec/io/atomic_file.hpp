// Output written to a temporary file and given the output's name on commit(), so that a failure
// or an interrupt never leaves a half-written file, and a file the output replaces stays whole
// until then. "-" writes to stdout directly, and so does a path that is a device or pipe (such as
// /dev/null).
//
// On Linux the temporary file has no name (O_TMPFILE in the output's directory) until commit(),
// so nothing is left behind even when the process is killed; elsewhere it is named
// OUTPUT.tmp.XXXXXX and removed on errors and on SIGINT/SIGTERM. A replaced file keeps its mode
// (and, where allowed, its owner); a new one gets the usual mode, 0666 less the umask. When the
// output is a symbolic link, the file it points to is replaced and the link stays.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "gramvec/status.hpp"

namespace gramvec::io {

class TemporaryName;

class AtomicFileWriter {
 public:
  AtomicFileWriter();
  ~AtomicFileWriter();  // drops the temporary file unless committed
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  Status open(const std::string& path);
  void write(std::string_view bytes);
  // Flushes, checks for write errors and gives the temporary file the final path.
  Status commit();

 private:
  Status publish(int descriptor);

  std::string path_;         // as given, for messages
  std::string destination_;  // path_ with a symbolic link resolved
  std::unique_ptr<TemporaryName> temp_name_;  // the temporary file's name, when it has one
  std::FILE* file_ = nullptr;
  bool to_stdout_ = false;
  bool in_place_ = false;  // a device or pipe, written directly
  bool committed_ = false;
  int write_error_ = 0;  // errno of the first failed write
};

}  // namespace gramvec::io
