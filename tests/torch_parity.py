#!/usr/bin/env python3
"""Training in nn.h against PyTorch, float64 in both.

A 5-7-6-3 network, its two hidden layers sigmoid, tanh, relu or linear,
its output and loss each of
    sigmoid + sse             Sigmoid then MSELoss(reduction='sum')
    sigmoid + bce             BCEWithLogitsLoss(reduction='sum') on the logits
    softmax + cross_entropy   CrossEntropyLoss(reduction='sum') on the logits,
                              probability targets (one-hot and soft rows)
    softmax + sse             Softmax(dim=1) then MSELoss(reduction='sum')
    linear + sse              MSELoss(reduction='sum')
trained 20 steps on a fixed batch of 8 rows by SGD, SGD with momentum,
Nesterov and Adam, each without weight decay (and nn.h's default settings,
given to PyTorch explicitly) and with weight decay 0.01 (and other
momentum, betas and eps, set in both); by AdamW and RMSprop with
PyTorch's own defaults (nothing set in nn.h: its defaults must be
PyTorch's) and with other settings (RMSprop centered, with momentum, both,
with weight decay), each of those also with clip_grad_norm_ before every
step, at a max_norm that clips some steps and not others (the median of
the gradient norms of the run without it, or of a run clipped at that);
and with the biases out of the weight decay (a param group of their own with weight_decay 0) for SGD
with momentum, Adam, AdamW and RMSprop. The same network with hidden
layers gelu (exact and tanh), silu, or leaky_relu, elu and softplus with
parameters away from their defaults, under each of those heads, and each
of these as the output with the sum of squares (under tanh and gelu
layers), are trained by the first eight (SGD, momentum, Nesterov,
Adam; defaults and decayed). The rate changes at every step,
as a schedule would. Both start from the same parameters (PyTorch's own
initialization of nn.Linear, seeded); build/parity_run (tests/parity_run.c)
trains nn.h's network from them. Every step's loss (and total norm) and
every final parameter must agree to 1e-10, absolutely.

    python3 tests/torch_parity.py PARITY_RUN

Prints a line per failure, the worst differences, and "N passed, N failed"
last (exit status 1 when any failed). Without PyTorch it prints why, and
"0 passed, 0 failed"."""
import copy
import subprocess
import sys

try:
    import torch
except ImportError as e:
    print("torch parity: skipped (%s for %s)" % (e, sys.executable))
    print("0 passed, 0 failed")
    sys.exit(0)

TOL = 1e-10
WIDTHS = [5, 7, 6, 3]
ROWS = 8
STEPS = 20
HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
HEADS = [("sigmoid", "sse"), ("sigmoid", "bce"), ("softmax", "cross_entropy"),
         ("softmax", "sse"), ("linear", "sse")]
# the activations with z in their slopes, and those with parameters (away
# from their defaults), hidden under every head above
NEW_HIDDEN = ["gelu", "gelu_tanh", "silu", "leaky_relu(negative_slope=0.2)",
              "elu(alpha=1.5)", "softplus(beta=2,threshold=1.5)"]
# and as the output, with the sum of squares, under two hidden ones
MORE_HEADS = [("gelu", "sse"), ("gelu_tanh", "sse"), ("silu", "sse"),
              ("leaky_relu(negative_slope=-0.3)", "sse"), ("elu(alpha=0.7)", "sse"),
              ("softplus(beta=0.5,threshold=1)", "sse")]
MORE_HIDDEN = ["tanh", "gelu"]
# the base rate of each optimizer; step t (from 0) takes base / (1 + t/10)
RATES = {"sgd": 0.02, "momentum": 0.01, "nesterov": 0.01, "adam": 0.01, "adamw": 0.01,
         "rmsprop": 0.003}
# nn.h's defaults, and the settings of the runs with weight decay
DEFAULTS = {"momentum": 0.9, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
            "weight_decay": 0.0}
DECAYED = {"momentum": 0.8, "beta1": 0.85, "beta2": 0.99, "eps": 1e-7,
           "weight_decay": 0.01}

