"""Runs a command and prints how it went as JSON: exit code, seconds, and the peak RSS of the
command (ru_maxrss of the children, from wait4), with stdout and stderr written to files.

  measure_run.py STDOUT STDERR TIMEOUT_SECONDS COMMAND...
"""
import json
import resource
import subprocess
import sys
import time

out, err, timeout, command = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
started = time.monotonic()
with open(out, "wb") as stdout, open(err, "wb") as stderr:
    process = subprocess.Popen(command, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        code = None
seconds = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"exit": code, "seconds": seconds, "max_rss_kib": peak}))
