#!/usr/bin/env python3
"""want.py - demo.c's expected outputs, computed in double: the same
networks, the same LCG for their parameters and inputs. Prints the
arrays to paste into demo.c."""
import math
import struct

def lcg_values(seed, n):
    out = []
    for _ in range(n):
        seed = (seed * 1664525 + 1013904223) & 0xFFFFFFFF
        out.append(((seed >> 8) - 8388608) / 8388608.0)   # exact in float
    return out

def forward(params, widths, acts, x):
    p, a = 0, list(x)
    for l, act in enumerate(acts):
        ni, no = widths[l], widths[l + 1]
        w, b = params[p:p + ni * no], params[p + ni * no:p + ni * no + no]
        p += ni * no + no
        z = [sum(a[i] * w[i * no + j] for i in range(ni)) + b[j] for j in range(no)]
        if act == "sigmoid":
            z = [1 / (1 + math.exp(-v)) for v in z]
        elif act == "tanh":
            z = [math.tanh(v) for v in z]
        elif act == "relu":
            z = [max(v, 0.0) for v in z]
        elif act == "softmax":
            m = max(z)
            e = [math.exp(v - m) for v in z]
            z = [v / sum(e) for v in e]
        a = z
    return a

def to_float(v):
    return struct.unpack("f", struct.pack("f", v))[0]

def count(widths):
    return sum(widths[l] * widths[l + 1] + widths[l + 1] for l in range(len(widths) - 1))

def show(name, values):
    print("static const float %s[] = {%s};" % (name, ", ".join("%.10gf" % v for v in values)))

net1 = [0.5, -1.25, 2.0, 0.75, -0.5, 1.5, -0.25, 1.0, 1.0, 0.25, -1.75, -0.5,
        0.1, -0.2, 0.3, 0.0, 1.5, -2.0, 0.75, 1.25, -0.3]
net1 = [to_float(v) for v in net1]   # as demo.c's float literals hold them
show("want1", forward(net1, [3, 4, 1], ["sigmoid"] * 2, [0.25, -0.5, 0.75]))

w2 = [3, 5, 4, 4, 3]
show("want2", forward(lcg_values(12345, count(w2)), w2,
                      ["tanh", "relu", "linear", "softmax"], [0.5, -1.0, 0.25]))

w3 = [64, 32, 10]
v3 = lcg_values(2024, count(w3) + 64)
show("want3", forward(v3[:count(w3)], w3, ["sigmoid"] * 2, v3[count(w3):]))
