#!/bin/sh
# The XOR example as a user runs it: the article's table, the loss chart,
# its options, and its exit status on bad usage.
xor=${XOR:-build/xor}
passed=0 failed=0
check() { # check NAME CONDITION-EXIT-STATUS
    if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "failed: $1"; fi
}

out=$("$xor"); rc=$?
check "default run exits 0" $rc
printf '%s\n' "$out" | grep -q '^Prediction | Y (Actual)$'; check "table header" $?
# rows 1 and 4 near 0, rows 2 and 3 near 1, three decimals
preds=$(printf '%s\n' "$out" | sed -n 's/^ *\([0-9]\.[0-9][0-9][0-9]\) | \([01]\)$/\1 \2/p')
[ "$(printf '%s\n' "$preds" | wc -l)" -eq 4 ]; check "four prediction rows" $?
printf '%s\n' "$preds" | awk '{ if (($2 == 0 && $1 > 0.05) || ($2 == 1 && $1 < 0.95)) bad = 1 } END { exit bad }'
check "predictions near 0.02 / 0.98 / 0.98 / 0.02" $?
printf '%s\n' "$out" | grep -q '^Final loss after 1500 iterations: 0\.00'; check "final loss below 0.01" $?
printf '%s\n' "$out" | grep -q 'iteration$'; check "chart x label" $?
width=$(printf '%s\n' "$out" | awk '{ if (length($0) > w) w = length($0) } END { print w }')
[ "$width" -le 80 ]; check "output fits 80 columns ($width)" $?

# the README shows this run's table and final loss: they must be what it prints
readme=$(sed -n '/^Prediction | Y (Actual)$/,/^Final loss/p' README.md)
[ -n "$readme" ]; check "README has the table" $?
printf '%s\n' "$out" | sed -n '/^Prediction | Y (Actual)$/,/^Final loss/p' > "${TMPDIR:-/tmp}/xor_out.$$"
[ "$readme" = "$(cat "${TMPDIR:-/tmp}/xor_out.$$")" ]; check "README table matches the output" $?
rm -f "${TMPDIR:-/tmp}/xor_out.$$"

# the loss written with --csv falls at every iteration
tmp=$(mktemp)
"$xor" --csv "$tmp" > /dev/null; check "--csv exits 0" $?
[ "$(head -n 1 "$tmp")" = "iteration,loss" ]; check "csv header" $?
[ "$(wc -l < "$tmp")" -eq 1501 ]; check "csv has 1500 rows" $?
awk -F, 'NR > 2 && !($2 <= prev) { bad = 1 } NR > 1 { prev = $2 } END { exit bad }' "$tmp"
check "loss never rises" $?
rm -f "$tmp"

# --save writes a model that predict reads back: the same four predictions
model=$(mktemp)
"$xor" --save "$model" > /dev/null; check "--save exits 0" $?
if [ -x "${PREDICT:-build/predict}" ]; then
    got=$(printf '0 0 1\n0 1 1\n1 0 1\n1 1 1\n' | "${PREDICT:-build/predict}" "$model" |
          awk '{ printf "%10.3f\n", $1 }')
    want=$(printf '%s\n' "$preds" | awk '{ printf "%10.3f\n", $1 }')
    [ "$got" = "$want" ]; check "the saved model predicts the table" $?
else
    failed=$((failed + 1)); echo "failed: no build/predict"
fi
"$xor" --save /nonexistent-dir/m > /dev/null 2>&1; [ $? -eq 1 ]; check "unwritable model exits 1" $?
rm -f "$model"

"$xor" --iterations 3000 --hidden 8 --seed 9 --rate 0.5 --biases > /dev/null; check "all options" $?
help=$("$xor" --help 2>/dev/null); check "--help exits 0" $?
printf '%s\n' "$help" | grep -q '^usage: xor'; check "--help prints usage to stdout" $?
"$xor" > /dev/full 2>/dev/null; [ $? -eq 1 ]; check "a failed write exits 1" $?
one=$("$xor" --iterations 1); check "--iterations 1 runs" $?
printf '%s\n' "$one" | grep -q '^ *1$'; check "--iterations 1 axis label" $?
for bad in "--iterations 0" "--iterations x" "--hidden -1" "--seed 1.5" "--rate 0" \
           "--rate nan" "--rate inf" "--rate" "--csv" "--save" "--wat" "-x"; do
    # shellcheck disable=SC2086
    "$xor" $bad > /dev/null 2>&1; rc=$?
    [ $rc -eq 2 ]; check "'$bad' exits 2 (got $rc)" $?
    "$xor" $bad 2>&1 >/dev/null | grep -q '^usage: xor'; check "'$bad' prints usage to stderr" $?
done
"$xor" --rate " 1" > /dev/null 2>&1; [ $? -eq 2 ]; check "a rate with a leading space exits 2" $?
"$xor" --csv /nonexistent-dir/x > /dev/null 2>&1; [ $? -eq 1 ]; check "unwritable csv exits 1" $?

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
