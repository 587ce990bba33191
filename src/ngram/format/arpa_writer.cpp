#include "ngram/format/arpa_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "gramvec/io/atomic_file.hpp"
#include "ngram/estimate/smoothing/smoothing_method.hpp"

namespace gramvec::ngram {

namespace {
// Shortest decimal that reads back as the same float.
void append_float(fmt::memory_buffer& buffer, float value) {
  std::array<char, 32> text;
  auto result = std::to_chars(text.data(), text.data() + text.size(), value);
  buffer.append(text.data(), result.ptr);
}
}  // namespace

double arpa_log10(double probability) { return probability > 0.0 ? std::log10(probability) : -99.0; }

std::vector<std::string> describe_estimate(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary) {
  const EstimationOptions& options = model.options;
  std::vector<std::string> lines;
  lines.push_back(fmt::format("gramvec {} ARPA language model", GRAMVEC_VERSION));
  const SmoothingMethod& smoothing = smoothing_of(options);
  std::string method = fmt::format("order={} smoothing={}{}", options.order, smoothing.name(),
                                   smoothing.header_parameters(options));
  if (!options.prune_thresholds.empty()) method += fmt::format(" prune={}", fmt::join(options.prune_thresholds, ","));
  lines.push_back(method);
  lines.push_back(vocabulary.tokenizer.describe());
  lines.push_back(fmt::format("sentences={} tokens={} vocabulary={}", model.sentences, model.tokens,
                              vocabulary.size()));
  for (std::size_t n = 1; n <= model.discounts.size(); ++n) {
    std::string line = smoothing.describe_discount(n, model.discounts[n - 1]);
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

namespace {
constexpr std::size_t kBatchLines = 8192;
constexpr std::size_t kQueuedBatches = 4;
}  // namespace

ArpaStreamWriter::~ArpaStreamWriter() {
  if (writer_.joinable()) {
    queue_->cancel();
    writer_.join();
  }
}

Status ArpaStreamWriter::open(const std::vector<std::string>& header_comments, std::span<const std::uint64_t> counts,
                              const vocab::Vocabulary& vocabulary) {
  GRAMVEC_TRY(out_.open(path_));
  vocabulary_ = &vocabulary;
  for (const auto& line : header_comments) fmt::format_to(std::back_inserter(buffer_), "# {}\n", line);
  fmt::format_to(std::back_inserter(buffer_), "\n\\data\\\n");
  for (std::size_t n = 1; n <= counts.size(); ++n) {
    fmt::format_to(std::back_inserter(buffer_), "ngram {}={}\n", n, counts[n - 1]);
  }
  if (background_) {
    batch_.reserve(kBatchLines);
    queue_ = std::make_unique<util::BoundedQueue<std::vector<Line>>>(kQueuedBatches);
    writer_ = std::thread([this] { work(); });
  }
  return Status::ok();
}

void ArpaStreamWriter::begin_order(int n) {
  Line line{};
  line.size = 0;
  line.ids[0] = static_cast<WordId>(n);
  if (!background_) {
    format(line);
    return;
  }
  batch_.push_back(line);
  if (batch_.size() == kBatchLines) hand_over();
}

void ArpaStreamWriter::add(double probability, std::span<const WordId> words, const double* backoff) {
  Line line;
  line.probability = probability;
  line.backoff = backoff != nullptr ? *backoff : 0.0;
  line.has_backoff = backoff != nullptr;
  line.size = static_cast<std::uint8_t>(words.size());
  std::copy(words.begin(), words.end(), line.ids.begin());
  if (!background_) {
    format(line);
    flush_if_full();
    return;
  }
  batch_.push_back(line);
  if (batch_.size() == kBatchLines) hand_over();
}

void ArpaStreamWriter::format(const Line& line) {
  if (line.size == 0) {
    fmt::format_to(std::back_inserter(buffer_), "\n\\{}-grams:\n", line.ids[0]);
    return;
  }
  append_float(buffer_, static_cast<float>(arpa_log10(line.probability)));
  buffer_.push_back('\t');
  for (std::size_t k = 0; k < line.size; ++k) {
    if (k > 0) buffer_.push_back(' ');
    const std::string& word = vocabulary_->word(line.ids[k]);
    buffer_.append(word.data(), word.data() + word.size());
  }
  if (line.has_backoff) {
    buffer_.push_back('\t');
    append_float(buffer_, static_cast<float>(arpa_log10(line.backoff)));
  }
  buffer_.push_back('\n');
}

void ArpaStreamWriter::flush_if_full() {
  if (buffer_.size() > (1 << 20)) {
    out_.write(std::string_view(buffer_.data(), buffer_.size()));
    buffer_.clear();
  }
}

void ArpaStreamWriter::hand_over() {
  queue_->push(std::move(batch_));
  batch_ = {};
  batch_.reserve(kBatchLines);
}

void ArpaStreamWriter::work() {
  while (std::optional<std::vector<Line>> lines = queue_->pop()) {
    for (const Line& line : *lines) {
      format(line);
      flush_if_full();
    }
  }
}

Status ArpaStreamWriter::commit() {
  if (background_) {
    if (!batch_.empty()) hand_over();
    queue_->close();
    writer_.join();
  }
  fmt::format_to(std::back_inserter(buffer_), "\n\\end\\\n");
  out_.write(std::string_view(buffer_.data(), buffer_.size()));
  buffer_.clear();
  return out_.commit();
}

Status write_estimate(const LanguageModelEstimate& model, const vocab::Vocabulary& vocabulary, ModelWriter& out) {
  std::vector<std::uint64_t> counts;
  for (const auto& order : model.orders) {
    counts.push_back(static_cast<std::uint64_t>(std::count(order.kept.begin(), order.kept.end(), 1)));
  }
  GRAMVEC_TRY(out.open(describe_estimate(model, vocabulary), counts, vocabulary));
  for (std::size_t n = 1; n <= model.tables.size(); ++n) {
    out.begin_order(static_cast<int>(n));
    const NGramTable& table = model.tables[n - 1];
    const EstimatedOrder& order = model.orders[n - 1];
    for (std::size_t i = 0; i < table.size(); ++i) {
      if (!order.kept[i]) continue;
      bool has_backoff = order.is_context[i] && n < model.tables.size();
      out.add(order.probability[i], table.ngram(i), has_backoff ? &order.backoff[i] : nullptr);
    }
  }
  return out.commit();
}

}  // namespace gramvec::ngram
