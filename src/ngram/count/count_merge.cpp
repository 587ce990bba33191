#include "gramvec/ngram/count_merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <queue>

#include "util/stage_clock.hpp"

namespace gramvec::ngram {

namespace {

// One input of the merge: its reader, its current entry and the map from its word indices to
// the merged word list's.
struct MergeInput {
  CountFileReader reader;
  std::vector<std::uint32_t> to_merged;
  std::string word;
  std::array<std::uint32_t, kMaxOrder> ngram{};  // mapped to merged indices
  std::uint64_t count = 0;

  bool next_word() {
    std::string_view view;
    if (!reader.next_word(view, count)) return false;
    word.assign(view);
    return true;
  }
  bool next_ngram() {
    std::span<const std::uint32_t> indices;
    if (!reader.next_ngram(indices, count)) return false;
    for (std::size_t k = 0; k < indices.size(); ++k) ngram[k] = to_merged[indices[k]];
    return true;
  }
};

using Inputs = std::vector<std::unique_ptr<MergeInput>>;

// Pops the inputs whose entry equals the smallest one: `same` receives their positions, the
// return value is the sum of their counts.
template <typename Heap, typename Equal>
std::uint64_t pop_smallest(Heap& heap, const Inputs& inputs, std::vector<std::size_t>& same, const Equal& equal) {
  same.clear();
  same.push_back(heap.top());
  heap.pop();
  std::uint64_t total = inputs[same.front()]->count;
  while (!heap.empty() && equal(heap.top(), same.front())) {
    same.push_back(heap.top());
    total += inputs[heap.top()]->count;
    heap.pop();
  }
  return total;
}

Status merge_words(Inputs& inputs, CountFileWriter& writer) {
  auto greater = [&](std::size_t left, std::size_t right) {
    if (inputs[left]->word != inputs[right]->word) return inputs[left]->word > inputs[right]->word;
    return left > right;
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(greater)> heap(greater);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i]->next_word()) heap.push(i);
  }
  std::vector<std::size_t> same;
  std::uint32_t merged_words = 0;
  auto equal = [&](std::size_t left, std::size_t right) { return inputs[left]->word == inputs[right]->word; };
  while (!heap.empty()) {
    std::uint64_t total = pop_smallest(heap, inputs, same, equal);
    writer.add_word(inputs[same.front()]->word, total);
    for (std::size_t i : same) {
      inputs[i]->to_merged.push_back(merged_words);
      if (inputs[i]->next_word()) heap.push(i);
    }
    ++merged_words;
  }
  for (const auto& input : inputs) GRAMVEC_TRY(input->reader.status());
  return Status::ok();
}

Status merge_order(Inputs& inputs, CountFileWriter& writer, int n) {
  auto width = static_cast<std::size_t>(n);
  auto greater = [&](std::size_t left, std::size_t right) {
    const auto& a = inputs[left]->ngram;
    const auto& b = inputs[right]->ngram;
    for (std::size_t k = 0; k < width; ++k) {
      if (a[k] != b[k]) return a[k] > b[k];
    }
    return left > right;
  };
  auto equal = [&](std::size_t left, std::size_t right) {
    return std::equal(inputs[left]->ngram.begin(), inputs[left]->ngram.begin() + n, inputs[right]->ngram.begin());
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(greater)> heap(greater);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i]->next_ngram()) heap.push(i);
  }
  std::vector<std::size_t> same;
  while (!heap.empty()) {
    std::uint64_t total = pop_smallest(heap, inputs, same, equal);
    writer.add_ngram(std::span<const std::uint32_t>(inputs[same.front()]->ngram.data(), width), total);
    for (std::size_t i : same) {
      if (inputs[i]->next_ngram()) heap.push(i);
    }
  }
  for (const auto& input : inputs) GRAMVEC_TRY(input->reader.status());
  return Status::ok();
}

}  // namespace

Result<CountMergeSummary> merge_count_files(const std::vector<std::string>& inputs, const std::string& output) {
  if (inputs.empty()) return Status::error("no count files to merge");
  if (std::count(inputs.begin(), inputs.end(), "-") > 1) return Status::error("stdin ('-') can be read only once");
  CountMergeSummary summary;
  util::StageClock stages(summary.stage_seconds);

  Inputs readers;
  for (const auto& path : inputs) {
    readers.push_back(std::make_unique<MergeInput>());
    CountFileReader& reader = readers.back()->reader;
    GRAMVEC_TRY(reader.open(path));
    const CountFileHeader& header = reader.header();
    if (readers.size() == 1) {
      summary.header = header;
      continue;
    }
    if (!header.same_settings(summary.header)) {
      return Status::error(fmt::format("{}: cannot merge count files with different settings: {} here, {} in {}",
                                       reader.name(), header.describe_settings(), summary.header.describe_settings(),
                                       readers.front()->reader.name()));
    }
    summary.header.sentences += header.sentences;
    summary.header.tokens += header.tokens;
  }

  CountFileWriter writer;
  GRAMVEC_TRY(writer.open(output, summary.header));
  GRAMVEC_TRY(merge_words(readers, writer));
  stages.end("words");
  for (int n = 2; n <= summary.header.order; ++n) {
    GRAMVEC_TRY(merge_order(readers, writer, n));
    stages.end(fmt::format("{}-grams", n));
  }
  for (const auto& input : readers) GRAMVEC_TRY(input->reader.finish());
  GRAMVEC_TRY(writer.commit());
  stages.end("finish");
  for (int n = 1; n <= summary.header.order; ++n) summary.entries.push_back(writer.entries(n));
  return summary;
}

}  // namespace gramvec::ngram
