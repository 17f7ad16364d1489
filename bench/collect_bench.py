"""Runs `traas-ci collect --state`, `scp -r`, `sftp -r` and `rsync -a` against one sshd, several
times each (in turns, so that a noisy spell of the shared machine hits every tool alike), checks
every copy byte for byte against the tree, and prints a table: median seconds, MB/s (10^6 bytes of
the tree per second of the median) and the client's CPU seconds (user + system from wait4, which
includes the ssh child that scp, sftp and rsync wait for).

  collect_bench.py WORK PORT RUNS TOOL_DLL [ONLY]

WORK holds root/tree (the tree), root/traas.log, id_ed25519 and known_hosts (the sshd's key, for
the OpenSSH clients). ONLY runs one tool ("collect", "scp", "sftp" or "rsync").
"""
import getpass
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time

work, port, runs, tool = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
only = sys.argv[5] if len(sys.argv) > 5 else None
root = os.path.join(work, "root")
tree = os.path.join(root, "tree")
key = os.path.join(work, "id_ed25519")
user = getpass.getuser()
ssh = ["-i", key, "-o", f"UserKnownHostsFile={work}/known_hosts", "-o", "StrictHostKeyChecking=yes",
       "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"]


def manifest(folder):
    """Relative path -> sha256 of every file under FOLDER."""
    found = {}
    for where, _, names in os.walk(folder):
        for name in names:
            full = os.path.join(where, name)
            with open(full, "rb") as f:
                found[os.path.relpath(full, folder)] = hashlib.file_digest(f, "sha256").hexdigest()
    return found


def collect(dest):
    state = os.path.join(dest, "run-state.json")
    os.makedirs(dest)
    with open(state, "w") as f:
        json.dump({
            "version": 1, "stage": "provisioned", "stack_name": "bench",
            "stack_id": "00000000-0000-4000-8000-00000000beef", "job_type": "bench-job",
            "host": "127.0.0.1", "port": port, "user": user,
            "log_path": os.path.join(root, "traas.log"), "marker_path": os.path.join(root, "traas.rc"),
            "key_file": key, "known_hosts": os.path.join(dest, "known_hosts"), "keep": "never",
            "collect": [os.path.join(tree, "**")], "out_dir": dest,
            "job_timeout_minutes": 10, "connect_timeout_minutes": 0.5, "collect_timeout_minutes": 10,
        }, f)
    return ["dotnet", tool, "collect", "--state", state], os.path.join(dest, "logs")


def scp(dest):
    os.makedirs(dest)
    return ["scp", "-q", "-r", "-P", str(port), *ssh, f"{user}@127.0.0.1:{tree}", dest], \
        os.path.join(dest, "tree")


def sftp(dest):
    os.makedirs(dest)
    batch = os.path.join(work, "sftp-batch")
    with open(batch, "w") as f:
        f.write(f"get -r {tree} {dest}/tree\n")
    return ["sftp", "-q", "-b", batch, "-P", str(port), *ssh, f"{user}@127.0.0.1"], os.path.join(dest, "tree")


def rsync(dest):
    shell = " ".join(["ssh", "-p", str(port), *ssh])
    os.makedirs(dest)
    return ["rsync", "-a", "-e", shell, f"{user}@127.0.0.1:{tree}/", f"{dest}/tree/"], os.path.join(dest, "tree")


TOOLS = {"traas-ci collect": collect, "scp -r": scp, "sftp -r": sftp, "rsync -a": rsync}
SHORT = {"collect": "traas-ci collect", "scp": "scp -r", "sftp": "sftp -r", "rsync": "rsync -a"}
names = [SHORT[only]] if only else list(TOOLS)
expected = manifest(tree)
size = sum(os.path.getsize(os.path.join(tree, p)) for p in expected)
print(f"tree: {len(expected)} files, {size / 1048576:.1f} MiB; {runs} runs of each, in turns", flush=True)
times = {n: [] for n in names}
cpus = {n: [] for n in names}
env = dict(os.environ, XDG_STATE_HOME=os.path.join(work, "state"))
env.pop("GITHUB_ACTIONS", None)
for run in range(runs):
    for name in names:
        # A fresh folder each copy, all removed at the end: on ext4 without a journal (this machine's disk), a
        # file made within a minute of many deletions pays for a scan past the deleted inodes, so a copy made
        # right after the last one was removed is slowed by the tool before it, not by its own work.
        dest = os.path.join(work, "copies", f"{run}-{name.split()[0]}")
        command, copy = TOOLS[name](dest)
        with open(os.path.join(work, "stderr.txt"), "wb") as err:
            started = time.monotonic()
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=err, env=env)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            sys.exit(f"{name} failed ({process.returncode}):\n" + open(os.path.join(work, "stderr.txt")).read())
        got = manifest(copy)
        if got != expected:
            wrong = sorted(set(got.items()) ^ set(expected.items()))[:5]
            sys.exit(f"{name}: the copy differs from the tree ({len(got)} files; first differences {wrong})")
        times[name].append(seconds)
        cpus[name].append(usage.ru_utime + usage.ru_stime)
        print(f"  run {run + 1} {name:<17} {seconds:6.2f} s  cpu {usage.ru_utime + usage.ru_stime:5.2f} s"
              "  byte-equal", flush=True)

print()
print(f"{'tool':<18} {'median s':>9} {'MB/s':>7} {'client CPU s':>13}   ({runs} runs, every copy byte-equal)")
for name in names:
    median = statistics.median(times[name])
    print(f"{name:<18} {median:9.2f} {size / 1e6 / median:7.0f} {statistics.median(cpus[name]):13.2f}"
          f"   (min {min(times[name]):.2f}, max {max(times[name]):.2f})")
if "traas-ci collect" in times and "rsync -a" in times:
    ratio = statistics.median(times["traas-ci collect"]) / statistics.median(times["rsync -a"])
    print(f"\ncollect / rsync: {ratio:.2f}x the time ({'at or below' if ratio <= 1 else 'above'} rsync)")
