// abs: interpolated absolute discounting (Ney, Essen & Kneser 1994) on raw counts.
#include "ngram/estimate/smoothing/absolute_family.hpp"

namespace gramvec::ngram {

class AbsoluteDiscounting final : public AbsoluteDiscountFamily {
 public:
  AbsoluteDiscounting()
      : AbsoluteDiscountFamily(
            {.name = "abs", .description = "interpolated absolute discounting", .fixed_discount = true}) {}
};

GRAMVEC_SMOOTHING_METHOD(absolute_discounting_method, AbsoluteDiscounting)

}  // namespace gramvec::ngram
