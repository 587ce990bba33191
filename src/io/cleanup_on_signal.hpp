// Names of temporary files, removed when SIGINT, SIGTERM or SIGHUP ends the process.
//
// Most temporaries have no name at all (O_TMPFILE, or unlinked as soon as they are created), so
// the kernel frees them however the process ends, SIGKILL included. A name exists only where
// that is impossible (a file system without O_TMPFILE, no /proc) and for the instant between
// linking a finished output under a temporary name and renaming it into place. Those names are
// held by TemporaryName, which registers them for the signal handler.
//
// Design: a fixed array of atomic pointers (lock-free, so the handler may read it) to C strings
// that each TemporaryName owns. The handler, installed once by install_signal_cleanup(), marks
// the process as dying, unlinks every registered name (unlink is async-signal-safe), restores the
// default action and raises the signal again, so that the exit status stays 128 + signal number.
// A TemporaryName that unregisters while the process is dying leaks its string rather than
// freeing memory the handler (on another thread) may be reading.
#pragma once

#include <string>

namespace gramvec::io {

// Installs the handler for SIGINT, SIGTERM and SIGHUP, except for a signal ignored when the
// program started (as under nohup), which stays ignored. Call once, early in main().
void install_signal_cleanup();

// A file name removed by the destructor (unless kept) and by the signal handler.
class TemporaryName {
 public:
  TemporaryName() = default;
  // Registers `path`, which the caller has just created (or is about to).
  explicit TemporaryName(const std::string& path);
  ~TemporaryName();
  TemporaryName(TemporaryName&& other) noexcept;
  TemporaryName& operator=(TemporaryName&& other) noexcept;
  TemporaryName(const TemporaryName&) = delete;
  TemporaryName& operator=(const TemporaryName&) = delete;

  bool empty() const { return path_ == nullptr; }
  const char* path() const { return path_; }
  // Unlinks the file now and forgets the name.
  void remove();
  // The name is no longer a temporary (renamed away, or now the real file): forget it.
  void keep();

 private:
  void unregister();

  char* path_ = nullptr;  // owned; registered in `slot_` when slot_ >= 0
  int slot_ = -1;
};

}  // namespace gramvec::io
