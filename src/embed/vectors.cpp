#include "gramvec/embed/vectors.hpp"

#include <fmt/format.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

#include "gramvec/io/atomic_file.hpp"
#include "gramvec/io/mapped_file.hpp"
#include "io/block_output.hpp"
#include "io/line_reader.hpp"

namespace gramvec::embed {

static_assert(std::endian::native == std::endian::little, "the word2vec binary format is read as little-endian");

namespace {

bool is_blank(char character) { return character == ' ' || character == '\t' || character == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && (is_blank(text.front()) || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (is_blank(text.back()) || text.back() == '\n')) text.remove_suffix(1);
  return text;
}

// A short printable excerpt of `text` for messages.
std::string excerpt(std::string_view text) {
  std::string result;
  for (char character : text.substr(0, 40)) {
    auto byte = static_cast<unsigned char>(character);
    result += (byte < 0x20 || byte == 0x7f) ? '?' : character;
  }
  if (text.size() > 40) result += "...";
  return result;
}

bool parse_count(std::string_view text, std::uint64_t& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

struct Header {
  std::uint64_t words = 0;
  std::uint64_t dimension = 0;
  std::size_t body_offset = 0;
};

Result<Header> parse_header(std::string_view bytes, const std::string& name) {
  std::size_t newline = bytes.find('\n');
  std::string_view line = bytes.substr(0, newline);
  std::string_view fields = trim(line);
  std::size_t space = fields.find_first_of(" \t");
  Header header;
  bool good = space != std::string_view::npos;
  if (good) {
    std::string_view second = trim(fields.substr(space));
    good = parse_count(fields.substr(0, space), header.words) && parse_count(second, header.dimension);
  }
  if (bytes.empty()) return Status::error(fmt::format("{}: empty file (expected a word2vec header 'WORDS DIMENSION')", name));
  if (!good) {
    return Status::error(fmt::format("{}:1: bad header '{}' (expected 'WORDS DIMENSION', e.g. '71291 100')", name,
                                     excerpt(line)));
  }
  if (header.words == 0) return Status::error(fmt::format("{}:1: the header says the file holds 0 words", name));
  if (header.dimension == 0 || header.dimension > 100000) {
    return Status::error(fmt::format("{}:1: bad dimension {} in the header", name, header.dimension));
  }
  header.body_offset = newline == std::string_view::npos ? bytes.size() : newline + 1;
  return header;
}

// The first entry decides: text when the rest of its line is printable ASCII starting with a
// number; binary floats almost always hold other bytes within their first few bytes.
bool looks_like_text(std::string_view body, std::size_t dimension) {
  std::size_t position = 0;
  while (position < body.size() && (body[position] == '\n' || body[position] == '\r')) ++position;
  std::size_t space = body.find_first_of(" \t", position);
  if (space == std::string_view::npos) return true;  // no vector data at all: report it as text
  std::string_view rest = body.substr(space + 1);
  rest = rest.substr(0, rest.find('\n'));
  for (char character : rest) {
    auto byte = static_cast<unsigned char>(character);
    if ((byte < 0x20 && character != '\t' && character != '\r') || byte >= 0x7f) return false;
  }
  if (rest.size() + 1 >= 2 * dimension) return true;
  std::string_view first = trim(rest);
  first = first.substr(0, first.find_first_of(" \t"));
  float value = 0.0f;
  auto [end, error] = std::from_chars(first.data(), first.data() + first.size(), value);
  return !first.empty() && end == first.data() + first.size() &&
         (error == std::errc() || error == std::errc::result_out_of_range);
}

Status parse_text(std::string_view body, std::size_t words, std::size_t dimension, const std::string& name,
                  std::vector<std::string>& out_words, Matrix& out_vectors) {
  std::size_t position = 0;
  std::uint64_t line_number = 1;
  std::size_t row = 0;
  while (position < body.size()) {
    std::size_t newline = body.find('\n', position);
    std::size_t line_end = newline == std::string_view::npos ? body.size() : newline;
    std::string_view line = body.substr(position, line_end - position);
    position = line_end + 1;
    ++line_number;
    while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
    if (line.empty()) continue;
    if (row == words) {
      return Status::error(fmt::format("{}:{}: more vectors than the {} the header announces", name, line_number, words));
    }
    std::size_t cursor = 0;
    while (cursor < line.size() && is_blank(line[cursor])) ++cursor;
    std::size_t word_end = line.find_first_of(" \t", cursor);
    std::string_view word = line.substr(cursor, word_end == std::string_view::npos ? line.npos : word_end - cursor);
    cursor = word_end == std::string_view::npos ? line.size() : word_end;
    float* vector = out_vectors.row(row);
    std::size_t found = 0;
    while (true) {
      while (cursor < line.size() && is_blank(line[cursor])) ++cursor;
      if (cursor >= line.size()) break;
      std::size_t field_end = line.find_first_of(" \t", cursor);
      if (field_end == std::string_view::npos) field_end = line.size();
      std::string_view field = line.substr(cursor, field_end - cursor);
      cursor = field_end;
      if (found == dimension) {
        ++found;
        continue;  // counted for the message below
      }
      float value = 0.0f;
      auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
      if (end != field.data() + field.size() || (error != std::errc() && error != std::errc::result_out_of_range)) {
        return Status::error(fmt::format("{}:{}: '{}' is not a number (component {} of '{}')", name, line_number,
                                         excerpt(field), found + 1, excerpt(word)));
      }
      if (error == std::errc::result_out_of_range && std::fabs(value) > 1.0f) value = INFINITY;
      if (!std::isfinite(value)) {
        return Status::error(fmt::format("{}:{}: {} value in the vector of '{}' (component {})", name, line_number,
                                         std::isnan(value) ? "NaN" : "infinite", excerpt(word), found + 1));
      }
      vector[found++] = value;
    }
    if (found != dimension) {
      return Status::error(fmt::format("{}:{}: '{}' has {} components, the header says the dimension is {}", name,
                                       line_number, excerpt(word), found, dimension));
    }
    out_words.emplace_back(word);
    ++row;
  }
  if (row < words) {
    return Status::error(fmt::format("{}: truncated: the header announces {} vectors, the file ends after {} (line {})",
                                     name, words, row, line_number));
  }
  return Status::ok();
}

Status parse_binary(std::string_view body, std::size_t body_offset, std::size_t words, std::size_t dimension,
                    const std::string& name, std::vector<std::string>& out_words, Matrix& out_vectors) {
  std::size_t position = 0;
  const std::size_t vector_bytes = dimension * sizeof(float);
  for (std::size_t row = 0; row < words; ++row) {
    while (position < body.size() && (body[position] == '\n' || body[position] == '\r')) ++position;
    // A word may be as long as the writer made it: any token, however long, reads back.
    std::size_t space = body.find(' ', position);
    if (position >= body.size() || space == std::string_view::npos) {
      return Status::error(fmt::format("{}: truncated at byte offset {}: the header announces {} vectors, found {}",
                                       name, body_offset + position, words, row));
    }
    std::string_view word = body.substr(position, space - position);
    std::size_t data = space + 1;
    if (body.size() - data < vector_bytes) {
      return Status::error(fmt::format(
          "{}: truncated at byte offset {}: the vector of '{}' (entry {} of {}) needs {} bytes, {} remain", name,
          body_offset + data, excerpt(word), row + 1, words, vector_bytes, body.size() - data));
    }
    float* vector = out_vectors.row(row);
    std::memcpy(vector, body.data() + data, vector_bytes);
    for (std::size_t component = 0; component < dimension; ++component) {
      if (!std::isfinite(vector[component])) {
        return Status::error(fmt::format("{}: byte offset {}: {} value in the vector of '{}' (component {})", name,
                                         body_offset + data + component * sizeof(float),
                                         std::isnan(vector[component]) ? "NaN" : "infinite", excerpt(word),
                                         component + 1));
      }
    }
    out_words.emplace_back(word);
    position = data + vector_bytes;
  }
  while (position < body.size() && (is_blank(body[position]) || body[position] == '\n')) ++position;
  if (position < body.size()) {
    return Status::error(fmt::format("{}: byte offset {}: data after the {} vectors the header announces "
                                     "(wrong header or dimension?)",
                                     name, body_offset + position, words));
  }
  return Status::ok();
}

}  // namespace

Result<VectorFormat> parse_vector_format(std::string_view name) {
  if (name == "bin" || name == "binary") return VectorFormat::binary;
  if (name == "text" || name == "txt" || name == "vec") return VectorFormat::text;
  return Status::error(fmt::format("unknown vector format '{}' (expected bin or text)", name));
}

VectorFormat format_for_path(std::string_view path) {
  return path.ends_with(".txt") || path.ends_with(".vec") ? VectorFormat::text : VectorFormat::binary;
}

WordVectors::WordVectors(std::vector<std::string> words, Matrix vectors)
    : words_(std::move(words)), vectors_(std::move(vectors)) {
  build_index();
}

void WordVectors::build_index() {
  index_.clear();
  index_.reserve(words_.size());
  for (std::size_t row = 0; row < words_.size(); ++row) index_.emplace(words_[row], row);  // keeps the first
}

std::optional<std::size_t> WordVectors::find(std::string_view word) const {
  auto found = index_.find(word);
  if (found == index_.end()) return std::nullopt;
  return found->second;
}

void WordVectors::normalize_rows() {
  for (std::size_t row = 0; row < vectors_.rows(); ++row) normalize_in_place(vectors_.row(row), vectors_.cols());
}

Status WordVectors::save(const std::string& path, VectorFormat format) const {
  for (const auto& word : words_) {
    if (word.empty() || word.find_first_of(" \t\n") != std::string::npos) {
      return Status::error(fmt::format("{}: cannot write the word '{}': it is empty or holds whitespace",
                                       io::display_name(path), excerpt(word)));
    }
  }
  io::AtomicFileWriter out;
  GRAMVEC_TRY(out.open(path));
  std::string block = fmt::format("{} {}\n", size(), dimension());
  const std::size_t dim = dimension();
  for (std::size_t row = 0; row < size(); ++row) {
    block += words_[row];
    const float* vector = vectors_.row(row);
    if (format == VectorFormat::binary) {
      block += ' ';
      block.append(reinterpret_cast<const char*>(vector), dim * sizeof(float));
    } else {
      for (std::size_t component = 0; component < dim; ++component) {
        fmt::format_to(std::back_inserter(block), " {}", vector[component]);
      }
    }
    block += '\n';
    io::write_if_full(out, block, 1 << 20);
  }
  out.write(block);
  return out.commit();
}

Result<WordVectors> WordVectors::load(const std::string& path) {
  auto file = io::MappedFile::open(path);
  if (!file) return file.status();
  return parse(file->bytes(), io::display_name(path));
}

Result<WordVectors> WordVectors::parse(std::string_view bytes, const std::string& name) {
  auto header = parse_header(bytes, name);
  if (!header) return header.status();
  std::string_view body = bytes.substr(header->body_offset);
  // Each entry takes at least 2 bytes per component (text "0 "), so a header promising more
  // than the file can hold is reported before allocating anything.
  if (header->words > (body.size() + 1) / (2 * header->dimension + 1) + 1) {
    return Status::error(fmt::format("{}: truncated: the header announces {} vectors of dimension {}, "
                                     "but only {} bytes follow",
                                     name, header->words, header->dimension, body.size()));
  }
  auto words = static_cast<std::size_t>(header->words);
  auto dimension = static_cast<std::size_t>(header->dimension);
  std::vector<std::string> word_list;
  word_list.reserve(words);
  Matrix vectors(words, dimension);
  if (looks_like_text(body, dimension)) {
    GRAMVEC_TRY(parse_text(body, words, dimension, name, word_list, vectors));
  } else {
    GRAMVEC_TRY(parse_binary(body, header->body_offset, words, dimension, name, word_list, vectors));
  }
  return WordVectors(std::move(word_list), std::move(vectors));
}

}  // namespace gramvec::embed
