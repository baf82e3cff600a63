#!/bin/sh
# tools/export: models written as C headers, compiled in C and C++, full
# and inference-only (NN_NO_TRAINING) builds, predict what the model files
# predict - the same bits: a double export against build/predict, a float
# export against a float build loading the file - and its errors.
# Run from the top directory after building build/export, build/predict
# and build/train (or $EXPORT, $PREDICT, $TRAIN).
E=${EXPORT:-build/export}
P=${PREDICT:-build/predict}
TR=${TRAIN:-build/train}
CC=${CC:-cc}
CXX=${CXX:-g++}
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
check() {   # check DESCRIPTION COMMAND...: the command must succeed
    d=$1; shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "failed: $d"; fi
}
build() {   # build OUT [FLAGS...]: tests/export_main.c
    o=$1; shift
    $CC -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror -I. -I"$T" "$@" -o "$o" \
        tests/export_main.c -lm
}

# models: the golden article network (3-4-2), and a deep one from train
# (4 -> 16 tanh -> 8 relu -> 3 softmax, cross-entropy)
$TR --layers 16,8 --activation tanh --loss cross_entropy --epochs 3 \
    --save "$T/deep.safetensors" examples/data/iris.csv >/dev/null
check "train saves the deep model" [ -s "$T/deep.safetensors" ]
# and one with activations that take parameters (4 -> 8 leaky_relu(-0.2)
# -> 8 leaky_relu(-0.2) -> 3 sigmoid)
$TR --layers 8,8 --activation 'leaky_relu(negative_slope=-0.2)' --epochs 3 \
    --save "$T/params.safetensors" examples/data/iris.csv >/dev/null
check "train saves the model with parameters" [ -s "$T/params.safetensors" ]
awk 'BEGIN { srand(7); for (i = 0; i < 40; i++) {
        printf "%.6f %.6f %.6f %.6f\n", rand() * 8, rand() * 5, rand() * 7, rand() * 3 } }' \
    >"$T/rows4"
awk '{ print $1 - 4, $2 - 2, $3 - 3 }' "$T/rows4" >"$T/rows3"

for m in golden deep params; do
    case $m in
    golden) f=tests/data/golden_f64.safetensors; rows=$T/rows3 ;;
    deep)   f=$T/deep.safetensors; rows=$T/rows4 ;;
    params) f=$T/params.safetensors; rows=$T/rows4 ;;
    esac
    # double: the same bits as predict (a double build reading the file)
    check "$m: export --double" $E --double --name model "$f" "$T/model.h"
    $P "$f" <"$rows" >"$T/want"
    for mode in "" "-DNN_NO_TRAINING" "-DNN_NO_TRAINING -DNN_NO_STDIO"; do
        build "$T/p" -DEXPORTED='"model.h"' $mode &&
            "$T/p" <"$rows" >"$T/got"
        check "$m: double export$mode predicts predict's bits" cmp -s "$T/got" "$T/want"
    done
    check "$m: double export compiles as C++" $CXX -std=c++11 -Wall -Wextra -Wpedantic \
        -Werror -DNN_NO_TRAINING -I. -I"$T" -DEXPORTED='"model.h"' -x c++ -o "$T/pp" \
        tests/export_main.c
    "$T/pp" <"$rows" >"$T/got"
    check "$m: C++ predicts predict's bits" cmp -s "$T/got" "$T/want"
    # float: the same bits as a float build reading the file
    check "$m: export (float)" $E --name model "$f" "$T/model.h"
    build "$T/ff" -DFROM_FILE -DNN_REAL=float && "$T/ff" "$f" <"$rows" >"$T/want"
    build "$T/p" -DEXPORTED='"model.h"' -DNN_REAL=float -DNN_NO_TRAINING &&
        "$T/p" <"$rows" >"$T/got"
    check "$m: float export predicts the float loader's bits" cmp -s "$T/got" "$T/want"
    check "$m: one line per row" [ "$(wc -l <"$T/got")" -eq 40 ]
    # a header for the other nn_real does not compile
    check "$m: a float header refuses a double build" sh -c \
        "! $CC -std=c99 -I. -I$T -DEXPORTED='\"model.h\"' -o $T/x tests/export_main.c -lm 2>/dev/null"
done

# names: from the file, or --name
$E tests/data/golden_f64.safetensors >"$T/g.h"
check "name from the file" grep -q '^static inline nn_status golden_f64_net(' "$T/g.h"
check "macros in capitals" grep -q '^#define GOLDEN_F64_PARAMS 26$' "$T/g.h"
check "scratch for one row" grep -q '^#define GOLDEN_F64_SCRATCH 8$' "$T/g.h"
check "stdout without OUT" [ -s "$T/g.h" ]

