"""bench/bench_adam.c's row in NumPy or PyTorch: one training step of a
784-256-128-10 network (ReLU, ReLU, softmax with the cross-entropy summed
over the batch), Adam (lr 1e-3, PyTorch's defaults otherwise), batch 256,
in float64 and float32, timed as bench_adam.c times nn.h: one step to warm
up, then 11 samples of 10 steps each (the same steps from the same start
in every implementation, as Adam's state changes with the step count).
PyTorch also times bench/bench_step.c's rows, at batch 64 and 256, on
Fashion-MNIST's first training rows when FASHION_DIR is given (as
bench_step.c reads them): the same step on MODELS fresh models each, the
fastest model's numbers kept, every model's median and minor page faults
per step on standard error. PyTorch's time moves from one fresh model to
the next because of glibc's malloc: a step frees and allocates its large
tensors again, and depending on where the heap stands, malloc gives freed
memory back to the kernel (trimming the heap's top, or unmapping a block
it mapped alone) and the next step's tensors come back as fresh zeroed
pages, hundreds of page faults a step. So the models run twice: with
malloc's defaults, then with the large blocks kept (mallopt:
M_MMAP_THRESHOLD and M_TRIM_THRESHOLD at 32 MiB and 1 GiB, which
MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ in the environment also
set), where every model runs without faults; its best is the fastest of
both.

Prints "key median min max" lines (seconds per step; keys adam_numpy_f64,
adam_torch_f32, adam_torch_f32_b64, ...) and, on standard error, the version and the BLAS
kernel that ran. Single thread: run with OPENBLAS_NUM_THREADS=1 (PyTorch
also gets torch.set_num_threads(1) here).
Usage: python3 mlp_adam.py numpy|torch [FASHION_DIR] > file"""
import ctypes
import os
import resource
import sys
import time

import numpy as np

# BENCH_CPUTIME set: the thread's CPU time, as bench.h does for the C side
clock = time.thread_time if os.environ.get("BENCH_CPUTIME") else time.perf_counter

WIDTHS = (784, 256, 128, 10)
BATCH = 256
RATE = 1e-3
REPS = 10           # steps per sample (ADAM_REPS in bench_adam.c)
SAMPLES = 11        # BENCH_SAMPLES in bench.h
MODELS = 5          # fresh models for bench_step's rows, the fastest taken


def timed(step):
    """Seconds per step: median, min, max over SAMPLES samples of REPS."""
    step()
    ts = []
    for _ in range(SAMPLES):
        t0 = clock()
        for _ in range(REPS):
            step()
        ts.append((clock() - t0) / REPS)
    ts.sort()
    return ts[len(ts) // 2], ts[0], ts[-1]


def blas_kernels():
    """The BLAS libraries loaded in this process and the kernel each runs:
    threadpoolctl when installed, else OpenBLAS's own functions on the
    library found in /proc/self/maps."""
    try:
        import threadpoolctl
    except ImportError:
        threadpoolctl = None
    if threadpoolctl is not None:
        out = []
        for i in threadpoolctl.threadpool_info():
            if i.get("user_api") != "blas":
                continue
            out.append("%s %s (%s), kernel %s, %d thread(s) [threadpoolctl]" % (
                i.get("internal_api"), i.get("version"), i.get("threading_layer"),
                i.get("architecture"), i.get("num_threads")))
        return "; ".join(out) or "no BLAS found by threadpoolctl"
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({line.split()[-1] for line in f
                            if "libopenblas" in line and "/" in line})
    except OSError:
        paths = []
    out = []
    for p in paths:
        lib = ctypes.CDLL(p)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        out.append("%s, kernel %s, %d thread(s) [openblas_get_corename]" % (
            lib.openblas_get_config().decode(), lib.openblas_get_corename().decode(),
            lib.openblas_get_num_threads()))
    return "; ".join(out) or "no OpenBLAS found (threadpoolctl not installed)"


def fashion(d, batch):
    """Fashion-MNIST's first batch training rows, each feature standardized
    with the mean and deviation of all 60,000 (as bench_step.c), and their
    labels"""
    with open(os.path.join(d, "train-images-idx3-ubyte"), "rb") as f:
        img = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, WIDTHS[0])
    with open(os.path.join(d, "train-labels-idx1-ubyte"), "rb") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    img = img.astype(np.float64)
    mean, sd = img.mean(axis=0), img.std(axis=0)
    x = np.where(sd > 0, (img[:batch] - mean) / np.where(sd > 0, sd, 1), 0)
    return x, labels[:batch]


