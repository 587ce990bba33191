#!/usr/bin/env bash
# lm train --smoothing, --k, --discount, --katz-min-count and --katz-max-count: a bad value, or a value for another smoothing method,
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
check "--katz-min-count with mkn" bad_value "--katz-min-count applies to --smoothing katz only" --katz-min-count 1 2
check "--katz-max-count with wb" bad_value "--katz-max-count applies to --smoothing katz only" --smoothing wb --katz-max-count 5
check "--katz-min-count 0" bad_value "--katz-min-count.*'0' is below the minimum of 1" --smoothing katz --katz-min-count 1 0
check "--katz-min-count -1" bad_value "--katz-min-count.*'-1'" --smoothing katz --katz-min-count -1
check "--katz-min-count x" bad_value "--katz-min-count.*'x'" --smoothing katz --katz-min-count x
check "--katz-min-count falling" bad_value "--katz-min-count 1 3 2: the minimum counts must not fall from order 2 up" \
  --smoothing katz --katz-min-count 1 3 2
check "--katz-max-count 1001" bad_value "--katz-max-count.*'1001' is not a whole number from 0 to 1000" \
  --smoothing katz --katz-max-count 1001
check "--katz-max-count -1" bad_value "--katz-max-count.*'-1'" --smoothing katz --katz-max-count 7 -1
check "--katz-max-count without a value" bad_value "--katz-max-count" --smoothing katz --katz-max-count

finish "every bad --smoothing, --k, --discount and --katz-*-count is a usage error"
