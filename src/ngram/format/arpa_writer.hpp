// Stage 5 of estimation: the ARPA text file (KenLM, SRILM and IRSTLM read it).
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <memory>
#include <thread>
#include <span>
#include <string>
#include <vector>

#include "gramvec/io/atomic_file.hpp"
#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/estimate/estimate.hpp"
#include "ngram/format/model_writer.hpp"
#include "util/concurrency.hpp"

namespace gramvec::ngram {

// Writes an ARPA file front to back, atomically: the header, then each order's lines in turn.
// With a background thread, lines are formatted and written on a thread of their own while the
// caller goes on computing the next ones.
class ArpaStreamWriter final : public ModelWriter {
 public:
  explicit ArpaStreamWriter(std::string path) : path_(std::move(path)) {}
  ~ArpaStreamWriter() override;
  ArpaStreamWriter(const ArpaStreamWriter&) = delete;
  ArpaStreamWriter& operator=(const ArpaStreamWriter&) = delete;

  void use_background_thread(bool background) override { background_ = background; }
  // `header_comments` are written as "# ..." lines before \data\ (KenLM and SRILM skip them).
  Status open(const std::vector<std::string>& header_comments, std::span<const std::uint64_t> counts,
              const vocab::Vocabulary& vocabulary) override;
  void begin_order(int n) override;
  // One line: log10 of `probability`, the words, and log10 of *backoff unless it is null.
  void add(double probability, std::span<const WordId> words, const double* backoff) override;
  Status commit() override;

 private:
  struct Line {
    double probability;
    double backoff;
    std::uint8_t size;  // words; 0: the start of order `ids[0]`
    bool has_backoff;
    std::array<WordId, kMaxOrder> ids;
  };
  void format(const Line& line);
  void flush_if_full();
  void hand_over();
  void work();

  std::string path_;
  io::AtomicFileWriter out_;
  const vocab::Vocabulary* vocabulary_ = nullptr;
  fmt::memory_buffer buffer_;
  // Background writing: batches of lines go through a short queue to the writer thread.
  bool background_ = false;
  std::vector<Line> batch_;
  std::unique_ptr<util::BoundedQueue<std::vector<Line>>> queue_;
  std::thread writer_;
};

}  // namespace gramvec::ngram
