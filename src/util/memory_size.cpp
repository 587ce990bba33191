#include "util/memory_size.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cctype>

namespace gramvec::util {

std::uint64_t physical_memory_bytes() {
  long pages = ::sysconf(_SC_PHYS_PAGES);
  long page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

Result<std::uint64_t> parse_memory_size(std::string_view text) {
  auto invalid = [&]() {
    return Status::error(fmt::format("'{}' is not a memory size (examples: 512M, 4G, 50%)", text));
  };
  if (text.empty()) return invalid();
  std::string_view number = text;
  double unit = 1024.0;  // a bare number is KiB, as sort -S
  bool percent = false;
  char last = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  if (!std::isdigit(static_cast<unsigned char>(last)) && last != '.') {
    number.remove_suffix(1);
    switch (last) {
      case 'B': unit = 1.0; break;
      case 'K': unit = 1024.0; break;
      case 'M': unit = 1024.0 * 1024.0; break;
      case 'G': unit = 1024.0 * 1024.0 * 1024.0; break;
      case 'T': unit = 1024.0 * 1024.0 * 1024.0 * 1024.0; break;
      case '%': percent = true; break;
      default: return invalid();
    }
  }
  if (number.empty()) return invalid();
  double value = 0.0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size() || !(value >= 0.0) || !std::isfinite(value)) {
    return invalid();
  }
  double bytes = 0.0;
  if (percent) {
    if (value > 100.0) return Status::error(fmt::format("'{}': a percentage of memory is at most 100%", text));
    std::uint64_t physical = physical_memory_bytes();
    if (physical == 0) return Status::error(fmt::format("'{}': the size of physical memory is unknown", text));
    bytes = static_cast<double>(physical) * value / 100.0;
  } else {
    bytes = value * unit;
  }
  if (bytes >= 18446744073709551615.0) return invalid();
  return static_cast<std::uint64_t>(bytes);
}

std::string format_memory_size(std::uint64_t bytes) {
  static constexpr const char* kSuffixes[] = {"b", "K", "M", "G", "T"};
  double value = static_cast<double>(bytes);
  std::size_t suffix = 0;
  while (suffix + 1 < std::size(kSuffixes) && value >= 1024.0) {
    value /= 1024.0;
    ++suffix;
  }
  if (suffix == 0) return fmt::format("{}b", bytes);
  return fmt::format("{:.4g}{}", std::ceil(value * 100.0) / 100.0, kSuffixes[suffix]);
}

}  // namespace gramvec::util
