// From a run-time n-gram order to code compiled for that order: records of fixed size
// (std::array<WordId, N>) sort and merge several times faster than vectors of any length.
#pragma once

#include <type_traits>
#include <utility>

namespace gramvec::util {

// Calls function(std::integral_constant<int, N>{}) for N == n and returns what it returns; an n
// outside [First, Last] is taken as the nearest bound, so callers check the range first.
template <int First, int Last, typename Function>
decltype(auto) with_order(int n, Function&& function) {
  static_assert(First <= Last);
  if constexpr (First == Last) {
    return function(std::integral_constant<int, First>{});
  } else {
    if (n <= First) return function(std::integral_constant<int, First>{});
    return with_order<First + 1, Last>(n, std::forward<Function>(function));
  }
}

}  // namespace gramvec::util
