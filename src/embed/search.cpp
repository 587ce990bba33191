#include "gramvec/embed/search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <functional>
#include <thread>

#include "embed/simd.hpp"
#include "util/concurrency.hpp"

namespace gramvec::embed {

namespace {

constexpr std::size_t kQueryBlock = 16;  // query columns scored per pass over the rows
constexpr std::size_t kRowChunk = 256;   // rows scored before their scores are collected

// scores[r * kQueryBlock + j] = <row r, query j> for `count` rows; `transposed` holds the block's
// queries column-wise (dim x kQueryBlock, unused columns zero). Four rows at a time so that the
// accumulators fill the vector registers and the loads of each query column are shared.
GRAMVEC_MULTIVERSION
void score_rows(const float* rows, std::size_t count, std::size_t dim, const float* transposed, float* scores) {
  std::size_t row = 0;
  for (; row + 4 <= count; row += 4) {
    const float* row0 = rows + row * dim;
    const float* row1 = row0 + dim;
    const float* row2 = row1 + dim;
    const float* row3 = row2 + dim;
    float sum0[kQueryBlock] = {};
    float sum1[kQueryBlock] = {};
    float sum2[kQueryBlock] = {};
    float sum3[kQueryBlock] = {};
    for (std::size_t component = 0; component < dim; ++component) {
      const float* column = transposed + component * kQueryBlock;
      float value0 = row0[component];
      float value1 = row1[component];
      float value2 = row2[component];
      float value3 = row3[component];
      for (std::size_t query = 0; query < kQueryBlock; ++query) {
        sum0[query] += value0 * column[query];
        sum1[query] += value1 * column[query];
        sum2[query] += value2 * column[query];
        sum3[query] += value3 * column[query];
      }
    }
    float* out = scores + row * kQueryBlock;
    for (std::size_t query = 0; query < kQueryBlock; ++query) {
      out[query] = sum0[query];
      out[kQueryBlock + query] = sum1[query];
      out[2 * kQueryBlock + query] = sum2[query];
      out[3 * kQueryBlock + query] = sum3[query];
    }
  }
  for (; row < count; ++row) {
    const float* values = rows + row * dim;
    float sum[kQueryBlock] = {};
    for (std::size_t component = 0; component < dim; ++component) {
      const float* column = transposed + component * kQueryBlock;
      for (std::size_t query = 0; query < kQueryBlock; ++query) sum[query] += values[component] * column[query];
    }
    std::copy(sum, sum + kQueryBlock, scores + row * kQueryBlock);
  }
}

bool better(const Neighbor& left, const Neighbor& right) {
  return left.score > right.score || (left.score == right.score && left.row < right.row);
}

// The k best (row, score) pairs offered, excluding some rows.
class TopK {
 public:
  TopK(std::size_t k, const std::vector<std::size_t>* excluded) : k_(k), excluded_(excluded) { heap_.reserve(k); }

  void offer(std::size_t row, float score) {
    if (k_ == 0) return;
    Neighbor candidate{row, score};
    if (heap_.size() == k_ && !better(candidate, heap_.front())) return;
    if (excluded_ != nullptr && std::find(excluded_->begin(), excluded_->end(), row) != excluded_->end()) return;
    if (heap_.size() == k_) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = candidate;
    } else {
      heap_.push_back(candidate);
    }
    std::push_heap(heap_.begin(), heap_.end(), better);
  }

  std::vector<Neighbor> sorted() && {
    std::sort(heap_.begin(), heap_.end(), better);
    return std::move(heap_);
  }

