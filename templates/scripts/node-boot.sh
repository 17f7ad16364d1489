#!/bin/bash
# Boot script of every traas node: install the heat agents that run the job's software
# deployments, then reboot into them.
set -eux
rpm -q git || yum -y install git
if [ ! -d /opt/tripleo-repos ]; then
  git clone https://opendev.org/openstack/tripleo-repos /opt/tripleo-repos
  (cd /opt/tripleo-repos && python setup.py install)
fi
export HOME=/root
tripleo-repos current-tripleo
yum -y install python*-heat-agent* unbound
rm -f /etc/yum.repos.d/delorean*
systemctl daemon-reload
systemctl enable os-collect-config unbound
reboot
