// Scripts whose words are written without spaces between them (Han, Hiragana, Katakana, Thai,
// Lao, Khmer, Myanmar, Tibetan, and any ideograph): where user dictionaries match words in the
// text as written, and where phrases are joined without a separator.
#pragma once

#include <unicode/umachine.h>

namespace gramvec::text {

// Script extensions count: the prolonged sound mark ー is Common by script, Katakana by use.
// False for a negative (invalid) code point.
bool written_without_spaces(UChar32 c);

}  // namespace gramvec::text
