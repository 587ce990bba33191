#include "ngram/count/sentence_reader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "io/compressed_input.hpp"
#include "io/corpus_ranges.hpp"
#include "util/progress.hpp"

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
                          vocab::Vocabulary& vocabulary, bool fixed_vocabulary, const SentenceSink& sink,
                          std::uint64_t part_ids, text::CorpusStats& stats) {
  SentenceStream stream;
  SentenceCollector collector(vocabulary, fixed_vocabulary, stream);
  text::CorpusReader reader(corpus);
  GRAMVEC_TRY(reader.read(files, [&](std::span<const std::string_view> tokens) {
    collector.add(tokens);
    if (stream.ids.size() >= part_ids) {
      sink(stream);
      stream.ids.clear();
      stream.sentences = 0;
    }
  }));
  if (stream.sentences > 0) sink(stream);
  stats = reader.stats();
  return Status::ok();
}

// The sentences of one range, with ids of its own vocabulary (unless the vocabulary is fixed).
struct Part {
  vocab::Vocabulary vocabulary;
  SentenceStream stream;
  Status status;
};

// Hands `part` to `sink`, its ids mapped to `vocabulary` (new words inserted in the part's order
// of first appearance), and frees it.
void join(Part& part, vocab::Vocabulary& vocabulary, bool fixed_vocabulary, const SentenceSink& sink) {
  if (!fixed_vocabulary) {
    std::vector<WordId> to_joined(part.vocabulary.size());
    for (WordId id = 0; id < part.vocabulary.size(); ++id) to_joined[id] = vocabulary.insert(part.vocabulary.word(id));
    for (WordId& id : part.stream.ids) id = to_joined[id];
  }
  sink(part.stream);
  part = Part();
}

}  // namespace

Status read_sentences_streaming(const std::vector<std::string>& files, const SentenceReadOptions& options,
                                vocab::Vocabulary& vocabulary, bool fixed_vocabulary, const SentenceSink& sink,
                                text::CorpusStats& stats) {
  std::size_t threads = options.threads > 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const std::uint64_t one_thread_part_ids = options.range_bytes > 0 ? options.range_bytes / 4 : kMaxRangeBytes;
  if (threads <= 1 || !all_plain_regular_files(files)) {
    return read_on_one_thread(files, options.corpus, vocabulary, fixed_vocabulary, sink, one_thread_part_ids, stats);
  }
  auto corpus = io::describe_corpus(files, "the corpus is read in byte ranges");
  if (!corpus) return corpus.status();
  const std::uint64_t total_bytes = io::corpus_bytes(*corpus);
  std::uint64_t range_bytes = options.range_bytes;
  if (range_bytes == 0) range_bytes = std::clamp<std::uint64_t>(total_bytes / (threads * 4), kMinRangeBytes, kMaxRangeBytes);
  auto ranges = io::split_at_line_starts(*corpus, range_bytes);
  if (!ranges) return ranges.status();
  if (ranges->size() <= 1) {
    return read_on_one_thread(files, options.corpus, vocabulary, fixed_vocabulary, sink, one_thread_part_ids, stats);
  }

  std::vector<Part> parts(ranges->size());
  std::vector<std::uint8_t> part_done(ranges->size(), 0);
  const std::size_t workers = std::min(threads, parts.size());
  // Parts are handed on in input order; workers stay at most this many ranges ahead of the
  // oldest part not yet handed on, which bounds the memory held.
  const std::size_t window = options.max_parts_in_flight > 0 ? std::max(options.max_parts_in_flight, workers)
                                                             : parts.size();
  std::vector<text::CorpusStats> worker_stats(workers);
  text::CorpusOptions range_options = options.corpus;
  range_options.show_progress = false;
  // Ranges are taken in order, so when one fails every earlier one is read to its end: the
  // error reported is the first in input order.
  std::size_t next = 0;
  std::size_t joined = 0;
  bool stop = false;
  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t bytes_done = 0;
  std::size_t workers_done = 0;
  std::vector<std::thread> pool;
  for (std::size_t worker = 0; worker < workers; ++worker) {
    pool.emplace_back([&, worker] {
      text::CorpusReader reader(range_options);
      for (;;) {
        std::size_t index = 0;
        {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return stop || next >= parts.size() || next < joined + window; });
          if (stop || next >= parts.size()) break;
          index = next++;
        }
        Part& part = parts[index];
        const io::LineRange& range = (*ranges)[index];
        SentenceCollector collector(fixed_vocabulary ? vocabulary : part.vocabulary, fixed_vocabulary, part.stream);
        part.status = reader.read_range((*corpus)[range.file].path, range.begin, range.end,
                                        [&](std::span<const std::string_view> tokens) { collector.add(tokens); });
        std::lock_guard lock(mutex);
        if (!part.status.is_ok()) stop = true;
        part_done[index] = 1;
        bytes_done += range.end - range.begin;
        changed.notify_all();
      }
      worker_stats[worker] = reader.stats();
      std::lock_guard lock(mutex);
      ++workers_done;
      changed.notify_all();
    });
  }
  util::Progress progress("reading", total_bytes, options.corpus.show_progress);
  Status failure = Status::ok();
  std::exception_ptr sink_failure;
  {
    std::unique_lock lock(mutex);
    while (joined < parts.size()) {
      changed.wait(lock, [&] { return part_done[joined] != 0 || workers_done == workers; });
      progress.update(bytes_done);
      if (part_done[joined] == 0) break;  // the workers stopped on an error
      Part& part = parts[joined];
      if (!part.status.is_ok()) {
        failure = part.status;
        stop = true;
        changed.notify_all();
        break;
      }
      // A fixed vocabulary is only read by the workers, so joining may run beside them; a growing
      // one is each part's own until here.
      lock.unlock();
      try {
        join(part, vocabulary, fixed_vocabulary, sink);
      } catch (...) {
        // The sink failed (a full disk, say): stop the workers before passing it on.
        sink_failure = std::current_exception();
      }
      lock.lock();
      if (sink_failure) {
        stop = true;
        changed.notify_all();
        break;
      }
      ++joined;
      changed.notify_all();
    }
  }
  for (auto& thread : pool) thread.join();
  if (sink_failure) std::rethrow_exception(sink_failure);
  GRAMVEC_TRY(failure);
  for (const Part& part : parts) GRAMVEC_TRY(part.status);
  progress.finish();
  stats = text::CorpusStats();
  for (const auto& figures : worker_stats) stats.add(figures);
  return Status::ok();
}

Status read_sentences_into(const std::vector<std::string>& files, const SentenceReadOptions& options,
                           vocab::Vocabulary& vocabulary, bool fixed_vocabulary, SentenceStream& stream,
                           text::CorpusStats& stats) {
  return read_sentences_streaming(files, options, vocabulary, fixed_vocabulary,
                                  [&](const SentenceStream& part) {
                                    stream.ids.insert(stream.ids.end(), part.ids.begin(), part.ids.end());
                                    stream.sentences += part.sentences;
                                  },
                                  stats);
}

}  // namespace gramvec::ngram
