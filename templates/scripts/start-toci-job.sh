#!/bin/bash
# Run by Heat on the undercloud (as root): fetch traas and start traas.sh as centos, detached, so
# the deployment ends while the job goes on. Heat puts in TRAAS_REPO and TRAAS_BRANCH.
set -eux
rpm -q git || yum -y install git
su -l centos -c "rm -rf ~/traas && git clone --branch '$TRAAS_BRANCH' '$TRAAS_REPO' ~/traas"
su -l centos -c "mkdir -p ~/tripleo-root && setsid nohup ~/traas/templates/scripts/traas.sh </dev/null >/dev/null 2>&1 &"
exit 0
