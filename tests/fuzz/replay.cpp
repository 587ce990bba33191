// Runs the fuzz targets' entry points over their seeds and regression inputs (see
// CMakeLists.txt): the ctest test `fuzz_replay`. A target that crashes takes the process down
// with the sanitizer's report; the input's path is printed on stderr just before, to reproduce
// it with `gramvec_fuzz_replay SOURCE_DIR TARGET FILE`.
//
//   gramvec_fuzz_replay SOURCE_DIR                every target, every seed and regression
//   gramvec_fuzz_replay SOURCE_DIR TARGET [FILE...] one target: its inputs, or the FILEs given
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#define GRAMVEC_FUZZ_TARGET(name) extern "C" int gramvec_fuzz_##name(const std::uint8_t* data, std::size_t size);
#include "replay_targets.inc"
#undef GRAMVEC_FUZZ_TARGET

namespace {

namespace fs = std::filesystem;

struct Target {
  std::string_view name;
  int (*run)(const std::uint8_t*, std::size_t);
};

constexpr Target kTargets[] = {
#define GRAMVEC_FUZZ_TARGET(name) {#name, gramvec_fuzz_##name},
#include "replay_targets.inc"
#undef GRAMVEC_FUZZ_TARGET
};

// Files of `path` (itself, or every regular file below it, sorted); none if it does not exist.
void add_files(const fs::path& path, std::vector<fs::path>& files) {
  if (fs::is_regular_file(path)) {
    files.push_back(path);
    return;
  }
  if (!fs::is_directory(path)) return;
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    if (entry.is_regular_file() && entry.path().filename().string().front() != '.') found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
}

// The seeds that targets.txt lists for `name`, then tests/fuzz/regressions/NAME/.
std::vector<fs::path> inputs_of(const fs::path& source, std::string_view name) {
  std::vector<fs::path> files;
  std::ifstream list(source / "tests/fuzz/targets.txt");
  std::string line;
  while (std::getline(list, line)) {
    std::istringstream fields(line);
    std::string target, max_len, dictionary, seed;
    if (!(fields >> target >> max_len >> dictionary) || target != name) continue;
    while (fields >> seed) add_files(source / seed, files);
  }
  add_files(source / "tests/fuzz/regressions" / std::string(name), files);
  return files;
}

bool run_file(const Target& target, const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz replay: cannot read %s\n", path.c_str());
    return false;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::fprintf(stderr, "fuzz replay: %.*s %s\n", static_cast<int>(target.name.size()), target.name.data(),
               path.c_str());
  target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SOURCE_DIR [TARGET [FILE...]]\n", argv[0]);
    return 2;
  }
  fs::path source = argv[1];
  std::string_view only = argc > 2 ? argv[2] : "";
  std::size_t passed = 0;
  std::size_t failed = 0;
  bool known = only.empty();
  for (const Target& target : kTargets) {
    if (!only.empty() && target.name != only) continue;
    known = true;
    std::vector<fs::path> files;
    if (argc > 3) {
      for (int i = 3; i < argc; ++i) files.emplace_back(argv[i]);
    } else {
      files = inputs_of(source, target.name);
      // A target without inputs would pass without testing anything.
      if (files.empty()) {
        std::fprintf(stderr, "fuzz replay: no inputs for %.*s\n", static_cast<int>(target.name.size()),
                     target.name.data());
        ++failed;
      }
    }
    for (const fs::path& file : files) (run_file(target, file) ? passed : failed) += 1;
  }
  if (!known) {
    std::fprintf(stderr, "fuzz replay: unknown target %.*s\n", static_cast<int>(only.size()), only.data());
    return 2;
  }
  std::printf("%zu passed, %zu failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
