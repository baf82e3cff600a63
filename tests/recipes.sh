#!/bin/sh
# The README's recipes, each over seeds 1 to 10: mean and range of the test
# accuracy (digits, iris) or test R^2 (diabetes).
#   sh tests/recipes.sh          the targets: the deep digits recipe >= 98.2%,
#                                the default on iris >= 96%, the diabetes
#                                recipe R^2 >= 0.45 (run by make test)
#   sh tests/recipes.sh table    every recipe on every data set, as the
#                                table of docs/accuracy.md (make recipes)
# Run from the project root. Prints "N passed, N failed" last.
TRAIN=${TRAIN:-./build/train}
DATA=${DATA:-examples/data}
passed=0 failed=0

DEFAULT=""
DEEP="--layers 128 --activation relu --loss cross_entropy --optimizer adam --rate 0.001 --batch 32 --epochs 60 --weight-decay 0.1 --init he"
MEAN="--layers 128 --activation relu --loss cross_entropy --optimizer adam --rate 0.001 --batch 32 --epochs 60 --mean-loss --weight-decay 0.003 --init he"
COSINE="--layers 128,64 --activation relu --loss cross_entropy --optimizer nesterov --mean-loss --rate 0.05 --batch 32 --epochs 60 --lr-schedule cosine --init he"
EARLY="$DEEP --epochs 300 --patience 15"
REGRESSION="--regression --hidden 8 --activation relu --init he --optimizer adam --rate 0.003 --batch 32 --epochs 100 --weight-decay 2"

# score FILE ARGS...: "mean min max" of the ten seeds' test figure
score() {
    f=$1; shift
    for s in 1 2 3 4 5 6 7 8 9 10; do
        # shellcheck disable=SC2086
        "$TRAIN" "$@" --seed $s "$DATA/$f" | sed -n \
            -e 's/^test accuracy \([0-9.]*\)%.*/\1/p' -e 's/^test RMSE .*, R2 \([0-9.-]*\) .*/\1/p'
    done | awk '{ s += $1; if (NR == 1 || $1 < lo) lo = $1; if (NR == 1 || $1 > hi) hi = $1 }
        END { if (NR == 10) printf "%.4f %.4f %.4f\n", s / NR, lo, hi; else print "none" }'
}

# target NAME FILE MIN ARGS...: the mean over the seeds is at least MIN
target() {
    name=$1 f=$2 min=$3; shift 3
    r=$(score "$f" "$@")
    echo "$name on $f: mean, min, max $r (want a mean >= $min)"
    if [ "$r" != none ] && echo "$r" | awk -v m="$min" '{ exit !($1 >= m) }'; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "FAIL: $name on $f" >&2
    fi
}

if [ "${1:-}" = table ]; then
    echo "| recipe | digits | iris |"
    echo "|---|---|---|"
    for r in "default:DEFAULT" "deep:DEEP" "deep, mean loss:MEAN" \
             "two layers, cosine:COSINE" "early stopping:EARLY"; do
        eval "args=\$${r#*:}"
        # shellcheck disable=SC2086
        d=$(score digits.csv $args | awk '{ printf "%.2f (%.2f to %.2f)", $1, $2, $3 }')
        # shellcheck disable=SC2086
        i=$(score iris.csv $args | awk '{ printf "%.2f (%.2f to %.2f)", $1, $2, $3 }')
        echo "| ${r%%:*} | $d | $i |"
    done
    echo
    echo "| recipe | diabetes R2 |"
    echo "|---|---|"
    for r in "default:--regression" "regression:$REGRESSION"; do
        # shellcheck disable=SC2086
        d=$(score diabetes.csv ${r#*:} | awk '{ printf "%.3f (%.3f to %.3f)", $1, $2, $3 }')
        echo "| ${r%%:*} | $d |"
    done
    exit 0
fi

# shellcheck disable=SC2086
target "the deep recipe" digits.csv 98.2 $DEEP
# shellcheck disable=SC2086
target "the default" iris.csv 96 $DEFAULT
# shellcheck disable=SC2086
target "the regression recipe" diabetes.csv 0.45 $REGRESSION
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
