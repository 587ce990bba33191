// The ARPA reader's memory for damaged headers: what the \data\ counts may reserve.
#include <doctest/doctest.h>

#include <numeric>
#include <string>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "ngram/format/arpa_reader.hpp"

using gramvec::ngram::ArpaReader;
using gramvec::ngram::ModelInfo;

TEST_CASE("ARPA reader: declared counts reserve no more lines than the text holds, all orders together") {
  // Ten orders, each claiming 10^12 n-grams, in a text of a few hundred bytes.
  std::string text = "\\data\\\n";
  for (int n = 1; n <= 10; ++n) text += "ngram " + std::to_string(n) + "=1000000000000\n";
  text += "\n\\1-grams:\n-1.0\t<s>\n";
  ArpaReader reader(text, "huge.arpa");
  ModelInfo info;
  REQUIRE(reader.read_header(info).is_ok());
  std::vector<std::size_t> capacities = reader.capacities();
  REQUIRE(capacities.size() == 10);
  CHECK(std::accumulate(capacities.begin(), capacities.end(), std::size_t{0}) <= text.size() / 4 + 1);
  CHECK(capacities[0] == text.size() / 4 + 1);

  // Counts the text can hold are kept as declared.
  std::string small = "\\data\\\nngram 1=3\nngram 2=2\n\n\\1-grams:\n";
  ArpaReader small_reader(small, "small.arpa");
  REQUIRE(small_reader.read_header(info).is_ok());
  CHECK(small_reader.capacities() == std::vector<std::size_t>{3, 2});

  // And such a file is still refused with a one-line error naming it.
  auto model = gramvec::ngram::NGramModel::parse_arpa(text, "huge.arpa");
  REQUIRE_FALSE(model.is_ok());
  CHECK(model.message().rfind("huge.arpa:", 0) == 0);
  CHECK(model.message().find('\n') == std::string::npos);
}
