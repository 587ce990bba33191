// Library-level query speed: loads a model, turns a text into word hashes once, then scores it
// word by word through NGramModel::score_hash in a loop, with no I/O or tokenization in the
// timed part. Prints JSON: words scored, seconds, nanoseconds per word, and the log10 total
// (so the work cannot be optimised away and runs can be compared).
//
// Usage: ngram_lookup MODEL TEXT [REPEATS]
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "gramvec/vocab/vocabulary.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: ngram_lookup MODEL TEXT [REPEATS]\n");
    return 2;
  }
  auto model = gramvec::ngram::NGramModel::load(argv[1]);
  if (!model) {
    fmt::print(stderr, "ngram_lookup: {}\n", model.message());
    return 1;
  }
  int repeats = argc > 3 ? std::stoi(argv[3]) : 1;
  using gramvec::ngram::NGramModel;
  // One sentence per line: the word hashes, then </s>'s; sentence starts are marked by 0.
  std::vector<std::uint64_t> hashes;
  std::ifstream in(argv[2]);
  const std::uint64_t end_of_sentence = NGramModel::word_hash(gramvec::vocab::Vocabulary::kEosWord);
  for (std::string line; std::getline(in, line);) {
    hashes.push_back(0);
    std::istringstream words(line);
    for (std::string word; words >> word;) hashes.push_back(NGramModel::word_hash(word));
    hashes.push_back(end_of_sentence);
  }
  double total = 0.0;
  std::size_t scored = 0;
  auto started = std::chrono::steady_clock::now();
  for (int repeat = 0; repeat < repeats; ++repeat) {
    gramvec::ngram::ModelState state;
    gramvec::ngram::ModelState next;
    for (std::uint64_t hash : hashes) {
      if (hash == 0) {
        state = model->begin_sentence();
        continue;
      }
      total += model->score_hash(state, hash, next).log10_probability;
      state = next;
      ++scored;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("{{\"words\": {}, \"seconds\": {:.3f}, \"ns_per_word\": {:.1f}, \"log10prob\": {:.4f}}}\n", scored,
             seconds, seconds * 1e9 / static_cast<double>(scored), total);
  return 0;
}
