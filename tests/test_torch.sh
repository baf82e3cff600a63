#!/bin/sh
# nn.h against PyTorch: training (tests/torch_parity.py: every activation,
# loss and optimizer, with and without weight decay, the same losses and
# parameters to 1e-10; runs build/parity_run, or $PARITY) and model files
# both ways with README.md's Python recipes (tests/torch_check.py, as make
# torch-check runs it: build/predict and build/torch_model, or those in
# $TORCH_BUILD). Runs them under /usr/bin/python3 when it exists (or
# $PYTHON); without PyTorch it says so and counts nothing. Run from the
# project root. Prints each one's output, then the sum of their "N passed,
# N failed" lines last; exit status 1 when a check failed or a script
# ended without its summary or with an error.
PARITY=${PARITY:-build/parity_run}
TORCH_BUILD=${TORCH_BUILD:-build}
if [ -z "${PYTHON:-}" ]; then
    if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
if ! "$PYTHON" -c 'import torch' >/dev/null 2>&1; then
    echo "torch parity and torch-check: skipped (no PyTorch for $PYTHON)"
    echo "0 passed, 0 failed"
    exit 0
fi
case "$PARITY" in /*) ;; *) PARITY=./$PARITY ;; esac
passed=0 failed=0
for run in "tests/torch_parity.py $PARITY" "tests/torch_check.py $TORCH_BUILD"; do
    # shellcheck disable=SC2086
    out=$("$PYTHON" $run 2>&1); rc=$?
    printf '%s\n' "$out"
    sum=$(printf '%s\n' "$out" | tail -n 1 |
          sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
    if [ -z "$sum" ]; then
        echo "$run: no summary line (exit $rc)"
        failed=$((failed + 1))
        continue
    fi
    p=${sum% *} f=${sum#* }
    passed=$((passed + p)) failed=$((failed + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "$run: exit $rc with no failed check"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
