"""The whole training run of bench/run.sh's Fashion-MNIST row in PyTorch,
the loop `train` runs (tools/train.c), for its time beside nn.h's:
784-256-128-10, ReLU, ReLU, softmax with the cross-entropy (PyTorch's
mean over the batch, as train's --mean-loss), Adam (lr 1e-3, PyTorch's
defaults otherwise), batch 64, 10 epochs over the 60,000 training images
(each feature standardized with the training rows' mean and deviation, as
train does; the rows reshuffled every epoch), and after every epoch the
accuracy on the training and the test rows, as train reports them.
One thread (torch.set_num_threads(1)), glibc's malloc keeping freed large
blocks (mlp_adam.keep_large_blocks: without it, PyTorch's step can spend
much of its time on page faults, depending on where the heap stands).

Usage: python3 fashion_torch.py DIR f32|f64 [EPOCHS]
DIR holds the uncompressed IDX files (train-images-idx3-ubyte, ...).
Prints "fashion_torch_TYPE SECONDS ACCURACY" (the whole run, data already
in memory; the last epoch's test accuracy) and, on standard error, the
version and the time of each epoch."""
import os
import sys
import time

import numpy as np

from mlp_adam import keep_large_blocks


def idx(path, magic):
    """An IDX file's array: its magic checked, its dimensions read"""
    with open(path, "rb") as f:
        b = f.read()
    if int.from_bytes(b[0:4], "big") != magic:
        sys.exit("%s: not an IDX file of magic %#010x" % (path, magic))
    nd = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    data = np.frombuffer(b, np.uint8, offset=4 + 4 * nd)
    return data.reshape(dims[0], -1) if nd > 1 else data


def main():
    import torch
    d, tag = sys.argv[1], sys.argv[2]
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    dtype = {"f32": torch.float32, "f64": torch.float64}[tag]
    torch.set_num_threads(1)
    if not keep_large_blocks():
        print("mallopt failed: malloc's defaults", file=sys.stderr)
    torch.manual_seed(1)
    xtr = idx(os.path.join(d, "train-images-idx3-ubyte"), 0x803).astype(np.float64)
    ytr = idx(os.path.join(d, "train-labels-idx1-ubyte"), 0x801).astype(np.int64)
    xte = idx(os.path.join(d, "t10k-images-idx3-ubyte"), 0x803).astype(np.float64)
    yte = idx(os.path.join(d, "t10k-labels-idx1-ubyte"), 0x801).astype(np.int64)
    mean, sd = xtr.mean(axis=0), xtr.std(axis=0)
    sd[sd == 0] = 1
    xtr = torch.from_numpy((xtr - mean) / sd).to(dtype)
    xte = torch.from_numpy((xte - mean) / sd).to(dtype)
    ytr, yte = torch.from_numpy(ytr), torch.from_numpy(yte)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10)).to(dtype)
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def accuracy(x, y):
        with torch.no_grad():
            return (model(x).argmax(dim=1) == y).double().mean().item()

    print("PyTorch %s, %s, 1 thread" % (torch.__version__, tag), file=sys.stderr)
    t0 = time.perf_counter()
    acc = 0.0
    for e in range(epochs):
        te = time.perf_counter()
        order = torch.randperm(xtr.shape[0])
        for i in range(0, xtr.shape[0], 64):
            rows = order[i:i + 64]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xtr[rows]), ytr[rows])
            loss.backward()
            opt.step()
        train_acc, acc = accuracy(xtr, ytr), accuracy(xte, yte)
        print("epoch %d: train %.2f%% test %.2f%% %.2f s" % (
            e + 1, 100 * train_acc, 100 * acc, time.perf_counter() - te), file=sys.stderr)
    print("fashion_torch_%s %.6g %.4f" % (tag, time.perf_counter() - t0, acc))


if __name__ == "__main__":
    main()
