#!/usr/bin/env python3
"""Throughput and peak RSS of `traas-ci report` next to `ansifilter --html` and `aha` on the same
file, in one run. Prints one row per (tool, size) and the ratios the acceptance asks for.

usage: report-benchmark.py TRAAS_CI_DLL WORK_DIR [--long-line] SIZE_MB [SIZE_MB ...]

With --long-line the log is one unterminated line of SIZE_MB, a task result that never ends (a
hostile or broken node): memory must stay flat there too."""
import os
import subprocess
import sys
import time

dll, work = sys.argv[1], sys.argv[2]
long_line = "--long-line" in sys.argv[3:]
sizes = [int(s) for s in sys.argv[3:] if s != "--long-line"]
here = os.path.dirname(os.path.abspath(__file__))


def measure(argv, stdout_path=None):
    """Wall seconds and peak RSS (MiB) of one child process, from wait4's rusage."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    start = time.monotonic()
    child = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - start
    if stdout_path:
        out.close()
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, code


rows = []
for size in sizes:
    log = os.path.join(work, f"traas-{size}mb{'-long-line' if long_line else ''}.log")
    if long_line and (not os.path.exists(log) or os.path.getsize(log) < size * 1024 * 1024):
        with open(log, "w") as f:
            f.write('PLAY [undercloud] ***\n\nTASK [run it] ***\nfatal: [undercloud]: FAILED! => {"msg": "')
            chunk = ("x" * 1023 + "\\") * 1024
            for _ in range(size):
                f.write(chunk)
    elif not os.path.exists(log) or os.path.getsize(log) < size * 1024 * 1024:
        subprocess.run([sys.executable, os.path.join(here, "generate_log.py"), log, str(size)], check=True)
    mb = os.path.getsize(log) / (1024 * 1024)
    tools = {
        "traas-ci report": (["dotnet", dll, "report", log, "--out", os.path.join(work, f"out-{size}")], None),
        # ansifilter refuses files over 256 MiB unless told otherwise.
        "ansifilter --html": (["ansifilter", "--html", "--max-size=4G", "-i", log, "-o", os.path.join(work, f"ansifilter-{size}.html")], None),
        "aha": (["aha", "-f", log], os.path.join(work, f"aha-{size}.html")),
    }
    for name, (argv, stdout_path) in tools.items():
        seconds, rss, code = measure(argv, stdout_path)
        # report exits 0 for a passing job; the generated job passes, the long line is a failure (1).
        if code != (1 if long_line and name == "traas-ci report" else 0):
            sys.exit(f"{name} exited {code} on {log}: no figures")
        rows.append((name, mb, seconds, mb / seconds, rss, code))

print(f"{'tool':<20}{'input MiB':>10}{'seconds':>10}{'MiB/s':>10}{'peak RSS MiB':>14}{'exit':>6}")
for name, mb, seconds, rate, rss, code in rows:
    print(f"{name:<20}{mb:>10.0f}{seconds:>10.2f}{rate:>10.1f}{rss:>14.1f}{code:>6}")


def row(name, size):
    return next(r for r in rows if r[0] == name and round(r[1]) >= size)


largest, smallest = max(sizes), min(sizes)
ours, theirs = row("traas-ci report", largest), row("ansifilter --html", largest)
print(f"\nthroughput traas-ci / ansifilter at {largest} MiB: {ours[3] / theirs[3]:.2f}x")
print(f"peak RSS of traas-ci at {largest} MiB: {ours[4]:.1f} MiB")
if largest != smallest:
    small = row("traas-ci report", smallest)
    print(f"peak RSS of traas-ci, {largest} MiB input / {smallest} MiB input: {ours[4] / small[4]:.2f}x")
