"""A stand-in for a hostile node's SFTP server (a real node cannot run here, and a real server does
not lie). The job runs the pull request's code, and a `command="..."` in the job user's
authorized_keys replaces the SFTP server with any program: this is such a program, speaking SFTP
version 3 (draft-ietf-secsh-filexfer-02) on stdin and stdout, as sshd's Subsystem.

  standin_hostile_sftp.py MODE ROOT

ROOT is a real folder whose files are served as they are, except where MODE lies:
  endless-tree     every folder under ROOT/tree holds another folder and a file, without end
  wide-tree        ROOT/tree holds 100,000 files (made up, each a few bytes)
  lying-size       every file says it is 16 bytes long and then never ends
  zero-marker      traas.rc says it is a 2-byte regular file and reads as endless NUL bytes
  fifo-marker      traas.rc says it is a FIFO (and would block if opened)
  garbage-marker   traas.rc holds text that is not an exit status
  status-command   opening anything under ROOT/tree fails with a status message that holds workflow
                   commands, a bare CR and '##[' in mid-line
  drip-log         traas.log says it is 1 GiB and answers each read with one byte, half a second later
  huge-packet      a read of traas.log or of a file under ROOT/tree is answered by a packet that says it is 2 GiB long,
                   whose bytes then come without end
"""
import os
import stat
import struct
import sys
import time

MODE, ROOT = sys.argv[1], os.path.realpath(sys.argv[2])
FXP = dict(INIT=1, VERSION=2, OPEN=3, CLOSE=4, READ=5, WRITE=6, LSTAT=7, FSTAT=8, SETSTAT=9, FSETSTAT=10,
           OPENDIR=11, READDIR=12, REMOVE=13, MKDIR=14, RMDIR=15, REALPATH=16, STAT=17, RENAME=18, READLINK=19,
           STATUS=101, HANDLE=102, DATA=103, NAME=104, ATTRS=105, EXTENDED=200)
OK, EOF, NO_SUCH_FILE, FAILURE, UNSUPPORTED = 0, 1, 2, 4, 8
ATTR_SIZE, ATTR_PERMISSIONS, ATTR_ACMODTIME = 0x1, 0x4, 0x8
HOSTILE_STATUS = "::error title=PWNED::from the node\r::add-mask::the\rnext ##[warning]PWNED ::stop-commands::x"

stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
handles = {}
next_handle = 0


def read_exact(n):
    data = b""
    while len(data) < n:
        chunk = stdin.read(n - len(data))
        if not chunk:
            sys.exit(0)
        data += chunk
    return data


def string(value):
    value = value if isinstance(value, bytes) else value.encode()
    return struct.pack(">I", len(value)) + value


def attrs(size, mode, mtime=0):
    return struct.pack(">IQIII", ATTR_SIZE | ATTR_PERMISSIONS | ATTR_ACMODTIME, size, mode, mtime, mtime)


def send(kind, request_id, body=b""):
    payload = bytes([kind]) + (struct.pack(">I", request_id) if request_id is not None else b"") + body
    stdout.write(struct.pack(">I", len(payload)) + payload)
    stdout.flush()


def status(request_id, code, message=""):
    send(FXP["STATUS"], request_id, struct.pack(">I", code) + string(message) + string("en"))


def new_handle(value):
    global next_handle
    next_handle += 1
    key = str(next_handle).encode()
    handles[key] = value
    return key


def local(path):
    """The real path of a request's path, never outside ROOT."""
    full = os.path.realpath(os.path.join(ROOT, path.lstrip("/"))) if not path.startswith(ROOT) else os.path.realpath(path)
    return full if full == ROOT or full.startswith(ROOT + os.sep) else ROOT


def in_tree(path):
    return path.startswith(os.path.join(ROOT, "tree"))


def is_marker(path):
    return os.path.basename(path) == "traas.rc"


def is_log(path):
    return os.path.basename(path) == "traas.log"


def fake_attrs(path):
    """What the hostile modes say about a path, or None to tell the truth."""
    if MODE == "drip-log" and is_log(path):
        return attrs(1 << 30, stat.S_IFREG | 0o644)
    if MODE == "endless-tree" and in_tree(path):
        return attrs(4096, stat.S_IFDIR | 0o755) if not path.endswith(".log") else attrs(5, stat.S_IFREG | 0o644)
    if MODE == "wide-tree" and in_tree(path):
        return attrs(4096, stat.S_IFDIR | 0o755) if path.rstrip("/") == os.path.join(ROOT, "tree") else attrs(6, stat.S_IFREG | 0o644)
    if MODE == "lying-size" and os.path.isfile(path):
        return attrs(16, stat.S_IFREG | 0o644)
    if MODE == "zero-marker" and is_marker(path):
        return attrs(2, stat.S_IFREG | 0o644)
    if MODE == "fifo-marker" and is_marker(path):
        return attrs(0, stat.S_IFIFO | 0o644)
    return None


def real_attrs(path, follow=True):
    st = os.stat(path) if follow else os.lstat(path)
    return attrs(st.st_size, st.st_mode, int(st.st_mtime))


def listing(path):
    if MODE == "endless-tree" and in_tree(path):
        return [("d", attrs(4096, stat.S_IFDIR | 0o755)), ("f.log", attrs(5, stat.S_IFREG | 0o644))]
    if MODE == "wide-tree" and path.rstrip("/") == os.path.join(ROOT, "tree"):
        return [(f"f{i:06}.log", attrs(6, stat.S_IFREG | 0o644)) for i in range(100_000)]
    return [(name, real_attrs(os.path.join(path, name), follow=False)) for name in sorted(os.listdir(path))]