# the runs of each network: the optimizer, its settings (given to both;
# None: PyTorch's defaults, nothing set in nn.h), whether the gradient is
# clipped, whether the biases are out of the weight decay
CASES = [(k, st, False, False) for k in ["sgd", "momentum", "nesterov", "adam"]
         for st in (DEFAULTS, DECAYED)]
NEW = [("adamw", None),
       ("adamw", {"beta1": 0.85, "beta2": 0.99, "eps": 1e-7, "weight_decay": 0.05}),
       ("rmsprop", None),
       ("rmsprop", {"centered": 1}),
       ("rmsprop", {"momentum": 0.8}),
       ("rmsprop", {"centered": 1, "momentum": 0.7, "alpha": 0.95, "eps": 1e-7}),
       ("rmsprop", {"weight_decay": 0.01, "alpha": 0.9})]
CASES += [(k, st, clip, False) for k, st in NEW for clip in (False, True)]
CASES += [("momentum", DECAYED, False, True), ("adam", DECAYED, True, True),
          ("adamw", None, False, True),
          ("rmsprop", {"weight_decay": 0.02, "centered": 1, "momentum": 0.5}, True, True)]

ACT = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU,
       "linear": torch.nn.Identity, "gelu": torch.nn.GELU,
       "gelu_tanh": lambda: torch.nn.GELU(approximate="tanh"), "silu": torch.nn.SiLU,
       "leaky_relu": torch.nn.LeakyReLU, "elu": torch.nn.ELU,
       "softplus": torch.nn.Softplus}


def torch_act(text):
    """The module of an activation as nn.h writes it: "elu(alpha=1.5)"."""
    name, _, args = text.partition("(")
    kwargs = {}
    for item in filter(None, args.rstrip(")").split(",")):
        key, value = item.split("=")
        kwargs[key] = float(value)
    return ACT[name](**kwargs)


def make_model(hidden, head):
    """nn.Sequential of Linear and activations; a bce or cross_entropy head
    ends at the logits (the loss applies the sigmoid or softmax)."""
    act, loss = head
    mods = []
    for i in range(len(WIDTHS) - 1):
        mods.append(torch.nn.Linear(WIDTHS[i], WIDTHS[i + 1], dtype=torch.float64))
        if i < len(WIDTHS) - 2:
            mods.append(torch_act(hidden))
        elif loss == "sse":
            mods.append(torch.nn.Softmax(dim=1) if act == "softmax" else torch_act(act))
    return torch.nn.Sequential(*mods)


def loss_fn(head):
    return {"sse": torch.nn.MSELoss(reduction="sum"),
            "bce": torch.nn.BCEWithLogitsLoss(reduction="sum"),
            "cross_entropy": torch.nn.CrossEntropyLoss(reduction="sum")}[head[1]]


def make_batch(head, gen):
    x = torch.randn(ROWS, WIDTHS[0], generator=gen, dtype=torch.float64)
    n_out = WIDTHS[-1]
    act, loss = head
    if loss == "cross_entropy":
        soft = torch.softmax(2 * torch.randn(ROWS, n_out, generator=gen,
                                             dtype=torch.float64), dim=1)
        hot = torch.nn.functional.one_hot(
            torch.randint(0, n_out, (ROWS,), generator=gen), n_out).double()
        y = torch.where((torch.arange(ROWS) % 2 == 0).unsqueeze(1), hot, soft)
    elif loss == "bce":
        y = torch.rand(ROWS, n_out, generator=gen, dtype=torch.float64)
        y[0, :] = torch.tensor([0.0, 1.0, 1.0])[:n_out]
    elif act == "linear":
        y = torch.randn(ROWS, n_out, generator=gen, dtype=torch.float64)
    else:
        y = torch.rand(ROWS, n_out, generator=gen, dtype=torch.float64)
    return x, y


def linears(model):
    return [m for m in model if isinstance(m, torch.nn.Linear)]


def flat_params(model):
    """nn.h's params order: each layer's w = weight^T row by row, then b."""
    out = []
    for lin in linears(model):
        out += lin.weight.detach().t().reshape(-1).tolist()
        out += lin.bias.detach().reshape(-1).tolist()
    return out


