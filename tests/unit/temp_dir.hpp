// A fresh directory for one test case, removed at the end.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace gramvec::test {

// A path in the temporary directory that names this process, so that test runs side by side
// (ctest -j, several checkouts) never share a file.
inline std::filesystem::path unique_temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("gramvec_" + name + "_" + std::to_string(::getpid()));
}

class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(unique_temp_path(name)) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace gramvec::test
