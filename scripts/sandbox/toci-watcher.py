#!/usr/bin/env python3
"""The sandbox's side of the job (scripts/sandbox.sh starts it; no tripleo job runs here).

On a cloud, the toci_job software deployment starts traas.sh on the undercloud. The sandbox has no
servers, so this watcher plays that part: it polls Heat as the sandbox's traas user, and when a
stand-in toci_job stack (templates/sandbox/standin-toci-job.yaml) is CREATE_COMPLETE, it starts
templates/scripts/traas.sh there, with the stand-in job in place of toci_gate_test.sh. Each stack's
job starts once. traas-ci never starts the job: it waits on one it did not start.

Usage: toci-watcher.py SANDBOX_DIR KEYSTONE_URL REPO_ROOT
"""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

POLL_SECONDS = 0.5


def log(message):
    print(f"toci-watcher: {message}", file=sys.stderr, flush=True)


def request(method, url, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["X-Auth-Token"] = token
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=headers), timeout=30) as answer:
        return answer.headers, json.loads(answer.read() or b"{}")


def authenticate(keystone, user, password):
    """A token for a user scoped to its project of the same name, and the public Heat endpoint of every region."""
    headers, body = request("POST", f"{keystone}/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": user, "domain": {"name": "Default"}, "password": password}}},
        "scope": {"project": {"name": user, "domain": {"name": "Default"}}}}})
    heats = [e["url"].rstrip("/") for s in body["token"]["catalog"] if s["type"] == "orchestration"
             for e in s["endpoints"] if e["interface"] == "public"]
    if not heats:
        raise KeyError("no public orchestration endpoint")
    return headers["X-Subject-Token"], heats


def start_job(job, repo, sandbox_dir):
    root = job["root"]
    os.makedirs(root, exist_ok=True)
    env = dict(os.environ,
               TRAAS_ROOT=root,
               TRAAS_SKIP_CLONE="1",
               # misconfigured: a command that is not there, as a tripleo-ci ref without toci_gate_test.sh.
               TRAAS_TOCI_COMMAND=(f"{root}/no-toci_gate_test.sh" if job["outcome"] == "misconfigured"
                                   else f"bash {repo}/scripts/sandbox/standin-toci-job.sh"),
               STANDIN_PRINT=str(job.get("print") or ""),
               TOCI_JOBTYPE=str(job["toci_jobtype"]),
               STANDIN_OUTCOME=str(job["outcome"]),
               STANDIN_STACK=str(job.get("stack") or ""),
               STANDIN_SECONDS=str(job["seconds"]))
    job = subprocess.Popen(["bash", f"{repo}/templates/scripts/traas.sh"], env=env, cwd=root,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    # scripts/sandbox.sh down stops what is still running (traas.sh then stops its job).
    with open(os.path.join(sandbox_dir, "job-pids"), "a") as f:
        f.write(f"{job.pid}\n")


def poll(heat, token, launched, launched_file):
    """The stand-in jobs of the toci_job stacks newly CREATE_COMPLETE in one Heat."""
    jobs = []
    _, body = request("GET", f"{heat}/stacks?show_nested=True&status=CREATE_COMPLETE", token)
    for stack in body.get("stacks", []):
        if "-toci_job-" not in stack["stack_name"] or stack["id"] in launched:
            continue
        _, shown = request("GET", f"{heat}/stacks/{stack['stack_name']}/{stack['id']}", token)
        outputs = {o["output_key"]: o.get("output_value") for o in shown["stack"].get("outputs") or []}
        launched.add(stack["id"])
        with open(launched_file, "a") as f:
            f.write(stack["id"] + "\n")
        job = outputs.get("standin_job")
        if not job:
            continue
        # The stack's own name ("NAME-attemptN-toci_job-..." for a later attempt): infra-first reads it.
        job["stack"] = stack["stack_name"]
        log(f"starting the stand-in job of {stack['stack_name']} ({job['outcome']}, {job['seconds']} s) in {job['root']}")
        jobs.append(job)
    return jobs


def main():
    sandbox_dir, keystone, repo = sys.argv[1:4]
    # Each project's stacks in each region (RegionOne and RegionTwo; traas and traas-ops).
    passwords = {}
    for user in ("traas", "traas-ops"):
        path = os.path.join(sandbox_dir, "secrets", user)
        if os.path.exists(path):
            with open(path) as f:
                passwords[user] = f.read().strip()
    launched_file = os.path.join(sandbox_dir, "watcher-launched")
    launched = set(open(launched_file).read().split()) if os.path.exists(launched_file) else set()
    tokens, since = {}, 0.0
    log(f"watching {keystone} for stand-in toci_job stacks")
    while True:
        try:
            # Tokens may live only 60 s in the tests: take a new one every 30 s.
            if not tokens or time.monotonic() - since > 30:
                tokens = {user: authenticate(keystone, user, password) for user, password in passwords.items()}
                since = time.monotonic()
            for token, heats in tokens.values():
                for heat in heats:
                    launched_now = poll(heat, token, launched, launched_file)
                    for job in launched_now:
                        start_job(job, repo, sandbox_dir)
        except (urllib.error.URLError, OSError, KeyError, ValueError, StopIteration) as e:
            log(f"poll failed, trying again: {e}")
            tokens = {}
            time.sleep(2)
        time.sleep(POLL_SECONDS)


if __name__ == "__main__":
    main()
