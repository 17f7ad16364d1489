#!/usr/bin/env bash
# The local sandbox: the whole traas-ci flow without a cloud. Real Keystone and Heat
# (scripts/openstack-sandbox.sh) and a real sshd, all on 127.0.0.1; the node and job resources are
# stand-ins (templates/sandbox/), and a watcher starts the stand-in job once a stack's toci_job
# completes, so that traas-ci waits on a job it did not start, as on a cloud.
#
#   scripts/sandbox.sh up            start everything (installs Debian packages when missing, as root)
#   scripts/sandbox.sh demo [--fail] [-- RUN-OPTIONS]
#                                    up if needed, then `traas-ci run` end to end on a stand-in job that
#                                    passes (or fails); artifacts in ./traas-artifacts; exits as the job
#   scripts/sandbox.sh down          stop everything and remove the sandbox's folder
#   scripts/sandbox.sh status        say whether it runs
#   scripts/sandbox.sh sshd-stop | sshd-start | sshd-rekey
#                                    stop sshd and cut its connections, start it again, or start it
#                                    with a new host key (fault tests)
#   scripts/sandbox.sh env           print the run options the sandbox needs (one per line):
#                                    traas-ci run $(scripts/sandbox.sh env)
#
# Settings (environment): TRAAS_SANDBOX_DIR (default /tmp/traas-sandbox), TRAAS_SSH_PORT (2222),
# TRAAS_STANDIN_SECONDS (how long the stand-in job runs, default 20), and openstack-sandbox.sh's
# TRAAS_PG_PORT, TRAAS_KEYSTONE_PORT, TRAAS_HEAT_PORT, TRAAS_TOKEN_EXPIRATION.
set -Eeuo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export TRAAS_SANDBOX_DIR=${TRAAS_SANDBOX_DIR:-/tmp/traas-sandbox}
dir=$TRAAS_SANDBOX_DIR
ssh_port=${TRAAS_SSH_PORT:-2222}
ks_url="http://127.0.0.1:${TRAAS_KEYSTONE_PORT:-15000}/v3"
user=$(id -un)

log() { echo "sandbox: $*" >&2; }
die() { log "$*"; exit 1; }
trap 'log "failed at line $LINENO: $BASH_COMMAND (logs in $dir)"' ERR

running() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

