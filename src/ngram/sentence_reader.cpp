#include "gramvec/ngram/sentence_reader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gramvec/io/compressed_input.hpp"
#include "gramvec/io/corpus_ranges.hpp"
#include "gramvec/io/progress.hpp"

namespace gramvec::ngram {

namespace {

constexpr std::uint64_t kMinRangeBytes = std::uint64_t{1} << 16;
constexpr std::uint64_t kMaxRangeBytes = std::uint64_t{1} << 26;

// Whether every file can be read in byte ranges: a regular file of uncompressed data (stdin,
// pipes and compressed files are read from start to end, on one thread). A file that cannot be
// opened gives false too: reading on one thread reports the error.
bool all_plain_regular_files(const std::vector<std::string>& files) {
  for (const auto& path : files) {
    struct stat info {};
    if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
    io::CompressedInput input;
    if (!input.open(path).is_ok() || input.compression() != io::Compression::none) return false;
  }
  return true;
}

Status read_on_one_thread(const std::vector<std::string>& files, const text::CorpusOptions& corpus,
                          vocab::Vocabulary& vocabulary, bool fixed_vocabulary, SentenceStream& stream,
                          text::CorpusStats& stats) {
  SentenceCollector collector(vocabulary, fixed_vocabulary, stream);
  text::CorpusReader reader(corpus);
  GRAMVEC_TRY(reader.read(files, [&](std::span<const std::string_view> tokens) { collector.add(tokens); }));
  stats = reader.stats();
  return Status::ok();
}

// The sentences of one range, with ids of its own vocabulary (unless the vocabulary is fixed).
struct Part {
  vocab::Vocabulary vocabulary;
  SentenceStream stream;
  Status status;
};

// Appends `part` to `stream`, its ids mapped to `vocabulary` (new words inserted in the part's
// order of first appearance), and frees it.
void join(Part& part, vocab::Vocabulary& vocabulary, bool fixed_vocabulary, SentenceStream& stream) {
  if (fixed_vocabulary) {
    stream.ids.insert(stream.ids.end(), part.stream.ids.begin(), part.stream.ids.end());
  } else {
    std::vector<WordId> to_joined(part.vocabulary.size());
    for (WordId id = 0; id < part.vocabulary.size(); ++id) to_joined[id] = vocabulary.insert(part.vocabulary.word(id));
    for (WordId id : part.stream.ids) stream.ids.push_back(to_joined[id]);
  }
  stream.sentences += part.stream.sentences;
  part = Part();
}

}  // namespace

Status read_sentences_into(const std::vector<std::string>& files, const SentenceReadOptions& options,
                           vocab::Vocabulary& vocabulary, bool fixed_vocabulary, SentenceStream& stream,
                           text::CorpusStats& stats) {
  std::size_t threads = options.threads > 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  if (threads <= 1 || !all_plain_regular_files(files)) {
    return read_on_one_thread(files, options.corpus, vocabulary, fixed_vocabulary, stream, stats);
  }
  auto corpus = io::describe_corpus(files, "the corpus is read in byte ranges");
  if (!corpus) return corpus.status();
  const std::uint64_t total_bytes = io::corpus_bytes(*corpus);
  std::uint64_t range_bytes = options.range_bytes;
  if (range_bytes == 0) range_bytes = std::clamp<std::uint64_t>(total_bytes / (threads * 4), kMinRangeBytes, kMaxRangeBytes);
  auto ranges = io::split_at_line_starts(*corpus, range_bytes);
  if (!ranges) return ranges.status();
  if (ranges->size() <= 1) return read_on_one_thread(files, options.corpus, vocabulary, fixed_vocabulary, stream, stats);

  std::vector<Part> parts(ranges->size());
  const std::size_t workers = std::min(threads, parts.size());
  std::vector<text::CorpusStats> worker_stats(workers);
  text::CorpusOptions range_options = options.corpus;
  range_options.show_progress = false;
  // Ranges are taken in order, so when one fails every earlier one is read to its end: the
  // error reported is the first in input order.
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t bytes_done = 0;
  std::size_t workers_done = 0;
  std::vector<std::thread> pool;
  for (std::size_t worker = 0; worker < workers; ++worker) {
    pool.emplace_back([&, worker] {
      text::CorpusReader reader(range_options);
      for (std::size_t index = next++; index < parts.size() && !stop.load(); index = next++) {
        Part& part = parts[index];
        const io::LineRange& range = (*ranges)[index];
        SentenceCollector collector(fixed_vocabulary ? vocabulary : part.vocabulary, fixed_vocabulary, part.stream);
        part.status = reader.read_range((*corpus)[range.file].path, range.begin, range.end,
                                        [&](std::span<const std::string_view> tokens) { collector.add(tokens); });
        if (!part.status.is_ok()) stop.store(true);
        std::lock_guard lock(mutex);
        bytes_done += range.end - range.begin;
        changed.notify_one();
      }
      worker_stats[worker] = reader.stats();
      std::lock_guard lock(mutex);
      ++workers_done;
      changed.notify_one();
    });
  }
  io::Progress progress("reading", total_bytes, options.corpus.show_progress);
  {
    std::unique_lock lock(mutex);
    while (workers_done < workers) {
      changed.wait(lock);
      progress.update(bytes_done);
    }
  }
  for (auto& thread : pool) thread.join();
  for (const Part& part : parts) GRAMVEC_TRY(part.status);
  progress.finish();

  std::size_t total_ids = stream.ids.size();
  for (const Part& part : parts) total_ids += part.stream.ids.size();
  stream.ids.reserve(total_ids);
  for (Part& part : parts) join(part, vocabulary, fixed_vocabulary, stream);
  stats = text::CorpusStats();
  for (const auto& figures : worker_stats) stats.add(figures);
  return Status::ok();
}

}  // namespace gramvec::ngram
