#include "ngram/count/sentence_reader.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "io/compressed_input.hpp"
#include "io/corpus_ranges.hpp"
#include "util/concurrency.hpp"
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
  text::CorpusStats stats;
  std::uint64_t bytes = 0;
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
  const std::size_t threads = util::thread_count(options.threads);
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

  const std::size_t workers = std::min(threads, ranges->size());
  // Parts are handed on in input order; workers stay at most this many ranges ahead of the
  // oldest part not yet handed on, which bounds the memory held.
  const std::size_t window = options.max_parts_in_flight > 0 ? std::max(options.max_parts_in_flight, workers) : 0;
  text::CorpusOptions range_options = options.corpus;
  range_options.show_progress = false;
  util::Progress progress("reading", total_bytes, options.corpus.show_progress);
  std::uint64_t bytes_done = 0;
  Status failure = Status::ok();
  stats = text::CorpusStats();
  // Parts are handed on in input order, so the error reported is the first in input order.
  util::OrderedParallelMap<std::size_t, Part> read(
      workers,
      [&](std::size_t& index) {
        Part part;
        const io::LineRange& range = (*ranges)[index];
        text::CorpusReader reader(range_options);
        // A fixed vocabulary is only read until the end, so parts may be handed on beside the
        // reading; a growing one is each part's own until it is handed on.
        SentenceCollector collector(fixed_vocabulary ? vocabulary : part.vocabulary, fixed_vocabulary, part.stream);
        part.status = reader.read_range((*corpus)[range.file].path, range.begin, range.end,
                                        [&](std::span<const std::string_view> tokens) { collector.add(tokens); });
        part.stats = reader.stats();
        part.bytes = range.end - range.begin;
        return part;
      },
      [&](Part& part) {
        if (!part.status.is_ok()) {
          failure = part.status;
          read.stop();
          return;
        }
        stats.add(part.stats);
        bytes_done += part.bytes;
        progress.update(bytes_done);
        join(part, vocabulary, fixed_vocabulary, sink);
      },
      window);
  for (std::size_t index = 0; index < ranges->size(); ++index) {
    if (!read.submit(index)) break;
  }
  // An exception from the sink (a full disk, say) has stopped the workers and is passed on.
  read.finish();
  GRAMVEC_TRY(failure);
  progress.finish();
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
