#include "io/temporary_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <random>

namespace gramvec::io {

namespace {

std::atomic<bool> g_named_for_testing{false};

bool proc_available() {
  static const bool available = ::access("/proc/self/fd", X_OK) == 0;
  return available;
}

// O_TMPFILE is refused by file systems that lack it (EOPNOTSUPP) and, on kernels older than
// 3.11, taken for O_DIRECTORY (EISDIR); anything else is a real error about the directory.
bool unsupported(int error) { return error == EOPNOTSUPP || error == EISDIR || error == EINVAL; }

}  // namespace

std::string temporary_directory() {
  const char* directory = std::getenv("TMPDIR");
  return directory != nullptr && directory[0] != '\0' ? std::string(directory) : std::string("/tmp");
}

TemporaryFile create_temporary_file(const std::string& directory, const std::string& named_prefix,
                                    TemporaryUse use, mode_t mode) {
  TemporaryFile file;
  bool may_be_unnamed = !g_named_for_testing.load() && (use == TemporaryUse::scratch || proc_available());
#ifdef O_TMPFILE
  if (may_be_unnamed) {
    file.descriptor = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
    if (file.descriptor >= 0 || !unsupported(errno)) return file;
  }
#else
  (void)may_be_unnamed;
#endif
  // Signals blocked while the name is made and registered: an interrupt in between would
  // otherwise find a file it does not know of.
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &previous);
  int error = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string path = named_prefix + random_name_suffix();
    file.descriptor = ::open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, mode);
    error = errno;
    if (file.descriptor >= 0) {
      file.name = TemporaryName(path);
      break;
    }
    if (error != EEXIST) break;
  }
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (file.descriptor >= 0 && use == TemporaryUse::scratch) file.name.remove();
  errno = error;
  return file;
}

std::string path_of(int descriptor) { return fmt::format("/proc/self/fd/{}", descriptor); }

int link_to(int descriptor, const std::string& path) {
  if (::linkat(AT_FDCWD, path_of(descriptor).c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) != 0) return errno;
  return 0;
}

std::string random_name_suffix() {
  static constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 generator(std::random_device{}() ^
                                         static_cast<std::uint64_t>(::getpid()) ^
                                         static_cast<std::uint64_t>(
                                             std::chrono::steady_clock::now().time_since_epoch().count()));
  std::string suffix(6, 'X');
  for (char& letter : suffix) letter = kLetters[generator() % (sizeof kLetters - 1)];
  return suffix;
}

void use_named_temporaries_for_testing(bool named) { g_named_for_testing.store(named); }

}  // namespace gramvec::io
