"""Times SciPy's solve_ivp (Radau, BDF, LSODA, analytic Jacobians) on the stiff problems of
`neuralode.jar bench-stiff`, read from the stiff_workloads.json it writes (reactions, time span,
tolerances, initial states and the perturbed batch), so both libraries solve the same problems.

Usage (Debian: apt-get install python3-scipy):
    java -jar experiments/target/neuralode.jar bench-stiff --out out/stiff
    /usr/bin/python3 experiments/scripts/scipy_stiff_reference.py out/stiff/stiff_workloads.json
SciPy gets, per problem, the faster of two right-hand sides (numpy array operations, or
generated scalar code as one would write by hand; PROBLEM_rhs_code and PROBLEM_jacobian_code say
which). It prints one JSON object with, per problem (rober, pollu) and method (radau, bdf, lsoda):
    PROBLEM_single_METHOD_ms          median time of one solve from the unperturbed state
    PROBLEM_single_METHOD_nfe/_njev/_nlu/_steps   SciPy's counters of that solve
    PROBLEM_single_METHOD_max_rel_error           against the reference (components above atol)
    PROBLEM_loop20_METHOD_ms          median time of 20 single solves from 20 states spread
                                      evenly over the perturbed batch (a Python loop)
    PROBLEM_loop_all_METHOD_ms        with --full-loop: one loop over the whole batch

Timings on shared machines drift by tens of percent within minutes, so for ratios use rounds:
    /usr/bin/python3 experiments/scripts/scipy_stiff_reference.py --rounds 3 \
        --java "java -jar experiments/target/neuralode.jar bench-stiff --defaults-only" out/stiff_side_by_side
runs the Java command (which must accept --out; without --defaults-only a round takes about five
minutes instead of one) and then SciPy, alternately, and writes
side_by_side.json into that folder: both sides' numbers per round, the per-round ratios
(ours / SciPy) and their medians. Ratios: PROBLEM_single_vs_METHOD (bench-stiff's
PROBLEM_single_ms over one SciPy solve) and PROBLEM_batch_vs_METHOD_loop20 (bench-stiff's
PROBLEM_batch1024_ms, the whole batch in one solve, over SciPy's 20 single solves).
"""
import argparse
import json
import os

# One BLAS thread, like bench-stiff's default of one intra-op thread (set before numpy loads).
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import shlex  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy.integrate import solve_ivp  # noqa: E402

from bench_timing import median_ms  # noqa: E402

METHODS = {"radau": "Radau", "bdf": "BDF", "lsoda": "LSODA"}
LOOP = 20


class MassAction:
    """f(y) = N diag(k) r(y) and its Jacobian for the exported reactions (0-based species), as
    numpy array operations (fastest for POLLU-sized systems)."""

    def __init__(self, problem):
        n = problem["species"]
        reactions = problem["reactions"]
        # A single reactant's second factor is the constant 1 appended to y at index n.
        self.first = np.array([r["reactants"][0] for r in reactions])
        self.second = np.array([r["reactants"][1] if len(r["reactants"]) == 2 else n for r in reactions])
        self.scaled_net = np.zeros((n, len(reactions)))
        for k, reaction in enumerate(reactions):
            for i, change in net_change(reaction).items():
                self.scaled_net[i, k] = change * reaction["k"]
        self.by_first = np.zeros((len(reactions), n + 1))
        self.by_first[np.arange(len(reactions)), self.first] = 1
        self.by_second = np.zeros((len(reactions), n + 1))
        self.by_second[np.arange(len(reactions)), self.second] = 1
        self.n = n

    def f(self, t, y):
        extended = np.append(y, 1.0)
        return self.scaled_net @ (extended[self.first] * extended[self.second])

    def jac(self, t, y):
        extended = np.append(y, 1.0)
        derivatives = (extended[self.second][:, None] * self.by_first
                       + extended[self.first][:, None] * self.by_second)
        return self.scaled_net @ derivatives[:, :self.n]


