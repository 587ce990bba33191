#include "gramvec/ngram/smoothing.hpp"

#include <fmt/format.h>

namespace gramvec::ngram {

std::string_view smoothing_name(Smoothing smoothing) {
  switch (smoothing) {
    case Smoothing::modified_kneser_ney: return "mkn";
    case Smoothing::kneser_ney: return "kn";
    case Smoothing::witten_bell: return "wb";
    case Smoothing::absolute: return "abs";
    case Smoothing::katz: return "katz";
    case Smoothing::add_k: return "addk";
    case Smoothing::stupid_backoff: return "stupid";
  }
  return "?";
}

Result<Smoothing> parse_smoothing(std::string_view name) {
  for (Smoothing smoothing : {Smoothing::modified_kneser_ney, Smoothing::kneser_ney, Smoothing::witten_bell,
                              Smoothing::absolute, Smoothing::katz, Smoothing::add_k, Smoothing::stupid_backoff}) {
    if (smoothing_name(smoothing) == name) return smoothing;
  }
  return Status::error(fmt::format("unknown smoothing '{}' (expected mkn, kn, wb, abs, katz, addk or stupid)", name));
}

bool uses_continuation_counts(Smoothing smoothing) {
  return smoothing == Smoothing::modified_kneser_ney || smoothing == Smoothing::kneser_ney;
}

bool is_normalised(Smoothing smoothing) { return smoothing != Smoothing::stupid_backoff; }

std::uint64_t EstimationOptions::prune_threshold(int n) const {
  if (n < 2 || prune_thresholds.empty()) return 0;
  std::size_t position = std::min<std::size_t>(static_cast<std::size_t>(n - 2), prune_thresholds.size() - 1);
  return prune_thresholds[position];
}

}  // namespace gramvec::ngram
