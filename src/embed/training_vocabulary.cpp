#include "gramvec/embed/training_vocabulary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gramvec::embed {

TrainingVocabulary::TrainingVocabulary(const vocab::Vocabulary& vocabulary, std::uint64_t literal_unknown_count,
                                       std::uint64_t min_count) {
  std::vector<vocab::WordId> ids;
  for (vocab::WordId id = vocab::Vocabulary::kReservedCount; id < vocabulary.size(); ++id) {
    if (vocabulary.count(id) >= min_count && vocabulary.count(id) > 0) ids.push_back(id);
  }
  bool with_unknown = literal_unknown_count >= min_count && literal_unknown_count > 0;
  if (with_unknown) ids.push_back(vocab::Vocabulary::kUnk);
  auto count_of = [&](vocab::WordId id) {
    return id == vocab::Vocabulary::kUnk ? literal_unknown_count : vocabulary.count(id);
  };
  // A vocabulary made by gramvec is sorted already; a hand-made one may not be.
  std::stable_sort(ids.begin(), ids.end(), [&](vocab::WordId left, vocab::WordId right) {
    if (count_of(left) != count_of(right)) return count_of(left) > count_of(right);
    return vocabulary.word(left) < vocabulary.word(right);
  });
  for (vocab::WordId id : ids) {
    words_.push_back(vocabulary.word(id));
    counts_.push_back(count_of(id));
  }
  index();
}

TrainingVocabulary::TrainingVocabulary(std::vector<std::string> words, std::vector<std::uint64_t> counts)
    : words_(std::move(words)), counts_(std::move(counts)) {
  index();
}

void TrainingVocabulary::index() {
  total_ = std::accumulate(counts_.begin(), counts_.end(), std::uint64_t{0});
  lookup_ = vocab::Vocabulary();
  row_of_id_.assign(vocab::Vocabulary::kReservedCount, kNotTrained);
  for (std::size_t row = 0; row < words_.size(); ++row) {
    vocab::WordId id = lookup_.insert(words_[row]);
    if (id >= row_of_id_.size()) row_of_id_.resize(id + 1, kNotTrained);
    row_of_id_[id] = static_cast<std::uint32_t>(row);
  }
}

std::uint32_t TrainingVocabulary::row_of_token(std::string_view token) const {
  auto id = lookup_.find(token);
  return id ? row_of(*id) : kNotTrained;
}

Result<SubsamplingRule> parse_subsampling_rule(std::string_view name) {
  if (name == "paper") return SubsamplingRule::paper;
  if (name == "word2vec") return SubsamplingRule::word2vec;
  return Status::error(fmt::format("unknown --subsampling '{}' (expected paper or word2vec)", name));
}

std::string_view subsampling_rule_name(SubsamplingRule rule) {
  return rule == SubsamplingRule::paper ? "paper" : "word2vec";
}

std::vector<float> keep_probabilities(std::span<const std::uint64_t> counts, double sample, SubsamplingRule rule) {
  double total = static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::uint64_t{0}));
  std::vector<float> keep(counts.size(), 1.0f);
  if (sample <= 0.0 || total <= 0.0) return keep;
  double threshold = sample * total;
  for (std::size_t word = 0; word < counts.size(); ++word) {
    auto frequency = static_cast<double>(counts[word]);
    if (frequency <= 0.0) continue;
    double ratio = threshold / frequency;  // t / f
    double probability = rule == SubsamplingRule::paper ? std::sqrt(ratio) : std::sqrt(ratio) + ratio;
    keep[word] = static_cast<float>(std::min(1.0, probability));
  }
  return keep;
}

}  // namespace gramvec::embed
