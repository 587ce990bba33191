// Streaming the training corpus in byte ranges: the files are seen as one concatenation, each
// training thread reads its own range with its own file handle. A range owns the lines that
// start inside it: a reader starting mid-line skips to the next line. Very long lines (text8
// is one 100 MB line) are cut into pieces of about 1 MB at whitespace, and a reader that finds
// no line break near its start begins at the next whitespace instead.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::embed {

struct CorpusFile {
  std::string path;  // the file read
  std::string name;  // for messages: the input as given (path is a decompressed copy's for compressed input)
  std::uint64_t size = 0;
  std::uint64_t offset = 0;  // in the concatenation
};

// Regular files only (the corpus is read once per epoch); errors name the file. Sizes are the
// files' sizes on disk (see TrainingCorpus for compressed files).
Result<std::vector<CorpusFile>> describe_corpus(const std::vector<std::string>& paths);
std::uint64_t corpus_bytes(const std::vector<CorpusFile>& files);

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

}  // namespace gramvec::embed
