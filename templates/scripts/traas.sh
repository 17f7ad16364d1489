#!/bin/bash
# traas.sh: runs the tripleo-ci job ($TOCI_JOBTYPE, default multinode-1ctlr-featureset004) on the
# undercloud and logs everything to ~/tripleo-root/traas.log, as a CI job's console.
#
# In addition to the log, whatever way it ends (success, failure, SIGINT, SIGTERM, SIGHUP):
# - the last log line is "exit N", and
# - ~/tripleo-root/traas.rc holds N, written atomically (a temporary file renamed into place), so
#   a reader never sees a partial status; traas-ci waits for this file.
# Start and end times go to traas.started and traas.ended (UTC, ISO 8601), and to the log.
#
# Settings: TRAAS_ROOT (default ~/tripleo-root); TRAAS_TOCI_COMMAND (default ./toci_gate_test.sh,
# run in the tripleo-ci checkout); TRAAS_SKIP_CLONE=1 to use an existing checkout (or none).
set -uo pipefail

root=${TRAAS_ROOT:-$HOME/tripleo-root}
log=$root/traas.log
mkdir -p "$root"
rm -f "$root/traas.rc" "$root/traas.ended"

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

write_atomically() { # file, content
  local temporary
  temporary=$(mktemp "$1.XXXXXX") && printf '%s\n' "$2" > "$temporary" && mv -f "$temporary" "$1"
}

finish() {
  local status=$1
  trap - EXIT INT TERM HUP
  set +x
  # On a signal the job may still run: stop it, and everything it started.
  if [ -n "${job:-}" ] && kill -0 "$job" 2>/dev/null; then
    kill -TERM -- "-$job" 2>/dev/null || kill -TERM "$job" 2>/dev/null || true
  fi
  local ended
  ended=$(now)
  write_atomically "$root/traas.ended" "$ended"
  echo "traas: ended $ended"
  echo "exit $status"
  write_atomically "$root/traas.rc" "$status"
  exit "$status"
}

exec >>"$log" 2>&1
started=$(now)
write_atomically "$root/traas.started" "$started"
echo "traas: started $started"
trap 'finish $?' EXIT
trap 'finish 130' INT
trap 'finish 143' TERM
trap 'finish 129' HUP

# Written by the toci_job deployment: node addresses, job type, changes under test.
if [ -f /etc/profile.d/traas.sh ]; then
  # shellcheck disable=SC1091
  . /etc/profile.d/traas.sh
fi
export TOCI_JOBTYPE=${TOCI_JOBTYPE:-multinode-1ctlr-featureset004}
export ZUUL_CHANGES=${ZUUL_CHANGES:-}
export WORKSPACE=$root/workspace
mkdir -p "$WORKSPACE"
set -x

checkout=$root/tripleo-ci
if [ "${TRAAS_SKIP_CLONE:-0}" != 1 ]; then
  rm -rf "$checkout"
  git clone --branch "${TRIPLEO_CI_BRANCH:-master}" "${TRIPLEO_CI_REMOTE:-https://opendev.org/openstack/tripleo-ci}" "$checkout"
fi
if [ -d "$checkout" ]; then
  cd "$checkout" || exit 1
fi
# In the background, in its own process group, so that a signal reaches the trap at once (bash
# runs traps only after a foreground child ends) and finish can stop the whole job.
setsid bash -c "${TRAAS_TOCI_COMMAND:-./toci_gate_test.sh}" &
job=$!
wait "$job"
