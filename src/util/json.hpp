// Minimal JSON output helpers (gramvec only writes JSON).
#pragma once

#include <string>
#include <string_view>

namespace gramvec::util {

// `text` as a quoted JSON string with the required escapes.
std::string json_string(std::string_view text);
// A finite number as JSON (NaN and infinities become null).
std::string json_number(double value);

}  // namespace gramvec::util
