// Checks made before a command starts its work, so that it neither destroys one of its inputs
// nor fails only at the end of a long run because an output cannot be written.
#pragma once

#include <string>
#include <vector>

#include "gramvec/status.hpp"

namespace gramvec::io {

// A file a command reads or writes, and how the command line names it in messages ("-o",
// "--save-state", "input").
struct CommandFile {
  std::string path;
  std::string role;
};

// A usage error when an output is the same file as an input or as another output: the same
// device and inode when the output exists (hard links and symbolic links resolved), the same
// resolved path when it does not. "-" as an output, and an output that is not a regular file (a
// device such as /dev/null, a pipe), are never refused; "-" as an input stands for whatever
// stdin is.
Status check_distinct_outputs(const std::vector<CommandFile>& inputs, const std::vector<CommandFile>& outputs);

// An error naming `path` when the directory it would be written in does not exist or does not
// let this process create files, or when `path` is a directory. Nothing is left behind.
Status check_output_location(const std::string& path);

// 0 when temporary files can be created in `directory`, else why not (an errno value).
int temporary_directory_error(const std::string& directory);

// The path an output is written to: `path` with a symbolic link resolved (the link stays and the
// file it points to is replaced).
std::string resolved_output_path(const std::string& path);

// The directory part of `path`: "." when it has none.
std::string directory_of(const std::string& path);

}  // namespace gramvec::io
