#!/usr/bin/env python3
"""Writes a large, realistic traas.log: timestamped tripleo-ci xtrace, quickstart playbooks with
profile_tasks, loops, -vvv style multi-line JSON results, ANSI colours, a few failures and tempest.

usage: generate_log.py OUT SIZE_MB"""
import sys

out, size_mb = sys.argv[1], int(sys.argv[2])
target = size_mb * 1024 * 1024
hosts = ["undercloud", "subnode-1", "subnode-2"]


def playbook(n, w):
    ts = f"2026-11-20 10:{n % 60:02d}:00.{n % 1000000:06d} | "
    w(f"{ts}+(./toci_quickstart.sh:89): main(): ansible-playbook -i hosts playbook-{n}.yml\n")
    w(f"{ts}\n{ts}PLAYBOOK: playbook-{n}.yml ******************************************************\n")
    for p in range(3):
        w(f"{ts}\n{ts}PLAY [play {p} of run {n}] ****************************************************\n")
        for t in range(40):
            w(f"{ts}\n{ts}TASK [role-{t % 7} : task {t} in play {p}] ***********************************\n")
            w(f"{ts}Friday 20 November 2026  10:00:03 +0000 (0:00:0{t % 10}.051)       0:00:00.051 ******\n")
            for h in hosts:
                if t % 9 == 0:
                    for item in range(3):
                        w(f"{ts}\x1b[0;33mchanged: [{h}] => (item=package-{item})\x1b[0m\n")
                elif t % 5 == 0:
                    w(f"{ts}\x1b[0;32mok: [{h}] => {{\n")
                    for k in range(25):
                        w(f'{ts}    "key_{k}": "value with <markup> & some text {n}-{p}-{t}-{k}",\n')
                    w(f'{ts}    "changed": false\n{ts}}}\x1b[0m\n')
                elif t % 13 == 0:
                    w(f"{ts}skipping: [{h}]\n")
                elif t == 37 and h == "subnode-2" and n % 4 == 3:
                    w(f'{ts}\x1b[0;31mfatal: [{h}]: FAILED! => {{"changed": false, "msg": "timed out waiting for {n}"}}\x1b[0m\n')
                    w(f"{ts}\x1b[0;36m...ignoring\x1b[0m\n")
                else:
                    w(f"{ts}\x1b[0;32mok: [{h}]\x1b[0m\n")
        w(f"{ts}[WARNING]: Consider using the file module with state=absent rather than running 'rm'.\n")
    w(f"{ts}\n{ts}PLAY RECAP *********************************************************************\n")
    for h in hosts:
        w(f"{ts}{h:<27}: ok=0    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \n")
    w(f"{ts}+(./toci_quickstart.sh:95): main(): echo 'Playbook run of playbook-{n}.yml passed successfully'\n")
    w(f"{ts}Playbook run of playbook-{n}.yml passed successfully\n")
    for i in range(20):
        w(f"{ts}{{{i % 4}}} tempest.api.compute.test_{n}.Test.test_{i}[id-{n:08d}-{i:04d},smoke] [0.{i:03d}s] ... ok\n")


with open(out, "w", encoding="utf-8", buffering=1 << 20) as f:
    written = 0

    def w(s):
        global written
        f.write(s)
        written += len(s)

    n = 0
    while written < target:
        playbook(n, w)
        n += 1
    w("Run completed\n")
