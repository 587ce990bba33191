#include "cli/json_output.hpp"

#include <cmath>
#include <cstdio>

namespace gramvec::cli {

void append_json_line(std::string& out, const Json& value) {
  out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
  out.push_back('\n');
}

void print_json(const Json& value) {
  std::string line;
  append_json_line(line, value);
  std::fwrite(line.data(), 1, line.size(), stdout);
}

double json_seconds(double seconds) { return std::round(seconds * 1000.0) / 1000.0; }

}  // namespace gramvec::cli
