#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gramvec/io/atomic_file.hpp"
#include "io/line_reader.hpp"

namespace {
std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("io: atomic writer leaves nothing behind unless committed") {
  auto directory = std::filesystem::temp_directory_path() / "gramvec_io_test";
  std::filesystem::create_directories(directory);
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

TEST_CASE("io: atomic writer writes devices in place instead of replacing them") {
  gramvec::io::AtomicFileWriter writer;
  REQUIRE(writer.open("/dev/null").is_ok());
  writer.write("discarded");
  REQUIRE(writer.commit().is_ok());
  struct stat info {};
  REQUIRE(::stat("/dev/null", &info) == 0);
  CHECK(S_ISCHR(info.st_mode));
}

TEST_CASE("io: line reader gives lines, numbers and offsets, with or without a final newline") {
  auto path = std::filesystem::temp_directory_path() / "gramvec_lines_test.txt";
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
