// Word vectors as files: word2vec binary and text formats (fastText's .vec is the text format),
// detected by content on loading.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gramvec/embed/matrix.hpp"
#include "gramvec/status.hpp"

namespace gramvec::embed {

enum class VectorFormat { binary, text };

// "bin" or "text" (also "txt", "vec").
Result<VectorFormat> parse_vector_format(std::string_view name);
// Text for paths ending in .txt or .vec, binary otherwise.
VectorFormat format_for_path(std::string_view path);

class WordVectors {
 public:
  WordVectors() = default;
  WordVectors(std::vector<std::string> words, Matrix vectors);
  WordVectors(const WordVectors&) = delete;
  WordVectors& operator=(const WordVectors&) = delete;
  WordVectors(WordVectors&&) noexcept = default;
  WordVectors& operator=(WordVectors&&) noexcept = default;

  std::size_t size() const { return words_.size(); }
  std::size_t dimension() const { return vectors_.cols(); }
  const std::vector<std::string>& words() const { return words_; }
  const std::string& word(std::size_t row) const { return words_[row]; }
  const Matrix& vectors() const { return vectors_; }
  // Row of `word` (the first one if the file repeats a word), exact byte match.
  std::optional<std::size_t> find(std::string_view word) const;
  // Scales every vector to unit length (zero vectors stay zero), as the queries expect.
  void normalize_rows();

  // Writes "V D\n" then one entry per word: binary = word, ' ', D little-endian float32, '\n';
  // text = word and D numbers separated by spaces, '\n'. Written atomically ("-": stdout).
  Status save(const std::string& path, VectorFormat format) const;

  // Reads either format (detected from the first entry), accepting a missing final newline and
  // '\r\n' line ends. Errors name the file and the line (text) or byte offset (binary): bad
  // header, wrong number of components, a non-number, NaN or infinite values, truncated data.
  static Result<WordVectors> load(const std::string& path);
  // The same from bytes in memory; `name` is used in messages.
  static Result<WordVectors> parse(std::string_view bytes, const std::string& name);

 private:
  void build_index();

  std::vector<std::string> words_;
  Matrix vectors_;
  std::unordered_map<std::string_view, std::size_t> index_;  // views into words_
};

}  // namespace gramvec::embed
