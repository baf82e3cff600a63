#!/bin/sh
# Runs each test program given, NN_TEST_JOBS (2) at a time, shows their
# outputs in the order given, and ends with the sum of their "N passed,
# N failed" lines. Exits 1 when any program failed, crashed, or did not print
# a summary. The programs may run side by side: none writes a file another
# reads.
jobs=${NN_TEST_JOBS:-2}
dir=$(mktemp -d "${TMPDIR:-/tmp}/nn_run.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
# program i's output in $dir/i.out, its exit status in $dir/i.rc (written
# last, whole)
i=0
for t in "$@"; do i=$((i + 1)); printf '%s %s\n' "$i" "$t"; done |
    xargs -n 2 -P "$jobs" sh -c \
        'case $2 in /*) p=$2 ;; *) p=./$2 ;; esac
         "$p" >"$0/$1.out" 2>&1; echo $? >"$0/$1.tmp"; mv "$0/$1.tmp" "$0/$1.rc"' "$dir" &
passed=0 failed=0 status=0 i=0
for t in "$@"; do
    i=$((i + 1))
    while [ ! -f "$dir/$i.rc" ]; do sleep 1; done
    echo "== $t"
    cat "$dir/$i.out"
    [ -z "$(tail -c 1 "$dir/$i.out")" ] || echo
    rc=$(cat "$dir/$i.rc")
    last=$(tail -n 1 "$dir/$i.out")
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
wait
echo "$passed passed, $failed failed"
exit $status
