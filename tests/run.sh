#!/bin/sh
# Runs each test program given, shows its output, and ends with the sum of
# their "N passed, N failed" lines. Exits 1 when any program failed, crashed,
# or did not print a summary.
passed=0 failed=0 status=0
for t in "$@"; do
    echo "== $t"
    out=$("./$t" 2>&1); rc=$?
    printf '%s\n' "$out"
    last=$(printf '%s\n' "$out" | tail -n 1)
    p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$p" ]; then
        echo "$t: no summary line (exit $rc)"
        failed=$((failed + 1)); status=1
        continue
    fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then status=1; fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "$t: exit $rc with no failed check"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
exit $status
