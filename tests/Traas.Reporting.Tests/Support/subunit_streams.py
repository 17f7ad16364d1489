"""Writes subunit v2 streams for the differential test, with python-subunit's own writers.

usage: subunit_streams.py OUT_DIR
Writes: edge.subunit (every status, attachments, tests that never end or only exist),
workers.subunit and workers.subunit.gz (300 tests over 4 workers, interleaved, with runner
output between packets), unittest.subunit (`python3 -m subunit.run` over a module with passing,
failing, erroring, skipped, expected-failure and setUpClass tests), big-traceback.subunit, and
placeholder.subunit (what tripleo-ci's `generate-subunit $(date +%s) 10 fail pingtest` writes) and
hostile.subunit (failing tests whose ids hold line ends, markup, backtick runs and a bidi override),
never-ending.subunit (3000 tests that start and never end), long-ids.subunit (200 such tests with ids of
100,000 characters), and cut-before.subunit and cut-after.subunit (the two ends of a stream with a gap:
a test ends before it, one after it, and one runs across it)."""
import datetime
import gzip
import os
import random
import subprocess
import sys

from subunit.v2 import StreamResultToBytes

out = sys.argv[1]
t0 = datetime.datetime(2024, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)


def at(seconds):
    return t0 + datetime.timedelta(seconds=seconds)


def edge(s):
    s.status(test_id="pkg.mod.Test.test_ok", test_status="inprogress", timestamp=at(0))
    s.status(test_id="pkg.mod.Test.test_ok", test_status="success", timestamp=at(1.5))
    s.status(test_id="pkg.mod.Test.test_fail", test_status="inprogress", timestamp=at(2))
    s.status(test_id="pkg.mod.Test.test_fail", file_name="traceback", eof=True, timestamp=at(2.2),
             file_bytes=b"Traceback (most recent call last):\n  File \"x.py\", line 1\nAssertionError: 1 != 2\n",
             mime_type='text/x-traceback; charset="utf8"')
    s.status(test_id="pkg.mod.Test.test_fail", test_status="fail", timestamp=at(2.25))
    s.status(test_id="pkg.mod.Test.test_skip", test_status="inprogress", timestamp=at(3))
    s.status(test_id="pkg.mod.Test.test_skip", test_status="skip", file_name="reason", file_bytes=b"not today",
             mime_type='text/plain; charset="utf8"', eof=True, timestamp=at(3.1))
    s.status(test_id="pkg.mod.Test.test_xfail", test_status="xfail", timestamp=at(4))
    s.status(test_id="pkg.mod.Test.test_uxsuccess", test_status="uxsuccess", timestamp=at(5))
    s.status(test_id="pkg.mod.Test.test_only_listed", test_status="exists", timestamp=at(6))
    s.status(test_id="pkg.mod.Test.test_never_ends", test_status="inprogress", timestamp=at(7))
    s.status(test_id="pkg.mod.Test.test_no_time", test_status="success")
    s.status(test_id="pkg.mod.Test.test_tags", test_status="success", test_tags={"worker-1"}, timestamp=at(8))
    s.status(test_id="setUpClass (pkg.mod.Other)", test_status="fail", timestamp=at(9))
    s.status(test_id="tempest.api.T.test_x[id-1,smoke]", test_status="inprogress", timestamp=at(10))
    s.status(test_id="tempest.api.T.test_x[id-1,smoke]", test_status="success", timestamp=at(10.333333))


def workers(s, noise):
    rng = random.Random(12)
    running = []
    for i in range(300):
        test = f"pkg.mod{i % 7}.Test{i % 5}.test_{i}"
        route = str(i % 4)
        start = i * 0.1
        s.status(test_id=test, test_status="inprogress", route_code=route, timestamp=at(start),
                 test_tags={f"worker-{route}"})
        running.append((test, route, start))
        if len(running) > 3:
            done, route, start = running.pop(0)
            outcome = rng.choice(["success"] * 6 + ["fail", "skip", "xfail"])
            if outcome == "fail":
                s.status(test_id=done, route_code=route, file_name="traceback", eof=True, timestamp=at(start + 0.2),
                         file_bytes=f"Traceback (most recent call last):\nValueError: {done}\n".encode(),
                         mime_type='text/x-traceback; charset="utf8"')
            if outcome == "skip":
                # testtools reads a reason only as text: without a text MIME type subunit2junitxml stops.
                s.status(test_id=done, route_code=route, file_name="reason", eof=True, file_bytes=b"no cinder",
                         mime_type='text/plain; charset="utf8"', timestamp=at(start + 0.2))
            s.status(test_id=done, test_status=outcome, route_code=route, timestamp=at(start + 0.3 + rng.random()))
        if i % 50 == 0:
            noise.write(b"runner output between packets\n")
    for done, route, start in running:
        s.status(test_id=done, test_status="success", route_code=route, timestamp=at(start + 1))


