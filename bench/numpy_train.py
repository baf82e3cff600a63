"""The article's network in NumPy, timed on the benchmarks of bench_train.c.
Prints "key median min max" lines (seconds), and on standard error the
BLAS kernel that ran. Single thread: run with OPENBLAS_NUM_THREADS=1.
Usage: python3 numpy_train.py > numpy.txt"""
import os
import sys
import time
import numpy as np

from mlp_adam import blas_kernels

# BENCH_CPUTIME set: the thread's CPU time, as bench.h does for the C side
clock = time.thread_time if os.environ.get("BENCH_CPUTIME") else time.perf_counter


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(s):
    return s * (1.0 - s)


class Net:
    """Two sigmoid layers, no biases, trained on the sum of squares with
    weights += gradient steps, as in the article (rate 1 there)."""

    def __init__(self, n_in, n_hidden, n_out, dtype, rng, scale=1.0):
        self.w1 = (rng.random((n_in, n_hidden)) * scale).astype(dtype)
        self.w2 = (rng.random((n_hidden, n_out)) * scale).astype(dtype)

    def step(self, x, y, rate):
        layer1 = sigmoid(np.dot(x, self.w1))
        output = sigmoid(np.dot(layer1, self.w2))
        d2 = 2 * (y - output) * sigmoid_derivative(output)
        d_w2 = np.dot(layer1.T, d2)
        d_w1 = np.dot(x.T, np.dot(d2, self.w2.T) * sigmoid_derivative(layer1))
        self.w1 += rate * d_w1
        self.w2 += rate * d_w2


def timed(fn, samples=11):
    fn()
    ts = []
    for _ in range(samples):
        t0 = clock()
        fn()
        ts.append(clock() - t0)
    ts.sort()
    return ts[len(ts) // 2], ts[0], ts[-1]


def report(key, t):
    print("%s %.9g %.9g %.9g" % ((key,) + t))
    sys.stdout.flush()


def main():
    print("NumPy %s, numpy_train.py: %s" % (np.__version__, blas_kernels()),
          file=sys.stderr)
    rng = np.random.default_rng(1)
    x = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
    y = np.array([[0], [1], [1], [0]], dtype=np.float64)

    def xor():
        net = Net(3, 4, 1, np.float64, rng)
        for _ in range(1500):
            net.step(x, y, 1.0)
    report("xor_f64", timed(xor))

    for dtype, tag in ((np.float64, "f64"), (np.float32, "f32")):
        xd = rng.random((1797, 64)).astype(dtype)
        yd = rng.random((1797, 10)).astype(dtype)
        net = Net(64, 32, 10, dtype, rng, 0.1)

        def epoch():
            for r in range(0, 1797, 32):
                net.step(xd[r:r + 32], yd[r:r + 32], 0.01)
        report("digits_" + tag, timed(epoch))

        xm = rng.random((256, 784)).astype(dtype)
        ym = rng.random((256, 10)).astype(dtype)
        netm = Net(784, 1024, 10, dtype, rng, 0.01)
        med, lo, hi = timed(lambda: netm.step(xm, ym, 0.001))
        report("mnist_" + tag, (med / 256, lo / 256, hi / 256))


if __name__ == "__main__":
    main()
