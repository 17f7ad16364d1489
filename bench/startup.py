#!/usr/bin/env python3
"""Median wall time of `traas-ci --version` next to `openstack --version`, in one run.
usage: startup.py TRAAS_CI_COMMAND... [--runs N]"""
import statistics
import subprocess
import sys
import time

args = sys.argv[1:]
runs = 21
if "--runs" in args:
    at = args.index("--runs")
    runs = int(args[at + 1])
    del args[at:at + 2]


def median_seconds(command):
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)  # warm the page cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


ours = median_seconds(args + ["--version"])
theirs = median_seconds(["openstack", "--version"])
print(f"{'command':<28}{'median s':>10}   ({runs} runs each)")
print(f"{'traas-ci --version':<28}{ours:>10.3f}")
print(f"{'openstack --version':<28}{theirs:>10.3f}")
print(f"\nopenstack / traas-ci: {theirs / ours:.1f}x")
