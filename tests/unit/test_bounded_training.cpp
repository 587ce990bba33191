// Estimation in bounded memory: memory sizes as sort -S reads them, spill files, the external
// sort (many runs, several merge levels, combining counts, two threads) against std::sort, and
// training in bounded memory against training in memory, byte for byte, for every smoothing
// method with many spilled runs.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ngram/bounded/bounded_training.hpp"
#include "ngram/trainer.hpp"
#include "io/spill_file.hpp"
#include "ngram/bounded/bounded_stages.hpp"
#include "ngram/bounded/external_sort.hpp"
#include "ngram/estimate/smoothing/smoothing_method.hpp"
#include "ngram/format/arpa_writer.hpp"
#include "util/memory_size.hpp"

namespace {

namespace fs = std::filesystem;
namespace io = gramvec::io;
namespace util = gramvec::util;
namespace ngram = gramvec::ngram;

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(fs::temp_directory_path() / ("gramvec-unit-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  bool empty() const { return fs::is_empty(path_); }

 private:
  fs::path path_;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("memory sizes are read as sort -S reads them") {
  CHECK(*util::parse_memory_size("512M") == 512ULL << 20);
  CHECK(*util::parse_memory_size("4G") == 4ULL << 30);
  CHECK(*util::parse_memory_size("1.5g") == 3ULL << 29);
  CHECK(*util::parse_memory_size("64K") == 64ULL << 10);
  CHECK(*util::parse_memory_size("100b") == 100);
  CHECK(*util::parse_memory_size("100") == 100ULL << 10);  // a bare number is KiB
  CHECK(*util::parse_memory_size("1T") == 1ULL << 40);
  auto half = util::parse_memory_size("50%");
  REQUIRE(half);
  CHECK(*half > 0);
  CHECK(*half <= util::physical_memory_bytes());
  for (const char* bad : {"", "M", "abc", "12Q", "-5M", "1.2.3G", "200%", "nanM", "1e400G"}) {
    CAPTURE(bad);
    auto size = util::parse_memory_size(bad);
    REQUIRE_FALSE(size);
    CHECK(size.message().find(std::string("'") + bad + "'") != std::string::npos);
  }
  CHECK(util::format_memory_size(16ULL << 20) == "16M");
  CHECK(util::format_memory_size(3ULL << 29) == "1.5G");
  CHECK(util::format_memory_size(512) == "512b");
  CHECK(*util::parse_memory_size(util::format_memory_size(ngram::minimum_bounded_memory())) ==
        ngram::minimum_bounded_memory());
}

TEST_CASE("spill files give back what was written, compressible or not, and leave nothing behind") {
  ScratchDir dir("spill");
  io::SpillSettings settings;
  settings.directory = dir.path();
  settings.block_bytes = 4096;
  settings.statistics = std::make_shared<io::SpillStatistics>();
  std::vector<std::uint32_t> values(100000);
  std::mt19937 random(7);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = i % 3 == 0 ? random() : static_cast<std::uint32_t>(i / 10);
  io::SpillHandle file;
  {
    io::SpillWriter writer(settings, sizeof(std::uint32_t));
    writer.write(values.data(), 1000 * sizeof(std::uint32_t));
    writer.write(values.data() + 1000, (values.size() - 1000) * sizeof(std::uint32_t));
    file = writer.finish();
  }
  CHECK(dir.empty());  // unlinked at once
  CHECK(file->raw_bytes() == values.size() * sizeof(std::uint32_t));
  CHECK(file->stored_bytes() < file->raw_bytes());
  CHECK(settings.statistics->held == file->stored_bytes());
  for (int pass = 0; pass < 2; ++pass) {  // read twice, by two readers
    io::SpillReader reader(file);
    std::vector<std::uint32_t> back;
    for (auto block = reader.next_block(); !block.empty(); block = reader.next_block()) {
      CHECK(block.size() % sizeof(std::uint32_t) == 0);
      const auto* begin = reinterpret_cast<const std::uint32_t*>(block.data());
      back.insert(back.end(), begin, begin + block.size() / sizeof(std::uint32_t));
    }
    CHECK(back == values);
  }
  file.reset();
  CHECK(settings.statistics->held == 0);
  CHECK(settings.statistics->peak > 0);

  io::SpillSettings missing;
  missing.directory = dir.file("no-such-directory");
  CHECK_THROWS_AS(io::SpillWriter(missing, 4), io::SpillError);
}

namespace {

using Record = ngram::bounded::CountRecord<3>;

// Sorts `records` with an external sorter of `memory_bytes` and fan-in `fan_in`, reads them back.
template <typename Combine>
std::vector<Record> external_sort(const std::vector<Record>& records, std::size_t memory_bytes, std::size_t fan_in,
                                  std::size_t threads, const std::string& directory, bool keep_in_memory,
                                  std::size_t* runs = nullptr) {
  ngram::SortSettings settings;
  settings.spill.directory = directory;
  settings.spill.block_bytes = 4096;
  settings.memory_bytes = memory_bytes;
  settings.fan_in = fan_in;
  settings.threads = threads;
  ngram::ExternalSorter<Record, ngram::bounded::SuffixOrder, Combine> sorter(settings);
  for (const auto& record : records) sorter.push(record);
  ngram::SortedRuns sorted = sorter.finish(keep_in_memory);
  if (runs != nullptr) *runs = sorted.files.size();
  ngram::RunMerge<Record, ngram::bounded::SuffixOrder, Combine> merge(sorted);
  std::vector<Record> back;
  Record record;
  while (merge.next(record)) back.push_back(record);
  return back;
}

std::vector<Record> random_records(std::size_t size, std::uint32_t words, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<Record> records(size);
  for (auto& record : records) {
    for (auto& id : record.ids) id = random() % words;
    record.count = 1 + random() % 3;
  }
  return records;
}

}  // namespace

TEST_CASE("external sort: counts combined across many runs and merge levels, as a map counts them") {
  ScratchDir dir("sort");
  auto records = random_records(200000, 40, 11);  // 64,000 distinct keys, most repeated
  std::map<std::array<std::uint32_t, 3>, std::uint64_t> expected;
  for (const auto& record : records) {
    std::array<std::uint32_t, 3> reversed{record.ids[2], record.ids[1], record.ids[0]};
    expected[reversed] += record.count;
  }
  for (std::size_t threads : {1, 2}) {
    for (std::size_t memory : {std::size_t{1} << 12, std::size_t{1} << 16, std::size_t{64} << 20}) {
      CAPTURE(threads);
      CAPTURE(memory);
      std::size_t runs = 0;
      auto sorted = external_sort<ngram::bounded::AddCounts>(records, memory, 3, threads, dir.path(), true, &runs);
      CHECK(runs <= 3);
      REQUIRE(sorted.size() == expected.size());
      auto want = expected.begin();
      bool all_equal = true;
      for (const auto& record : sorted) {
        std::array<std::uint32_t, 3> reversed{record.ids[2], record.ids[1], record.ids[0]};
        all_equal = all_equal && reversed == want->first && record.count == want->second;
        ++want;
      }
      CHECK(all_equal);
      CHECK(dir.empty());
    }
  }
}

TEST_CASE("external sort: unique keys keep every record, in memory or spilled, on one or two threads") {
  ScratchDir dir("unique");
  auto records = random_records(150000, 1000000, 5);
  auto expected = records;
  std::stable_sort(expected.begin(), expected.end(), ngram::bounded::SuffixOrder());
  for (std::size_t threads : {1, 2}) {
    for (bool keep_in_memory : {true, false}) {
      for (std::size_t memory : {std::size_t{1} << 14, std::size_t{64} << 20}) {
        auto sorted = external_sort<ngram::KeepAll>(records, memory, 4, threads, dir.path(), keep_in_memory);
        REQUIRE(sorted.size() == expected.size());
        bool ordered = true;
        for (std::size_t i = 0; i < sorted.size(); ++i) {
          ordered = ordered && !ngram::bounded::SuffixOrder()(sorted[i], expected[i]) &&
                    !ngram::bounded::SuffixOrder()(expected[i], sorted[i]);
        }
        CHECK(ordered);
      }
    }
  }
}

TEST_CASE("training in bounded memory writes the ARPA file of training in memory, byte for byte") {
  ScratchDir dir("bounded");
  // Enough text that 4 MiB of memory spills many runs at every order.
  std::mt19937 random(3);
  std::vector<std::string> words;
  for (int i = 0; i < 3000; ++i) words.push_back(fmt::format("w{}", i));
  std::ofstream corpus(dir.file("corpus.txt"));
  for (int line = 0; line < 25000; ++line) {
    int length = 1 + static_cast<int>(random() % 12);
    for (int k = 0; k < length; ++k) {
      // Zipf-like: small ids far more often, so that counts of counts are well filled.
      std::uint32_t id = static_cast<std::uint32_t>(words.size() * std::pow(static_cast<double>(random() % 10000) / 10000.0, 3.0));
      corpus << (k > 0 ? " " : "") << words[id];
    }
    corpus << '\n';
  }
  corpus.close();
  const std::vector<std::string> files{dir.file("corpus.txt")};
  // Every method in the registry, so that a new one is tested the day it is added, and Katz with
  // other cut-offs (unigrams too) and discount ranges than its defaults.
  struct Setup {
    std::string smoothing;
    std::vector<std::uint64_t> katz_min = {};
    std::vector<std::uint64_t> katz_max = {};
  };
  std::vector<Setup> setups;
  for (const auto* method : ngram::smoothing_methods()) setups.push_back({std::string(method->name())});
  setups.push_back({"katz", {2, 2, 3}, {3, 5}});
  setups.push_back({"katz", {1}, {5}});
  for (const auto& setup : setups) {
    const std::string& smoothing = setup.smoothing;
    CAPTURE(smoothing);
    CAPTURE(setup.katz_min.size());
    ngram::TrainingOptions options;
    options.estimation.order = 4;
    options.estimation.smoothing = smoothing;
    if (!setup.katz_min.empty()) options.estimation.katz_min_counts = setup.katz_min;
    if (!setup.katz_max.empty()) options.estimation.katz_max_counts = setup.katz_max;
    options.estimation.discount_fallback = true;
    options.threads = smoothing == "katz" ? 1 : 2;
    auto in_memory = ngram::train_language_model(files, options);
    REQUIRE(in_memory);
    REQUIRE(ngram::write_arpa(*in_memory, dir.file("memory.arpa")).is_ok());
    ngram::BoundedMemoryOptions bounded;
    bounded.memory_bytes = ngram::minimum_bounded_memory();
    bounded.temporary_directory = dir.path() + "/spill";
    fs::create_directories(bounded.temporary_directory);
    ngram::ArpaStreamWriter out(dir.file("bounded.arpa"));
    auto summary = ngram::train_language_model_bounded(files, options, bounded, out);
    if (!summary) FAIL(summary.message());
    CHECK(summary->temporary_bytes > 0);
    CHECK(summary->vocabulary_size == in_memory->vocabulary.size());
    CHECK(read_all(dir.file("memory.arpa")) == read_all(dir.file("bounded.arpa")));
    CHECK(fs::is_empty(bounded.temporary_directory));
  }
}

TEST_CASE("bounded training: too little memory, pruning and a missing directory are errors") {
  ngram::EstimationOptions estimation;
  ngram::BoundedMemoryOptions bounded;
  bounded.memory_bytes = ngram::minimum_bounded_memory() - 1;
  auto status = ngram::check_bounded_options(estimation, bounded);
  REQUIRE_FALSE(status.is_ok());
  CHECK(status.message().find("the smallest that works is 4M") != std::string::npos);
  bounded.memory_bytes = ngram::minimum_bounded_memory();
  CHECK(ngram::check_bounded_options(estimation, bounded).is_ok());
  estimation.prune_thresholds = {1};
  CHECK_FALSE(ngram::check_bounded_options(estimation, bounded).is_ok());
  estimation.prune_thresholds.clear();
  bounded.temporary_directory = "/nonexistent/gramvec";
  status = ngram::check_bounded_options(estimation, bounded);
  REQUIRE_FALSE(status.is_ok());
  CHECK(status.message().find("/nonexistent/gramvec") != std::string::npos);
}