def handle_request(kind, request_id, body):
    def text_at(offset):
        (length,) = struct.unpack(">I", body[offset:offset + 4])
        return body[offset + 4:offset + 4 + length].decode("utf-8", "replace"), offset + 4 + length

    if kind == FXP["REALPATH"]:
        path, _ = text_at(0)
        full = local(path if path not in ("", ".") else ROOT)
        send(FXP["NAME"], request_id, struct.pack(">I", 1) + string(full) + string(full) + attrs(0, stat.S_IFDIR | 0o755))
    elif kind in (FXP["STAT"], FXP["LSTAT"]):
        path, _ = text_at(0)
        full = local(path)
        fake = fake_attrs(full)
        if fake is not None:
            send(FXP["ATTRS"], request_id, fake)
        elif os.path.lexists(full):
            send(FXP["ATTRS"], request_id, real_attrs(full, follow=kind == FXP["STAT"]))
        else:
            status(request_id, NO_SUCH_FILE, "No such file")
    elif kind == FXP["OPEN"]:
        path, _ = text_at(0)
        full = local(path)
        if MODE == "status-command" and in_tree(full):
            status(request_id, FAILURE, HOSTILE_STATUS)
        elif MODE == "fifo-marker" and is_marker(full):
            # A real FIFO would block here until a writer comes: never answer.
            return
        elif (MODE in ("endless-tree", "wide-tree") and in_tree(full)) or (MODE == "zero-marker" and is_marker(full)):
            send(FXP["HANDLE"], request_id, string(new_handle(("fake", full))))
        elif os.path.isfile(full):
            send(FXP["HANDLE"], request_id, string(new_handle(("file", open(full, "rb")))))
        else:
            status(request_id, NO_SUCH_FILE, "No such file")
    elif kind == FXP["FSTAT"]:
        handle, _ = text_at(0)
        kind_, value = handles.get(handle.encode(), (None, None))
        if kind_ == "file":
            fake = fake_attrs(value.name)
            send(FXP["ATTRS"], request_id, fake or real_attrs(value.name))
        elif kind_ == "fake":
            send(FXP["ATTRS"], request_id, fake_attrs(value) or attrs(5, stat.S_IFREG | 0o644))
        else:
            status(request_id, FAILURE, "bad handle")
    elif kind == FXP["READ"]:
        handle, offset = text_at(0)
        position, length = struct.unpack(">QI", body[offset:offset + 12])
        kind_, value = handles.get(handle.encode(), (None, None))
        if kind_ == "fake" and MODE == "zero-marker":
            send(FXP["DATA"], request_id, string(b"\0" * length))
        elif kind_ == "fake":
            data = b"hello"[position:position + length]
            send(FXP["DATA"], request_id, string(data)) if data else status(request_id, EOF, "EOF")
        elif kind_ == "file" and MODE == "lying-size":
            send(FXP["DATA"], request_id, string(b"x" * length))
        elif kind_ == "file" and MODE == "huge-packet" and (in_tree(value.name) or is_log(value.name)):
            stdout.write(struct.pack(">I", 0x7FFFFFF0) + bytes([FXP["DATA"]]) + struct.pack(">I", request_id))
            chunk = b"x" * 65536
            while True:
                stdout.write(chunk)
                stdout.flush()
        elif kind_ == "file" and MODE == "drip-log" and is_log(value.name):
            time.sleep(0.5)
            send(FXP["DATA"], request_id, string(b"x"))
        elif kind_ == "file":
            value.seek(position)
            data = value.read(length)
            send(FXP["DATA"], request_id, string(data)) if data else status(request_id, EOF, "EOF")
        else:
            status(request_id, FAILURE, "bad handle")
    elif kind == FXP["OPENDIR"]:
        path, _ = text_at(0)
        full = local(path)
        if (MODE in ("endless-tree", "wide-tree") and in_tree(full)) or os.path.isdir(full):
            send(FXP["HANDLE"], request_id, string(new_handle(("dir", [(".", attrs(0, stat.S_IFDIR | 0o755))] + listing(full)))))
        else:
            status(request_id, NO_SUCH_FILE, "No such folder")
    elif kind == FXP["READDIR"]:
        handle, _ = text_at(0)
        kind_, entries = handles.get(handle.encode(), (None, None))
        if kind_ != "dir":
            status(request_id, FAILURE, "bad handle")
        elif not entries:
            status(request_id, EOF, "EOF")
        else:
            batch, handles[handle.encode()] = entries[:100], ("dir", entries[100:])
            body = struct.pack(">I", len(batch)) + b"".join(string(n) + string(n) + a for n, a in batch)
            send(FXP["NAME"], request_id, body)
    elif kind == FXP["CLOSE"]:
        handle, _ = text_at(0)
        entry = handles.pop(handle.encode(), None)
        if entry and entry[0] == "file":
            entry[1].close()
        status(request_id, OK)
    else:
        status(request_id, UNSUPPORTED, "not supported by the stand-in")


def main():
    while True:
        (length,) = struct.unpack(">I", read_exact(4))
        packet = read_exact(length)
        kind = packet[0]
        if kind == FXP["INIT"]:
            send(FXP["VERSION"], None, struct.pack(">I", 3))
            continue
        (request_id,) = struct.unpack(">I", packet[1:5])
        handle_request(kind, request_id, packet[5:])


main()
