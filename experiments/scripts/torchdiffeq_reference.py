"""Times the W1 and W2 workloads of ../shared/benchmarks/REFERENCE.md with torchdiffeq on the very
weights and initial states that `neuralode.jar bench-solve` used (its workloads.json), so both
libraries solve the same problems with the same number of function evaluations, side by side.

Usage (Debian: apt-get install python3-torch python3-scipy; torchdiffeq from a source checkout):
    java -jar experiments/target/neuralode.jar bench-solve --out out/bench
    PYTHONPATH=/path/to/torchdiffeq python3 experiments/scripts/torchdiffeq_reference.py \
        out/bench/workloads.json [--threads 1]
Prints one JSON object with the same key names as bench-solve's results.json.
"""
import argparse
import json
import time

import torch
from torchdiffeq import odeint, odeint_adjoint


class Field(torch.nn.Module):
    """The exported tanh MLP: Linear layers with tanh between them, identity output."""

    def __init__(self, layers, dtype):
        super().__init__()
        modules = []
        for i, layer in enumerate(layers):
            weight = torch.tensor(layer["weight"], dtype=dtype)
            linear = torch.nn.Linear(weight.shape[1], weight.shape[0]).to(dtype)
            with torch.no_grad():
                linear.weight.copy_(weight)
                linear.bias.copy_(torch.tensor(layer["bias"], dtype=dtype))
            modules.append(linear)
            if i < len(layers) - 1:
                modules.append(torch.nn.Tanh())
        self.net = torch.nn.Sequential(*modules)
        self.evaluations = 0

    def forward(self, t, y):
        self.evaluations += 1
        return self.net(y)


def median_ms(action, runs, warmups):
    for _ in range(warmups):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2]


def w1(key, workload, runs, warmups, results):
    field = Field(workload["layers"], torch.float64)
    y0 = torch.tensor(workload["y0"], dtype=torch.float64)
    t = torch.linspace(0, 6.1, 62, dtype=torch.float64)

    def forward():
        with torch.no_grad():
            return odeint(field, y0, t, rtol=1e-7, atol=1e-9, method="dopri5")

    def forward_backward():
        (odeint(field, y0, t, rtol=1e-7, atol=1e-9, method="dopri5") ** 2).mean().backward()

    def adjoint_forward_backward():
        solution = odeint_adjoint(field, y0, t, rtol=1e-7, atol=1e-9, method="dopri5")
        (solution ** 2).mean().backward()

    field.evaluations = 0
    forward()
    results[key + "_nfe"] = field.evaluations
    if key == "lv_b64":
        results[key + "_adjoint_forward_backward_ms"] = median_ms(adjoint_forward_backward, runs, warmups)
    results[key + "_forward_ms"] = median_ms(forward, runs, warmups)
    results[key + "_forward_backward_ms"] = median_ms(forward_backward, runs, warmups)


def w2(workload, runs, warmups, results):
    field = Field(workload["layers"], torch.float32)
    y0 = torch.tensor(workload["y0"], dtype=torch.float32)
    span = torch.tensor([0.0, 1.0])

    def forward():
        with torch.no_grad():
            return odeint(field, y0, span, method="rk4", options=dict(step_size=0.01))

    def forward_backward():
        y = odeint(field, y0, span, method="rk4", options=dict(step_size=0.01))
        (y[-1] ** 2).mean().backward()

    results["rk4_b512_forward_ms"] = median_ms(forward, runs, warmups)
    results["rk4_b512_forward_backward_ms"] = median_ms(forward_backward, runs, warmups)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("workloads", help="workloads.json written by bench-solve")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(args.workloads) as source:
        workloads = json.load(source)
    results = {"threads": args.threads, "torch": torch.__version__}
    for key, workload in workloads.items():
        if key.startswith("lv_"):
            w1(key, workload, args.runs, 2, results)
    if "rk4_b512" in workloads:
        w2(workloads["rk4_b512"], args.runs, 2, results)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
