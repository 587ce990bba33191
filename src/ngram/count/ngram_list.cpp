#include "ngram/count/ngram_list.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>
#include <numeric>

#include "ngram/bounded/bounded_stages.hpp"
#include "ngram/count/count.hpp"
#include "util/order_dispatch.hpp"

namespace gramvec::ngram {

namespace {

// An n-gram of any order as one fixed-size record, so that every order sorts together (and, in
// bounded memory, spills as the external sort requires).
#pragma pack(push, 4)
struct ListRecord {
  std::uint64_t count;
  std::uint32_t order;
  std::array<WordId, kMaxOrder> ids;
};
#pragma pack(pop)

// The bytes of an n-gram's text (its words joined by single spaces) one at a time, so that two
// n-grams compare without joining them.
class TextBytes {
 public:
  TextBytes(const ListRecord& record, const std::vector<std::string>& words) : record_(record), words_(words) {}
  // The next byte, or -1 at the end (so that a prefix sorts first).
  int next() {
    while (word_ < record_.order) {
      const std::string& word = words_[record_.ids[word_]];
      if (byte_ < word.size()) return static_cast<unsigned char>(word[byte_++]);
      ++word_;
      byte_ = 0;
      if (word_ < record_.order) return ' ';
    }
    return -1;
  }

 private:
  const ListRecord& record_;
  const std::vector<std::string>& words_;
  std::uint32_t word_ = 0;
  std::size_t byte_ = 0;
};

// Count descending, then the text's bytes ascending: the order of the list.
struct ListOrder {
  const std::vector<std::string>* words = nullptr;
  bool operator()(const ListRecord& a, const ListRecord& b) const {
    if (a.count != b.count) return a.count > b.count;
    TextBytes left(a, *words);
    TextBytes right(b, *words);
    for (;;) {
      int x = left.next();
      int y = right.next();
      if (x != y) return x < y;
      if (x < 0) return false;
    }
  }
};

using ListSorter = ExternalSorter<ListRecord, ListOrder>;

// Takes the n-grams of the chosen orders as they are counted and hands on those selected, in
// the list's order: with --top, from a heap of the best `top` seen so far; otherwise sorted in
// memory, or by an external sort in bounded memory.
class Collector {
 public:
  Collector(const NGramListOptions& options, const std::vector<std::string>& words,
            const bounded::MemoryPlan* plan)
      : options_(options), order_{&words} {
    if (options.top == 0 && plan != nullptr) sorter_ = std::make_unique<ListSorter>(plan->sort(1.0), order_);
  }

  void add(std::span<const WordId> ids, std::uint64_t count) {
    if (count == 0 || count < options_.min_count) return;
    if (!options_.boundaries) {
      for (WordId id : ids) {
        if (id == vocab::Vocabulary::kBos || id == vocab::Vocabulary::kEos) return;
      }
    }
    ListRecord record{};
    record.count = count;
    record.order = static_cast<std::uint32_t>(ids.size());
    std::copy(ids.begin(), ids.end(), record.ids.begin());
    if (options_.top > 0) {
      // The heap's front is the last of the best `top`: a record that does not come before it
      // stays out.
      if (held_.size() == options_.top && !order_(record, held_.front())) return;
      held_.push_back(record);
      std::push_heap(held_.begin(), held_.end(), order_);
      if (held_.size() > options_.top) {
        std::pop_heap(held_.begin(), held_.end(), order_);
        held_.pop_back();
      }
    } else if (sorter_) {
      sorter_->push(record);
    } else {
      held_.push_back(record);
    }
  }

  std::uint64_t emit(const NGramListSink& sink) {
    std::uint64_t listed = 0;
    std::string text;
    auto hand_on = [&](const ListRecord& record) {
      text.clear();
      for (std::uint32_t k = 0; k < record.order; ++k) {
        if (k > 0) text.push_back(' ');
        text += (*order_.words)[record.ids[k]];
      }
      sink(text, static_cast<int>(record.order), record.count);
      ++listed;
    };
    if (sorter_) {
      SortedRuns runs = sorter_->finish();
      RunMerge<ListRecord, ListOrder> merge(runs, order_);
      ListRecord record{};
      while (merge.next(record)) hand_on(record);
      return listed;
    }
    if (options_.top > 0) {
      std::sort_heap(held_.begin(), held_.end(), order_);
    } else {
      std::sort(held_.begin(), held_.end(), order_);
    }
    for (const ListRecord& record : held_) hand_on(record);
    return listed;
  }