def stream(name, write):
    path = os.path.join(out, name)
    with open(path, "wb") as f:
        write(StreamResultToBytes(f), f)
    return path


stream("edge.subunit", lambda s, f: edge(s))
workers_path = stream("workers.subunit", workers)
with open(workers_path, "rb") as plain, gzip.open(workers_path + ".gz", "wb") as packed:
    packed.write(plain.read())
stream("big-traceback.subunit", lambda s, f: s.status(
    test_id="pkg.Big.test_big", test_status="fail", file_name="traceback", eof=True, timestamp=at(1),
    file_bytes=("Traceback (most recent call last):\n" + "  frame\n" * 20000 + "MemoryError\n").encode(),
    mime_type='text/x-traceback; charset="utf8"'))
stream("placeholder.subunit", lambda s, f: (
    s.status(test_id="pingtest", test_status="inprogress", timestamp=at(0)),
    s.status(test_id="pingtest", test_status="fail", timestamp=at(10))))


def hostile(s):
    for i, test in enumerate(HOSTILE_IDS):
        s.status(test_id=test, test_status="inprogress", timestamp=at(i))
        s.status(test_id=test, test_status="fail", timestamp=at(i + 0.5))


# Kept in step with HostileLog.SubunitIds.
HOSTILE_IDS = [
    'pkg.T.test_lf (x\n\n<a href="//evil.example">Re-run</a>)',
    'pkg.T.test_cr (x\r\r<div>\n# heading\n- [link](//evil.example))',
    "pkg.T.test_ticks[a``b```]",
    "`pkg.T.test_edge `",
    "pkg.T.test_bidi[\u202egnissap\u202c]",
]
stream("hostile.subunit", lambda s, f: hostile(s))

stream("never-ending.subunit", lambda s, f: [
    s.status(test_id=f"pkg.mod.Test.test_{i}", test_status="inprogress", timestamp=at(i)) for i in range(3000)])
stream("long-ids.subunit", lambda s, f: [
    s.status(test_id=f"pkg.mod.Test.test_{i}_" + "x" * 100000, test_status="inprogress", timestamp=at(i))
    for i in range(200)])
stream("cut-before.subunit", lambda s, f: (
    s.status(test_id="pkg.T.test_before", test_status="inprogress", timestamp=at(0)),
    s.status(test_id="pkg.T.test_before", test_status="success", timestamp=at(1)),
    s.status(test_id="pkg.T.test_across", test_status="inprogress", timestamp=at(2))))
stream("cut-after.subunit", lambda s, f: (
    s.status(test_id="pkg.T.test_after", test_status="fail", timestamp=at(3)),
    s.status(test_id="pkg.T.test_across", test_status="success", timestamp=at(4))))

with open(os.path.join(out, "sample_tests.py"), "w") as module:
    module.write('''import unittest
class Sample(unittest.TestCase):
    def test_pass(self): pass
    def test_fail(self): self.assertEqual(1, 2, "one is not two")
    def test_error(self): raise RuntimeError("boom")
    @unittest.skip("not on this cloud")
    def test_skip(self): pass
    @unittest.expectedFailure
    def test_xfail(self): self.assertTrue(False)
    @unittest.expectedFailure
    def test_uxsuccess(self): pass
class BrokenSetup(unittest.TestCase):
    @classmethod
    def setUpClass(cls): raise RuntimeError("no cinder")
    def test_never(self): pass
''')
with open(os.path.join(out, "unittest.subunit"), "wb") as f:
    subprocess.run([sys.executable, "-m", "subunit.run", "sample_tests"], cwd=out, stdout=f, check=True)
