// abs: interpolated absolute discounting (Ney, Essen & Kneser 1994) on raw counts.
#include "ngram/estimate/smoothing/absolute_family.hpp"

namespace gramvec::ngram {

GRAMVEC_SMOOTHING_METHOD(absolute_discounting_method, AbsoluteDiscountFamily,
                         {.name = "abs", .description = "interpolated absolute discounting", .fixed_discount = true})

}  // namespace gramvec::ngram
