"""Builds the collect benchmark's tree: 2,000 files, about 300 MiB, shaped like a TripleO job's logs.

  collect_tree.py FOLDER [FILES] [MIB]

Many small text files (container and service logs, configs: a few KiB to a few dozen), a hundred or
so of some MiB (ansible and deploy logs), a few large ones (journal and database dumps, some of them
compressed, i.e. random-looking bytes). Folders go a few levels deep, as logs/undercloud/var/log/...
does. The content is fixed by a seed, so every run copies the same bytes.

With TRAAS_BENCH_GZIP=1, every text file is compressed by gzip and named .gz, as TripleO's
collect-logs leaves them: SIZE is then the text's size, and collect inflates each one to look for
secrets (there are none: every copy is still byte for byte the tree's).
"""
import gzip
import os
import random
import sys

folder, count, mib = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000, \
    int(sys.argv[3]) if len(sys.argv) > 3 else 300
rng = random.Random(20260301)
WORDS = ("TASK ok changed failed skipping container nova neutron keystone heat glance puppet "
         "ansible overcloud undercloud controller compute DEBUG INFO WARNING ERROR oslo.messaging "
         "haproxy rabbitmq mysql podman systemd tripleo-ansible deploy step5 config_download").split()
HOSTS = ["undercloud", "overcloud-controller-0", "overcloud-novacompute-0"]
SERVICES = ["nova", "neutron", "keystone", "heat", "glance", "cinder", "swift", "ironic", "placement",
            "haproxy", "rabbitmq", "mysql", "memcached", "horizon", "octavia", "ovn", "barbican"]


LINES = [(f"2026-03-01 12:{rng.randrange(60):02}:{rng.randrange(60):02}.{rng.randrange(1000):03} "
          f"{rng.randrange(1, 99999)} {rng.choice(('INFO', 'DEBUG', 'WARNING', 'ERROR'))} "
          + " ".join(rng.choice(WORDS) for _ in range(rng.randrange(4, 24))) + "\n").encode()
         for _ in range(20000)]


def text(size):
    # About 110 bytes a line: draw enough lines, then cut at the size.
    return b"".join(rng.choices(LINES, k=size // 100 + 1))[:size]


def sizes():
    """File sizes in bytes: 1,918 small, 70 medium, 12 large (for 2,000), about MIB in all."""
    large = 12
    medium = max(0, min(count - large, count // 40 + 20))
    small = max(0, count - large - medium)
    values = [rng.randrange(512, 40 * 1024) for _ in range(small)]
    values += [rng.randrange(256 * 1024, 3 * 1024 * 1024) for _ in range(medium)]
    rest = mib * 1024 * 1024 - sum(values)
    values += [max(1024, rest // large + rng.randrange(-1024 * 1024, 1024 * 1024)) for _ in range(large)]
    return values[:count]


def path(index, size):
    host = HOSTS[index % len(HOSTS)]
    service = SERVICES[(index // 3) % len(SERVICES)]
    if size > 8 * 1024 * 1024:
        name = rng.choice(("journal.txt", "mysql-dump.sql.gz", "ara-report.db", "messages.gz"))
        return f"{host}/var/log/extra/{index:04}-{name}"
    if size > 200 * 1024:
        return f"{host}/home/zuul/{index:04}-{rng.choice(('ansible', 'overcloud_deploy', 'install'))}.log"
    depth = rng.randrange(3)
    sub = "/".join(f"{service}-{rng.randrange(3)}" for _ in range(depth))
    leaf = f"{host}/var/log/containers/{service}" + (f"/{sub}" if sub else "")
    return f"{leaf}/{index:04}-{service}.{rng.choice(('log', 'log', 'log', 'conf', 'json', 'txt'))}"


compressed = os.environ.get("TRAAS_BENCH_GZIP") == "1"
total = 0
stored = 0
for index, size in enumerate(sizes()):
    target = os.path.join(folder, path(index, size))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if target.endswith((".gz", ".db")):
        content = rng.randbytes(size)
    elif compressed:
        target += ".gz"
        content = gzip.compress(text(size), compresslevel=6, mtime=0)
    else:
        content = text(size)
    with open(target, "wb") as out:
        out.write(content)
    total += size
    stored += len(content)
print(f"{count} files, {total / 1048576:.1f} MiB ({stored / 1048576:.1f} MiB stored) under {folder}")