def net_change(reaction):
    """{species: products minus reactants} of one reaction, zeros left out."""
    change = {}
    for i in reaction["reactants"]:
        change[i] = change.get(i, 0) - 1
    for i in reaction["products"]:
        change[i] = change.get(i, 0) + 1
    return {i: c for i, c in change.items() if c != 0}


def scalar_code(problem):
    """f and its Jacobian as generated Python on scalars, as one would write them by hand (fastest
    for ROBER-sized systems)."""
    n = problem["species"]
    unpack = f"    {', '.join(f'y{i}' for i in range(n))}, = y"
    rates, sums, jacobian = [], [[] for _ in range(n)], [f"    J = np.zeros(({n}, {n}))"]
    for k, reaction in enumerate(problem["reactions"]):
        constant, reactants = reaction["k"], reaction["reactants"]
        rates.append(f"    r{k} = {constant!r} * " + " * ".join(f"y{i}" for i in reactants))
        change = net_change(reaction)
        for i, c in change.items():
            sums[i].append(f"{c:+d} * r{k}")
        if len(reactants) == 1:
            derivatives = {reactants[0]: repr(constant)}
        elif reactants[0] == reactants[1]:
            derivatives = {reactants[0]: f"{2 * constant!r} * y{reactants[0]}"}
        else:
            derivatives = {reactants[0]: f"{constant!r} * y{reactants[1]}",
                           reactants[1]: f"{constant!r} * y{reactants[0]}"}
        for j, derivative in derivatives.items():
            jacobian += [f"    d = {derivative}"] + [f"    J[{i}, {j}] += {c} * d" for i, c in change.items()]
    source = "\n".join(
        ["def f(t, y):", unpack] + rates + ["    return np.array([" + ", ".join(
            " ".join(terms) if terms else "0.0" for terms in sums) + "])"]
        + ["def jac(t, y):", unpack] + jacobian + ["    return J"])
    namespace = {"np": np}
    exec(source, namespace)
    return namespace["f"], namespace["jac"]


def fastest_code(problem):
    """The faster of the numpy and the scalar implementation, for f and the Jacobian separately
    (1,000 calls each at y0), so that SciPy is timed with its best right-hand side."""
    vectorised, scalar = MassAction(problem), scalar_code(problem)
    y0 = np.array(problem["y0"])
    chosen = {}
    for index, name in enumerate(("rhs", "jacobian")):
        candidates = {"numpy": (vectorised.f, vectorised.jac)[index], "scalar": scalar[index]}
        seconds = {}
        for label, function in candidates.items():
            start = time.perf_counter()
            for _ in range(1000):
                function(0.0, y0)
            seconds[label] = time.perf_counter() - start
        label = min(seconds, key=seconds.get)
        chosen[name] = (label, candidates[label])
    return chosen


def max_rel_error(actual, expected, floor):
    return max(abs(a - e) / abs(e) for a, e in zip(actual, expected) if abs(e) > floor)


def time_problem(key, problem, rtol, atol, runs, full_loop, results):
    code = fastest_code(problem)
    (results[key + "_rhs_code"], f), (results[key + "_jacobian_code"], jac) = code["rhs"], code["jacobian"]
    span = (0.0, problem["t1"])
    batch = problem["batch"]
    picked = [batch[i] for i in np.linspace(0, len(batch) - 1, min(LOOP, len(batch))).round().astype(int)]

    for name, method in METHODS.items():
        def solve(y0, method=method):
            solution = solve_ivp(f, span, y0, method=method, jac=jac, rtol=rtol, atol=atol)
            if not solution.success:
                raise RuntimeError(f"{key} {method}: {solution.message}")
            return solution

        single = solve(problem["y0"])
        prefix = f"{key}_single_{name}"
        results[prefix + "_nfe"] = int(single.nfev)
        results[prefix + "_njev"] = int(single.njev)
        results[prefix + "_nlu"] = int(single.nlu)
        results[prefix + "_steps"] = len(single.t) - 1
        results[prefix + "_max_rel_error"] = float(max_rel_error(single.y[:, -1], problem["reference"], atol))
        results[prefix + "_ms"] = median_ms(lambda: solve(problem["y0"]), runs, 2)
        results[f"{key}_loop{LOOP}_{name}_ms"] = median_ms(lambda: [solve(y0) for y0 in picked], runs, 1)
        if full_loop:
            results[f"{key}_loop_all_{name}_ms"] = median_ms(lambda: [solve(y0) for y0 in batch], 1, 0)


