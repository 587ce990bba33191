#include "gramvec/embed/evaluation.hpp"

#include <fmt/format.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "gramvec/io/mapped_file.hpp"
#include "io/line_reader.hpp"

namespace gramvec::embed {

namespace {

// Lines of a text held in memory, without '\n' or a trailing '\r', numbered from 1.
class TextLines {
 public:
  explicit TextLines(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (position_ >= text_.size()) return false;
    std::size_t newline = text_.find('\n', position_);
    if (newline == std::string_view::npos) newline = text_.size();
    line = text_.substr(position_, newline - position_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    position_ = newline + 1;
    ++number_;
    return true;
  }
  std::uint64_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
  std::uint64_t number_ = 0;
};

std::vector<std::string_view> split_fields(std::string_view line, std::string_view separators) {
  std::vector<std::string_view> fields;
  std::size_t position = 0;
  while (position < line.size()) {
    std::size_t start = line.find_first_not_of(separators, position);
    if (start == std::string_view::npos) break;
    std::size_t end = line.find_first_of(separators, start);
    if (end == std::string_view::npos) end = line.size();
    fields.push_back(line.substr(start, end - start));
    position = end;
  }
  return fields;
}

// Word -> first row among the first `limit` rows, compared after case folding if asked: the
// first row is the most frequent spelling, as gensim picks it.
class WordLookup {
 public:
  WordLookup(const WordVectors& vectors, std::size_t limit, bool case_insensitive)
      : case_insensitive_(case_insensitive), canonical_(limit) {
    rows_.reserve(limit);
    for (std::size_t row = 0; row < limit; ++row) {
      auto [entry, inserted] = rows_.emplace(key(vectors.word(row)), row);
      canonical_[row] = entry->second;
      if (!inserted) members_[entry->second].push_back(row);
    }
  }

  std::string key(std::string_view word) const { return case_insensitive_ ? fold_case(word) : std::string(word); }
  std::optional<std::size_t> find(std::string_view word) const {
    auto found = rows_.find(key(word));
    if (found == rows_.end()) return std::nullopt;
    return found->second;
  }
  std::size_t canonical(std::size_t row) const { return canonical_[row]; }
  // Every row that folds to the same word as canonical row `row`.
  void append_members(std::size_t row, std::vector<std::size_t>& out) const {
    out.push_back(row);
    auto found = members_.find(row);
    if (found != members_.end()) out.insert(out.end(), found->second.begin(), found->second.end());
  }

 private:
  bool case_insensitive_;
  std::unordered_map<std::string, std::size_t> rows_;
  std::vector<std::size_t> canonical_;
  std::unordered_map<std::size_t, std::vector<std::size_t>> members_;  // other spellings
};

// How many of the first (most frequent) words a lookup considers: `restrict_vocab`, 0 meaning all.
std::size_t restricted_size(const WordVectors& vectors, std::size_t restrict_vocab) {
  return restrict_vocab == 0 ? vectors.size() : std::min(restrict_vocab, vectors.size());
}

void add_to(AnalogySection& total, const AnalogySection& part) {
  total.questions += part.questions;
  total.seen += part.seen;
  total.correct += part.correct;
}

std::vector<double> average_ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) { return values[left] < values[right]; });
  std::vector<double> ranks(values.size());
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    while (end + 1 < order.size() && values[order[end + 1]] == values[order[start]]) ++end;
    double rank = (static_cast<double>(start) + static_cast<double>(end)) / 2.0 + 1.0;
    for (std::size_t index = start; index <= end; ++index) ranks[order[index]] = rank;
    start = end + 1;
  }
  return ranks;
}

// An analogy file as read: its sections, their questions and seen questions counted, and for
// each seen question its query, the canonical row of its answer and its section.
struct AnalogyQuestions {
  std::vector<AnalogySection> sections;
  std::vector<AnalogyQuery> queries;
  std::vector<std::size_t> expected;
  std::vector<std::size_t> section_of;
};

Result<AnalogyQuestions> read_analogy_questions(std::string_view questions, const std::string& name,
                                                const WordLookup& lookup) {
  AnalogyQuestions read;
  TextLines lines(questions);
  std::string_view line;
  while (lines.next(line)) {
    const std::uint64_t line_number = lines.number();
    auto fields = split_fields(line, " \t");
    if (fields.empty()) continue;
    if (fields[0] == ":" || fields[0].starts_with(':')) {
      std::string section(line.substr(line.find(':') + 1));
      section.erase(0, section.find_first_not_of(" \t"));
      read.sections.push_back({section});
      continue;
    }
    if (fields.size() != 4) {
      return Status::error(fmt::format("{}:{}: expected four words 'A B C D' or a ': section' line, found {} field(s)",
                                       name, line_number, fields.size()));
    }
    if (read.sections.empty()) read.sections.push_back({"(no section)"});
    AnalogySection& section = read.sections.back();
    ++section.questions;
    std::optional<std::size_t> rows[4];
    bool known = true;
    for (int index = 0; index < 4; ++index) {
      rows[index] = lookup.find(fields[static_cast<std::size_t>(index)]);
      known = known && rows[index].has_value();
    }
    if (!known) continue;
    ++section.seen;
    AnalogyQuery query{*rows[0], *rows[1], *rows[2], {}};
    for (int index = 0; index < 3; ++index) lookup.append_members(*rows[index], query.excluded);
    read.queries.push_back(std::move(query));
    read.expected.push_back(*rows[3]);
    read.section_of.push_back(read.sections.size() - 1);
  }
  if (read.sections.empty()) return Status::error(fmt::format("{}: no analogy questions", name));
  return read;
}

