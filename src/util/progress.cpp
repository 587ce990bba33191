#include "util/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace gramvec::util {

Progress::Progress(std::string label, std::uint64_t total_units, bool enabled, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_units_(total_units),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  if (enabled_ && !finished_ && done_units_ > 0) std::fputc('\n', stderr);
}

bool Progress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

void Progress::update(std::uint64_t done_units) {
  done_units_ = done_units;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(250)) return;
  last_draw_ = now;
  draw(false);
}

void Progress::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  draw(true);
}

void Progress::draw(bool final_line) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double scale = unit_ == "MB" ? 1e6 : 1.0;
  double done = static_cast<double>(done_units_) / scale;
  double rate = seconds > 0 ? done / seconds : 0.0;
  std::string line = fmt::format("\r{}: {:.1f} {} {:.1f} {}/s", label_, done, unit_, rate, unit_);
  if (total_units_ > 0) {
    double fraction = static_cast<double>(done_units_) / static_cast<double>(total_units_);
    double eta = fraction > 0 ? seconds * (1.0 - fraction) / fraction : 0.0;
    line += fmt::format(" {:5.1f}% ETA {:.0f}s", 100.0 * fraction, eta);
  }
  line += final_line ? fmt::format(" in {:.1f}s\n", seconds) : "   ";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace gramvec::util
