// What every layout shares: the headers its declaration needs, its identity in options and in
// binary files, and the keys of the two words every layout scores specially.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/ngram/model.hpp"
#include "ngram/format/binary_format.hpp"
#include "ngram/format/ngram_sink.hpp"
#include "ngram/search/backoff.hpp"

namespace gramvec::ngram {

struct LayoutId {
  std::uint32_t file_id;  // in a binary model's header; never reused
  int max_quantize_bits;  // 0: --quantize does not apply
  std::string_view name;  // its --layout name
};

// <unk> and <s>: a word outside the model is scored as <unk>, and so is <s>, which is only ever
// a context.
struct SpecialKeys {
  std::uint64_t unk = 0;
  std::uint64_t bos = 0;

  static SpecialKeys of_vocabulary();
  // The key scoring uses for a word the model does (`known`) or does not hold.
  std::uint64_t scored(std::uint64_t word_key, bool known) const { return known && word_key != bos ? word_key : unk; }
};

}  // namespace gramvec::ngram
