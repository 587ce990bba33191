// Wall time of the consecutive stages of a run, for the summaries commands print.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace gramvec::util {

class StageClock {
 public:
  // Appends to `stages`; the first stage begins now.
  explicit StageClock(std::vector<std::pair<std::string, double>>& stages) : stages_(&stages) {}

  // Closes the stage that began at the previous end() (or at construction) under `name`.
  void end(std::string name) {
    auto now = std::chrono::steady_clock::now();
    stages_->emplace_back(std::move(name), std::chrono::duration<double>(now - start_).count());
    start_ = now;
  }

 private:
  std::vector<std::pair<std::string, double>>* stages_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace gramvec::util
