#include "gramvec/embed/training_state.hpp"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstring>

#include "gramvec/io/atomic_file.hpp"
#include "gramvec/io/mapped_file.hpp"
#include "io/line_reader.hpp"
#include "util/checksum.hpp"

namespace gramvec::embed {

static_assert(std::endian::native == std::endian::little, "training states are written little-endian");

namespace {

constexpr std::string_view kMagic = "GVW2VSTA";

class StateWriter {
 public:
  Status open(const std::string& path) { return out_.open(path); }
  void bytes(std::string_view data) {
    checksum_.update(data);
    out_.write(data);
  }
  template <typename T>
  void value(T number) {
    bytes(std::string_view(reinterpret_cast<const char*>(&number), sizeof(T)));
  }
  void text(std::string_view data) {
    value(static_cast<std::uint32_t>(data.size()));
    bytes(data);
  }
  void matrix(const Matrix& matrix) {
    value(static_cast<std::uint64_t>(matrix.rows()));
    value(static_cast<std::uint64_t>(matrix.cols()));
    const char* data = reinterpret_cast<const char*>(matrix.data());
    std::size_t size = matrix.size() * sizeof(float);
    for (std::size_t offset = 0; offset < size; offset += (1 << 20)) {
      bytes(std::string_view(data + offset, std::min<std::size_t>(1 << 20, size - offset)));
    }
  }
  Status commit() {
    std::uint64_t checksum = checksum_.value();
    out_.write(std::string_view(reinterpret_cast<const char*>(&checksum), sizeof checksum));
    return out_.commit();
  }

 private:
  io::AtomicFileWriter out_;
  util::Checksum checksum_;
};

class StateReader {
 public:
  StateReader(std::string_view bytes, std::string name) : bytes_(bytes), name_(std::move(name)) {}

  Status error(std::string_view what) const {
    return Status::error(fmt::format("{}: byte offset {}: {}", name_, position_, what));
  }
  bool take(std::size_t size, std::string_view& out) {
    if (bytes_.size() - position_ < size) return false;
    out = bytes_.substr(position_, size);
    position_ += size;
    return true;
  }
  template <typename T>
  bool value(T& number) {
    std::string_view raw;
    if (!take(sizeof(T), raw)) return false;
    std::memcpy(&number, raw.data(), sizeof(T));
    return true;
  }
  bool text(std::string& out) {
    std::uint32_t size = 0;
    std::string_view raw;
    if (!value(size) || !take(size, raw)) return false;
    out.assign(raw);
    return true;
  }
  Status matrix(Matrix& matrix, std::string_view what) {
    std::uint64_t rows = 0;
    std::uint64_t cols = 0;
    if (!value(rows) || !value(cols)) return error(fmt::format("truncated {} matrix", what));
    if (cols == 0 || rows > (bytes_.size() - position_) / sizeof(float) / cols) {
      return error(fmt::format("truncated or corrupt {} matrix ({} x {})", what, rows, cols));
    }
    matrix = Matrix(static_cast<std::size_t>(rows), static_cast<std::size_t>(cols));
    std::string_view raw;
    take(matrix.size() * sizeof(float), raw);
    std::memcpy(matrix.data(), raw.data(), raw.size());
    return Status::ok();
  }
  std::size_t position() const { return position_; }

