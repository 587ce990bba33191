// The receiving end of a model's n-grams, order by order (1-grams first): what a search layout
// builds itself from, fed by the ARPA reader or straight from an estimate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "gramvec/status.hpp"

namespace gramvec::ngram {

// Where an entry came from, for messages: "FILE:LINE: what".
class EntryOrigin {
 public:
  virtual ~EntryOrigin() = default;
  virtual std::uint64_t line_number() const = 0;
  virtual Status error_at(std::uint64_t line_number, std::string_view what) const = 0;
  Status error(std::string_view what) const { return error_at(line_number(), what); }
};

class NGramSink {
 public:
  virtual ~NGramSink() = default;
  // The entries of order n follow; at most `count` of them.
  virtual void begin_order(std::size_t n, std::size_t count) = 0;
  // One n-gram (its words, oldest first), with its log10 probability and backoff (0 when it has
  // none); `line` is its text for messages.
  virtual Status add(std::span<const std::string_view> words, float log10_probability, float log10_backoff,
                     std::string_view line, const EntryOrigin& origin) = 0;
  // Completes what add() may have held back. The words and lines passed so far may be released
  // after this.
  virtual Status flush(const EntryOrigin& origin) = 0;
};

}  // namespace gramvec::ngram
