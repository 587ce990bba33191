// Brute-force cosine search over unit-length word vectors: top-k neighbours of query vectors
// (several queries per pass over the matrix), word expressions such as "king - man + woman",
// and analogies by 3CosAdd and 3CosMul (Levy & Goldberg 2014).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/embed/vectors.hpp"
#include "gramvec/status.hpp"

namespace gramvec::embed {

struct Neighbor {
  std::size_t row = 0;
  float score = 0.0f;
};

// A query vector (any length; scores are dot products with the unit rows, so pass a unit
// vector to get cosines) and the rows that may not be returned.
struct SearchQuery {
  std::vector<float> vector;
  std::vector<std::size_t> excluded;
};

// For each query, the k best rows among the first `row_limit` (0: all), best first; ties go to
// the lower row. `unit_vectors` must have unit-length rows (WordVectors::normalize_rows).
std::vector<std::vector<Neighbor>> nearest(const WordVectors& unit_vectors, std::span<const SearchQuery> queries,
                                           std::size_t k, std::size_t row_limit = 0);

enum class AnalogyMethod { add, mul };
Result<AnalogyMethod> parse_analogy_method(std::string_view name);

// "a is to b as c is to ?" by row; `excluded` usually holds a, b and c.
struct AnalogyQuery {
  std::size_t a = 0;
  std::size_t b = 0;
  std::size_t c = 0;
  std::vector<std::size_t> excluded;
};

// 3CosAdd: the rows closest in cosine to unit(b - a + c) (the score is that cosine).
// 3CosMul: argmax cos'(x,b)·cos'(x,c) / (cos'(x,a) + 0.001) with cos' = (cos + 1) / 2.
std::vector<std::vector<Neighbor>> analogies(const WordVectors& unit_vectors, std::span<const AnalogyQuery> queries,
                                             AnalogyMethod method, std::size_t k, std::size_t row_limit = 0);

// A word expression: words joined by '+' or '-' written as separate tokens ("king - man + woman");
// words without an operator between them are added ("king queen" = "king + queen").
struct ExpressionTerm {
  std::string word;
  float sign = 1.0f;
};
Result<std::vector<ExpressionTerm>> parse_expression(std::string_view text);

// The query for an expression: the normalised sum of the terms' unit vectors, excluding the
// terms' words. Words missing from the vectors are listed in `unknown` (and left out).
struct ResolvedExpression {
  SearchQuery query;
  std::vector<std::string> unknown;
};
ResolvedExpression resolve_expression(const WordVectors& unit_vectors, std::span<const ExpressionTerm> terms);

}  // namespace gramvec::embed
