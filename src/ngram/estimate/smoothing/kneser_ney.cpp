// kn: interpolated Kneser-Ney, one discount per order, continuation counts below the highest
// order.
#include "ngram/estimate/smoothing/absolute_family.hpp"

namespace gramvec::ngram {

GRAMVEC_SMOOTHING_METHOD(kneser_ney_method, AbsoluteDiscountFamily,
                         {.name = "kn",
                          .description = "interpolated Kneser-Ney, one discount per order",
                          .continuation_counts = true,
                          .fixed_discount = true})

}  // namespace gramvec::ngram
