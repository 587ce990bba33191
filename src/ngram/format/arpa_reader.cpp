#include "ngram/format/arpa_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "gramvec/text/utf8.hpp"

namespace gramvec::ngram {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Splits on spaces and tabs into at most `capacity` fields; returns the count (capacity + 1 if more).
std::size_t split_fields(std::string_view line, std::string_view* fields, std::size_t capacity) {
  std::size_t count = 0;
  std::size_t position = 0;
  while (position < line.size()) {
    while (position < line.size() && is_blank(line[position])) ++position;
    if (position >= line.size()) break;
    std::size_t start = position;
    while (position < line.size() && !is_blank(line[position])) ++position;
    if (count == capacity) return capacity + 1;
    fields[count++] = line.substr(start, position - start);
  }
  return count;
}

std::string_view describe_binary(std::string_view text) {
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1f && static_cast<unsigned char>(text[1]) == 0x8b) {
    return "gzip-compressed data";
  }
  if (text.size() >= 6 && text.substr(0, 6) == "\xfd" "7zXZ\x00") return "xz-compressed data";
  if (text.size() >= 4 && text.substr(0, 4) == "\x28\xb5\x2f\xfd") return "zstd-compressed data";
  std::string_view head = text.substr(0, 4096);
  if (head.find('\0') != std::string_view::npos) return "binary data";
  return {};
}

}  // namespace

bool parse_float(std::string_view text, float& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !std::isnan(value);
}

bool LineCursor::next(std::string_view& line) {
  if (position_ >= text_.size()) return false;
  std::size_t end = text_.find('\n', position_);
  if (end == std::string_view::npos) end = text_.size();
  line = text_.substr(position_, end - position_);
  while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
  position_ = end + 1;
  ++line_number_;
  return true;
}

bool LineCursor::next_nonblank(std::string_view& line) {
  while (next(line)) {
    if (line.find_first_not_of(" \t") != std::string_view::npos) return true;
  }
  return false;
}

Status LineCursor::error_at(std::uint64_t line_number, std::string_view what) const {
  return Status::error(fmt::format("{}:{}: {}", name_, line_number, what));
}

Status LineCursor::truncated(std::string_view expected) const {
  return Status::error(fmt::format("{}:{}: truncated ARPA file: it ends after line {} while expecting {}", name_,
                                   line_number_, line_number_, expected));
}

ArpaReader::ArpaReader(std::string_view text, std::string name, io::MappedFile* source)
    : text_(text), name_(std::move(name)), source_(source), cursor_(text_, name_) {}

Status ArpaReader::read_header(ModelInfo& info) {
  const std::string& name = name_;
  LineCursor& cursor = cursor_;
  std::string_view& line = line_;
  std::vector<std::size_t>& declared = declared_;
  declared.clear();
  if (auto kind = describe_binary(text_); !kind.empty()) {
    return Status::error(fmt::format("{}: not an ARPA language model (the file holds {})", name, kind));
  }
  // Header: comment or blank lines, then \data\ and "ngram N=count" lines.
  for (;;) {
    if (!cursor.next(line)) {
      return Status::error(fmt::format("{}: not an ARPA language model: no \\data\\ section", name));
    }
    if (line == "\\data\\") break;
    if (line.starts_with("#")) {
      info.add_comment(line);
      continue;
    }
    if (line.find_first_not_of(" \t") != std::string_view::npos) {
      return cursor.error("not an ARPA language model: expected \\data\\ (text before it must be # comments)");
    }
  }
  for (;;) {
    if (!cursor.next(line)) return cursor.truncated("the \\1-grams: section");
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      if (declared.empty()) continue;
      break;
    }
    if (!line.starts_with("ngram ")) {
      if (line.starts_with("\\")) break;
      return cursor.error(fmt::format("expected 'ngram N=count', found '{}'", text::printable_excerpt(line, 60)));
    }
    std::string_view spec = line.substr(6);
    std::size_t equals = spec.find('=');
    std::size_t n = 0;
    std::size_t count = 0;
    std::string_view n_text = spec.substr(0, equals);
    std::string_view count_text = equals == std::string_view::npos ? std::string_view() : spec.substr(equals + 1);
    while (!count_text.empty() && is_blank(count_text.back())) count_text.remove_suffix(1);
    auto n_parse = std::from_chars(n_text.data(), n_text.data() + n_text.size(), n);
    auto count_parse = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (equals == std::string_view::npos || n_parse.ec != std::errc() || count_parse.ec != std::errc() ||
        count_parse.ptr != count_text.data() + count_text.size()) {
      return cursor.error(fmt::format("bad n-gram count line '{}'", line));
    }
    if (n != declared.size() + 1) {
      return cursor.error(fmt::format("expected 'ngram {}=...', found order {}", declared.size() + 1, n));
    }
    if (n > static_cast<std::size_t>(kMaxOrder)) {
      return cursor.error(fmt::format("order {} is above the maximum of {}", n, kMaxOrder));
    }
    declared.push_back(count);
  }
  if (declared.empty()) return cursor.error("no 'ngram N=count' lines after \\data\\");
  return Status::ok();
}

