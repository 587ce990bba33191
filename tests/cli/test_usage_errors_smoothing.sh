#!/usr/bin/env bash
# lm train --smoothing, --k and --discount: a bad value, or a value for another smoothing method,
# is a usage error like any other bad option value (exit code 2, one line "gramvec: usage error:
# ... (see --help)"), and nothing is written. One check group per case, so that each failing case
# is listed.
source "$(dirname "$0")/lib.sh" || exit 1
gv_init "$@"

[ -f "$DATA/en-speeches.txt" ] || fail "bundled corpus $DATA/en-speeches.txt is missing"
CORPUS="$T/small.txt"
head -n 300 "$DATA/en-speeches.txt" >"$CORPUS"
mkdir "$T/o"

# bad_value PATTERN OPTIONS...: lm train with OPTIONS is a usage error matching PATTERN.
bad_value() {
  local pattern=$1
  shift
  expect_usage_error "$pattern" -- "$G" lm train "$CORPUS" -o "$T/o/m.arpa" --order 3 "$@"
  assert_no_file "$T/o/m.arpa" "a usage error wrote the model"
  assert_no_tmp_files "$T/o"
}

check "--smoothing bogus" bad_value "smoothing.*'bogus'" --smoothing bogus
check "--smoothing addk --k -1" bad_value "--k.*-1" --smoothing addk --k -1
check "--smoothing addk --k 0" bad_value "--k.*0" --smoothing addk --k 0
check "--smoothing kn --discount 1.5" bad_value "--discount.*1\.5" --smoothing kn --discount 1.5
check "--smoothing abs --discount 0" bad_value "--discount.*0" --smoothing abs --discount 0
check "--smoothing kn --discount -0.5" bad_value "--discount.*-0\.5" --smoothing kn --discount -0.5
check "--k with mkn" bad_value "--k.*addk" --k 2
check "--discount with wb" bad_value "--discount.*(kn|abs)" --smoothing wb --discount 0.5

finish "every bad --smoothing, --k and --discount is a usage error"
