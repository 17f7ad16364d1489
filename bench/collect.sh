#!/usr/bin/env bash
# Collect against scp, sftp and rsync: builds a tree of 2,000 files (about 300 MiB, shaped like a
# TripleO job's logs) in a temporary folder, starts an sshd of its own on 127.0.0.1, and copies the
# tree with `traas-ci collect --state`, `scp -r`, `sftp -r` (batch mode) and `rsync -a -e ssh`, the
# same sshd and key for all, RUNS times each. Prints each run and the table (median seconds, MB/s,
# client CPU seconds); every copy is checked byte for byte against the tree.
#
#   bench/collect.sh [RUNS] [ONLY]    (RUNS default 5; ONLY: collect, scp, sftp or rsync)
#
# Environment: TRAAS_BENCH_SSH_PORT (22377), TRAAS_BENCH_FILES (2000), TRAAS_BENCH_MIB (300),
# TRAAS_BENCH_GZIP (1: the text files gzip-compressed, as collect-logs leaves them; see collect_tree.py).
# Installs rsync and openssh-client/-server with apt-get when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
only=${2:-}
port=${TRAAS_BENCH_SSH_PORT:-22377}

missing=()
command -v rsync >/dev/null || missing+=(rsync)
command -v scp >/dev/null && command -v sftp >/dev/null || missing+=(openssh-client)
[ -x /usr/sbin/sshd ] && [ -x /usr/lib/openssh/sftp-server ] || missing+=(openssh-server openssh-sftp-server)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "bench/collect.sh: install ${missing[*]} first (or run as root)" >&2; exit 2; }
  apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
fi

mkdir -p .bench
dotnet build -c Release src/Traas.Tool -o .bench/tool --nologo -v quiet >/dev/null

work=$(mktemp -d /tmp/traas-bench-collect.XXXXXX)
cleanup() {
  if [ -s "$work/sshd.pid" ]; then kill "$(cat "$work/sshd.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/root"
python3 bench/collect_tree.py "$work/root/tree" "${TRAAS_BENCH_FILES:-2000}" "${TRAAS_BENCH_MIB:-300}"
printf 'PLAY RECAP ***\nundercloud : ok=1 changed=0 unreachable=0 failed=0\n' > "$work/root/traas.log"
echo 0 > "$work/root/traas.rc"

ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
cp "$work/id_ed25519.pub" "$work/authorized_keys"
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/host_key.pub")" > "$work/known_hosts"
mkdir -p /run/sshd
cat > "$work/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $work/host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
AllowUsers $(id -un)
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
/usr/sbin/sshd -f "$work/sshd_config" -E "$work/sshd.log"
for _ in $(seq 50); do
  ssh -p "$port" -i "$work/id_ed25519" -o UserKnownHostsFile="$work/known_hosts" -o BatchMode=yes \
    "$(id -un)@127.0.0.1" true 2>/dev/null && break
  sleep 0.2
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), loopback"
python3 bench/collect_bench.py "$work" "$port" "$runs" .bench/tool/traas-ci.dll ${only:+"$only"}
