#!/bin/bash
# traas.sh: on the undercloud, prepares the node as Zuul and nodepool prepared a tripleo-ci node,
# runs the tripleo-ci job ($TOCI_JOBTYPE, default multinode-1ctlr-featureset004) with
# toci_gate_test.sh, then collects its logs as Zuul's post playbook did. Everything goes to
# ~/tripleo-root/traas.log, as a CI job's console.
#
# Steps, in order:
#  1. clone tripleo-ci, tripleo-quickstart and tripleo-quickstart-extras into TRIPLEO_ROOT
#     (= TRAAS_ROOT) at their pinned refs (a branch, a tag or a commit ID);
#  2. apply CI_CHANGES, Gerrit changes to those three repos, in the order given;
#  3. check that toci_gate_test.sh (or TRAAS_TOCI_COMMAND) is there and can be run;
#  4. create the virtualenv toci and quickstart use ($WORKSPACE/.quickstart) and install the
#     checked-out extras into it, so that quickstart runs the changed extras, not a fresh copy;
#  5. write the nodepool files, as tripleo.sh --setup-nodepool-files did, and copy TRIPLEO_ROOT
#     and those files to the overcloud nodes (toci runs tripleo-ci's scripts there);
#  6. export what toci reads (TRIPLEO_ROOT, WORKSPACE, NODEPOOL_*, MTU, ...) and run it;
#  7. run $WORKSPACE/logs/collect_logs.sh when toci did not (it runs it itself only for two
#     nodepool providers, and leaves it to Zuul otherwise), within TRAAS_COLLECT_LOGS_TIMEOUT.
#
# Whatever way it ends (success, failure, configuration error, SIGINT, SIGTERM, SIGHUP):
# - the last log line is "exit N", and
# - ~/tripleo-root/traas.rc holds N, written atomically (a temporary file renamed into place), so
#   a reader never sees a partial status; traas-ci waits for this file.
# Start and end times go to traas.started and traas.ended (UTC, ISO 8601), and to the log.
#
# Exit status: toci's. 87 is a configuration error: the job cannot start as configured (a clone or
# a ref that fails, no toci_gate_test.sh, a CI_CHANGES entry that is malformed, missing or does not
# apply); the log then has exactly one line "traas: configuration error: WHAT: WHAT TO DO". 1 when
# preparing the node fails otherwise; 130, 143 and 129 on SIGINT, SIGTERM and SIGHUP.
#
# Settings (environment; toci-job.yaml writes the job's into /etc/profile.d/traas.sh):
# - what to clone: TRIPLEO_CI_REMOTE and TRIPLEO_CI_BRANCH, TRIPLEO_QUICKSTART_REMOTE and
#   TRIPLEO_QUICKSTART_REF, TRIPLEO_QUICKSTART_EXTRAS_REMOTE and TRIPLEO_QUICKSTART_EXTRAS_REF
#   (defaults: the opendev repos at the commits traas.yaml explains);
# - CI_CHANGES: project:change^project:change, where change is N (its current patchset) or N/P,
#   fetched from GERRIT_URL/project (default https://review.opendev.org);
# - PRIMARY_NODE_IP, SUB_NODE_IPS, TOCI_JOBTYPE, ZUUL_CHANGES, ZUUL_BRANCH, and NODEPOOL_PROVIDER
#   (traas), NODEPOOL_CLOUD (rax), NODEPOOL_REGION (dfw), NODEPOOL_AZ (empty), MTU (1400);
# - TRAAS_ROOT (~/tripleo-root); TRAAS_TOCI_COMMAND (default ./toci_gate_test.sh, run in the
#   tripleo-ci checkout);
# - TRAAS_SKIP_CLONE=1: the node is prepared already (the sandbox): no package installs, clones,
#   virtualenv or nodepool files, unless TRAAS_SETUP_VENV=1 or DO_SETUP_NODEPOOL_FILES=1 ask;
# - TRAAS_SETUP_VENV and DO_SETUP_NODEPOOL_FILES (1, or 0 with TRAAS_SKIP_CLONE=1),
#   TRAAS_NODEPOOL_DIR (/etc/nodepool here; overcloud nodes always get /etc/nodepool),
#   TRAAS_SYNC_SUBNODES (1), TRAAS_STACK_LINK (/opt/stack/new), TRAAS_COLLECT_LOGS_TIMEOUT (45m).
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

