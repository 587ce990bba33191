// Where temporary files go.
#pragma once

#include <string>

namespace gramvec::io {

// $TMPDIR, or /tmp when it is unset or empty.
std::string temporary_directory();

}  // namespace gramvec::io
