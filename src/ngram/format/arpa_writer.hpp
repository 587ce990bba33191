// Stage 5 of estimation: the ARPA text file (KenLM, SRILM and IRSTLM read it).
#pragma once

#include <fmt/format.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <span>
#include <string>
#include <vector>

#include "gramvec/io/atomic_file.hpp"
#include "gramvec/vocab/vocabulary.hpp"
#include "ngram/estimate/estimate.hpp"

namespace gramvec::ngram {

// log10 of p, with log10(0) written as -99 (SRILM's convention).
double arpa_log10(double probability);

// Writes an ARPA file front to back, atomically: the header, then each order's lines in turn.
// With `background`, lines are formatted and written on a thread of their own while the caller
// goes on computing the next ones.
class ArpaStreamWriter {
 public:
  ArpaStreamWriter() = default;
  ~ArpaStreamWriter();
  ArpaStreamWriter(const ArpaStreamWriter&) = delete;
  ArpaStreamWriter& operator=(const ArpaStreamWriter&) = delete;

  // `header_comments` are written as "# ..." lines before \data\ (KenLM and SRILM skip them);
  // counts[n-1] is the number of lines order n will have.
  Status open(const std::string& path, const std::vector<std::string>& header_comments,
              std::span<const std::uint64_t> counts, const vocab::Vocabulary& vocabulary, bool background = false);
  void begin_order(int n);
  // One line: log10 of `probability`, the words, and log10 of *backoff unless it is null.
  void add(double probability, std::span<const WordId> words, const double* backoff);
  Status commit();

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

  io::AtomicFileWriter out_;
  const vocab::Vocabulary* vocabulary_ = nullptr;
  fmt::memory_buffer buffer_;
  // Background writing: batches of lines go through a short queue to the writer thread.
  bool background_ = false;
  std::vector<Line> batch_;
  std::deque<std::vector<Line>> queue_;
  bool closing_ = false;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread writer_;
};

// Writes `model` with words from `vocabulary`, atomically. `header_comments` are written as
// "# ..." lines before \data\ (KenLM and SRILM skip them).
Status write_arpa(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary,
                  const std::vector<std::string>& header_comments, const std::string& path);

// The standard comment lines: gramvec version, order, smoothing, discounts, tokenizer settings.
std::vector<std::string> describe_estimate(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary);

}  // namespace gramvec::ngram
