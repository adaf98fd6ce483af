"""Timing helper shared by the side-by-side scripts in this folder."""
import statistics
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