install_sshd() {
  [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null && return
  [ "$(id -u)" -eq 0 ] || die "openssh-server missing: run as root, or install it with apt-get"
  log "installing openssh-server"
  # The package starts the system's sshd on port 22 when it can; the sandbox wants only its own.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-server openssh-client >/dev/null
  [ -z "$guard" ] || rm -f /usr/sbin/policy-rc.d
}

# The client key (traas-ci's --ssh-key) and the host key, made once per sandbox.
make_keys() {
  mkdir -p "$dir/ssh"
  chmod 700 "$dir/ssh"
  [ -f "$dir/ssh/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C traas-sandbox -f "$dir/ssh/id_ed25519"
  [ -f "$dir/ssh/host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C traas-sandbox-host -f "$dir/ssh/host_ed25519_key"
  cp "$dir/ssh/id_ed25519.pub" "$dir/ssh/authorized_keys"
}

start_sshd() {
  [ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd
  cat > "$dir/ssh/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $ssh_port
HostKey $dir/ssh/host_ed25519_key
PidFile $dir/ssh/sshd.pid
AuthorizedKeysFile $dir/ssh/authorized_keys
AllowUsers $user
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
CONF
  setsid nohup /usr/sbin/sshd -D -e -f "$dir/ssh/sshd_config" >>"$dir/sshd.log" 2>&1 &
  echo $! > "$dir/sshd.pid"
  local deadline=$((SECONDS + 20))
  until (exec 3<>"/dev/tcp/127.0.0.1/$ssh_port") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "sshd did not listen on 127.0.0.1:$ssh_port within 20 s; see $dir/sshd.log"
    sleep 0.2
  done
}

# Stops the listener and every connection it serves (each runs in its own session, as its child).
stop_sshd() {
  running sshd || return 0
  local pid
  pid=$(cat "$dir/sshd.pid")
  pkill -TERM -P "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { kill -KILL "$pid" 2>/dev/null || true; break; }
    sleep 0.1
  done
  rm -f "$dir/sshd.pid"
}

start_watcher() {
  setsid nohup python3 "$repo/scripts/sandbox/toci-watcher.py" "$dir" "$ks_url" "$repo" >>"$dir/watcher.log" 2>&1 &
  echo $! > "$dir/watcher.pid"
}

# The sandbox's own values for the stand-in templates, as an environment file.
write_parameters() {
  cat > "$dir/sandbox-parameters.yaml" <<YAML
parameter_defaults:
  sandbox_root: $dir
  sandbox_ssh_port: $ssh_port
  standin_seconds: ${TRAAS_STANDIN_SECONDS:-20}
YAML
}

up() {
  bash "$repo/scripts/openstack-sandbox.sh" up >/dev/null
  install_sshd
  make_keys
  running sshd || start_sshd
  running watcher || start_watcher
  write_parameters
  log "up: Keystone and Heat ($dir/clouds.yaml, cloud traas-sandbox), sshd on 127.0.0.1:$ssh_port, the stand-in job watcher"
}

down() {
  if running watcher; then kill -- "-$(cat "$dir/watcher.pid")" 2>/dev/null || true; fi
  stop_sshd
  # Stand-in jobs still running: each traas.sh leads its own session, and stops its job on SIGTERM.
  if [ -f "$dir/job-pids" ]; then
    while read -r pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done < "$dir/job-pids"
  fi
  bash "$repo/scripts/openstack-sandbox.sh" down
}

run_options() {
  printf '%s\n' -e "$repo/templates/traas-resource-registry.yaml" -e "$repo/templates/sandbox/sandbox-env.yaml" \
    -e "$dir/sandbox-parameters.yaml" --os-client-config-file "$dir/clouds.yaml" --os-cloud traas-sandbox \
    --ssh-user "$user" --ssh-key "$dir/ssh/id_ed25519" --known-hosts "$dir/known_hosts"
}

demo() {
  local outcome=pass
  while [ $# -gt 0 ]; do
    case "$1" in
      --fail) outcome=fail; shift ;;
      --) shift; break ;;
      *) die "demo: unknown option $1 (give --fail, or -- and options for traas-ci run)" ;;
    esac
  done
  up
  local options=()
  mapfile -t options < <(run_options)
  if [ "$outcome" = fail ]; then
    printf 'parameter_defaults:\n  standin_outcome: fail\n' > "$dir/demo-fail.yaml"
    options+=(-e "$dir/demo-fail.yaml")
  fi
  # The logs go to the sandbox's Swift, as a cloud with Swift would have them (give
  # -- --logs-swift-container NAME for another container).
  case " $* " in
    *" --logs-swift-container"*) ;;
    *) options+=(--logs-swift-container traas-demo-logs) ;;
  esac
  log "running traas-ci run against the sandbox (stand-in job: $outcome)"
  local status=0
  OS_CLIENT_CONFIG_FILE="$dir/clouds.yaml" dotnet run --project "$repo/src/Traas.Tool" -c Release -- \
    run -t "$repo/templates/traas.yaml" "${options[@]}" --out traas-artifacts "$@" || status=$?
  log "traas-ci run exited $status; artifacts in $(pwd)/traas-artifacts"
  local console
  console=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("console_url") or "")' \
    traas-artifacts/run-state.json 2>/dev/null || true)
  if [ -n "$console" ]; then
    log "console page (hosted on the sandbox's Swift): $console"
  else
    log "the console page was not hosted (see the warnings above); open $(pwd)/traas-artifacts/console.html"
  fi
  return "$status"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) if running sshd && running watcher && bash "$repo/scripts/openstack-sandbox.sh" status >/dev/null; then echo "up ($dir)"; else echo "down"; exit 1; fi ;;
  # The demo exits as the job did; a failing job is not an error of this script (no ERR trap).
  demo) shift; demo "$@" || exit $? ;;
  env) run_options ;;
  sshd-stop) stop_sshd ;;
  swift-object-stop | swift-object-start) bash "$repo/scripts/openstack-sandbox.sh" "$1" ;;
  sshd-start) running sshd || start_sshd ;;
  sshd-rekey)
    stop_sshd
    rm -f "$dir/ssh/host_ed25519_key" "$dir/ssh/host_ed25519_key.pub"
    make_keys
    start_sshd ;;
  *) echo "usage: $0 up|down|status|demo [--fail] [-- RUN-OPTIONS]|env|sshd-stop|sshd-start|sshd-rekey" >&2; exit 2 ;;
esac