def param_groups(model, no_decay):
    """model's parameters, or with no_decay, the weights and a group of the
    biases with weight_decay 0"""
    if not no_decay:
        return list(model.parameters())
    return [{"params": [lin.weight for lin in linears(model)]},
            {"params": [lin.bias for lin in linears(model)], "weight_decay": 0.0}]


def make_optimizer(kind, params, s):
    if kind in ("adamw", "rmsprop"):
        s = dict(s or {})
        if "beta1" in s:
            s["betas"] = (s.pop("beta1"), s.pop("beta2"))
        if "centered" in s:
            s["centered"] = bool(s["centered"])
        if kind == "adamw":
            return torch.optim.AdamW(params, lr=1.0, **s)
        return torch.optim.RMSprop(params, lr=1.0, **s)
    wd = s["weight_decay"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=1.0, weight_decay=wd)
    if kind == "momentum":
        return torch.optim.SGD(params, lr=1.0, momentum=s["momentum"], weight_decay=wd)
    if kind == "nesterov":
        return torch.optim.SGD(params, lr=1.0, momentum=s["momentum"], nesterov=True,
                               weight_decay=wd)
    return torch.optim.Adam(params, lr=1.0, betas=(s["beta1"], s["beta2"]),
                            eps=s["eps"], weight_decay=wd)


def max_diff(a, b):
    """The largest |a_i - b_i|; infinite when a NaN is met or the lengths differ."""
    if len(a) != len(b):
        return float("inf")
    d = 0.0
    for u, v in zip(a, b):
        e = abs(u - v)
        if e != e:
            return float("inf")
        d = max(d, e)
    return d


def fmt(v):
    return repr(float(v))


def spec_text(hidden, head, kind, settings, rates, x, y, params, clip=None,
              no_decay=False):
    acts = [hidden] * (len(WIDTHS) - 2) + [head[0]]
    words = ["layers", str(len(WIDTHS) - 1)] + [str(w) for w in WIDTHS]
    words += ["acts"] + acts + ["loss", head[1], "opt", kind]
    if settings is not DEFAULTS and settings is not None:
        for k, v in settings.items():
            words += ["set", k, fmt(v)]
    if clip is not None:
        words += ["set", "clip", fmt(clip)]
    if no_decay:
        words += ["set", "no_decay", "1"]
    words += ["steps", str(len(rates))] + [fmt(r) for r in rates]
    words += ["rows", str(ROWS), "x"] + [fmt(v) for v in x.reshape(-1).tolist()]
    words += ["y"] + [fmt(v) for v in y.reshape(-1).tolist()]
    words += ["params"] + [str(len(params))] + [fmt(v) for v in params] + ["end"]
    return " ".join(words) + "\n"


def parse_output(text):
    lines = text.split("\n")
    losses, norms, i = [], [], 0
    while i < len(lines) and lines[i].startswith(("loss ", "norm ")):
        (losses if lines[i].startswith("loss ") else norms).append(
            float(lines[i].split()[2]))
        i += 1
    n = int(lines[i].split()[1])
    params = [float(v) for v in lines[i + 1:i + 1 + n]]
    if len(params) != n:
        raise ValueError("%d parameters, want %d" % (len(params), n))
    return losses, norms, params


def torch_run(model, x, y, head, kind, settings, rates, clip, no_decay):
    """PyTorch's steps: the losses, the total norms (clip_grad_norm_'s
    results, or the norms it would give without clip), the parameters"""
    opt = make_optimizer(kind, param_groups(model, no_decay), settings)
    lf = loss_fn(head)
    losses, norms = [], []
    for r in rates:
        for g in opt.param_groups:
            g["lr"] = r
        opt.zero_grad()
        loss = lf(model(x), y)
        losses.append(loss.item())
        loss.backward()
        if clip is not None:
            norms.append(torch.nn.utils.clip_grad_norm_(model.parameters(), clip).item())
        else:
            norms.append(torch.norm(torch.stack([torch.norm(p.grad)
                                                 for p in model.parameters()])).item())
        opt.step()
    return losses, norms, flat_params(model)


