#!/usr/bin/env python3
"""Time and peak RSS of `traas-ci diff` against `traas-ci report` on the same failed log, for each size.

The baseline is bench/generate_log.py's log of SIZE MiB. The failed log is the same log with, every
997th line, a word added (a near neighbour: the search has to find it) and, every 20011th line, three
lines no baseline line is near (new lines). `diff` reads both logs (twice the bytes `report` reads).

usage: diff_scale.py TRAAS_CI_DLL WORK_DIR SIZE_MB [SIZE_MB ...]"""
import os
import subprocess
import sys
import time

dll, work, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]
here = os.path.dirname(os.path.abspath(__file__))


def measure(argv):
    start = time.monotonic()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    # CPU seconds too: on a shared machine they say more than the wall clock does.
    return (time.monotonic() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status),
            usage.ru_utime + usage.ru_stime)


def failed_copy(baseline, failed):
    words = ["quota", "resolver", "kernel", "oom", "killer", "mirror", "overlay", "mount", "selinux", "denied"]
    injected = 0
    with open(baseline, encoding="utf-8") as src, open(failed, "w", encoding="utf-8", buffering=1 << 20) as out:
        for number, line in enumerate(src, 1):
            if number % 997 == 0:
                line = line.rstrip("\n") + " (retried)\n"
            out.write(line)
            if number % 20011 == 0:
                a, b = words[injected % len(words)], words[(injected * 7 + 3) % len(words)]
                out.write(f"Traceback (most recent call last): {a} {b} module{injected % 13}\n")
                out.write(f"  RuntimeError: unexpected {b} state in {a}_handler while {words[injected % 3]}\n")
                out.write(f"  sqlalchemy.exc.OperationalError: lost connection during {a} commit\n")
                injected += 1
    return injected


rows = []
for size in sizes:
    baseline = os.path.join(work, f"traas-{size}mb.log")
    if not os.path.exists(baseline) or os.path.getsize(baseline) < size * 1024 * 1024:
        subprocess.run([sys.executable, os.path.join(here, "generate_log.py"), baseline, str(size)], check=True)
    failed = os.path.join(work, f"traas-{size}mb-failed.log")
    injected = failed_copy(baseline, failed)
    mb = os.path.getsize(failed) / (1024 * 1024)
    out = os.path.join(work, f"diff-{size}")
    report = measure(["dotnet", dll, "report", failed, "--out", os.path.join(work, f"report-{size}")])
    diff = measure(["dotnet", dll, "diff", "--baseline", baseline, failed, "--out", out])
    if report[2] not in (0, 1) or diff[2] not in (0, 1):
        sys.exit(f"exit codes report {report[2]}, diff {diff[2]} at {size} MiB: no figures")
    summary = open(os.path.join(out, "new-lines.md"), encoding="utf-8").read().split("\n")[2]
    rows.append((size, mb, injected, report, diff, summary))

print(f"{'failed MiB':>10}{'report s':>10}{'diff s':>9}{'diff/report':>12}{'report CPU s':>13}{'diff CPU s':>11}"
      f"{'CPU ratio':>10}{'report RSS':>12}{'diff RSS':>10}{'injected':>10}")
for size, mb, injected, report, diff, _ in rows:
    print(f"{mb:>10.0f}{report[0]:>10.2f}{diff[0]:>9.2f}{diff[0] / report[0]:>11.2f}x{report[3]:>13.2f}"
          f"{diff[3]:>11.2f}{diff[3] / report[3]:>9.2f}x{report[1]:>11.1f}M{diff[1]:>9.1f}M{injected * 3:>10}")
for size, _, _, _, _, summary in rows:
    print(f"{size} MiB: {summary}")
ok = all(diff[0] <= 2 * report[0] for _, _, _, report, diff, _ in rows)
print(f"time within 2x report at every size: {'yes' if ok else 'NO'}")
if len(rows) > 1:
    small, large = rows[0], rows[-1]
    growth = large[4][1] / small[4][1]
    # Flat: the log grew 10x, peak RSS may grow by the bounded index and caches, not with the log.
    flat = growth <= 1.5
    print(f"peak RSS of diff, {large[0]} MiB / {small[0]} MiB: {growth:.2f}x; flat: {'yes' if flat else 'NO'}")
    ok &= flat
sys.exit(0 if ok else 1)
