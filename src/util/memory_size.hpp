// Memory sizes as `sort -S` takes them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gramvec/status.hpp"

namespace gramvec::util {

// Physical memory of this machine in bytes (0 if unknown).
std::uint64_t physical_memory_bytes();

// "512M", "4G", "1.5G", "64K", "100b", "50%" (of physical memory), or a bare number of KiB, as
// `sort -S`. Suffixes are binary (K = 1024) and case-insensitive.
Result<std::uint64_t> parse_memory_size(std::string_view text);

// 16777216 -> "16M", 1610612736 -> "1.5G": the shortest of those forms parse_memory_size reads.
std::string format_memory_size(std::uint64_t bytes);

}  // namespace gramvec::util