std::vector<std::size_t> ArpaReader::capacities() const {
  // The orders share the text's lines: capping each order at all of them would let damaged
  // counts reserve ten times what the text could hold, so they share one budget of lines.
  std::vector<std::size_t> capacity = declared_;
  std::size_t budget = text_.size() / 4 + 1;
  for (std::size_t& count : capacity) {
    count = std::min(count, budget);
    budget -= count;
  }
  return capacity;
}

Status ArpaReader::read_ngrams(NGramSink& loader, std::vector<std::string>& words) {
  LineCursor& cursor = cursor_;
  std::string_view& line = line_;
  const std::vector<std::size_t>& declared = declared_;
  io::MappedFile* source = source_;
  const char* released_up_to = line.data();
  std::array<std::string_view, kMaxOrder + 2> fields;
  bool section_pending = line.starts_with("\\");
  for (std::size_t n = 1; n <= declared.size(); ++n) {
    std::string expected_header = fmt::format("\\{}-grams:", n);
    if (!section_pending && !cursor.next_nonblank(line)) return cursor.truncated(expected_header);
    section_pending = false;
    if (line != expected_header) {
      return cursor.error(fmt::format("expected section {}, found '{}'", expected_header, text::printable_excerpt(line, 60)));
    }
    // Memory for no more n-grams than the rest of the text can hold (a line takes 4 bytes at
    // least), so that a damaged count cannot ask for more memory than there is.
    std::size_t capacity = std::min(declared[n - 1], cursor.remaining() / 4 + 1);
    loader.begin_order(n, capacity);
    if (n == 1) words.reserve(capacity);
    for (std::size_t entry_number = 0; entry_number < declared[n - 1]; ++entry_number) {
      if (!cursor.next(line)) {
        return cursor.truncated(fmt::format("{} more {}-grams", declared[n - 1] - entry_number, n));
      }
      std::size_t field_count = split_fields(line, fields.data(), n + 2);
      if (field_count == 0 || line.starts_with("\\")) {
        return cursor.error(fmt::format("the header declares {} {}-grams but the section holds {}", declared[n - 1], n,
                                        entry_number));
      }
      if (field_count < n + 1 || field_count > n + 2) {
        return cursor.error(fmt::format("expected a {}-gram line 'log10prob word ... [backoff]', found '{}'", n,
                                        text::printable_excerpt(line, 80)));
      }
      float log10_probability = 0.0F;
      float log10_backoff = 0.0F;
      if (!parse_float(fields[0], log10_probability)) {
        return cursor.error(fmt::format("bad probability '{}' (not a number)", text::printable_excerpt(fields[0])));
      }
      if (field_count == n + 2 && !parse_float(fields[n + 1], log10_backoff)) {
        return cursor.error(fmt::format("bad backoff weight '{}' (not a number)", text::printable_excerpt(fields[n + 1])));
      }
      if (log10_probability > 0.0F) {
        return cursor.error(fmt::format("log10 probability {} is above 0", text::printable_excerpt(fields[0])));
      }
      GRAMVEC_TRY(loader.add(std::span<const std::string_view>(fields.data() + 1, n), log10_probability, log10_backoff,
                             line, cursor));
      if (n == 1) words.emplace_back(fields[1]);
      // Release the parsed part of a mapped file now and then (once nothing pending refers to it).
      if (source != nullptr && line.data() - released_up_to > (16 << 20)) {
        GRAMVEC_TRY(loader.flush(cursor));
        source->release_before(line.data());
        released_up_to = line.data();
      }
    }
    GRAMVEC_TRY(loader.flush(cursor));
    // The section must end here: a blank line, the next section or \end\.
    if (!cursor.next_nonblank(line)) {
      return cursor.truncated(n == declared.size() ? std::string("\\end\\") : fmt::format("\\{}-grams:", n + 1));
    }
    bool at_next_section = line.starts_with("\\");
    if (!at_next_section) {
      return cursor.error(fmt::format("the header declares {} {}-grams but the section holds more", declared[n - 1], n));
    }
    section_pending = true;
  }
  if (line != "\\end\\") return cursor.error(fmt::format("expected \\end\\, found '{}'", text::printable_excerpt(line, 60)));
  return Status::ok();
}

}  // namespace gramvec::ngram