def time_workloads(workloads, runs, full_loop):
    """Times every problem of a stiff_workloads.json; returns results.json-style keys."""
    results = {"scipy": scipy.__version__, "numpy": np.__version__}
    for key in ("rober", "pollu"):
        results[key + "_batch_size"] = len(workloads[key]["batch"])
        time_problem(key, workloads[key], workloads["rtol"], workloads["atol"], runs, full_loop, results)
    return results


def ratios(ours, theirs):
    """Per problem and SciPy method: ours / SciPy for one solve, and our batch / 20 SciPy solves."""
    compared = {}
    for key in ("rober", "pollu"):
        for name in METHODS:
            compared[f"{key}_single_vs_{name}"] = ours[f"{key}_single_ms"] / theirs[f"{key}_single_{name}_ms"]
            compared[f"{key}_batch_vs_{name}_loop{LOOP}"] = (
                ours[f"{key}_batch1024_ms"] / theirs[f"{key}_loop{LOOP}_{name}_ms"])
    return compared


def side_by_side(args):
    """Alternates the Java benchmark and SciPy for several rounds; medians of the ratios."""
    os.makedirs(args.workloads, exist_ok=True)
    rounds = []
    for index in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(shlex.split(args.java) + ["--out", folder], check=True)
            with open(os.path.join(folder, "results.json")) as source:
                ours = json.load(source)
            with open(os.path.join(folder, "stiff_workloads.json")) as source:
                workloads = json.load(source)
        theirs = time_workloads(workloads, args.runs, args.full_loop)
        compared = ratios(ours, theirs)
        rounds.append({"ours": ours, "scipy": theirs, "ratio": compared})
        print(f"round {index + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in compared.items()), flush=True)
    timed = [k for k in rounds[0]["scipy"] if k.endswith("_ms")]
    ours_timed = ("rober_single_ms", "rober_batch1024_ms", "pollu_single_ms", "pollu_batch1024_ms")
    summary = {
        "rounds": rounds,
        "scipy": scipy.__version__,
        "median_ratio": {k: statistics.median(r["ratio"][k] for r in rounds) for k in rounds[0]["ratio"]},
        "median_ours_ms": {k: statistics.median(r["ours"][k] for r in rounds) for k in ours_timed},
        "median_scipy_ms": {k: statistics.median(r["scipy"][k] for r in rounds) for k in timed},
    }
    target = os.path.join(args.workloads, "side_by_side.json")
    with open(target + ".tmp", "w") as sink:
        json.dump(summary, sink, indent=2)
    os.replace(target + ".tmp", target)
    print(json.dumps({k: summary[k] for k in ("median_ratio", "median_ours_ms", "median_scipy_ms")}, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workloads", help="stiff_workloads.json written by bench-stiff, or with --rounds the output folder")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per median (default 9)")
    parser.add_argument("--rounds", type=int, default=0,
                        help="alternate --java and SciPy this many times (0: time stiff_workloads.json once)")
    parser.add_argument("--java", help="the Java benchmark command, without --out (with --rounds)")
    parser.add_argument("--full-loop", action="store_true",
                        help="also time one loop of single solves over the whole perturbed batch")
    args = parser.parse_args()
    if args.rounds > 0:
        if not args.java:
            parser.error("--rounds needs --java, e.g. --java 'java -jar experiments/target/neuralode.jar bench-stiff'")
        side_by_side(args)
        return
    with open(args.workloads) as source:
        workloads = json.load(source)
    print(json.dumps(time_workloads(workloads, args.runs, args.full_loop), indent=2))


if __name__ == "__main__":
    main()
