#include "io/temporary_file.hpp"

#include <cstdlib>

namespace gramvec::io {

std::string temporary_directory() {
  const char* directory = std::getenv("TMPDIR");
  return directory != nullptr && directory[0] != '\0' ? std::string(directory) : std::string("/tmp");
}

}  // namespace gramvec::io
