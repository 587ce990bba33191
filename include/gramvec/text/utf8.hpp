// UTF-8 validation and repair.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gramvec::text {

// Offset of the first byte that does not start a well-formed UTF-8 sequence (overlongs,
// surrogates and code points above U+10FFFF are ill-formed), or nullopt if `bytes` is valid.
// A NUL byte counts as invalid too: text formats (ARPA, vocabularies, vectors) cannot hold it,
// so it is refused, replaced or skipped where text is read, as --on-invalid says.
std::optional<std::size_t> find_invalid_utf8(std::string_view bytes);

// Copy of `bytes` with each maximal ill-formed subsequence replaced by U+FFFD; adds the number
// of replacements made to `replacements`.
std::string replace_invalid_utf8(std::string_view bytes, std::size_t& replacements);

// At most `max_bytes` of `bytes` for an error message: control characters and bytes of invalid
// UTF-8 written as \xNN, "..." appended when cut.
std::string printable_excerpt(std::string_view bytes, std::size_t max_bytes = 60);

}  // namespace gramvec::text