def main():
    if len(sys.argv) != 2:
        print("usage: torch_parity.py PARITY_RUN", file=sys.stderr)
        sys.exit(2)
    runner = sys.argv[1]
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    passed = failed = 0
    worst_loss = worst_param = 0.0
    runs = 0
    seed = 0
    # every optimizer's case on the first activations; the first eight
    # (SGD, momentum, Nesterov, Adam) on the others
    runs_of = [(head, hidden, case) for head in HEADS for hidden in HIDDEN for case in CASES]
    runs_of += [(head, hidden, case) for head in HEADS for hidden in NEW_HIDDEN
                for case in CASES[:8]]
    runs_of += [(head, hidden, case) for head in MORE_HEADS for hidden in MORE_HIDDEN
                for case in CASES[:8]]
    for head, hidden, (kind, settings, clipped, no_decay) in runs_of:
        seed += 1
        gen = torch.Generator().manual_seed(1000 + seed)
        torch.manual_seed(seed)
        model = make_model(hidden, head)
        x, y = make_batch(head, gen)
        start = flat_params(model)
        rates = [RATES[kind] / (1 + t / 10) for t in range(STEPS)]
        wd = (settings or {}).get("weight_decay", 0.01 if kind == "adamw" else 0)
        name = "%s hidden, %s + %s, %s %s, weight decay %g%s%s" % (
            hidden, head[0], head[1], kind,
            "defaults" if settings is None else settings, wd,
            ", clipped" if clipped else "", ", biases not decayed" if no_decay else "")
        clip = None
        if clipped:
            # the median norm of the run without clipping, or if that
            # clips every step or none, of the run clipped at it
            norms = torch_run(copy.deepcopy(model), x, y, head, kind, settings,
                              rates, None, no_decay)[1]
            for _ in range(4):
                clip = sorted(norms)[len(norms) // 2]
                norms = torch_run(copy.deepcopy(model), x, y, head, kind,
                                  settings, rates, clip, no_decay)[1]
                if min(norms) < clip < max(norms):
                    break

        # nn.h
        proc = subprocess.run(
            [runner], input=spec_text(hidden, head, kind, settings, rates,
                                      x, y, start, clip, no_decay),
            capture_output=True, text=True)
        try:
            if proc.returncode != 0:
                raise ValueError("exit %d: %s" % (proc.returncode,
                                                  proc.stderr.strip()))
            c_losses, c_norms, c_params = parse_output(proc.stdout)
            passed += 1
        except (ValueError, IndexError) as e:
            print("FAIL %s: parity_run: %s" % (name, e))
            failed += 1
            continue

        # PyTorch
        t_losses, t_norms, t_params = torch_run(model, x, y, head, kind, settings,
                                                rates, clip, no_decay)
        runs += 1

        dl = max_diff(c_losses, t_losses)
        if clipped:
            dl = max(dl, max_diff(c_norms, t_norms))
            # some steps clipped, some not
            if min(t_norms) < clip < max(t_norms):
                passed += 1
            else:
                print("FAIL %s: max_norm %g clips every step or none (%r)" % (
                    name, clip, t_norms))
                failed += 1
        if not dl <= TOL:
            print("FAIL %s: losses or norms differ by %.3g (nn.h %r %r, torch %r %r)" % (
                name, dl, c_losses, c_norms, t_losses, t_norms))
            failed += 1
        else:
            passed += 1
        dp = max_diff(c_params, t_params)
        if not dp <= TOL:
            print("FAIL %s: parameters differ by %.3g" % (name, dp))
            failed += 1
        else:
            passed += 1
        # the run trained: the parameters moved, the loss fell
        moved = max(abs(a - b) for a, b in zip(t_params, start))
        if moved > 1e-3 and t_losses[-1] < t_losses[0]:
            passed += 1
        else:
            print("FAIL %s: no training (parameters moved %.3g, loss %r)" % (
                name, moved, t_losses))
            failed += 1
        worst_loss = max(worst_loss, dl)
        worst_param = max(worst_param, dp)
    print("torch parity: torch %s, %d runs of %d steps, %s: worst |loss difference| "
          "%.3g, worst |parameter difference| %.3g, tolerance %g" % (
              torch.__version__, runs, STEPS, "-".join(map(str, WIDTHS)), worst_loss,
              worst_param, TOL))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
