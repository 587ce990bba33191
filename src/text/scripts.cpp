#include "text/scripts.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <iterator>

namespace gramvec::text {

bool written_without_spaces(UChar32 c) {
  if (c < 0) return false;
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
  static constexpr UScriptCode kScripts[] = {USCRIPT_HAN,  USCRIPT_HIRAGANA, USCRIPT_KATAKANA, USCRIPT_THAI,
                                             USCRIPT_LAO,  USCRIPT_KHMER,    USCRIPT_MYANMAR,  USCRIPT_TIBETAN};
  return std::any_of(std::begin(kScripts), std::end(kScripts),
                     [c](UScriptCode script) { return uscript_hasScript(c, script) != 0; });
}

}  // namespace gramvec::text
