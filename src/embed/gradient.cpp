#include "embed/gradient.hpp"

#include <cmath>

namespace gramvec::embed {

SigmoidTable::SigmoidTable() {
  for (int step = 0; step <= kSteps + 1; ++step) {
    double x = -static_cast<double>(kRange) + static_cast<double>(step) / static_cast<double>(kScale);
    sigmoid_[static_cast<std::size_t>(step)] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
    log_sigmoid_[static_cast<std::size_t>(step)] = static_cast<float>(-std::log1p(std::exp(-x)));
  }
}

}  // namespace gramvec::embed
