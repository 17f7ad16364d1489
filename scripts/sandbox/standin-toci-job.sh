#!/bin/bash
# Sandbox stand-in for toci_gate_test.sh (no tripleo job runs here): writes an ansible transcript
# of a multinode featureset004 job over time, then exits as the job would. traas.sh runs it (as
# TRAAS_TOCI_COMMAND), so the log, the exit marker and traas.rc are the real wrapper's.
#
# Settings: STANDIN_OUTCOME pass|fail|hang|infra-first (hang: the last task never ends; infra-first:
# the first attempt's stack cannot reach the package mirror, a later one passes), STANDIN_SECONDS (the
# whole run, default 20), TOCI_JOBTYPE, WORKSPACE (logs are left in $WORKSPACE/logs, as a job's are),
# STANDIN_PRINT (text printed midway, and left in a collected log: the tests print secrets with it),
# STANDIN_STACK (the job's stack name, as the sandbox's watcher gives it).
set -euo pipefail

outcome=${STANDIN_OUTCOME:-pass}
if [ "$outcome" = infra-first ]; then
  # traas-ci names a later attempt's stack NAME-attemptN.
  if [[ ${STANDIN_STACK:-} =~ -attempt[0-9]+-toci_job- ]]; then outcome=pass; else outcome=mirror-down; fi
fi
seconds=${STANDIN_SECONDS:-20}
jobtype=${TOCI_JOBTYPE:-multinode-1ctlr-featureset004}
logs=${WORKSPACE:-$PWD}/logs
started=$(date +%s)
# 21 tasks in all: each waits its share of the run.
pause=$(awk -v s="$seconds" 'BEGIN { printf "%.3f", s / 21 }')
elapsed=0

stamp() { # the profile_tasks line under each TASK banner
  local now
  now=$(date +%s)
  printf '%s (0:00:%02d.000)       0:%02d:%02d.000 ******\n' "$(date -u '+%A %d %B %Y  %H:%M:%S +0000')" \
    $(((now - started - elapsed) % 60)) $(((now - started) / 60)) $(((now - started) % 60))
  elapsed=$((now - started))
}

banner() { # text: pads it with stars to 80 columns, as ansible does
  local text="$1 " stars
  stars=$(printf "%*s" $((80 - ${#text} > 3 ? 80 - ${#text} : 3)) '' | tr ' ' '*')
  printf '%s%s\n' "$text" "$stars"
}

task() { # name, results...
  sleep "$pause"
  echo
  banner "TASK [$1]"
  stamp
  shift
  printf '%s\n' "$@"
}

play() { echo; banner "PLAY [$1]"; }

playbook() { echo; banner "PLAYBOOK: $1"; echo "1 plays in $1"; }

recap() { # rows...
  echo
  banner "PLAY RECAP"
  printf '%s\n' "$@"
  echo
}

mkdir -p "$logs/undercloud/var/log" "$logs/subnode-1/var/log"
echo "+ export TOCI_JOBTYPE=$jobtype"
echo "+ ./toci_gate_test.sh"
echo "+(./toci_quickstart.sh:89): main(): ansible-playbook -i hosts multinode-undercloud.yml"
echo "ansible-playbook 2.9.27"
echo "  config file = $HOME/tripleo-root/tripleo-quickstart/ansible.cfg"

playbook multinode-undercloud.yml
play "Prepare the nodes"
task "Gathering Facts" "ok: [undercloud]" "ok: [subnode-1]"
if [ "$outcome" = mirror-down ]; then
  # dnf's words when the repository's mirror does not answer: an infrastructure failure.
  task "repo-setup : Set up the delorean repositories" \
    'fatal: [undercloud]: FAILED! => {"changed": false, "msg": "Failed to download metadata for repo '"'delorean'"': Cannot download repomd.xml: Curl error (28): Timeout was reached for https://trunk.rdoproject.org/centos9-master/current-tripleo/repodata/repomd.xml [Connection timed out after 30001 milliseconds]", "rc": 1, "results": []}'
  echo
  banner "NO MORE HOSTS LEFT"
  recap "subnode-1                  : ok=1    changed=0    unreachable=0    failed=0    skipped=0" \
        "undercloud                 : ok=1    changed=0    unreachable=0    failed=1    skipped=0"
  exit 1
fi
task "repo-setup : Set up the delorean repositories" "changed: [undercloud]" "changed: [subnode-1]"
task "multinode-networking : Create the OVS bridge" "changed: [undercloud]" "changed: [subnode-1]"
task "validate-perf : Check the disk speed" "ok: [undercloud]" "skipping: [subnode-1]"
play "Install the undercloud"
task "undercloud-deploy : Write undercloud.conf" "changed: [undercloud]"
task "undercloud-deploy : Install the undercloud" "changed: [undercloud]"
echo "undercloud installed" > "$logs/undercloud/var/log/undercloud_install.log"
task "undercloud-deploy : Check the undercloud's services" "ok: [undercloud] => (item=keystone)" "ok: [undercloud] => (item=heat)" "ok: [undercloud] => (item=ironic)"
recap "subnode-1                  : ok=3    changed=2    unreachable=0    failed=0    skipped=1" \
      "undercloud                 : ok=7    changed=4    unreachable=0    failed=0    skipped=0"

if [ -n "${STANDIN_PRINT:-}" ]; then
  printf '%s\n' "$STANDIN_PRINT"
  printf '%s\n' "$STANDIN_PRINT" > "$logs/undercloud/var/log/standin-print.log"
fi
echo "+(./toci_quickstart.sh:112): main(): ansible-playbook -i hosts multinode-overcloud.yml"
playbook multinode-overcloud.yml
play "Deploy the overcloud"
task "overcloud-prep-containers : Prepare the container images" "changed: [undercloud]"
task "overcloud-prep-config : Write the deployment environment" "changed: [undercloud]"
task "overcloud-deploy : Deploy the overcloud" "changed: [undercloud]"
if [ "$outcome" = fail ]; then
  task "overcloud-deploy : Check the overcloud deployment" \
    'fatal: [undercloud]: FAILED! => {"changed": true, "cmd": "openstack stack show overcloud -f value -c stack_status", "msg": "non-zero return code", "rc": 1, "stdout": "CREATE_FAILED"}'
  echo "Deployment failed: ControllerDeployment_Step3 is CREATE_FAILED" > "$logs/undercloud/var/log/overcloud_deploy.log"
  echo
  banner "NO MORE HOSTS LEFT"
  recap "undercloud                 : ok=3    changed=3    unreachable=0    failed=1    skipped=0"
  exit 1
fi
if [ "$outcome" = hang ]; then
  sleep "$pause"
  echo
  banner "TASK [overcloud-deploy : Check the overcloud deployment]"
  stamp
  while :; do sleep 1; done
fi
task "overcloud-deploy : Check the overcloud deployment" "ok: [undercloud]"
echo "Stack overcloud CREATE_COMPLETE" > "$logs/undercloud/var/log/overcloud_deploy.log"
play "Validate the overcloud"
for check in "Ping the controller" "Create a network" "Boot a server" "Attach a volume" "Delete the server" \
             "List the services" "Check pacemaker" "Check the containers" "Collect the logs"; do
  task "validate-simple : $check" "ok: [undercloud]"
done
task "validate-simple : Report" "ok: [undercloud] => {" '    "msg": "All checks passed"' "}"
recap "undercloud                 : ok=14   changed=3    unreachable=0    failed=0    skipped=0"
echo "subnode logs" > "$logs/subnode-1/var/log/messages"
