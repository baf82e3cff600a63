#!/bin/sh
# Each make target on its own from a fresh clone: a copy of the tree with no
# build/ for each target below, which must get past its set-up there (as
# `make coverage` once did not: its log went into build/ before anything
# had made build/).
#   run, examples, tools   to the end
#   install, uninstall   to the end, into a temporary DESTDIR
#   coverage        its set-up only: MAKE=true stands in for the make test it
#                   runs, and the log must be where the script writes it
# Prints "N passed, N failed" last; exits 1 if any failed.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
pass=0 fail=0
# fresh TARGET: an empty directory with the tree, no build/
fresh() {
    mkdir "$d/$1" &&
        tar cf - --exclude=./build --exclude=./.git . | tar xf - -C "$d/$1"
}
# check TARGET COMMAND...: COMMAND in TARGET's fresh copy, with its output
# in $d/TARGET.log
check() {
    t=$1; shift
    if fresh "$t" && (cd "$d/$t" && "$@") >"$d/$t.log" 2>&1; then
        echo "ok $t"; pass=$((pass + 1))
    else
        echo "FAIL $t:"; tail -n 5 "$d/$t.log"; fail=$((fail + 1))
    fi
}
check run make -s run
check examples make -s examples
check tools make -s tools
check install make -s install DESTDIR="$d/dest"
check uninstall make -s uninstall DESTDIR="$d/dest"
check coverage sh -c 'MAKE=true sh tests/coverage.sh; test -f build/coverage.log'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
