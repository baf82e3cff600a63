#!/usr/bin/env python3
"""Model files between nn.h and PyTorch, both ways, with the README's
recipes: the ```python blocks of README.md's "Model files" section (NumPy
loading, into PyTorch, from PyTorch), run as written, in order.

nn.h -> NumPy and PyTorch: build/torch_model saves the article's network
(1.x's names) and a 4-layer one (relu, tanh, linear, softmax: numbered
names); each is loaded by the NumPy snippet and made an nn.Sequential by the
PyTorch one, and both must predict what build/predict prints, to 1e-12. The
Sequential, saved back by the last snippet, must predict the same in nn.h.

PyTorch -> nn.h: nn.Sequential(Linear, ReLU, Linear, Tanh, Linear,
Softmax(dim=1)) in float64, written by the README's save_for_nn_h (struct
and json, no safetensors package): build/predict must predict what the
model does, to 1e-12. Its bare state_dict, without metadata, is refused
with the reason, and loads with predict --activations.

    python3 tests/torch_check.py BUILD_DIR      (make torch-check)

Prints "N passed, N failed" last, exit status 1 when any failed. Skipped,
with exit status 0, when PyTorch or NumPy is not installed."""
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch
    from torch import nn
except ImportError as e:
    print("torch-check: skipped (%s for %s)" % (e, sys.executable))
    print("0 passed, 0 failed")
    sys.exit(0)

TOL = 1e-12
counts = {"passed": 0, "failed": 0}


def check(what, ok, detail=""):
    counts["passed" if ok else "failed"] += 1
    if not ok:
        print("torch-check: FAILED %s %s" % (what, detail))


def readme_snippets(path):
    """The python code blocks of the "## Model files" section."""
    text = open(path, encoding="utf-8").read()
    start = text.index("## Model files")
    end = text.find("\n## ", start + 1)
    section = text[start:end if end >= 0 else len(text)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def predict(build, path, x, *options):
    """build/predict's output for the rows of x, and the process."""
    text = "".join(" ".join(repr(float(v)) for v in row) + "\n" for row in x)
    p = subprocess.run([os.path.join(build, "predict"), *options, path], input=text,
                       capture_output=True, text=True)
    out = [[float(v) for v in line.split()] for line in p.stdout.splitlines()]
    return np.array(out), p


def max_diff(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b))) if a.shape == b.shape else float("inf")


def from_nn_h(build, snippets, path, x, label):
    """A file of nn.h's through the README's snippets, run in a directory
    of their own (they read model.safetensors, write from_pytorch.safetensors)."""
    ours, p = predict(build, path, x)
    check(label + ": predict runs", p.returncode == 0, p.stderr)
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(path, os.path.join(tmp, "model.safetensors"))
        os.chdir(tmp)
        try:
            ns = {}
            for code in snippets:
                exec(code, ns)
        finally:
            os.chdir(cwd)
        back, q = predict(build, os.path.join(tmp, "from_pytorch.safetensors"), x)
    numpy_pred = ns["predict"](ns["net"], x)
    with torch.no_grad():
        torch_pred = ns["model"](torch.from_numpy(x)).numpy()
    d_numpy, d_torch, d_back = (max_diff(numpy_pred, ours), max_diff(torch_pred, ours),
                                max_diff(back, ours))
    print("torch-check: %s: max |numpy - nn.h| = %.3g, |torch - nn.h| = %.3g, "
          "saved back from torch %.3g" % (label, d_numpy, d_torch, d_back))
    check(label + ": numpy", d_numpy <= TOL, d_numpy)
    check(label + ": torch", d_torch <= TOL, d_torch)
    check(label + ": saved back from torch", q.returncode == 0 and d_back <= TOL, q.stderr)
    check(label + ": float64 in torch",
          all(t.dtype == torch.float64 for t in ns["model"].state_dict().values()))
    return ns


def bare_state_dict(model, path):
    """The state_dict alone, as PyTorch users save it: no metadata."""
    header, data = {}, b""
    for name, t in model.state_dict().items():
        raw = t.detach().numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode("utf-8")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def from_pytorch(build, ns, x, tmp):
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(3, 7), nn.ReLU(), nn.Linear(7, 5), nn.Tanh(),
                          nn.Linear(5, 4), nn.Softmax(dim=1)).double()
    with torch.no_grad():
        want = model(torch.from_numpy(x)).numpy()
    path = os.path.join(tmp, "from_pytorch.safetensors")
    ns["save_for_nn_h"](model, path, loss="cross_entropy")
    ours, p = predict(build, path, x)
    d = max_diff(ours, want)
    print("torch-check: from PyTorch, %d rows: max |torch - nn.h| = %.3g" % (len(x), d))
    check("from PyTorch: predict runs", p.returncode == 0, p.stderr)
    check("from PyTorch: predictions", d <= TOL, d)

    bare = os.path.join(tmp, "bare.safetensors")
    bare_state_dict(model, bare)
    _, p = predict(build, bare, x)
    check("bare state_dict: refused, with why", p.returncode == 1 and
          "no activations" in p.stderr, p.stderr)
    ours, p = predict(build, bare, x, "--activations", "relu,tanh,softmax")
    d = max_diff(ours, want)
    print("torch-check: bare state_dict with --activations: max |torch - nn.h| = %.3g" % d)
    check("bare state_dict with --activations", p.returncode == 0 and d <= TOL, p.stderr)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    snippets = readme_snippets(os.path.join(top, "README.md"))
    check("README: the NumPy, into-PyTorch and from-PyTorch snippets", len(snippets) == 3,
          len(snippets))
    rng = random.Random(1)
    rows = [[rng.uniform(-3, 3) for _ in range(3)] for _ in range(64)]
    rows += [[0, 0, 0], [1, 1, 1], [-40, 40, 0.5]]
    x = np.array(rows, dtype=np.float64)
    print("torch-check: torch %s, numpy %s, %d rows" % (torch.__version__, np.__version__, len(x)))

    with tempfile.TemporaryDirectory() as tmp:
        article = os.path.join(tmp, "article.safetensors")
        deep = os.path.join(tmp, "deep.safetensors")
        subprocess.run([os.path.join(build, "torch_model"), article, deep], check=True)
        ns = from_nn_h(build, snippets, article, x, "article's network")
        check("article's network: 1.x names",
              sorted(load_names(article)) == ["hidden.bias", "hidden.weight",
                                               "output.bias", "output.weight"])
        ns = from_nn_h(build, snippets, deep, x, "4 layers")
        check("4 layers: numbered as nn.Sequential", sorted(load_names(deep)) ==
              sorted(ns["model"].state_dict().keys()) == ["0.bias", "0.weight", "2.bias",
              "2.weight", "4.bias", "4.weight", "5.bias", "5.weight"])
        from_pytorch(build, ns, x, tmp)

    print("%d passed, %d failed" % (counts["passed"], counts["failed"]))
    sys.exit(1 if counts["failed"] else 0)


def load_names(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        return [k for k in json.loads(f.read(n)) if k != "__metadata__"]


if __name__ == "__main__":
    main()
