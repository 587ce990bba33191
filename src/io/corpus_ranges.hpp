// Reading a corpus in byte ranges, one range per thread, each with its own file handle.
//
// RangeReader (word2vec training): the files are seen as one concatenation. A range owns the
// lines that start inside it: a reader starting mid-line skips to the next line. Very long lines
// (text8 is one 100 MB line) are cut into pieces of about 1 MB at whitespace, and a reader that
// finds no line break near its start begins at the next whitespace instead.
//
// split_at_line_starts (n-gram counting): ranges of whole lines, never cutting one, so that the
// ranges read one after another give exactly the lines a sequential reader gives.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::io {

struct CorpusFile {
  std::string path;  // the file read
  std::string name;  // for messages: the input as given (path is a decompressed copy's for compressed input)
  std::uint64_t size = 0;
  std::uint64_t offset = 0;  // in the concatenation
};

// Regular files only; errors name the file and give `purpose` (why a regular file is needed,
// e.g. "w2v train reads the corpus once per epoch"). Sizes are the files' sizes on disk, as they
// are (compressed files are not decompressed: see embed::TrainingCorpus).
Result<std::vector<CorpusFile>> describe_corpus(const std::vector<std::string>& paths, std::string_view purpose);
std::uint64_t corpus_bytes(const std::vector<CorpusFile>& files);

// Part [begin, end) of files[file]: begin is a line start (0 or just after a '\n'), end is a
// line start or the end of the file.
struct LineRange {
  std::size_t file = 0;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

// Splits each file into ranges of about `target_bytes` (at least 1): every cut moves forward to
// just after the next '\n', so no line is cut and a range may be longer than the target; a line
// longer than the rest of the file ends the file's last range. Empty files give no range. The
// ranges come in file order. Errors name the file.
Result<std::vector<LineRange>> split_at_line_starts(const std::vector<CorpusFile>& files, std::uint64_t target_bytes);

class RangeReader {
 public:
  static constexpr std::size_t kMaxPiece = 1 << 20;

  RangeReader(std::vector<CorpusFile> files, std::uint64_t begin, std::uint64_t end);
  ~RangeReader();
  RangeReader(const RangeReader&) = delete;
  RangeReader& operator=(const RangeReader&) = delete;

  // Back to the start of the range.
  void rewind();
  // The next line (or piece of a long line) without '\n' (a final '\r' removed). False at the
  // end of the range or on a read error (then status() says which).
  bool next(std::string_view& line);
  Status status() const { return status_; }
  // The name of the file of the line last returned, for messages.
  const std::string& file_name() const;
  // Bytes of the range consumed so far (for progress).
  std::uint64_t bytes_done() const { return bytes_done_; }

 private:
  bool open_file(std::size_t index);
  bool fill();
  void close();

  std::vector<CorpusFile> files_;
  std::uint64_t begin_;
  std::uint64_t end_;
  std::size_t file_index_ = 0;
  std::FILE* file_ = nullptr;
  std::uint64_t local_end_ = 0;     // this file's part of the range ends here (file offsets)
  std::uint64_t buffer_offset_ = 0;  // file offset of buffer_[0]
  std::vector<char> buffer_;
  std::size_t start_ = 0;
  std::size_t stop_ = 0;
  bool eof_ = false;
  bool file_done_ = true;
  std::uint64_t bytes_done_ = 0;
  Status status_;
};

}  // namespace gramvec::io
