// What NGramModel holds: the layout (a Search alternative) and what every layout shares.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "gramvec/io/mapped_file.hpp"
#include "gramvec/ngram/model.hpp"
#include "ngram/search/backoff.hpp"
#include "ngram/search/search.hpp"

namespace gramvec::ngram {

struct ModelData {
  int order = 0;
  ModelInfo info;
  std::vector<std::string> words;  // the 1-grams in file order
  BackoffRule backoff;
  std::shared_ptr<io::MappedFile> mapped;  // a binary model's file, which the search borrows
  Search search;

  // Calls visit(search) with the layout's own type.
  template <typename Visit>
  decltype(auto) visit(Visit&& visit) const {
    return visit_search(search, std::forward<Visit>(visit));
  }
  // The layout and quantization the model is held in.
  BinaryModelOptions binary_options() const {
    return visit([](const auto& layout) { return BinaryModelOptions{std::string(layout.kId.name), layout.quantize_bits()}; });
  }
  // The backoff rule the header comments ask for (a constant factor for stupid backoff).
  void set_backoff_rule();
};

}  // namespace gramvec::ngram
