// Stage "read" of estimation in bounded memory: the corpus as word ids in a spill file.
#include <algorithm>
#include <thread>

#include "ngram/bounded/bounded_stages.hpp"

namespace gramvec::ngram::bounded {

Result<IdStream> read_corpus_ids(const std::vector<std::string>& files, const SentenceReadOptions& reading,
                                 const MemoryPlan& plan, vocab::Vocabulary& vocabulary, bool fixed_vocabulary,
                                 text::CorpusStats& stats) {
  IdStream result;
  io::SpillWriter writer(plan.spill, sizeof(WordId));
  SentenceReadOptions options = reading;
  std::size_t threads = options.threads > 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  options.range_bytes = plan.read_range_bytes(threads);
  options.max_parts_in_flight = 2 * threads;
  auto& occurrences = result.occurrences;
  Status status = read_sentences_streaming(
      files, options, vocabulary, fixed_vocabulary,
      [&](const SentenceStream& part) {
        if (occurrences.size() < vocabulary.size()) occurrences.resize(vocabulary.size(), 0);
        for (WordId id : part.ids) ++occurrences[id];
        writer.write(part.ids.data(), part.ids.size() * sizeof(WordId));
        result.sentences += part.sentences;
        result.tokens += part.ids.size();
      },
      stats);
  GRAMVEC_TRY(status);
  occurrences.resize(vocabulary.size(), 0);
  result.ids = writer.finish();
  return result;
}

}  // namespace gramvec::ngram::bounded
