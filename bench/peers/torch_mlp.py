"""One epoch of the Fashion-MNIST MLP in PyTorch, the peer of downhill's `fit` in bench/mlp.ts.

  OPENBLAS_NUM_THREADS=N /usr/bin/python3 bench/peers/torch_mlp.py --threads N [--data DIR] [--seed S]

784-256-128-10 with ReLU (nn.Linear's default init), cross-entropy, Adam(lr=1e-3), batch 128, shuffled,
the last batch short (469 steps). The same IDX files and normalisation as downhill: x = p/255 in float64
rounded to float32, then (x - 0.286)/0.353 in float64 rounded to float32 (bit for bit downhill's arrays).
Batches are gathered from one tensor by a random permutation (the fastest plain loop; a DataLoader over a
TensorDataset collates per example and is slower). Prints one JSON line: seconds of the training loop,
test accuracy afterwards, threads and BLAS.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch

from torch_blas import blas_info

MEAN, STD = 0.286, 0.353


def read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    if not os.path.exists(path):
        path, opener = path[:-3], open
    with opener(path, 'rb') as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def images(path):
    pixels = read_idx(path)
    x = (pixels.reshape(pixels.shape[0], -1).astype(np.float64) / 255).astype(np.float32)
    return torch.from_numpy(((x.astype(np.float64) - MEAN) / STD).astype(np.float32))


def labels(path):
    return torch.from_numpy(read_idx(path).astype(np.int64))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--batch-size', type=int, default=128)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    d = args.data
    x_train, y_train = images(f'{d}/train-images-idx3-ubyte.gz'), labels(f'{d}/train-labels-idx1-ubyte.gz')
    x_test, y_test = images(f'{d}/t10k-images-idx3-ubyte.gz'), labels(f'{d}/t10k-labels-idx1-ubyte.gz')

    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x_train.shape[0]

    start = time.perf_counter()
    model.train()
    order = torch.randperm(n)
    steps = 0
    for i in range(0, n, args.batch_size):
        index = order[i:i + args.batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[index]), y_train[index])
        loss.backward()
        optimizer.step()
        steps += 1
    final_loss = loss.item()
    seconds = time.perf_counter() - start

    model.eval()
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(json.dumps({
        'seconds': seconds, 'steps': steps, 'testAccuracy': accuracy, 'lastLoss': final_loss,
        'threads': args.threads, 'torch': torch.__version__, **blas_info(),
    }))


if __name__ == '__main__':
    main()
