"""Runs `traas-ci run` RUNS times and measures, for each, how long after the exit marker was
written the run left the wait stage. Usage: wait_latency.py RUNS TOOL RUN-OPTIONS..."""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ENDED = "the job ended with exit status"


def one_run(tool, options, out):
    process = subprocess.Popen([tool, "run", *options, "--out", out], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    left_wait = None
    for line in process.stderr:
        if left_wait is None and ENDED in line:
            left_wait = time.time()
    if process.wait() != 0 or left_wait is None:
        sys.exit(f"traas-ci run exited {process.returncode} without '{ENDED}'")
    with open(os.path.join(out, "run-state.json")) as f:
        marker = json.load(f)["marker_path"]
    return left_wait - os.stat(marker).st_mtime


def main():
    runs, tool, options = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    latencies = []
    for i in range(runs):
        with tempfile.TemporaryDirectory() as out:
            latency = one_run(tool, options, out)
        latencies.append(latency)
        print(f"run {i + 1}: {latency:.3f} s from the marker to leaving the wait", flush=True)
    print(f"median {statistics.median(latencies):.3f} s, min {min(latencies):.3f} s, max {max(latencies):.3f} s "
          f"over {runs} runs (log poll interval 1 s; target: median under 5 s)")


if __name__ == "__main__":
    main()