// Runs evaluate(bytes, name) on the file at `path`, mapped into memory.
template <typename Evaluate>
auto evaluate_file(const std::string& path, Evaluate evaluate) -> decltype(evaluate(std::string_view(), path)) {
  auto file = io::MappedFile::open(path);
  if (!file) return file.status();
  return evaluate(file->bytes(), io::display_name(path));
}

}  // namespace

std::string fold_case(std::string_view word) {
  bool ascii = std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    std::string result(word);
    for (char& character : result) {
      if (character >= 'a' && character <= 'z') character = static_cast<char>(character - 'a' + 'A');
    }
    return result;
  }
  UErrorCode error = U_ZERO_ERROR;
  std::vector<UChar> utf16(word.size() + 1);
  int32_t utf16_length = 0;
  u_strFromUTF8(utf16.data(), static_cast<int32_t>(utf16.size()), &utf16_length, word.data(),
                static_cast<int32_t>(word.size()), &error);
  if (U_FAILURE(error)) return std::string(word);
  std::vector<UChar> upper(static_cast<std::size_t>(utf16_length) * 3 + 4);
  int32_t upper_length =
      u_strToUpper(upper.data(), static_cast<int32_t>(upper.size()), utf16.data(), utf16_length, "", &error);
  if (U_FAILURE(error)) return std::string(word);
  std::string result(static_cast<std::size_t>(upper_length) * 3 + 4, '\0');
  int32_t result_length = 0;
  u_strToUTF8(result.data(), static_cast<int32_t>(result.size()), &result_length, upper.data(), upper_length, &error);
  if (U_FAILURE(error)) return std::string(word);
  result.resize(static_cast<std::size_t>(result_length));
  return result;
}

Result<AnalogyResults> evaluate_analogies(const WordVectors& unit_vectors, std::string_view questions,
                                          const std::string& name, const AnalogyOptions& options) {
  const std::size_t limit = restricted_size(unit_vectors, options.restrict_vocab);
  WordLookup lookup(unit_vectors, limit, options.case_insensitive);
  auto read = read_analogy_questions(questions, name, lookup);
  if (!read) return read.status();
  AnalogyResults results;
  results.sections = std::move(read->sections);
  auto answers = analogies(unit_vectors, read->queries, options.method, 1, limit);
  for (std::size_t index = 0; index < read->queries.size(); ++index) {
    if (!answers[index].empty() && lookup.canonical(answers[index][0].row) == read->expected[index]) {
      ++results.sections[read->section_of[index]].correct;
    }
  }
  for (const auto& section : results.sections) {
    add_to(section.name.starts_with("gram") ? results.syntactic : results.semantic, section);
    add_to(results.total, section);
  }
  return results;
}

Result<AnalogyResults> evaluate_analogies_file(const WordVectors& unit_vectors, const std::string& path,
                                               const AnalogyOptions& options) {
  return evaluate_file(path, [&](std::string_view questions, const std::string& name) {
    return evaluate_analogies(unit_vectors, questions, name, options);
  });
}

Result<SimilarityResults> evaluate_similarity(const WordVectors& unit_vectors, std::string_view pairs,
                                              const std::string& name, const SimilarityOptions& options) {
  const std::size_t limit = restricted_size(unit_vectors, options.restrict_vocab);
  WordLookup lookup(unit_vectors, limit, options.case_insensitive);
  SimilarityResults results;
  std::vector<double> human;
  std::vector<double> model;
  TextLines lines(pairs);
  std::string_view line;
  while (lines.next(line)) {
    const std::uint64_t line_number = lines.number();
    if (line.empty() || line.front() == '#') continue;
    auto fields = split_fields(line, line.find('\t') != std::string_view::npos ? "\t" : " ");
    if (fields.empty()) continue;
    double score = 0.0;
    bool good = fields.size() >= 3;
    if (good) {
      auto [end, error] = std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), score);
      good = error == std::errc() && end == fields[2].data() + fields[2].size() && std::isfinite(score);
    }
    if (!good) {
      return Status::error(fmt::format("{}:{}: expected 'word1<TAB>word2<TAB>score'", name, line_number));
    }
    auto first = lookup.find(fields[0]);
    auto second = lookup.find(fields[1]);
    if (!first || !second) {
      ++results.oov;
      continue;
    }
    human.push_back(score);
    model.push_back(dot(unit_vectors.vectors().row(*first), unit_vectors.vectors().row(*second),
                        unit_vectors.dimension()));
  }
  if (human.empty() && results.oov == 0) return Status::error(fmt::format("{}: no word pairs", name));
  results.pairs = human.size();
  results.spearman = spearman_rho(human, model);
  return results;
}

Result<SimilarityResults> evaluate_similarity_file(const WordVectors& unit_vectors, const std::string& path,
                                                   const SimilarityOptions& options) {
  return evaluate_file(path, [&](std::string_view pairs, const std::string& name) {
    return evaluate_similarity(unit_vectors, pairs, name, options);
  });
}

double spearman_rho(std::span<const double> first, std::span<const double> second) {
  std::size_t count = std::min(first.size(), second.size());
  if (count < 2) return std::numeric_limits<double>::quiet_NaN();
  auto ranks_first = average_ranks(first.first(count));
  auto ranks_second = average_ranks(second.first(count));
  double mean = (static_cast<double>(count) + 1.0) / 2.0;
  double covariance = 0.0;
  double variance_first = 0.0;
  double variance_second = 0.0;
  for (std::size_t index = 0; index < count; ++index) {
    double left = ranks_first[index] - mean;
    double right = ranks_second[index] - mean;
    covariance += left * right;
    variance_first += left * left;
    variance_second += right * right;
  }
  if (variance_first == 0.0 || variance_second == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return covariance / std::sqrt(variance_first * variance_second);
}

}  // namespace gramvec::embed
