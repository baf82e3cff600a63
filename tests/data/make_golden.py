#!/usr/bin/env python3
"""Writes the golden model files that tests/test_io.c checks, and the seed
corpus of tests/fuzz_load.c, with Python's standard library only (struct,
json): a writer independent of nn.h.

    python3 tests/data/make_golden.py      (from the repository root)

Network: n_in 3, n_hidden 4, n_out 2. Element k (in file order) of tensor t
(hidden.weight, hidden.bias, output.weight, output.bias = 0, 1, 2, 3) is
(-1)^k (k + 1) / 7 + t / 4, a value test_io.c recomputes.

The deep seeds: 3 -> 5 -> 4 -> 3 -> 2 as nn.Sequential(Linear, ReLU, Linear,
Tanh, Linear, Linear, Softmax) names it (0, 2, 4, 5), the same values with t
counting the tensors in that order; test_io.c loads them too.
"""
import json
import os
import struct

N_IN, N_HIDDEN, N_OUT = 3, 4, 2
TENSORS = [("hidden.weight", [N_HIDDEN, N_IN]), ("hidden.bias", [N_HIDDEN]),
           ("output.weight", [N_OUT, N_HIDDEN]), ("output.bias", [N_OUT])]


def value(t, k):
    return (-1) ** k * (k + 1) / 7 + t / 4


def count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def safetensors(entries, metadata, pad_to=8, separators=(", ", ": ")):
    """entries: (name, dtype, shape, raw bytes), stored in this order."""
    header, data = {}, b""
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in entries:
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    # the JSON lists the tensors in reverse: key order must not matter
    keys = list(header)
    ordered = {k: header[k] for k in keys[:1] + keys[:0:-1]}
    text = json.dumps(ordered, separators=separators).encode("utf-8")
    text += b" " * (-len(text) % pad_to)
    return struct.pack("<Q", len(text)) + text + data


DEEP_WIDTHS = [3, 5, 4, 3, 2]
DEEP_INDEX = [0, 2, 4, 5]
DEEP_META = {"format": "pt", "activations": "relu,tanh,linear,softmax",
             "loss": "cross_entropy"}


def deep_tensors():
    out = []
    for l, k in enumerate(DEEP_INDEX):
        n_in, n_out = DEEP_WIDTHS[l], DEEP_WIDTHS[l + 1]
        out += [("%d.weight" % k, [n_out, n_in]), ("%d.bias" % k, [n_out])]
    return out


def net_entries(dtype, tensors=TENSORS):
    fmt = {"F64": "<d", "F32": "<f"}[dtype]
    out = []
    for t, (name, shape) in enumerate(tensors):
        raw = b"".join(struct.pack(fmt, value(t, k)) for k in range(count(shape)))
        out.append((name, dtype, shape, raw))
    return out


def write(path, blob):
    with open(path, "wb") as f:
        f.write(blob)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = os.path.join(here, "..", "fuzz_corpus")
    meta = {"format": "pt", "activation": "sigmoid", "note": "written by make_golden.py"}
    for dtype in ("F64", "F32"):
        entries = net_entries(dtype)
        # an extra tensor between the network's ones, as other tools may add
        entries.insert(2, ("step", "I64", [], struct.pack("<q", 1500)))
        write(os.path.join(here, "golden_%s.safetensors" % dtype.lower()),
              safetensors(entries, meta))

    os.makedirs(corpus, exist_ok=True)
    seeds = {
        "f64": safetensors(net_entries("F64"), {"format": "nn.h", "activation": "sigmoid"},
                           separators=(",", ":")),
        "f32": safetensors(net_entries("F32"), None, separators=(",", ":")),
        "extra": safetensors(net_entries("F64") + [
            ("extra.u8", "U8", [2, 0, 5], b""), ("extra.bf16", "BF16", [3], b"\0" * 6)],
            {"a": "\u00e9\U0001f600", "b": "\\\"\n"}),
        "unpadded": safetensors(net_entries("F32"), {"format": "x"}, pad_to=1),
        "deep_f64": safetensors(net_entries("F64", deep_tensors()), DEEP_META),
        "deep_f32": safetensors(net_entries("F32", deep_tensors()), DEEP_META,
                                separators=(",", ":")),
        # the caller gives the activations (nn_load_opts, predict --activations)
        "deep_nometa": safetensors(net_entries("F64", deep_tensors()), None),
        "deep_one": safetensors(net_entries("F32", deep_tensors()[:2]),
                                {"activation": "tanh", "loss": "sse"}),
        "old_acts": safetensors(net_entries("F64"), {"activations": "relu,sigmoid",
                                                     "loss": "bce"}),
    }
    for name, blob in seeds.items():
        write(os.path.join(corpus, name + ".safetensors"), blob)


if __name__ == "__main__":
    main()
