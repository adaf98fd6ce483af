"""Timing and side-by-side helpers shared by the reference scripts in this folder."""
import json
import os
import shlex
import statistics
import subprocess
import tempfile
import time


def median_ms(action, runs, warmups):
    """Calls action warmups times untimed, then runs times; returns the median in milliseconds."""
    for _ in range(warmups):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def run_java(java, extra_args=(), exported="workloads.json"):
    """Runs a Java benchmark command (which must accept --out) in a temporary folder.

    Returns its results.json and the file it exported for the reference script, both parsed."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(shlex.split(java) + list(extra_args) + ["--out", folder], check=True)
        with open(os.path.join(folder, "results.json")) as source:
            results = json.load(source)
        with open(os.path.join(folder, exported)) as source:
            workloads = json.load(source)
    return results, workloads


def medians(rounds, section):
    """Per key, the median over rounds of rounds[i][section][key] (keys of the first round)."""
    return {key: statistics.median(r[section][key] for r in rounds) for key in rounds[0][section]}


def write_json_atomically(target, data):
    """Writes data as indented JSON to target through a temporary file and a rename."""
    with open(target + ".tmp", "w") as sink:
        json.dump(data, sink, indent=2)
    os.replace(target + ".tmp", target)