 private:
  std::size_t k_;
  const std::vector<std::size_t>* excluded_;
  std::vector<Neighbor> heap_;  // worst on top
};

// Passes over the first `limit` rows once per block of up to kQueryBlock query vectors, calling
// collect(first_row, count, scores) with the scores laid out as in score_rows.
template <typename Collect>
void score_block(const Matrix& unit, std::span<const float* const> block, std::size_t limit, Collect&& collect) {
  const std::size_t dim = unit.cols();
  std::vector<float> transposed(dim * kQueryBlock, 0.0f);
  for (std::size_t query = 0; query < block.size(); ++query) {
    for (std::size_t component = 0; component < dim; ++component) {
      transposed[component * kQueryBlock + query] = block[query][component];
    }
  }
  std::vector<float> scores(kRowChunk * kQueryBlock);
  for (std::size_t first = 0; first < limit; first += kRowChunk) {
    std::size_t count = std::min(kRowChunk, limit - first);
    score_rows(unit.row(first), count, dim, transposed.data(), scores.data());
    collect(first, count, scores.data());
  }
}

// Runs work(begin, end) over [0, items) in blocks of `block` items, on several threads when the
// job is large enough to be worth it.
void parallel_blocks(std::size_t items, std::size_t block, std::size_t rows,
                     const std::function<void(std::size_t, std::size_t)>& work) {
  std::size_t blocks = (items + block - 1) / block;
  std::size_t threads = std::max<std::size_t>(1, std::thread::hardware_concurrency());
  if (blocks < 2 || items * rows < 4'000'000) threads = 1;
  threads = std::min(threads, blocks);
  util::parallel_for(
      0, blocks, [&](std::size_t index) { work(index * block, std::min(items, (index + 1) * block)); }, threads);
}

std::size_t effective_limit(const WordVectors& vectors, std::size_t row_limit) {
  return row_limit == 0 ? vectors.size() : std::min(row_limit, vectors.size());
}

// The k best rows among the first `row_limit` (0: all) for each query, `per_block` queries
// scored at a time: add_vectors(query, block) adds the query's vectors to the block, and
// score(row_scores, query) is the score of a row for the block's query'th query, from the row's
// scores against all the block's vectors.
template <typename Query, typename AddVectors, typename Score>
std::vector<std::vector<Neighbor>> best_rows(const WordVectors& unit_vectors, std::span<const Query> queries,
                                             std::size_t per_block, std::size_t k, std::size_t row_limit,
                                             AddVectors add_vectors, Score score) {
  std::vector<std::vector<Neighbor>> results(queries.size());
  std::size_t limit = effective_limit(unit_vectors, row_limit);
  k = std::min(k, limit);  // no more answers than rows, whatever k asks for (it sizes the heaps)
  parallel_blocks(queries.size(), per_block, limit, [&](std::size_t begin, std::size_t end) {
    std::vector<const float*> block;
    std::vector<TopK> best;
    for (std::size_t index = begin; index < end; ++index) {
      add_vectors(queries[index], block);
      best.emplace_back(k, &queries[index].excluded);
    }
    score_block(unit_vectors.vectors(), block, limit, [&](std::size_t first, std::size_t count, const float* scores) {
      for (std::size_t row = 0; row < count; ++row) {
        const float* row_scores = scores + row * kQueryBlock;
        for (std::size_t query = 0; query < best.size(); ++query) {
          best[query].offer(first + row, score(row_scores, query));
        }
      }
    });
    for (std::size_t index = begin; index < end; ++index) results[index] = std::move(best[index - begin]).sorted();
  });
  return results;
}

}  // namespace

std::vector<std::vector<Neighbor>> nearest(const WordVectors& unit_vectors, std::span<const SearchQuery> queries,
                                           std::size_t k, std::size_t row_limit) {
  return best_rows(
      unit_vectors, queries, kQueryBlock, k, row_limit,
      [](const SearchQuery& query, std::vector<const float*>& block) { block.push_back(query.vector.data()); },
      [](const float* row_scores, std::size_t query) { return row_scores[query]; });
}

Result<AnalogyMethod> parse_analogy_method(std::string_view name) {
  if (name == "add" || name == "3cosadd") return AnalogyMethod::add;
  if (name == "mul" || name == "3cosmul") return AnalogyMethod::mul;
  return Status::error(fmt::format("unknown analogy method '{}' (expected add or mul)", name));
}

