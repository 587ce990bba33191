#include "ngram/prune/entropy_prune.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

#include "ngram/estimate/smoothing/smoothing_method.hpp"
#include "ngram/format/model_writer.hpp"
#include "gramvec/io/mapped_file.hpp"
#include "ngram/format/arpa_reader.hpp"
#include "ngram/format/binary_model.hpp"
#include "ngram/format/ngram_sink.hpp"
#include "ngram/interpolate/ngram_listing.hpp"
#include "gramvec/text/utf8.hpp"
#include "io/line_reader.hpp"
#include "util/concurrency.hpp"
#include "util/word_key.hpp"

namespace gramvec::ngram {

namespace {

constexpr const char* kPurpose = "pruned";
// SRILM's Prob_Epsilon: backoff terms this far below 0 are rounding errors.
constexpr double kEpsilon = 3e-6;
// An n-gram's own share d(hw) = P(w|h) - α(h) P(w|h') this far below 0, relative to P(w|h), is
// the rounding of ARPA's seven digits (three numbers enter it), not a backoff-form model.
constexpr double kShareTolerance = 1e-4;
// The interpolated criterion sums Σ_j P(j|h) log(1 + d x_j) over a context's n-grams for each
// n-gram: exactly (quadratic in the group) for groups up to this size, or where d x_j may exceed
// kSeriesLimit; otherwise by its power series to the fourth power, whose remainder is below
// kSeriesLimit^5 / 5 of the sum's scale (negligible against the criteria's own approximations).
constexpr std::size_t kExactGroup = 32;
constexpr double kSeriesLimit = 0.05;

double probability(double log10) { return log10 <= -99.0 ? 0.0 : std::pow(10.0, log10); }

// Short spans compared in line: a call to memcmp per n-gram costs more than the comparison.
bool same_words(std::span<const vocab::WordId> a, std::span<const vocab::WordId> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

std::uint64_t hash_of(std::span<const vocab::WordId> words) {
  std::uint64_t hash = 0x9E3779B97F4A7C15ULL;
  for (vocab::WordId word : words) {
    hash = (hash ^ word) * 0xFF51AFD7ED558CCDULL;
    hash ^= hash >> 29;
  }
  return hash;
}

// The header comments of a pruned model read from a file: its order, smoothing and tokenizer.
std::vector<std::string> header_comments(const ModelInfo& info, int order) {
  std::vector<std::string> comments;
  comments.push_back(fmt::format("gramvec {} ARPA language model", GRAMVEC_VERSION));
  comments.push_back(fmt::format("order={}", order));
  if (!info.smoothing.empty()) comments.back() += " smoothing=" + info.smoothing;
  if (info.tokenizer) comments.push_back(info.tokenizer->describe());
  return comments;
}

Status check_normalised(const ModelInfo& info, bool constant_backoff, const std::string& name) {
  const SmoothingMethod* method = find_smoothing(info.smoothing);
  if ((method != nullptr && !method->is_normalised()) || constant_backoff) {
    return Status::error(fmt::format("{}: a {} model gives scores, not probabilities, and cannot be pruned", name,
                                     info.smoothing.empty() ? "stupid backoff" : info.smoothing));
  }
  return Status::ok();
}

}  // namespace

std::string_view pruned_form_name(PrunedForm form) {
  switch (form) {
    case PrunedForm::automatic: return "auto";
    case PrunedForm::backoff: return "backoff";
    case PrunedForm::interpolated: return "interpolated";
  }
  return "?";
}

Result<PrunedForm> parse_pruned_form(std::string_view name) {
  for (PrunedForm form : {PrunedForm::automatic, PrunedForm::backoff, PrunedForm::interpolated}) {
    if (name == pruned_form_name(form)) return form;
  }
  return Status::usage_error(
      fmt::format("'{}' is not a pruned form (auto, backoff or interpolated)", text::printable_excerpt(name)));
}

void EntropyPruner::Table::index() {
  std::size_t capacity = 16;
  while (capacity < size() + size() / 2) capacity <<= 1;  // at most 2/3 full
  slots.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (std::size_t k = 0; k < size(); ++k) {
    std::size_t at = hash_of(ngram(k)) & mask;
    while (slots[at] != 0) at = (at + 1) & mask;
    slots[at] = static_cast<std::uint32_t>(k + 1);
  }
}

std::size_t EntropyPruner::Table::find(std::span<const WordId> words) const {
  if (slots.empty() || words.size() != n) return kNone;
  const std::size_t mask = slots.size() - 1;
  for (std::size_t at = hash_of(words) & mask; slots[at] != 0; at = (at + 1) & mask) {
    if (same_words(ngram(slots[at] - 1), words)) return slots[at] - 1;
  }
  return kNone;
}

std::size_t EntropyPruner::Table::group_end(std::size_t begin) const {
  auto context = ngram(begin).first(n - 1);
  std::size_t end = begin + 1;
  // The context link tells contexts apart where both are listed (as they are in a proper model).
  const std::uint32_t link = context_of.empty() ? kNoLink : context_of[begin];
  while (end < size() && (link != kNoLink ? context_of[end] == link
                                          : context_of[end] == kNoLink && same_words(ngram(end).first(n - 1), context))) {
    ++end;
  }
  return end;
}

Status check_prunable(const NGramModel& model, const std::string& name) {
  GRAMVEC_TRY(check_normalised(model.info(), model.data().backoff.constant, name));
  return check_listable(model.data(), name, kPurpose);
}

Result<EntropyPruner> EntropyPruner::make(const NGramModel& model, const std::string& name) {
  GRAMVEC_TRY(check_prunable(model, name));
  EntropyPruner pruner;
  const ModelInfo& info = model.info();
  pruner.comments_ = header_comments(info, model.order());
  if (info.tokenizer) pruner.vocabulary_.tokenizer = *info.tokenizer;
  std::vector<WordId> to_vocabulary;
  for (const auto& word : model.words()) to_vocabulary.push_back(pruner.vocabulary_.insert(word));
  pruner.tables_.resize(static_cast<std::size_t>(model.order()));
  for (std::size_t n = 1; n <= pruner.tables_.size(); ++n) pruner.tables_[n - 1].n = n;
  auto add = [&](std::span<const std::uint32_t> words, float log10_probability, float log10_backoff) {
    Table& table = pruner.tables_[words.size() - 1];
    for (std::uint32_t word : words) table.ids.push_back(to_vocabulary[word]);
    table.log10_probability.push_back(log10_probability);
    table.log10_backoff.push_back(words.size() < pruner.tables_.size() ? log10_backoff : std::nanf(""));
  };
  GRAMVEC_TRY(list_ngram_entries(model.data(), name, kPurpose, add));
  GRAMVEC_TRY(pruner.sort(name));
  return pruner;
}

// ARPA text straight into the tables: no model to build and list first.
class EntropyPruner::ArpaSink final : public NGramSink {
 public:
  explicit ArpaSink(EntropyPruner& pruner, std::string name)
      : pruner_(pruner), name_(std::move(name)), sorted_(pruner.tables_.size(), Status::ok()) {}
  // The orders read so far are sorted on another thread while the next is read.
  Status finish() {
    sorting_.wait();
    for (const Status& status : sorted_) GRAMVEC_TRY(status);
    return Status::ok();
  }
  void begin_order(std::size_t n, std::size_t count) override {
    if (n == 2) index_words();
    if (n >= 2) {
      sorting_.run([this, t = n - 2] { sorted_[t] = pruner_.sort_table(pruner_.tables_[t], name_); });
    }
    Table& table = pruner_.tables_[n - 1];
    table.ids.reserve(count * n);
    table.log10_probability.reserve(count);
    table.log10_backoff.reserve(count);
  }
  Status add(std::span<const std::string_view> words, float log10_probability, float log10_backoff,
             std::string_view /*line*/, const EntryOrigin& origin) override {
    const std::size_t n = words.size();
    Table& table = pruner_.tables_[n - 1];
    std::size_t position = 0;
    for (std::string_view word : words) {
      WordId id = 0;
      if (n == 1) {
        id = pruner_.vocabulary_.insert(word);
        if (id >= listed_.size()) listed_.resize(id + 1, 0);
        listed_[id] = 1;
      } else if (position < previous_n_ && previous_[position] == word) {
        id = previous_ids_[position];  // sorted ARPA files repeat the leading words line after line
      } else {
        auto found = find_word(word);
        if (!found) {
          return origin.error(fmt::format("word '{}' is not among the 1-grams", text::printable_excerpt(word)));
        }
        id = *found;
        previous_[position].assign(word);
        previous_ids_[position] = id;
      }
      table.ids.push_back(id);
      ++position;
    }
    previous_n_ = n == 1 ? 0 : n;
    table.log10_probability.push_back(log10_probability);
    table.log10_backoff.push_back(n < pruner_.tables_.size() ? log10_backoff : std::nanf(""));
    return Status::ok();
  }
  Status flush(const EntryOrigin& /*origin*/) override { return Status::ok(); }

