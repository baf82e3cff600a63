#!/usr/bin/env python3
"""A file saved by nn.h, loaded with the README's NumPy snippet and its
PyTorch recipe (the ```python blocks of README.md's "Model files" section,
run as written), must predict what build/predict prints, to 1e-12.

    python3 tests/torch_check.py BUILD_DIR      (make torch-check)

Skipped, with exit status 0, when PyTorch or NumPy is not installed."""
import os
import random
import re
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch
except ImportError as e:
    print("torch-check: skipped (%s for %s)" % (e, sys.executable))
    sys.exit(0)

TOL = 1e-12


def readme_snippets(path):
    """The python code blocks of the "## Model files" section."""
    text = open(path, encoding="utf-8").read()
    start = text.index("## Model files")
    end = text.find("\n## ", start + 1)
    section = text[start:end if end >= 0 else len(text)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    snippets = readme_snippets(os.path.join(top, "README.md"))
    assert len(snippets) == 2, "want the NumPy and the PyTorch snippets"
    rng = random.Random(1)
    rows = [[rng.uniform(-3, 3) for _ in range(3)] for _ in range(64)]
    rows += [[0, 0, 0], [1, 1, 1], [-40, 40, 0.5]]
    x = np.array(rows, dtype=np.float64)

    with tempfile.TemporaryDirectory() as tmp:
        model_path = os.path.join(tmp, "model.safetensors")
        subprocess.run([os.path.join(build, "torch_model"), model_path], check=True)
        text = "".join(" ".join(repr(v) for v in r) + "\n" for r in rows)
        out = subprocess.run([os.path.join(build, "predict"), model_path], input=text,
                             capture_output=True, text=True, check=True).stdout
        ours = np.array([[float(v) for v in line.split()] for line in out.splitlines()])

        # the snippets open "model.safetensors" in the current directory
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            ns = {}
            exec(snippets[0], ns)             # NumPy: load_safetensors, predict
            exec(snippets[1], ns)             # PyTorch: model
        finally:
            os.chdir(cwd)

    numpy_pred = ns["predict"](ns["params"], x)
    model = ns["model"]
    with torch.no_grad():
        torch_pred = model(torch.from_numpy(x)).numpy()
    assert model.hidden.weight.dtype == torch.float64
    assert ours.shape == torch_pred.shape == (len(rows), 2), ours.shape
    d_torch = float(np.max(np.abs(torch_pred - ours)))
    d_numpy = float(np.max(np.abs(numpy_pred - ours)))
    print("torch-check: torch %s, %d rows: max |torch - nn.h| = %.3g, "
          "max |numpy - nn.h| = %.3g" % (torch.__version__, len(rows), d_torch, d_numpy))
    if not (d_torch <= TOL and d_numpy <= TOL):
        print("torch-check: FAILED, tolerance %g" % TOL)
        sys.exit(1)
    print("torch-check: ok")


if __name__ == "__main__":
    main()