std::vector<std::vector<Neighbor>> analogies(const WordVectors& unit_vectors, std::span<const AnalogyQuery> queries,
                                             AnalogyMethod method, std::size_t k, std::size_t row_limit) {
  const Matrix& unit = unit_vectors.vectors();
  const std::size_t dim = unit.cols();
  if (method == AnalogyMethod::add) {
    std::vector<SearchQuery> searches(queries.size());
    for (std::size_t index = 0; index < queries.size(); ++index) {
      const AnalogyQuery& query = queries[index];
      std::vector<float>& vector = searches[index].vector;
      vector.assign(unit.row(query.b), unit.row(query.b) + dim);
      add_scaled(vector.data(), unit.row(query.a), -1.0f, dim);
      add_to(vector.data(), unit.row(query.c), dim);
      normalize_in_place(vector.data(), dim);
      searches[index].excluded = query.excluded;
    }
    return nearest(unit_vectors, searches, k, row_limit);
  }
  // 3CosMul: a, b and c of five questions fill 15 of a block's 16 columns.
  constexpr std::size_t kPerBlock = kQueryBlock / 3;
  constexpr float kEpsilon = 0.001f;
  return best_rows(
      unit_vectors, queries, kPerBlock, k, row_limit,
      [&](const AnalogyQuery& query, std::vector<const float*>& block) {
        block.push_back(unit.row(query.a));
        block.push_back(unit.row(query.b));
        block.push_back(unit.row(query.c));
      },
      [](const float* row_scores, std::size_t query) {
        float shifted_a = (row_scores[3 * query] + 1.0f) * 0.5f;
        float shifted_b = (row_scores[3 * query + 1] + 1.0f) * 0.5f;
        float shifted_c = (row_scores[3 * query + 2] + 1.0f) * 0.5f;
        return shifted_b * shifted_c / (shifted_a + kEpsilon);
      });
}

Result<std::vector<ExpressionTerm>> parse_expression(std::string_view text) {
  std::vector<ExpressionTerm> terms;
  // A query that is one token is a word, even "+" or "-" (punctuation has vectors too).
  std::string_view trimmed = text;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t' || trimmed.back() == '\r')) {
    trimmed.remove_suffix(1);
  }
  if (trimmed == "+" || trimmed == "-") return std::vector<ExpressionTerm>{{std::string(trimmed), 1.0f}};
  float sign = 1.0f;
  bool pending_operator = false;
  std::size_t position = 0;
  while (position < text.size()) {
    while (position < text.size() && (text[position] == ' ' || text[position] == '\t' || text[position] == '\r')) {
      ++position;
    }
    if (position >= text.size()) break;
    std::size_t end = text.find_first_of(" \t\r", position);
    if (end == std::string_view::npos) end = text.size();
    std::string_view token = text.substr(position, end - position);
    position = end;
    if (token == "+" || token == "-") {
      if (pending_operator) return Status::error(fmt::format("two operators in a row in '{}'", text));
      sign = token == "-" ? -1.0f : 1.0f;
      pending_operator = true;
      continue;
    }
    terms.push_back({std::string(token), sign});
    sign = 1.0f;
    pending_operator = false;
  }
  if (pending_operator) return Status::error(fmt::format("'{}' ends with an operator", text));
  if (terms.empty()) return Status::error("empty query");
  return terms;
}

ResolvedExpression resolve_expression(const WordVectors& unit_vectors, std::span<const ExpressionTerm> terms) {
  ResolvedExpression resolved;
  const std::size_t dim = unit_vectors.dimension();
  resolved.query.vector.assign(dim, 0.0f);
  for (const auto& term : terms) {
    auto row = unit_vectors.find(term.word);
    if (!row) {
      resolved.unknown.push_back(term.word);
      continue;
    }
    add_scaled(resolved.query.vector.data(), unit_vectors.vectors().row(*row), term.sign, dim);
    resolved.query.excluded.push_back(*row);
  }
  normalize_in_place(resolved.query.vector.data(), dim);
  return resolved;
}

}  // namespace gramvec::embed
