#!/usr/bin/env python3
"""Model files between nn.h and PyTorch, both ways, with the README's
recipes: the ```python blocks of README.md's "Model files" section (NumPy
loading, into PyTorch, from PyTorch), run as written, in order.

nn.h -> NumPy and PyTorch: build/torch_model saves the article's network
(1.x's names), a 4-layer one (relu, tanh, linear, softmax: numbered
names) and an 8-layer one with every activation that is not the 1.x ones:
gelu, gelu_tanh, silu, leaky_relu(negative_slope=0.2), elu(alpha=1.5),
softplus(beta=2,threshold=5), leaky_relu with 0.1 + 0.2 (17 digits in
the file), linear. Each is loaded by the NumPy snippet and made an
nn.Sequential by the PyTorch one, and both must predict what
build/predict prints, to 1e-12, with every parameter read exactly. The
Sequential, saved back by the last snippet, must predict the same in
nn.h, which must load the same parameters, bit for bit.

PyTorch -> nn.h: nn.Sequential(Linear, ReLU, Linear, Tanh, Linear,
Softmax(dim=1)), and Linear layers between GELU(), GELU(approximate='tanh'),
SiLU(), LeakyReLU(0.2), ELU(alpha=1.5), Softplus(beta=2, threshold=5) and
LeakyReLU(1/11) (whose repr nn.h reads 1 ulp off), in float64, written by
the README's save_for_nn_h (struct and json, no safetensors package):
build/predict must predict what the model does, to 1e-12, and nn.h load
the modules' parameters exactly. Each bare state_dict, without metadata, is refused with the
reason, and loads with predict --activations (parameters in it too).
save_for_nn_h refuses a module nn.h has not, and one not after a Linear,
with a ValueError. The inputs reach both sides of every leaky_relu, elu
and softplus (its threshold).

    python3 tests/torch_check.py BUILD_DIR      (make torch-check, and
                                                 tests/test_torch.sh)

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
import traceback

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


def nn_h_acts(build, path):
    """A model file's activations as nn.h loads them: torch_model --acts."""
    p = subprocess.run([os.path.join(build, "torch_model"), "--acts", path],
                       capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else "torch_model failed: " + p.stderr


def both_sides(model, x, label):
    """x reaches both sides of each leaky_relu and elu (0) and softplus
    (its threshold) of model."""
    with torch.no_grad():
        for i, m in enumerate(model):
            if isinstance(m, (nn.LeakyReLU, nn.ELU, nn.Softplus)):
                z = model[:i](torch.from_numpy(x))
                if isinstance(m, nn.Softplus):
                    z = m.beta * z - m.threshold
                check("%s: both sides of module %d, %s" % (label, i, m),
                      bool((z > 0).any()) and bool((z < 0).any()))


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
        saved = os.path.join(tmp, "from_pytorch.safetensors")
        back, q = predict(build, saved, x)
        acts, acts_back = nn_h_acts(build, path), nn_h_acts(build, saved)
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
    check(label + ": saved back, nn.h loads the same activations and parameters",
          acts_back == acts, "%s, not %s" % (acts_back, acts))
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


def from_pytorch(build, ns, x, tmp, label, model, loss, acts, option):
    """model (float64) saved by the README's save_for_nn_h: nn.h loads acts
    (as nn_act_format writes them) and predicts what model does; its bare
    state_dict with predict --activations option too."""
    with torch.no_grad():
        want = model(torch.from_numpy(x)).numpy()
    path = os.path.join(tmp, "from_pytorch.safetensors")
    ns["save_for_nn_h"](model, path, loss=loss)
    ours, p = predict(build, path, x)
    d = max_diff(ours, want)
    print("torch-check: %s, %d rows: max |torch - nn.h| = %.3g" % (label, len(x), d))
    check(label + ": predict runs", p.returncode == 0, p.stderr)
    check(label + ": predictions", d <= TOL, d)
    got = nn_h_acts(build, path)
    check(label + ": nn.h loads the modules' parameters exactly", got == acts, got)

    bare = os.path.join(tmp, "bare.safetensors")
    bare_state_dict(model, bare)
    _, p = predict(build, bare, x)
    check(label + ": bare state_dict: refused, with why", p.returncode == 1 and
          "no activations" in p.stderr, p.stderr)
    ours, p = predict(build, bare, x, "--activations", option)
    d = max_diff(ours, want)
    print("torch-check: %s: bare state_dict with --activations %s: max |torch - nn.h| = %.3g"
          % (label, option, d))
    check(label + ": bare state_dict with --activations", p.returncode == 0 and d <= TOL,
          p.stderr)


# the 8-layer network: its activations as nn.h writes them, as the NumPy
# snippet reads them, as PyTorch modules
ACTS = ("gelu,gelu_tanh,silu,leaky_relu(negative_slope=0.2),elu(alpha=1.5),"
        "softplus(beta=2,threshold=5),leaky_relu(negative_slope=0.30000000000000004),linear")
ACTS_NUMPY = [("gelu", {}), ("gelu_tanh", {}), ("silu", {}), ("leaky_relu", {"negative_slope": 0.2}),
              ("elu", {"alpha": 1.5}), ("softplus", {"beta": 2.0, "threshold": 5.0}),
              ("leaky_relu", {"negative_slope": 0.1 + 0.2}), ("linear", {})]


def act_modules(slope):
    """The 8-layer network's activation modules, the last LeakyReLU's slope given."""
    return [nn.GELU(), nn.GELU(approximate="tanh"), nn.SiLU(), nn.LeakyReLU(0.2),
            nn.ELU(alpha=1.5), nn.Softplus(beta=2, threshold=5), nn.LeakyReLU(slope)]


def describe(m):
    """A module's type and parameters, to compare."""
    return type(m).__name__, {k: getattr(m, k) for k in ("approximate", "negative_slope",
                              "alpha", "beta", "threshold") if hasattr(m, k)}


def every_activation(build, ns, path, x):
    """The 8-layer file's names, parameters, and inputs."""
    names = ["%d.%s" % (k, t) for k in range(0, 16, 2) for t in ("bias", "weight")]
    check("8 layers: numbered as nn.Sequential", sorted(load_names(path)) ==
          sorted(ns["model"].state_dict().keys()) == sorted(names))
    check("8 layers: the file's activations", load_meta(path).get("activations") == ACTS,
          load_meta(path))
    got = [a for _, _, a in ns["net"]]
    check("8 layers: NumPy's parameters, exactly", got == ACTS_NUMPY, got)
    got = [describe(m) for m in ns["model"] if not isinstance(m, nn.Linear)]
    want = [describe(m) for m in act_modules(0.1 + 0.2)]
    check("8 layers: PyTorch's modules and parameters, exactly", got == want, got)
    both_sides(ns["model"], x, "8 layers")
    # the NumPy snippet's reading of the other forms the format allows
    for item, want in [("leaky_relu(0.2)", ("leaky_relu", {"negative_slope": 0.2})),
                       ("softplus(2, threshold=10)", ("softplus", {"beta": 2.0, "threshold": 10.0})),
                       ("softplus(threshold=10)", ("softplus", {"beta": 1.0, "threshold": 10.0})),
                       ("elu( alpha = -0x1.8p-1 )", ("elu", {"alpha": -0.75})),
                       ("elu", ("elu", {"alpha": 1.0})), ("leaky_relu", ("leaky_relu", {"negative_slope": 0.01})),
                       ("softplus", ("softplus", {"beta": 1.0, "threshold": 20.0}))]:
        got = ns["activation"](item)
        check("NumPy snippet reads %s" % item, got == want, got)


def refused(ns, tmp):
    """save_for_nn_h's ValueErrors, no file written."""
    path = os.path.join(tmp, "refused.safetensors")
    for model, why in [(nn.Sequential(nn.Linear(3, 4), nn.Hardtanh()), "nn.h has no Hardtanh"),
                       (nn.Sequential(nn.ReLU(), nn.Linear(3, 4)), "nn.h has no ReLU there"),
                       (nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Tanh()),
                        "nn.h has no Tanh there")]:
        try:
            ns["save_for_nn_h"](model, path)
            err = "no error"
        except ValueError as e:
            err = str(e)
        check("save_for_nn_h refuses %s" % why, err.startswith(why) and
              not os.path.exists(path), err)


