#!/bin/sh
# tools/predict on the golden model (tests/data/make_golden.py): its
# predictions against the same network computed by awk, its exit statuses.
# Run from the top directory after building build/predict.
P=build/predict
M=tests/data/golden_f64.safetensors
pass=0 fail=0
dir=$(mktemp -d "${TMPDIR:-/tmp}/test_predict.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
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
check "- reads standard input" [ "$(printf '%s\n' "$rows" | $P $M -)" = "$out" ]
# golden [ACT P1 P2]: the golden network's predictions for the rows, by
# awk (element k of tensor t is (-1)^k (k+1)/7 + t/4), its hidden layer's
# sigmoid replaced by leaky_relu (negative slope P1) or softplus (beta P1,
# threshold P2) when ACT says so
golden() {
    printf '%s\n' "$rows" | tr ',' ' ' | awk -v act="$1" -v p1="$2" -v p2="$3" '
    function v(t, k) { return (k % 2 ? -1 : 1) * (k + 1) / 7 + t / 4 }
    function s(z) { return 1 / (1 + exp(-z)) }
    function f(z) {
        if (act == "leaky_relu") return z > 0 ? z : p1 * z
        if (act == "softplus") return p1 * z > p2 ? z : log(1 + exp(p1 * z)) / p1
        return s(z)
    }
    NF == 0 { next }
    {
        for (j = 0; j < 4; j++) {
            z = v(1, j)
            for (i = 0; i < 3; i++) z += $(i + 1) * v(0, j * 3 + i)
            h[j] = f(z)
        }
        line = ""
        for (o = 0; o < 2; o++) {
            z = v(3, o)
            for (j = 0; j < 4; j++) z += h[j] * v(2, o * 4 + j)
            line = line (o ? " " : "") sprintf("%.17g", s(z))
        }
        print line
    }'
}
near() {   # near GOT WANT: three lines of two numbers each, within 1e-12
    [ "$(printf '%s\n%s\n' "$1" "$2" | awk '
    NR <= 3 { for (i = 1; i <= NF; i++) got[NR, i] = $i; n[NR] = NF; next }
    {
        if (NF != 2 || n[NR - 3] != 2) bad = 1
        for (i = 1; i <= NF; i++) {
            d = got[NR - 3, i] - $i
            if (!(d <= 1e-12 && d >= -1e-12)) bad = 1
        }
    }
    END { print (bad || NR != 6) ? "no" : "yes" }')" = yes ]
}
check "predictions match the network to 1e-12" near "$out" "$(golden)"
# --activations with parameters, by name, in order, in hexadecimal, or
# PyTorch's defaults; the items split at the commas outside parentheses
leaky=$(golden leaky_relu 0.2)
check "leaky_relu's negative side reached" [ "$leaky" != "$(golden leaky_relu 0.01)" ]
for a in 'leaky_relu(negative_slope=0.2)' 'leaky_relu(0.2)' 'leaky_relu( 0x1.999999999999ap-3 )'; do
    got=$(printf '%s\n' "$rows" | $P --activations "$a,sigmoid" $M)
    check "--activations $a,sigmoid" near "$got" "$leaky"
done
got=$(printf '%s\n' "$rows" | $P --activations leaky_relu,sigmoid $M)
check "--activations leaky_relu,sigmoid: slope 0.01" near "$got" "$(golden leaky_relu 0.01)"
soft=$(golden softplus 2 1.5)
check "softplus's threshold crossed and not" [ "$soft" != "$(golden softplus 2 1000)" -a \
    "$soft" != "$(golden softplus 2 -1000)" ]
got=$(printf '%s\n' "$rows" | $P --activations 'softplus(beta=2,threshold=1.5),sigmoid' $M)
check "--activations softplus(beta=2,threshold=1.5),sigmoid" near "$got" "$soft"

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
$P $M rows.csv extra </dev/null 2>/dev/null; rc=$?
check "three arguments: usage, exit 2" [ "$rc" -eq 2 ]
$P --bogus $M </dev/null 2>/dev/null; rc=$?
check "unknown option: usage, exit 2" [ "$rc" -eq 2 ]
for bad in "--precision 0" "--precision 18" "--precision x" "--label-column 0" \
           "--delimiter x" "--activations nope" "--activations leaky_relu(slope=0.2),sigmoid" \
           "--activations leaky_relu(0.2,1),sigmoid" "--activations relu(1),sigmoid" \
           "--activations softplus(beta=0),sigmoid" "--activations leaky_relu(0.2)),sigmoid"; do
    # shellcheck disable=SC2086
    $P $bad $M </dev/null 2>/dev/null; rc=$?
    check "$bad: usage, exit 2" [ "$rc" -eq 2 ]
done
for h in -h --help; do
    out=$($P $h 2>"$dir/err"); rc=$?
    check "$h: exit 0, the usage on stdout" [ "$rc" -eq 0 ]
    check "$h: the usage on stdout" [ "$(printf '%s\n' "$out" | head -n 1)" = "usage: predict [options] MODEL [FILE]" ]
    check "$h: nothing on stderr" [ ! -s "$dir/err" ]
done
err=$($P "$dir/nope.safetensors" </dev/null 2>&1); rc=$?
check "a missing model: exit 1" [ "$rc" -eq 1 ]
check "a missing model: the system's reason" [ "$err" = "predict: $dir/nope.safetensors: cannot open: No such file or directory" ]

# --precision
out=$(echo '1 2 3' | $P --precision 3 $M)
check "--precision 3" [ "$(echo "$out" | awk '{ print length($1) <= 5 && length($2) <= 5 && NF == 2 }')" = 1 ]
# a file named on the command line: errors name it, its line and column
printf '1,2,3\n4,5,6\n7,x,9\n' >"$dir/rows.csv"
err=$($P $M "$dir/rows.csv" 2>&1 >/dev/null); rc=$?
check "a bad cell in a file: exit 1" [ "$rc" -eq 1 ]
check "a bad cell in a file: named" [ "$err" = "predict: $dir/rows.csv:3: column 2: \"x\" is not a finite number" ]
printf '1,2,3\n4,5\n' >"$dir/short.csv"
err=$($P $M "$dir/short.csv" 2>&1 >/dev/null); rc=$?
check "a short row: named" test "$rc" -eq 1 -a "$err" = "predict: $dir/short.csv:2: 2 numbers, the model takes 3"
err=$(printf '1 2 3\n\n4 5\n' | $P $M 2>&1 >/dev/null)
check "a short row on stdin: its line" [ "$err" = "predict: <stdin>:3: 2 numbers, the model takes 3" ]
# the files train takes: a header, the label in any column, semicolons
printf 'a;b;label;c\n1;2;x;3\n0,25;0,5;y;-0,75\n' >"$dir/train.csv"
out=$($P --header --label-column 3 $M "$dir/train.csv"); rc=$?
want=$(printf '1 2 3\n0.25 0.5 -0.75\n' | $P $M)
check "--header --label-column 3, semicolons: the same outputs" test "$rc" -eq 0 -a "$out" = "$want"
out=$($P --header --label-column -2 --delimiter ';' $M <"$dir/train.csv")
check "--label-column -2 --delimiter ';' on stdin" [ "$out" = "$want" ]
# a label column outside the row is an error, not a row read short
err=$(printf '1,2,3,4\n' | $P --label-column 5 $M 2>&1 >/dev/null); rc=$?
check "--label-column past the row: exit 1, named" test "$rc" -eq 1 -a "$err" = "predict: <stdin>:1: 4 columns: no column 5"
err=$(printf '1,2,3,4\n' | $P --label-column -9 $M 2>&1 >/dev/null); rc=$?
check "--label-column -9: exit 1" [ "$rc" -eq 1 ]
# --name=value as train takes it; an unknown option last is unknown
out=$(echo '1 2 3' | $P --precision=3 $M)
want3=$(echo '1 2 3' | $P --precision 3 $M)
check "--precision=3 as --precision 3" test -n "$out" -a "$out" = "$want3"
err=$($P $M --bogus </dev/null 2>&1 | head -n 1)
check "an unknown last option is unknown" [ "$err" = "predict: unknown option --bogus" ]
# blank-separated quoted cells
out=$(printf '"1" "2" 3\n' | $P $M)
check "quoted cells separated by blanks" [ "$out" = "$(echo '1 2 3' | $P $M)" ]
# --classes: the index of the largest output (no names in this model)
out=$(printf '1 2 3\n0.25 0.5 -0.75\n' | $P --classes $M)
want=$(printf '%s\n' "$want" | awk '{ print ($2 > $1) ? 1 : 0 }')
check "--classes: the argmax" [ "$out" = "$want" ]
# a file that is no model (the data given in its place) is named as such
printf 'a,b,c\n1,2,3\n' >"$dir/data.csv"
err=$($P "$dir/data.csv" 2>&1 >/dev/null </dev/null); rc=$?
check "a CSV as the model: exit 1, not a model file" \
    test "$rc" -eq 1 -a "$err" = "predict: $dir/data.csv: not an nn.h model file (safetensors)"
printf '\010\000\000\000\000\000\000\000{}' >"$dir/short.st"
err=$($P "$dir/short.st" 2>&1 >/dev/null </dev/null)
check "a header length past the end: not a model file" \
    [ "$err" = "predict: $dir/short.st: not an nn.h model file (safetensors)" ]

# a header read as data is said to be one; an empty cell is called empty
printf 'a,b,c,label\n1,2,3,0\n' >"$dir/header.csv"
err=$($P --label-column 4 $M "$dir/header.csv" 2>&1 >/dev/null); rc=$?
check "a header without --header: exit 1, --header suggested" test "$rc" -eq 1 -a \
    "$err" = "predict: $dir/header.csv:1: column 1: \"a\" is not a number: a header? (--header skips the first line)"
err=$($P $M "$dir/header.csv" 2>&1 >/dev/null)
check "... with a column too many, the header first" \
    [ "$err" = "predict: $dir/header.csv:1: column 1: \"a\" is not a number: a header? (--header skips the first line)" ]
err=$(printf '1,2,3\n1,,3\n' | $P $M 2>&1 >/dev/null)
check "an empty cell: named as one" [ "$err" = "predict: <stdin>:2: column 2: empty cell" ]
err=$(printf '1,2,3\n1,2,,\n' | $P $M 2>&1 >/dev/null)
check "an empty cell in a row too long: named as one" [ "$err" = "predict: <stdin>:2: column 3: empty cell" ]
err=$(printf '1,2,3\n1,2,x,4\n' | $P $M 2>&1 >/dev/null)
check "text in a row too long: cells, not numbers" [ "$err" = "predict: <stdin>:2: 4 cells, the model takes 3" ]

# files as spreadsheets write them: a delimiter ending every line, CR line ends
printf 'a,b,c,\r\n1,2,3,\r\n0.25,0.5,-0.75,\r\n' >"$dir/excel.csv"
out=$($P --header --delimiter , $M "$dir/excel.csv"); rc=$?
want=$(printf '1 2 3\n0.25 0.5 -0.75\n' | $P $M)
check "a delimiter ending every line: the same outputs" test "$rc" -eq 0 -a "$out" = "$want"
out=$(printf '1,2,3\r0.25,0.5,-0.75\r' | $P $M)
check "CR line ends: the same outputs" [ "$out" = "$want" ]

# a model whose parameter is NaN (its bytes well formed) is named damaged,
# before any row: the golden model with its first weight's bytes replaced
n=$(od -An -tu8 -N8 tests/data/golden_f64.safetensors | tr -d ' ')
cp tests/data/golden_f64.safetensors "$dir/nan.st"
printf '\000\000\000\000\000\000\370\177' |
    dd of="$dir/nan.st" bs=1 seek=$((8 + n)) conv=notrunc 2>/dev/null
err=$(printf '1,2,3\n' | $P "$dir/nan.st" 2>&1 >/dev/null); rc=$?
check "a NaN parameter: exit 1, the weight named" test "$rc" -eq 1 -a \
    "$err" = "predict: $dir/nan.st: layer 1's weight (0, 0) is not finite: the model is damaged"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
