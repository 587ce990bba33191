// Reads ARPA text (as SRILM, KenLM and IRSTLM write it): the header comments and n-gram counts,
// then every n-gram, handed to an NGramSink. Every message names the file and line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/io/mapped_file.hpp"
#include "gramvec/ngram/model.hpp"
#include "ngram/format/ngram_sink.hpp"

namespace gramvec::ngram {

// A float as ARPA writes it (NaN refused).
bool parse_float(std::string_view text, float& value);

// Cursor over the ARPA text, one line at a time, tracking the line number for messages.
class LineCursor final : public EntryOrigin {
 public:
  LineCursor(std::string_view text, const std::string& name) : text_(text), name_(name) {}
  bool next(std::string_view& line);
  // Next line that is not blank.
  bool next_nonblank(std::string_view& line);
  std::uint64_t line_number() const override { return line_number_; }
  Status error_at(std::uint64_t line_number, std::string_view what) const override;
  std::size_t remaining() const { return position_ < text_.size() ? text_.size() - position_ : 0; }
  Status truncated(std::string_view expected) const;

 private:
  std::string_view text_;
  const std::string& name_;
  std::size_t position_ = 0;
  std::uint64_t line_number_ = 0;
};

class ArpaReader {
 public:
  // With `source`, the parsed part of a memory-mapped file is released as reading goes on.
  ArpaReader(std::string_view text, std::string name, io::MappedFile* source = nullptr);
  // The comments before \data\ into `info`, and the counts of each order.
  Status read_header(ModelInfo& info);
  const std::vector<std::size_t>& declared() const { return declared_; }
  // The declared counts capped at what the text could hold (a line takes 4 bytes at least; all
  // orders together), so that damaged counts cannot ask for more memory than there is.
  std::vector<std::size_t> capacities() const;
  // Every n-gram into `sink`, and the 1-grams' words in file order into `words`.
  Status read_ngrams(NGramSink& sink, std::vector<std::string>& words);
  const std::string& name() const { return name_; }

 private:
  std::string_view text_;
  std::string name_;
  io::MappedFile* source_;
  LineCursor cursor_;
  std::string_view line_;  // the last line read
  std::vector<std::size_t> declared_;
};

}  // namespace gramvec::ngram