def data(dtype, seed, batch=BATCH, fashion_dir=None):
    """x (batch,784) U[0,1), labels (batch) in 0..9, one-hot y (batch,10);
    Fashion-MNIST's rows when fashion_dir is given"""
    rng = np.random.default_rng(seed)
    x = rng.random((batch, WIDTHS[0])).astype(dtype)
    labels = rng.integers(0, WIDTHS[-1], batch)
    if fashion_dir:
        x, labels = fashion(fashion_dir, batch)
        x = x.astype(dtype)
    y = np.zeros((batch, WIDTHS[-1]), dtype)
    y[np.arange(batch), labels] = 1
    return x, labels, y


class NumpyMLP:
    """The network and its Adam state in NumPy arrays: w (n_in,n_out) and
    b (n_out,) per layer, He-uniform weights, zero biases."""

    def __init__(self, dtype, rng):
        self.params = []
        for n_in, n_out in zip(WIDTHS[:-1], WIDTHS[1:]):
            a = np.sqrt(6.0 / n_in)
            self.params.append(rng.uniform(-a, a, (n_in, n_out)).astype(dtype))
            self.params.append(np.zeros(n_out, dtype))
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.tmp = [np.empty_like(p) for p in self.params]
        self.t = 0

    def step(self, x, labels, y, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        w1, b1, w2, b2, w3, b3 = self.params
        n = x.shape[0]
        # forward
        h1 = x @ w1                                 # (N,256)
        h1 += b1
        np.maximum(h1, 0, out=h1)
        h2 = h1 @ w2                                # (N,128)
        h2 += b2
        np.maximum(h2, 0, out=h2)
        z = h2 @ w3                                 # (N,10) logits
        z += b3
        z -= z.max(axis=1, keepdims=True)
        z_label = z[np.arange(n), labels]           # (N,)
        np.exp(z, out=z)
        s = z.sum(axis=1, keepdims=True)            # (N,1)
        z /= s                                      # softmax
        loss = np.log(s).sum() - z_label.sum()      # cross-entropy, summed
        # backward: dL/dz = softmax - y
        z -= y                                      # (N,10)
        d = z
        grads = [None] * 6
        grads[4] = h2.T @ d                         # (128,10)
        grads[5] = d.sum(axis=0)
        d = d @ w3.T                                # (N,128)
        d *= h2 > 0
        grads[2] = h1.T @ d                         # (256,128)
        grads[3] = d.sum(axis=0)
        d = d @ w2.T                                # (N,256)
        d *= h1 > 0
        grads[0] = x.T @ d                          # (784,256)
        grads[1] = d.sum(axis=0)
        # Adam, as torch.optim.Adam computes it
        self.t += 1
        step = lr / (1 - beta1 ** self.t)
        root2 = np.sqrt(1 - beta2 ** self.t)
        for p, g, m, v, tmp in zip(self.params, grads, self.m, self.v, self.tmp):
            m *= beta1
            np.multiply(g, 1 - beta1, out=tmp)
            m += tmp
            v *= beta2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - beta2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp /= root2
            tmp += eps
            np.divide(m, tmp, out=tmp)
            tmp *= step
            p -= tmp
        return loss


def bench_numpy():
    print("NumPy %s, mlp_adam.py: %s" % (np.__version__, blas_kernels()), file=sys.stderr)
    for dtype, tag in ((np.float64, "f64"), (np.float32, "f32")):
        x, labels, y = data(dtype, 1)
        net = NumpyMLP(dtype, np.random.default_rng(2))
        print("adam_numpy_%s %.9g %.9g %.9g" % ((tag,) + timed(
            lambda: net.step(x, labels, y, RATE))))
        sys.stdout.flush()


def faults():
    """minor page faults of this process so far"""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def keep_large_blocks():
    """glibc's malloc keeps freed large blocks for reuse (see above)"""
    libc = ctypes.CDLL(None)
    m_trim_threshold, m_mmap_threshold = -1, -3
    return (libc.mallopt(m_mmap_threshold, 32 << 20) == 1 and
            libc.mallopt(m_trim_threshold, 1 << 30) == 1)


def fresh_models(torch, dtype, batch, fashion_dir):
    """(median, min, max, faults per step) of MODELS fresh models"""
    out = []
    for k in range(MODELS):
        step = torch_step(torch, dtype, 2 + k, batch, fashion_dir)
        f0 = faults()
        t = timed(step)
        out.append(t + ((faults() - f0) / (1 + SAMPLES * REPS),))
    return out


def bench_torch(fashion_dir):
    try:
        import torch
    except ImportError:
        print("PyTorch: skipped (torch not found)", file=sys.stderr)
        return
    torch.set_num_threads(1)
    conf = torch.__config__.show()
    cap = [line.split(":", 1)[1].strip() for line in conf.splitlines()
           if "CPU capability usage" in line]
    blas = [w.rstrip(",") for w in conf.split() if w.startswith("BLAS_INFO=")]
    print("PyTorch %s, mlp_adam.py: %s, ATen CPU capability %s, %d thread(s); %s" % (
        torch.__version__, blas[0] if blas else "BLAS_INFO unknown",
        cap[0] if cap else "unknown", torch.get_num_threads(), blas_kernels()),
        file=sys.stderr)
    for dtype, tag in ((torch.float64, "f64"), (torch.float32, "f32")):
        print("adam_torch_%s %.9g %.9g %.9g" % ((tag,) + timed(torch_step(torch, dtype, 2))))
        sys.stdout.flush()
    # bench_step's rows: the fastest of MODELS fresh models at each batch,
    # with malloc's defaults and then with its large blocks kept
    runs = {}
    for phase in ("malloc's defaults", "large blocks kept"):
        if phase != "malloc's defaults" and not keep_large_blocks():
            print("PyTorch: mallopt failed, large blocks not kept", file=sys.stderr)
            break
        for dtype, tag in ((torch.float64, "f64"), (torch.float32, "f32")):
            for batch in (64, 256):
                models = fresh_models(torch, dtype, batch, fashion_dir)
                runs.setdefault((tag, batch), []).extend(models)
                print("PyTorch %s batch %d, %s: %d fresh models, median ms (page faults a "
                      "step) %s" % (tag, batch, phase, MODELS, ", ".join(
                          "%.3g (%.0f)" % (m[0] * 1e3, m[3]) for m in models)),
                      file=sys.stderr)
    for (tag, batch), models in runs.items():
        best = min(models)
        print("adam_torch_%s_b%d %.9g %.9g %.9g" % (tag, batch, best[0], best[1], best[2]))


def torch_step(torch, dtype, seed, batch=BATCH, fashion_dir=None):
    """A fresh model (torch.manual_seed(seed)) and its optimizer on the
    data of seed 1 (or Fashion-MNIST's): the function that takes one step"""
    torch.manual_seed(seed)
    x, labels, _ = data(np.float64, 1, batch, fashion_dir)
    x = torch.from_numpy(x).to(dtype)
    labels = torch.from_numpy(labels)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10)).to(dtype)
    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")
    opt = torch.optim.Adam(model.parameters(), lr=RATE)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), labels)
        loss.backward()
        opt.step()
    return step


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "numpy"
    if which == "torch":
        bench_torch(sys.argv[2] if len(sys.argv) > 2 else None)
    else:
        bench_numpy()


if __name__ == "__main__":
    main()
