"""Times one training iteration (forward, backward, Adam step) of the MNIST-shaped models of
`neuralode.jar bench-mnist` with torchdiffeq, from the very weights and batches that command
exported (its workloads.json), so both libraries train the same models from the same start.

Models (as in bench-mnist; time is the last input channel of the conv field, as ours appends it):
  W3 of ../shared/benchmarks/REFERENCE.md, batch 100: Linear(784 -> 20), zero padding to 30,
    odeint on [0, 1] of the MLP 30-10-10-30 (tanh, linear output), the first 20 dimensions into
    Linear(20 -> 10), cross-entropy, torch.optim.Adam(lr 1e-3); dopri5 (rtol 1e-3, atol 1e-4)
    and rk4 (step_size 0.1, torchdiffeq's 3/8-rule variant), each with odeint (backprop through
    the solver: keys w3_*_direct_*) and odeint_adjoint (keys w3_*_adjoint_*);
  the ANODE paper's conv ANODE: 5 zero channels, ConvODEFunc (1x1 conv to 64, relu, 3x3 conv,
    relu, 1x1 conv back to 6 channels, each conv fed a time channel), flatten, Linear(6*784 -> 10),
    odeint dopri5 rtol = atol = 1e-3, at the batch bench-mnist used (key conv_anode_b256_*, or
    conv_anode_b16_* after bench-mnist --quick).

Per configuration, like bench-mnist: KEY_iter_ms, the median over the same number of timed
iterations after the same number of warm-ups (the model training on); medians of the phases
KEY_data_ms (torch.tensor from the numpy batch), KEY_forward_ms (model and loss; KEY_forward_solve_ms
the odeint call alone), KEY_backward_ms (loss.backward()), KEY_optimizer_ms (step and zero_grad),
KEY_other_ms (the rest: loss.item()); KEY_nfe_forward and KEY_nfe_backward (calls of the vector
field during forward and backward: 0 backward for odeint); KEY_first_loss and KEY_last_loss.

Usage (Debian: apt-get install python3-torch; torchdiffeq from a source checkout):
    java -jar experiments/target/neuralode.jar bench-mnist --out out/mnist
    PYTHONPATH=/path/to/torchdiffeq:experiments/scripts python3 \\
        experiments/scripts/torchdiffeq_mnist_reference.py out/mnist/workloads.json [--threads 2]
prints one JSON object with bench-mnist's key names (--only KEY,... times a subset). Measure on an
idle machine: torch's default of two threads here thrashes when another process shares the two
cores (W3 took 48 ms instead of 9 ms with --threads 1). With rounds,
    ... torchdiffeq_mnist_reference.py --rounds 5 \\
        --java "java -jar experiments/target/neuralode.jar bench-mnist" out/mnist_side_by_side
alternates the Java command (which must accept --out) and torchdiffeq and writes side_by_side.json:
both libraries' numbers per round, the per-round ratios ours / torchdiffeq of iteration and phase
times, and their medians, paired as in PAIRS (our CHECKPOINT_ADJOINT against torchdiffeq's
odeint_adjoint, the only adjoint it has; our conv ANODE's CHECKPOINT_ADJOINT against odeint),
and the first-iteration losses of both, which must agree: same weights, same batch, same model.
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F
from torchdiffeq import odeint, odeint_adjoint

from bench_timing import median_ms, medians, run_java, write_json_atomically
from torchdiffeq_reference import Field, linear_from

DTYPE = torch.float32
SPAN = torch.tensor([0.0, 1.0], dtype=DTYPE)

# W3 configurations: key -> (odeint function, its keyword arguments).
W3_SOLVES = {
    "w3_dopri5_direct": (odeint, dict(method="dopri5", rtol=1e-3, atol=1e-4)),
    "w3_dopri5_adjoint": (odeint_adjoint, dict(method="dopri5", rtol=1e-3, atol=1e-4)),
    "w3_rk4_direct": (odeint, dict(method="rk4", options=dict(step_size=0.1))),
    "w3_rk4_adjoint": (odeint_adjoint, dict(method="rk4", options=dict(step_size=0.1))),
}

# Our configuration -> torchdiffeq's counterpart (the conv key is filled in from the settings).
PAIRS = {
    "w3_dopri5_direct": "w3_dopri5_direct",
    "w3_dopri5_checkpoint": "w3_dopri5_adjoint",
    "w3_rk4_direct": "w3_rk4_direct",
    "w3_rk4_checkpoint": "w3_rk4_adjoint",
}

PHASES = ("data", "forward", "forward_solve", "backward", "optimizer", "other")
RATIO_STATS = ("iter", "forward", "backward", "optimizer")


class Solve(torch.nn.Module):
    """One odeint call from t = 0 to 1 returning the final state; times itself (solve_ms)."""

    def __init__(self, field, solve, kwargs):
        super().__init__()
        self.field = field
        self.solve = solve
        self.kwargs = kwargs
        self.solve_ms = 0.0

    def forward(self, y0):
        start = time.perf_counter()
        y1 = self.solve(self.field, y0, SPAN, **self.kwargs)[-1]
        self.solve_ms = (time.perf_counter() - start) * 1e3
        return y1


class W3(torch.nn.Module):
    """Linear(784 -> 20), zero padding to 30, the ODE, the first 20 dimensions, Linear(20 -> 10)."""

    def __init__(self, workload, solve, kwargs):
        super().__init__()
        self.encoder = linear_from(workload["encoder"], DTYPE)
        self.ode = Solve(Field(workload["field"], DTYPE), solve, kwargs)
        self.decoder = linear_from(workload["decoder"], DTYPE)
        self.features = self.encoder.out_features
        self.extra = self.ode.field.net[-1].out_features - self.features

    def forward(self, x):
        z = self.encoder(x)
        z = torch.cat([z, z.new_zeros(z.shape[0], self.extra)], 1)
        return self.decoder(self.ode(z)[:, :self.features])


def conv_from(layer, padding):
    """A torch.nn.Conv2d holding an exported layer's weight (out, in, kh, kw) and bias."""
    weight = torch.tensor(layer["weight"], dtype=DTYPE)
    conv = torch.nn.Conv2d(weight.shape[1], weight.shape[0], weight.shape[2], padding=padding)
    with torch.no_grad():
        conv.weight.copy_(weight)
        conv.bias.copy_(torch.tensor(layer["bias"], dtype=DTYPE))
    return conv


