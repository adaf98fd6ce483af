"""Times the W1 and W2 workloads of ../shared/benchmarks/REFERENCE.md with torchdiffeq on the very
weights and initial states that `neuralode.jar bench-solve` used (its workloads.json), so both
libraries solve the same problems with the same number of function evaluations, side by side.

Usage (Debian: apt-get install python3-torch python3-scipy; torchdiffeq from a source checkout):
    java -jar experiments/target/neuralode.jar bench-solve --out out/bench
    PYTHONPATH=/path/to/torchdiffeq python3 experiments/scripts/torchdiffeq_reference.py \
        out/bench/workloads.json [--threads 1]
prints one JSON object with the same key names as bench-solve's results.json.

Timings on shared machines drift by tens of percent within minutes, so for ratios use rounds:
    PYTHONPATH=... python3 experiments/scripts/torchdiffeq_reference.py --rounds 5 \
        --java "java -jar experiments/target/neuralode.jar bench-solve --quick" out/side_by_side
runs the Java command (which must accept --out) and then torchdiffeq, alternately, and writes
side_by_side.json into that folder: both libraries' numbers per round, the per-round ratios
(ours / torchdiffeq) and their medians. Add --pair lv_b64,rk4_b512 to run the workloads one at a
time, each Java run followed at once by torchdiffeq on the same workload (closer pairs in time).
"""
import argparse
import json
import os

import torch
from torchdiffeq import odeint, odeint_adjoint

from bench_timing import median_ms, medians, run_java, write_json_atomically


def linear_from(layer, dtype):
    """A torch.nn.Linear holding an exported layer's weight (out, in) and bias."""
    weight = torch.tensor(layer["weight"], dtype=dtype)
    linear = torch.nn.Linear(weight.shape[1], weight.shape[0]).to(dtype)
    with torch.no_grad():
        linear.weight.copy_(weight)
        linear.bias.copy_(torch.tensor(layer["bias"], dtype=dtype))
    return linear


class Field(torch.nn.Module):
    """The exported tanh MLP: Linear layers with tanh between them, identity output."""

    def __init__(self, layers, dtype):
        super().__init__()
        modules = []
        for i, layer in enumerate(layers):
            modules.append(linear_from(layer, dtype))
            if i < len(layers) - 1:
                modules.append(torch.nn.Tanh())
        self.net = torch.nn.Sequential(*modules)
        self.evaluations = 0

    def forward(self, t, y):
        self.evaluations += 1
        return self.net(y)


def w1(key, workload, runs, warmups, results, adjoint):
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
    if adjoint and key == "lv_b64":
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


COMPARED = [
    "lv_b1_forward_ms", "lv_b1_forward_backward_ms",
    "lv_b64_forward_ms", "lv_b64_forward_backward_ms",
    "lv_b1024_forward_ms", "lv_b1024_forward_backward_ms",
    "rk4_b512_forward_ms", "rk4_b512_forward_backward_ms",
]


def time_workloads(workloads, threads, runs, adjoint):
    """Times every workload of a workloads.json with torchdiffeq; returns results.json-style keys."""
    results = {"threads": threads, "torch": torch.__version__}
    for key, workload in workloads.items():
        if key.startswith("lv_"):
            w1(key, workload, runs, 2, results, adjoint)
    if "rk4_b512" in workloads:
        w2(workloads["rk4_b512"], runs, 2, results)
    return results


def side_by_side(args):
    """Alternates the Java benchmark and torchdiffeq for several rounds; medians of the ratios."""
    os.makedirs(args.workloads, exist_ok=True)
    rounds = []
    # With --pair, each workload is one Java run followed at once by torchdiffeq on it, so the two
    # sides of a ratio are a few seconds apart instead of a minute.
    groups = [[key] for key in args.pair.split(",")] if args.pair else [None]
    for index in range(args.rounds):
        ours, theirs = {}, {}
        for group in groups:
            results, workloads = run_java(args.java, ["--workloads", ",".join(group)] if group else [])
            ours.update(results)
            theirs.update(time_workloads(workloads, args.threads, args.runs, adjoint=False))
        ratios = {key: ours[key] / theirs[key] for key in COMPARED if key in ours and key in theirs}
        rounds.append({"ours": {k: ours[k] for k in ratios}, "torchdiffeq": {k: theirs[k] for k in ratios},
                       "ratio": ratios,
                       "nfe": {k: [ours.get(k), theirs.get(k)] for k in ours if k.endswith("_nfe")}})
        print(f"round {index + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()), flush=True)
    summary = {
        "rounds": rounds,
        "threads_torchdiffeq": args.threads,
        "torch": torch.__version__,
        "median_ratio": medians(rounds, "ratio"),
        "median_ours_ms": medians(rounds, "ours"),
        "median_torchdiffeq_ms": medians(rounds, "torchdiffeq"),
    }
    write_json_atomically(os.path.join(args.workloads, "side_by_side.json"), summary)
    print(json.dumps({k: summary[k] for k in ("median_ratio", "median_ours_ms", "median_torchdiffeq_ms")},
                     indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workloads", help="workloads.json written by bench-solve, or with --rounds the output folder")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=0,
                        help="alternate --java and torchdiffeq this many times (0: time workloads.json once)")
    parser.add_argument("--java", help="the Java benchmark command, without --out (with --rounds)")
    parser.add_argument("--pair", help="with --rounds: comma-separated workloads (e.g. lv_b64,rk4_b512)"
                        " to run one by one, each Java run followed at once by torchdiffeq")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.rounds > 0:
        if not args.java:
            parser.error("--rounds needs --java, e.g. --java 'java -jar experiments/target/neuralode.jar bench-solve --quick'")
        side_by_side(args)
        return
    with open(args.workloads) as source:
        workloads = json.load(source)
    print(json.dumps(time_workloads(workloads, args.threads, args.runs, adjoint=True), indent=2))


if __name__ == "__main__":
    main()
