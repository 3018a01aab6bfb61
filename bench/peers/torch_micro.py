"""PyTorch's side of the kernel, memory and per-step benchmarks in bench/micro.ts; one JSON line out.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_micro.py matmul M,K,N,LAYOUT ... [--seconds S]
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_micro.py memory [--size N] [--reps R]
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_micro.py rosenbrock [--steps N] [--runs R]

matmul: float32 torch.mm with out=, on one thread, in the stored layouts downhill's kernels take
(A·B: A m×k, B k×n; Aᵀ·B: A stored k×m; A·Bᵀ: B stored n×k); GFLOP/s = 2mkn/s, the best of 3 rounds of
at least S seconds after two warm-up calls, as bench/micro.ts measures downhill.
memory: over float32 buffers of N elements, the triad a = b + s·c (torch.add(b, c, alpha=s, out=a),
12 bytes per element), and torch.optim.Adam / SGD(momentum=0.9) steps with foreach=False (28 and 20 bytes
per parameter: Adam reads θ, g, m, v and writes θ, m, v; SGD reads θ, g, buf and writes θ, buf); seconds
are the best of R repetitions after a warm-up (the first step creates the state).
rosenbrock: Adam(lr=1e-3) in float64 on [x, y] from (-1.5, 2), 10,000 steps, microseconds per step, the
median of R runs — with autograd (zero_grad, loss, backward, step) and with the closed-form gradient
(written into .grad from Python floats, then step).
"""
import json
import sys
import time

import torch

from torch_blas import blas_info


def option(name, default):
    return type(default)(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def matmul(cases, seconds):
    results = []
    for spec in cases:
        m, k, n, layout = spec.split(',')
        m, k, n = int(m), int(k), int(n)
        a = torch.rand(k, m).t() if layout == 'AtB' else torch.rand(m, k)
        b = torch.rand(n, k).t() if layout == 'ABt' else torch.rand(k, n)
        c = torch.empty(m, n)
        for _ in range(2):
            torch.mm(a, b, out=c)
        best = 0.0
        for _ in range(3):
            runs, start = 0, time.perf_counter()
            while True:
                torch.mm(a, b, out=c)
                runs += 1
                elapsed = time.perf_counter() - start
                if elapsed >= seconds:
                    break
            best = max(best, 2 * m * k * n * runs / elapsed / 1e9)
        results.append({'m': m, 'k': k, 'n': n, 'layout': layout, 'gflops': best})
    return {'matmul': results}


def best_seconds(step, reps):
    step()
    best = float('inf')
    for _ in range(reps):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def memory(size, reps):
    a, b, c = torch.zeros(size), torch.rand(size), torch.rand(size)
    triad = best_seconds(lambda: torch.add(b, c, alpha=3.0, out=a), reps)
    results = {'triad': {'seconds': triad, 'bytes': 12 * size}}
    for name, make, per in (
        ('adam', lambda p: torch.optim.Adam([p], lr=1e-3, foreach=False), 28),
        ('sgdMomentum', lambda p: torch.optim.SGD([p], lr=1e-3, momentum=0.9, foreach=False), 20),
    ):
        p = torch.nn.Parameter(torch.rand(size))
        p.grad = torch.rand(size)
        optimizer = make(p)
        results[name] = {'seconds': best_seconds(optimizer.step, reps), 'bytes': per * size}
        del optimizer, p
    return {'memory': results, 'size': size}


def rosenbrock(steps, runs):
    def autograd():
        x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.Adam([x], lr=1e-3)
        start = time.perf_counter()
        for _ in range(steps):
            optimizer.zero_grad()
            loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
            loss.backward()
            optimizer.step()
        return time.perf_counter() - start, x.tolist()

    def closed_form():
        x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
        x.grad = torch.zeros(2, dtype=torch.float64)
        optimizer = torch.optim.Adam([x], lr=1e-3)
        start = time.perf_counter()
        for _ in range(steps):
            u, v = x.tolist()
            x.grad.copy_(torch.tensor([-2 * (1 - u) - 400 * u * (v - u * u), 200 * (v - u * u)], dtype=torch.float64))
            optimizer.step()
        return time.perf_counter() - start, x.tolist()

    out = {}
    for name, run in (('autograd', autograd), ('closedForm', closed_form)):
        times = []
        for _ in range(runs):
            seconds, end = run()
            times.append(seconds)
        times.sort()
        out[name] = {'usPerStep': times[len(times) // 2] / steps * 1e6, 'runs': [t / steps * 1e6 for t in times], 'end': end}
    return {'rosenbrock': out, 'steps': steps}


def main():
    torch.set_num_threads(option('--threads', 1))
    mode = sys.argv[1]
    if mode == 'matmul':
        cases = [a for a in sys.argv[2:] if ',' in a]
        result = matmul(cases, option('--seconds', 0.3))
    elif mode == 'memory':
        result = memory(option('--size', 10_000_000), option('--reps', 5))
    elif mode == 'rosenbrock':
        result = rosenbrock(option('--steps', 10_000), option('--runs', 3))
    else:
        raise SystemExit(f'unknown mode {mode!r}: matmul, memory or rosenbrock')
    print(json.dumps({**result, 'torch': torch.__version__, **blas_info()}))


if __name__ == '__main__':
    main()