class ConvField(torch.nn.Module):
    """The ANODE paper's ConvODEFunc with the time channel appended last (our layout)."""

    def __init__(self, layers):
        super().__init__()
        self.conv1 = conv_from(layers[0], 0)
        self.conv2 = conv_from(layers[1], 1)
        self.conv3 = conv_from(layers[2], 0)
        self.evaluations = 0

    def forward(self, t, x):
        self.evaluations += 1
        time_channel = torch.ones_like(x[:, :1]) * t
        h = torch.relu(self.conv1(torch.cat([x, time_channel], 1)))
        h = torch.relu(self.conv2(torch.cat([h, time_channel], 1)))
        return self.conv3(torch.cat([h, time_channel], 1))


class ConvAnode(torch.nn.Module):
    """Zero channels, the conv field's ODE (dopri5, rtol = atol = 1e-3), flatten, Linear(-> 10)."""

    def __init__(self, workload):
        super().__init__()
        self.extra = workload["extra_channels"]
        self.ode = Solve(ConvField(workload["field"]), odeint, dict(method="dopri5", rtol=1e-3, atol=1e-3))
        self.classifier = linear_from(workload["classifier"], DTYPE)

    def forward(self, x):
        zeros = x.new_zeros(x.shape[0], self.extra, x.shape[2], x.shape[3])
        return self.classifier(self.ode(torch.cat([x, zeros], 1)).flatten(1))


def time_training(model, batch, learning_rate, runs, warmups):
    """Trains model on batch for warmups + runs iterations; medians over the timed ones."""
    inputs = np.asarray(batch["x"], dtype=np.float32)
    labels = np.asarray(batch["labels"], dtype=np.int64)
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    field = model.ode.field
    iterations = []

    def iterate():
        start = time.perf_counter()
        x = torch.tensor(inputs)
        y = torch.tensor(labels)
        data = time.perf_counter()
        field.evaluations = 0
        loss = F.cross_entropy(model(x), y)
        forward = time.perf_counter()
        forward_nfe = field.evaluations
        loss.backward()
        backward = time.perf_counter()
        optimizer.step()
        optimizer.zero_grad()
        step = time.perf_counter()
        value = loss.item()
        end = time.perf_counter()
        iterations.append({
            "data": (data - start) * 1e3, "forward": (forward - data) * 1e3,
            "forward_solve": model.ode.solve_ms, "backward": (backward - forward) * 1e3,
            "optimizer": (step - backward) * 1e3,
            "other": (end - step) * 1e3,
            "nfe_forward": forward_nfe, "nfe_backward": field.evaluations - forward_nfe, "loss": value})

    iteration_ms = median_ms(iterate, runs, warmups)
    timed = iterations[-runs:]
    stats = {"iter_ms": iteration_ms}
    for phase in PHASES:
        stats[phase + "_ms"] = statistics.median(i[phase] for i in timed)
    stats["nfe_forward"] = statistics.median(i["nfe_forward"] for i in timed)
    stats["nfe_backward"] = statistics.median(i["nfe_backward"] for i in timed)
    stats["first_loss"] = iterations[0]["loss"]
    stats["last_loss"] = iterations[-1]["loss"]
    return stats