 private:
  std::string_view bytes_;
  std::string name_;
  std::size_t position_ = 0;
};

}  // namespace

Result<ModelKind> parse_model_kind(std::string_view name) {
  if (name == "skipgram" || name == "sg") return ModelKind::skipgram;
  if (name == "cbow") return ModelKind::cbow;
  return Status::error(fmt::format("unknown --model '{}' (expected skipgram or cbow)", name));
}

Result<LossKind> parse_loss_kind(std::string_view name) {
  if (name == "ns") return LossKind::negative_sampling;
  if (name == "hs") return LossKind::hierarchical_softmax;
  return Status::error(fmt::format("unknown --loss '{}' (expected ns or hs)", name));
}

std::string_view model_kind_name(ModelKind kind) { return kind == ModelKind::cbow ? "cbow" : "skipgram"; }
std::string_view loss_kind_name(LossKind kind) { return kind == LossKind::hierarchical_softmax ? "hs" : "ns"; }

Status TrainingSettings::validate() const {
  if (dimension == 0 || dimension > 10000) return Status::error(fmt::format("--dim must be 1 to 10000, not {}", dimension));
  if (window == 0 || window > 1000) return Status::error(fmt::format("--window must be 1 to 1000, not {}", window));
  if (loss == LossKind::negative_sampling && (negative == 0 || negative > 1000)) {
    return Status::error(fmt::format("--negative must be 1 to 1000 with --loss ns, not {}", negative));
  }
  if (!(sample >= 0.0) || !std::isfinite(sample)) return Status::error("--sample must be 0 or more");
  if (!(ns_exponent >= 0.0) || !std::isfinite(ns_exponent) || ns_exponent > 2.0) {
    return Status::error("--ns-exponent must be 0 to 2");
  }
  if (min_count == 0) return Status::error("--min-count must be at least 1");
  if (epochs == 0 || epochs > 100000) return Status::error(fmt::format("--epochs must be 1 or more, not {}", epochs));
  if (!(alpha >= 0.0) || !std::isfinite(alpha) || alpha > 10.0) {
    return Status::error("--alpha must be a positive learning rate (e.g. 0.025)");
  }
  return Status::ok();
}

Status TrainingState::save(const std::string& path) const {
  StateWriter out;
  GRAMVEC_TRY(out.open(path));
  out.bytes(kMagic);
  out.value(kFormatVersion);
  out.value(static_cast<std::uint8_t>(settings.model));
  out.value(static_cast<std::uint8_t>(settings.loss));
  out.value(static_cast<std::uint64_t>(settings.dimension));
  out.value(static_cast<std::uint64_t>(settings.window));
  out.value(static_cast<std::uint64_t>(settings.negative));
  out.value(settings.sample);
  out.value(static_cast<std::uint8_t>(settings.effective_subsampling()));
  out.value(settings.ns_exponent);
  out.value(settings.min_count);
  out.value(static_cast<std::uint64_t>(settings.max_vocab));
  out.value(static_cast<std::uint64_t>(settings.epochs));
  out.value(settings.alpha);
  out.value(settings.seed);
  out.text(settings.tokenizer.describe());
  out.value(static_cast<std::uint8_t>(settings.split_sentences ? 1 : 0));
  out.value(static_cast<std::uint64_t>(epochs_done));
  out.value(words_processed);
  out.value(static_cast<std::uint8_t>(unknown_seen ? 1 : 0));
  out.value(static_cast<std::uint64_t>(vocabulary.size()));
  for (std::size_t row = 0; row < vocabulary.size(); ++row) {
    out.text(vocabulary.words()[row]);
    out.value(vocabulary.counts()[row]);
  }
  out.matrix(input);
  out.matrix(output);
  return out.commit();
}

Result<TrainingState> TrainingState::load(const std::string& path) {
  auto file = io::MappedFile::open(path);
  if (!file) return file.status();
  std::string name = io::display_name(path);
  std::string_view bytes = file->bytes();
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    return Status::error(fmt::format("{}: not a gramvec training state (bad magic)", name));
  }
  if (bytes.size() < kMagic.size() + 12) return Status::error(fmt::format("{}: truncated training state", name));
  std::uint64_t stored_checksum = 0;
  std::memcpy(&stored_checksum, bytes.data() + bytes.size() - 8, 8);
  std::string_view body = bytes.substr(0, bytes.size() - 8);
  StateReader in(body, name);
  std::string_view magic;
  in.take(kMagic.size(), magic);
  std::uint32_t version = 0;
  in.value(version);
  if (version != kFormatVersion) {
    if (version >= 2 && version < kFormatVersion) {
      return Status::error(fmt::format("{}: training state format version {} was written by an earlier gramvec (this "
                                       "one reads version {}); train again to resume",
                                       name, version, kFormatVersion));
    }
    return Status::error(fmt::format("{}: training state format version {} (this gramvec reads {})", name, version,
                                     kFormatVersion));
  }
  if (util::Checksum::of(body) != stored_checksum) {
    return Status::error(fmt::format("{}: checksum mismatch: the training state is truncated or corrupt", name));
  }
  TrainingState state;
  TrainingSettings& settings = state.settings;
  std::uint8_t model = 0, loss = 0, split = 0, unknown_seen = 0;
  std::uint8_t subsampling = 0;
  std::uint64_t dimension = 0, window = 0, negative = 0, max_vocab = 0, epochs = 0, epochs_done = 0, words = 0;
  std::string tokenizer;
  bool good = in.value(model) && in.value(loss) && in.value(dimension) && in.value(window) && in.value(negative) &&
              in.value(settings.sample) && in.value(subsampling) && in.value(settings.ns_exponent) && in.value(settings.min_count) && in.value(max_vocab) &&
              in.value(epochs) && in.value(settings.alpha) && in.value(settings.seed) && in.text(tokenizer) &&
              in.value(split) && in.value(epochs_done) && in.value(state.words_processed) &&
              in.value(unknown_seen) && in.value(words);
  if (!good || model > 1 || loss > 1 || subsampling > 1) return in.error("truncated or corrupt settings");
  settings.subsampling = static_cast<SubsamplingRule>(subsampling);
  settings.model = static_cast<ModelKind>(model);
  settings.loss = static_cast<LossKind>(loss);
  settings.dimension = static_cast<std::size_t>(dimension);
  settings.window = static_cast<std::size_t>(window);
  settings.negative = static_cast<std::size_t>(negative);
  settings.max_vocab = static_cast<std::size_t>(max_vocab);
  settings.epochs = static_cast<std::size_t>(epochs);
  settings.split_sentences = split != 0;
  state.epochs_done = static_cast<std::size_t>(epochs_done);
  state.unknown_seen = unknown_seen != 0;
  auto options = text::TokenizerOptions::parse(tokenizer);
  if (!options) return Status::error(fmt::format("{}: {}", name, options.message()));
  settings.tokenizer = *options;
  // Each word takes 12 bytes at least (its length and count): a corrupt size cannot ask for more
  // memory than the file can back.
  if (words > (body.size() - in.position()) / (sizeof(std::uint32_t) + sizeof(std::uint64_t))) {
    return in.error("corrupt vocabulary size");
  }
  std::vector<std::string> word_list(static_cast<std::size_t>(words));
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(words));
  for (std::size_t row = 0; row < word_list.size(); ++row) {
    if (!in.text(word_list[row]) || !in.value(counts[row])) return in.error("truncated vocabulary");
  }
  state.vocabulary = TrainingVocabulary(std::move(word_list), std::move(counts));
  GRAMVEC_TRY(in.matrix(state.input, "input"));
  GRAMVEC_TRY(in.matrix(state.output, "output"));
  std::size_t expected_output = settings.loss == LossKind::negative_sampling
                                    ? state.vocabulary.size()
                                    : (state.vocabulary.size() > 0 ? state.vocabulary.size() - 1 : 0);
  if (state.input.rows() != state.vocabulary.size() || state.input.cols() != settings.dimension ||
      state.output.rows() != expected_output || state.output.cols() != settings.dimension) {
    return Status::error(fmt::format("{}: the matrices do not match the vocabulary and dimension", name));
  }
  if (in.position() != body.size()) return in.error("unexpected data after the output matrix");
  GRAMVEC_TRY(settings.validate());
  return state;
}

}  // namespace gramvec::embed