# errors
$E --help >"$T/out" 2>&1; rc=$?
check "--help exits 0" [ "$rc" -eq 0 ]
check "--help prints the usage" grep -q '^usage: export' "$T/out"
$E >"$T/out" 2>&1; rc=$?
check "no model: usage, exit 2" [ "$rc" -eq 2 ]
$E --name 9lives tests/data/golden_f64.safetensors >"$T/out" 2>&1; rc=$?
check "a name that is no identifier: exit 2" [ "$rc" -eq 2 ]
check "... says so" grep -q 'not a C identifier' "$T/out"
$E "$T/nope.safetensors" >"$T/out" 2>&1; rc=$?
check "a missing model: exit 1" [ "$rc" -eq 1 ]
check "... one line" [ "$(wc -l <"$T/out")" -eq 1 ]
check "... naming it" grep -q 'nope.safetensors' "$T/out"
$E tests/data/golden_f64.safetensors "$T/no/such/dir.h" >"$T/out" 2>&1; rc=$?
check "an unwritable output: exit 1" [ "$rc" -eq 1 ]
# the golden model with its first parameter's 8 bytes replaced: patch OUT BYTES
n=$(od -An -tu8 -N8 tests/data/golden_f64.safetensors | tr -d ' ')
patch() {
    cp tests/data/golden_f64.safetensors "$1"
    printf "$2" | dd of="$1" bs=1 seek=$((8 + n)) conv=notrunc 2>/dev/null
}
patch "$T/nan.safetensors" '\000\000\000\000\000\000\370\177'            # NaN
patch "$T/big.safetensors" '\234\165\000\210\074\344\067\176'            # 1e300
$E "$T/nan.safetensors" >"$T/out" 2>&1; rc=$?
check "a NaN parameter: exit 1" [ "$rc" -eq 1 ]
check "... says it is not finite" grep -q 'not finite' "$T/out"
$E "$T/big.safetensors" >"$T/out" 2>&1; rc=$?
check "1e300 as float: exit 1 (finite, but no float)" [ "$rc" -eq 1 ]
check "... too large for a float" grep -q 'too large for a float' "$T/out"
check "1e300 as double: fine" $E --double "$T/big.safetensors" "$T/big.h"
check "... written exactly" grep -q '1.0000000000000001e+300' "$T/big.h"

# a file that is no model, and files that do not open, named with the reason
printf 'a,b,c\n1,2,3\n' >"$T/data.csv"
$E "$T/data.csv" >"$T/out" 2>&1; rc=$?
check "a CSV as the model: exit 1" [ "$rc" -eq 1 ]
check "... not an nn.h model file" [ "$(cat "$T/out")" = "export: $T/data.csv: not an nn.h model file (safetensors)" ]
$E "$T/missing.safetensors" >"$T/out" 2>&1; rc=$?
check "a missing model: exit 1, the reason" \
    [ "$rc" -eq 1 -a "$(cat "$T/out")" = "export: $T/missing.safetensors: cannot open: No such file or directory" ]
$E tests/data/golden_f64.safetensors "$T/no/dir/g.h" >"$T/out" 2>&1; rc=$?
check "an output that cannot be written: exit 1, the reason" \
    [ "$rc" -eq 1 -a "$(cat "$T/out")" = "export: $T/no/dir/g.h: cannot be written: No such file or directory" ]
# a model with an activation NN_CORE_ACTS leaves out: its header says so
$E --double --name model "$T/params.safetensors" "$T/model.h"
build "$T/core" -DEXPORTED='"model.h"' -DNN_NO_TRAINING -DNN_CORE_ACTS >"$T/out" 2>&1
check "NN_CORE_ACTS and a leaky_relu model: an #error naming it" \
    grep -q "the model's layer 1 is leaky_relu, which NN_CORE_ACTS leaves out" "$T/out"
$E --double --name model tests/data/golden_f64.safetensors "$T/model.h"
check "NN_CORE_ACTS and a sigmoid model: builds" \
    build "$T/core" -DEXPORTED='"model.h"' -DNN_NO_TRAINING -DNN_CORE_ACTS
# --activations with parameters: the header sets them on the view
check "--activations 'leaky_relu(negative_slope=0.2),sigmoid': exported" \
    $E --double --activations 'leaky_relu(negative_slope=0.2),sigmoid' \
    tests/data/golden_f64.safetensors "$T/leaky.h"
check "... as NN_ACT_LEAKY_RELU" grep -q 'NN_ACT_LEAKY_RELU, NN_ACT_SIGMOID' "$T/leaky.h"
check "... its slope set on layer 1" grep -q 'static const nn_real p\[1\] = {0.20000000000000001};' \
    "$T/leaky.h"
check "... by nn_net_set_act_params" grep -q 'nn_net_set_act_params(net, 0, p, 1);' "$T/leaky.h"
# --help names every option; a usage error says what is wrong
$E --help >"$T/out" 2>&1
for o in --double --name --activations --help; do
    check "--help names $o" grep -q -- "^  .*$o " "$T/out"
done
$E --bogus tests/data/golden_f64.safetensors >"$T/out" 2>&1; rc=$?
check "an unknown option: exit 2, named" [ "$rc" -eq 2 -a "$(head -n 1 "$T/out")" = "export: unknown option --bogus" ]

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