 private:
  // The 1-grams by the 64-bit key of their spelling, as the binary layouts know words: one
  // probe a word, where the vocabulary would compare strings.
  void index_words() {
    std::size_t capacity = 16;
    while (capacity < 2 * listed_.size()) capacity <<= 1;
    keys_.assign(capacity, {0, kNoWord});
    for (WordId id = 0; id < listed_.size(); ++id) {
      if (listed_[id] == 0) continue;
      const std::uint64_t key = util::word_key(pruner_.vocabulary_.word(id));
      std::size_t at = key & (capacity - 1);
      while (keys_[at].second != kNoWord && keys_[at].first != key) at = (at + 1) & (capacity - 1);
      keys_[at] = {key, id};
    }
  }
  std::optional<WordId> find_word(std::string_view word) const {
    if (keys_.empty()) return std::nullopt;
    const std::uint64_t key = util::word_key(word);
    const std::size_t mask = keys_.size() - 1;
    for (std::size_t at = key & mask; keys_[at].second != kNoWord; at = (at + 1) & mask) {
      if (keys_[at].first == key) return keys_[at].second;
    }
    return std::nullopt;
  }
  static constexpr WordId kNoWord = ~WordId{0};

  EntropyPruner& pruner_;
  std::string name_;
  std::vector<Status> sorted_;
  util::TaskGroup sorting_{1};
  std::vector<std::pair<std::uint64_t, WordId>> keys_;
  std::vector<char> listed_;  // by vocabulary id: a 1-gram of the model
  // The previous line's words (copies: the file's text is released as reading goes on).
  std::array<std::string, kMaxOrder> previous_;
  std::array<WordId, kMaxOrder> previous_ids_{};
  std::size_t previous_n_ = 0;
};

Result<EntropyPruner> EntropyPruner::read(const std::string& path) {
  auto file = io::MappedFile::open(path);
  if (!file) return file.status();
  if (is_binary_model(file->bytes())) {
    auto model = NGramModel::load(path);
    if (!model) return model.status();
    return make(*model, path);
  }
  const std::string name = io::display_name(path);
  ArpaReader reader(file->bytes(), name, &*file);
  ModelInfo info;
  GRAMVEC_TRY(reader.read_header(info));
  GRAMVEC_TRY(check_normalised(info, false, name));
  EntropyPruner pruner;
  pruner.comments_ = header_comments(info, static_cast<int>(reader.declared().size()));
  if (info.tokenizer) pruner.vocabulary_.tokenizer = *info.tokenizer;
  pruner.tables_.resize(reader.declared().size());
  for (std::size_t n = 1; n <= pruner.tables_.size(); ++n) pruner.tables_[n - 1].n = n;
  ArpaSink sink(pruner, name);
  std::vector<std::string> words;
  Status read = reader.read_ngrams(sink, words);
  Status sorted = sink.finish();
  GRAMVEC_TRY(read);
  GRAMVEC_TRY(sorted);
  GRAMVEC_TRY(pruner.sort(name));
  // As every layout's reader: a model needs <s> to score a sentence (nor could the result load).
  const WordId bos = vocab::Vocabulary::kBos;
  if (pruner.tables_.empty() || pruner.tables_[0].find(std::span<const WordId>(&bos, 1)) == kNone) {
    return Status::error(fmt::format("{}: the model has no <s> 1-gram", name));
  }
  return pruner;
}

// Collects what write_estimate writes: the comments, the vocabulary and every entry.
class EntropyPruner::Sink final : public ModelWriter {
 public:
  explicit Sink(EntropyPruner& pruner) : pruner_(pruner) {}
  Status open(const std::vector<std::string>& header_comments, std::span<const std::uint64_t> counts,
              const vocab::Vocabulary& vocabulary) override {
    pruner_.comments_ = header_comments;
    pruner_.vocabulary_ = vocabulary;
    pruner_.tables_.assign(counts.size(), Table{});
    for (std::size_t n = 1; n <= counts.size(); ++n) {
      Table& table = pruner_.tables_[n - 1];
      table.n = n;
      table.ids.reserve(counts[n - 1] * n);
      table.log10_probability.reserve(counts[n - 1]);
      table.log10_backoff.reserve(counts[n - 1]);
    }
    return Status::ok();
  }
  void begin_order(int n) override { order_ = static_cast<std::size_t>(n); }
  void add(double probability, std::span<const vocab::WordId> words, const double* backoff) override {
    Table& table = pruner_.tables_[order_ - 1];
    table.ids.insert(table.ids.end(), words.begin(), words.end());
    table.log10_probability.push_back(static_cast<float>(arpa_log10(probability)));
    table.log10_backoff.push_back(backoff == nullptr ? std::nanf("") : static_cast<float>(arpa_log10(*backoff)));
  }
  Status commit() override { return pruner_.sort("the estimate"); }

