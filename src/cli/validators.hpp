// CLI11 validators with short messages for numeric options.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace gramvec::cli {

// A whole number >= minimum (CLI11 would otherwise wrap "-1" around for unsigned options).
inline CLI::Validator whole_number_at_least(unsigned long long minimum) {
  return CLI::Validator(
      [minimum](std::string& text) -> std::string {
        bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits) return "'" + text + "' is not a whole number >= " + std::to_string(minimum);
        if (text.size() < 20 && std::stoull(text) < minimum) {
          return "'" + text + "' is below the minimum of " + std::to_string(minimum);
        }
        return {};
      },
      "");
}

// --quantize: bits per value, 1 to 16.
inline CLI::Validator quantize_bits() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        bool digits = !text.empty() && text.size() <= 2 && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoi(text) < 1 || std::stoi(text) > 16) {
          return "'" + text + "' is not a number of bits from 1 to 16";
        }
        return {};
      },
      "");
}

}  // namespace gramvec::cli