def main():
    try:
        run(sys.argv[1] if len(sys.argv) > 1 else "build")
    except Exception:           # a snippet that fails: a failed check, then the summary
        traceback.print_exc(file=sys.stdout)
        check("no exception", False)
    print("%d passed, %d failed" % (counts["passed"], counts["failed"]))
    sys.exit(1 if counts["failed"] else 0)


def run(build):
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
        acts = os.path.join(tmp, "acts.safetensors")
        subprocess.run([os.path.join(build, "torch_model"), article, deep, acts], check=True)
        ns = from_nn_h(build, snippets, article, x, "article's network")
        check("article's network: 1.x names",
              sorted(load_names(article)) == ["hidden.bias", "hidden.weight",
                                               "output.bias", "output.weight"])
        ns = from_nn_h(build, snippets, deep, x, "4 layers")
        check("4 layers: numbered as nn.Sequential", sorted(load_names(deep)) ==
              sorted(ns["model"].state_dict().keys()) == ["0.bias", "0.weight", "2.bias",
              "2.weight", "4.bias", "4.weight", "5.bias", "5.weight"])
        ns = from_nn_h(build, snippets, acts, x, "8 layers")
        every_activation(build, ns, acts, x)

        torch.manual_seed(1)
        model = nn.Sequential(nn.Linear(3, 7), nn.ReLU(), nn.Linear(7, 5), nn.Tanh(),
                              nn.Linear(5, 4), nn.Softmax(dim=1)).double()
        from_pytorch(build, ns, x, tmp, "from PyTorch", model, "cross_entropy",
                     "relu,tanh,softmax", "relu,tanh,softmax")
        widths = [3, 8, 8, 7, 6, 6, 5, 5, 4]
        modules = [nn.Linear(widths[0], widths[1])]
        # the last slope 1/11, whose repr has 17 digits (the bare state_dict's
        # --activations give it in hexadecimal)
        for k, m in enumerate(act_modules(1 / 11)):
            modules += [m, nn.Linear(widths[k + 1], widths[k + 2])]
        model = nn.Sequential(*modules).double()
        with torch.no_grad():   # weights larger than PyTorch's first ones: every side reached
            for m in model:
                if isinstance(m, nn.Linear):
                    m.weight.mul_(3)
        both_sides(model, x, "from PyTorch, every activation")
        from_pytorch(build, ns, x, tmp, "from PyTorch, every activation", model, "sse",
                     ACTS.replace("0.30000000000000004", "0.09090909090909091"),
                     "gelu,gelu_tanh,silu,leaky_relu(0.2),elu(alpha=1.5),"
                     "softplus(2,threshold=5),leaky_relu(0x1.745d1745d1746p-4),linear")
        refused(ns, tmp)


def load_meta(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(n)).get("__metadata__", {})


def load_names(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        return [k for k in json.loads(f.read(n)) if k != "__metadata__"]


if __name__ == "__main__":
    main()
