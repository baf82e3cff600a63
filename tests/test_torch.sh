#!/bin/sh
# Training in nn.h against PyTorch (tests/torch_parity.py): every activation,
# loss and optimizer, with and without weight decay, the same losses and
# parameters to 1e-10. Runs build/parity_run (or $PARITY) under
# /usr/bin/python3 when it exists (or $PYTHON); without PyTorch it says so
# and counts nothing. Run from the project root. Prints "N passed, N failed"
# last.
PARITY=${PARITY:-build/parity_run}
if [ -z "${PYTHON:-}" ]; then
    if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
if ! "$PYTHON" -c 'import torch' >/dev/null 2>&1; then
    echo "torch parity: skipped (no PyTorch for $PYTHON)"
    echo "0 passed, 0 failed"
    exit 0
fi
case "$PARITY" in /*) ;; *) PARITY=./$PARITY ;; esac
exec "$PYTHON" tests/torch_parity.py "$PARITY"
