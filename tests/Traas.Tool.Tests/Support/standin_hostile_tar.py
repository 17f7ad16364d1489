"""A stand-in for a hostile node's answer to collect's tar stream (a real node's tar does not lie): sshd
runs it in place of any command (standin_node_exec.sh), as a `command="..."` in the job user's
authorized_keys would. Once the first name comes on stdin (as tar does), it writes a tar stream on
stdout about ROOT/tree/a.log, which the real SFTP server serves as it is:

  standin_hostile_tar.py MODE ROOT

  tar-dotdot     an entry named ../../../tmp/traas-hostile-pwned
  tar-absolute   an entry named /tmp/traas-hostile-pwned
  tar-symlink    a.log as a symbolic link to /etc/passwd
  tar-oversize   a.log as a regular file of 1 GiB, and NUL bytes that never end
  tar-endless    a.log as it is, then NUL bytes that never end
  tar-truncated  a.log's header, then half its bytes, then the end of the stream
  tar-longname   a GNU long name of 512 MiB, and 'a's that never end
  tar-stderr     a.log's header, then errors on stderr that never end
  tar-early      a.log as it is, then NUL bytes that never end, from the start (before any name)

In the list-* modes it answers collect's listing (the `find` that stands for the SFTP walk) instead:

  list-dotdot    a.log, and a file named ../../../tmp/traas-hostile-pwned
  list-endless   a.log, then records of files that never end
  list-stderr    the listing's header, then errors on stderr that never end
"""
import os
import sys
import tarfile

MODE, ROOT = sys.argv[1], sys.argv[2]
out = sys.stdout.buffer
data = open(os.path.join(ROOT, "tree", "a.log"), "rb").read()


def header(name, size=0, kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.size, info.type, info.linkname = size, kind, link
    return info.tobuf(format=tarfile.GNU_FORMAT)


def padded(payload):
    return payload + b"\0" * (-len(payload) % 512)


def forever(block, into=out):
    while True:
        into.write(block)


try:
    if MODE.startswith("tar-") and MODE != "tar-early":
        # As tar does, it answers once the first name came on stdin (or its end): collect starts its streams
        # before it knows their files.
        while (byte := sys.stdin.buffer.read(1)) not in (b"", b"\0"):
            pass
    if MODE == "list-dotdot":
        out.write(f"traas-list\0f {len(data)} a.log\0f 6 ../../../tmp/traas-hostile-pwned\0traas-end\0".encode())
        sys.exit(0)
    elif MODE == "list-endless":
        out.write(f"traas-list\0f {len(data)} a.log\0".encode())
        forever(b"".join(b"f 1 %d.log\0" % i for i in range(4096)))
    elif MODE == "list-stderr":
        out.write(b"traas-list\0")
        out.flush()
        forever(b"find: error\n" * 4096, sys.stderr.buffer)
    elif MODE == "tar-dotdot":
        out.write(header("../../../tmp/traas-hostile-pwned", 6) + padded(b"pwned\n"))
    elif MODE == "tar-absolute":
        out.write(header("/tmp/traas-hostile-pwned", 6) + padded(b"pwned\n"))
    elif MODE == "tar-symlink":
        out.write(header("a.log", kind=tarfile.SYMTYPE, link="/etc/passwd"))
    elif MODE == "tar-oversize":
        out.write(header("a.log", 1 << 30))
        forever(b"\0" * 65536)
    elif MODE in ("tar-endless", "tar-early"):
        out.write(header("a.log", len(data)) + padded(data))
        forever(b"\0" * 65536)
    elif MODE == "tar-truncated":
        out.write(header("a.log", len(data)) + data[: len(data) // 2])
        sys.exit(0)
    elif MODE == "tar-stderr":
        out.write(header("a.log", len(data)))
        out.flush()
        forever(b"tar: error\n" * 4096, sys.stderr.buffer)
    elif MODE == "tar-longname":
        info = tarfile.TarInfo("././@LongLink")
        info.size, info.type = 512 << 20, tarfile.GNUTYPE_LONGNAME
        out.write(info.tobuf(format=tarfile.USTAR_FORMAT))
        forever(b"a" * 65536)
    out.write(b"\0" * 1024)
    out.flush()
except (BrokenPipeError, OSError):
    pass
