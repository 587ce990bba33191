#include "gramvec/ngram/model.hpp"

#include <fmt/format.h>

#include <cmath>

#include "gramvec/io/mapped_file.hpp"
#include "io/line_reader.hpp"
#include "ngram/estimate/smoothing/smoothing_method.hpp"
#include "ngram/format/arpa_reader.hpp"
#include "ngram/format/binary_model.hpp"
#include "ngram/model_data.hpp"
#include "util/word_key.hpp"

namespace gramvec::ngram {

void ModelInfo::add_comment(std::string_view comment) {
  while (!comment.empty() && (comment.front() == '#' || comment.front() == ' ')) comment.remove_prefix(1);
  comments.emplace_back(comment);
  if (comment.starts_with("tokenizer=")) {
    if (auto options = text::TokenizerOptions::parse(comment)) tokenizer = *options;
  }
  if (auto at = comment.find("smoothing="); at != std::string_view::npos && comment.starts_with("order=")) {
    std::string_view rest = comment.substr(at + 10);
    smoothing = std::string(rest.substr(0, rest.find(' ')));
  }
}

void ModelData::set_backoff_rule() {
  // A method whose scores are not normalised (stupid backoff) backs off by a constant factor.
  const SmoothingMethod* method = find_smoothing(info.smoothing);
  backoff = BackoffRule{};
  if (method == nullptr || method->is_normalised()) return;
  float alpha = 0.4F;
  for (const auto& comment : info.comments) {
    if (auto at = comment.find("alpha="); at != std::string::npos) {
      std::string_view value = std::string_view(comment).substr(at + 6);
      value = value.substr(0, value.find(' '));
      parse_float(value, alpha);
    }
  }
  backoff.constant = true;
  backoff.log10_alpha = std::log10(alpha);
}

std::string binary_layout_names() {
  std::string names;
  for_each_layout([&](auto layout) {
    if (!names.empty()) names += " or ";
    names += decltype(layout)::type::kId.name;
  });
  return names;
}

Status check_binary_options(const BinaryModelOptions& options) {
  int max_quantize_bits = -1;
  for_each_layout([&](auto layout) {
    using Layout = typename decltype(layout)::type;
    if (Layout::kId.name == options.layout) max_quantize_bits = Layout::kId.max_quantize_bits;
  });
  if (max_quantize_bits < 0) {
    return Status::error(fmt::format("unknown --layout '{}' (expected {})", options.layout, binary_layout_names()));
  }
  if (!(options.space >= 1.05 && options.space <= 10.0)) {
    return Status::error(fmt::format("--space must be from 1.05 to 10, not {}", options.space));
  }
  if (options.quantize_bits == 0) return Status::ok();
  if (max_quantize_bits == 0) {
    std::string quantizing;
    for_each_layout([&](auto layout) {
      using Layout = typename decltype(layout)::type;
      if (Layout::kId.max_quantize_bits > 0) quantizing += std::string(quantizing.empty() ? "" : " or ") + std::string(Layout::kId.name);
    });
    return Status::error(fmt::format("--quantize needs --layout {}", quantizing));
  }
  if (options.quantize_bits < 1 || options.quantize_bits > max_quantize_bits) {
    return Status::error(fmt::format("--quantize {}: expected a number of bits from 1 to {}", options.quantize_bits,
                                     max_quantize_bits));
  }
  return Status::ok();
}

NGramModel::NGramModel(std::unique_ptr<ModelData> data) : data_(std::move(data)) {}
NGramModel::NGramModel(NGramModel&&) noexcept = default;
NGramModel& NGramModel::operator=(NGramModel&&) noexcept = default;
NGramModel::~NGramModel() = default;

namespace {

// ARPA text into the layout `options` names.
Result<std::unique_ptr<ModelData>> read_arpa_model(std::string_view text, const std::string& name,
                                                   io::MappedFile* source, const BinaryModelOptions& options) {
  GRAMVEC_TRY(check_binary_options(options));
  ArpaReader reader(text, name, source);
  auto model = std::make_unique<ModelData>();
  GRAMVEC_TRY(reader.read_header(model->info));
  model->order = static_cast<int>(reader.declared().size());
  Status status = Status::ok();
  for_each_layout([&](auto layout) {
    using Layout = typename decltype(layout)::type;
    if (Layout::kId.name != options.layout) return;
    typename Layout::Builder builder(model->order, reader.capacities(), options);
    status = reader.read_ngrams(builder, model->words);
    if (!status) return;
    auto search = builder.finish(name, model->words);
    if (!search) {
      status = search.status();
      return;
    }
    model->search.template emplace<Layout>(std::move(*search));
  });
  GRAMVEC_TRY(status);
  model->set_backoff_rule();
  return model;
}

}  // namespace

namespace {

std::string describe_layout(const BinaryModelOptions& options) {
  std::string text = options.layout;
  if (options.quantize_bits > 0) text += fmt::format(" layout quantized to {} bits", options.quantize_bits);
  return text;
}

// ARPA in the layout of `required` (hash when null), a binary model in its own layout, which
// must be `required`'s when given.
Result<std::unique_ptr<ModelData>> load_model(const std::string& path, const BinaryModelOptions* required) {
  static const BinaryModelOptions kDefault;
  auto file = io::MappedFile::open(path);
  if (!file) return file.status();
  std::string name = io::display_name(path);
  if (!is_binary_model(file->bytes())) {
    return read_arpa_model(file->bytes(), name, &*file, required != nullptr ? *required : kDefault);
  }
  auto model = read_binary_model(std::move(*file), name);
  if (!model || required == nullptr) return model;
  BinaryModelOptions held = (*model)->binary_options();
  if (held.layout != required->layout || held.quantize_bits != required->quantize_bits) {
    return Status::error(fmt::format("{}: the binary model has the {} layout and cannot be converted to the {} layout; "
                                     "convert the ARPA model instead",
                                     name, describe_layout(held), describe_layout(*required)));
  }
  return model;
}

}  // namespace

Result<NGramModel> NGramModel::load(const std::string& path) {
  auto model = load_model(path, nullptr);
  if (!model) return model.status();
  return NGramModel(std::move(*model));
}

Result<NGramModel> NGramModel::load(const std::string& path, const BinaryModelOptions& options) {
  GRAMVEC_TRY(check_binary_options(options));
  auto model = load_model(path, &options);
  if (!model) return model.status();
  return NGramModel(std::move(*model));
}

Result<NGramModel> NGramModel::parse_arpa(std::string_view text, const std::string& name,
                                          const BinaryModelOptions& options) {
  auto model = read_arpa_model(text, name, nullptr, options);
  if (!model) return model.status();
  return NGramModel(std::move(*model));
}

Status NGramModel::write_binary(const std::string& path, const BinaryModelOptions& options) const {
  return write_binary_model(*data_, path, options);
}

int NGramModel::order() const { return data_->order; }
const ModelInfo& NGramModel::info() const { return data_->info; }
const std::vector<std::string>& NGramModel::words() const { return data_->words; }

std::size_t NGramModel::ngram_count(int n) const {
  return data_->visit([n](const auto& search) { return search.size(n); });
}

BinaryModelOptions NGramModel::binary_options() const { return data_->binary_options(); }

bool NGramModel::contains(std::string_view word) const {
  return data_->visit([key = util::word_key(word)](const auto& search) { return search.contains(key); });
}

bool NGramModel::has_unknown_word() const {
  return data_->visit([](const auto& search) { return search.has_unknown_word(); });
}

ModelState NGramModel::begin_sentence() const {
  return data_->visit([](const auto& search) { return search.begin_sentence(); });
}

std::uint64_t NGramModel::word_hash(std::string_view word) { return util::word_key(word); }

std::uint64_t NGramModel::scored_hash(std::uint64_t word_hash) const {
  return data_->visit([word_hash](const auto& search) { return search.scored_key(word_hash); });
}

WordScore NGramModel::score(const ModelState& state, std::string_view word, ModelState& next) const {
  return score_hash(state, word_hash(word), next);
}

WordScore NGramModel::score_hash(const ModelState& state, std::uint64_t word_hash, ModelState& next) const {
  return data_->visit(
      [&](const auto& search) { return search.score(state, word_hash, next, data_->backoff); });
}

void NGramModel::prefetch(std::span<const std::uint64_t> hashes, std::size_t position) const {
  data_->visit([&](const auto& search) { search.prefetch(hashes, position); });
}

}  // namespace gramvec::ngram
