// A binary model straight from estimation: the estimated n-grams go into the layout's builder as
// the ARPA reader would hand them over (the same floats: ARPA holds each as the shortest decimal
// that reads back to it), so the file equals converting the ARPA model.
#include <fmt/format.h>

#include <array>
#include <functional>

#include "ngram/format/arpa_writer.hpp"
#include "ngram/format/binary_model.hpp"
#include "ngram/format/model_writer.hpp"
#include "ngram/model_data.hpp"

namespace gramvec::ngram {

namespace {

class BinaryModelWriter final : public ModelWriter, private EntryOrigin {
 public:
  // With `measured`, nothing is written: commit() stores the size the file would have there.
  BinaryModelWriter(std::string path, BinaryModelOptions options, std::uint64_t* measured = nullptr)
      : path_(std::move(path)), options_(std::move(options)), measured_(measured) {}

  Status open(const std::vector<std::string>& header_comments, std::span<const std::uint64_t> counts,
              const vocab::Vocabulary& vocabulary) override {
    GRAMVEC_TRY(check_binary_options(options_));
    vocabulary_ = &vocabulary;
    model_ = std::make_unique<ModelData>();
    for (const auto& comment : header_comments) model_->info.add_comment(comment);
    model_->order = static_cast<int>(counts.size());
    counts_.assign(counts.begin(), counts.end());
    for_each_layout([&](auto layout) {
      using Layout = typename decltype(layout)::type;
      if (Layout::kId.name != options_.layout) return;
      auto builder = std::make_shared<typename Layout::Builder>(model_->order, counts_, options_);
      sink_ = builder;
      finish_ = [this, builder]() -> Status {
        auto search = builder->finish(path_, model_->words);
        if (!search) return search.status();
        model_->search.template emplace<Layout>(std::move(*search));
        return Status::ok();
      };
    });
    return Status::ok();
  }

  void begin_order(int n) override {
    if (n > 1) flush();
    order_ = static_cast<std::size_t>(n);
    entry_ = 0;
    sink_->begin_order(order_, counts_[order_ - 1]);
  }

  void add(double probability, std::span<const vocab::WordId> ids, const double* backoff) override {
    if (!status_) return;
    ++entry_;
    std::array<std::string_view, kMaxOrder> words;
    for (std::size_t k = 0; k < ids.size(); ++k) words[k] = vocabulary_->word(ids[k]);
    if (ids.size() == 1) model_->words.emplace_back(words[0]);
    auto log10_probability = static_cast<float>(arpa_log10(probability));
    float log10_backoff = backoff != nullptr ? static_cast<float>(arpa_log10(*backoff)) : 0.0F;
    status_ = sink_->add(std::span<const std::string_view>(words.data(), ids.size()), log10_probability, log10_backoff,
                         {}, *this);
  }

  Status commit() override {
    flush();
    GRAMVEC_TRY(status_);
    GRAMVEC_TRY(finish_());
    model_->set_backoff_rule();
    if (measured_ == nullptr) return write_binary_model(*model_, path_, options_);
    auto bytes = binary_model_bytes(*model_, options_);
    if (!bytes) return bytes.status();
    *measured_ = *bytes;
    return Status::ok();
  }

 private:
  void flush() {
    if (status_) status_ = sink_->flush(*this);
  }
  std::uint64_t line_number() const override { return entry_; }
  Status error_at(std::uint64_t entry, std::string_view what) const override {
    return Status::error(fmt::format("{}: {}-gram {} of the model: {}", path_, order_, entry, what));
  }

  std::string path_;
  BinaryModelOptions options_;
  std::uint64_t* measured_;
  const vocab::Vocabulary* vocabulary_ = nullptr;
  std::unique_ptr<ModelData> model_;
  std::vector<std::size_t> counts_;
  std::shared_ptr<NGramSink> sink_;
  std::function<Status()> finish_;
  std::size_t order_ = 0;
  std::uint64_t entry_ = 0;
  Status status_;
};

}  // namespace

std::unique_ptr<ModelWriter> make_model_writer(const std::string& path,
                                               const std::optional<BinaryModelOptions>& binary) {
  if (binary) return std::make_unique<BinaryModelWriter>(path, *binary);
  return std::make_unique<ArpaStreamWriter>(path);
}

std::unique_ptr<ModelWriter> make_model_sizer(const BinaryModelOptions& binary, std::uint64_t& bytes) {
  return std::make_unique<BinaryModelWriter>("model", binary, &bytes);
}

}  // namespace gramvec::ngram
