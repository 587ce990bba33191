// Temporary files: where they go, and how they are made so that nothing is left behind.
//
// On Linux a temporary file is opened with O_TMPFILE: it has no name, and the kernel frees it
// however the process ends, SIGKILL included. A file that must later become an output is given
// its name with linkat() through /proc/self/fd. Where either is missing (a file system without
// O_TMPFILE, no /proc) the file gets a random name instead, registered with TemporaryName so
// that the owner and the SIGINT/SIGTERM handler remove it.
#pragma once

#include <sys/types.h>

#include <string>

#include "io/cleanup_on_signal.hpp"

namespace gramvec::io {

// $TMPDIR, or /tmp when it is unset or empty.
std::string temporary_directory();

// An open temporary file. The caller closes the descriptor; `name` is empty when the file has
// none.
struct TemporaryFile {
  int descriptor = -1;
  TemporaryName name;
};

// What the file is for, which decides whether it may go without a name.
enum class TemporaryUse {
  scratch,   // read and written through this descriptor only: unnamed, or unlinked at once
  reopened,  // also reopened by path (path_of): unnamed only when /proc is there
  linked,    // later given a name (link_to): unnamed only when /proc is there
};

// Creates a temporary file in `directory`, open for reading and writing, close-on-exec, with
// `mode` (less the umask). Without a name where possible; otherwise named `named_prefix` (a path
// in `directory`) followed by six random characters. Returns descriptor -1 and sets errno on
// failure.
TemporaryFile create_temporary_file(const std::string& directory, const std::string& named_prefix,
                                    TemporaryUse use, mode_t mode = 0600);

// A path that opens the file `descriptor` refers to, for an unnamed file: /proc/self/fd/N.
std::string path_of(int descriptor);

// Gives the unnamed file `descriptor` the name `path`, which must not exist. 0, or an errno value.
int link_to(int descriptor, const std::string& path);

// Six random characters for a file name.
std::string random_name_suffix();

// For tests: make every temporary file a named one, as on a system without O_TMPFILE.
void use_named_temporaries_for_testing(bool named);

}  // namespace gramvec::io
