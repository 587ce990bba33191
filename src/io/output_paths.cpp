#include "io/output_paths.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "io/temporary_file.hpp"

namespace gramvec::io {

namespace {

// What a file is, for telling whether two names are the same file.
struct Identity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  std::string path;  // resolved, for a file that does not exist yet
  bool operator==(const Identity& other) const {
    return exists == other.exists && (exists ? device == other.device && inode == other.inode : path == other.path);
  }
};

std::optional<std::string> real_path(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return std::nullopt;
  std::string result = resolved;
  std::free(resolved);
  return result;
}

std::optional<Identity> input_identity(const std::string& path) {
  struct stat info {};
  if (path == "-" ? ::fstat(STDIN_FILENO, &info) != 0 : ::stat(path.c_str(), &info) != 0) return std::nullopt;
  if (path == "-" && !S_ISREG(info.st_mode)) return std::nullopt;  // a terminal or pipe
  return Identity{true, info.st_dev, info.st_ino, {}};
}

// Nothing for outputs that cannot destroy a file: stdout, devices, pipes, a directory (refused
// when written) and a path whose directory does not exist (check_output_location reports it).
std::optional<Identity> output_identity(const std::string& path) {
  if (path == "-") return std::nullopt;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (!S_ISREG(info.st_mode)) return std::nullopt;
    return Identity{true, info.st_dev, info.st_ino, {}};
  }
  std::string resolved = resolved_output_path(path);
  std::size_t slash = resolved.rfind('/');
  std::string name = slash == std::string::npos ? resolved : resolved.substr(slash + 1);
  auto directory = real_path(directory_of(resolved));
  if (!directory) return std::nullopt;
  return Identity{false, 0, 0, *directory + "/" + name};
}

}  // namespace

std::string directory_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string resolved_output_path(const std::string& path) {
  struct stat link {};
  if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    if (auto resolved = real_path(path)) return *resolved;
  }
  return path;
}

Status check_distinct_outputs(const std::vector<CommandFile>& inputs, const std::vector<CommandFile>& outputs) {
  std::vector<std::optional<Identity>> output_identities;
  for (const CommandFile& output : outputs) output_identities.push_back(output_identity(output.path));
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (!output_identities[i]) continue;
    for (const CommandFile& input : inputs) {
      auto identity = input_identity(input.path);
      if (identity && *identity == *output_identities[i]) {
        return Status::usage_error(fmt::format("{} {} is the same file as the {} {}: it would be overwritten",
                                               outputs[i].role, outputs[i].path, input.role,
                                               input.path == "-" ? "<stdin>" : input.path));
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (output_identities[j] && *output_identities[j] == *output_identities[i]) {
        return Status::usage_error(fmt::format("{} {} and {} {} are the same file", outputs[j].role, outputs[j].path,
                                               outputs[i].role, outputs[i].path));
      }
    }
  }
  return Status::ok();
}

Status check_output_location(const std::string& path) {
  if (path == "-") return Status::ok();
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return Status::error(fmt::format("{}: is a directory", path));
    if (!S_ISREG(info.st_mode)) return Status::ok();  // a device or pipe, written in place
  }
  const std::string resolved = resolved_output_path(path);
  const std::string directory = directory_of(resolved);
  if (::stat(directory.c_str(), &info) != 0) {
    return Status::error(fmt::format("{}: cannot write in {}: {}", path, directory, std::strerror(errno)));
  }
  if (!S_ISDIR(info.st_mode)) return Status::error(fmt::format("{}: {} is not a directory", path, directory));
  // The one sure test of being allowed to create the output there (permissions, a read-only file
  // system, root's privileges): creating a temporary file as the writer will.
  TemporaryFile probe = create_temporary_file(directory, resolved + ".tmp.", TemporaryUse::linked, 0600);
  if (probe.descriptor < 0) {
    return Status::error(fmt::format("{}: cannot write in {}: {}", path, directory, std::strerror(errno)));
  }
  ::close(probe.descriptor);
  return Status::ok();
}

int temporary_directory_error(const std::string& directory) {
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) return errno;
  if (!S_ISDIR(info.st_mode)) return ENOTDIR;
  // Creating one is the sure test (access() passes for root on any directory but a read-only one).
  TemporaryFile probe = create_temporary_file(directory, directory + "/gramvec-probe-", TemporaryUse::scratch);
  if (probe.descriptor < 0) return errno;
  ::close(probe.descriptor);
  return 0;
}

}  // namespace gramvec::io
