// Spill files: temporary data that does not fit in memory, written once front to back as
// zstd-compressed blocks and read back sequentially (any number of times, by any number of
// readers). The file has no name (O_TMPFILE, or unlinked as soon as it is created), so nothing is
// left behind whatever happens; it goes when the last handle closes its descriptor.
//
// Block format (native byte order: the file never leaves this process):
//   u32 raw size, u32 stored size, then the stored bytes (zstd frame, or the raw bytes
//   themselves when the stored size equals the raw size).
//
// Failures (disk full, I/O errors) throw SpillError, which the stage that owns the spill files
// turns into a Status at its boundary; a spill failure never yields partial data.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace gramvec::io {

class SpillError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bytes on disk of the spill files of one job: written in all, held now and held at most.
struct SpillStatistics {
  std::atomic<std::uint64_t> written{0};
  std::atomic<std::uint64_t> held{0};
  std::atomic<std::uint64_t> peak{0};
  void add(std::uint64_t bytes);
  void remove(std::uint64_t bytes) { held -= bytes; }
};

// Where spill files go and how they are cut.
struct SpillSettings {
  std::shared_ptr<SpillStatistics> statistics;  // may be null
  std::string directory;                 // empty: temporary_directory()
  std::size_t block_bytes = 1U << 18;    // raw bytes per compressed block
  // zstd level: a fast (negative) level, since the records are written once and read once or
  // twice. On corpus-en at --memory 1G, level -5 writes 40% more bytes than level 1 but makes
  // the whole estimation about a fifth faster.
  int compression_level = -5;
};

// An open, unlinked spill file and what it holds.
class SpillFile {
 public:
  SpillFile(int descriptor, std::string directory, std::shared_ptr<SpillStatistics> statistics)
      : descriptor_(descriptor), directory_(std::move(directory)), statistics_(std::move(statistics)) {}
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  int descriptor() const { return descriptor_; }
  const std::string& directory() const { return directory_; }
  std::uint64_t stored_bytes() const { return stored_bytes_; }
  std::uint64_t raw_bytes() const { return raw_bytes_; }

 private:
  friend class SpillWriter;
  int descriptor_;
  std::string directory_;
  std::shared_ptr<SpillStatistics> statistics_;
  std::uint64_t stored_bytes_ = 0;
  std::uint64_t raw_bytes_ = 0;
};

using SpillHandle = std::shared_ptr<const SpillFile>;

// Writes one spill file. Data is cut into blocks of settings.block_bytes (a multiple of the
// caller's record size keeps records whole within a block: use write_records).
class SpillWriter {
 public:
  explicit SpillWriter(const SpillSettings& settings, std::size_t record_bytes = 1);
  ~SpillWriter();
  SpillWriter(const SpillWriter&) = delete;
  SpillWriter& operator=(const SpillWriter&) = delete;

  void write(const void* data, std::size_t bytes);
  // Flushes the last block and hands over the file for reading.
  SpillHandle finish();

 private:
  void flush_block();

  SpillSettings settings_;
  std::shared_ptr<SpillFile> file_;
  std::vector<std::byte> block_;
  std::size_t block_limit_;
  std::vector<std::byte> compressed_;
  void* context_ = nullptr;  // ZSTD_CCtx
};

// Reads a spill file back block by block.
class SpillReader {
 public:
  SpillReader() = default;
  // Blocks are handed out 8-byte aligned; a writer given a record size keeps records whole.
  explicit SpillReader(SpillHandle file);
  ~SpillReader();
  SpillReader(SpillReader&& other) noexcept;
  SpillReader& operator=(SpillReader&& other) noexcept;
  SpillReader(const SpillReader&) = delete;
  SpillReader& operator=(const SpillReader&) = delete;

  // The next block's raw bytes, valid until the next call; empty at the end of the file.
  std::span<const std::byte> next_block();

 private:
  SpillHandle file_;
  std::uint64_t offset_ = 0;
  std::vector<std::uint64_t> raw_;  // 8-byte aligned
  std::vector<std::byte> stored_;
  void* context_ = nullptr;  // ZSTD_DCtx
};

// Free bytes for an unprivileged writer on the file system holding `directory`; -1 if unknown.
std::int64_t free_disk_bytes(const std::string& directory);

}  // namespace gramvec::io
