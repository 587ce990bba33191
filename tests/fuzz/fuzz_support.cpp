#include "fuzz_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace gramvec::fuzz {

namespace {

std::string& scratch_path() {
  static std::string path;
  return path;
}

void remove_scratch() {
  std::error_code ignored;
  std::filesystem::remove_all(scratch_path(), ignored);
}

}  // namespace

const std::string& scratch_directory() {
  std::string& path = scratch_path();
  if (path.empty()) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/gramvec-fuzz-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path = pattern;
    std::atexit(remove_scratch);
  }
  return path;
}

}  // namespace gramvec::fuzz