def time_workloads(workloads, threads, only=None):
    """Times every configuration of a bench-mnist workloads.json (or those in only)."""
    settings = workloads["settings"]
    results = {"threads": threads, "torch": torch.__version__}
    if "w3" in workloads:
        for key, (solve, kwargs) in W3_SOLVES.items():
            if only is None or key in only:
                model = W3(workloads["w3"], solve, kwargs)
                stats = time_training(model, workloads["w3"], settings["learning_rate"],
                                      settings["runs"], settings["warmups"])
                results.update({f"{key}_{name}": value for name, value in stats.items()})
    conv_key = settings["conv_key"]
    if "conv_anode" in workloads and (only is None or conv_key in only):
        stats = time_training(ConvAnode(workloads["conv_anode"]), workloads["conv_anode"],
                              settings["learning_rate"], settings["conv_runs"], settings["conv_warmups"])
        results.update({f"{conv_key}_{name}": value for name, value in stats.items()})
    return results


def compare(ours, theirs, pairs):
    """One round's ratios (ours / torchdiffeq), function evaluations and losses of both."""
    ratio, nfe, losses = {}, {}, {}
    for our_key, their_key in pairs.items():
        if f"{our_key}_iter_ms" not in ours or f"{their_key}_iter_ms" not in theirs:
            continue
        for stat in RATIO_STATS:
            ratio[f"{our_key}_{stat}_ms"] = ours[f"{our_key}_{stat}_ms"] / theirs[f"{their_key}_{stat}_ms"]
        nfe[our_key] = {side: [values[f"{key}_nfe_forward"], values[f"{key}_nfe_backward"]]
                        for side, values, key in (("ours", ours, our_key), ("torchdiffeq", theirs, their_key))}
        for which in ("first_loss", "last_loss"):
            a, b = ours[f"{our_key}_{which}"], theirs[f"{their_key}_{which}"]
            losses[f"{our_key}_{which}"] = {"ours": a, "torchdiffeq": b, "abs_difference": abs(a - b)}
    return ratio, nfe, losses


def side_by_side(args):
    """Alternates the Java benchmark and torchdiffeq for several rounds; medians of the ratios."""
    os.makedirs(args.out, exist_ok=True)
    rounds = []
    for index in range(args.rounds):
        ours, workloads = run_java(args.java)
        conv_key = workloads["settings"]["conv_key"]
        pairs = dict(PAIRS, **{conv_key: conv_key})
        wanted = {pairs[key] for key in pairs if f"{key}_iter_ms" in ours}
        theirs = time_workloads(workloads, args.threads, only=wanted)
        ratio, nfe, losses = compare(ours, theirs, pairs)
        timed = [key for key in pairs if f"{key}_iter_ms" in ours]
        rounds.append({
            "ours": {f"{k}_iter_ms": ours[f"{k}_iter_ms"] for k in timed},
            "torchdiffeq": {f"{k}_iter_ms": theirs[f"{pairs[k]}_iter_ms"] for k in timed},
            "ratio": ratio, "nfe": nfe, "loss": losses,
            "ours_all": ours, "torchdiffeq_all": theirs})
        print(f"round {index + 1}: " + ", ".join(
            f"{k} {v:.2f}" for k, v in ratio.items() if k.endswith("_iter_ms")), flush=True)
        for key, values in losses.items():
            if key.endswith("first_loss"):
                print(f"  {key}: ours {values['ours']:.7f} torchdiffeq {values['torchdiffeq']:.7f}"
                      f" (difference {values['abs_difference']:.1e})", flush=True)
    summary = {
        "rounds": rounds,
        "pairs": pairs,
        "threads_torchdiffeq": args.threads,
        "torch": torch.__version__,
        "median_ratio": medians(rounds, "ratio"),
        "median_ours_ms": medians(rounds, "ours"),
        "median_torchdiffeq_ms": medians(rounds, "torchdiffeq"),
        "max_first_loss_difference": max(
            v["abs_difference"] for r in rounds for k, v in r["loss"].items() if k.endswith("first_loss")),
    }
    write_json_atomically(os.path.join(args.out, "side_by_side.json"), summary)
    print(json.dumps({k: summary[k] for k in (
        "median_ratio", "median_ours_ms", "median_torchdiffeq_ms", "max_first_loss_difference")}, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="workloads.json written by bench-mnist, or with --rounds the output folder")
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads (default 2)")
    parser.add_argument("--rounds", type=int, default=0,
                        help="alternate --java and torchdiffeq this many times (0: time workloads.json once)")
    parser.add_argument("--java", help="the Java benchmark command, without --out (with --rounds)")
    parser.add_argument("--only", help="without --rounds: comma-separated configurations to time"
                        " (e.g. w3_dopri5_direct,conv_anode_b16; default all)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.rounds > 0:
        if not args.java:
            parser.error("--rounds needs --java, e.g. --java 'java -jar experiments/target/neuralode.jar bench-mnist --quick'")
        side_by_side(args)
        return
    with open(args.out) as source:
        workloads = json.load(source)
    only = set(args.only.split(",")) if args.only else None
    print(json.dumps(time_workloads(workloads, args.threads, only), indent=2))


if __name__ == "__main__":
    main()