# shellcheck disable=SC2317 # only the traps call it
finish() {
  local status=$1
  trap - EXIT INT TERM HUP
  set +x
  # On a signal the job (or collect_logs.sh) may still run: stop it, and everything it started.
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
cd "$root" || exit 1

# Written by the toci_job deployment: node addresses, job type, refs, changes under test.
if [ -f /etc/profile.d/traas.sh ]; then
  # shellcheck disable=SC1091
  . /etc/profile.d/traas.sh
fi

# The pinned refs: traas.yaml's parameter descriptions and README say why these commits.
tripleo_ci_remote=${TRIPLEO_CI_REMOTE:-https://opendev.org/openstack/tripleo-ci}
tripleo_ci_ref=${TRIPLEO_CI_BRANCH:-769f1c27d85fece44a9ded1d5da3a11c8763d830}
quickstart_remote=${TRIPLEO_QUICKSTART_REMOTE:-https://opendev.org/openstack/tripleo-quickstart}
quickstart_ref=${TRIPLEO_QUICKSTART_REF:-01c5fd39f416ac99bb6d6bf45f4e2796ec8570b9}
extras_remote=${TRIPLEO_QUICKSTART_EXTRAS_REMOTE:-https://opendev.org/openstack/tripleo-quickstart-extras}
extras_ref=${TRIPLEO_QUICKSTART_EXTRAS_REF:-1f57aabbfaa993eb70f33c19a07a579bda912714}
gerrit_url=${GERRIT_URL:-https://review.opendev.org}

# Where toci looks for its clones, and where it puts its logs and the virtualenv.
export TRIPLEO_ROOT=$root WORKSPACE=$root/workspace
mkdir -p "$WORKSPACE"
prepare=1
[ "${TRAAS_SKIP_CLONE:-0}" != 1 ] || prepare=0
checkout=$root/tripleo-ci
nodepool_dir=${TRAAS_NODEPOOL_DIR:-/etc/nodepool}
job=

run() { # command...: logs it as bash's xtrace would, then runs it
  printf '+'
  printf ' %q' "$@"
  printf '\n'
  "$@"
}

capture() { # command...: as run, and its output (stdout and stderr) is also left in $output
  local status
  printf '+'
  printf ' %q' "$@"
  printf '\n'
  output=$("$@" 2>&1)
  status=$?
  [ -z "$output" ] || printf '%s\n' "$output"
  return "$status"
}

reason_of() { # git's output: the line that says why it failed, for a one-line message
  printf '%s\n' "$1" | grep -m 1 -E '^(fatal|error):' || printf '%s\n' "$1" | sed '/^[[:space:]]*$/d' | tail -n 1
}

# Never called inside $(...) or (...): its exit must end this shell, so that finish runs.
configuration_error() { # what is wrong: what to do (the words are joined by spaces)
  echo "traas: configuration error: $*"
  exit 87
}

failure() { # what failed
  echo "traas: $*"
  exit 1
}

as_root() { # command...: the CI user (centos) has passwordless sudo; root needs none
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_prerequisites() {
  # What the CentOS cloud image may lack; toci installs the rest itself. Nothing else has yum.
  command -v yum >/dev/null || return 0
  local packages=
  command -v git >/dev/null || packages="$packages git"
  command -v virtualenv >/dev/null || packages="$packages python-virtualenv"
  command -v rsync >/dev/null || packages="$packages rsync"
  [ -z "$packages" ] && return 0
  # shellcheck disable=SC2086 # one word per package
  run as_root yum -y install $packages || failure "cannot install$packages with yum"
}

clone() { # name, remote, ref, the parameter that sets the remote, the one that sets the ref
  local name=$1 remote=$2 ref=$3 remote_parameter=$4 ref_parameter=$5 dir=$root/$1 commit
  echo "traas: $name: $remote at $ref"
  rm -rf "$dir"
  run git init -q "$dir" || failure "cannot create a git repository in $dir"
  cd "$dir" || failure "cannot enter $dir"
  if capture git fetch -q "$remote" "$ref"; then
    commit=FETCH_HEAD
  else
    # A branch or tag failed, or a commit ID that this server or an older git (CentOS 7 has
    # 1.8.3) will not fetch by itself: fetch every branch and tag, then look for the ref here.
    capture git fetch -q "$remote" '+refs/heads/*:refs/remotes/origin/*' '+refs/tags/*:refs/tags/*' \
      || configuration_error "cannot fetch $name from $remote ($(reason_of "$output")):" \
        "set $remote_parameter to a git remote this node can reach"
    commit=$(git rev-parse -q --verify "refs/remotes/origin/$ref^{commit}" \
      || git rev-parse -q --verify "$ref^{commit}") \
      || configuration_error "$name has no ref $ref at $remote:" \
        "set $ref_parameter to a branch, tag or commit ID that $remote has"
  fi
  run git checkout -q "$commit" || failure "cannot check out $ref of $name in $dir"
  echo "traas: $name is at $(git rev-parse HEAD)"
  cd "$root" || exit 1
}

ref_of() { # checkout name: the ref it was cloned at, for messages
  case $1 in
    tripleo-ci) echo "$tripleo_ci_ref" ;;
    tripleo-quickstart) echo "$quickstart_ref" ;;
    *) echo "$extras_ref" ;;
  esac
}

apply_ci_changes() {
  local entries entry
  [ -n "${CI_CHANGES:-}" ] || return 0
  IFS='^' read -r -a entries <<<"$CI_CHANGES"
  for entry in "${entries[@]}"; do
    entry=${entry//[[:space:]]/}
    [ -z "$entry" ] || apply_change "$entry"
  done
  cd "$root" || exit 1
}

apply_change() { # project:N or project:N/P
  local entry=$1 project=${1%%:*} change=${1#*:} name number patchset prefix url conflicts reason
  [[ $entry == *:* && -n $project && $change =~ ^[0-9]+(/[0-9]+)?$ ]] \
    || configuration_error "CI_CHANGES entry '$entry' is not project:change:" \
      "write ci_changes as project:change^project:change, e.g. openstack/tripleo-ci:123456"
  name=${project##*/}
  case $name in
    tripleo-ci | tripleo-quickstart | tripleo-quickstart-extras) ;;
    *) configuration_error "CI_CHANGES entry '$entry' names $project, which traas does not clone:" \
      "use openstack/tripleo-ci, openstack/tripleo-quickstart or openstack/tripleo-quickstart-extras" ;;
  esac
  [ -d "$root/$name/.git" ] || configuration_error "CI_CHANGES entry '$entry' has no checkout of" \
    "$name in $root to go to: clone it (unset TRAAS_SKIP_CLONE) or leave the entry out"
  cd "$root/$name" || exit 1
  number=${change%%/*}
  patchset=
  [[ $change != */* ]] || patchset=${change#*/}
  url=${gerrit_url%/}/$project
  # Gerrit's change refs: refs/changes/<last two digits, zero-padded>/<change>/<patchset>.
  prefix=refs/changes/$(printf '%02d' $((10#$number % 100)))/$number
  if [ -z "$patchset" ]; then
    capture git ls-remote "$url" "$prefix/*" \
      || configuration_error "cannot list the changes of $project at $url ($(reason_of "$output")):" \
        "check the project's name in ci_changes, and gerrit_url"
    patchset=$(printf '%s\n' "$output" | sed -n "s|^[0-9a-f]*[[:space:]]*$prefix/\([0-9][0-9]*\)\$|\1|p" \
      | sort -n | tail -n 1)
    [ -n "$patchset" ] || configuration_error "change $number of $project not found at $url:" \
      "check ci_changes and gerrit_url"
  fi
  echo "traas: applying change $number of $project, patchset $patchset, from $url"
  capture git fetch -q "$url" "$prefix/$patchset" \
    || configuration_error "change $number of $project has no patchset $patchset at $url" \
      "($(reason_of "$output")): check ci_changes and gerrit_url"
  # The change's own commit on top of the pinned ref, as upstream traas applied its patch.
  if ! capture git -c user.name=traas -c user.email=traas@localhost \
    cherry-pick --allow-empty --keep-redundant-commits FETCH_HEAD; then
    conflicts=$(git diff --name-only --diff-filter=U | paste -s -d, - | sed 's/,/, /g')
    reason=${conflicts:+conflict in $conflicts}
    configuration_error "change $number of $project does not apply:" \
      "${reason:-$(reason_of "$output")} (patchset $patchset on $name at $(ref_of "$name")):" \
      "rebase it on that ref, or leave it out of ci_changes"
  fi
}

check_toci() {
  local command=${TRAAS_TOCI_COMMAND:-} program where
  if [ -z "$command" ]; then
    where=$checkout
    [ "$prepare" = 1 ] && where=$tripleo_ci_ref
    [ -f "$checkout/toci_gate_test.sh" ] || configuration_error "toci_gate_test.sh not found in" \
      "tripleo-ci at $where: set tripleo_ci_branch to a ref that has it"
    [ -x "$checkout/toci_gate_test.sh" ] || configuration_error "toci_gate_test.sh in tripleo-ci" \
      "at $where cannot be run (it is not executable): set tripleo_ci_branch to a ref that has it"
    return 0
  fi
  read -r program _ <<<"$command"
  # Only a plain first word is checked; a line that starts with shell syntax is left to bash.
  [[ $program =~ ^[A-Za-z0-9_./+-]+$ ]] || return 0
  if [ -d "$checkout" ]; then cd "$checkout" || exit 1; fi
  if [[ $program == */* ]]; then
    [ -f "$program" ] && [ -x "$program" ]
  else
    [ -n "$(type -t "$program")" ]
  fi || configuration_error "TRAAS_TOCI_COMMAND runs $program, which is not found or cannot be run:" \
    "set TRAAS_TOCI_COMMAND to a command that exists"
  cd "$root" || exit 1
}

setup_venv() {
  local venv=$WORKSPACE/.quickstart extras=$root/tripleo-quickstart-extras
  echo "traas: virtualenv $venv"
  if [ ! -x "$venv/bin/python" ]; then
    # virtualenv first: quickstart.sh --bootstrap runs it again over this folder, and on CentOS 7
    # that is python 2's; python3's venv only where there is no virtualenv.
    if command -v virtualenv >/dev/null; then
      run virtualenv "$venv"
    else
      run python3 -m venv "$venv"
    fi || failure "cannot create the virtualenv $venv"
  fi
  run "$venv/bin/python" -m pip install --upgrade pip || failure "cannot upgrade pip in $venv"
  if [ -f "$extras/setup.py" ] || [ -f "$extras/pyproject.toml" ]; then
    cd "$extras" || exit 1
    run "$venv/bin/python" -m pip install . || failure "cannot install $extras into $venv"
    cd "$root" || exit 1
  else
    echo "traas: no tripleo-quickstart-extras checkout to install into $venv"
  fi
}

setup_nodepool_files() {
  local ip link=${TRAAS_STACK_LINK:-/opt/stack/new}
  [ -n "${PRIMARY_NODE_IP:-}" ] || configuration_error "PRIMARY_NODE_IP is empty, and the nodepool" \
    "files need the undercloud's address: set it (toci-job.yaml sets it from undercloud_private_ip)"
  echo "traas: nodepool files in $nodepool_dir: primary $PRIMARY_NODE_IP, sub nodes ${SUB_NODE_IPS:-none}"
  { as_root mkdir -p "$nodepool_dir" && as_root chown -R "$(id -u):$(id -g)" "$nodepool_dir"; } \
    || failure "cannot create $nodepool_dir"
  if [ ! -f "$nodepool_dir/id_rsa" ]; then
    run ssh-keygen -q -N '' -t rsa -f "$nodepool_dir/id_rsa" || failure "cannot create $nodepool_dir/id_rsa"
    mkdir -p ~/.ssh && cat "$nodepool_dir/id_rsa.pub" >> ~/.ssh/authorized_keys
  fi
  # One address a line. On the primary node and node_private name the primary; each sub node
  # gets its own (sync_subnodes). No provider file: with one, toci sources /etc/ci/mirror_info.sh,
  # which only a nodepool node has (tripleo.sh stopped writing it for runs outside nodepool).
  printf '%s\n' "$PRIMARY_NODE_IP" > "$nodepool_dir/primary_node"
  printf '%s\n' "$PRIMARY_NODE_IP" > "$nodepool_dir/primary_node_private"
  : > "$nodepool_dir/sub_nodes"
  : > "$nodepool_dir/sub_nodes_private"
  for ip in ${SUB_NODE_IPS:-}; do
    printf '%s\n' "$ip" >> "$nodepool_dir/sub_nodes"
    printf '%s\n' "$ip" >> "$nodepool_dir/sub_nodes_private"
  done
  printf '%s\n' "$PRIMARY_NODE_IP" > "$nodepool_dir/node"
  printf '%s\n' "$PRIMARY_NODE_IP" > "$nodepool_dir/node_private"
  # tripleo-ci's multinode testenv names /opt/stack/new/tripleo-ci/..., the devstack-gate layout
  # of Zuul's nodes: there, TRIPLEO_ROOT was /opt/stack/new.
  if [ "$link" != "$root" ] && [ ! -e "$link" ] && [ ! -L "$link" ]; then
    { as_root mkdir -p "$(dirname "$link")" && run as_root ln -s "$root" "$link"; } \
      || failure "cannot link $link to $root"
  fi
}

sync_subnodes() {
  local ip options
  options="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
  options="$options -o PasswordAuthentication=no -o ConnectionAttempts=32 -i $nodepool_dir/id_rsa"
  for ip in ${SUB_NODE_IPS:-}; do
    echo "traas: copying $root and the nodepool files to $ip"
    # shellcheck disable=SC2086 # options are words
    { run ssh $options "$ip" "sudo mkdir -p '$root' && sudo chown -R \$(id -u):\$(id -g) '$root'" \
      && run rsync -a --exclude '/traas.*' -e "ssh $options" "$root/" "$ip:$root/" \
      && run rsync -a -e "ssh $options" "$nodepool_dir/" "$ip:nodepool/" \
      && run ssh $options "$ip" "sudo mkdir -p /etc/nodepool && sudo cp -r nodepool/. /etc/nodepool/ \
        && echo $ip | sudo tee /etc/nodepool/node /etc/nodepool/node_private >/dev/null \
        && sudo chown -R \$(id -u):\$(id -g) /etc/nodepool && cat nodepool/id_rsa.pub >> ~/.ssh/authorized_keys"
    } || failure "cannot prepare the overcloud node $ip (ssh or rsync failed, see above)"
  done
}

export_toci_environment() {
  export TOCI_JOBTYPE=${TOCI_JOBTYPE:-multinode-1ctlr-featureset004}
  export ZUUL_CHANGES=${ZUUL_CHANGES:-} CI_CHANGES=${CI_CHANGES:-}
  # As Zuul v3's legacy wrapper of tripleo-ci did.
  export ZUUL_BRANCH=${ZUUL_BRANCH:-master}
  # extras' build-test-packages fetches each ZUUL_CHANGES ref from ZUUL_URL/project; its default,
  # review.openstack.org, is gone.
  export ZUUL_URL=${ZUUL_URL:-$gerrit_url}
  # toci reads NODEPOOL_PROVIDER for its rdo-cloud-tripleo and tripleo-test-cloud-rh1 special
  # cases (their mirrors, their collect_logs.sh run): any other name takes the plain path. Its old
  # non-featureset path (toci_gate_test-orig.sh) reads NODEPOOL_CLOUD and NODEPOOL_REGION under
  # set -u: upstream traas set rax and dfw. NODEPOOL_AZ is only named, never read.
  export NODEPOOL_PROVIDER=${NODEPOOL_PROVIDER:-traas}
  export NODEPOOL_CLOUD=${NODEPOOL_CLOUD:-rax} NODEPOOL_REGION=${NODEPOOL_REGION:-dfw}
  export NODEPOOL_AZ=${NODEPOOL_AZ:-}
  # The overlay between the nodes runs inside the host cloud's tenant network (often 1450, itself
  # VXLAN): 50 bytes less. tripleo.sh reads MTU; the featureset path reads ansible's vxlan_mtu.
  export MTU=${MTU:-1400}
  export EXTRA_VARS="${EXTRA_VARS:+$EXTRA_VARS }--extra-vars vxlan_mtu=$MTU"
}

start_job() { # command...
  # In the background, in its own process group, so that a signal reaches the trap at once (bash
  # runs traps only after a foreground child ends) and finish can stop all it started.
  setsid "$@" &
  job=$!
  wait "$job"
}

collect_logs() {
  local script=$WORKSPACE/logs/collect_logs.sh limit=${TRAAS_COLLECT_LOGS_TIMEOUT:-45m} status
  if [ ! -f "$script" ]; then
    # toci renames the script once it ran it, so that Zuul's post playbook does not run it again.
    if [ -f "$WORKSPACE/logs/ovb_collect_logs.sh" ]; then
      echo "traas: toci ran collect_logs.sh itself (NODEPOOL_PROVIDER=$NODEPOOL_PROVIDER)"
    else
      echo "traas: the job left no $script: no logs to collect"
    fi
    return 0
  fi
  # Its ansible step has its own 40 minutes; the limit here also covers the copies after it.
  echo "traas: running $script (toci leaves it to Zuul's post playbook), for at most $limit"
  cd "${HOME:-$root}" || cd "$root" || exit 1
  printf '+ timeout %s bash %s\n' "$limit" "$script"
  start_job timeout --kill-after=60 "$limit" bash "$script"
  status=$?
  job=
  case $status in
    0) echo "traas: collect_logs.sh done" ;;
    124 | 137) echo "traas: collect_logs.sh stopped after $limit: some logs may be missing" ;;
    *) echo "traas: collect_logs.sh failed with status $status: some logs may be missing" ;;
  esac
}

if [ "$prepare" = 1 ]; then
  install_prerequisites
  clone tripleo-ci "$tripleo_ci_remote" "$tripleo_ci_ref" tripleo_ci_remote tripleo_ci_branch
  clone tripleo-quickstart "$quickstart_remote" "$quickstart_ref" \
    tripleo_quickstart_remote tripleo_quickstart_ref
  clone tripleo-quickstart-extras "$extras_remote" "$extras_ref" \
    tripleo_quickstart_extras_remote tripleo_quickstart_extras_ref
fi
apply_ci_changes
check_toci
[ "${TRAAS_SETUP_VENV:-$prepare}" != 1 ] || setup_venv
if [ "${DO_SETUP_NODEPOOL_FILES:-$prepare}" = 1 ]; then
  setup_nodepool_files
  [ "${TRAAS_SYNC_SUBNODES:-1}" != 1 ] || sync_subnodes
fi
export_toci_environment

if [ -d "$checkout" ]; then
  cd "$checkout" || exit 1
fi
command=${TRAAS_TOCI_COMMAND:-./toci_gate_test.sh}
echo "traas: running $command in $PWD"
start_job bash -c "$command"
status=$?
echo "traas: the job ended with status $status"
collect_logs
exit "$status"
