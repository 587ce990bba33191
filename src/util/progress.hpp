// Progress line on stderr (percent, rate, ETA), shown only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace gramvec::util {

class Progress {
 public:
  // `enabled` is usually `!quiet && stderr is a terminal`; see stderr_is_terminal().
  Progress(std::string label, std::uint64_t total_units, bool enabled, std::string unit = "MB");
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Reports that `done_units` of the total are done; redraws at most a few times a second.
  void update(std::uint64_t done_units);
  void set_total(std::uint64_t total_units) { total_units_ = total_units; }
  // Final line (with a newline).
  void finish();

  static bool stderr_is_terminal();

 private:
  void draw(bool final_line);

  std::string label_;
  std::string unit_;
  std::uint64_t total_units_;
  std::uint64_t done_units_ = 0;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace gramvec::util