 private:
  EntropyPruner& pruner_;
  std::size_t order_ = 1;
};

std::unique_ptr<ModelWriter> EntropyPruner::sink() { return std::make_unique<Sink>(*this); }

// Sorted by words (a radix sort, newest word first): the n-grams of one context become adjacent.
Status EntropyPruner::sort(const std::string& name) {
  // The orders on threads of their own: each sort touches its own table only.
  std::vector<Status> sorted(tables_.size(), Status::ok());
  util::parallel_for(0, tables_.size(), [&](std::size_t t) {
    if (!tables_[t].ordered) sorted[t] = sort_table(tables_[t], name);
  });
  for (const Status& status : sorted) GRAMVEC_TRY(status);
  // Links to the order below, found once: the criteria and every pruning pass follow them.
  for (std::size_t n = 2; n <= tables_.size(); ++n) {
    Table& table = tables_[n - 1];
    const Table& below = tables_[n - 2];
    table.context_of.assign(table.size(), kNoLink);
    table.suffix_of.assign(table.size(), kNoLink);
    // Contexts come in the order of the table below: one merge.
    for (std::size_t k = 0, j = 0; k < table.size(); ++k) {
      auto context = table.ngram(k).first(n - 1);
      while (j < below.size() && std::ranges::lexicographical_compare(below.ngram(j), context)) ++j;
      if (j == below.size()) break;
      if (same_words(below.ngram(j), context)) table.context_of[k] = static_cast<std::uint32_t>(j);
    }
    const std::size_t chunks = std::max<std::size_t>(1, table.size() / 65536);
    util::parallel_for(0, chunks, [&](std::size_t chunk) {
      const std::size_t end = table.size() * (chunk + 1) / chunks;
      for (std::size_t k = table.size() * chunk / chunks; k < end; ++k) {
        std::size_t suffix = below.find(table.ngram(k).last(n - 1));
        if (suffix != kNone) table.suffix_of[k] = static_cast<std::uint32_t>(suffix);
      }
    });
  }
  return Status::ok();
}

Status EntropyPruner::sort_table(Table& table, const std::string& name) const {
  const std::size_t count = table.size();
  const std::size_t n = table.n;
  if (count >= kNoLink) {
    return Status::error(fmt::format("{}: {} {}-grams are more than the pruner holds ({} at most)", name, count, n,
                                     kNoLink - 1));
  }
  std::vector<std::uint32_t> order(count);
  std::iota(order.begin(), order.end(), std::uint32_t{0});
  std::vector<std::uint32_t> scratch(count);
  std::vector<std::size_t> starts(vocabulary_.size() + 1);
  for (std::size_t position = n; position-- > 0;) {
    std::fill(starts.begin(), starts.end(), 0);
    for (std::uint32_t k : order) ++starts[table.ids[k * n + position] + 1];
    std::partial_sum(starts.begin(), starts.end(), starts.begin());
    for (std::uint32_t k : order) scratch[starts[table.ids[k * n + position]]++] = k;
    order.swap(scratch);
  }
  Table sorted;
  sorted.n = n;
  sorted.ids.resize(table.ids.size());
  sorted.log10_probability.resize(count);
  sorted.log10_backoff.resize(count);
  for (std::size_t j = 0; j < count; ++j) {
    const std::uint32_t k = order[j];
    std::copy_n(table.ids.begin() + static_cast<std::ptrdiff_t>(k * n), n,
                sorted.ids.begin() + static_cast<std::ptrdiff_t>(j * n));
    sorted.log10_probability[j] = table.log10_probability[k];
    sorted.log10_backoff[j] = table.log10_backoff[k];
  }
  for (std::size_t j = 1; j < count; ++j) {
    if (same_words(sorted.ngram(j), sorted.ngram(j - 1))) {
      std::string words;
      for (WordId id : sorted.ngram(j)) words += (words.empty() ? "" : " ") + vocabulary_.word(id);
      return Status::error(fmt::format("{}: the {}-gram '{}' is listed twice", name, n, words));
    }
  }
  sorted.kept.assign(count, 1);
  sorted.read_backoff = sorted.log10_backoff;
  sorted.index();
  sorted.ordered = true;
  table = std::move(sorted);
  return Status::ok();
}

std::vector<std::uint64_t> EntropyPruner::counts() const {
  std::vector<std::uint64_t> counts;
  for (const Table& table : tables_) {
    counts.push_back(static_cast<std::uint64_t>(std::count(table.kept.begin(), table.kept.end(), 1)));
  }
  return counts;
}

vocab::WordId EntropyPruner::id_of(const std::string& word) const {
  auto id = vocabulary_.find(word);
  return id ? *id : vocab::Vocabulary::kUnk;
}

double EntropyPruner::stored_backoff(std::span<const WordId> context) const {
  if (context.empty() || context.size() >= tables_.size()) return 0.0;
  const Table& table = tables_[context.size() - 1];
  std::size_t k = table.find(context);
  if (k == kNone || !table.kept[k] || std::isnan(table.log10_backoff[k])) return 0.0;
  return table.log10_backoff[k];
}

// The backoff rule: the longest kept n-gram ending the context and the word, times the backoff
// weights of the longer contexts passed on the way.
double EntropyPruner::log10_probability(std::span<const WordId> context, WordId word) const {
  if (context.size() >= tables_.size()) context = context.last(tables_.size() - 1);
  std::array<WordId, kMaxOrder> ngram{};  // no allocation: this runs for every n-gram, often twice
  std::copy(context.begin(), context.end(), ngram.begin());
  ngram[context.size()] = word;
  const std::size_t length = context.size() + 1;
  double backoffs = 0.0;
  for (std::size_t start = 0; start <= context.size(); ++start) {
    std::span<const WordId> g(ngram.data() + start, length - start);
    const Table& table = tables_[g.size() - 1];
    std::size_t k = table.find(g);
    if (k != kNone && table.kept[k]) return backoffs + table.log10_probability[k];
    if (g.size() == 1) break;
    backoffs += stored_backoff(g.first(g.size() - 1));
  }
  return -99.0;  // a word that is no 1-gram
}

double EntropyPruner::log10_probability(std::span<const std::string> context, const std::string& word) const {
  std::vector<WordId> ids;
  for (const auto& w : context) ids.push_back(id_of(w));
  return log10_probability(ids, id_of(word));
}

// As SRILM's computeContextProb: P(h1) P(h2 | h1) ...; a leading <s> (probability 0 as a word)
// counts as </s>, the event that precedes it.
double EntropyPruner::log10_context_probability(std::span<const WordId> context) const {
  if (history_ != nullptr) return log10_history_probability(context);
  double total = 0.0;
  for (std::size_t i = 0; i < context.size(); ++i) {
    WordId word = context[i];
    if (i == 0 && word == vocab::Vocabulary::kBos) word = vocab::Vocabulary::kEos;
    total += log10_probability(context.first(i), word);
  }
  return total;
}

// The same from the history model, a sentence's state carried from word to word.
double EntropyPruner::log10_history_probability(std::span<const WordId> context) const {
  double total = 0.0;
  ModelState state;  // no words: the first is scored by its 1-gram
  ModelState next;
  for (std::size_t i = 0; i < context.size(); ++i) {
    if (i == 0 && context[i] == vocab::Vocabulary::kBos) {
      total += history_->score(state, vocabulary_.word(vocab::Vocabulary::kEos), next).log10_probability;
      state = history_->begin_sentence();
      continue;
    }
    total += history_->score(state, vocabulary_.word(context[i]), next).log10_probability;
    state = next;
  }
  return total;
}

double EntropyPruner::lower_probability(std::size_t n, std::size_t k) const {
  const Table& table = tables_[n - 1];
  const std::uint32_t suffix = table.suffix_of[k];
  if (suffix != kNoLink && tables_[n - 2].kept[suffix]) return tables_[n - 2].log10_probability[suffix];
  auto g = table.ngram(k);
  return log10_probability(g.subspan(1, n - 2), g.back());
}

bool EntropyPruner::backoff_terms(std::size_t n, std::size_t begin, std::size_t end, double& numerator,
                                  double& denominator, std::vector<double>* lower) const {
  const Table& table = tables_[n - 1];
  numerator = 1.0;
  denominator = 1.0;
  if (lower != nullptr) lower->clear();
  for (std::size_t k = begin; k < end; ++k) {
    if (!table.kept[k]) continue;
    const double log10_lower = lower_probability(n, k);
    if (lower != nullptr) lower->push_back(log10_lower);
    numerator -= probability(table.log10_probability[k]);
    denominator -= probability(log10_lower);
  }
  if (numerator < 0.0 && numerator > -kEpsilon) numerator = 0.0;
  if (denominator < 0.0 && denominator > -kEpsilon) denominator = 0.0;
  if (numerator < 0.0) return false;
  if (denominator <= 0.0) {
    if (numerator > kEpsilon) return false;
    numerator = 0.0;
    denominator = 0.0;
  }
  return true;
}

double EntropyPruner::delta_entropy(std::size_t n, std::size_t k, double numerator, double denominator,
                                    double log10_context, double old_backoff, double log10_lower) const {
  const Table& table = tables_[n - 1];
  const double log10_ngram = table.log10_probability[k];
  // α'(h): hw's mass goes back to the backoff side of both terms.
  const double new_backoff =
      std::log10(numerator + probability(log10_ngram)) - std::log10(denominator + probability(log10_lower));
  const double change = log10_lower + new_backoff - log10_ngram;
  return -probability(log10_context) *
         (probability(log10_ngram) * change + numerator * (new_backoff - old_backoff));
}

double EntropyPruner::delta_entropy(std::span<const std::string> ngram) const {
  std::vector<WordId> ids;
  for (const auto& w : ngram) ids.push_back(id_of(w));
  const std::size_t n = ids.size();
  if (n < 2 || n > tables_.size()) return std::nan("");
  const Table& table = tables_[n - 1];
  std::size_t k = table.find(ids);
  if (k == kNone || !table.kept[k]) return std::nan("");
  auto context = table.ngram(k).first(n - 1);
  // The context's group: back to its first n-gram.
  std::size_t begin = k;
  while (begin > 0 && std::ranges::equal(table.ngram(begin - 1).first(n - 1), context)) --begin;
  std::size_t end = table.group_end(begin);
  double numerator = 0.0;
  double denominator = 0.0;
  std::vector<double> lower;
  if (!backoff_terms(n, begin, end, numerator, denominator, &lower)) return std::nan("");
  if (interpolated_) {
    if (table.context_of[k] == kNoLink) return std::nan("");
    // The group as it stands: only its kept n-grams take part (`lower` lists those).
    std::vector<double> deltas;
    interpolated_delta_entropies(n, begin, end, numerator, log10_context_probability(context), stored_backoff(context),
                                 lower, deltas);
    std::size_t position = 0;
    for (std::size_t j = begin; j < k; ++j) position += table.kept[j] != 0 ? 1 : 0;
    return deltas[position];
  }
  return delta_entropy(n, k, numerator, denominator, log10_context_probability(context), stored_backoff(context),
                       lower_probability(n, k));
}

// With x_j = P(j|h') / P(j|h) and d = d(hw), removing hw alone makes α' = α + d, and
//   P'(w|h) = α' P(w|h') = P(w|h) (1 + d (1 - P(w|h')) / (α' P(w|h')))^-1  (as P(w|h) = d + α P(w|h')),
//   P'(j|h) = P(j|h) (1 + d x_j)                  the other listed words,
//   P'(u|h) = α' P(u|h')  = P(u|h) α' / α         the unlisted words, β(h) of the mass;
// ΔH is P(h) Σ_v P(v|h) log(P(v|h) / P'(v|h)) over the three kinds.
void EntropyPruner::interpolated_delta_entropies(std::size_t n, std::size_t begin, std::size_t end, double numerator,
                                                 double log10_context, double old_backoff,
                                                 std::span<const double> lower, std::vector<double>& out) const {
  const Table& table = tables_[n - 1];
  const double alpha = probability(old_backoff);  // log10 -99: no mass backs off
  const double context = probability(log10_context);
  struct Member {
    double p, q, x, share;
  };
  std::vector<Member> members;
  members.reserve(end - begin);
  std::size_t position = 0;
  for (std::size_t k = begin; k < end; ++k) {
    if (!table.kept[k]) continue;
    const double p = probability(table.log10_probability[k]);
    const double q = probability(lower[position++]);
    members.push_back({p, q, p > 0.0 ? q / p : 0.0, std::max(0.0, p - alpha * q)});
  }
  // Σ_j P(j|h) x_j^m, m = 1..4, for the series.
  std::array<double, 4> moments{};
  double x_max = 0.0;
  for (const Member& j : members) {
    double power = j.p;
    for (double& moment : moments) {
      power *= j.x;
      moment += power;
    }
    x_max = std::max(x_max, j.x);
  }
  out.assign(members.size(), 0.0);
  for (std::size_t i = 0; i < members.size(); ++i) {
    const Member& w = members[i];
    const double d = w.share;
    if (d <= 0.0) continue;  // its removal changes nothing
    if (w.p <= 0.0 || w.q <= 0.0 || (alpha <= 0.0 && numerator > 0.0)) {
      out[i] = std::numeric_limits<double>::infinity();
      continue;
    }
    const double alpha_new = alpha + d;
    double others = 0.0;  // Σ_{j≠w} P(j|h) ln(1 + d x_j)
    if (members.size() <= kExactGroup || d * x_max > kSeriesLimit) {
      for (std::size_t j = 0; j < members.size(); ++j) {
        if (j != i) others += members[j].p * std::log1p(d * members[j].x);
      }
    } else {
      others = d * moments[0] - d * d * moments[1] / 2.0 + d * d * d * moments[2] / 3.0 -
               d * d * d * d * moments[3] / 4.0 - w.p * std::log1p(d * w.x);
    }
    double bracket = w.p * std::log1p(d * (1.0 - w.q) / (alpha_new * w.q)) - others;
    if (numerator > 0.0) bracket -= numerator * std::log1p(d / alpha);
    out[i] = context * bracket / std::numbers::ln10;
  }
}

void EntropyPruner::compute_criteria() {
  restore();  // the criteria judge the model as read, whatever was pruned before
  // log10 P(h) of every n-gram as a context, each from its own context's (the chain of
  // log10_context_probability, summed in the same order), so that no context is walked twice.
  std::vector<std::vector<double>> chain(tables_.size());
  if (history_ == nullptr) {
    for (std::size_t m = 1; m < tables_.size(); ++m) {
      const Table& table = tables_[m - 1];
      std::vector<double>& logs = chain[m - 1];
      logs.resize(table.size());
      const std::size_t chunks = std::max<std::size_t>(1, table.size() / 65536);
      util::parallel_for(0, chunks, [&](std::size_t chunk) {
        const std::size_t end = table.size() * (chunk + 1) / chunks;
        for (std::size_t k = table.size() * chunk / chunks; k < end; ++k) {
          const std::uint32_t context = m == 1 ? kNoLink : table.context_of[k];
          if (m == 1 && table.ngram(k)[0] == vocab::Vocabulary::kBos) {
            logs[k] = log10_context_probability(table.ngram(k));
          } else if (m == 1) {
            logs[k] = 0.0 + table.log10_probability[k];
          } else if (context != kNoLink) {
            logs[k] = chain[m - 2][context] + table.log10_probability[k];
          } else {
            logs[k] = log10_context_probability(table.ngram(k));
          }
        }
      });
    }
  }
  for (std::size_t n = 2; n <= tables_.size(); ++n) {
    Table& table = tables_[n - 1];
    table.criterion.assign(table.size(), std::numeric_limits<double>::infinity());
    // Chunks of whole contexts, judged on several threads (each writes its own n-grams' criteria).
    const std::size_t chunks = std::max<std::size_t>(1, table.size() / 16384);
    auto group_start = [&](std::size_t chunk) {
      std::size_t k = table.size() * chunk / chunks;
      while (k > 0 && k < table.size() && table.context_of[k] == table.context_of[k - 1] &&
             same_words(table.ngram(k).first(n - 1), table.ngram(k - 1).first(n - 1))) {
        ++k;
      }
      return k;
    };
    util::parallel_for(0, chunks, [&](std::size_t chunk) {
      const std::size_t last = group_start(chunk + 1);
      std::vector<double> lower;  // log10 P(w | h') of the group's n-grams, in order
      std::vector<double> deltas;
      for (std::size_t begin = group_start(chunk); begin < last;) {
        const std::size_t end = table.group_end(begin);
        double numerator = 0.0;
        double denominator = 0.0;
        // Improper terms: the context's n-grams all stay.
        if (backoff_terms(n, begin, end, numerator, denominator, &lower)) {
          auto context = table.ngram(begin).first(n - 1);
          const std::uint32_t link = table.context_of[begin];
          const double log10_context = link != kNoLink && history_ == nullptr ? chain[n - 2][link]
                                                                              : log10_context_probability(context);
          double old_backoff = 0.0;
          if (link == kNoLink) {
            old_backoff = stored_backoff(context);
          } else if (!std::isnan(tables_[n - 2].log10_backoff[link])) {
            old_backoff = tables_[n - 2].log10_backoff[link];
          }
          if (!interpolated_) {
            for (std::size_t k = begin; k < end; ++k) {
              double delta = delta_entropy(n, k, numerator, denominator, log10_context, old_backoff, lower[k - begin]);
              table.criterion[k] = std::pow(10.0, delta) - 1.0;
            }
          } else if (link != kNoLink) {  // an unlisted context has no α(h) to change: its n-grams stay
            interpolated_delta_entropies(n, begin, end, numerator, log10_context, old_backoff, lower, deltas);
            for (std::size_t k = begin; k < end; ++k) {
              table.criterion[k] = std::max(0.0, std::expm1(deltas[k - begin] * std::numbers::ln10));
            }
          }
        }
        begin = end;
      }
    });
  }
  judged_ = true;
}

void EntropyPruner::prune(double threshold) {
  if (!judged_) compute_criteria();
  select([&](std::size_t n, std::size_t k) { return threshold > 0.0 && tables_[n - 1].criterion[k] < threshold; });
}

void EntropyPruner::remove_where(const std::function<bool(std::span<const std::string> ngram)>& remove) {
  std::vector<std::string> words;
  select([&](std::size_t n, std::size_t k) {
    words.clear();
    for (WordId id : tables_[n - 1].ngram(k)) words.push_back(vocabulary_.word(id));
    return remove(words);
  });
}

void EntropyPruner::restore() {
  for (Table& table : tables_) {
    std::fill(table.kept.begin(), table.kept.end(), 1);
    table.log10_backoff = table.read_backoff;
    if (!table.read_probability.empty()) table.log10_probability = table.read_probability;
  }
}

void EntropyPruner::select(const std::function<bool(std::size_t n, std::size_t k)>& remove) {
  restore();
  for (std::size_t n = tables_.size(); n >= 2; --n) {
    Table& table = tables_[n - 1];
    // Kept by the order above: contexts (SRILM) and suffixes (lookups) of its kept n-grams.
    std::vector<char> needed(table.size(), 0);
    if (n < tables_.size()) {
      const Table& above = tables_[n];
      for (std::size_t k = 0; k < above.size(); ++k) {
        if (!above.kept[k]) continue;
        if (above.context_of[k] != kNoLink) needed[above.context_of[k]] = 1;
        if (above.suffix_of[k] != kNoLink) needed[above.suffix_of[k]] = 1;
      }
    }
    for (std::size_t k = 0; k < table.size(); ++k) {
      if (!needed[k] && remove(n, k)) table.kept[k] = 0;
    }
  }
  if (interpolated_) {
    recompute_interpolated();
  } else {
    recompute_backoffs();
  }
}

bool EntropyPruner::has_interpolated_form(std::string* counterexample) {
  restore();
  for (std::size_t n = 2; n <= tables_.size(); ++n) {
    const Table& table = tables_[n - 1];
    const std::size_t chunks = std::max<std::size_t>(1, table.size() / 65536);
    std::vector<std::size_t> first_below(chunks, kNone);  // by chunk: its first n-gram below backing off
    util::parallel_for(0, chunks, [&](std::size_t chunk) {
      const std::size_t end = table.size() * (chunk + 1) / chunks;
      for (std::size_t k = table.size() * chunk / chunks; k < end; ++k) {
        const double p = probability(table.log10_probability[k]);
        const double backed_off = probability(old_backoff_of(n, k) + lower_probability(n, k));
        if (p - backed_off < -kShareTolerance * p) {
          first_below[chunk] = k;
          return;
        }
      }
    });
    for (std::size_t k : first_below) {
      if (k == kNone) continue;
      if (counterexample != nullptr) {
        counterexample->clear();
        for (WordId id : table.ngram(k)) *counterexample += (counterexample->empty() ? "" : " ") + vocabulary_.word(id);
      }
      return false;
    }
  }
  return true;
}

Result<PrunedForm> EntropyPruner::set_form(PrunedForm form) {
  if (form != PrunedForm::backoff) {
    std::string counterexample;
    const bool fits = has_interpolated_form(&counterexample);
    if (form == PrunedForm::automatic) {
      form = fits ? PrunedForm::interpolated : PrunedForm::backoff;
    } else if (!fits) {
      return Status::error(fmt::format(
          "the model is not an interpolated estimate: '{}' is less probable than backing off would make it; prune "
          "it in the backoff form",
          text::printable_excerpt(counterexample)));
    }
  }
  restore();
  const bool interpolated = form == PrunedForm::interpolated;
  if (interpolated == interpolated_) return form;
  interpolated_ = interpolated;
  judged_ = false;  // the criteria differ
  for (std::size_t n = 1; n <= tables_.size(); ++n) {
    Table& table = tables_[n - 1];
    table.share.clear();
    table.share.shrink_to_fit();
    table.read_probability.clear();
    table.read_probability.shrink_to_fit();
    if (!interpolated || n == 1) continue;
    table.read_probability = table.log10_probability;
    table.share.resize(table.size());
    const std::size_t chunks = std::max<std::size_t>(1, table.size() / 65536);
    util::parallel_for(0, chunks, [&](std::size_t chunk) {
      const std::size_t end = table.size() * (chunk + 1) / chunks;
      for (std::size_t k = table.size() * chunk / chunks; k < end; ++k) {
        const double p = probability(table.log10_probability[k]);
        const double backed_off = probability(old_backoff_of(n, k) + lower_probability(n, k));
        // Signed: a share a rounding below 0 still returns what it is, keeping Σ_w P'(w|h) = 1.
        table.share[k] = static_cast<float>(p - backed_off);
      }
    });
  }
  return form;
}

double EntropyPruner::old_backoff_of(std::size_t n, std::size_t k) const {
  const Table& table = tables_[n - 1];
  const std::uint32_t link = table.context_of[k];
  if (link == kNoLink) return stored_backoff(table.ngram(k).first(n - 1));
  const float backoff = tables_[n - 2].read_backoff[link];
  return std::isnan(backoff) ? 0.0 : backoff;
}

Result<EntropyPruner::Found> EntropyPruner::prune_to(std::uint64_t target,
                                                    const std::function<Result<std::uint64_t>(double threshold)>& size,
                                                    const std::string& what) {
  if (!judged_) compute_criteria();
  // The size changes only where θ passes a criterion: the candidates are θ = 0 and each
  // distinct criterion's next double up (removing the n-grams at or below it).
  std::vector<double> thresholds{0.0};
  for (const Table& table : tables_) {
    for (double value : table.criterion) {
      if (std::isfinite(value) && value >= 0.0) thresholds.push_back(value);
    }
  }
  std::sort(thresholds.begin() + 1, thresholds.end());
  thresholds.erase(std::unique(thresholds.begin() + 1, thresholds.end()), thresholds.end());
  for (std::size_t i = 1; i < thresholds.size(); ++i) {
    thresholds[i] = std::nextafter(thresholds[i], std::numeric_limits<double>::infinity());
  }
  Found found;
  auto size_at = [&](std::size_t i) -> Result<std::uint64_t> {
    prune(thresholds[i]);
    ++found.tried;
    return size(thresholds[i]);
  };
  // The smallest i whose model fits: sizes do not grow with i.
  auto last = size_at(thresholds.size() - 1);
  if (!last) return last.status();
  if (*last > target) {
    return Status::error(fmt::format("{} {}: the smallest model entropy pruning reaches has {} {}", what, target,
                                     *last, what == "--target-bytes" ? "bytes" : "n-grams"));
  }
  std::size_t low = 0;
  std::size_t high = thresholds.size() - 1;  // fits
  std::uint64_t high_size = *last;
  while (low < high) {
    std::size_t middle = low + (high - low) / 2;
    auto at = size_at(middle);
    if (!at) return at.status();
    if (*at <= target) {
      high = middle;
      high_size = *at;
    } else {
      low = middle + 1;
    }
  }
  prune(thresholds[high]);
  found.threshold = thresholds[high];
  found.size = high_size;
  return found;
}

// Shorter contexts first: a context's denominator uses the backoffs below it (SRILM's
// recomputeBOWs). A context with no kept n-gram after it keeps no backoff.
void EntropyPruner::recompute_backoffs() {
  for (std::size_t n = 2; n <= tables_.size(); ++n) {
    const Table& table = tables_[n - 1];
    Table& contexts = tables_[n - 2];
    std::vector<float> backoffs(contexts.size(), std::nanf(""));
    for (std::size_t begin = 0; begin < table.size();) {
      const std::size_t end = table.group_end(begin);
      const std::uint32_t context = table.context_of[begin];
      const std::size_t at = context == kNoLink ? kNone : context;
      bool any = false;
      for (std::size_t k = begin; k < end; ++k) any = any || table.kept[k] != 0;
      double numerator = 0.0;
      double denominator = 0.0;
      if (at != kNone && any) {
        double backoff = 0.0;  // improper terms: SRILM's dummy value
        if (backoff_terms(n, begin, end, numerator, denominator)) {
          backoff = numerator == 0.0 && denominator == 0.0 ? 1.0 : numerator / denominator;
        }
        backoffs[at] = backoff > 0.0 ? static_cast<float>(std::log10(backoff)) : -99.0F;
      }
      begin = end;
    }
    contexts.log10_backoff = std::move(backoffs);
  }
}

// Shorter orders first: α'(h) = α(h) + the shares of h's removed n-grams, and each kept n-gram
// P'(w|h) = d(hw) + α'(h) P'(w|h') over the lower orders as pruned. A context with no kept
// n-gram after it keeps no backoff (α' is then 1: all its shares are back). Normalised: Σ_w P'(w|h)
// = Σ_kept d + α'(h) = Σ_listed d + α(h) = 1.
void EntropyPruner::recompute_interpolated() {
  for (std::size_t n = 2; n <= tables_.size(); ++n) {
    Table& table = tables_[n - 1];
    Table& contexts = tables_[n - 2];
    std::vector<float> backoffs(contexts.size(), std::nanf(""));
    for (std::size_t begin = 0; begin < table.size();) {
      const std::size_t end = table.group_end(begin);
      const std::uint32_t context = table.context_of[begin];
      if (context != kNoLink) {
        bool any = false;
        double alpha = probability(old_backoff_of(n, begin));
        for (std::size_t k = begin; k < end; ++k) {
          if (table.kept[k]) {
            any = true;
          } else {
            alpha += table.share[k];
          }
        }
        if (any) backoffs[context] = alpha > 0.0 ? static_cast<float>(std::log10(alpha)) : -99.0F;
      }
      begin = end;
    }
    contexts.log10_backoff = std::move(backoffs);
    const std::size_t chunks = std::max<std::size_t>(1, table.size() / 65536);
    util::parallel_for(0, chunks, [&](std::size_t chunk) {
      const std::size_t end = table.size() * (chunk + 1) / chunks;
      for (std::size_t k = table.size() * chunk / chunks; k < end; ++k) {
        const std::uint32_t context = table.context_of[k];
        if (!table.kept[k] || context == kNoLink) continue;  // an unlisted context's n-grams stay as read
        const float backoff = contexts.log10_backoff[context];
        const double mixed =
            table.share[k] + probability((std::isnan(backoff) ? 0.0 : backoff) + lower_probability(n, k));
        // At most 1: rounding must not turn a certain word (log10 0) into a positive log.
        table.log10_probability[k] = mixed > 0.0 ? std::min(0.0F, static_cast<float>(std::log10(mixed))) : -99.0F;
      }
    });
  }
}

Status EntropyPruner::write(const std::string& path, const std::optional<BinaryModelOptions>& binary,
                            const std::string& name, double threshold) const {
  auto writer = make_model_writer(path, binary);
  return write(*writer, name, threshold);
}

Status EntropyPruner::write(ModelWriter& out, const std::string& name, double threshold) const {
  std::vector<std::string> comments = comments_;
  comments.push_back(fmt::format("pruned=entropy threshold={} form={}", threshold, pruned_form_name(form())));
  if (!name.empty()) comments.back() += " model=" + name;
  auto kept = counts();
  GRAMVEC_TRY(out.open(comments, kept, vocabulary_));
  for (const Table& table : tables_) {
    out.begin_order(static_cast<int>(table.n));
    for (std::size_t k = 0; k < table.size(); ++k) {
      if (!table.kept[k]) continue;
      double backoff = probability(table.log10_backoff[k]);
      out.add(probability(table.log10_probability[k]), table.ngram(k),
              std::isnan(table.log10_backoff[k]) ? nullptr : &backoff);
    }
  }
  return out.commit();
}

Status check_prune_options(const PruneOptions& options, const std::optional<BinaryModelOptions>& binary) {
  if (!(options.threshold >= 0.0) || !std::isfinite(options.threshold)) {
    return Status::usage_error(
        fmt::format("--threshold: {} is not a threshold (a finite number >= 0)", options.threshold));
  }
  if (options.target_ngrams && options.target_bytes) {
    return Status::usage_error("--target-size and --target-bytes: give one of the two");
  }
  if (options.target_bytes && !binary) {
    return Status::usage_error(
        "--target-bytes: the size is that of a binary model; write one (-o NAME.gvlm, with --layout)");
  }
  return Status::ok();
}

namespace {

Result<PruneSummary> prune_and_write(EntropyPruner& pruner, const std::string& name, const PruneOptions& options,
                                     const std::string& path, const std::optional<BinaryModelOptions>& binary) {
  pruner.set_history(options.history);
  PruneSummary summary;
  auto form = pruner.set_form(options.form);
  if (!form) return Status::error(fmt::format("{}: {}", name, form.message()));
  summary.form = *form;
  summary.order = pruner.order();
  summary.before = pruner.counts();
  summary.threshold = options.threshold;
  if (options.target_ngrams) {
    auto found = pruner.prune_to(
        *options.target_ngrams,
        [&](double) -> Result<std::uint64_t> {
          auto counts = pruner.counts();
          return std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
        },
        "--target-size");
    if (!found) return found.status();
    summary.threshold = found->threshold;
    summary.searched = found->tried;
  } else if (options.target_bytes) {
    auto found = pruner.prune_to(
        *options.target_bytes,
        [&](double threshold) -> Result<std::uint64_t> {
          std::uint64_t bytes = 0;
          auto sizer = make_model_sizer(*binary, bytes);
          GRAMVEC_TRY(pruner.write(*sizer, name, threshold));
          return bytes;
        },
        "--target-bytes");
    if (!found) return found.status();
    summary.threshold = found->threshold;
    summary.searched = found->tried;
    summary.bytes = found->size;
  } else {
    pruner.prune(options.threshold);
  }
  summary.after = pruner.counts();
  GRAMVEC_TRY(pruner.write(path, binary, name, summary.threshold));
  return summary;
}

}  // namespace

Result<PruneSummary> write_pruned_model(const NGramModel& model, const std::string& name, const PruneOptions& options,
                                        const std::string& path, const std::optional<BinaryModelOptions>& binary) {
  GRAMVEC_TRY(check_prune_options(options, binary));
  auto pruner = EntropyPruner::make(model, name);
  if (!pruner) return pruner.status();
  return prune_and_write(*pruner, name, options, path, binary);
}

Result<PruneSummary> write_pruned_model(const std::string& model_path, const PruneOptions& options,
                                        const std::string& path, const std::optional<BinaryModelOptions>& binary) {
  GRAMVEC_TRY(check_prune_options(options, binary));
  auto pruner = EntropyPruner::read(model_path);
  if (!pruner) return pruner.status();
  return prune_and_write(*pruner, model_path, options, path, binary);
}

}  // namespace gramvec::ngram
