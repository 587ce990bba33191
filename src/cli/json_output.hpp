// The --json output of every command: nlohmann/json objects, their keys in insertion order,
// printed as compact JSON, one object a line.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gramvec::cli {

// Keys stay in the order they are set: the order the output documents.
using Json = nlohmann::ordered_json;

// `value` as one line of compact JSON, newline included, appended to `out` (for output written
// in blocks). NaN and infinities become null; invalid UTF-8 in a string (a path, a word) becomes
// U+FFFD instead of an error.
void append_json_line(std::string& out, const Json& value);

// `value` as one line of compact JSON on stdout.
void print_json(const Json& value);

// A duration in seconds rounded to milliseconds, as the summaries print it.
double json_seconds(double seconds);

}  // namespace gramvec::cli
