#!/bin/sh
# examples/predict on the golden model (tests/data/make_golden.py): its
# predictions against the same network computed by awk, its exit statuses.
# Run from the top directory after building build/predict.
P=build/predict
M=tests/data/golden_f64.safetensors
pass=0 fail=0
check() {   # check DESCRIPTION COMMAND...: the command must succeed
    d=$1; shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "failed: $d"; fi
}

rows='0 0 0
1, -2.5, 3

0.25	0.5	-0.75'
out=$(printf '%s\n' "$rows" | $P $M); rc=$?
check "exit 0 on good input" [ "$rc" -eq 0 ]
check "one line per sample" [ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ]
# the golden network: element k of tensor t is (-1)^k (k+1)/7 + t/4
want=$(printf '%s\n' "$rows" | tr ',' ' ' | awk '
    function v(t, k) { return (k % 2 ? -1 : 1) * (k + 1) / 7 + t / 4 }
    function s(z) { return 1 / (1 + exp(-z)) }
    NF == 0 { next }
    {
        for (j = 0; j < 4; j++) {
            z = v(1, j)
            for (i = 0; i < 3; i++) z += $(i + 1) * v(0, j * 3 + i)
            h[j] = s(z)
        }
        line = ""
        for (o = 0; o < 2; o++) {
            z = v(3, o)
            for (j = 0; j < 4; j++) z += h[j] * v(2, o * 4 + j)
            line = line (o ? " " : "") sprintf("%.17g", s(z))
        }
        print line
    }')
close=$(printf '%s\n%s\n' "$out" "$want" | awk '
    NR <= 3 { for (i = 1; i <= NF; i++) got[NR, i] = $i; n[NR] = NF; next }
    {
        if (NF != 2 || n[NR - 3] != 2) bad = 1
        for (i = 1; i <= NF; i++) {
            d = got[NR - 3, i] - $i
            if (!(d <= 1e-12 && d >= -1e-12)) bad = 1
        }
    }
    END { print (bad || NR != 6) ? "no" : "yes" }')
check "predictions match the network to 1e-12" [ "$close" = yes ]

bad_input() {   # bad_input TEXT: exit 1 and one line on stderr
    err=$(printf '%s\n' "$1" | $P $M 2>&1 >/dev/null); rc=$?
    [ "$rc" -eq 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]
}
check "too few numbers" bad_input '1 2'
check "too many numbers" bad_input '1 2 3 4'
check "not a number" bad_input '1 2 x'
check "glued text" bad_input '1 2 3x'
check "empty field" bad_input '1,,2,3'
check "trailing comma" bad_input '1,2,3,'
check "not finite" bad_input '1 2 inf'
check "a bad second line" bad_input '1 2 3
4 5'
err=$($P tests/data/make_golden.py </dev/null 2>&1); rc=$?
check "not a model file: exit 1" [ "$rc" -eq 1 ]
$P </dev/null 2>/dev/null; rc=$?
check "no model: usage, exit 2" [ "$rc" -eq 2 ]
$P $M extra </dev/null 2>/dev/null; rc=$?
check "two arguments: usage, exit 2" [ "$rc" -eq 2 ]
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