 private:
  const NGramListOptions& options_;
  ListOrder order_;
  std::vector<ListRecord> held_;
  std::unique_ptr<ListSorter> sorter_;
};

std::vector<std::string> words_of(const vocab::Vocabulary& vocabulary) {
  std::vector<std::string> words(vocabulary.size());
  for (std::size_t id = 0; id < words.size(); ++id) words[id] = vocabulary.word(static_cast<WordId>(id));
  return words;
}

// Counting in memory, as lm count does.
Status list_in_memory(const std::vector<std::string>& files, const NGramListOptions& options,
                      const NGramListSink& sink, NGramListSummary& summary) {
  vocab::Vocabulary vocabulary;
  vocabulary.tokenizer = options.reading.corpus.tokenizer;
  SentenceStream stream;
  GRAMVEC_TRY(read_sentences_into(files, options.reading, vocabulary, false, stream, summary.corpus));
  std::vector<NGramTable> tables = count_ngrams(stream, options.max_order, vocabulary.size(), options.reading.threads);
  stream = SentenceStream();
  std::vector<std::string> words = words_of(vocabulary);
  Collector collector(options, words, nullptr);
  for (int n = options.min_order; n <= options.max_order; ++n) {
    const NGramTable& table = tables[static_cast<std::size_t>(n - 1)];
    for (std::size_t index = 0; index < table.size(); ++index) collector.add(table.ngram(index), table.counts[index]);
  }
  tables.clear();
  summary.listed = collector.emit(sink);
  return Status::ok();
}

// Counting in bounded memory, by the stages of lm train --memory (bounded_stages.hpp): the same
// counts, in suffix order, then one external sort into the list's order.
Status list_bounded(const std::vector<std::string>& files, const NGramListOptions& options,
                    const NGramListSink& sink, NGramListSummary& summary) {
  GRAMVEC_TRY(check_bounded_options(EstimationOptions(), *options.memory));
  bounded::MemoryPlan plan = bounded::plan_memory(*options.memory, options.reading.threads);
  vocab::Vocabulary vocabulary;
  vocabulary.tokenizer = options.reading.corpus.tokenizer;
  auto stream = bounded::read_corpus_ids(files, options.reading, plan, vocabulary, false, summary.corpus);
  if (!stream) return stream.status();
  std::vector<WordId> same(vocabulary.size());
  std::iota(same.begin(), same.end(), WordId{0});
  bounded::OrderCounts counts =
      bounded::count_orders(*stream, same, vocabulary.size(), options.max_order, plan, options.reading.threads);
  *stream = bounded::IdStream();
  std::vector<std::string> words = words_of(vocabulary);
  Collector collector(options, words, &plan);
  if (options.min_order == 1) {
    for (std::size_t id = 0; id < counts.unigrams.size(); ++id) {
      WordId word = static_cast<WordId>(id);
      collector.add(std::span<const WordId>(&word, 1), counts.unigrams[id]);
    }
  }
  for (int n = std::max(options.min_order, 2); n <= options.max_order; ++n) {
    util::with_order<2, kMaxOrder>(n, [&](auto constant) {
      constexpr int N = decltype(constant)::value;
      RunMerge<bounded::CountRecord<N>, bounded::SuffixOrder, bounded::AddCounts> merge(
          counts.counts[static_cast<std::size_t>(N - 1)]);
      bounded::CountRecord<N> record{};
      while (merge.next(record)) collector.add(record.ids, record.count);
    });
    counts.counts[static_cast<std::size_t>(n - 1)] = SortedRuns();  // its temporary files go now
  }
  summary.listed = collector.emit(sink);
  return Status::ok();
}

}  // namespace

Result<NGramListSummary> list_ngrams(const std::vector<std::string>& files, const NGramListOptions& options,
                                     const NGramListSink& sink) {
  if (options.min_order < 1 || options.max_order > kMaxOrder || options.min_order > options.max_order) {
    return Status::error(fmt::format("orders {}-{} are out of range (1 to {})", options.min_order, options.max_order,
                                     kMaxOrder));
  }
  NGramListSummary summary;
  if (!options.memory) {
    GRAMVEC_TRY(list_in_memory(files, options, sink, summary));
    return summary;
  }
  try {
    GRAMVEC_TRY(list_bounded(files, options, sink, summary));
  } catch (const io::SpillError& error) {
    return Status::error(error.what());
  } catch (const std::bad_alloc&) {
    return Status::error("out of memory: give a smaller --memory");
  }
  return summary;
}

}  // namespace gramvec::ngram
