#include "gramvec/text/corpus.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include "gramvec/text/utf8.hpp"
#include "io/line_reader.hpp"
#include "util/progress.hpp"

namespace gramvec::text {

Result<InvalidUtf8Policy> parse_invalid_policy(std::string_view name) {
  if (name == "error") return InvalidUtf8Policy::error;
  if (name == "replace") return InvalidUtf8Policy::replace;
  if (name == "skip") return InvalidUtf8Policy::skip;
  return Status::error(fmt::format("unknown --on-invalid '{}' (expected error, replace or skip)", name));
}

CorpusReader::CorpusReader(CorpusOptions options)
    : options_(options), tokenizer_(options.tokenizer) {}

Status CorpusReader::read(const std::vector<std::string>& paths, const SentenceHandler& on_sentence) {
  // Progress counts bytes of the files on disk (compressed bytes for a compressed file).
  std::uint64_t total_bytes = 0;
  std::uint64_t progress_before = 0;
  for (const auto& path : paths) {
    struct stat info {};
    if (path != "-" && ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      total_bytes += static_cast<std::uint64_t>(info.st_size);
    }
  }
  for (const auto& path : paths) {
    GRAMVEC_TRY(read_one(path, on_sentence, total_bytes, progress_before));
  }
  return Status::ok();
}

Status CorpusReader::read_one(const std::string& path, const SentenceHandler& on_sentence,
                              std::uint64_t total_bytes, std::uint64_t& progress_before) {
  io::LineReader reader;
  GRAMVEC_TRY(reader.open(path));
  util::Progress progress("reading", total_bytes, options_.show_progress);
  GRAMVEC_TRY(read_lines(reader, on_sentence, &progress, progress_before, 0));
  stats_.bytes += reader.bytes_read();
  progress_before += reader.file_position();
  progress.update(progress_before);
  progress.finish();
  return Status::ok();
}

Status CorpusReader::read_range(const std::string& path, std::uint64_t begin, std::uint64_t end,
                                const SentenceHandler& on_sentence) {
  io::LineReader reader;
  GRAMVEC_TRY(reader.open_range(path, begin, end));
  GRAMVEC_TRY(read_lines(reader, on_sentence, nullptr, 0, begin));
  stats_.bytes += reader.bytes_read() - begin;
  return Status::ok();
}

Status CorpusReader::read_lines(io::LineReader& reader, const SentenceHandler& on_sentence, util::Progress* progress,
                                std::uint64_t progress_before, std::uint64_t range_begin) {
  std::string_view line;
  while (reader.next(line)) {
    ++stats_.lines;
    if (progress != nullptr && (reader.line_number() & 0x3ff) == 0) {
      progress->update(progress_before + reader.file_position());
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto bad = find_invalid_utf8(line)) {
      switch (options_.on_invalid) {
        case InvalidUtf8Policy::error: {
          std::uint64_t line_number = reader.line_number();
          if (range_begin > 0) {
            auto lines_before = io::count_lines(reader.name(), range_begin);
            if (!lines_before) return lines_before.status();
            line_number += *lines_before;
          }
          return Status::error(fmt::format("{}:{}: {} at byte offset {}{} (use --on-invalid replace|skip)",
                                           reader.name(), line_number, line[*bad] == '\0' ? "a NUL byte" : "invalid UTF-8",
                                           reader.line_offset() + *bad,
                                           reader.compression() == io::Compression::none
                                               ? ""
                                               : fmt::format(" of the decompressed {} data",
                                                             io::compression_name(reader.compression()))));
        }
        case InvalidUtf8Policy::skip:
          ++stats_.skipped_lines;
          continue;
        case InvalidUtf8Policy::replace:
          repaired_line_ = replace_invalid_utf8(line, stats_.replaced_characters);
          line = repaired_line_;
          break;
      }
    }
    if (options_.split_sentences) {
      auto sentences = tokenizer_.split_sentences(line);
      for (std::string_view sentence : sentences) {
        auto tokens = tokenizer_.tokenize(sentence);
        ++stats_.sentences;
        stats_.tokens += tokens.size();
        on_sentence(tokens);
      }
    } else {
      auto tokens = tokenizer_.tokenize(line);
      ++stats_.sentences;
      stats_.tokens += tokens.size();
      on_sentence(tokens);
    }
  }
  return reader.status();
}

void CorpusStats::add(const CorpusStats& other) {
  lines += other.lines;
  sentences += other.sentences;
  tokens += other.tokens;
  bytes += other.bytes;
  replaced_characters += other.replaced_characters;
  skipped_lines += other.skipped_lines;
}

std::string CorpusReader::invalid_input_summary() const { return text::invalid_input_summary(stats_); }

std::string invalid_input_summary(const CorpusStats& stats) {
  if (stats.replaced_characters > 0) {
    return fmt::format("replaced {} invalid UTF-8 sequence(s) with U+FFFD", stats.replaced_characters);
  }
  if (stats.skipped_lines > 0) {
    return fmt::format("skipped {} line(s) with invalid UTF-8", stats.skipped_lines);
  }
  return {};
}

}  // namespace gramvec::text
