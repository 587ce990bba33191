// CLI11 validators with short messages for option values, checked while parsing: a bad value is
// a usage error (exit 2) before anything is read. Checks that need more than one option's value
// return Status::usage_error (as_usage_error below) from the command instead.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <exception>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "gramvec/ngram/model.hpp"
#include "gramvec/status.hpp"
#include "util/concurrency.hpp"
#include "util/memory_size.hpp"

namespace gramvec::cli {

// A failure caused by the command line: reported as a usage error (exit 2).
inline Status as_usage_error(const Status& status) {
  return status.is_ok() || status.is_usage_error() ? status : Status::usage_error(status.message());
}

// A value that `parse` (a library parser returning Result<T>, such as text::parse_mode) accepts;
// otherwise its message.
template <typename Parse>
CLI::Validator accepted_by(Parse parse) {
  return CLI::Validator(
      [parse](std::string& text) -> std::string {
        auto parsed = parse(text);
        return parsed.is_ok() ? std::string() : parsed.message();
      },
      "");
}

// A binary model layout name (--layout).
inline Status binary_layout(const std::string& name) {
  ngram::BinaryModelOptions options;
  options.layout = name;
  return ngram::check_binary_options(options);
}

// A whole number from minimum to maximum (an n-gram order).
inline CLI::Validator whole_number_from_to(int minimum, int maximum) {
  return CLI::Validator(
      [minimum, maximum](std::string& text) -> std::string {
        bool digits = !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoi(text) < minimum || std::stoi(text) > maximum) {
          return "'" + text + "' is not a whole number from " + std::to_string(minimum) + " to " + std::to_string(maximum);
        }
        return {};
      },
      "");
}

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

// A finite number above 0 and at most `maximum` (a learning rate: 0, "nan" or "inf" are refused
// here rather than taken as "not set" later).
// The whole text as a number, or nothing.
inline std::optional<double> whole_number_text(const std::string& text) {
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used == 0 || used != text.size()) return std::nullopt;
  return value;
}

inline CLI::Validator positive_number_up_to(double maximum) {
  return CLI::Validator(
      [maximum](std::string& text) -> std::string {
        auto value = whole_number_text(text);
        if (!value || !(*value > 0.0 && *value <= maximum)) {
          return "'" + text + "' is not a number above 0 and at most " + CLI::detail::to_string(maximum);
        }
        return {};
      },
      "");
}

// A finite number >= 0 (a pruning threshold: "nan" and "inf" are refused).
inline CLI::Validator nonnegative_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        auto value = whole_number_text(text);
        if (!value || !(*value >= 0.0 && std::isfinite(*value))) {
          return "'" + text + "' is not a finite number >= 0";
        }
        return {};
      },
      "");
}

// --threads: 0 (all cores) up to 4 threads a core. More only slows the work down, and each
// thread costs memory.
inline CLI::Validator thread_limit() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::string error = whole_number_at_least(0)(text);
        if (!error.empty()) return error;
        const std::size_t cores = util::thread_count(0);
        if (text.size() > 9 || std::stoull(text) > 4 * cores) {
          return fmt::format("{} threads: at most {} on this machine (4 for each of its {} cores; 0: one a core)", text,
                             4 * cores, cores);
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

// --memory: a size as sort -S takes it, and at least the smallest that works.
inline CLI::Validator memory_size_at_least(std::uint64_t minimum) {
  return CLI::Validator(
      [minimum](std::string& text) -> std::string {
        auto bytes = util::parse_memory_size(text);
        if (!bytes) return bytes.message();
        if (*bytes < minimum) {
          return fmt::format("'{}' is too small: the smallest that works is {}", text, util::format_memory_size(minimum));
        }
        return {};
      },
      "");
}

}  // namespace gramvec::cli
