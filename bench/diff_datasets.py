#!/usr/bin/env python3
"""`traas-ci diff` on each logjuicer-tests dataset: for each pair (DIR/*.good, DIR/*.fail, DIR/inf.yaml),
whether every required anomaly line (`optional: True` ones may be missed) is in a new line of the
output, the optional ones found, the reduction (lines shown / lines of the failed log) and the time.
A required line is found when its text (trimmed) is part of a line the output marks new; context
lines do not count. The reduction printed is 1 - shown / lines (shown: new lines and their context).
Exits 1 when a required line is missed or a pair over 1,000 lines is below 90%.

usage: diff_datasets.py TRAAS_CI_DLL WORK_DIR DATASETS_DIR"""
import glob
import json
import os
import subprocess
import sys
import time

dll, work, root = sys.argv[1], sys.argv[2], sys.argv[3]


def anomalies(path):
    """inf.yaml's anomalies as (text, optional), read without a YAML library: `- line: |` (or
    `- optional: True` then `line: |`) and the block under it, or `line: TEXT`."""
    items, current, block, indent = [], None, None, None
    for raw in open(path, encoding="utf-8").read().split("\n"):
        stripped = raw.strip()
        if block is not None:
            lead = len(raw) - len(raw.lstrip())
            if stripped and (indent is None or lead >= indent):
                indent = lead if indent is None else indent
                block.append(raw[indent:])
                continue
            if not stripped and indent is None:
                continue
            current["line"] = "\n".join(block).strip()
            block, indent = None, None
        if stripped.startswith("- "):
            current = {"optional": False}
            items.append(current)
            stripped = stripped[2:].strip()
        if current is None:
            continue
        if stripped.lower().startswith("optional:"):
            current["optional"] = stripped.split(":", 1)[1].strip().lower() == "true"
        elif stripped.startswith("line:"):
            value = stripped[5:].strip()
            if value in ("|", "|-", ">", ">-"):
                block = []
            else:
                current["line"] = value.strip("'\"")
    if block is not None:
        current["line"] = "\n".join(block).strip()
    return [(a["line"], a["optional"]) for a in items if a.get("line")]


rows, failed = [], False
for folder in sorted(d for d in glob.glob(os.path.join(root, "*")) if os.path.isdir(d)):
    name = os.path.basename(folder)
    goods, fails = glob.glob(os.path.join(folder, "*.good")), glob.glob(os.path.join(folder, "*.fail"))
    info = os.path.join(folder, "inf.yaml")
    if len(goods) != 1 or len(fails) != 1 or not os.path.exists(info):
        continue
    out = os.path.join(work, name)
    start = time.monotonic()
    run = subprocess.run(["dotnet", dll, "diff", "--baseline", goods[0], fails[0], "--out", out],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - start
    if run.returncode not in (0, 1):
        sys.exit(f"{name}: traas-ci diff exited {run.returncode}: {run.stderr.strip()}")
    result = json.load(open(os.path.join(out, "new-lines.json"), encoding="utf-8"))
    new = [l["text"] for b in result["blocks"] for l in b["lines"] if l["new"]]
    expected = anomalies(info)
    # An anomaly of several lines is found when each of its lines is in a new line.
    found = [(text, optional, all(any(part.strip() in line for line in new)
                                  for part in text.split("\n") if part.strip()))
             for text, optional in expected]
    required = [f for f in found if not f[1]]
    optional = [f for f in found if f[1]]
    lines, shown = result["failed_lines"], result["shown_lines"]
    reduction = 1 - shown / lines if lines else 0
    ok = all(f[2] for f in required) and (lines <= 1000 or reduction >= 0.9)
    failed |= not ok
    rows.append((name, sum(f[2] for f in required), len(required), sum(f[2] for f in optional), len(optional),
                 result["new_lines"], shown, lines, reduction, seconds, ok))
    for text, opt, hit in found:
        if not hit and not opt:
            print(f"  {name}: missed: {text}", file=sys.stderr)

print(f"{'dataset':<20}{'all required found':>20}{'optional':>10}{'new':>6}{'shown':>7}{'lines':>7}{'reduction':>11}"
      f"{'seconds':>9}  target")
for name, hit, req, ohit, opt, new, shown, lines, reduction, seconds, ok in rows:
    optional = f"{ohit}/{opt}" if opt else "-"
    found = f"{'yes' if hit == req else 'NO'} ({hit}/{req})"
    # The 90% target is for pairs over 1,000 lines; a shorter one prints its reduction and "n/a".
    target = ("yes" if ok else "NO") if lines > 1000 else ("n/a" if ok else "NO")
    print(f"{name:<20}{found:>20}{optional:>10}{new:>6}{shown:>7}{lines:>7}{reduction * 100:>10.1f}%"
          f"{seconds:>9.2f}  {target}")
sys.exit(1 if failed else 0)
