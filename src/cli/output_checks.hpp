// The checks every command that writes files makes before its work starts: no output is one of
// its inputs (a usage error), and every output can be created where it goes (an error naming
// the path), so that a mistake costs neither the input nor hours of training.
#pragma once

#include <vector>

#include "gramvec/status.hpp"
#include "io/output_paths.hpp"

namespace gramvec::cli {

// Each path of `paths` as an input file in role `role` ("input").
inline std::vector<io::CommandFile> input_files(const std::vector<std::string>& paths, const std::string& role) {
  std::vector<io::CommandFile> files;
  for (const auto& path : paths) files.push_back({path, role});
  return files;
}

inline Status check_outputs(const std::vector<io::CommandFile>& inputs, const std::vector<io::CommandFile>& outputs) {
  GRAMVEC_TRY(io::check_distinct_outputs(inputs, outputs));
  for (const io::CommandFile& output : outputs) GRAMVEC_TRY(io::check_output_location(output.path));
  return Status::ok();
}

}  // namespace gramvec::cli
