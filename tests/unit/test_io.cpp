#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gramvec/io/atomic_file.hpp"
#include "io/line_reader.hpp"
#include "temp_dir.hpp"

namespace {
std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("io: atomic writer leaves nothing behind unless committed") {
  const gramvec::test::TempDir scratch("io_test");
  const std::filesystem::path& directory = scratch.path();
  auto target = directory / "out.txt";
  std::filesystem::remove(target);
  {
    gramvec::io::AtomicFileWriter writer;
    REQUIRE(writer.open(target.string()).is_ok());
    writer.write("half");
  }  // destroyed without commit
  CHECK_FALSE(std::filesystem::exists(target));
  CHECK(std::filesystem::is_empty(directory));
  {
    gramvec::io::AtomicFileWriter writer;
    REQUIRE(writer.open(target.string()).is_ok());
    writer.write("whole\n");
    REQUIRE(writer.commit().is_ok());
  }
  CHECK(slurp(target) == "whole\n");
  std::filesystem::remove_all(directory);
}

TEST_CASE("io: atomic writer writes pipes in place instead of replacing them") {
  // A FIFO in a fresh temporary directory, with its read end opened first (without blocking), so
  // that opening it for writing does not block either; what is written fits in the pipe.
  std::string pattern = (std::filesystem::temp_directory_path() / "gramvec_io_fifo.XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  const std::filesystem::path directory = pattern;
  const std::filesystem::path fifo = directory / "out.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  {
    gramvec::io::AtomicFileWriter writer;
    REQUIRE(writer.open(fifo.string()).is_ok());
    writer.write("through the pipe\n");
    REQUIRE(writer.commit().is_ok());
  }
  // The writer has closed its end: the reader gets the bytes, then end of file.
  std::string received;
  char buffer[256];
  for (ssize_t got; (got = ::read(reader, buffer, sizeof buffer)) > 0;) received.append(buffer, static_cast<std::size_t>(got));
  ::close(reader);
  CHECK(received == "through the pipe\n");
  struct stat info {};
  REQUIRE(::stat(fifo.c_str(), &info) == 0);
  CHECK(S_ISFIFO(info.st_mode));  // still the FIFO, not a file renamed over it
  std::filesystem::remove(fifo);
  CHECK(std::filesystem::is_empty(directory));  // no temporary file beside it
  std::filesystem::remove_all(directory);
}

TEST_CASE("io: line reader gives lines, numbers and offsets, with or without a final newline") {
  auto path = gramvec::test::unique_temp_path("lines_test.txt");
  {
    std::ofstream out(path, std::ios::binary);
    out << "first\n\nthird line\nlast";
  }
  gramvec::io::LineReader reader;
  REQUIRE(reader.open(path.string()).is_ok());
  std::string_view line;
  REQUIRE(reader.next(line));
  CHECK(line == "first");
  REQUIRE(reader.next(line));
  CHECK(line.empty());
  REQUIRE(reader.next(line));
  CHECK(line == "third line");
  CHECK(reader.line_number() == 3);
  CHECK(reader.line_offset() == 7);
  REQUIRE(reader.next(line));
  CHECK(line == "last");
  CHECK_FALSE(reader.next(line));
  CHECK(reader.status().is_ok());
  std::filesystem::remove(path);

  gramvec::io::LineReader missing;
  auto status = missing.open("/nonexistent/gramvec.txt");
  REQUIRE_FALSE(status.is_ok());
  CHECK(status.message().find("/nonexistent/gramvec.txt") != std::string::npos);
}
