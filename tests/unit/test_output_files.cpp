// Outputs and temporary files: nothing left behind, with or without O_TMPFILE; a replaced file
// keeps its mode; an output that is one of the inputs is refused before any work.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gramvec/io/atomic_file.hpp"
#include "io/output_paths.hpp"
#include "io/spill_file.hpp"
#include "io/temporary_file.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
namespace io = gramvec::io;
using gramvec::test::TempDir;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::string> entries(const std::string& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) names.push_back(entry.path().filename().string());
  return names;
}

mode_t mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// Runs the body once with unnamed temporaries (O_TMPFILE, where the system has it) and once with
// named ones, as on systems without.
struct TemporaryKind {
  explicit TemporaryKind(bool named) { io::use_named_temporaries_for_testing(named); }
  ~TemporaryKind() { io::use_named_temporaries_for_testing(false); }
  TemporaryKind(const TemporaryKind&) = delete;
  TemporaryKind& operator=(const TemporaryKind&) = delete;
};

// Sets the umask for one test, restored after.
struct Umask {
  explicit Umask(mode_t mask) : previous(::umask(mask)) {}
  ~Umask() { ::umask(previous); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;
  mode_t previous;
};

}  // namespace

TEST_CASE("output files: the atomic writer shows no partial file, keeps a replaced file's mode") {
  for (bool named : {false, true}) {
    CAPTURE(named);
    TemporaryKind kind(named);
    TempDir dir(named ? "output_named" : "output_unnamed");
    const std::string target = dir.file("out.txt");
    write_text(target, "previous\n");
    REQUIRE(::chmod(target.c_str(), 0640) == 0);
    {
      io::AtomicFileWriter writer;
      REQUIRE(writer.open(target).is_ok());
      writer.write("half");
      // While it is written: the previous file untouched; a temporary name only without O_TMPFILE.
      CHECK(slurp(target) == "previous\n");
      if (!named) CHECK(entries(dir.file("")) == std::vector<std::string>{"out.txt"});
      if (named) CHECK(entries(dir.file("")).size() == 2);
    }  // destroyed without commit
    CHECK(slurp(target) == "previous\n");
    CHECK(entries(dir.file("")) == std::vector<std::string>{"out.txt"});
    {
      io::AtomicFileWriter writer;
      REQUIRE(writer.open(target).is_ok());
      writer.write("whole\n");
      REQUIRE(writer.commit().is_ok());
    }
    CHECK(slurp(target) == "whole\n");
    CHECK(mode_of(target) == 0640);
    CHECK(entries(dir.file("")) == std::vector<std::string>{"out.txt"});

    // A new file: 0666 less the umask, not the 0600 of a temporary file.
    {
      Umask mask(027);
      io::AtomicFileWriter writer;
      REQUIRE(writer.open(dir.file("new.txt")).is_ok());
      writer.write("new\n");
      REQUIRE(writer.commit().is_ok());
    }
    CHECK(mode_of(dir.file("new.txt")) == 0640);

    // Through a symbolic link: the file it points to is replaced, the link stays.
    fs::create_symlink("out.txt", dir.file("link.txt"));
    {
      io::AtomicFileWriter writer;
      REQUIRE(writer.open(dir.file("link.txt")).is_ok());
      writer.write("linked\n");
      REQUIRE(writer.commit().is_ok());
    }
    CHECK(fs::is_symlink(dir.file("link.txt")));
    CHECK(slurp(target) == "linked\n");
    CHECK(entries(dir.file("")).size() == 3);
  }
}

TEST_CASE("output files: spill files and probes leave nothing in their directory") {
  for (bool named : {false, true}) {
    CAPTURE(named);
    TemporaryKind kind(named);
    TempDir dir(named ? "spill_named" : "spill_unnamed");
    io::SpillSettings settings;
    settings.directory = dir.file("");
    io::SpillWriter writer(settings, 8);
    std::uint64_t value = 42;
    writer.write(&value, sizeof value);
    io::SpillHandle handle = writer.finish();
    CHECK(entries(dir.file("")).empty());
    io::SpillReader reader(handle);
    CHECK(reader.next_block().size() == sizeof value);

    CHECK(io::check_output_location(dir.file("out.txt")).is_ok());
    CHECK(io::temporary_directory_error(dir.file("")) == 0);
    CHECK(entries(dir.file("")).empty());
  }
}

TEST_CASE("output files: a temporary name is removed unless kept") {
  TempDir dir("temporary_name");
  write_text(dir.file("a"), "a");
  write_text(dir.file("b"), "b");
  { io::TemporaryName name(dir.file("a")); }
  CHECK_FALSE(fs::exists(dir.file("a")));
  {
    io::TemporaryName name(dir.file("b"));
    io::TemporaryName moved = std::move(name);
    CHECK(name.empty());
    moved.keep();
  }
  CHECK(fs::exists(dir.file("b")));
}

TEST_CASE("output files: an output that is an input or another output is refused") {
  TempDir dir("same_file");
  const std::string input = dir.file("in.txt");
  write_text(input, "text\n");
  fs::create_hard_link(input, dir.file("hard.txt"));
  fs::create_symlink("in.txt", dir.file("soft.txt"));
  auto refused = [&](const std::string& output) {
    auto status = io::check_distinct_outputs({{dir.file("other.txt"), "input"}, {input, "input"}}, {{output, "-o"}});
    return !status.is_ok() && status.is_usage_error();
  };
  CHECK(refused(input));
  CHECK(refused(dir.file("hard.txt")));
  CHECK(refused(dir.file("soft.txt")));
  CHECK(refused(dir.file("./in.txt")));
  CHECK_FALSE(refused(dir.file("out.txt")));
  CHECK_FALSE(refused("-"));
  CHECK_FALSE(refused("/dev/null"));

  auto same = io::check_distinct_outputs({{input, "input"}}, {{input, "-o"}});
  REQUIRE_FALSE(same.is_ok());
  CHECK(same.message() == "-o " + input + " is the same file as the input " + input + ": it would be overwritten");

  // Two outputs that do not exist yet, named differently.
  const std::string directory_name = fs::path(dir.file("new.bin")).parent_path().filename().string();
  auto outputs = io::check_distinct_outputs(
      {}, {{dir.file("new.bin"), "-o"}, {dir.file("../" + directory_name + "/new.bin"), "--save-state"}});
  CHECK(outputs.is_usage_error());
  CHECK(io::check_distinct_outputs({}, {{"/dev/null", "-o"}, {"/dev/null", "--save-state"}}).is_ok());
}

TEST_CASE("output files: an output directory that is missing or not a directory is found before any work") {
  TempDir dir("output_location");
  write_text(dir.file("file"), "x");
  auto missing = io::check_output_location(dir.file("nosuch/out.arpa"));
  REQUIRE_FALSE(missing.is_ok());
  CHECK_FALSE(missing.is_usage_error());
  CHECK(missing.message().find("nosuch/out.arpa") != std::string::npos);
  CHECK(missing.message().find("No such file or directory") != std::string::npos);
  CHECK_FALSE(io::check_output_location(dir.file("file/out.arpa")).is_ok());
  CHECK_FALSE(io::check_output_location(dir.file("")).is_ok());
  CHECK(io::check_output_location("-").is_ok());
  CHECK(io::check_output_location("/dev/null").is_ok());
  CHECK(io::temporary_directory_error(dir.file("nosuch")) == ENOENT);
  CHECK(entries(dir.file("")) == std::vector<std::string>{"file"});
}
